"""Both editions build strictly: the full one + four year plan (the session's
site) and the one-year edition, which holds exactly the actions due by 2MSP."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, STRICT, Build, actions_by_section, by_type, live

pytestmark = pytest.mark.builds


@pytest.fixture(scope="module")
def one_year(tmp_path_factory: pytest.TempPathFactory) -> Build:
    outdir = tmp_path_factory.mktemp("one-year") / "html"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", *STRICT, "-D", "plan_edition=one-year",
                             str(PROJECT), str(outdir)], capture_output=True, text=True)
    built = Build(PROJECT, outdir, result.returncode, result.stdout + result.stderr)
    assert built.returncode == 0, built.log
    assert "WARNING" not in built.log
    return built


def test_the_one_year_edition_holds_exactly_the_year_one_actions(one_year: Build, needs: dict) -> None:
    full_year_one = {a["id"] for a in by_type(needs, "action") if a["horizon"] == ["MSP_2"]}
    edition = {a["id"] for a in by_type(one_year.needs, "action")}
    assert edition == full_year_one
    kept_indicators = {i["id"] for i in by_type(one_year.needs, "indicator")}
    assert kept_indicators == {i["id"] for i in by_type(needs, "indicator") if set(i["measures"]) & full_year_one}
    for action in by_type(one_year.needs, "action"):
        assert action["measures_back"], action["id"]
        assert set(action["follows"]) <= edition


def test_every_plan_section_has_year_one_actions(one_year: Build) -> None:
    sections = {one_year.needs[a["section"][0]]["number"] for a in by_type(one_year.needs, "action")}
    assert {int(s) for s in sections} == set(range(2, 9))


def test_the_year_one_actions_include_steps_that_prepare_the_longer_plan(one_year: Build, needs: dict) -> None:
    """The outline's one-year plan prepares the fuller plan up to the First Review
    Conference: the edition holds the live step that reviews the later steps for 2MSP,
    and in every section at least one year-one action is built on by a later step."""
    preparing = [a["id"] for a in live(by_type(one_year.needs, "action"))
                 if "First Review Conference" in a["title"] + a["content"] and "later steps" in a["content"]]
    assert preparing, "no year-one action prepares the longer plan"
    edition = {a["id"] for a in by_type(one_year.needs, "action")}
    for number, actions in actions_by_section(needs).items():
        built_on = {f for a in live(actions) if a["horizon"] != ["MSP_2"] for f in a["follows"]}
        if actions:
            assert built_on & edition, f"section {number}: no later step builds on a year-one action"


def test_the_edition_says_what_it_is_and_exports_only_its_actions(one_year: Build) -> None:
    for page in ["index.html", "sections/5-clearance.html", "traceability/matrix.html"]:
        assert "One-year edition" in (one_year.outdir / page).read_text(encoding="utf-8"), page
    html = (one_year.outdir / "sections" / "5-clearance.html").read_text(encoding="utf-8")
    assert 'id="CLR_01"' in html and 'id="CLR_05"' not in html
    with (one_year.outdir / "plan-actions.csv").open(encoding="utf-8") as handle:
        ids = {row["id"] for row in csv.DictReader(handle)}
    assert ids == {a["id"] for a in by_type(one_year.needs, "action")}
    assert one_year.needs and (one_year.outdir / "needs.json").read_text(encoding="utf-8").count('"draft-1MSP-one-year"')


def test_a_mention_of_a_later_step_stays_as_text_in_the_edition(one_year: Build, needs: dict) -> None:
    """Section prose names later steps ({need}`IMP_11` prepares them); the edition keeps
    the ID as plain text instead of a link to a page that does not hold it."""
    later = {a["id"] for a in by_type(needs, "action") if a["horizon"] != ["MSP_2"]}
    html = (one_year.outdir / "sections" / "7-cooperation-and-assistance.html").read_text(encoding="utf-8")
    mentioned = set(re.findall(r'<span class="plan-full-plan-only">([A-Z]{3}_\d{2})</span>', html))
    assert mentioned and mentioned <= later
    assert not any(f'#{i}"' in html for i in mentioned)


def test_an_unknown_edition_is_refused(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", *STRICT, "-D", "plan_edition=two-year",
                             str(PROJECT), str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode != 0
    assert "plan_edition 'two-year': the editions are full, one-year" in result.stdout + result.stderr
