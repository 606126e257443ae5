"""The reference objects (articles, actors, meetings) match the Convention."""

from conftest import by_type

#: The official titles of the Convention's 23 articles.
OFFICIAL_TITLES = {
    1: "General obligations and scope of application",
    2: "Definitions",
    3: "Storage and stockpile destruction",
    4: "Clearance and destruction of cluster munition remnants and risk reduction education",
    5: "Victim assistance",
    6: "International cooperation and assistance",
    7: "Transparency measures",
    8: "Facilitation and clarification of compliance",
    9: "National implementation measures",
    10: "Settlement of disputes",
    11: "Meetings of States Parties",
    12: "Review Conferences",
    13: "Amendments",
    14: "Costs and administrative tasks",
    15: "Signature",
    16: "Ratification, acceptance, approval or accession",
    17: "Entry into force",
    18: "Provisional application",
    19: "Reservations",
    20: "Duration and withdrawal",
    21: "Relations with States not party to this Convention",
    22: "Depositary",
    23: "Authentic texts",
}


def test_all_23_articles_with_official_titles(needs: dict) -> None:
    articles = {int(a["number"]): a for a in by_type(needs, "article")}
    assert sorted(articles) == list(range(1, 24))
    for number, title in OFFICIAL_TITLES.items():
        assert articles[number]["title"] == title
        assert articles[number]["id"] == f"ART_{number:02d}"


def test_deadline_facts_are_fields(needs: dict) -> None:
    assert "8 years" in needs["ART_03"]["deadline"]
    assert "9 months" in needs["ART_03"]["deadline"]
    assert "10 years" in needs["ART_04"]["deadline"]
    assert "180 days" in needs["ART_07"]["deadline"]
    assert "30 April" in needs["ART_07"]["deadline"]
    assert "five years" in needs["ART_12"]["deadline"]


def test_meetings_from_1msp_to_the_review_conference_in_date_order(needs: dict) -> None:
    meetings = sorted(by_type(needs, "meeting"), key=lambda m: int(m["sequence"]))
    assert [m["id"] for m in meetings] == ["MSP_1", "MSP_2", "MSP_3", "MSP_4", "MSP_5", "RC_1"]
    starts = [m["start"] for m in meetings]
    assert starts == sorted(starts), "the meetings' order and start dates disagree"
    assert meetings[0]["place"] == "Vientiane, Lao PDR"
    assert meetings[-1]["place"] == "Dubrovnik, Croatia"


def test_uncertain_meeting_dates_stay_visible(needs: dict) -> None:
    """Where sources differ, the entry says so and claims no false precision."""
    for meeting in ("MSP_2", "MSP_4"):
        assert "Sources differ" in needs[meeting]["note"]
        assert len(needs[meeting]["start"]) == len("YYYY-MM")


def test_actors_the_convention_and_the_outline_name(needs: dict) -> None:
    actors = {a["id"] for a in by_type(needs, "actor")}
    named = {
        "ACTOR_STATES_PARTIES", "ACTOR_STOCKPILING_STATES", "ACTOR_AFFECTED_STATES",
        "ACTOR_STATES_WITH_VICTIMS", "ACTOR_ASSISTING_STATES", "ACTOR_SIGNATORIES",
        "ACTOR_STATES_NOT_PARTY", "ACTOR_PRESIDENCY", "ACTOR_NORWAY", "ACTOR_LAO_PDR",
        "ACTOR_IRELAND", "ACTOR_JAPAN", "ACTOR_GERMANY", "ACTOR_AUSTRALIA", "ACTOR_AUSTRIA",
        "ACTOR_SOUTH_AFRICA", "ACTOR_BELGIUM", "ACTOR_NEW_ZEALAND", "ACTOR_CANADA",
        "ACTOR_CMC", "ACTOR_ICRC", "ACTOR_IFRC", "ACTOR_UN_SECRETARY_GENERAL", "ACTOR_UNODA",
        "ACTOR_UNDP", "ACTOR_UNMAS", "ACTOR_UNICEF", "ACTOR_GICHD", "ACTOR_VICTIMS",
        "ACTOR_PRIVATE_SECTOR",
    }
    assert named <= actors, f"missing actors: {sorted(named - actors)}"


def test_no_page_of_the_site_names_a_source_file(site) -> None:
    """Readers never see the maintainers' file names: the outline is cited by title."""
    for page in site.outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "shared/" not in text and "000_fb8ed6ce" not in text, page
