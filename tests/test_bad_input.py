"""A mistake in a section file fails the build, and the message says which file,
which line, which action, and what to do."""

import re
from pathlib import Path

from conftest import build

SECTION = "sections/3-universalisation.md"


def break_section(project: Path, old: str, new: str) -> None:
    path = project / SECTION
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {SECTION}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, need_id: str) -> int:
    """The 1-based line of the need's opening fence, where the build reports it:
    the line just above its ``:id:`` line."""
    lines = (project / SECTION).read_text(encoding="utf-8").splitlines()
    return lines.index(f":id: {need_id}")  # 0-based index of :id: = 1-based line above it


def test_an_action_without_owner_fails_and_names_file_line_and_action(project_copy: Path, tmp_path: Path) -> None:
    break_section(project_copy, ":owner: ACTOR_STATES_PARTIES\n", "")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    line = line_of(project_copy, "UNI_01")
    assert re.search(rf"{re.escape(SECTION)}:{line}: ERROR: Need 'UNI_01' has schema violations", result.log), result.log
    assert "every action needs at least one owner" in result.log


def test_a_link_to_an_unknown_article_fails_and_names_file_line_and_action(project_copy: Path, tmp_path: Path) -> None:
    break_section(project_copy, ":article: ART_21\n", ":article: ART_24\n")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    line = line_of(project_copy, "UNI_01")
    assert f"{SECTION}:{line}: WARNING: Need 'UNI_01' has unknown outgoing link 'ART_24' in field 'article'" in result.log, result.log
