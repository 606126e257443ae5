"""The plan as the views read it: sections, actions, articles, actors and
meetings, in their natural order, from the needs of the build.

Every view and export works from this one reading of the needs, so they agree
with one another and with needs.json."""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from sphinx.application import Sphinx
from sphinx_needs.api import get_needs_view

from .interface import _, isolated

Need = Mapping[str, Any]

#: The sequence of the meeting that adopts the plan (the First Meeting of States Parties):
#: no action is due by it, and every later meeting is a horizon. needs/model.toml's rule
#: action-horizon-after-adoption holds the same number (tests/test_need_model.py ties them).
ADOPTING_MEETING = 1
#: The statuses of an action that is no longer work to do (needs/model.toml).
ENDED_STATUSES = ("retired", "superseded")


def progress_statuses(config: Any) -> tuple[str, ...]:
    """The statuses a progress record may take, in their order: the enum of the
    ``progress`` field in needs/model.toml, their one home."""
    progress = next(t for t in config.needs_types if t["directive"] == "progress")
    return tuple(progress["fields"]["progress"]["schema"]["enum"])


#: The plan reader of each running build.
_READERS: weakref.WeakKeyDictionary[Sphinx, Plan] = weakref.WeakKeyDictionary()


class Plan:
    """A read-only view of the plan's needs."""

    def __init__(self, needs: Mapping[str, Need], statuses: tuple[str, ...] = ()) -> None:
        self.needs = needs
        self.statuses = statuses  #: the progress statuses, from the model

    @classmethod
    def of(cls, app: Sphinx) -> Plan:
        """The plan of this build. Once the needs are resolved their view no longer
        changes, so one reader (and what it has worked out) serves every page."""
        view = get_needs_view(app)
        reader = _READERS.get(app)
        if reader is None or reader.needs is not view:
            reader = cls(view, progress_statuses(app.config))
            _READERS[app] = reader  # by the app, not in the environment, so it is never pickled
        return reader

    def of_type(self, need_type: str) -> list[Need]:
        return [n for _, n in sorted(self.needs.items()) if n["type"] == need_type]

    @cached_property
    def sections(self) -> list[Need]:
        return sorted(self.of_type("section"), key=lambda s: int(s["number"] or 0))

    @cached_property
    def plan_sections(self) -> list[Need]:
        """The sections that hold actions (2 to 8; the introduction holds none)."""
        return [s for s in self.sections if self.actions_in(s)]

    @cached_property
    def meetings(self) -> list[Need]:
        return sorted(self.of_type("meeting"), key=lambda m: int(m["sequence"] or 0))

    @cached_property
    def horizons(self) -> list[Need]:
        """The meetings an action can be due by: those after the adopting meeting."""
        return [m for m in self.meetings if int(m["sequence"] or 0) > ADOPTING_MEETING]

    @cached_property
    def articles(self) -> list[Need]:
        return sorted(self.of_type("article"), key=lambda a: int(a["number"] or 0))

    @cached_property
    def actors(self) -> list[Need]:
        return self.of_type("actor")

    @cached_property
    def placed_actions(self) -> list[Need]:
        """Every action that can be placed (it has its section and one known
        horizon), live or ended, in section order, then in the order of its ID. A
        malformed action is reported by the build's checks; the views leave it out,
        and do not fail."""
        order = {s["id"]: i for i, s in enumerate(self.sections)}
        placed = [a for a in self.of_type("action") if self.section_of(a) is not None and self.horizon_of(a) is not None]
        return sorted(placed, key=lambda a: (order.get(self.section_id(a), 99), a["id"]))

    @cached_property
    def actions(self) -> list[Need]:
        """The plan's work: the placed actions that are live. A retired or superseded
        action keeps its ID (the Releases page lists it, the exports carry it) but is
        no longer counted, traced or drawn."""
        return [a for a in self.placed_actions if is_live(a)]

    @cached_property
    def position(self) -> dict[str, int]:
        """Each action's place in plan order, for sorting lists of actions."""
        return {a["id"]: i for i, a in enumerate(self.actions)}

    def in_plan_order(self, actions: list[Need]) -> list[Need]:
        return sorted(actions, key=lambda a: self.position.get(a["id"], len(self.position)))

    @cached_property
    def monitoring(self) -> Monitoring:
        return Monitoring(self)

    def section_id(self, action: Need) -> str:
        return action["section"][0] if action["section"] else ""

    def section_of(self, action: Need) -> Need | None:
        return self.one(action, "section", "section")

    def horizon_of(self, action: Need) -> Need | None:
        return self.one(action, "horizon", "meeting")

    def one(self, need: Need, field: str, need_type: str) -> Need | None:
        """The single need of ``need_type`` a link points to, or None if it does not."""
        targets = [self.needs[i] for i in need[field] if i in self.needs and self.needs[i]["type"] == need_type]
        return targets[0] if len(targets) == 1 and len(need[field]) == 1 else None

    def actions_in(self, section: Need) -> list[Need]:
        return self.in_plan_order(self.linked(section, "section_back"))

    def linked(self, need: Need, field: str) -> list[Need]:
        """The needs a link field (or a ``*_back`` field) points to, in ID order:
        only those that exist, and of actions only those that can be placed."""
        found = (self.needs[i] for i in sorted(need[field]) if i in self.needs)
        return [n for n in found if n["type"] != "action" or n["id"] in self.position]


class Monitoring:
    """What the progress records say. Computed from the records alone: the date of
    the build never enters, so the same sources always give the same site."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        # records whose action and meeting exist; the others are reported by the checks
        self.records = [r for r in plan.of_type("progress")
                        if plan.one(r, "action", "action") and plan.one(r, "meeting", "meeting")]
        self.by_action: dict[str, list[Need]] = {}
        for record in sorted(self.records, key=lambda r: self.order(r["meeting"][0])):
            self.by_action.setdefault(record["action"][0], []).append(record)

    def order(self, meeting_id: str) -> int:
        return int(self.plan.needs[meeting_id]["sequence"])

    @cached_property
    def reviewed_meetings(self) -> list[Need]:
        """The meetings that have progress records, in order."""
        ids = {r["meeting"][0] for r in self.records}
        return [m for m in self.plan.meetings if m["id"] in ids]

    @property
    def latest_reviewed(self) -> Need | None:
        return self.reviewed_meetings[-1] if self.reviewed_meetings else None

    def history(self, action: Need) -> list[Need]:
        """The action's records, meeting by meeting."""
        return self.by_action.get(action["id"], [])

    def record_as_of(self, action: Need, meeting: Need) -> Need | None:
        """The latest record made at ``meeting`` or before: where the action stood then."""
        earlier = [r for r in self.history(action) if self.order(r["meeting"][0]) <= int(meeting["sequence"])]
        return earlier[-1] if earlier else None

    def latest_status(self, action: Need) -> str | None:
        history = self.history(action)
        return history[-1]["progress"] if history else None

    #: A record with one of these ends the action: it cannot be overdue after it.
    ENDED = ("achieved", "superseded")

    def has_ended(self, action: Need) -> bool:
        """Achieved or superseded by a record, or retired or superseded in the plan."""
        return action["status"] in ("retired", "superseded") or any(
            r["progress"] in self.ENDED for r in self.history(action))

    def is_overdue(self, action: Need) -> bool:
        """The latest review is at or after its horizon, and it has not ended."""
        latest = self.latest_reviewed
        if latest is None or self.has_ended(action):
            return False
        return int(self.plan.horizon_of(action)["sequence"]) <= int(latest["sequence"])

    @cached_property
    def overdue(self) -> list[Need]:
        return [a for a in self.plan.placed_actions if self.is_overdue(a)]

    @cached_property
    def off_track(self) -> list[Need]:
        return [a for a in self.plan.placed_actions if self.latest_status(a) == "off track"]


def sections_by_page(needs: Mapping[str, Need]) -> dict[str, Need]:
    """Each section need, by the page it is written on."""
    return {n["docname"]: n for n in needs.values() if n["type"] == "section"}


def section_of_page(needs_by_page: Mapping[str, Need], docname: str | None) -> Need | None:
    """The section a page belongs to: its own, or that of the section it continues."""
    return needs_by_page.get(section_page(docname or ""))


def section_page(docname: str) -> str:
    """The page of the section a page belongs to. A long section may continue on the
    pages of a folder named like its page: sections/5-clearance/part-2 belongs to the
    section on sections/5-clearance."""
    parts = docname.split("/")
    return "/".join(parts[:2]) if parts[0] == "sections" and len(parts) > 2 else docname


def short_name(need: Need) -> str:
    """A short label: 'Art. 3', '2MSP', 'UNI'; else the title."""
    if need["type"] == "article":
        return _("Art. {number}").format(number=need["number"])
    if need["type"] == "meeting":
        found = re.search(r"\(([^()]+)\)\s*$", need["title"])
        return isolated(found.group(1)) if found else need["title"]
    if need["type"] == "section":
        return f"{need['number']}. {need['title']}"
    return need["title"]


def is_live(action: Need) -> bool:
    """Still work to do: neither retired nor superseded."""
    return action["status"] not in ENDED_STATUSES
