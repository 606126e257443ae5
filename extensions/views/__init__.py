"""Computed views of the plan, placed in a page with one line::

    ```{plan-view} matrix
    ```

The directive leaves a placeholder; once every need is read and linked, the
placeholder is replaced by what the view's function builds from the needs. Each
view lives in a module of this package and registers itself with :func:`view`.
Nothing in a view is typed by hand: it is all computed at build time."""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..plan import Plan

logger = logging.getLogger(__name__)

View = Callable[[Sphinx, str, Plan], list[nodes.Node]]
VIEWS: dict[str, View] = {}


def view(name: str) -> Callable[[View], View]:
    """Register a view under the name the directive takes."""

    def register(function: View) -> View:
        VIEWS[name] = function
        return function

    return register


class plan_view(nodes.General, nodes.Element):
    """Where a computed view goes."""


class PlanViewDirective(SphinxDirective):
    """``{plan-view} <name>``: a computed view of the plan."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in VIEWS:
            raise self.error(f"unknown plan view {name!r}; the views are: {', '.join(sorted(VIEWS))}")
        node = plan_view(view=name)
        self.set_source_info(node)
        return [node]


def fill_views(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    placeholders = list(doctree.findall(plan_view))
    if not placeholders:
        return
    plan = Plan.of(app)
    for node in placeholders:
        container = nodes.container(classes=["plan-view", f"plan-view-{node['view']}"])
        container += VIEWS[node["view"]](app, fromdocname, plan)
        node.replace_self(container)


def setup(app: Sphinx) -> dict[str, object]:
    from . import coverage, dashboard, diagrams, downloads, matrix, releases  # noqa: F401  (views register on import)

    app.add_node(plan_view)
    app.add_directive("plan-view", PlanViewDirective)
    # before sphinx-needs (500), so that a view may hold need references of its own
    app.connect("doctree-resolved", fill_views, priority=450)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
