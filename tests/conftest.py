"""Shared fixtures: the real site built once per session, and copies of the
project that a test may break on purpose."""

from __future__ import annotations

import functools
import os
import runpy
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent
#: What a build reads: copied for tests that build a changed project.
PROJECT_SOURCES = ["conf.py", "index.md", "needs", "sections", "traceability", "monitoring", "extensions", "locales",
                   "_templates", "_static", "_vendor"]
sys.path.insert(0, str(PROJECT / "tools"))  # the tests call the project's tools too
from plan_data import read_needs  # noqa: E402  (one reader of needs.json for tools and tests)
#: The parser the tests read built pages with: lxml's, five times as fast as Python's
#: html.parser on these pages (make check reads some 260 of them).
HTML_PARSER = "lxml"
#: The section file of the small plan (tests/roots/small-plan).
SMALL_PLAN_SECTION = "sections/3-universalisation.md"
#: The same strict flags as the Makefile: fresh environment, warnings are errors.
STRICT = ["-E", "-n", "-W", "--keep-going"]


@dataclass
class Build:
    """The result of one sphinx-build run."""

    srcdir: Path
    outdir: Path
    returncode: int
    log: str

    @property
    def needs(self) -> dict[str, dict]:
        return read_needs(self.outdir / "needs.json")


def build(srcdir: Path, outdir: Path, builder: str = "html", options: list[str] = ()) -> Build:
    """Build ``srcdir`` strictly, as ``make html`` does (``options``: e.g. ``-D language=fr``)."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, *STRICT, *options, str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(srcdir, outdir, result.returncode, result.stdout + result.stderr)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Before any test (and, under ``make test``, before its workers start): compile
    every catalog of the published languages that is missing or older than its .po,
    as Sphinx does at the start of a language build. Sphinx writes each .mo next to its
    .po, so two workers building the same language at once would otherwise both write
    it while the other reads it."""
    if hasattr(session.config, "workerinput"):  # a worker: the controller has done it
        return
    from sphinx.util.i18n import CatalogRepository  # Sphinx's own code for this step (internal: pinned by use)

    conf = runpy.run_path(str(PROJECT / "conf.py"))  # where the catalogs are: conf.py's locale_dirs
    for code in published_languages():
        for catalog in CatalogRepository(PROJECT, conf["locale_dirs"], code,
                                         conf.get("source_encoding", "utf-8-sig")).catalogs:
            if catalog.is_outdated():
                catalog.write_mo(code)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once for the whole test session; or, when PLAN_SITE
    names a folder (``make check`` has just built it strictly), that build."""
    if os.environ.get("PLAN_SITE"):
        if os.environ.get("PLAN_SITE_STATUS"):
            wait_for_the_build(Path(os.environ["PLAN_SITE_STATUS"]))
        outdir = Path(os.environ["PLAN_SITE"]).resolve()
        assert (outdir / "needs.json").is_file(), f"PLAN_SITE={outdir} holds no built site"
        return Build(PROJECT, outdir, 0, "build succeeded (by make check)")
    result = build(PROJECT, tmp_path_factory.mktemp("site") / "html")
    assert result.returncode == 0, f"the site does not build:\n{result.log}"
    return result


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests that must share one worker (an ``xdist_group``: the printed edition's,
    which share one `make pdf`) are collected first, so that `make test` starts them at
    once, on one worker, while the other takes everything else, rather than when a worker
    reaches their file. The order is otherwise the files' own."""
    items.sort(key=lambda item: item.get_closest_marker("xdist_group") is None)


def wait_for_the_build(status: Path, timeout: float = 600) -> None:
    """`make check` starts its tests beside the English build, so that pytest starts and
    collects them meanwhile; the build writes its exit status to ``status`` when it ends.
    Wait for it; if the build failed, stop the session: there is no site to test, and
    the build has said why."""
    deadline = time.monotonic() + timeout
    while not status.exists():
        if time.monotonic() > deadline:
            pytest.exit(f"the English build wrote no status to {status} in {timeout:.0f} s", returncode=3)
        time.sleep(0.02)
    if status.read_text(encoding="utf-8").strip() != "0":
        pytest.exit("the English build failed (above): the tests of the site did not run", returncode=3)


def translate_what_is_missing(root: Path, language: str) -> int:
    """What a translator does after `make translations`: every message of ``language``'s
    catalogs that is untranslated or fuzzy gets a translation (here the English marked
    "«fr» ", so a test can tell it apart), and its fuzzy mark is removed. Returns how many."""
    from babel.messages.pofile import read_po, write_po

    done = 0
    for path in (root / "locales" / language / "LC_MESSAGES").rglob("*.po"):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id:
                continue
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(forms) and not message.fuzzy:
                continue
            mark = f"«{language}» "
            if isinstance(message.id, tuple):  # singular and plural: every plural form of the language
                message.string = tuple(mark + message.id[min(i, 1)] for i in range(catalog.num_plurals))
            else:
                message.string = mark + message.id
            message.flags.discard("fuzzy")
            done += 1
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0, omit_header=True, include_previous=True, sort_output=False)
    return done


def published_languages() -> list[str]:
    """The languages locales/languages.toml publishes, besides English."""
    from extensions.languages import published_languages as published

    return published(PROJECT)


@pytest.fixture(scope="session")
def language_sites(site: Build) -> dict[str, Build]:
    """Each published language, built strictly into its folder of the site (as
    `make html` does: _build/html/fr/), so the site is served with every language."""
    built = {}
    for code in published_languages():
        result = build(PROJECT, site.outdir / code,
                       options=["-D", f"language={code}", "-d", str(site.outdir.parent / f"doctrees-{code}")])
        assert result.returncode == 0, f"the {code} site does not build:\n{result.log}"
        built[code] = result
    return built


@pytest.fixture(scope="session")
def needs(site: Build) -> dict[str, dict]:
    """Every need of the real site, by ID, from its needs.json."""
    return site.needs


def fresh_clone(dest: Path) -> Path:
    """A fresh copy of the repository, as `git clone` gives it, with this machine's
    set-up (.venv, _vendor) lent to it, and `origin/main` pointing at its first commit."""
    listed = subprocess.run(["git", "-C", str(PROJECT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        source = PROJECT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)  # keeps the times, so make sees the set-up as done
    for command in (["init", "-q", "-b", "main"], ["add", "-A"],
                    ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base"],
                    ["remote", "add", "origin", str(dest)], ["fetch", "-q", "origin"]):
        git(dest, *command)
    for lent in (".venv", "_vendor"):
        (dest / lent).symlink_to(PROJECT / lent, target_is_directory=True)
    return dest


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the whole project's sources, to change and build."""
    dest = tmp_path / "project"
    dest.mkdir()
    for name in [*PROJECT_SOURCES, "releases", "tools", ".gitignore"]:
        _copy(PROJECT / name, dest / name)
    return dest


def plan_from_root(root: str, dest: Path) -> Path:
    """The project's configuration, model, reference objects and views, with the
    home page and sections of tests/roots/<root> instead of the real ones."""
    dest.mkdir(parents=True)
    for name in PROJECT_SOURCES:
        if name not in ("index.md", "sections"):
            _copy(PROJECT / name, dest / name)
    shutil.copytree(PROJECT / "tests" / "roots" / root, dest, dirs_exist_ok=True)
    # the per-section traceability pages of the sections this plan has, only
    for per_section in [*dest.glob("traceability/actions/*.md"), *dest.glob("traceability/sequencing/*.md")]:
        if not (dest / "sections" / per_section.name).exists():
            per_section.unlink()
    return dest


@pytest.fixture
def small_plan(tmp_path: Path) -> Path:
    """The small plan of tests/roots/small-plan: one section, three sequenced actions."""
    return plan_from_root("small-plan", tmp_path / "small-plan")


def _copy(source: Path, dest: Path) -> None:
    if source.name == "_vendor":  # large, fetched, never changed by a test
        dest.symlink_to(source, target_is_directory=True)
    elif source.is_dir():
        shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__"))
    elif source.exists():
        shutil.copy2(source, dest)


def replace_in(path: Path, old: str, new: str) -> str:
    """Make one edit in a file, failing if the text to replace is not there (so that
    a test can never pass because its edit silently did nothing). Returns the new text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


@functools.cache
def page(outdir: Path, name: str) -> BeautifulSoup:
    """A built page, parsed once for the whole session (read-only: never change it)."""
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), HTML_PARSER)


def by_type(needs: dict[str, dict], need_type: str) -> list[dict]:
    """The needs of one type, in ID order."""
    return [n for _, n in sorted(needs.items()) if n["type"] == need_type]


ENDED_STATUSES = ("retired", "superseded")


def live(needs_list: list[dict]) -> list[dict]:
    """The needs still in force: a retired or superseded ID stays on its page and in
    the exports, but no longer counts in traces, views and totals."""
    return [n for n in needs_list if n.get("status") not in ENDED_STATUSES]


def live_ids(needs: dict[str, dict], ids: list[str]) -> list[str]:
    return [i for i in ids if needs[i].get("status") not in ENDED_STATUSES]


def actions_by_section(needs: dict[str, dict]) -> dict[int, list[dict]]:
    """Each section's actions, by the section's number: read from each action's
    ``section`` link, as the build set it, never from the name of its page."""
    grouped: dict[int, list[dict]] = {int(s["number"]): [] for s in by_type(needs, "section")}
    for action in by_type(needs, "action"):
        grouped[int(needs[action["section"][0]]["number"])].append(action)
    return grouped


def obligation_articles(needs: dict[str, dict]) -> list[str]:
    """The articles that carry obligations the plan must serve, as needs/articles.md
    marks them (``:carries_obligations: true``)."""
    return [a["id"] for a in by_type(needs, "article") if a["carries_obligations"]]
