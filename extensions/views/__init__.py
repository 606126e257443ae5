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
from sphinx.util.docutils import SphinxDirective

from ..plan import Plan
from ..rulebook import declare, report

VIEW_ARGUMENT = declare(
    "plan.view", "A view that takes an argument names an object of the kind it shows: "
    "'{plan-view} progress-report MSP_2' a meeting, '{plan-view} sequencing SEC_UNI' a section.",
    "write the ID the message gives as an example, or another of the same kind.", "extensions/views/__init__.py")

View = Callable[..., list[nodes.Node]]
VIEWS: dict[str, View] = {}
#: The views that take an argument, e.g. ``{plan-view} progress-report MSP_2``.
WITH_ARGUMENT: set[str] = set()
#: What each view shows of the plan, for the pages an edit writes again
#: (extensions/dependencies.py): "plan" (anything), "argument" (the need its argument
#: names and the needs around it, two links away), "catalogs" (no need, but the
#: translation catalogs of every language), "nothing" (no need).
SHOWS: dict[str, str] = {}


def view(name: str, argument: bool = False, shows: str = "plan") -> Callable[[View], View]:
    """Register a view under the name the directive takes; with ``argument``, the
    directive's second word is passed to it as ``argument``. ``shows``: see SHOWS."""
    assert shows in ("plan", "argument", "catalogs", "nothing") and (shows != "argument" or argument), name

    def register(function: View) -> View:
        VIEWS[name] = function
        SHOWS[name] = shows
        if argument:
            WITH_ARGUMENT.add(name)
        return function

    return register


class plan_view(nodes.General, nodes.Element):
    """Where a computed view goes."""


class PlanViewDirective(SphinxDirective):
    """``{plan-view} <name>``: a computed view of the plan."""

    required_arguments = 1
    optional_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in VIEWS:
            raise self.error(f"unknown plan view {name!r}; the views are: {', '.join(sorted(VIEWS))}")
        if (len(self.arguments) == 2) != (name in WITH_ARGUMENT):
            raise self.error(f"the plan view {name!r} takes {'one argument' if name in WITH_ARGUMENT else 'no argument'}")
        node = plan_view(view=name, argument=self.arguments[1] if len(self.arguments) == 2 else "")
        self.set_source_info(node)
        return [node]


def argument_need(plan: Plan, view_name: str, argument: str, need_type: str, example: str,
                  location: nodes.Node) -> dict | None:
    """The need a view's argument names, if it is of ``need_type``; else a warning at
    the directive's file and line, giving the form to write."""
    need = plan.needs.get(argument)
    if need is None or need["type"] != need_type:
        report(VIEW_ARGUMENT, location, f"{view_name} {argument!r}",
               f"not a {need_type} ID. Write it as '{{plan-view}} {view_name} {example}'.")
        return None
    return need


def fill_views(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    placeholders = list(doctree.findall(plan_view))
    if not placeholders:
        return
    plan = Plan.of(app)
    for node in placeholders:
        container = nodes.container(classes=["plan-view", f"plan-view-{node['view']}"])
        make = VIEWS[node["view"]]
        if node["view"] in WITH_ARGUMENT:
            container += make(app, fromdocname, plan, argument=node["argument"], location=node)
        else:
            container += make(app, fromdocname, plan)
        node.replace_self(container)


def setup(app: Sphinx) -> dict[str, object]:
    from . import (  # noqa: F401
        coverage, dashboard, diagrams, downloads, matrix, monitoring, releases, rules, translations)

    app.add_node(plan_view)
    app.add_directive("plan-view", PlanViewDirective)
    # before sphinx-needs (500), so that a view may hold need references of its own
    app.connect("doctree-resolved", fill_views, priority=450)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
