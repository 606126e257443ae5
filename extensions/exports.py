"""The plan as tables for download: CSV and XLSX with one row per action (and one
per indicator), every link given as IDs and as titles, written next to
needs.json when the HTML site is built.

A third table holds the progress records (empty until a meeting reviews the plan).
The rows come from the same needs as needs.json. Both files are byte-for-byte
the same from one build to the next: no build time is written, and the XLSX's
document dates and zip entry dates are fixed."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import languages
from .interface import N_, _
from .plan import Need, Plan
from .printed import PDF_NAME
from .reqif_export import FILE as REQIF_FILE

#: A fixed date for the XLSX's document properties and zip entries, so that two
#: builds give the same bytes. It is not a date of the plan.
FIXED_TIMESTAMP = datetime(2000, 1, 1, 0, 0, 0)
#: Joins the values of a link with several targets. Titles hold commas, never ";".
SEPARATOR = "; "

ACTION_COLUMNS = ["id", "title", "section", "section_title", "owner", "owner_titles", "article",
                  "article_titles", "horizon", "horizon_title", "follows", "follows_titles",
                  "indicators", "indicator_titles", "status", "indicative", "superseded_by", "text", "page"]
INDICATOR_COLUMNS = ["id", "title", "measures", "measures_titles", "unit", "denominator", "baseline", "target",
                     "source", "status", "page"]
PROGRESS_COLUMNS = ["id", "action", "action_title", "meeting", "meeting_title", "progress", "value",
                    "evidence", "date", "page"]
FILES = {"actions_csv": "plan-actions.csv", "indicators_csv": "plan-indicators.csv",
         "progress_csv": "plan-progress.csv", "xlsx": "plan-actions.xlsx"}
#: Every download, with its label in every page's sidebar (_templates/sidebar/downloads.html).
DOWNLOADS = [("needs.json", "needs.json"), (FILES["actions_csv"], N_("Actions (CSV)")),
             (FILES["indicators_csv"], N_("Indicators (CSV)")), (FILES["progress_csv"], N_("Progress records (CSV)")),
             (FILES["xlsx"], N_("All three tables (XLSX)")), (REQIF_FILE, N_("Requirements (ReqIF)")),
             (PDF_NAME, N_("Printed edition (PDF, A4)"))]


def download_name(app: Sphinx, file: str) -> str:
    """A download's file name in this build: the printed edition is named for its language."""
    return file.format(language=app.config.language or languages.SOURCE_LANGUAGE)


def offer_downloads(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """The downloads, for the sidebar template of every page."""
    context["plan_downloads"] = [(download_name(app, file), _(label)) for file, label in DOWNLOADS]
    context["plan_downloads_caption"] = _("Download the plan as data")
    context["plan_downloads_about"] = _("What each file holds")


def action_rows(plan: Plan, text_of: Callable[[Need], str] = lambda need: need["content"]) -> list[dict[str, str]]:
    rows = []
    for action in plan.placed_actions:  # ended ones too: their IDs stay citable
        row = {"id": action["id"], "title": action["title"]}
        for column, field in (("section", "section"), ("owner", "owner"), ("article", "article"),
                              ("horizon", "horizon"), ("follows", "follows"), ("indicators", "measures_back")):
            targets = [plan.needs[i] for i in action[field] if i in plan.needs]
            title_column = {"section": "section_title", "horizon": "horizon_title",
                            "indicators": "indicator_titles"}.get(column, f"{column}_titles")
            row[column] = SEPARATOR.join(t["id"] for t in targets)
            row[title_column] = SEPARATOR.join(t["title"] for t in targets)
        row["status"] = action["status"] or ""
        row["indicative"] = action["indicative"] or ""
        row["superseded_by"] = SEPARATOR.join(action["superseded_by"])
        row["text"] = " ".join(text_of(action).split())
        row["page"] = page_of(action)
        rows.append({column: row[column] for column in ACTION_COLUMNS})
    return rows


def indicator_rows(plan: Plan) -> list[dict[str, str]]:
    rows = []
    order = plan.position
    indicators = sorted(plan.of_type("indicator"),
                        key=lambda i: (min((order.get(m, len(order)) for m in i["measures"]), default=len(order)), i["id"]))
    for indicator in indicators:
        measured = [plan.needs[i] for i in indicator["measures"] if i in plan.needs]
        rows.append({"id": indicator["id"], "title": indicator["title"],
                     "measures": SEPARATOR.join(m["id"] for m in measured),
                     "measures_titles": SEPARATOR.join(m["title"] for m in measured),
                     "unit": indicator["unit"] or "", "denominator": indicator["denominator"] or "",
                     "baseline": indicator["baseline"] or "", "target": indicator["target"] or "",
                     "source": indicator["source"] or "", "status": indicator["status"] or "",
                     "page": page_of(indicator)})
    return rows


def progress_rows(plan: Plan) -> list[dict[str, str]]:
    rows = []
    order = plan.position
    records = sorted(plan.monitoring.records,
                     key=lambda r: (plan.monitoring.order(r["meeting"][0]), order.get(r["action"][0], len(order))))
    for record in records:
        action, meeting = plan.needs[record["action"][0]], plan.needs[record["meeting"][0]]
        rows.append({"id": record["id"], "action": action["id"], "action_title": action["title"],
                     "meeting": meeting["id"], "meeting_title": meeting["title"],
                     "progress": record["progress"] or "", "value": record["value"] or "",
                     "evidence": record["evidence"] or "", "date": record["date"] or "",
                     "page": page_of(record)})
    return rows


def page_of(need: Need) -> str:
    return f"{need['docname']}.html#{need['id']}"


def to_csv(rows: list[dict[str, str]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def to_xlsx(sheets: dict[str, tuple[list[str], list[dict[str, str]]]]) -> bytes:
    """One sheet per table: a bold, frozen header row with a filter, wrapped text.

    Written in openpyxl's write-only mode, streaming rows with shared styles: at
    thousands of actions, styling cell by cell in a normal workbook took seconds."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for name, (columns, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "B2"
        for index, column in enumerate(columns, start=1):
            width = 60 if column in ("text", "title", "baseline", "target") else 24
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
        sheet.append(styled_cells(sheet, columns, font=bold))
        for row in rows:
            sheet.append(styled_cells(sheet, [row[c] for c in columns], alignment=wrapped))
    book.properties.creator = "Vientiane Action Plan site"
    book.properties.created = book.properties.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip_dates(buffer.getvalue())


def styled_cells(sheet: Any, values: list[str], **style: object) -> list[Any]:
    """Write-only cells holding ``values``, each given the same (shared) style."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        for attribute, setting in style.items():
            setattr(cell, attribute, setting)
        cells.append(cell)
    return cells


def fixed_zip_dates(data: bytes) -> bytes:
    """The same zip with every entry dated FIXED_TIMESTAMP, and the document's
    'modified' property too (openpyxl sets it to the time of saving)."""
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    plan = Plan.of(app)
    actions = action_rows(plan, lambda need: languages.text_of(app.env, need))
    indicators, progress = indicator_rows(plan), progress_rows(plan)
    outdir = Path(app.outdir)
    (outdir / FILES["actions_csv"]).write_bytes(to_csv(actions, ACTION_COLUMNS))
    (outdir / FILES["indicators_csv"]).write_bytes(to_csv(indicators, INDICATOR_COLUMNS))
    (outdir / FILES["progress_csv"]).write_bytes(to_csv(progress, PROGRESS_COLUMNS))
    (outdir / FILES["xlsx"]).write_bytes(to_xlsx({
        "actions": (ACTION_COLUMNS, actions), "indicators": (INDICATOR_COLUMNS, indicators),
        "progress": (PROGRESS_COLUMNS, progress)}))


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("build-finished", write_exports)
    app.connect("html-page-context", offer_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
