"""Monitoring at each meeting, computed from the progress records
(monitoring/*.md): the state of the plan, the overdue and off-track actions, and
a progress report per meeting, rolled up by section and by article."""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from sphinx.application import Sphinx

from ..plan import Monitoring, Need, Plan, short_name
from ..render import bar, joined, need_link, paragraph, table
from ..traces import count_of
from . import argument_need, view

NO_RECORD = "no record"


def awaiting(plan: Plan) -> str:
    first = plan.horizons[0]
    return (f"No meeting has reviewed this plan yet: it is awaiting its first review at the "
            f"{first['title'].rsplit(' (', 1)[0]}. Until then there is no progress to report, and none is shown.")


@view("monitoring")
def monitoring_overview(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    watch = plan.monitoring
    latest = watch.latest_reviewed
    if latest is None:
        return [paragraph(awaiting(plan), classes=["plan-awaiting"])]
    out: list[nodes.Node] = [paragraph(
        "Reviewed at: ", joined(need_link(app, doc, m, short_name(m)) for m in watch.reviewed_meetings),
        f". The latest review, at {short_name(latest)}, decides what is overdue.")]
    out.append(nodes.rubric("", f"Overdue: {count_of(watch.overdue, 'action')}", ids=["overdue"]))
    out.append(action_table(app, doc, plan, watch, watch.overdue,
                            "No action is overdue." if not watch.overdue else ""))
    out.append(nodes.rubric("", f"Off track: {count_of(watch.off_track, 'action')}", ids=["off-track"]))
    out.append(action_table(app, doc, plan, watch, watch.off_track,
                            "No action is off track." if not watch.off_track else ""))
    return out


def action_table(app: Sphinx, doc: str, plan: Plan, watch: Monitoring, actions: list[Need], empty: str) -> nodes.Node:
    if empty:
        return paragraph(empty)
    rows = [[need_link(app, doc, a), a["title"], short_name(plan.horizon_of(a)),
             " → ".join(f"{short_name(plan.needs[r['meeting'][0]])}: {r['progress']}" for r in watch.history(a))  # known meetings
             or NO_RECORD] for a in actions]
    return table(["Action", "Title", "Due by", "Progress so far"], rows, classes=["plan-monitoring"])


@view("progress-report", argument=True)
def progress_report(app: Sphinx, doc: str, plan: Plan, argument: str, location: nodes.Node) -> list[nodes.Node]:
    meeting = argument_need(plan, "progress-report", argument, "meeting", "MSP_2", location)
    if meeting is None:
        return []
    watch = plan.monitoring
    # where each action stood at this meeting: its record there, or its latest before
    as_of = {a["id"]: watch.record_as_of(a, meeting) for a in plan.placed_actions}
    status_at = {i: r["progress"] if r else NO_RECORD for i, r in as_of.items()}
    counts = Counter(status_at.values())
    total = len(plan.placed_actions)
    statuses = [*plan.statuses, NO_RECORD]
    summary = table(["Progress", "Actions", "Share"],
                    [[s, str(counts[s]), bar(counts[s], total, f"{counts[s]} of {total} actions")] for s in statuses],
                    caption=f"Progress of all {total} actions at {short_name(meeting)}",
                    classes=["plan-dashboard"], numeric=[1])

    def rollup(groups: list[tuple[nodes.Node, list[Need]]]) -> list[list]:
        return [[label, str(len(actions)), *[str(sum(1 for a in actions if status_at[a["id"]] == s)) for s in statuses]]
                for label, actions in groups if actions]

    by_section = rollup([(need_link(app, doc, s, short_name(s)), [x for x in plan.placed_actions if plan.section_id(x) == s["id"]]) for s in plan.plan_sections])
    by_article = rollup([(need_link(app, doc, a, short_name(a)),
                          [x for x in plan.placed_actions if a["id"] in x["article"]]) for a in plan.articles])
    headers = ["Actions", *[s.capitalize() for s in statuses]]
    every = [[need_link(app, doc, a), a["title"], short_name(plan.horizon_of(a)),
              progress_cell(app, doc, plan, as_of[a["id"]], meeting),
              (as_of[a["id"]] or {}).get("value") or "—", (as_of[a["id"]] or {}).get("evidence") or "—"]
             for a in plan.placed_actions]
    return [
        summary,
        table(["Section", *headers], by_section, caption="By section", classes=["plan-rollup"],
              numeric=range(1, len(headers) + 1)),
        table(["Article", *headers], by_article, caption="By article", classes=["plan-rollup"],
              numeric=range(1, len(headers) + 1)),
        table(["Action", "Title", "Due by", "Progress", "Value measured", "Evidence"], every,
              caption=f"Every action at {short_name(meeting)}", classes=["plan-progress"]),
    ]


def progress_cell(app: Sphinx, doc: str, plan: Plan, record: Need | None, meeting: Need) -> list[nodes.Node] | str:
    """The status, linked to its record; marked with the meeting it was recorded at
    when that was an earlier one."""
    if record is None:
        return NO_RECORD
    cell: list[nodes.Node] = [need_link(app, doc, record, record["progress"])]
    if record["meeting"][0] != meeting["id"]:
        cell.append(nodes.Text(f" (as recorded at {short_name(plan.needs[record['meeting'][0]])})"))
    return cell
