"""Mermaid diagrams computed from the needs: the timeline of meetings with the
actions due at each, and per section the graph of sequenced steps (``follows``),
whose nodes link to the actions. Each diagram is followed by the same facts as
text, for screen readers and for readers without JavaScript."""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes
from sphinx.application import Sphinx
from sphinxcontrib.mermaid import mermaid

from ..plan import Need, Plan, short_name
from ..render import joined, need_link, need_uri, table
from . import argument_need, view


def diagram(code: str, label: str) -> nodes.container:
    box = nodes.container(classes=["plan-diagram"])
    box += mermaid(code=code, options={}, alt=label)
    return box


def mermaid_text(text: str, limit: int = 60) -> str:
    """Text safe inside a mermaid label: no quotes or brackets, at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    for char, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), (":", "#58;"), (";", "#59;")):
        text = text.replace(char, code)
    return text


@view("timeline")
def meeting_timeline(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    lines = ["timeline", "    title Actions due at each meeting"]
    rows = []
    for meeting in plan.meetings:
        due = plan.linked(meeting, "horizon_back")
        period = mermaid_text(f"{short_name(meeting)} {meeting['place'].split(',')[0]}, {meeting['dates']}")
        if int(meeting["sequence"]) == 1:
            events = ["Plan adopted"]
        else:
            by_section: dict[str, list[str]] = defaultdict(list)
            for action in due:
                by_section[plan.section_of(action)["code"]].append(action["id"])  # placed actions only
            events = [f"{code} {len(ids)}#59; {' '.join(ids)}" for code, ids in by_section.items()] or ["nothing due"]
        lines.append(f"    {period} : " + " : ".join(events))
        rows.append([need_link(app, doc, meeting, short_name(meeting)), meeting["place"], meeting["dates"],
                     str(len(due)), joined(need_link(app, doc, a) for a in due) or "—"])
    return [diagram("\n".join(lines), "Timeline of the meetings and the actions due at each"),
            table(["Meeting", "Place", "Dates", "Actions due", "Actions"], rows,
                  classes=["plan-timeline-table"], numeric=[3])]


@view("sequencing", argument=True)
def sequencing_graph(app: Sphinx, doc: str, plan: Plan, argument: str, location: nodes.Node) -> list[nodes.Node]:
    """One section's graph of steps (one page per section keeps each graph readable
    and each page light), then the same sequence as a table."""
    section = argument_need(plan, "sequencing", argument, "section", "SEC_UNI", location)
    if section is None:
        return []
    actions = plan.actions_in(section)
    if not actions:
        return [nodes.paragraph("", "This section has no action yet.")]
    rows = [[need_link(app, doc, a), a["title"], short_name(plan.horizon_of(a)),
             joined(need_link(app, doc, f) for f in plan.linked(a, "follows")) or "— (a first step)"]
            for a in actions]
    return [diagram(section_graph(app, doc, plan, actions), f"Sequence of the steps of section {section['number']}"),
            table(["Action", "Title", "Due by", "Follows"], rows, classes=["plan-sequence-table"])]


def section_graph(app: Sphinx, doc: str, plan: Plan, actions: list[Need]) -> str:
    """A left-to-right graph of the section's actions in columns by horizon."""
    lines = ["flowchart LR"]
    for meeting in plan.horizons:
        due = [a for a in actions if plan.horizon_of(a) == meeting]
        if not due:
            continue
        # subgraph ids named after the section and meeting, never a bare meeting ID
        group = f'{plan.section_id(due[0])}_{meeting["id"]}'
        lines.append(f'    subgraph {group}["Due by {short_name(meeting)}"]')
        for action in due:
            lines.append(f'        {action["id"]}["{action["id"]}<br/>{mermaid_text(action["title"])}"]')
        lines.append("    end")
    for action in actions:
        for earlier in plan.linked(action, "follows"):
            lines.append(f"    {earlier['id']} --> {action['id']}")
    for action in actions:
        lines.append(f'    click {action["id"]} href "{need_uri(app, doc, action)}" "{mermaid_text(action["title"])}"')
    return "\n".join(lines)
