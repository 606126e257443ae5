"""Benchmark: the project's build and checks on synthetic plans of N actions,
against the same needs built with a bare sphinx-needs configuration.

Usage: python tools/bench.py [N ...]        (`make bench`; `make bench QUICK=1` for small N)
For each N it generates a plan in the project's own layout (the real reference
objects, views and section structure; N actions spread over the seven plan sections,
1.5 indicators and one progress record per action; 100 actions to a page, a longer
section going on in its folder, with the meeting's records in a file per page), then
measures:

  clean      a clean strict build (-E -n -W --keep-going), with its peak memory
  no-change  a rebuild with nothing changed (incremental; the bench fails if any file changes)
  edit       a rebuild after one action in one section is retitled (incremental, as sphinx-build
             rebuilds; `make serve` forks the same build from a warm process, see tools/serve.py)
  checks     the tests that read a built site, run on the generated plan
  page       the size of the largest HTML page
  bare       a clean build of the same needs with a bare sphinx-needs configuration
             (same model, theme and flags; none of the project's views, exports or checks)

It also times the real plan (a clean strict build, `make check`, `make html`, `make pdf` for one
language, and a save until `make serve` signals the reload), prints a table and
the verdict on each budget the run measured, and writes it all as JSON
(_build/bench/bench.json)."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
from extensions.needs_json import read_needs  # noqa: E402
OUT = ROOT / "_build" / "bench"
DEFAULT_SIZES = [70, 1000, 2000, 5000, 10000]
QUICK_SIZES = [70, 800]
#: The language whose printed edition has the most pages (163 A4 pages, against 134 in English).
LONGEST_EDITION = "ru"
#: Actions per page: a longer section goes on in its folder (see extensions/plan.section_page).
PAGE = 100
SECTIONS = ["2-partnership", "3-universalisation", "4-stockpile-destruction", "5-clearance",
            "6-victim-assistance", "7-cooperation-and-assistance", "8-reporting-and-implementation"]
HORIZONS = ["MSP_2", "MSP_3", "MSP_4", "MSP_5", "RC_1"]
OWNERS = ["ACTOR_STATES_PARTIES", "ACTOR_AFFECTED_STATES", "ACTOR_STOCKPILING_STATES", "ACTOR_ASSISTING_STATES",
          "ACTOR_STATES_WITH_VICTIMS", "ACTOR_CMC", "ACTOR_ICRC", "ACTOR_PRESIDENCY"]
ARTICLES = ["ART_01", "ART_03", "ART_04", "ART_05", "ART_06", "ART_07", "ART_08", "ART_09", "ART_21"]
COPIED = ["conf.py", "index.md", "needs", "extensions", "_templates", "_static", "traceability", "sections", "locales"]
STRICT = ["-E", "-n", "-W", "--keep-going"]
BARE_CONF = '''# A bare sphinx-needs configuration: the project's model and theme, nothing else.
project = "bench"
version = release = "bench"
extensions = ["myst_parser", "sphinx_needs", "sphinxcontrib.mermaid"]
nitpicky = True
include_patterns = ["index.md", "sections/*.md", "sections/*/*.md", "needs/*.md", "monitoring/*.md"]
myst_enable_extensions = ["colon_fence", "deflist"]
needs_from_toml = {model!r}
html_theme = "furo"
html_static_path = [{vendor!r}]
mermaid_use_local = "mermaid/mermaid.esm.min.mjs"
'''


def section_block(path: Path) -> str:
    """The heading and the ```{section} block of a real section page."""
    text = path.read_text(encoding="utf-8")
    end = text.index("```", text.index("```{section}") + 3) + 3
    return text[:end] + "\n"


#: First-year actions per section: the build allows four a section and twenty in all
#: (extensions/checks/one_plus_four.py), so a plan of any size keeps its first year short.
FIRST_YEAR = 2


def sequence(code: str, k: int) -> tuple[str, str]:
    """The horizon of a section's k-th action and its ':follows:' line: the first
    FIRST_YEAR actions are due by 2MSP; the rest run in chains of steps over the
    four later horizons, each step following the one before it."""
    if k <= FIRST_YEAR:
        return HORIZONS[0], ""
    later = HORIZONS[1:]
    step = (k - FIRST_YEAR - 1) % len(later)
    return later[step], (f":follows: {code}_{k - 1:02d}\n" if step else "")


def generate(n: int, dest: Path) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, dest / name)
    (dest / "_vendor").symlink_to(ROOT / "_vendor", target_is_directory=True)
    # the day of each recorded release, which dates plan.reqif (the build writes the file
    # only when a release records it); not the released IDs, which a synthetic plan lacks
    for record in ROOT.glob("releases/*/release.toml"):
        (dest / record.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(record, dest / record.relative_to(ROOT))
    # the introduction's prose names real actions, which a synthetic plan may not have
    intro = dest / "sections" / "1-introduction.md"
    intro.write_text(re.sub(r"\{need\}`([^`]+)`", r"`\1`", intro.read_text(encoding="utf-8")), encoding="utf-8")
    (dest / "monitoring").mkdir()
    shutil.copy2(ROOT / "monitoring" / "index.md", dest / "monitoring" / "index.md")
    # the meeting's report; its records are written beside the sections below
    (dest / "monitoring" / "progress-2MSP.md").write_text(
        "# Progress at the Second Meeting\n\n```{plan-view} progress-report MSP_2\n```\n", encoding="utf-8")
    for s, name in enumerate(SECTIONS):
        page = dest / "sections" / f"{name}.md"
        code = re.search(r"^:code: (\w+)$", page.read_text(encoding="utf-8"), re.M).group(1)
        count = n // len(SECTIONS) + (1 if s < n % len(SECTIONS) else 0)
        # as a large plan would be written: PAGE actions per page, the section going on
        # in sections/<name>/part-<p>.md, and the meeting's records in one file per page
        pages: list[list[str]] = []
        records: list[list[str]] = []
        for k in range(1, count + 1):
            if (k - 1) % PAGE == 0:
                part = len(pages) + 1
                pages.append([f"# Section {code}, part {part}\n"] if part > 1 else [section_block(page), "## Actions\n"])
                records.append([f"# Progress at the Second Meeting: section {code}, part {part}\n"])
            action = f"{code}_{k:02d}"
            horizon, follows = sequence(code, k)
            indicative = ":indicative: to be confirmed at 2MSP\n" if horizon != HORIZONS[0] else ""
            pages[-1].append(
                f"```{{action}} Synthetic action {k} of section {code}\n:id: {action}\n"
                f":owner: {OWNERS[k % len(OWNERS)]}, {OWNERS[(k + 3) % len(OWNERS)]}\n"
                f":article: {ARTICLES[k % len(ARTICLES)]}\n:horizon: {horizon}\n{follows}:status: draft\n"
                f"{indicative}\n"
                f"States Parties will carry out synthetic step {k} of section {code} by {horizon}, and the "
                f"partners named are invited to support it.\n```\n")
            for i in range(1, 3 if k % 2 else 2):
                pages[-1].append(
                    f"```{{indicator}} Synthetic indicator {i} of action {action}\n:id: {action}_I{i}\n"
                    f":measures: {action}\n:unit: States Parties\n:denominator: States Parties\n"
                    f":baseline: 0\n:target: {k}\n:source: Article 7 transparency reports\n```\n")
            records[-1].append(
                f"```{{progress}} {action} at MSP_2\n:id: {action}_AT_MSP_2\n:action: {action}\n:meeting: MSP_2\n"
                f":progress: {['on track', 'off track', 'achieved', 'not started'][k % 4]}\n:value: {k}\n"
                f":evidence: BENCH/2MSP/{k}\n:date: 2011-09-16\n```\n")
        if len(pages) > 1:
            pages[0].insert(2, f"```{{toctree}}\n:maxdepth: 1\n:glob:\n\n{name}/*\n```\n")
            (page.parent / name).mkdir()
        for part, text in enumerate(pages, start=1):
            target = page if part == 1 else page.parent / name / f"part-{part:03d}.md"
            target.write_text("\n".join(text), encoding="utf-8")
        for part, text in enumerate(records, start=1):
            (dest / "monitoring" / f"progress-2MSP-{code}-{part:03d}.md").write_text("\n".join(text), encoding="utf-8")


def bare_copy(plan: Path, dest: Path) -> Path:
    """The same needs for a bare configuration: the computed views are left out."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(plan, dest, symlinks=True, ignore=shutil.ignore_patterns("extensions", "traceability", "_templates"))
    # the views are not there, so no page may link to them
    for page in [*dest.glob("monitoring/*.md"), dest / "sections" / "1-introduction.md"]:
        text = re.sub(r"```\{plan-view\}[^\n]*\n```\n", "", page.read_text(encoding="utf-8"))
        page.write_text(text.replace("{doc}`", "`"), encoding="utf-8")
    pages = [f"sections/{p.stem}" for p in sorted(dest.glob("sections/*.md"))] + [
        "needs/articles", "needs/actors", "needs/meetings"] + [
        f"monitoring/{p.stem}" for p in sorted(dest.glob("monitoring/*.md"))]
    (dest / "index.md").write_text("# Bench\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n", encoding="utf-8")
    # the model as it is: its needs are drawn with sphinx-needs' default layout
    conf = dest / "bare-conf"
    conf.mkdir()
    (conf / "conf.py").write_text(BARE_CONF.format(model=str(dest / "needs" / "model.toml"),
                                                   vendor=str(ROOT / "_vendor")), encoding="utf-8")
    return conf


def sphinx(srcdir: Path, outdir: Path, flags: list[str], confdir: Path | None = None) -> tuple[float, int]:
    """Run sphinx-build; return seconds and peak memory (MB). Fails on a failed build.
    The peak is the build process's own maximum resident set, from os.wait4 (the
    resource module's rusage): no /usr/bin/time, which a minimal Debian lacks."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", *flags,
               *(["-c", str(confdir)] if confdir else []), str(srcdir), str(outdir)]
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            sys.exit(f"the build of {srcdir} failed:\n{log.read().decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss // 1024  # ru_maxrss is in KB on Linux


def digests(site: Path) -> dict[str, str]:
    """Every published file (pages, needs.json, exports) by its SHA-256."""
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file() and ".doctrees" not in p.parts}


def measure(n: int) -> dict[str, float]:
    plan, out = OUT / f"plan-{n}", OUT / f"html-{n}"
    generate(n, plan)
    shutil.rmtree(out, ignore_errors=True)
    clean, memory = sphinx(plan, out, STRICT)
    before = digests(out)
    nochange, _ = sphinx(plan, out, ["-n", "-W", "--keep-going"])
    if digests(out) != before:
        sys.exit(f"a rebuild with nothing changed changed the site in {out}")
    page = plan / "sections" / "3-universalisation.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Synthetic action 1 of", "Retitled action 1 of", 1),
                    encoding="utf-8")
    edit, _ = sphinx(plan, out, ["-n", "-W", "--keep-going"])  # as make serve rebuilds: incrementally
    start = time.perf_counter()
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m",
                            "not builds and not browser", "tests/test_plan_structure.py", "tests/test_exports.py",
                            "tests/test_traceability.py", "-k", "not the_eight_sections and not friends"],
                           cwd=ROOT, env={**os.environ, "PLAN_SITE": str(out)}, capture_output=True, text=True)
    checks = time.perf_counter() - start
    if tests.returncode != 0:
        sys.exit(f"the plan's checks failed on the plan of {n} actions:\n{tests.stdout[-3000:]}")
    largest_page = max(out.rglob("*.html"), key=lambda p: p.stat().st_size)
    largest = largest_page.stat().st_size
    bare_src = OUT / f"bare-{n}"
    bare_conf = bare_copy(plan, bare_src)
    bare, bare_memory = sphinx(bare_src, OUT / f"bare-html-{n}", STRICT, bare_conf)
    return {"actions": n, "clean_s": round(clean, 1), "nochange_s": round(nochange, 1), "edit_s": round(edit, 1),
            "checks_s": round(checks, 1), "checks_passed": tests.returncode == 0, "peak_mb": memory,
            "largest_page_kb": largest // 1024, "largest_page": str(largest_page.relative_to(out)),
            "needs": needs_count(out), "bare_clean_s": round(bare, 1), "bare_peak_mb": bare_memory,
            "ratio_to_bare": round(clean / bare, 2), "s_per_1000": round(1000 * clean / n, 2)}


def needs_count(site: Path) -> int:
    return len(read_needs(site / "needs.json"))


def machine() -> dict[str, object]:
    cpuinfo = Path("/proc/cpuinfo")
    models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M) if cpuinfo.exists() else []
    return {"cores": os.cpu_count(), "cpu": models[0] if models else platform.processor(),
            "python": platform.python_version(), "system": platform.platform()}


def real_plan() -> dict[str, float]:
    """The real plan: a clean strict build, `make check` (English build, site tests and
    the translation gate), and `make html` (English and every published language, side
    by side), timed against the English build alone."""
    clean, memory = sphinx(ROOT, OUT / "html-real", STRICT)
    timed = {}
    # the printed edition of one language: Russian, the longest (its words are the longest)
    for target in ("check", "html", f"pdf LANG={LONGEST_EDITION}"):
        start = time.perf_counter()
        done = subprocess.run(["make", "--no-print-directory", *target.split(), f"BUILDDIR={OUT / 'make'}"],
                              cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"make {target} failed on the real plan:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        timed[target.split()[0]] = round(time.perf_counter() - start, 1)
    return {"clean_s": round(clean, 1), "peak_mb": memory, "edit_to_site_s": edit_to_site(),
            "make_check_s": timed["check"],
            "all_languages_s": timed["html"], "languages_ratio": round(timed["html"] / clean, 2),
            "pdf_one_language_s": timed["pdf"]}


#: What `make serve` needs of the project, copied for the edits below.
SOURCES = ["Makefile", "requirements.txt", "tools", "conf.py", "index.md", "needs", "sections", "traceability",
           "monitoring", "extensions", "locales", "_templates", "_static", "releases"]
#: An edit a friend state makes, three times: an action retitled.
EDIT = ("sections/5-clearance.md", "```{action} Take all feasible steps to mark, fence and monitor",
        "```{action} Take all feasible steps to mark, fence and watch")


def edit_to_site() -> float:
    """Seconds from saving an edit to the site being updated: `make serve` itself runs
    on a copy of the real plan, and the time runs from the save to the preview's reload
    signal (tools/serve.previewing). The median of three saves."""
    from serve import previewing

    plan = OUT / "edit-plan"
    shutil.rmtree(plan, ignore_errors=True)
    plan.mkdir(parents=True)
    for name in SOURCES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, plan / name)
    (plan / "_vendor").symlink_to(ROOT / "_vendor", target_is_directory=True)
    page, old, new = EDIT
    source = plan / page
    original = source.read_text(encoding="utf-8")
    with previewing(plan, OUT / "edit-serve.log") as save:
        times = sorted(save(lambda n=n: source.write_text(original.replace(old, f"{new} ({n})", 1), encoding="utf-8"))
                       for n in range(3))
    return round(times[1], 2)


def budgets(report: dict) -> list[dict[str, object]]:
    """The budgets this run measured (issue 16's, and those of issues 14 and 15 for the
    languages and the printed edition), each with its verdict."""
    out = []

    def judge(name: str, value: float, limit: float, unit: str) -> None:
        out.append({"budget": name, "value": value, "limit": limit, "unit": unit, "met": value <= limit})

    real = report["real_plan"]
    judge("real plan: from saving an edit to the site being updated (make serve)", real["edit_to_site_s"], 1.0, "s")
    judge("real plan: make check", real["make_check_s"], 5, "s")
    judge("real plan: clean strict build", real["clean_s"], 3, "s")
    judge("real plan: every published language (make html) / the English build", real["languages_ratio"], 4, "x")
    judge(f"real plan: make pdf, one language ({LONGEST_EDITION}, the longest)", real["pdf_one_language_s"], 30, "s")
    by_size = {row["actions"]: row for row in report["sizes"]}
    if 2000 in by_size:
        judge("2,000 actions: clean build / bare sphinx-needs", by_size[2000]["ratio_to_bare"], 1.0, "x")
        judge("2,000 actions: an edit / a clean build",
              round(by_size[2000]["edit_s"] / by_size[2000]["clean_s"], 2), 0.1, "x")
        judge("2,000 actions: largest page", by_size[2000]["largest_page_kb"], 1500, "KB")
    if 1000 in by_size and 10000 in by_size:
        growth = round(by_size[10000]["s_per_1000"] / by_size[1000]["s_per_1000"], 2)
        judge("s per 1,000 actions at 10,000 / at 1,000", growth, 1.2, "x")
    if 10000 in by_size:
        judge("10,000 actions: peak memory", by_size[10000]["peak_mb"], 1024, "MB")
    if len(by_size) == len(DEFAULT_SIZES):
        judge("the whole run", report["total_s"], 1200, "s")
    if os.environ.get("TESTS_S"):  # make test times its tests and gives the figure to the bench it runs
        judge("make test: the tests (pytest)", int(os.environ["TESTS_S"]), 300, "s")
    return out


def main(sizes: list[int]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report: dict[str, object] = {"machine": machine(), "real_plan": real_plan(), "sizes": []}
    real = report["real_plan"]
    print(f"Real plan: clean strict build {real['clean_s']} s, an edit to the site {real['edit_to_site_s']} s, "
          f"make check {real['make_check_s']} s, "
          f"make html (every language) {real['all_languages_s']} s = {real['languages_ratio']}x the English build, "
          f"make pdf LANG={LONGEST_EDITION} {real['pdf_one_language_s']} s")
    rows = report["sizes"]
    header = ("actions", "needs", "clean_s", "nochange_s", "edit_s", "checks_s", "peak_mb",
              "largest_page_kb", "bare_clean_s", "bare_peak_mb", "ratio_to_bare", "s_per_1000")
    print(" | ".join(header))
    for n in sizes:
        rows.append(measure(n))
        print(" | ".join(str(rows[-1][h]) for h in header), flush=True)
        report["total_s"] = round(time.perf_counter() - started, 1)
        (OUT / "bench.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    report["budgets"] = budgets(report)
    (OUT / "bench.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    for verdict in report["budgets"]:
        print(f"{'met    ' if verdict['met'] else 'MISSED '} {verdict['budget']}: "
              f"{verdict['value']} {verdict['unit']} (limit {verdict['limit']} {verdict['unit']})")
    print(f"Whole run: {report['total_s']} s on {report['machine']['cores']} cores ({report['machine']['cpu']}).")
    print(f"Written: {(OUT / 'bench.json').relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:]:
        main([int(a) for a in sys.argv[1:]])
    else:
        main(QUICK_SIZES if os.environ.get("QUICK") else DEFAULT_SIZES)
