"""The plan-wide branch of the first-year limit: at most 20 live first-year actions
in all, even when no section holds more than four. A real plan with 21 of them needs
six sections of four; the rule is a function of the needs alone, so it is called
here on such a plan, made of plain dictionaries. The per-section branch, and every
other rule of the one + four approach, fails a real build in tests/test_bad_input.py."""

from __future__ import annotations

from extensions.checks.one_plus_four import FIRST_YEAR_IN_ALL, FIRST_YEAR_PER_SECTION, few_first_year_actions


def plan(first_year_per_section: list[int], retired: int = 0) -> dict[str, dict]:
    needs: dict[str, dict] = {
        "MSP_2": {"id": "MSP_2", "type": "meeting", "sequence": 2},
        "MSP_3": {"id": "MSP_3", "type": "meeting", "sequence": 3},
    }
    for number, count in enumerate(first_year_per_section, start=2):
        section = f"SEC_{number}"
        needs[section] = {"id": section, "type": "section", "number": number}
        for n in range(1, count + retired + 1):
            action_id = f"S{number}_{n:02d}"
            needs[action_id] = {"id": action_id, "type": "action", "section": [section], "horizon": ["MSP_2"],
                                "status": "retired" if n > count else "draft", "docname": f"sections/{number}",
                                "lineno": n}
    return needs


def test_the_twenty_first_first_year_action_of_the_plan_is_reported() -> None:
    problems = list(few_first_year_actions(plan([4, 4, 4, 4, 4, 1])))
    assert [p.need["id"] for p in problems] == ["S7_01"]
    assert "the plan has 21 live first-year actions; at most 20 in all" in problems[0].message


def test_twenty_in_all_and_four_per_section_pass_and_retired_ones_do_not_count() -> None:
    assert FIRST_YEAR_IN_ALL == 20 and FIRST_YEAR_PER_SECTION == 4
    assert list(few_first_year_actions(plan([4, 4, 4, 4, 4], retired=2))) == []
