"""A pull request cannot bring anything from outside the repository into the site
(extensions/source_files.py): a page or folder that is a symbolic link, a file a
page names by a path out of the repository or through a link, a file the build
reads besides the pages (the data model, static files, templates) that is a link.

Each case copies the small plan of tests/roots/small-plan, puts a hostile file or
path in it pointing at a folder next to the copy (outside it) whose files hold a
marker, builds it strictly as `make html` does, and checks that the build fails
with the file (and line) and what to do, without crashing, and that the marker
is in no file of the output folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SMALL_PLAN_SECTION, Build, build, replace_in

pytestmark = pytest.mark.builds

SECTION = SMALL_PLAN_SECTION
#: In every file outside the repository: it must reach no file of the built site.
MARKER = "OUTSIDE-THE-REPOSITORY-3c9e1f"
#: The smallest PNG image, followed by the marker.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the plan's copy, outside it: what a hostile pull request points at."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{MARKER}\n", encoding="utf-8")
    (folder / "secret.png").write_bytes(PNG + MARKER.encode())
    (folder / "secret.csv").write_text(f"figure,value\n{MARKER},1\n", encoding="utf-8")
    (folder / "secret.mmd").write_text(f"graph TD\n  A[{MARKER}] --> B\n", encoding="utf-8")
    (folder / "secret.dot").write_text(f'digraph {{ "{MARKER}" }}\n', encoding="utf-8")
    (folder / "secret.json").write_text(json.dumps({"secret": MARKER}), encoding="utf-8")
    (folder / "report.rst").write_text(f"{MARKER}\n", encoding="utf-8")
    need = {"id": "UNI_99", "type": "action", "title": MARKER, "content": MARKER}
    (folder / "needs.json").write_text(json.dumps({"current_version": "1", "versions": {"1": {"needs": {
        "UNI_99": need}}}}), encoding="utf-8")
    return folder


def append(page: Path, block: str) -> int:
    """Add a block at the end of a page; returns the line it starts on."""
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n"
    page.write_text(f"{text}\n{block}\n", encoding="utf-8")
    return len(text.splitlines()) + 2


def assert_refused(result: Build, location: str, *phrases: str) -> None:
    """The build fails, the message names the file (and line) and says what to do,
    nothing crashed, and nothing from outside reached the output folder."""
    assert result.returncode != 0, f"the build passed\n{result.log}"
    for crash in ("Traceback", "Extension error", "Exception occurred"):
        assert crash not in result.log, result.log
    assert f"{location}: WARNING: " in result.log, f"no {location!r} in\n{result.log}"
    for phrase in (*phrases, "How to fix: ", "[plan.source_files]"):
        assert phrase in result.log, f"{phrase!r} not in\n{result.log}"
    assert_nothing_from_outside(result.outdir)


def assert_nothing_from_outside(outdir: Path) -> None:
    for path in outdir.rglob("*") if outdir.exists() else []:
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), f"the outside file reached {path}"


# -- pages ---------------------------------------------------------------------------


def test_a_page_that_is_a_symbolic_link(small_plan: Path, outside: Path, tmp_path: Path) -> None:
    page = small_plan / SECTION
    elsewhere = outside / "3-universalisation.md"
    elsewhere.write_text(page.read_text(encoding="utf-8").replace(
        "Actions to ensure global adherence to the Convention.", MARKER), encoding="utf-8")
    page.unlink()
    page.symlink_to(elsewhere)
    result = build(small_plan, tmp_path / "out")
    assert_refused(result, SECTION,
                   f"{SECTION}: this page is a symbolic link (to {elsewhere})",
                   "so the page is left out", "How to fix: replace a symbolic link by the file itself")


def test_a_section_folder_that_is_a_symbolic_link(small_plan: Path, outside: Path, tmp_path: Path) -> None:
    """A long section goes on in a folder named like its page: that folder may not be a link."""
    folder = outside / "continued"
    folder.mkdir()
    (folder / "part-2.md").write_text(f"# Universalisation, part 2\n\n{MARKER}\n", encoding="utf-8")
    (small_plan / "sections" / "3-universalisation").symlink_to(folder, target_is_directory=True)
    append(small_plan / SECTION, "```{toctree}\n3-universalisation/part-2\n```")
    result = build(small_plan, tmp_path / "out")
    assert_refused(result, "sections/3-universalisation",
                   f"sections/3-universalisation/: this folder is a symbolic link (to {folder})",
                   "the pages in it are left out")


def test_a_home_page_that_is_a_symbolic_link_stops_the_build(small_plan: Path, outside: Path,
                                                             tmp_path: Path) -> None:
    home = small_plan / "index.md"
    elsewhere = outside / "index.md"
    elsewhere.write_text(home.read_text(encoding="utf-8").replace("# A small plan", f"# {MARKER}"),
                         encoding="utf-8")
    home.unlink()
    home.symlink_to(elsewhere)
    result = build(small_plan, tmp_path / "out")
    assert_refused(result, "index.md", "index.md: the home page is a symbolic link", "Build stopped")


# -- what a page names ------------------------------------------------------------------

#: name: (block added at the end of the section page, what the message names, why)
NAMED_FILES: dict[str, tuple[str, str, str]] = {
    "a Markdown image": (
        "![A map](../../outside/secret.png)", "image ../../outside/secret.png", "it is outside the repository"),
    "an image from the repository's root": (
        "![A map](/../outside/secret.png)", "image /../outside/secret.png", "it is outside the repository"),
    "an image directive": (
        "```{image} ../../outside/secret.png\n```", "image ../../outside/secret.png",
        "it is outside the repository"),
    "a figure": (
        "```{figure} ../../outside/secret.png\nA map.\n```", "image ../../outside/secret.png",
        "it is outside the repository"),
    "a download role": (
        "Get {download}`the figures <../../outside/secret.txt>`.", "download ../../outside/secret.txt",
        "it is outside the repository"),
    "a Markdown link to a file": (
        "Get [the figures](../../outside/secret.txt).", "download ../../outside/secret.txt",
        "it is outside the repository"),
    "a literalinclude": (
        "```{literalinclude} ../../outside/secret.txt\n```", "{literalinclude} ../../outside/secret.txt",
        "it is outside the repository"),
    "a literalinclude's diff": (
        "```{literalinclude} ../index.md\n:diff: ../../outside/secret.txt\n```",
        "{literalinclude} :diff: ../../outside/secret.txt", "it is outside the repository"),
    "a csv-table file": (
        "```{csv-table} Figures\n:file: ../../outside/secret.csv\n```", "{csv-table} :file: ../../outside/secret.csv",
        "it is outside the repository"),
    "a csv-table URL": (
        "```{csv-table} Figures\n:url: file://{outside}/secret.csv\n```",
        "{csv-table} :url: file://{outside}/secret.csv", "the build would fetch it from outside the repository"),
    "a csv-table absolute file": (
        "```{csv-table} Figures\n:file: {outside}/secret.csv\n```", "{csv-table} :file: {outside}/secret.csv",
        "it is outside the repository"),
    "a mermaid file": (
        "```{mermaid} ../../outside/secret.mmd\n```", "{mermaid} ../../outside/secret.mmd",
        "it is outside the repository"),
    "a graphviz file": (
        "```{graphviz} ../../outside/secret.dot\n```", "{graphviz} ../../outside/secret.dot",
        "it is outside the repository"),
    "a needimport": (
        "```{needimport} ../../outside/needs.json\n```", "{needimport} ../../outside/needs.json",
        "it is outside the repository"),
    "a needimport URL": (
        "```{needimport} file://{outside}/needs.json\n```", "{needimport} file://{outside}/needs.json",
        "the build would fetch it from outside the repository"),
    "a needreport template": (
        "```{needreport}\n:types:\n:template: ../../outside/report.rst\n```",
        "{needreport} :template: ../../outside/report.rst", "it is outside the repository"),
    "a data-viewer file": (
        "```{data-viewer}\n:file: ../../outside/secret.json\n```", "{data-viewer} :file: ../../outside/secret.json",
        "it is outside the repository"),
    "a needservice": (
        "```{needservice} github-issues\n```", "{needservice}",
        "the {needservice} directive is not allowed in the plan's pages: it brings in content from a web service"),
    "an autoclasstree": (
        "```{autoclasstree} json\n```", "{autoclasstree}",
        "the {autoclasstree} directive is not allowed in the plan's pages: it draws classes from Python modules"),
}


@pytest.mark.parametrize("case", sorted(NAMED_FILES))
def test_a_page_naming_a_file_outside_the_repository(case: str, small_plan: Path, outside: Path,
                                                     tmp_path: Path) -> None:
    block, subject, why = (part.replace("{outside}", str(outside)) for part in NAMED_FILES[case])
    line = append(small_plan / SECTION, block)
    result = build(small_plan, tmp_path / "out")
    assert_refused(result, f"{SECTION}:{line}", f"{subject}: {why}", "left out of the site")


def test_an_image_through_a_symbolic_link_in_the_repository(small_plan: Path, outside: Path,
                                                              tmp_path: Path) -> None:
    (small_plan / "sections" / "map.png").symlink_to(outside / "secret.png")
    line = append(small_plan / SECTION, "![A map](map.png)")
    result = build(small_plan, tmp_path / "out")
    assert_refused(result, f"{SECTION}:{line}",
                   f"image map.png: it goes through a symbolic link (sections/map.png -> {outside / 'secret.png'})")


def test_a_file_in_a_hidden_folder(small_plan: Path, tmp_path: Path) -> None:
    """.git/config can hold the checkout's credentials: inside the folder, but not the site's."""
    (small_plan / ".git").mkdir()
    (small_plan / ".git" / "config").write_text(f'[http]\n\textraheader = "AUTHORIZATION: {MARKER}"\n',
                                               encoding="utf-8")
    line = append(small_plan / SECTION, "```{literalinclude} ../.git/config\n```")
    result = build(small_plan, tmp_path / "out")
    assert_refused(result, f"{SECTION}:{line}",
                   "{literalinclude} ../.git/config: it is in a hidden file or folder (.git)")


# -- files the build reads besides the pages ------------------------------------------------

#: name: (file of the plan replaced by a link, what the build reads it as)
BUILD_FILES: dict[str, tuple[str, str]] = {
    "the data model": ("needs/model.toml", "the data model"),
    "a static file": ("_static/plan.css", "static files copied to the site"),
    "a template": ("_templates/sidebar/downloads.html", "theme templates"),
    "an extension": ("extensions/need_boxes.py", "Python code of the build"),
}


@pytest.mark.parametrize("case", sorted(BUILD_FILES))
def test_a_file_the_build_reads_that_is_a_symbolic_link(case: str, small_plan: Path, outside: Path,
                                                         tmp_path: Path) -> None:
    name, role = BUILD_FILES[case]
    path = small_plan / name
    elsewhere = outside / path.name
    text = path.read_text(encoding="utf-8")
    if name.endswith(".toml"):  # the type's title is shown on every action
        text = text.replace('title = "Action"', f'title = "Action {MARKER}"')
    else:
        text += f"\n/* {MARKER} */\n" if name.endswith(".css") else f"\n{{# {MARKER} #}}\n" if name.endswith(
            ".html") else f"\n# {MARKER}\n"
    elsewhere.write_text(text, encoding="utf-8")
    path.unlink()
    path.symlink_to(elsewhere)
    result = build(small_plan, tmp_path / "out")
    assert_refused(result, name, f"{name}: the build reads it ({role}), and it goes through a symbolic link "
                   f"({name} -> {elsewhere})", "Build stopped")


def test_a_linked_folder_of_recorded_releases(small_plan: Path, outside: Path, tmp_path: Path) -> None:
    (outside / "draft-x").mkdir()
    (outside / "draft-x" / "needs.json").write_text((outside / "needs.json").read_text(encoding="utf-8"),
                                                    encoding="utf-8")
    (small_plan / "releases").symlink_to(outside, target_is_directory=True)
    result = build(small_plan, tmp_path / "out")
    assert_refused(result, "releases", "releases: the build reads it (recorded releases)", "Build stopped")


def test_the_fetched_assets_linked_anywhere_else(small_plan: Path, outside: Path, tmp_path: Path) -> None:
    """The test copies lend the real _vendor/ by a link, and the small plan builds
    (tests/test_bad_input.py); a _vendor/ linked to any other folder is refused."""
    vendor = small_plan / "_vendor"
    assert vendor.is_symlink() and (vendor.resolve() / ".fetched").is_file()
    (outside / "mermaid").mkdir()
    (outside / "mermaid" / "mermaid.esm.min.mjs").write_text(f"// {MARKER}\n", encoding="utf-8")
    vendor.unlink()
    vendor.symlink_to(outside, target_is_directory=True)
    result = build(small_plan, tmp_path / "out")
    assert_refused(result, "_vendor", "_vendor: the build reads it (static files copied to the site)",
                   "Build stopped")


def test_the_last_net_a_page_that_read_a_file_outside(small_plan: Path, outside: Path, tmp_path: Path) -> None:
    """A door no rule above closes (here a directive of a new extension) is still
    caught by what the page noted it read, and the page's content is left out."""
    (small_plan / "extensions" / "new_door.py").write_text(
        "from docutils import nodes\nfrom sphinx.util.docutils import SphinxDirective\n\n\n"
        "class NewDoor(SphinxDirective):\n    def run(self):\n"
        "        path = self.env.relfn2path('../../outside/secret.txt')[1]\n"
        "        self.env.note_dependency(path)\n"
        "        return [nodes.paragraph(text=open(path, encoding='utf-8').read())]\n\n\n"
        "def setup(app):\n    app.add_directive('new-door', NewDoor)\n", encoding="utf-8")
    replace_in(small_plan / "conf.py", "extensions = [\n", 'extensions = [\n    "extensions.new_door",\n')
    append(small_plan / SECTION, "```{new-door}\n```")
    result = build(small_plan, tmp_path / "out")
    assert_refused(result, SECTION, f"{SECTION}: the page read {outside / 'secret.txt'}, outside the repository",
                   "its content is left out of the site")
