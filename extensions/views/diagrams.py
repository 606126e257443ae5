"""Mermaid diagrams computed from the needs: the timeline of meetings with the
actions due at each, and per section the graph of sequenced steps (``follows``),
whose nodes link to the actions. Each diagram is followed by the same facts as
text, for screen readers and for readers without JavaScript.

A section's graph is drawn at its own size (14 px text), never shrunk to the
width of the column, where its text would be a few pixels high: it sits in a box
that scrolls sideways when the graph is wider than the screen, so that each step
is readable without zooming on a desktop and on a phone alike."""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinxcontrib.mermaid import mermaid

from ..interface import _
from ..plan import ADOPTING_MEETING, Need, Plan, short_name
from ..render import joined, need_link, need_uri, table
from . import argument_need, view


#: A section graph's own mermaid configuration (its frontmatter): drawn at its
#: natural size rather than scaled down to the column's width (``useMaxWidth``);
#: text a little smaller than the page's, labels wrapped narrow and tight spacing,
#: so that less of the graph lies beyond the screen's edge.
NATURAL_SIZE = """---
config:
  flowchart:
    useMaxWidth: false
    wrappingWidth: 130
    nodeSpacing: 15
    rankSpacing: 30
    padding: 10
  themeVariables:
    fontSize: 14px
---
"""
#: Characters a mermaid label cannot hold as they are, and mermaid's codes for them.
MERMAID_CODES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", ":": "#58;", ";": "#59;"}


def diagram(code: str, label: str) -> nodes.container:
    box = nodes.container(classes=["plan-diagram"])
    box += mermaid(code=code, options={}, alt=label)
    return box


def scrolling_diagram(code: str, label: str) -> list[nodes.Node]:
    """A diagram at its natural size in a box that scrolls sideways (the page itself
    never does). The box is a labelled region that takes the keyboard focus, so
    that it can be scrolled without a mouse."""
    opening = (f'<div class="plan-diagram plan-diagram-natural" tabindex="0" role="region" '
               f'aria-label="{escape(label)}">')
    return [nodes.raw("", opening, format="html"),
            mermaid(code=NATURAL_SIZE + code, options={}, alt=label),
            nodes.raw("", "</div>", format="html")]


def mermaid_text(text: str, limit: int = 60) -> str:
    """Text safe inside a mermaid label: no quotes or brackets, at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    # in one pass: the ";" of a code put in for ":" is not itself replaced
    return re.sub("[\"<>:;]", lambda match: MERMAID_CODES[match.group()], text)


@view("timeline")
def meeting_timeline(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    lines = ["timeline", "    title " + mermaid_text(_("Actions due at each meeting"))]
    rows = []
    for meeting in plan.meetings:
        due = plan.linked(meeting, "horizon_back")
        period = mermaid_text(f"{short_name(meeting)} {meeting['place'].split(',')[0]}, {meeting['dates']}")
        if int(meeting["sequence"]) == ADOPTING_MEETING:
            events = [mermaid_text(_("Plan adopted"))]
        else:
            by_section: dict[str, list[str]] = defaultdict(list)
            for action in due:
                by_section[plan.section_of(action)["code"]].append(action["id"])  # placed actions only
            events = [f"{code} {len(ids)}#59; {' '.join(ids)}" for code, ids in by_section.items()] or [mermaid_text(_("nothing due"))]
        lines.append(f"    {period} : " + " : ".join(events))
        rows.append([need_link(app, doc, meeting, short_name(meeting)), meeting["place"], meeting["dates"],
                     str(len(due)), joined(need_link(app, doc, a) for a in due) or "—"])
    return [diagram("\n".join(lines), _("Timeline of the meetings and the actions due at each")),
            table([_("Meeting"), _("Place"), _("Dates"), _("Actions due"), _("Actions")], rows,
                  classes=["plan-timeline-table"], numeric=[3])]


@view("sequencing", argument=True, shows="argument")
def sequencing_graph(app: Sphinx, doc: str, plan: Plan, argument: str, location: nodes.Node) -> list[nodes.Node]:
    """One section's graph of steps (one page per section keeps each graph readable
    and each page light), then the same sequence as a table."""
    section = argument_need(plan, "sequencing", argument, "section", "SEC_UNI", location)
    if section is None:
        return []
    actions = plan.actions_in(section)
    if not actions:
        return [nodes.paragraph("", _("This section has no action yet."))]
    rows = [[need_link(app, doc, a), a["title"], short_name(plan.horizon_of(a)),
             joined(need_link(app, doc, f) for f in plan.linked(a, "follows")) or "— " + _("(a first step)")]
            for a in actions]
    return [*scrolling_diagram(section_graph(app, doc, plan, actions),
                               _("Sequence of the steps of section {number}").format(number=section["number"])),
            table([_("Action"), _("Title"), _("Due by"), _("Follows")], rows, classes=["plan-sequence-table"])]


def section_graph(app: Sphinx, doc: str, plan: Plan, actions: list[Need]) -> str:
    """A left-to-right graph of the section's actions in columns by horizon, the
    columns in the order of the meetings."""
    lines = ["flowchart LR"]
    groups = []
    for meeting in plan.horizons:
        due = [a for a in actions if plan.horizon_of(a) == meeting]
        if not due:
            continue
        # subgraph ids named after the section and meeting, never a bare meeting ID
        group = f'{plan.section_id(due[0])}_{meeting["id"]}'
        groups.append(group)
        due_by = mermaid_text(_("Due by {meeting}").format(meeting=short_name(meeting)))
        lines.append(f'    subgraph {group}["{due_by}"]')
        for action in due:
            lines.append(f'        {action["id"]}["{action["id"]}<br/>{mermaid_text(action["title"])}"]')
        lines.append("    end")
    # unseen links from each column to the next keep the columns in the meetings' order
    # (without them a column of steps that follow early ones is drawn too far left)
    for before, after in zip(groups, groups[1:]):
        lines.append(f"    {before} ~~~ {after}")
    for action in actions:
        for earlier in plan.linked(action, "follows"):
            lines.append(f"    {earlier['id']} --> {action['id']}")
    for action in actions:
        lines.append(f'    click {action["id"]} href "{need_uri(app, doc, action)}" "{mermaid_text(action["title"])}"')
    return "\n".join(lines)
