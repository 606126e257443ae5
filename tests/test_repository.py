"""What a friend state meets on the way to a merged pull request: review routed to
its section's lead and friends, and a CI workflow that is valid before it is ever
run. The guides' recipes themselves are run by tests/test_recipes.py."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from codeowners import ORGANISATION, codeowners
from conftest import PROJECT
from extensions.languages import site_languages

CODEOWNERS = PROJECT / ".github" / "CODEOWNERS"
WORKFLOW = PROJECT / ".github" / "workflows" / "site.yml"


def test_codeowners_is_in_step_with_the_sections(needs: dict) -> None:
    assert CODEOWNERS.read_text(encoding="utf-8") == codeowners(needs), "run `make codeowners`"


def test_codeowners_syntax_and_teams(needs: dict) -> None:
    team = re.compile(rf"@{re.escape(ORGANISATION)}/[a-z0-9][a-z0-9-]*")
    routed = {}
    for number, line in enumerate(CODEOWNERS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        assert owners, f"line {number}: no owner"
        assert all(team.fullmatch(o) for o in owners), f"line {number}: {owners}"
        assert len(set(owners)) == len(owners), f"line {number}: an owner twice"
        if pattern != "*":
            assert pattern.startswith("/"), f"line {number}: {pattern}"
            if pattern.startswith("/locales/"):  # a language's catalogs
                assert (PROJECT / pattern[1:]).is_dir(), f"line {number}: {pattern}"
            elif pattern.endswith("/"):  # a section's folder of continuation pages, which may not exist yet
                assert (PROJECT / pattern[1:-1]).with_suffix(".md").is_file(), f"line {number}: {pattern}"
            else:
                assert (PROJECT / pattern[1:]).is_file(), f"line {number}: {pattern}"
            routed[pattern[1:]] = owners
    sections = [n for n in needs.values() if n["type"] == "section"]
    for section in sections:
        for path in (section["docname"] + ".md", section["docname"] + "/"):
            owners = routed[path]
            for actor in section["lead"] + section["friend"]:
                slug = actor.removeprefix("ACTOR_").lower().replace("_", "-")
                assert f"@{ORGANISATION}/{slug}" in owners, (section["id"], actor, path)
    # each language's catalogs are reviewed by its own translators
    for code in site_languages(PROJECT):
        assert routed[f"locales/{code}/"] == [f"@{ORGANISATION}/translators-{code}"], code


@pytest.mark.ci
def test_the_workflow_is_valid_against_the_published_schema() -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
                             "vendor.github-workflows", str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_tests_every_pull_request_in_debian_and_publishes_main() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML reads `on:` as True
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    test = workflow["jobs"]["test"]
    assert test["container"] == "debian:bookworm"
    runs = [step.get("run", "") for step in test["steps"]]
    # CI runs what `.ci/run` runs, and that is the README's test command
    assert ".ci/run" in runs
    ci_commands = [line for line in (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                   if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert ci_commands == ["make test"]
    assert any(r.startswith("make diff BASE=") for r in runs)
    assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in test["steps"])
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "test" and publish["permissions"]["pages"] == "write"
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in publish["steps"])


def test_the_pull_request_template_asks_for_make_check() -> None:
    text = (PROJECT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "make check" in text and "plan-diff" in text


#: The oldest Python the README promises: Debian 12's own.
OLDEST_PYTHON = "3.11.2"


def pinned() -> dict[str, str]:
    """The packages requirements.txt pins, by name, with their versions."""
    text = (PROJECT / "requirements.txt").read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", text, re.M))


def test_requirements_carry_nothing_of_the_machine_that_made_them() -> None:
    for number, line in enumerate((PROJECT / "requirements.txt").read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0].strip()
        assert not code.startswith(("-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host")), \
            f"requirements.txt:{number}: {line} (run `make lock`)"
        assert not re.search(r"file:|(^|\s)/[a-z]", code), f"requirements.txt:{number}: a path of a machine: {line}"
        assert code == "" or re.fullmatch(r"[A-Za-z0-9_.-]+==\S+ \\|--hash=sha256:[0-9a-f]{64}( \\)?", code), \
            f"requirements.txt:{number}: not a hashed pin: {line}"


def test_every_pin_installs_on_the_oldest_python_promised() -> None:
    """Each pinned release declares it runs on Debian 12's Python (what `make lock`
    resolves for); read from the installed packages' own metadata."""
    from importlib.metadata import metadata

    from packaging.specifiers import SpecifierSet

    assert OLDEST_PYTHON in (PROJECT / "README.md").read_text(encoding="utf-8")
    assert f"LOCK_PYTHON = {OLDEST_PYTHON}" in (PROJECT / "Makefile").read_text(encoding="utf-8")
    for name, version in pinned().items():
        data = metadata(name)
        assert data["Version"] == version, f"{name}: {data['Version']} installed, {version} pinned (run make setup)"
        requires = data.get("Requires-Python")
        assert not requires or SpecifierSet(requires).contains(OLDEST_PYTHON), f"{name}=={version} needs Python {requires}"


@pytest.mark.ci
def test_make_test_keeps_a_group_of_tests_on_one_worker(tmp_path: Path) -> None:
    """`make test` spreads the tests over the cores with `--dist loadgroup`; the printed
    edition's tests share one `make pdf` (a session fixture) only if they stay on one
    worker. pytest 9.2 broke that without a word (pytest-xdist issue 1386: each worker
    printed all six editions again): a group of tests must run on a single worker."""
    (tmp_path / "test_grouped.py").write_text(
        "import time, pytest\n"
        "pytestmark = pytest.mark.xdist_group('printed')\n"
        "@pytest.mark.parametrize('n', range(6))\n"
        "def test_grouped(n):\n"
        "    time.sleep(0.05)\n", encoding="utf-8")
    (tmp_path / "test_free.py").write_text(
        "import time, pytest\n"
        "@pytest.mark.parametrize('n', range(6))\n"
        "def test_free(n):\n"
        "    time.sleep(0.05)\n", encoding="utf-8")
    workers = re.search(r"^TESTWORKERS \?= (.+)$", (PROJECT / "Makefile").read_text(encoding="utf-8"), re.M)[1]
    result = subprocess.run([sys.executable, "-m", "pytest", *workers.split(), "-n", "2", "-v", "--color=no",
                             "-p", "no:cacheprovider", "-c", "/dev/null", "--rootdir", str(tmp_path), str(tmp_path)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    grouped = set(re.findall(r"^\[(gw\d)\] .* PASSED .*test_grouped", result.stdout, re.M))
    assert len(grouped) == 1, f"the group ran on {sorted(grouped)}:\n{result.stdout[-3000:]}"
    assert result.stdout.count(" PASSED ") == 12
