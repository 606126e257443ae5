"""The same sources always give the same site, byte for byte, whether built from
clean or rebuilt after an edit the way `make serve` rebuilds (`-a`: pages read
again only where their source changed, every page written again)."""

from __future__ import annotations

import filecmp
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import PROJECT, Build, build, published_languages, replace_in

pytestmark = pytest.mark.builds

#: Sphinx's own caches, not part of the published site.
NOT_PUBLISHED = {".doctrees", ".buildinfo", ".buildinfo.bak"}


def published_files(outdir: Path) -> set[str]:
    """The files of one build: a language's site in its folder is a build of its own."""
    others = set(published_languages())
    return {str(p.relative_to(outdir)) for p in outdir.rglob("*")
            if p.is_file() and not NOT_PUBLISHED & set(p.relative_to(outdir).parts)
            and p.relative_to(outdir).parts[0] not in others}


def assert_same_site(first: Path, second: Path) -> None:
    files = published_files(first)
    assert files == published_files(second), files ^ published_files(second)
    assert len(files) > 100
    different = [f for f in sorted(files) if not filecmp.cmp(first / f, second / f, shallow=False)]
    assert different == [], f"these files differ: {different[:10]}"


def test_two_clean_builds_give_the_same_site(site: Build, tmp_path: Path) -> None:
    again = build(PROJECT, tmp_path / "again")
    assert again.returncode == 0, again.log
    assert_same_site(site.outdir, again.outdir)
    with zipfile.ZipFile(site.outdir / "plan-actions.xlsx") as xlsx:
        assert {i.date_time for i in xlsx.infolist()} == {(2000, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("code", published_languages())
def test_two_clean_builds_of_each_language_give_the_same_site(
        language_sites: dict[str, Build], tmp_path: Path, code: str) -> None:
    again = build(PROJECT, tmp_path / code, options=["-D", f"language={code}"])
    assert again.returncode == 0, again.log
    assert_same_site(language_sites[code].outdir, again.outdir)


def preview_build(srcdir: Path, outdir: Path) -> None:
    """A rebuild as `make serve` does it (see the Makefile)."""
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-a", "-n", "--keep-going",
                             str(srcdir), str(outdir)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


#: edits a contributor makes between two saves: (file, text, replacement)
EDITS = {
    "an owner added in one section": ("sections/4-stockpile-destruction.md", ":id: STK_06\n:owner: ACTOR_ASSISTING_STATES\n",
                                      ":id: STK_06\n:owner: ACTOR_ASSISTING_STATES, ACTOR_GERMANY\n"),
    "an action retitled": ("sections/5-clearance.md", "```{action} Take all feasible steps to mark, fence and monitor",
                           "```{action} Take all feasible steps to mark, fence and watch"),
    "a link label in the model": ("needs/model.toml", 'outgoing = "Owner"', 'outgoing = "Owned by"'),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_rebuild_after_an_edit_equals_a_clean_build(project_copy: Path, tmp_path: Path, edit: str) -> None:
    preview = tmp_path / "preview"
    preview_build(project_copy, preview)
    name, old, new = EDITS[edit]
    replace_in(project_copy / name, old, new)
    preview_build(project_copy, preview)
    clean = build(project_copy, tmp_path / "clean")
    assert clean.returncode == 0, clean.log
    assert_same_site(preview, clean.outdir)
