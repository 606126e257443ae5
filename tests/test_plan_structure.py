"""The plan's sections and actions hang together: every link resolves to the
right kind of object and every ID follows the rule."""

import re
import tomllib

import pytest

from conftest import PROJECT, by_type
from extensions.plan import section_page

MODEL = tomllib.loads((PROJECT / "needs" / "model.toml").read_text(encoding="utf-8"))["needs"]

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

#: For each link of an action: the type its targets must have, and how many it takes.
ACTION_LINKS = {"owner": ("actor", 1, None), "article": ("article", 1, None), "horizon": ("meeting", 1, 1)}


def test_the_eight_sections_of_the_outline_in_order(needs: dict) -> None:
    sections = sorted(by_type(needs, "section"), key=lambda s: int(s["number"]))
    assert [s["title"] for s in sections] == OUTLINE_SECTIONS
    assert [int(s["number"]) for s in sections] == list(range(1, 9))


def test_every_section_has_leads_and_the_friends_the_outline_names(needs: dict) -> None:
    sections = {int(s["number"]): s for s in by_type(needs, "section")}
    for section in sections.values():
        assert section["lead"], section["id"]
        assert all(needs[a]["type"] == "actor" for a in section["lead"] + section["friend"])
    assert set(sections[1]["lead"]) == {"ACTOR_NORWAY", "ACTOR_LAO_PDR"}
    friends = {n: set(s["friend"]) for n, s in sections.items()}
    assert friends[2] == {"ACTOR_IRELAND"}
    assert friends[3] == {"ACTOR_JAPAN"}
    assert friends[4] == {"ACTOR_GERMANY"}
    assert friends[5] == {"ACTOR_AUSTRALIA"}
    assert friends[6] == {"ACTOR_AUSTRIA"}
    assert friends[7] == {"ACTOR_SOUTH_AFRICA"}
    assert friends[8] == {"ACTOR_BELGIUM", "ACTOR_NEW_ZEALAND", "ACTOR_CANADA"}


@pytest.mark.parametrize("link", sorted(ACTION_LINKS))
def test_action_links_resolve_to_the_right_type(needs: dict, link: str) -> None:
    target_type, minimum, maximum = ACTION_LINKS[link]
    for action in by_type(needs, "action"):
        targets = action[link]
        assert len(targets) >= minimum, f"{action['id']} has no {link}"
        assert maximum is None or len(targets) <= maximum, f"{action['id']}: {link}={targets}"
        for target in targets:
            assert target in needs, f"{action['id']}.{link} -> unknown {target}"
            assert needs[target]["type"] == target_type, f"{action['id']}.{link} -> {target}"


def test_follows_and_measures_link_actions(needs: dict) -> None:
    for action in by_type(needs, "action"):
        assert all(needs[t]["type"] == "action" for t in action["follows"])
    for indicator in by_type(needs, "indicator"):
        assert indicator["measures"]
        assert all(needs[t]["type"] == "action" for t in indicator["measures"])


def test_ids_are_well_formed_and_searchable(needs: dict) -> None:
    pattern = re.compile(MODEL["id_regex"])
    assert MODEL["id_regex"].startswith("^") and MODEL["id_regex"].endswith("$")
    for need_id in needs:
        assert pattern.match(need_id), need_id
        # Sphinx's search splits words at non-word characters: an ID must be one word.
        assert re.fullmatch(r"\w+", need_id) and not need_id.isdigit(), need_id


def test_action_and_indicator_ids_carry_their_section_code(needs: dict) -> None:
    """Friend states editing different sections can never pick the same ID."""
    codes = {s["docname"]: s["code"] for s in by_type(needs, "section")}
    assert len(set(codes.values())) == len(codes), "two sections share a code"
    for need in by_type(needs, "action") + by_type(needs, "indicator"):
        code = codes[section_page(need["docname"])]
        assert re.fullmatch(rf"{code}_\d{{2,}}(_I\d+)?", need["id"]), need["id"]
