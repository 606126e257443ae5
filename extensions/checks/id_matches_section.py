"""An action or indicator lives on a section page, and its ID starts with that
section's code: UNI_03 on the universalisation page, UNI_03_I1 for its indicator."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..plan import section_of_page, sections_by_page
from . import Needs, Problem, rule

PLAN_TYPES = ("action", "indicator")


@rule("section_code", says="Every section has a code of its own, which its action IDs start with.",
      fix="give this section another ':code:' (two to four capital letters).")
def section_codes_are_unique(needs: Needs) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for section in sorted((n for n in needs.values() if n["type"] == "section"), key=lambda n: n["id"]):
        code = section["code"]
        if code and code in first:
            yield Problem(section, "code", code,
                          f"{first[code]} has this code already.")
        elif code:
            first[code] = section["id"]


@rule("introduction_actions", says="The introduction explains the plan and holds no action.",
      fix="move the action to the section (2 to 8) it belongs to.")
def the_introduction_holds_no_action(needs: Needs) -> Iterator[Problem]:
    sections = sections_by_page(needs)
    for need in needs.values():
        section = section_of_page(sections, need["docname"])
        if need["type"] == "action" and section is not None and section["number"] == 1:
            yield Problem(need, "id", need["id"],
                          "the introduction explains the plan and holds no action.")


@rule("id_section",
      says="An action or indicator is written on its section's page (or a page of the section's folder), "
           "and its ID starts with the section's code: UNI_07 for an action, UNI_07_I1 for its indicator.",
      fix="take the section's code and the next free number; never reuse a released one. An action or "
          "indicator off a section page moves to its section's page.")
def id_matches_section(needs: Needs) -> Iterator[Problem]:
    sections = sections_by_page(needs)
    for need in needs.values():
        if need["type"] not in PLAN_TYPES:
            continue
        section = section_of_page(sections, need["docname"])
        if section is not None and not section["code"]:
            continue  # the section's missing :code: is reported by the schema rule
        if section is None:
            yield Problem(need, "id", need["id"],
                          f"an {need['type']} must be written on a section page (sections/*.md, "
                          "below the page's section block, or a page of the section's folder, such as "
                          "sections/5-clearance/part-2.md).")
            continue
        code = section["code"]
        pattern = rf"{code}_\d{{2,}}" if need["type"] == "action" else rf"{code}_\d{{2,}}_I\d+"
        example = f"{code}_07" if need["type"] == "action" else f"{code}_07_I1"
        if not re.fullmatch(pattern, need["id"]):
            yield Problem(need, "id", need["id"],
                          f"on this page every {need['type']} ID has the form {example}: the "
                          f"section code {code}, then "
                          f"{'a two-digit number' if need['type'] == 'action' else 'the action number and _I with the indicator number'}.")
