"""The downloads agree with needs.json field by field, for every action and
indicator, and two builds give the same bytes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, SoupStrainer
from openpyxl import load_workbook

from conftest import HTML_PARSER, Build, by_type
from extensions.exports import DOWNLOADS

SEPARATOR = "; "


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_sheet(path: Path, name: str) -> list[dict[str, str]]:
    book = load_workbook(path, read_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    header = rows[0]
    return [{h: ("" if v is None else str(v)) for h, v in zip(header, row)} for row in rows[1:]]


def expected_action(needs: dict, action: dict) -> dict[str, str]:
    """What a row must say of an action, computed from needs.json alone."""

    def ids(field: str) -> str:
        return SEPARATOR.join(action[field])

    def titles(field: str) -> str:
        return SEPARATOR.join(needs[i]["title"] for i in action[field])

    return {
        "id": action["id"], "title": action["title"],
        "section": ids("section"), "section_title": titles("section"),
        "owner": ids("owner"), "owner_titles": titles("owner"),
        "article": ids("article"), "article_titles": titles("article"),
        "horizon": ids("horizon"), "horizon_title": titles("horizon"),
        "follows": ids("follows"), "follows_titles": titles("follows"),
        "indicators": ids("measures_back"), "indicator_titles": titles("measures_back"),
        "status": action["status"] or "", "indicative": action["indicative"] or "",
        "superseded_by": ids("superseded_by"), "text": " ".join(action["content"].split()),
        "page": f"{action['docname']}.html#{action['id']}",
    }


def expected_indicator(needs: dict, indicator: dict) -> dict[str, str]:
    return {
        "id": indicator["id"], "title": indicator["title"],
        "measures": SEPARATOR.join(indicator["measures"]),
        "measures_titles": SEPARATOR.join(needs[i]["title"] for i in indicator["measures"]),
        "unit": indicator["unit"], "denominator": indicator["denominator"] or "", "baseline": indicator["baseline"],
        "target": indicator["target"], "source": indicator["source"], "status": indicator["status"] or "", "page": f"{indicator['docname']}.html#{indicator['id']}",
    }


#: need type: (its CSV file, its XLSX sheet, what a row must say of one)
TABLES = {"action": ("plan-actions.csv", "actions", expected_action),
          "indicator": ("plan-indicators.csv", "indicators", expected_indicator)}


@pytest.mark.parametrize("reader", ["csv", "xlsx"])
@pytest.mark.parametrize("need_type", sorted(TABLES))
def test_every_row_agrees_with_needs_json(site: Build, needs: dict, reader: str, need_type: str) -> None:
    csv_name, sheet, expected = TABLES[need_type]
    rows = (read_csv(site.outdir / csv_name) if reader == "csv"
            else read_sheet(site.outdir / "plan-actions.xlsx", sheet))
    wanted = by_type(needs, need_type)
    assert sorted(r["id"] for r in rows) == sorted(n["id"] for n in wanted)
    by_id = {r["id"]: r for r in rows}
    for need in wanted:
        assert by_id[need["id"]] == expected(needs, need), need["id"]


def test_every_export_page_link_leads_to_the_need(site: Build, needs: dict) -> None:
    for row in read_csv(site.outdir / "plan-actions.csv"):
        path, anchor = row["page"].split("#")
        assert f'id="{anchor}"' in (site.outdir / path).read_text(encoding="utf-8"), row["page"]


def test_the_downloads_are_linked_from_every_page(site: Build) -> None:
    for name in ["index.html", "sections/5-clearance.html", "traceability/downloads.html"]:
        text = (site.outdir / name).read_text(encoding="utf-8")
        soup = BeautifulSoup(text, HTML_PARSER, parse_only=SoupStrainer("a"))
        for download, label in DOWNLOADS:
            download = download.format(language="en")  # the printed edition is named for its language
            [link] = [a for a in soup.select("a[download]") if a.get_text(strip=True) == label]
            assert (site.outdir / name).parent.joinpath(link["href"]).resolve() == (site.outdir / download).resolve()
