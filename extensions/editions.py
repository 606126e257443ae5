"""Editions of the plan. The default, "full", is the one + four year plan. The
"one-year" edition (``make html EDITION=one-year``) holds only the actions due by
the first horizon, the Second Meeting of States Parties, with their indicators:
the short plan the outline weighs, including the first-year steps that prepare
the longer plan.

The edition is chosen with ``-D plan_edition=one-year``. Later actions are taken
out of the plan once every page is read, before anything is checked or written,
so every view, check and export of that edition sees the one-year plan only."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx_needs.api import del_need
from sphinx_needs.nodes import Need as NeedNode
# not re-exported by sphinx-needs: tests/test_editions.py pins what it is used for
from sphinx_needs.roles.need_ref import NeedRef

from .interface import N_, _
from .plan import ADOPTING_MEETING

EDITIONS = {
    "full": "",
    "one-year": N_("One-year edition: only the actions due by the Second Meeting of States Parties "
                   "(2011), including the first-year steps that prepare the longer plan."),
}
#: Plan rules that apply to the full plan only. A one-year plan is, as the outline
#: puts it, "short with a few selected concrete actions": it need not serve every article.
FULL_PLAN_RULES = {"article_coverage"}
#: The authored links that can point at an action the edition takes out.
LINKS_TO_ACTIONS = ("measures", "follows", "superseded_by", "action")


def check_edition(app: Sphinx, config: Config) -> None:
    edition = config.plan_edition
    if edition not in EDITIONS:
        raise ConfigError(f"plan_edition {edition!r}: the editions are {', '.join(EDITIONS)}")
    if edition != "full":
        config.version = config.release = f"{config.version}-{edition}"
        config.html_title = f"{config.html_title} ({edition} edition)"
        config.html_theme_options = {**config.html_theme_options, "announcement": _(EDITIONS[edition])}


def take_out_later_actions(app: Sphinx, needs: MutableMapping[str, Any]) -> None:
    """Before sphinx-needs resolves links (its public needs-before-post-processing
    event), remove the later actions with its public ``del_need``."""
    if app.config.plan_edition != "one-year":
        return
    meetings = sorted((n for n in needs.values() if n["type"] == "meeting"), key=lambda m: int(m["sequence"]))
    first_horizon = next(m["id"] for m in meetings if int(m["sequence"]) > ADOPTING_MEETING)
    later = {i for i, n in needs.items() if n["type"] == "action" and n["horizon"] != [first_horizon]}
    # what only measures or records later actions goes with them
    dependent = {i for i, n in needs.items()
                 if (n["type"] == "indicator" and n["measures"] and set(n["measures"]) <= later)
                 or (n["type"] == "progress" and n["action"] and set(n["action"]) <= later)}
    removed = later | dependent
    for need_id in sorted(removed):
        del_need(app, need_id)
    # what stays no longer points at what was taken out
    for need in needs.values():
        for field in LINKS_TO_ACTIONS:
            if need.get(field) and set(need[field]) & removed:
                need[field] = [target for target in need[field] if target not in removed]
    app.env.plan_edition_removed = removed


def removed_by_edition(env: BuildEnvironment) -> set[str]:
    """The IDs the edition took out (none in the full edition)."""
    return getattr(env, "plan_edition_removed", set())


def drop_removed_nodes(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Take the edition's removed needs off the page. A mention of one in the prose
    ({need}`ICA_04`) stays as its ID, marked as a step of the full plan, unlinked."""
    removed = removed_by_edition(app.env)
    if removed:
        for node in list(doctree.findall(NeedNode)):
            if node["ids"] and node["ids"][0] in removed:
                node.parent.remove(node)
        for ref in list(doctree.findall(NeedRef)):
            if ref["need_link"].id in removed:
                ref.replace_self(nodes.inline("", ref.astext(), classes=["plan-full-plan-only"]))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("plan_edition", "full", "env", types=[str])
    app.connect("config-inited", check_edition)
    app.connect("needs-before-post-processing", take_out_later_actions)
    # before the traces (400) and sphinx-needs (500) look the needs up
    app.connect("doctree-resolved", drop_removed_nodes, priority=300)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
