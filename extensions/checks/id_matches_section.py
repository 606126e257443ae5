"""An action or indicator lives on a section page, and its ID starts with that
section's code: UNI_03 on the universalisation page, UNI_03_I1 for its indicator."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import Needs, Problem, rule

PLAN_TYPES = ("action", "indicator")


def section_codes(needs: Needs) -> dict[str, str]:
    """The section code of each page that holds a section, by docname."""
    return {n["docname"]: n["code"] for n in needs.values() if n["type"] == "section"}


@rule("id_section")
def id_matches_section(needs: Needs) -> Iterator[Problem]:
    codes = section_codes(needs)
    for need in needs.values():
        if need["type"] not in PLAN_TYPES:
            continue
        code = codes.get(need["docname"])
        if code is None:
            yield Problem(need, "id", need["id"],
                          f"an {need['type']} must be written on a section page (sections/*.md, "
                          "below the page's section block). Move it there.")
            continue
        pattern = rf"{code}_\d{{2}}" if need["type"] == "action" else rf"{code}_\d{{2}}_I\d+"
        example = f"{code}_07" if need["type"] == "action" else f"{code}_07_I1"
        if not re.fullmatch(pattern, need["id"]):
            yield Problem(need, "id", need["id"],
                          f"on this page every {need['type']} ID has the form {example}: the "
                          f"section code {code}, then {'a two-digit number' if need['type'] == 'action' else 'the action number and _I with the indicator number'}. "
                          "Take the next free number; never reuse a released one.")
