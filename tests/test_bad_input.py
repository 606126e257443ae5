"""Every mistake a contributor can make in a section file fails the build, and
the message names the file and line, the action, and what to do.

Each case copies the small plan of tests/roots/small-plan, makes one mistake in
it, builds it strictly as `make html` does, and checks the message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build

pytestmark = pytest.mark.builds

SECTION = "sections/3-universalisation.md"

#: name: (text to replace, its replacement, the need reported, the rule's kind, phrases the message must hold)
CASES: dict[str, tuple[str, str, str, str, list[str]]] = {
    "missing owner": (
        ":owner: ACTOR_ICRC\n", "", "UNI_02", "schema.action-owner",
        ["WARNING: UNI_02 (action): Every action needs at least one owner. How to fix: Add ':owner: ACTOR_...'"]),
    "missing article": (
        ":article: ART_16\n", "", "UNI_02", "schema.action-article",
        ["UNI_02 (action): Every action implements at least one article", "How to fix: Add ':article: ART_..'"]),
    "missing horizon": (
        ":horizon: MSP_3\n", "", "UNI_02", "schema.action-horizon",
        ["UNI_02 (action): Every action is due by exactly one meeting", "How to fix: Add one ':horizon:' line"]),
    "two horizons": (
        ":horizon: MSP_3\n", ":horizon: MSP_3, MSP_4\n", "UNI_02", "schema.action-horizon",
        ["UNI_02 (action): Every action is due by exactly one meeting"]),
    "due by the adopting meeting": (
        ":horizon: MSP_3\n", ":horizon: MSP_1\n", "UNI_02", "schema.action-horizon-after-adoption",
        ["UNI_02 (action): The First Meeting adopts the plan, so no action can be due by it",
         "How to fix: Choose ':horizon: MSP_2' or a later meeting"]),
    "link to an unknown article": (
        ":article: ART_16\n", ":article: ART_24\n", "UNI_02", "needs.link_outgoing",
        ["Need 'UNI_02' has unknown outgoing link 'ART_24' in field 'article'",
         "How to fix [needs.link_outgoing]: check the spelling of the ID"]),
    "owner that is an article": (
        ":owner: ACTOR_ICRC\n", ":owner: ART_03\n", "UNI_02", "needs.link_target_type",
        ["Need 'UNI_02' link 'ART_03' in field 'owner'", "How to fix [needs.link_target_type]: ':owner:' takes actor IDs"]),
    "section written by hand": (
        ":horizon: MSP_3\n", ":horizon: MSP_3\n:section: SEC_STK\n", "UNI_02", "plan.section_link",
        ["UNI_02.section (SEC_STK)", "the page it is written on (SEC_UNI)", "How to fix: remove the ':section:' line"]),
    "duplicate ID": (
        ":id: UNI_02\n", ":id: UNI_01\n", "UNI_02", "needs.create_need",
        ["A need with ID 'UNI_01' already exists", "'already exists': every ID is used once"]),
    "malformed ID": (
        ":id: UNI_02\n", ":id: UNI-02\n", "UNI_02", "needs.create_need",
        ["Given ID 'UNI-02' does not match", "write the ID as UNI_07 or UNI_07_I1"]),
    "ID from another section": (
        ":id: UNI_02\n", ":id: STK_02\n", "UNI_02", "plan.id_section",
        ["STK_02.id (STK_02)", "the section code UNI", "How to fix: take the section's code and the next free number"]),
    "follows cycle": (
        ":horizon: MSP_2\n", ":horizon: MSP_2\n:follows: UNI_03\n", "UNI_01", "plan.follows_cycle",
        ["UNI_01.follows (UNI_03)", "follow each other in a circle (UNI_01 -> UNI_03 -> UNI_02 -> UNI_01)"]),
    "due before the step it follows": (
        ":horizon: RC_1\n", ":horizon: MSP_2\n", "UNI_03", "plan.follows_order",
        ["UNI_03.follows (UNI_02)", "due by MSP_2, before the step it follows (UNI_02, due by MSP_3)",
         "How to fix: give the action a later ':horizon:'"]),
    "blank line between directive and options": (
        ":id: UNI_02\n", "\n:id: UNI_02\n", "UNI_02", "needs.create_need",
        ["No ID defined", "with no blank line before the options"]),
    "unknown option": (
        ":owner: ACTOR_ICRC\n", ":owners: ACTOR_ICRC\n", "UNI_02", "needs.directive",
        ["Unknown option 'owners'", "How to fix [needs.directive]: an action takes :id:, :owner:"]),
    "option of another type": (
        ":measures: UNI_02\n", ":measures: UNI_02\n:owner: ACTOR_ICRC\n", "UNI_02_I1", "needs.undeclared_for_type",
        ["Link type 'owner' is not declared on need type 'indicator'", "How to fix [needs.undeclared_for_type]: remove the line"]),
    "invalid status": (
        ":status: draft\n", ":status: drafted\n", "UNI_01", "schema.field-values",
        ["UNI_01 (action): ':status:' \"drafted\" is not one of", "It must be one of draft, agreed, retired, superseded."]),
    "action without indicator": (
        ":measures: UNI_03\n", ":measures: UNI_02\n", "UNI_03", "plan.indicator_missing",
        ["UNI_03.measures_back (none): no indicator measures this action"]),
    "action in the introduction": (
        ":number: 3\n", ":number: 1\n", "UNI_01", "plan.introduction_actions",
        ["UNI_01.id (UNI_01): the introduction explains the plan and holds no action"]),
    "indicator without baseline": (
        ":baseline: none at 1MSP\n", "", "UNI_02_I1", "schema.indicator-values",
        ["UNI_02_I1 (indicator): Every indicator says what is counted, where it starts", "':baseline:'"]),
    "indicator without measures": (
        ":measures: UNI_02\n", "", "UNI_02_I1", "schema.indicator-measures",
        ["UNI_02_I1 (indicator): Every indicator measures at least one action"]),
    "superseded without its successor": (
        ":status: draft\n", ":status: superseded\n", "UNI_01", "schema.superseded-by",
        ["UNI_01 (action): A superseded action names the action that replaces it"]),
    "later step not marked indicative": (
        ":indicative: to be confirmed at 2MSP\n", "", "UNI_02", "plan.indicative",
        ["UNI_02.indicative (none): this draft action is a later step (due by MSP_3), but is not marked indicative",
         "How to fix: on a draft action due after MSP_2, add ':indicative: to be confirmed at 2MSP'"]),
    "first-year action marked indicative": (
        ":horizon: MSP_2\n", ":horizon: MSP_2\n:indicative: to be confirmed at 2MSP\n", "UNI_01", "plan.indicative",
        ["UNI_01.indicative (to be confirmed at 2MSP): this action is due by MSP_2, in the first year"]),
    "an organisation directed, not invited": (
        "The ICRC is invited to offer legal help", "The ICRC offers legal help", "UNI_02", "plan.invited_owner",
        ["UNI_02.owner (ACTOR_ICRC): International Committee of the Red Cross (ICRC) (Red Cross and Red Crescent) "
         "is not bound by a decision of the States Parties", "How to fix: write that the actor 'is invited to'"]),
    "indicator counting States without its denominator": (
        ":denominator: signatories that had not ratified at 1MSP\n", "", "UNI_01_I1", "schema.indicator-denominator",
        ["UNI_01_I1 (indicator): An indicator that counts States says which States it counts among",
         "How to fix: Add ':denominator:'"]),
    "yes/no indicator with a numeric baseline": (
        ":baseline: no review at 1MSP\n", ":baseline: 0\n", "UNI_03_I1", "schema.indicator-yes-no",
        ["UNI_03_I1 (indicator): A yes/no indicator starts from no or yes and aims at yes"]),
    "section without lead": (
        ":lead: ACTOR_NORWAY, ACTOR_LAO_PDR\n", "", "SEC_UNI", "schema.section-lead",
        ["SEC_UNI (section): Every plan section names its lead(s)"]),
}


def assert_no_crash(log: str) -> None:
    """The mistake is reported, and the build goes on to report any other one."""
    for crash in ("Traceback", "Extension error", "Exception occurred"):
        assert crash not in log, log


def opening_line(text: str, need_id: str) -> int:
    """The 1-based line of the need's opening fence, just above its ``:id:`` line."""
    return text.splitlines().index(f":id: {need_id}")


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_mistake_fails_the_build_with_file_line_and_fix(case: str, small_plan: Path, tmp_path: Path) -> None:
    old, new, need_id, kind, phrases = CASES[case]
    path = small_plan / SECTION
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the small plan no longer has {old!r}"
    line = opening_line(text, need_id)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    result = build(small_plan, tmp_path / "out")

    assert result.returncode != 0, f"{case}: the build passed\n{result.log}"
    assert_no_crash(result.log)
    assert f"{SECTION}:{line}: " in result.log, f"{case}: no {SECTION}:{line} in\n{result.log}"
    assert f"[{kind}]" in result.log, f"{case}: no [{kind}] in\n{result.log}"
    for phrase in phrases:
        assert phrase in result.log, f"{case}: {phrase!r} not in\n{result.log}"


def test_a_progress_record_on_a_section_page(small_plan: Path, tmp_path: Path) -> None:
    path = small_plan / SECTION
    record = ("\n```{progress} UNI_01 at MSP_2\n:id: UNI_01_AT_MSP_2\n:action: UNI_01\n:meeting: MSP_2\n"
              ":progress: on track\n:evidence: X/1\n:date: 2011-09-16\n```\n")
    text = path.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 2
    path.write_text(text + record, encoding="utf-8")
    result = build(small_plan, tmp_path / "out")
    assert result.returncode != 0
    assert_no_crash(result.log)
    assert (f"{SECTION}:{line}: WARNING: UNI_01_AT_MSP_2.docname (sections/3-universalisation): progress records "
            "belong to the meeting's file in monitoring/") in result.log, result.log
    assert "[plan.progress_place]" in result.log


def test_a_fifth_first_year_action_in_a_section(small_plan: Path, tmp_path: Path) -> None:
    """The outline's first year is short: a section's fifth action due by 2MSP fails,
    named with the section's other first-year actions."""
    path = small_plan / SECTION
    extra = "".join(
        f"\n```{{action}} Extra first-year action {n}\n:id: UNI_0{n}\n:owner: ACTOR_JAPAN\n:article: ART_21\n"
        f":horizon: MSP_2\n:status: draft\n\nJapan will do task {n} by the Second Meeting.\n```\n"
        f"\n```{{indicator}} Task {n} done\n:id: UNI_0{n}_I1\n:measures: UNI_0{n}\n:unit: task done (yes/no)\n"
        f":baseline: no\n:target: yes, by 2MSP\n:source: the President's progress report to 2MSP\n```\n"
        for n in (4, 5, 6, 7))
    text = path.read_text(encoding="utf-8") + extra
    path.write_text(text, encoding="utf-8")
    line = opening_line(text, "UNI_07")
    result = build(small_plan, tmp_path / "out")
    assert result.returncode != 0
    assert_no_crash(result.log)
    assert (f"{SECTION}:{line}: WARNING: UNI_07.horizon (MSP_2): SEC_UNI has 5 live first-year actions "
            "(UNI_01, UNI_04, UNI_05, UNI_06, UNI_07); at most 4.") in result.log, result.log
    assert "[plan.first_year_limit]" in result.log
    assert "UNI_06.horizon" not in result.log  # the first four are not blamed


def test_two_sections_with_one_code(small_plan: Path, tmp_path: Path) -> None:
    extra = small_plan / "sections" / "9-extra.md"
    extra.write_text("# 9. Extra\n\n```{section} Extra\n:id: SEC_EXTRA\n:number: 8\n:code: UNI\n"
                     ":lead: ACTOR_NORWAY\n\nA second section with a code already taken.\n```\n", encoding="utf-8")
    index = small_plan / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("sections/3-universalisation\n",
                                                               "sections/3-universalisation\nsections/9-extra\n"),
                     encoding="utf-8")
    result = build(small_plan, tmp_path / "out")
    assert result.returncode != 0
    assert_no_crash(result.log)
    # the sections are taken in ID order: SEC_EXTRA first, so SEC_UNI is the one told
    assert ("sections/3-universalisation.md:3: WARNING: SEC_UNI.code (UNI): SEC_EXTRA has this code already"
            in result.log), result.log
    assert "[plan.section_code]" in result.log


def test_the_small_plan_itself_builds(small_plan: Path, tmp_path: Path) -> None:
    """Without this, every case above could fail for a reason of its own."""
    result = build(small_plan, tmp_path / "out")
    assert result.returncode == 0, result.log
    assert "WARNING" not in result.log


def test_a_page_missing_from_the_table_of_contents(small_plan: Path, tmp_path: Path) -> None:
    index = small_plan / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("sections/3-universalisation\n", ""), encoding="utf-8")
    result = build(small_plan, tmp_path / "out")
    assert result.returncode != 0
    assert f"{SECTION}: WARNING: document isn't included in any toctree" in result.log, result.log
    assert "How to fix [toc.not_included]: add the page to a table of contents" in result.log


def test_a_broken_cross_reference(small_plan: Path, tmp_path: Path) -> None:
    path = small_plan / SECTION
    old = "Actions to ensure global adherence to the Convention."
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index(old) + 1
    path.write_text(text.replace(old, "See {doc}`../needs/article`.", 1), encoding="utf-8")
    result = build(small_plan, tmp_path / "out")
    assert result.returncode != 0
    assert f"{SECTION}:{line}: WARNING: unknown document: '../needs/article'" in result.log, result.log
    assert "How to fix [ref.doc]: check the page name" in result.log


#: name: text that replaces the section's purpose line (line 10 of the small plan)
RAW_HTML = {
    "an HTML block": '<div onclick="alert(1)">Click</div>',
    "inline HTML": 'Actions <b onmouseover="alert(1)">to ensure</b> adherence.',
    "a script": "<script>alert(1)</script>",
    "a raw directive": "```{raw} html\n<script>alert(1)</script>\n```",
    "an include directive": "```{include} ../conf.py\n```",
}


@pytest.mark.parametrize("case", sorted(RAW_HTML))
def test_raw_html_in_a_section_fails_the_build(case: str, small_plan: Path, tmp_path: Path) -> None:
    path = small_plan / SECTION
    old = "Actions to ensure global adherence to the Convention."
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index(old) + 1
    path.write_text(text.replace(old, "Purpose.\n\n" + RAW_HTML[case], 1), encoding="utf-8")
    result = build(small_plan, tmp_path / "out")
    assert result.returncode != 0, result.log
    assert_no_crash(result.log)
    assert re.search(rf"{re.escape(SECTION)}:{line + 2}: WARNING: (HTML: raw HTML|\{{\w+\}}: the \{{\w+\}} directive) "
                     r"is not allowed in the plan's pages", result.log), result.log
    assert "How to fix: write it in Markdown instead. [plan.raw_html]" in result.log
    for page in (tmp_path / "out").rglob("*.html"):
        assert "alert(1)" not in page.read_text(encoding="utf-8"), f"{case} reached {page.name}"
