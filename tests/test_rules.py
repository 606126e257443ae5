"""One home per rule, shown to everyone: the site's Rules page lists every rule of
the plan from the places that define them, and every rule listed there is held to
a failing build that shows its kind.

The failing builds live beside the feature they protect (tests/test_bad_input.py and
the others); this file adds those for the reference objects and progress records,
and checks that no rule is left without one."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from conftest import PROJECT, Build, build, page, plan_from_root, replace_in

MODEL = tomllib.loads((PROJECT / "needs" / "model.toml").read_text(encoding="utf-8"))["needs"]


def rules_page(site: Build) -> dict[str, list[str]]:
    """The Rules page's table, by kind: the rule, what the build says, where it is defined."""
    soup = page(site.outdir, "traceability/rules.html")
    rows = soup.find("table", class_="plan-rules").find("tbody").find_all("tr")
    return {cells[0]: cells[1:] for cells in ([td.get_text(" ", strip=True) for td in row.find_all("td")]
                                              for row in rows)}


def test_the_rules_page_lists_every_rule_of_the_model_with_its_words(site: Build) -> None:
    listed = rules_page(site)
    for schema in MODEL["schema_definitions"]["schemas"]:
        says, _, fix = schema["message"].partition(": ")
        rule, told, home = listed[f"schema.{schema['id']}"]
        assert rule.lower().startswith(says.lower()) and fix[1:] in told and home == "needs/model.toml", schema["id"]
    # each field with allowed values is named with them
    field_rule = " ".join(listed["schema.field-values"][0].split())
    assert "every.status: one of draft, agreed, retired, superseded" in field_rule
    assert "progress.date: a date, YYYY-MM-DD" in field_rule


def test_the_rules_page_lists_the_plans_own_rules_where_they_live(site: Build) -> None:
    listed = rules_page(site)
    homes = {kind: home for kind, (_, _, home) in listed.items() if kind.startswith("plan.")}
    for kind, home in homes.items():
        source = (PROJECT / home).read_text(encoding="utf-8")
        name = kind.removeprefix("plan.")
        assert f'"{name}"' in source or f'"{kind}"' in source, f"{kind} is not declared in {home}"
    checks = {p.stem for p in (PROJECT / "extensions" / "checks").glob("*.py") if p.stem != "__init__"}
    assert checks <= {Path(h).stem for h in homes.values()}, "a check module declares no rule"


def test_every_rule_on_the_page_has_a_failing_build_that_shows_its_kind(site: Build) -> None:
    """A failing build asserts the kind in brackets that ends the message, ``[kind]``
    (or, in the tables of cases here and in tests/test_bad_input.py, names the kind
    its case checks)."""
    sources = {p.name: p.read_text(encoding="utf-8") for p in (PROJECT / "tests").glob("test_*.py")}
    from test_bad_input import CASES

    cased = {case[3] for case in CASES.values()} | {case[4] for case in REFERENCE_CASES.values()}
    for kind in rules_page(site):
        shown = kind in cased or any(f"[{kind}]" in text for text in sources.values())
        assert shown, f"no failing build shows [{kind}]"


#: name: (file of the small plan, text to replace, its replacement, the need, the kind)
REFERENCE_CASES = {
    "article without its number": ("needs/articles.md", ":number: 16\n", "", "ART_16", "schema.article-number"),
    "meeting without its start": ("needs/meetings.md", ":start: 2011-09\n", "", "MSP_2", "schema.meeting-order"),
}


@pytest.mark.builds
@pytest.mark.parametrize("case", sorted(REFERENCE_CASES))
def test_a_reference_object_without_a_required_field(case: str, small_plan: Path, tmp_path: Path) -> None:
    name, old, new, need_id, kind = REFERENCE_CASES[case]
    path = small_plan / name
    lines = path.read_text(encoding="utf-8").splitlines()
    line = lines.index(f":id: {need_id}")  # the 1-based line of the opening fence, just above
    replace_in(path, old, new)
    result = build(small_plan, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(rf"{re.escape(name)}:{line}: WARNING: {need_id} \(\w+\): .* How to fix: .*\[{re.escape(kind)}\]",
                     result.log), result.log


@pytest.mark.builds
def test_a_progress_record_without_its_evidence(tmp_path: Path) -> None:
    plan = plan_from_root("monitoring-plan", tmp_path / "plan")
    page = plan / "monitoring" / "progress-2MSP.md"
    text = page.read_text(encoding="utf-8")
    record = re.search(r"```\{progress\}[^\n]*\n:id: (\w+)\n(?:.*\n)*?:evidence: .*\n", text)
    line = text[: record.start()].count("\n") + 1
    replace_in(page, record.group(0), re.sub(r":evidence: .*\n", "", record.group(0)))
    result = build(plan, tmp_path / "out")
    assert result.returncode != 0
    assert f"monitoring/progress-2MSP.md:{line}: WARNING: {record.group(1)} (progress): A progress record" in result.log, \
        result.log
    assert "[schema.progress-record]" in result.log


def test_only_the_unlocated_schema_messages_are_suppressed() -> None:
    """conf.py hides one kind of message, and only because extensions/schema_report.py
    reports each of them again, located (the failing builds above prove it does)."""
    conf = (PROJECT / "conf.py").read_text(encoding="utf-8")
    assert re.findall(r"^suppress_warnings = (.*)$", conf, re.M) == ['["sn_schema_violation"]']
