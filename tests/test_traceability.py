"""Readers and auditors can trace every action to the Convention and back: the
computed views on the built site agree with needs.json, link by link."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import Build, build, by_type, live, live_ids, obligation_articles, page, replace_in



def trace_after(soup: BeautifulSoup, need_id: str):
    """The trace container that follows a need on its page."""
    need = soup.find(id=need_id)
    assert need is not None, f"{need_id} is not on the page"
    return need.find_next("div", class_="plan-trace")


def linked_ids(element) -> list[str]:
    return [a.get_text() for a in element.select("a.plan-need-link") if re.fullmatch(r"[A-Z]+_\d{2,}", a.get_text())]


def section_order(needs: dict) -> list[str]:
    """The codes of the sections that hold actions, in the plan's order."""
    return [s["code"] for s in sorted(by_type(needs, "section"), key=lambda s: int(s["number"])) if s["section_back"]]


def section_code(needs: dict, action: dict) -> str:
    return needs[action["section"][0]]["code"]


def test_each_article_lists_its_actions_grouped_by_section(site: Build, needs: dict) -> None:
    soup = page(site.outdir, "needs/articles.html")
    sections = section_order(needs)  # once: at 10,000 actions, once per action took minutes
    for article in by_type(needs, "article"):
        trace = trace_after(soup, article["id"])
        expected = [a for a in live_ids(needs, article["article_back"]) if needs[a]["type"] == "action"]
        if expected:
            listed = linked_ids(trace)
            assert sorted(listed) == sorted(expected), article["id"]
            # grouped by section, in the plan's order of sections
            order = [sections.index(section_code(needs, needs[a])) for a in listed]
            assert order == sorted(order), article["id"]
            # each section's group starts with an anchor the matrix links to
            for code in {section_code(needs, needs[a]) for a in expected}:
                assert trace.find(id=f"{article['id']}-{code}".lower().replace("_", "-")), (article["id"], code)
        else:
            assert "No action of this plan implements this article." in trace.get_text(), article["id"]


def test_each_actor_lists_the_actions_it_owns(site: Build, needs: dict) -> None:
    soup = page(site.outdir, "needs/actors.html")
    for actor in by_type(needs, "actor"):
        trace = trace_after(soup, actor["id"])
        assert sorted(linked_ids(trace)) == sorted(live_ids(needs, actor["owner_back"])), actor["id"]


def test_each_meeting_lists_what_is_due_by_it(site: Build, needs: dict) -> None:
    soup = page(site.outdir, "needs/meetings.html")
    for meeting in by_type(needs, "meeting"):
        trace = trace_after(soup, meeting["id"])
        assert sorted(linked_ids(trace)) == sorted(live_ids(needs, meeting["horizon_back"])), meeting["id"]


def test_each_section_page_names_the_articles_it_serves(site: Build, needs: dict) -> None:
    for section in by_type(needs, "section"):
        actions = live([needs[a] for a in section["section_back"]])
        if not actions:
            continue
        soup = page(site.outdir, section["docname"] + ".html")
        text = trace_after(soup, section["id"]).get_text(" ", strip=True)
        for number in {needs[a]["number"] for action in actions for a in action["article"]}:
            assert f"Art. {number}" in text, (section["id"], number)
        assert f"{len(actions)} actions" in text


def test_the_matrix_counts_every_link_and_links_through(site: Build, needs: dict) -> None:
    soup = page(site.outdir, "traceability/matrix.html")
    matrix = soup.find("table", class_="plan-matrix")
    headers = [th.get_text(strip=True) for th in matrix.find("thead").find_all("th")]
    assert headers == ["Article", *section_order(needs), "All"]
    rows = matrix.find("tbody").find_all("tr")
    articles = sorted(by_type(needs, "article"), key=lambda a: int(a["number"]))
    assert len(rows) == len(articles) + 1  # and the totals
    for row, article in zip(rows, articles):
        cells = row.find_all("td")
        actions = live([needs[a] for a in article["article_back"]])
        for code, cell in zip(section_order(needs), cells[1:-1]):
            expected = sum(1 for a in actions if section_code(needs, a) == code)
            assert cell.get_text(strip=True) == str(expected), (article["id"], code)
            link = cell.find("a")
            if expected:
                target, anchor = link["href"].split("#")
                assert target == "../needs/articles.html"
                assert page(site.outdir, "needs/articles.html").find(id=anchor), anchor
            else:
                assert link is None
        assert cells[-1].get_text(strip=True) == str(len(actions))


def test_every_action_is_in_the_sortable_table_of_its_section(site: Build, needs: dict) -> None:
    """One sortable table per section (one page each, so each stays light), linked
    from the matrix page; together they list every action exactly once."""
    matrix = page(site.outdir, "traceability/matrix.html")
    listed: list[str] = []
    for section in by_type(needs, "section"):
        actions = [a for a in section["section_back"] if needs[a]["type"] == "action"]
        if not actions:
            continue
        name = section["docname"].split("/")[-1]
        assert matrix.find("a", href=f"actions/{name}.html"), name
        soup = page(site.outdir, f"traceability/actions/{name}.html")
        table = soup.find("table", class_="NEEDS_DATATABLES")
        assert table is not None, name
        headers = [th.get_text(" ", strip=True) for th in table.find_all("th")]
        for column in ("ID", "Title", "Owner", "Articles", "Due by", "Indicators"):
            assert any(h.startswith(column) for h in headers), (column, headers)
        rows = table.find("tbody").find_all("tr")
        ids = [row.find("td").get_text(strip=True) for row in rows]
        assert sorted(ids) == sorted(actions), name
        text = table.get_text(" ")
        assert all(i in text for a in actions for i in needs[a]["measures_back"]), name
        listed += ids
    assert sorted(listed) == sorted(a["id"] for a in by_type(needs, "action"))


def test_the_coverage_report_covers_every_obligation(site: Build, needs: dict) -> None:
    soup = page(site.outdir, "traceability/coverage.html")
    text = soup.get_text(" ", strip=True)
    obliging = obligation_articles(needs)
    assert f"{len(obliging)} of the {len(obliging)} articles that carry obligations" in text
    assert "there is no gap" in text
    assert "Gap: no action" not in text


@pytest.mark.builds
def test_a_coverage_gap_is_flagged_and_fails_the_build(small_plan: Path, tmp_path: Path) -> None:
    replace_in(small_plan / "sections" / "3-universalisation.md", ", ART_08,", ",")
    result = build(small_plan, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(r"needs/articles\.md:\d+: WARNING: ART_08\.article_back \(none\): this article "
                     r"carries obligations", result.log), result.log
    assert "[plan.article_coverage]" in result.log
    report = (tmp_path / "out" / "traceability" / "coverage.html").read_text(encoding="utf-8")
    assert "gaps: Art. 8" in report and "Gap: no action" in report


def mermaid_sources(outdir: Path, name: str) -> list[str]:
    return [html.unescape(pre.get_text()) for pre in page(outdir, name).find_all("pre", class_="mermaid")]


def test_the_timeline_shows_every_meeting_and_what_is_due(site: Build, needs: dict) -> None:
    [timeline] = mermaid_sources(site.outdir, "traceability/timeline.html")
    lines = [line.strip() for line in timeline.strip().splitlines()]
    assert lines[0] == "timeline"
    meetings = sorted(by_type(needs, "meeting"), key=lambda m: int(m["sequence"]))
    periods = [line for line in lines if " : " in line]
    assert len(periods) == len(meetings)
    for line, meeting in zip(periods, meetings):
        assert meeting["place"].split(",")[0] in line
        assert sorted(re.findall(r"\b[A-Z]{2,3}_\d{2,}\b", line)) == sorted(live_ids(needs, meeting["horizon_back"]))


def test_each_section_has_a_sequencing_graph_whose_nodes_link_to_the_actions(site: Build, needs: dict) -> None:
    index = page(site.outdir, "traceability/sequencing.html")
    for section in by_type(needs, "section"):
        actions = live([needs[a] for a in section["section_back"] if needs[a]["type"] == "action"])
        if not actions:
            continue
        name = section["docname"].split("/")[-1]
        assert index.find("a", href=f"sequencing/{name}.html"), name
        graphs = mermaid_sources(site.outdir, f"traceability/sequencing/{name}.html")
        assert len(graphs) == 1, name
        graph = graphs[0]
        for action in actions:
            assert re.search(rf'click {action["id"]} href "\.\./\.\./{action["docname"]}\.html#{action["id"]}"', graph)
            for earlier in action["follows"]:
                assert f"{earlier} --> {action['id']}" in graph
        assert graph.count("-->") == sum(len(a["follows"]) for a in actions)


def test_the_dashboard_counts_by_section_horizon_and_owner(site: Build, needs: dict) -> None:
    soup = page(site.outdir, "index.html")
    tables = soup.find_all("table", class_="plan-dashboard")
    assert len(tables) == 3
    actions = live(by_type(needs, "action"))

    def numbers(table, column: int) -> dict[str, str]:
        return {tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")[column].get_text(strip=True)
                for tr in table.find("tbody").find_all("tr")}

    by_section = Counter(needs[a["section"][0]]["title"] for a in actions)
    assert {k.split(". ", 1)[1]: int(v) for k, v in numbers(tables[0], 1).items()} == dict(by_section)
    by_horizon = Counter(a["horizon"][0] for a in actions)
    meeting_names = {re.search(r"\((\w+)\)$", m["title"]).group(1): m["id"] for m in by_type(needs, "meeting")}
    assert {meeting_names[k]: int(v) for k, v in numbers(tables[1], 2).items() if int(v)} == dict(by_horizon)
    by_owner = Counter(needs[o]["title"] for a in actions for o in a["owner"])
    assert {k: int(v) for k, v in numbers(tables[2], 1).items()} == dict(by_owner)
    for svg in soup.select("table.plan-dashboard svg.plan-bar"):
        assert svg.get("aria-label"), "a chart bar without a text alternative"


def test_the_home_page_leads_to_the_articles_and_to_the_matrix(site: Build, needs: dict) -> None:
    """From the home page's own text, not the sidebar that every page carries."""
    main = page(site.outdir, "index.html").find("article", role="main")
    links = {a["href"] for a in main.find_all("a", href=True)}
    assert "traceability/matrix.html" in links
    linked_articles = {link.split("#")[1] for link in links if link.startswith("needs/articles.html#")}
    assert linked_articles and linked_articles <= {a["id"] for a in by_type(needs, "article")}


@pytest.mark.parametrize("name", ["needs/articles.html", "traceability/matrix.html", "index.html"])
def test_pages_load_nothing_from_other_sites(site: Build, name: str) -> None:
    soup = page(site.outdir, name)
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute) or ""
            assert not re.match(r"^(https?:)?//", value), f"{name} loads {value}"
    for script in soup.find_all("script", src=False):
        assert "cdn" not in script.get_text().lower(), f"{name} has an inline script naming a CDN"
