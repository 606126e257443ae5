"""Reviewers see what a pull request changes in the plan, and a released ID can
never silently disappear."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import release
from conftest import SMALL_PLAN_SECTION, build, replace_in
from semantic_diff import compare

pytestmark = pytest.mark.builds


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_the_diff_of_a_changed_owner_reports_exactly_that(project_copy: Path) -> None:
    git(project_copy, "init", "-q")
    git(project_copy, "add", "-A")
    git(project_copy, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    replace_in(project_copy / "sections" / "4-stockpile-destruction.md",
               ":id: STK_06\n:owner: ACTOR_ASSISTING_STATES\n",
               ":id: STK_06\n:owner: ACTOR_ASSISTING_STATES, ACTOR_GERMANY\n")
    result = subprocess.run([sys.executable, str(project_copy / "tools" / "semantic_diff.py"), "HEAD"],
                            capture_output=True, text=True, cwd=project_copy)
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "- actions: 0 added, 0 removed, 0 retired, 0 superseded, 1 changed" in report
    assert "- indicators: 0 added, 0 removed, 0 retired, 0 superseded, 0 changed" in report
    assert "- sections: 0 added, 0 removed, 0 retired, 0 superseded, 0 changed" in report
    assert "## Changed action STK_06:" in report
    rows = [line for line in report.splitlines() if line.startswith("| ") and not line.startswith(("| field", "| ---"))]
    assert rows == ["| owner | ACTOR_ASSISTING_STATES | ACTOR_ASSISTING_STATES, ACTOR_GERMANY |"]


def test_the_diff_reports_added_removed_and_changed_fields() -> None:
    base = {"A_01": {"type": "action", "title": "Old", "content": "x", "owner": ["O"], "horizon": ["MSP_2"]},
            "A_02": {"type": "action", "title": "Gone", "content": "y"},
            "A_04": {"type": "action", "title": "Kept", "content": "w", "status": "draft"},
            "A_05": {"type": "action", "title": "Ended", "content": "v", "status": "draft"}}
    head = {"A_01": {"type": "action", "title": "New", "content": "x", "owner": ["O"], "horizon": ["MSP_3"]},
            "A_03": {"type": "action", "title": "Fresh", "content": "z"},
            "A_04": {"type": "action", "title": "Kept", "content": "w", "status": "superseded",
                     "superseded_by": ["A_03"]},
            "A_05": {"type": "action", "title": "Ended", "content": "v", "status": "retired"}}
    report = compare(base, head, "main")
    assert "actions: 1 added, 1 removed, 1 retired, 1 superseded, 1 changed" in report
    assert "| superseded by | — | A_03 |" in report
    assert "| title | Old | New |" in report and "| horizon | MSP_2 | MSP_3 |" in report
    assert "## Added action A_03: Fresh" in report and "## Removed action A_02: Gone" in report


def test_a_released_id_that_disappears_fails_the_build(small_plan: Path, tmp_path: Path) -> None:
    recorded = release.main("test-release", root=small_plan)
    assert recorded.is_file()
    section = small_plan / SMALL_PLAN_SECTION
    text = section.read_text(encoding="utf-8")
    # drop UNI_03 and its indicator; UNI_01 takes over the articles only UNI_03 served
    section.write_text(text[: text.index("```{action} Review universalisation")], encoding="utf-8")
    uni_01_takes_over_the_articles_of_uni_03(section)
    result = build(small_plan, tmp_path / "out")
    assert result.returncode != 0
    assert result.log.count("WARNING") == 2, result.log  # UNI_03 and its indicator UNI_03_I1
    assert re.search(r"releases/test-release/needs\.json:\d+: WARNING: UNI_03: the action 'Review universalisation "
                     r"at the Review Conference' was released in 'test-release' and is no longer in the plan",
                     result.log), result.log
    assert "mark it ':status: retired'" in result.log and "[plan.released_id]" in result.log


def uni_01_takes_over_the_articles_of_uni_03(section: Path) -> None:
    """In the small plan, UNI_03 alone serves most obligations: whoever ends it hands
    them to a live action, or the coverage check flags each article as a gap."""
    replace_in(section, ":article: ART_21\n:horizon: MSP_2", ":article: ART_21, ART_01, ART_03, ART_04, ART_05, "
               "ART_06, ART_07, ART_08, ART_09\n:horizon: MSP_2")


def test_a_released_action_can_be_retired_or_superseded_but_not_dropped(small_plan: Path, tmp_path: Path) -> None:
    release.main("test-release", root=small_plan)
    section = small_plan / SMALL_PLAN_SECTION
    uni_01_takes_over_the_articles_of_uni_03(section)
    replace_in(section, ":follows: UNI_02\n:status: draft", ":follows: UNI_02\n:status: superseded")
    result = build(small_plan, tmp_path / "no-successor")
    assert result.returncode != 0 and "A superseded action names the action that replaces it" in result.log
    assert "[schema.superseded-by]" in result.log

    replace_in(section, ":status: superseded", ":status: superseded\n:superseded_by: UNI_02")
    result = build(small_plan, tmp_path / "superseded")
    assert result.returncode == 0, result.log
    page = (tmp_path / "superseded" / "traceability" / "releases.html").read_text(encoding="utf-8")
    assert "UNI_03" in page and "superseded" in page


def test_a_release_is_never_overwritten(small_plan: Path) -> None:
    release.main("test-release", root=small_plan)
    with pytest.raises(SystemExit, match="exists already"):
        release.main("test-release", root=small_plan)


def test_a_retired_action_keeps_the_build_green_and_is_listed(small_plan: Path, tmp_path: Path) -> None:
    release.main("test-release", root=small_plan)
    section = small_plan / SMALL_PLAN_SECTION
    replace_in(section, ":follows: UNI_02\n:status: draft", ":follows: UNI_02\n:status: retired")
    # a retired action no longer serves its articles: the obligations only it served are gaps
    result = build(small_plan, tmp_path / "gaps")
    assert result.returncode != 0
    assert re.search(r"needs/articles\.md:\d+: WARNING: ART_09\.article_back \(none\): .*no live action", result.log)

    uni_01_takes_over_the_articles_of_uni_03(section)
    result = build(small_plan, tmp_path / "out")
    assert result.returncode == 0, result.log
    page = (tmp_path / "out" / "traceability" / "releases.html").read_text(encoding="utf-8")
    assert "UNI_03" in page and "retired" in page
