"""The same sources always give the same site, byte for byte, whether built from
clean or rebuilt after an edit the way `make serve` rebuilds: a plain incremental
build, which reads again the pages whose source changed and writes again every page
that shows what changed (extensions/dependencies.py)."""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PROJECT, Build, build, published_languages, replace_in
from test_recipes import CONTRIBUTING, inner, paste_at_end

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


def preview_build(srcdir: Path, outdir: Path, options: list[str] = ()) -> list[str]:
    """A rebuild as `make serve` does it (see the Makefile): a plain incremental build,
    reading again only the pages whose source changed. Returns the pages it wrote."""
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-n", "--keep-going", *options,
                             str(srcdir), str(outdir)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # Sphinx colours its log and ends progress lines with a carriage return when the
    # terminal allows it (FORCE_COLOR, as some CI runners set): read the plain lines.
    log = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", result.stdout).replace("\r", "\n")
    return re.findall(r"^writing output\.\.\. \[\s*\d+%\] (\S+?)\s*$", log, re.M)


def cut(path: Path, need_id: str) -> str:
    """Take a need's block, with the blocks of the needs that follow it up to the next
    action or heading (its indicators), out of a page; return the text taken."""
    text = path.read_text(encoding="utf-8")
    start = text.rindex("```{", 0, text.index(f":id: {need_id}\n"))
    ends = [i for i in (text.find("\n```{action}", start + 1), text.find("\n#", start + 1)) if i != -1]
    end = min(ends) + 1 if ends else len(text)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return text[start:end]


def new_action(project: Path) -> None:
    """The new action and its indicator, as CONTRIBUTING gives them."""
    paste_at_end(project / CONTRIBUTING["new-action"].where, inner(CONTRIBUTING["new-action"]))


def moved_to_a_continuation_page(project: Path) -> None:
    """An action cannot change section (its ID takes the section's code, and IDs never
    change meaning): it moves to a page of its own section, as CONTRIBUTING shows."""
    block = cut(project / "sections/5-clearance.md", "CLR_10")
    page = project / CONTRIBUTING["continuation-page"].where
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# 5. Clearing areas affected by cluster munitions (continued)\n\n" + block, encoding="utf-8")
    paste_at_end(project / "sections/5-clearance.md", inner(CONTRIBUTING["continuation-toctree"]))


def progress_record(project: Path) -> None:
    recipe = CONTRIBUTING["progress-record"]
    (project / recipe.where).write_text(inner(recipe), encoding="utf-8")


def replacing(name: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda project: replace_in(project / name, old, new) and None


#: Edits a contributor makes between two saves, each as it is made (on the project as
#: it was built before, when the edit needs a state to start from).
EDITS: dict[str, tuple[Callable[[Path], None], Callable[[Path], None] | None, list[str]]] = {
    "an action's title": (replacing(
        "sections/5-clearance.md", "```{action} Take all feasible steps to mark, fence and monitor",
        "```{action} Take all feasible steps to mark, fence and watch"), None, []),
    "an action's owner": (replacing(
        "sections/4-stockpile-destruction.md", ":id: STK_06\n:owner: ACTOR_ASSISTING_STATES\n",
        ":id: STK_06\n:owner: ACTOR_ASSISTING_STATES, ACTOR_GERMANY\n"), None, []),
    "an action's horizon": (replacing("sections/3-universalisation.md", ":horizon: MSP_4\n:follows: UNI_04\n",
                                      ":horizon: MSP_5\n:follows: UNI_04\n"), None, []),
    "an action's follows": (replacing("sections/3-universalisation.md", ":follows: UNI_05, UNI_06, UNI_08,",
                                      ":follows: UNI_05, UNI_08,"), None, []),
    "a new action": (new_action, None, []),
    "a deleted action": (lambda project: cut(project / CONTRIBUTING["new-action"].where, "UNI_11") and None,
                         new_action, []),
    "an action moved to another page": (moved_to_a_continuation_page, None, []),
    "a new indicator": (lambda project: paste_at_end(project / "sections/3-universalisation.md", (
        "```{indicator} Signatories that have set a date for their ratification\n:id: UNI_01_I4\n"
        ":measures: UNI_01\n:unit: signatories that have announced the date of their ratification\n"
        ":denominator: signatories that had not ratified at the close of 1MSP\n"
        ":baseline: 0 at the close of 1MSP\n:target: at 2MSP, at least half of them\n"
        ":source: the President's progress report to 2MSP\n```\n")) and None, None, []),
    "a progress record": (progress_record, None, []),
    "a reference object's title": (replacing("needs/actors.md", "```{actor} Japan\n", "```{actor} Japan (friend)\n"),
                                   None, []),
    "a link label in the model": (replacing("needs/model.toml", 'outgoing = "Owner"', 'outgoing = "Owned by"'),
                                  None, []),
    "a translated need title": (replacing(
        "locales/fr/LC_MESSAGES/needs.po",
        'msgstr "Signataires encouragés à ratifier la Convention à temps pour participer à la 2MSP',
        'msgstr "Signataires invités à ratifier la Convention à temps pour participer à la 2MSP'),
        None, ["-D", "language=fr"]),
    "a translated paragraph in Arabic, written right to left": (replacing(
        "locales/ar/LC_MESSAGES/traceability/timeline.po", "ويعرض الجدول الوارد تحته الوقائع نفسها",
        "ويعرض الجدول الوارد أدناه الوقائع نفسها"), None, ["-D", "language=ar"]),
    # the English site's translation status counts the catalogs of every language
    "a French translation marked for review (English translation status)": (replacing(
        "locales/fr/LC_MESSAGES/traceability/timeline.po", 'msgid "Timeline"\n', '#, fuzzy\nmsgid "Timeline"\n'),
        None, []),
    "a translated paragraph": (replacing(
        "locales/fr/LC_MESSAGES/traceability/timeline.po", "Le diagramme nécessite JavaScript",
        "Le schéma nécessite JavaScript"), None, ["-D", "language=fr"]),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_incremental_build_after_an_edit_equals_a_clean_build(project_copy: Path, tmp_path: Path,
                                                                 edit: str) -> None:
    """`make serve`'s rebuild after each kind of edit gives the site a clean build gives,
    page by page: every page that shows what changed is written again."""
    change, start, options = EDITS[edit]
    if start:
        start(project_copy)
    preview = tmp_path / "preview"
    preview_build(project_copy, preview, options)
    change(project_copy)
    written = preview_build(project_copy, preview, options)
    clean = build(project_copy, tmp_path / "clean", options=list(options))
    assert clean.returncode == 0, clean.log
    assert_same_site(preview, clean.outdir)
    assert written, edit


def test_an_incremental_build_writes_only_the_pages_that_show_the_change(project_copy: Path,
                                                                          tmp_path: Path) -> None:
    """A retitled action: its page, the pages that list it (articles, actors, meetings,
    the pages that link to it), its section's table and graph and the views of the whole
    plan are written again; the other sections, their tables and graphs, and the views
    that show no need are not."""
    preview = tmp_path / "preview"
    preview_build(project_copy, preview)
    EDITS["an action's title"][0](project_copy)
    written = set(preview_build(project_copy, preview))
    assert {"sections/5-clearance", "needs/articles", "needs/actors", "needs/meetings", "traceability/matrix"} <= written
    assert {"traceability/actions/5-clearance", "traceability/sequencing/5-clearance"} <= written
    # another section, its table and graph, the lists that show no need and the
    # translation status (it shows the catalogs) are left as they are
    assert not written & {"sections/2-partnership", "sections/6-victim-assistance", "traceability/actions/2-partnership",
                          "traceability/sequencing/2-partnership", "traceability/rules",
                          "traceability/downloads", "traceability/translations"}, sorted(written)
    assert preview_build(project_copy, preview) == []  # nothing changed: nothing written


def test_make_serve_after_an_edit_gives_the_site_a_clean_build_gives(project_copy: Path, tmp_path: Path) -> None:
    """The live preview itself: `make serve`, whose rebuilds are forked from a process
    that has imported Sphinx and the rest (tools/serve.py). Two saves, an action retitled
    then a new action: once the preview signals the reload, its site equals a clean
    build of the edited sources, page by page."""
    from serve import previewing

    shutil.copy2(PROJECT / "Makefile", project_copy / "Makefile")
    shutil.copy2(PROJECT / "requirements.txt", project_copy / "requirements.txt")
    with previewing(project_copy, tmp_path / "serve.log") as save:
        save(lambda: EDITS["an action's title"][0](project_copy))
        save(lambda: new_action(project_copy))
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    # the first build, the one that shows the watcher has started, the two saves: each
    # forked by tools/serve.py (its message), none failed
    assert log.count("[make serve] Rebuilding") == log.count("build succeeded") == 4, log[-3000:]
    assert "exit code" not in log, log[-3000:]
    port = re.search(r"-D plan_live_reload=(127\.0\.0\.1:\d+)", log)[1]
    clean = build(project_copy, tmp_path / "clean", options=["-D", f"plan_live_reload={port}"])
    assert clean.returncode == 0, clean.log
    preview = project_copy / "_build" / "serve"
    assert_same_site(preview, clean.outdir)
    assert "fence and watch" in (preview / "sections" / "5-clearance.html").read_text(encoding="utf-8")
    assert 'id="UNI_11"' in (preview / CONTRIBUTING["new-action"].where).with_suffix(".html").read_text(encoding="utf-8")


def test_make_serve_replaces_the_builder_of_the_sphinx_autobuild_release_it_pins() -> None:
    """tools/serve.py gives sphinx-autobuild its own Builder through the one name
    sphinx-autobuild's main builds with (an internal): pinned to the release it was
    written for, whose main builds with that name and calls it once before serving."""
    import inspect

    import sphinx_autobuild
    import sphinx_autobuild.__main__ as autobuild
    from serve import AUTOBUILD_VERSION, ForkedBuilder

    assert sphinx_autobuild.__version__ == AUTOBUILD_VERSION
    source = inspect.getsource(autobuild.main)
    assert "builder = Builder(" in source and "builder(changed_paths=())" in source
    assert issubclass(ForkedBuilder, autobuild.Builder)


def test_the_needs_are_read_unresolved_through_the_internal_store_this_project_pins() -> None:
    """extensions/dependencies.py reads the needs before sphinx-needs resolves them, through
    sphinx-needs' internal store (no public API does): pinned to the version it was written for."""
    import sphinx_needs
    from sphinx_needs.data import SphinxNeedsData

    assert sphinx_needs.__version__ == "9.1.0"
    assert callable(SphinxNeedsData.get_needs_mutable)


def test_the_need_boxes_use_the_sphinx_needs_internals_this_project_pins() -> None:
    """extensions/need_boxes.py draws each box in place of sphinx-needs' layouts: it finds
    the need nodes, lists the link types in the model's order with their labels, and
    fills a ``{ndf}`` role in a need's text, through sphinx-needs' internals (no public
    API does). Pinned to the version it was written for; the site tests check the boxes."""
    import inspect

    import sphinx_needs
    from sphinx_needs.data import SphinxNeedsData
    from sphinx_needs.functions.functions import find_and_replace_node_content
    from sphinx_needs.needs_schema import FieldsSchema, LinkDisplayConfig
    from sphinx_needs.nodes import Need

    assert sphinx_needs.__version__ == "9.1.0"
    assert callable(SphinxNeedsData.get_schema) and callable(FieldsSchema.iter_link_fields)
    assert {"outgoing", "incoming"} <= set(inspect.signature(LinkDisplayConfig).parameters)
    assert list(inspect.signature(find_and_replace_node_content).parameters) == ["node", "env", "need"]
    assert Need.__module__ == "sphinx_needs.nodes"
