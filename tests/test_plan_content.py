"""The plan's content meets the outline's brief: enough concrete actions in every
section, in the one + four year approach, sequenced, written concisely, owned by
someone accountable, and covering what the outline asks of each section.

Each action's section is its ``section`` link (set by the build), never the name
of its page. The rules the strict build enforces (an indicator per action, article
coverage, steps in order, no action in the introduction) are tested once, by
failing builds (tests/test_bad_input.py, tests/test_traceability.py)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from conftest import Build, actions_by_section, by_type

#: Minimum actions per section number, from the brief for this draft.
MINIMUM_ACTIONS = {2: 6, 3: 6, 4: 8, 5: 8, 6: 8, 7: 8, 8: 6}
#: Words that make an owner a catch-all nobody is accountable for.
CATCH_ALL_OWNERS = {"all", "everyone", "everybody", "stakeholders", "all actors", "all states",
                    "the international community", "everyone concerned", "relevant actors"}
#: Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = re.compile(r"\b(Art|Arts|e\.g|i\.e|No|para|cf)\.")


def sections_by_number(needs: dict) -> dict[int, dict]:
    return {int(s["number"]): s for s in by_type(needs, "section")}


def sentences(text: str) -> list[str]:
    text = ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "<dot>"), " ".join(text.split()))
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def test_between_55_and_80_actions_in_all(needs: dict) -> None:
    assert 55 <= len(by_type(needs, "action")) <= 80


@pytest.mark.parametrize("number", sorted(MINIMUM_ACTIONS))
def test_each_section_has_enough_actions(needs: dict, number: int) -> None:
    count = len(actions_by_section(needs)[number])
    assert count >= MINIMUM_ACTIONS[number], f"section {number} has {count} actions"


@pytest.mark.parametrize("number", sorted(MINIMUM_ACTIONS))
def test_each_section_has_year_one_and_later_actions(needs: dict, number: int) -> None:
    horizons = {a["horizon"][0] for a in actions_by_section(needs)[number]}
    assert "MSP_2" in horizons, f"section {number} has no action due at 2MSP"
    assert horizons - {"MSP_2"}, f"section {number} has only year-one actions"


@pytest.mark.parametrize("number", sorted(MINIMUM_ACTIONS))
def test_each_section_sequences_its_steps(needs: dict, number: int) -> None:
    assert any(a["follows"] for a in actions_by_section(needs)[number]), f"section {number} has no sequenced step"


def test_no_two_actions_share_a_title(needs: dict) -> None:
    titles = Counter(a["title"].strip().lower() for a in by_type(needs, "action"))
    assert [t for t, n in titles.items() if n > 1] == []


def test_no_two_indicators_share_a_wording(needs: dict) -> None:
    titles = Counter(i["title"].strip().lower() for i in by_type(needs, "indicator"))
    assert [t for t, n in titles.items() if n > 1] == []


def test_every_action_body_is_one_to_three_sentences(needs: dict) -> None:
    for action in by_type(needs, "action"):
        found = sentences(action["content"])
        assert 1 <= len(found) <= 3, f"{action['id']}: {len(found)} sentences: {found}"
        assert found[-1].endswith((".", "!", "?")), f"{action['id']}: the body does not end a sentence"


def test_the_sentence_counter_itself() -> None:
    assert len(sentences("States act under Art. 7 by 30 April. Then e.g. report.")) == 2
    assert len(sentences("One. Two. Three. Four.")) == 4


def test_no_owner_is_a_catch_all(needs: dict) -> None:
    for actor in by_type(needs, "actor"):
        assert actor["title"].strip().lower() not in CATCH_ALL_OWNERS, actor["id"]
    for action in by_type(needs, "action"):
        for owner in action["owner"]:
            assert needs[owner]["title"].strip().lower() not in CATCH_ALL_OWNERS, action["id"]


def test_partnership_covers_every_bullet_of_the_outline(needs: dict) -> None:
    actions = actions_by_section(needs)[2]
    owners = {o for a in actions for o in a["owner"]}
    text = " ".join(a["title"] + " " + a["content"] for a in actions).lower()
    # every implementation actor is an owner, or at least named in an action
    for actor in ("ACTOR_CMC", "ACTOR_ICRC", "ACTOR_VICTIMS"):
        assert actor in owners, f"{actor} owns no partnership action"
    assert any(needs[o]["kind"] == "United Nations" for o in owners) or "united nations" in text
    for phrase in ("sponsorship", "review conference", "intersessional", "survivors", "private sector"):
        assert phrase in text, f"no partnership action mentions {phrase!r}"


def test_section_8_covers_reporting_national_measures_compliance_work_plan_and_procedure(needs: dict) -> None:
    actions = actions_by_section(needs)[8]
    articles = {a for action in actions for a in action["article"]}
    assert {"ART_07", "ART_08", "ART_09"} <= articles
    text = " ".join(a["title"] + " " + a["content"] for a in actions).lower()
    for phrase in ("180 days", "30 april", "work plan", "rules of procedure"):
        assert phrase in text, f"section 8 does not mention {phrase!r}"


def test_each_friends_contribution_is_shown_with_its_status(needs: dict) -> None:
    sections = sections_by_number(needs)
    for number in range(2, 9):
        section = sections[number]
        assert section["contribution_status"] in ("awaited", "to be confirmed"), number
        for friend in section["friend"]:
            assert needs[friend]["title"] in section["contribution"], (number, friend)


def test_the_introduction_explains_the_time_frame_and_how_to_read_an_action(site: Build) -> None:
    html = (site.outdir / "sections" / "1-introduction.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", html)
    for phrase in ("one-year", "five-year", "one + four", "Second Meeting of States Parties",
                   "First Review Conference", "horizon", "owner", "indicator", "baseline"):
        assert phrase in text, f"the introduction does not mention {phrase!r}"
