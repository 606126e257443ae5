"""The plan's sections are the outline's: its eight sections in its order, each
with the leads and "friends" it names.

What the strict build enforces (every action's owner, article and horizon, the
type of every link's target, the ID rule, an ID per section) is tested once, by
the failing builds of tests/test_bad_input.py."""

from conftest import by_type

#: The outline's sections, in its order and with its titles.
OUTLINE_SECTIONS = [
    "Introduction",
    "Partnership/inclusion",
    "Universalisation",
    "Destroying stockpiled cluster munitions",
    "Clearing areas affected by cluster munitions",
    "Assisting the victims",
    "International cooperation and assistance",
    "Additional actions essential to achieving the Convention's aims, including reporting and transparency",
]

#: The friends the outline names for each section, by number.
OUTLINE_FRIENDS = {
    2: {"ACTOR_IRELAND"},
    3: {"ACTOR_JAPAN"},
    4: {"ACTOR_GERMANY"},
    5: {"ACTOR_AUSTRALIA"},
    6: {"ACTOR_AUSTRIA"},
    7: {"ACTOR_SOUTH_AFRICA"},
    8: {"ACTOR_BELGIUM", "ACTOR_NEW_ZEALAND", "ACTOR_CANADA"},
}


def test_the_eight_sections_of_the_outline_in_order(needs: dict) -> None:
    sections = sorted(by_type(needs, "section"), key=lambda s: int(s["number"]))
    assert [s["title"] for s in sections] == OUTLINE_SECTIONS
    assert [int(s["number"]) for s in sections] == list(range(1, 9))


def test_the_leads_and_friends_the_outline_names(needs: dict) -> None:
    sections = {int(s["number"]): s for s in by_type(needs, "section")}
    assert set(sections[1]["lead"]) == {"ACTOR_NORWAY", "ACTOR_LAO_PDR"}
    assert {n: set(s["friend"]) for n, s in sections.items() if n > 1} == OUTLINE_FRIENDS
