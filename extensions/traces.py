"""Back-links where readers look for them: under each article, actor and meeting,
the actions that implement it, that it owns, or that are due by it; under each
section, the articles it serves and its actions by horizon.

sphinx-needs knows these back-links (``article_back`` ...) but lists them as a
line of IDs. Here each becomes a table grouped by section, with owner and
horizon, inserted right after the need on its page. An article that no action
implements says so, so a gap is visible where an auditor looks for it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx_needs.nodes import Need as NeedNode

from .interface import _, n_
from .plan import Need, Plan, short_name
from .render import joined, need_link, paragraph, table


#: A trace longer than this many actions is listed compactly (see ``compact``).
LONG = 40


def add_traces(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    plan: Plan | None = None
    for node in list(doctree.findall(NeedNode)):
        plan = plan or Plan.of(app)
        need = plan.needs.get(node["ids"][0])
        if need is None:
            continue
        make = TRACES.get(need["type"])
        content = make(app, fromdocname, plan, need) if make is not None else []
        if content:
            container = nodes.container(classes=["plan-trace", f"plan-trace-{need['type']}"])
            container += content
            node.parent.insert(node.parent.index(node) + 1, container)


def article_trace(app: Sphinx, doc: str, plan: Plan, article: Need) -> list[nodes.Node]:
    actions = plan.in_plan_order(plan.linked(article, "article_back"))
    if not actions:
        note = _("No action of this plan implements this article.")
        if article.get("carries_obligations"):
            note += " " + _("It carries obligations for States Parties: this is a gap in the plan.")
        return [paragraph(note, classes=["plan-gap"] if article.get("carries_obligations") else [])]
    if len(actions) > LONG:
        return compact(app, doc, plan, actions, implemented_by(actions),
                       by_horizon=False, anchor=lambda section: group_anchor(article, section))
    rows, anchors = [], []
    for section in plan.sections:
        group = [a for a in actions if plan.section_id(a) == section["id"]]
        if group:
            anchors.append((len(rows), group_anchor(article, section)))
        for position, action in enumerate(group):
            rows.append([short_name(section) if position == 0 else "",
                         [need_link(app, doc, action), nodes.Text(" " + action["title"])],
                         owners(app, doc, plan, action), horizon(app, doc, plan, action)])
    # an anchor on the first row of each section's group: the matrix links there
    tab = anchored(table([_("Section"), _("Action"), _("Owner"), _("Due by")], rows, classes=["plan-trace-table"]),
                   anchors)
    return [paragraph(implemented_by(actions) + ":"), tab]


def implemented_by(actions: list[Need]) -> str:
    return n_("Implemented by {n} action", "Implemented by {n} actions", len(actions)).format(n=len(actions))


def owns(actions: list[Need]) -> str:
    return n_("Owns {n} action", "Owns {n} actions", len(actions)).format(n=len(actions))


def due_here(actions: list[Need]) -> str:
    return n_("Due by this meeting: {n} action", "Due by this meeting: {n} actions", len(actions)).format(
        n=len(actions))


def actor_trace(app: Sphinx, doc: str, plan: Plan, actor: Need) -> list[nodes.Node]:
    actions = plan.linked(actor, "owner_back")
    if not actions:
        return [paragraph(_("Owns no action of this plan."))]
    if len(actions) > LONG:
        return compact(app, doc, plan, actions, owns(actions))
    rows = [[[need_link(app, doc, a), nodes.Text(" " + a["title"])],
             section_link(app, doc, plan, a), horizon(app, doc, plan, a)]
            for a in plan.in_plan_order(actions)]
    return [paragraph(owns(actions) + ":"),
            table([_("Action"), _("Section"), _("Due by")], rows, classes=["plan-trace-table"])]


def meeting_trace(app: Sphinx, doc: str, plan: Plan, meeting: Need) -> list[nodes.Node]:
    actions = plan.linked(meeting, "horizon_back")
    if not actions:
        return [paragraph(_("No action of this plan is due by this meeting."))]
    if len(actions) > LONG:
        return compact(app, doc, plan, actions, due_here(actions), by_horizon=False)
    rows = [[section_link(app, doc, plan, a), [need_link(app, doc, a), nodes.Text(" " + a["title"])],
             owners(app, doc, plan, a)]
            for a in plan.in_plan_order(actions)]
    return [paragraph(due_here(actions) + "."),
            table([_("Section"), _("Action"), _("Owner")], rows, classes=["plan-trace-table"])]


def section_summary(app: Sphinx, doc: str, plan: Plan, section: Need) -> list[nodes.Node]:
    actions = plan.actions_in(section)
    if not actions:
        return []
    articles = sorted({a["id"]: a for action in actions for a in plan.linked(action, "article")}.values(),
                      key=lambda a: int(a["number"]))
    due = Counter(plan.horizon_of(action)["id"] for action in actions)
    by_horizon = _(", ").join(_("{n} due by {meeting}").format(n=due[m["id"]], meeting=short_name(m))
                           for m in plan.horizons if due[m["id"]])
    return [
        paragraph(_("Articles served:") + " ", joined(need_link(app, doc, a, short_name(a)) for a in articles), "."),
        paragraph(n_("{n} action", "{n} actions", len(actions)).format(n=len(actions)) + _(": ") + by_horizon + "."),
    ]


def compact(app: Sphinx, doc: str, plan: Plan, actions: list[Need], lead: str, *, by_horizon: bool = True,
            anchor: Callable[[Need], str] | None = None) -> list[nodes.Node]:
    """A long list of actions as one row per section (and horizon), each row the
    actions' IDs linked to them, their titles as tooltips. At thousands of actions a
    row per action made a page of megabytes; every action is still listed and linked."""
    groups: dict[tuple[str, str], list[Need]] = {}
    for action in plan.in_plan_order(actions):
        meeting = plan.horizon_of(action) if by_horizon else None
        groups.setdefault((plan.section_id(action), meeting["id"] if meeting else ""), []).append(action)
    sections = {s["id"]: i for i, s in enumerate(plan.sections)}
    meetings = {m["id"]: i for i, m in enumerate(plan.horizons)}
    rows, anchors, seen = [], [], set()
    for section_id, meeting_id in sorted(groups, key=lambda g: (sections.get(g[0], 99), meetings.get(g[1], 99))):
        group = groups[(section_id, meeting_id)]
        section = plan.needs.get(section_id)
        first_of_section = section is not None and section_id not in seen
        seen.add(section_id)
        if first_of_section and anchor is not None:
            anchors.append((len(rows), anchor(section)))
        cells: list = [need_link(app, doc, section, short_name(section)) if first_of_section else ""]
        if by_horizon:
            cells.append(horizon(app, doc, plan, group[0]))
        cells.append(joined(need_link(app, doc, a) for a in group))
        rows.append(cells)
    last = _("Actions (each ID opens the action; its title shows on hover)")
    headers = [_("Section"), *([_("Due by")] if by_horizon else []), last]
    tab = anchored(table(headers, rows, classes=["plan-trace-table", "plan-trace-compact"]), anchors)
    listed = _("{lead}, listed by section and horizon:") if by_horizon else _("{lead}, listed by section:")
    return [paragraph(listed.format(lead=lead)), tab]


def anchored(tab: nodes.table, anchors: list[tuple[int, str]]) -> nodes.table:
    """The table with each (body row index, HTML id) set as a link target."""
    body_rows = list(tab.findall(nodes.row))[1:]
    for index, name in anchors:
        body_rows[index]["ids"].append(name)
    return tab


def owners(app: Sphinx, doc: str, plan: Plan, action: Need) -> list[nodes.Node]:
    return joined(need_link(app, doc, o, o["title"]) for o in plan.linked(action, "owner"))


def horizon(app: Sphinx, doc: str, plan: Plan, action: Need) -> nodes.Node | str:
    meeting = plan.horizon_of(action)
    return need_link(app, doc, meeting, short_name(meeting)) if meeting else ""


def section_link(app: Sphinx, doc: str, plan: Plan, action: Need) -> nodes.Node | str:
    section = plan.section_of(action)
    return need_link(app, doc, section, short_name(section)) if section else ""


def group_anchor(article: Need, section: Need) -> str:
    """The HTML id of an article's group of actions from one section."""
    return f"{article['id']}-{section['code']}".lower().replace("_", "-")


def action_history(app: Sphinx, doc: str, plan: Plan, action: Need) -> list[nodes.Node]:
    records = plan.monitoring.history(action)
    if not records:
        return []
    rows = [[need_link(app, doc, meeting, short_name(meeting)),
             need_link(app, doc, r, r["progress"]), r["value"] or "—", r["evidence"] or "—", r["date"] or "—"]
            for r in records for meeting in [plan.one(r, "meeting", "meeting")]]
    return [paragraph(_("Progress, meeting by meeting:")),
            table([_("Meeting"), _("Progress"), _("Value measured"), _("Evidence"), _("Date")], rows,
                  classes=["plan-trace-table"])]


TRACES = {"article": article_trace, "actor": actor_trace, "meeting": meeting_trace, "section": section_summary,
          "action": action_history}


def setup(app: Sphinx) -> dict[str, object]:
    # before sphinx-needs (priority 500) turns the need nodes into their layout
    app.connect("doctree-resolved", add_traces, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
