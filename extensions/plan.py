"""The plan as the views read it: sections, actions, articles, actors and
meetings, in their natural order, from the needs of the build.

Every view and export works from this one reading of the needs, so they agree
with one another and with needs.json."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from sphinx.application import Sphinx
from sphinx_needs.data import SphinxNeedsData

Need = Mapping[str, Any]


class Plan:
    """A read-only view of the plan's needs."""

    def __init__(self, needs: Mapping[str, Need]) -> None:
        self.needs = needs

    @classmethod
    def of(cls, app: Sphinx) -> Plan:
        return cls(SphinxNeedsData(app.env).get_needs_view())

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
        """The meetings an action can be due by (all but the adopting meeting)."""
        return [m for m in self.meetings if int(m["sequence"] or 0) >= 2]

    @cached_property
    def articles(self) -> list[Need]:
        return sorted(self.of_type("article"), key=lambda a: int(a["number"] or 0))

    @cached_property
    def actors(self) -> list[Need]:
        return self.of_type("actor")

    @cached_property
    def actions(self) -> list[Need]:
        """Every action, in section order, then in the order of its ID."""
        order = {s["id"]: i for i, s in enumerate(self.sections)}
        return sorted(self.of_type("action"),
                      key=lambda a: (order.get(self.section_id(a), 99), a["id"]))

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
        return self.needs.get(self.section_id(action))

    def actions_in(self, section: Need) -> list[Need]:
        return [self.needs[i] for i in sorted(section["section_back"]) if self.needs[i]["type"] == "action"]

    def horizon_of(self, action: Need) -> Need | None:
        return self.needs.get(action["horizon"][0]) if action["horizon"] else None

    def indicators_of(self, action: Need) -> list[Need]:
        return [self.needs[i] for i in action["measures_back"] if self.needs[i]["type"] == "indicator"]

    def linked(self, need: Need, field: str) -> list[Need]:
        """The needs a link field (or a ``*_back`` field) points to, in ID order."""
        return [self.needs[i] for i in sorted(need[field]) if i in self.needs]


class Monitoring:
    """What the progress records say. Computed from the records alone: the date of
    the build never enters, so the same sources always give the same site."""

    STATUSES = ("achieved", "on track", "off track", "not started", "superseded")

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.records = plan.of_type("progress")

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
        return sorted((self.plan.needs[i] for i in action["action_back"]),
                      key=lambda r: self.order(r["meeting"][0]))

    def record_at(self, action: Need, meeting: Need) -> Need | None:
        """The record made at ``meeting`` itself, if any."""
        return next((r for r in self.history(action) if r["meeting"][0] == meeting["id"]), None)

    def record_as_of(self, action: Need, meeting: Need) -> Need | None:
        """The latest record made at ``meeting`` or before: where the action stood then."""
        earlier = [r for r in self.history(action) if self.order(r["meeting"][0]) <= int(meeting["sequence"])]
        return earlier[-1] if earlier else None

    def latest_status(self, action: Need) -> str | None:
        history = self.history(action)
        return history[-1]["progress"] if history else None

    def is_overdue(self, action: Need) -> bool:
        """Its horizon has been reviewed (or passed) and no record says achieved."""
        latest = self.latest_reviewed
        if latest is None or self.latest_status(action) == "superseded":
            return False
        due = self.order(action["horizon"][0])
        return due <= int(latest["sequence"]) and not any(r["progress"] == "achieved" for r in self.history(action))

    @cached_property
    def overdue(self) -> list[Need]:
        return [a for a in self.plan.actions if self.is_overdue(a)]

    @cached_property
    def off_track(self) -> list[Need]:
        return [a for a in self.plan.actions if self.latest_status(a) == "off track"]


def short_name(need: Need) -> str:
    """A short label: 'Art. 3', '2MSP', 'UNI'; else the title."""
    if need["type"] == "article":
        return f"Art. {need['number']}"
    if need["type"] == "meeting":
        found = re.search(r"\(([^()]+)\)\s*$", need["title"])
        return found.group(1) if found else need["title"]
    if need["type"] == "section":
        return f"{need['number']}. {need['title']}"
    return need["title"]
