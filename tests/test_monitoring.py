"""Monitoring: the pages computed from progress records say what the records
imply, on a fixture plan reviewed at three meetings; the real plan, which no
meeting has reviewed yet, says so and shows no progress."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from conftest import PROJECT, Build, build, by_type, page, plan_from_root, replace_in

#: The progress statuses in the model's order, which the reports follow.
STATUSES = tomllib.loads((PROJECT / "needs" / "model.toml").read_text(encoding="utf-8"))[
    "needs"]["types"]["progress"]["fields"]["progress"]["schema"]["enum"]

#: Where each fixture action stands at each meeting, as its records imply
#: (the latest record at or before the meeting; "no record" if none).
EXPECTED_AS_OF = {
    "MSP_2": {"UNI_01": "achieved", "UNI_02": "on track", "UNI_03": "not started", "UNI_04": "off track",
              "UNI_05": "no record", "UNI_06": "no record", "UNI_07": "no record"},
    "MSP_3": {"UNI_01": "achieved", "UNI_02": "off track", "UNI_03": "not started", "UNI_04": "superseded",
              "UNI_05": "on track", "UNI_06": "no record", "UNI_07": "no record"},
    "MSP_4": {"UNI_01": "achieved", "UNI_02": "off track", "UNI_03": "on track", "UNI_04": "superseded",
              "UNI_05": "achieved", "UNI_06": "no record", "UNI_07": "no record"},
}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("monitoring")
    result = build(plan_from_root("monitoring-plan", root / "src"), root / "html")
    assert result.returncode == 0, result.log
    return result


def soup(result: Build, name: str) -> BeautifulSoup:
    return page(result.outdir, name)


def table_after(page: BeautifulSoup, heading: str):
    return page.find(string=lambda s: s and s.startswith(heading)).find_next("table")


def first_column(table) -> list[str]:
    return [tr.find("td").get_text(strip=True) for tr in table.find("tbody").find_all("tr")]


@pytest.mark.builds
def test_the_fixture_uses_every_status(reviewed: Build) -> None:
    statuses = {r["progress"] for r in by_type(reviewed.needs, "progress")}
    assert statuses == set(STATUSES)


@pytest.mark.builds
def test_overdue_and_off_track_follow_from_the_records(reviewed: Build) -> None:
    page = soup(reviewed, "monitoring/index.html")
    text = " ".join(page.get_text("", strip=False).split())
    assert "Reviewed at: 2MSP, 3MSP, 4MSP. The latest review, at 4MSP, decides what is overdue." in text
    # due by 3MSP, reviewed up to 4MSP, never achieved: overdue (UNI_06 has no record at all);
    # UNI_04 is superseded, UNI_07 retired, UNI_01 and UNI_05 achieved, UNI_03 not yet due
    assert first_column(table_after(page, "Overdue: 2 actions")) == ["UNI_02", "UNI_06"]
    assert first_column(table_after(page, "Off track: 1 action")) == ["UNI_02"]


@pytest.mark.builds
@pytest.mark.parametrize("meeting", sorted(EXPECTED_AS_OF))
def test_each_meeting_report_gives_every_action_its_status(reviewed: Build, meeting: str) -> None:
    page = soup(reviewed, f"monitoring/progress-{meeting.split('_')[1]}MSP.html")
    every = page.find("table", class_="plan-progress")
    found = {tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")[3].get_text(" ", strip=True)
             for tr in every.find("tbody").find_all("tr")}
    expected = EXPECTED_AS_OF[meeting]
    assert {k: v.split(" (as recorded")[0] for k, v in found.items()} == expected
    # a status carried from an earlier meeting says so
    assert found["UNI_01"].endswith("(as recorded at 2MSP)") == (meeting != "MSP_2")
    counts = {tr.find_all("td")[0].get_text(strip=True): int(tr.find_all("td")[1].get_text(strip=True))
              for tr in page.find("table", class_="plan-dashboard").find("tbody").find_all("tr")}
    for status in set(expected.values()):
        assert counts[status] == list(expected.values()).count(status), (meeting, status)
    section = page.find_all("table", class_="plan-rollup")[0].find("tbody").find("tr").find_all("td")
    assert [int(td.get_text()) for td in section[1:]] == [
        7, *[list(expected.values()).count(s) for s in (*STATUSES, "no record")]]


@pytest.mark.builds
def test_each_action_shows_its_history(reviewed: Build) -> None:
    page = soup(reviewed, "sections/3-universalisation.html")
    history = page.find(id="UNI_02").find_parent("div", class_="need_container").find_next_sibling(
        "div", class_="plan-trace")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")][:2] for tr in history.find("tbody").find_all("tr")]
    assert rows == [["2MSP", "on track"], ["3MSP", "off track"], ["4MSP", "off track"]]


@pytest.mark.builds
def test_progress_records_are_in_every_export(reviewed: Build) -> None:
    records = by_type(reviewed.needs, "progress")
    assert len(records) == 11
    with (reviewed.outdir / "plan-progress.csv").open(encoding="utf-8") as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    sheet = list(load_workbook(reviewed.outdir / "plan-actions.xlsx", read_only=True)["progress"].iter_rows(values_only=True))
    assert len(sheet) == len(records) + 1
    for record in records:
        row = rows[record["id"]]
        assert (row["action"], row["meeting"], row["progress"], row["value"], row["evidence"], row["date"]) == (
            record["action"][0], record["meeting"][0], record["progress"], record["value"], record["evidence"],
            record["date"])


def build_with_edit(tmp_path: Path, old: str, new: str) -> Build:
    """The fixture plan with one edit to its 4MSP records page, built strictly."""
    src = plan_from_root("monitoring-plan", tmp_path / "src")
    replace_in(src / "monitoring" / "progress-4MSP.md", old, new)
    return build(src, tmp_path / "out")


@pytest.mark.builds
def test_a_progress_record_with_the_wrong_id_fails(tmp_path: Path) -> None:
    result = build_with_edit(tmp_path, ":id: UNI_05_AT_MSP_4", ":id: UNI_05_AT_MSP_3X")
    assert result.returncode != 0
    assert "UNI_05_AT_MSP_3X.id (UNI_05_AT_MSP_3X): a progress record's ID is the action's ID" in result.log
    assert "use ':id: UNI_05_AT_MSP_4'" in result.log and "[plan.progress_id]" in result.log


def test_the_real_plan_says_where_its_review_stands(site: Build, needs: dict) -> None:
    """Until a meeting's President adds its records, the plan says it awaits its first
    review; from then on it no longer does, and every record is exported."""
    records = by_type(needs, "progress")
    text = soup(site, "monitoring/index.html").get_text(" ", strip=True)
    with (site.outdir / "plan-progress.csv").open(encoding="utf-8") as handle:
        assert sorted(row["id"] for row in csv.DictReader(handle)) == sorted(r["id"] for r in records)
    if records:
        assert "awaiting its first review" not in text
    else:
        assert "awaiting its first review at the Second Meeting of States Parties" in text
        assert "Overdue" not in text


@pytest.mark.builds
def test_a_report_for_an_unknown_meeting_names_file_and_line(tmp_path: Path) -> None:
    result = build_with_edit(tmp_path, "progress-report MSP_4", "progress-report MSP_9")
    assert result.returncode != 0
    assert "monitoring/progress-4MSP.md:3: WARNING: progress-report 'MSP_9': not a meeting ID" in result.log, result.log
    assert "[plan.view]" in result.log
