"""Every recipe in README.md and CONTRIBUTING.md works exactly as written.

Each recipe is a fenced block marked in the Markdown with a comment the reader does
not see, ``<!-- recipe: name (where it goes) -->``. The test reads the block from the
file (it keeps no copy of its own), does what the guide says with it in a fresh copy
of the repository, then runs ``make check`` there, as a desk officer would. The same
recipe with one deliberate mistake must fail, naming the file and the line."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import PROJECT, fresh_clone, published_languages, translate_what_is_missing

pytestmark = pytest.mark.builds

RECIPE = re.compile(r"<!-- recipe: (?P<name>[\w-]+)(?: \((?P<where>[^)]*)\))? -->\n"
                    r"(?P<fence>`{3,})(?P<lang>\w*)\n(?P<body>.*?\n)(?P=fence)\n", re.S)


@dataclass(frozen=True)
class Recipe:
    name: str
    where: str
    lang: str
    body: str


def recipes(guide: str) -> dict[str, Recipe]:
    text = (PROJECT / guide).read_text(encoding="utf-8")
    found = {m["name"]: Recipe(m["name"], m["where"] or "", m["lang"], m["body"]) for m in RECIPE.finditer(text)}
    markers = re.findall(r"^<!-- recipe: ", text, re.M)
    assert len(found) == len(markers), f"{guide}: a recipe marker is not followed by a fenced block"
    return found


CONTRIBUTING = recipes("CONTRIBUTING.md")
README = recipes("README.md")


def test_the_guides_mark_the_recipes_this_file_runs() -> None:
    assert set(CONTRIBUTING) == {"check", "new-action", "continuation-page", "continuation-toctree",
                                 "progress-record", "diff", "release", "codeowners", "translations",
                                 "preview-language"}
    assert set(README) == {"two-commands", "view", "print"}  # print: tests/test_printed_edition.py


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    return fresh_clone(tmp_path / "clone")


def run(clone: Path, command: str) -> subprocess.CompletedProcess[str]:
    """A shell command in the clone, with none of the outer make's settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PLAN_SITE")}
    return subprocess.run(["sh", "-c", command], cwd=clone, env=env, capture_output=True, text=True)


def passes(clone: Path, command: str) -> str:
    result = run(clone, command)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout + result.stderr


def fails(clone: Path, command: str) -> str:
    result = run(clone, command)
    assert result.returncode != 0, f"{command} passed:\n{result.stdout[-3000:]}"
    return result.stdout + result.stderr


def check_command() -> str:
    return CONTRIBUTING["check"].body.strip()


def passes_once_translated(clone: Path, english: list[str]) -> None:
    """After a change of English text, as CONTRIBUTING says: `make check` passes the
    build and the site's checks, then its translation gate lists each new English
    text for every published language; `make translations` brings the catalogs up to
    date; once the translators have filled them, `make check` passes."""
    output = fails(clone, check_command())
    assert re.search(r"\d+ passed", output) and "WARNING" not in output, output[-3000:]
    for code in published_languages():
        for text in english:
            assert re.search(rf"locales/{code}/LC_MESSAGES/[\w/-]+\.po:\d+: missing message: '{re.escape(text[:90])}",
                             output), (code, text, output[-3000:])
    listed = passes(clone, CONTRIBUTING["translations"].body.strip())
    for code in published_languages():
        assert re.search(rf"^{code}: \d+ of \d+ messages translated and current$", listed, re.M), listed
        assert translate_what_is_missing(clone, code) >= len(english)
    passes(clone, check_command())


def inner(recipe: Recipe) -> str:
    """What the reader pastes: a ````markdown block's content."""
    assert recipe.lang == "markdown", recipe.name
    return recipe.body


def recipe_ids(recipe: Recipe) -> list[str]:
    """The IDs a recipe's blocks declare, in order: the guide must offer IDs that are
    free in today's plan, or a desk officer's first paste fails as a duplicate."""
    return re.findall(r"^:id: (\S+)$", recipe.body, re.M)


def paste_at_end(path: Path, text: str) -> int:
    """Append ``text`` to a page as a reader would, after a blank line; return the
    1-based line the pasted text starts on."""
    before = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def test_make_check_passes_on_a_fresh_clone(clone: Path) -> None:
    output = passes(clone, check_command())
    assert re.search(r"\d+ passed", output)


def test_a_new_action_from_the_template(clone: Path, needs: dict) -> None:
    recipe = CONTRIBUTING["new-action"]
    page = clone / recipe.where
    paste_at_end(page, inner(recipe))
    title = re.search(r"^```\{action\} (.+)$", recipe.body, re.M).group(1)
    passes_once_translated(clone, [title])
    after = read(clone)
    action_id, indicator_id = recipe_ids(recipe)
    assert sorted(after.keys() - needs.keys()) == [action_id, indicator_id]
    assert after[action_id]["section"] == ["SEC_UNI"] and after[indicator_id]["measures"] == [action_id]


def test_a_new_action_without_its_owner_fails_at_its_line(clone: Path) -> None:
    recipe = CONTRIBUTING["new-action"]
    body = re.sub(r"^:owner: .*\n", "", inner(recipe), count=1, flags=re.M)
    start = paste_at_end(clone / recipe.where, body)
    output = fails(clone, check_command())
    # the message is the one CONTRIBUTING and the Rules page show, at the pasted action's line
    for guide in ("CONTRIBUTING.md", "traceability/rules.md"):
        text = (PROJECT / guide).read_text(encoding="utf-8")
        [example] = re.findall(rf"^sections/3-universalisation\.md:\d+: WARNING: {recipe_ids(recipe)[0]} .*$", text, re.M)
        assert re.sub(r"\.md:\d+:", f".md:{start}:", example, count=1) in output, (guide, output)


def continue_section(clone: Path, page_text: str) -> Path:
    page_recipe, toctree = CONTRIBUTING["continuation-page"], CONTRIBUTING["continuation-toctree"]
    page = clone / page_recipe.where
    page.parent.mkdir(parents=True)
    page.write_text(page_text, encoding="utf-8")
    section = clone / toctree.where.removeprefix("end of ")
    paste_at_end(section, inner(toctree))
    return page


def test_a_continuation_page(clone: Path) -> None:
    text = inner(CONTRIBUTING["continuation-page"])
    continue_section(clone, text)
    passes_once_translated(clone, re.findall(r"^```\{(?:action|indicator)\} (.+)$", text, re.M))
    needs = read(clone)
    action_id, _ = recipe_ids(CONTRIBUTING["continuation-page"])
    assert needs[action_id]["section"] == ["SEC_CLR"] and needs[action_id]["docname"] == "sections/5-clearance/part-2"
    assert action_id in needs["SEC_CLR"]["section_back"]


def test_a_continuation_page_with_an_unknown_article_fails_at_its_line(clone: Path) -> None:
    text = inner(CONTRIBUTING["continuation-page"])
    opening = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("```{action}"))
    page = continue_section(clone, text.replace(":article: ART_04", ":article: ART_4", 1))
    output = fails(clone, check_command())
    where = page.relative_to(clone).as_posix()
    assert f"{where}:{opening}: " in output and "unknown outgoing link 'ART_4'" in output, output
    assert "How to fix [needs.link_outgoing]: check the spelling of the ID" in output


def test_a_progress_record_from_the_presidents_template(clone: Path) -> None:
    recipe = CONTRIBUTING["progress-record"]
    (clone / recipe.where).write_text(inner(recipe), encoding="utf-8")
    # the page's heading is new English text; the record itself is the meeting's data
    passes_once_translated(clone, [re.search(r"^# (.+)$", recipe.body, re.M).group(1)])
    record = read(clone)["UNI_01_AT_MSP_2"]
    assert record["progress"] == "on track" and record["action"] == ["UNI_01"]


def test_a_progress_record_with_an_unknown_status_fails_at_its_line(clone: Path) -> None:
    recipe = CONTRIBUTING["progress-record"]
    text = inner(recipe)
    opening = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("```{progress}"))
    (clone / recipe.where).write_text(text.replace(":progress: on track", ":progress: done", 1), encoding="utf-8")
    output = fails(clone, check_command())
    assert f"{recipe.where}:{opening}: WARNING: UNI_01_AT_MSP_2 (progress): ':progress:' \"done\" is not one of" \
        in output, output
    assert "[schema.field-values]" in output


def test_make_diff_reports_a_change_and_names_a_wrong_base(clone: Path) -> None:
    command = CONTRIBUTING["diff"].body.strip()
    section = clone / "sections" / "4-stockpile-destruction.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace(":id: STK_06\n:owner: ACTOR_ASSISTING_STATES\n",
                                    ":id: STK_06\n:owner: ACTOR_ASSISTING_STATES, ACTOR_GERMANY\n", 1), encoding="utf-8")
    report = passes(clone, command)
    assert "- actions: 0 added, 0 removed, 0 retired, 0 superseded, 1 changed" in report
    assert "| owner | ACTOR_ASSISTING_STATES | ACTOR_ASSISTING_STATES, ACTOR_GERMANY |" in report
    assert "progress records: 0 added" in report
    output = fails(clone, command.replace("origin/main", "origin/mian"))
    assert "git cannot read 'origin/mian'" in output


def test_make_release_records_the_ids_and_refuses_a_broken_plan(clone: Path, needs: dict) -> None:
    command = CONTRIBUTING["release"].body.strip()
    name = command.split("NAME=")[1]
    section = clone / "sections" / "3-universalisation.md"
    good = section.read_text(encoding="utf-8")
    broken = re.sub(r"^:owner: .*\n", "", good, count=1, flags=re.M)
    section.write_text(broken, encoding="utf-8")
    output = fails(clone, command)
    assert re.search(r"sections/3-universalisation\.md:\d+: WARNING: UNI_\d+ \(action\): Every action needs at least "
                     r"one owner", output), output
    assert not (clone / "releases" / name).exists(), "a broken plan was recorded"
    section.write_text(good, encoding="utf-8")
    passes(clone, command)
    recorded = read_file(clone / "releases" / name / "needs.json")
    assert set(recorded) == set(needs)
    passes(clone, check_command())
    assert "exists already" in fails(clone, command), "a release was recorded twice"


def test_make_codeowners_after_a_change_of_leads(clone: Path) -> None:
    section = clone / "sections" / "3-universalisation.md"
    text = section.read_text(encoding="utf-8")
    lead = re.search(r"^:lead: (.*)$", text, re.M)
    section.write_text(text.replace(lead.group(0), lead.group(0) + ", ACTOR_CANADA", 1), encoding="utf-8")
    output = fails(clone, check_command())  # the routing and the section disagree
    assert "run `make codeowners`" in output
    passes(clone, CONTRIBUTING["codeowners"].body.strip())
    assert re.search(r"^/sections/3-universalisation\.md .*@vientiane-action-plan/canada",
                     (clone / ".github" / "CODEOWNERS").read_text(encoding="utf-8"), re.M)
    passes(clone, check_command())


def served(command: str, clone: Path, url: str, timeout: float = 120) -> bytes:
    """Start ``command`` in the clone, fetch ``url`` once it answers, stop it."""
    import signal
    import time
    import urllib.request

    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    server = subprocess.Popen(["sh", "-c", command], cwd=clone, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert server.poll() is None, f"{command} stopped"
            try:
                return urllib.request.urlopen(url, timeout=5).read()
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"{command} served nothing at {url} in {timeout} s")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


def test_a_translator_previews_a_language(clone: Path) -> None:
    """CONTRIBUTING's preview of one language: it builds that language into its folder,
    in that language, with the notice that it is an unofficial working translation."""
    command = CONTRIBUTING["preview-language"].body.strip()
    code = command.rsplit("=", 1)[1]
    passes(clone, command)
    page = (clone / "_build" / "html" / code / "sections" / "3-universalisation.html").read_text(encoding="utf-8")
    assert f'lang="{code}"' in page and "Traduction de travail non officielle" in page
    assert read_file(clone / "_build" / "html" / code / "needs.json")["UNI_01"]["title"].startswith("Signataires")


def test_the_guide_shows_the_gate_s_message_as_the_gate_writes_it(clone: Path) -> None:
    text = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    [example] = re.findall(r"<!-- example: a new action's title, not yet translated -->\n```text\n(.*?)\n```", text,
                           re.S)
    paste_at_end(clone / CONTRIBUTING["new-action"].where, inner(CONTRIBUTING["new-action"]))
    output = fails(clone, check_command())
    assert re.sub(r"\.po:\d+:", ".po:1:", example) in re.sub(r"\.po:\d+:", ".po:1:", output), output[-2000:]


def test_the_readme_serves_the_built_site(clone: Path) -> None:
    """The README's two ways to view the site: `python3 -m http.server` serves what
    `make html` built; `make serve` builds and serves a live preview."""
    passes(clone, "make html")
    serve_built, live = [line.split("#")[0].strip() for line in README["view"].body.splitlines()]
    page = served(serve_built, clone,
                  "http://127.0.0.1:8000/sections/3-universalisation.html")
    assert b'id="UNI_01"' in page
    assert live == "make serve"
    page = served(live, clone, "http://127.0.0.1:8000/sections/3-universalisation.html")
    assert b'id="UNI_01"' in page and b"Content-Security-Policy" in page


def read(clone: Path) -> dict[str, dict]:
    return read_file(clone / "_build" / "html" / "needs.json")


def read_file(path: Path) -> dict[str, dict]:
    from plan_data import read_needs

    return read_needs(path)
