"""Monitoring at each meeting, computed from the progress records
(monitoring/*.md): the state of the plan, the overdue and off-track actions, and
a progress report per meeting, rolled up by section and by article."""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from sphinx.application import Sphinx

from ..interface import N_, _, n_
from ..plan import Monitoring, Need, Plan, short_name
from ..render import bar, joined, need_link, paragraph, table
from . import argument_need, view

NO_RECORD = N_("no record")


def awaiting(plan: Plan) -> str:
    first = plan.horizons[0]
    return _("No meeting has reviewed this plan yet: it is awaiting its first review at the {meeting}. "
             "Until then there is no progress to report, and none is shown.").format(
        meeting=first["title"].rsplit(" (", 1)[0])


def counted(label: str, actions: list[Need]) -> str:
    return label.format(n=len(actions))


@view("monitoring")
def monitoring_overview(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    watch = plan.monitoring
    latest = watch.latest_reviewed
    if latest is None:
        return [paragraph(awaiting(plan), classes=["plan-awaiting"])]
    out: list[nodes.Node] = [paragraph(
        _("Reviewed at:") + " ", joined(need_link(app, doc, m, short_name(m)) for m in watch.reviewed_meetings),
        ". " + _("The latest review, at {meeting}, decides what is overdue.").format(meeting=short_name(latest)))]
    overdue = n_("Overdue: {n} action", "Overdue: {n} actions", len(watch.overdue))
    out.append(nodes.rubric("", counted(overdue, watch.overdue), ids=["overdue"]))
    out.append(action_table(app, doc, plan, watch, watch.overdue,
                            _("No action is overdue.") if not watch.overdue else ""))
    off_track = n_("Off track: {n} action", "Off track: {n} actions", len(watch.off_track))
    out.append(nodes.rubric("", counted(off_track, watch.off_track), ids=["off-track"]))
    out.append(action_table(app, doc, plan, watch, watch.off_track,
                            _("No action is off track.") if not watch.off_track else ""))
    return out


def action_table(app: Sphinx, doc: str, plan: Plan, watch: Monitoring, actions: list[Need], empty: str) -> nodes.Node:
    if empty:
        return paragraph(empty)
    rows = [[need_link(app, doc, a), a["title"], short_name(plan.horizon_of(a)),
             " → ".join(short_name(plan.needs[r["meeting"][0]]) + _(": ") + _(r["progress"]) for r in watch.history(a))
             or _(NO_RECORD)] for a in actions]
    return table([_("Action"), _("Title"), _("Due by"), _("Progress so far")], rows, classes=["plan-monitoring"])


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
    summary = table([_("Progress"), _("Actions"), _("Share")],
                    [[_(s), str(counts[s]), bar(counts[s], total, _("{n} of {total} actions").format(
                        n=counts[s], total=total))] for s in statuses],
                    caption=_("Progress of all {total} actions at {meeting}").format(
                        total=total, meeting=short_name(meeting)),
                    classes=["plan-dashboard"], numeric=[1])

    def rollup(groups: list[tuple[nodes.Node, list[Need]]]) -> list[list]:
        return [[label, str(len(actions)), *[str(sum(1 for a in actions if status_at[a["id"]] == s)) for s in statuses]]
                for label, actions in groups if actions]

    by_section = rollup([(need_link(app, doc, s, short_name(s)), [x for x in plan.placed_actions if plan.section_id(x) == s["id"]]) for s in plan.plan_sections])
    by_article = rollup([(need_link(app, doc, a, short_name(a)),
                          [x for x in plan.placed_actions if a["id"] in x["article"]]) for a in plan.articles])
    headers = [_("Actions"), *[_(s).capitalize() for s in statuses]]
    every = [[need_link(app, doc, a), a["title"], short_name(plan.horizon_of(a)),
              progress_cell(app, doc, plan, as_of[a["id"]], meeting),
              (as_of[a["id"]] or {}).get("value") or "—", (as_of[a["id"]] or {}).get("evidence") or "—"]
             for a in plan.placed_actions]
    return [
        summary,
        table([_("Section"), *headers], by_section, caption=_("By section"), classes=["plan-rollup"],
              numeric=range(1, len(headers) + 1)),
        table([_("Article"), *headers], by_article, caption=_("By article"), classes=["plan-rollup"],
              numeric=range(1, len(headers) + 1)),
        table([_("Action"), _("Title"), _("Due by"), _("Progress"), _("Value measured"), _("Evidence")], every,
              caption=_("Every action at {meeting}").format(meeting=short_name(meeting)), classes=["plan-progress"]),
    ]


def progress_cell(app: Sphinx, doc: str, plan: Plan, record: Need | None, meeting: Need) -> list[nodes.Node] | str:
    """The status, linked to its record; marked with the meeting it was recorded at
    when that was an earlier one."""
    if record is None:
        return _(NO_RECORD)
    cell: list[nodes.Node] = [need_link(app, doc, record, _(record["progress"]))]
    if record["meeting"][0] != meeting["id"]:
        cell.append(nodes.Text(" " + _("(as recorded at {meeting})").format(
            meeting=short_name(plan.needs[record["meeting"][0]]))))
    return cell
