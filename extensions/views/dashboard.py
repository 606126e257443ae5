"""The dashboard on the home page: how many actions each section holds, how many
are due by each meeting, and who owns them, as numbers and as bar charts (inline
SVG: no script, readable on a slow connection and by a screen reader)."""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from sphinx.application import Sphinx

from ..badges import badge
from ..interface import _, n_
from ..plan import Plan, short_name
from ..render import bar, need_link, paragraph, table
from . import view


@view("dashboard")
def dashboard(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    actions = plan.actions
    total = len(actions)
    indicators = sum(1 for i in plan.of_type("indicator") if i["status"] != "retired")
    ended = len(plan.placed_actions) - total
    text = _("{total} actions in {sections} sections, measured by {indicators} indicators, implementing "
             "{covered} of the Convention's {articles} articles").format(
        total=total, sections=len(plan.plan_sections), indicators=indicators, covered=covered_articles(plan),
        articles=len(plan.articles))
    if ended:
        text += " " + _("({ended} earlier actions retired or superseded, listed under Releases)").format(ended=ended)
    summary = paragraph(text + ".", classes=["plan-dashboard-summary"])

    by_section = []
    for section in plan.plan_sections:
        count = len(plan.actions_in(section))
        year_one = sum(1 for a in plan.actions_in(section) if plan.horizon_of(a) == plan.horizons[0])
        status = section["contribution_status"]
        by_section.append([need_link(app, doc, section, short_name(section)), str(count),
                           bar(count, total, of_actions(count, total)), str(year_one), str(count - year_one),
                           paragraph(badge(status)) if status else "—"])

    due = Counter(plan.horizon_of(a)["id"] for a in actions)
    by_horizon = [[need_link(app, doc, m, short_name(m)), m["dates"], str(due[m["id"]]),
                   bar(due[m["id"]], total, of_actions(due[m["id"]], total))]
                  for m in plan.horizons]

    owned = Counter(o["id"] for a in actions for o in plan.linked(a, "owner"))
    top = max(owned.values(), default=0)
    by_owner = [[need_link(app, doc, plan.needs[o], plan.needs[o]["title"]), str(n),
                 bar(n, top, n_("{n} action", "{n} actions", n).format(n=n))]
                for o, n in sorted(owned.items(), key=lambda item: (-item[1], plan.needs[item[0]]["title"]))]

    return [
        summary,
        table([_("Section"), _("Actions"), _("Share"),
               _("Due by {meeting}").format(meeting=short_name(plan.horizons[0])), _("Due later"),
               _("Friends' contribution")],
              by_section, caption=_("Actions by section"), classes=["plan-dashboard"], numeric=[1, 3, 4]),
        table([_("Due by"), _("Dates"), _("Actions"), _("Share")], by_horizon,
              caption=_("Actions by horizon"), classes=["plan-dashboard"], numeric=[2]),
        table([_("Owner"), _("Actions"), _("Share")], by_owner,
              caption=_("Actions by owner (an action with several owners counts for each)"),
              classes=["plan-dashboard"], numeric=[1]),
    ]


def of_actions(count: int, total: int) -> str:
    return _("{n} of {total} actions").format(n=count, total=total)


def covered_articles(plan: Plan) -> int:
    return sum(1 for a in plan.articles if plan.linked(a, "article_back"))
