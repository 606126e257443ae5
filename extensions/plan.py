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
