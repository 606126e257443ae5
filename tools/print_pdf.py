"""Print the printed edition (``sphinx-build -b print``) to an A4 PDF with Chromium.

Usage: python tools/print_pdf.py PAGE_DIR OUT.pdf   (run by `make pdf`, once per language)

The page is served from 127.0.0.1, as any static host would serve it (the diagrams
are ES modules, which a browser does not load from file://), and printed by
Debian's chromium through Playwright: no TeX. Chromium gives the PDF its bookmarks
(from the headings), its tags, its links and a footer with "page X of Y"; it cannot
print the page of a heading in the contents (CSS's target-counter), so the page is
printed twice: the first print says where each part starts, the contents are given
those pages, and the second print is the edition. The contents take the same room
either way, so the pages cannot move; the tool checks it."""

from __future__ import annotations

import functools
import http.server
import io
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
#: A4, with room at the foot for the footer that Chromium draws in the margin.
PAPER = {"format": "A4", "margin": {"top": "18mm", "bottom": "20mm", "left": "18mm", "right": "18mm"}}
#: The margins in PDF points (1/72 inch).
TOP_MARGIN_PT, BOTTOM_MARGIN_PT = 18 * 72 / 25.4, 20 * 72 / 25.4
#: The footer's own style: Chromium draws it apart from the page, at a default size of nearly nothing.
FOOTER_STYLE = ("<style>.plan-print-footer{font-family:'DejaVu Sans','WenQuanYi Micro Hei',sans-serif;"
                "font-size:8pt;color:#444;width:100%;margin:0 18mm;text-align:center}</style>")
DIAGRAMS_TIMEOUT_MS = 60_000


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that leaves a page closes the connections of what it no longer
    needs: that is no error of the site, and is not printed as one. Any other error is."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError ...
            super().handle_error(request, client_address)


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over http on a free port of 127.0.0.1, for as long as the block runs."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def start_pages(pdf: bytes) -> dict[str, int]:
    """The page (from 1) on which each part of the contents starts, by its anchor:
    Chromium writes each link target as a named destination."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


@dataclass
class Bookmark:
    """A bookmark of the PDF: its title, where it points, and the bookmarks under it."""

    title: str
    page: int  # from 0
    left: float
    top: float
    children: list[Bookmark]


def bookmarks(pdf: bytes) -> list[Bookmark]:
    """The bookmarks Chromium makes of the headings (it makes them only in a tagged PDF)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))

    def read(items: list) -> list[Bookmark]:
        out: list[Bookmark] = []
        for item in items:
            if isinstance(item, list):
                out[-1].children = read(item)
            else:
                out.append(Bookmark(str(item.title), reader.get_destination_page_number(item),
                                    float(item.left or 0), float(item.top or 0), []))
        return out

    return read(reader.outline)


def with_bookmarks(pdf: bytes, marks: list[Bookmark], titles: list[str]) -> bytes:
    """``pdf`` with ``marks`` and without Chromium's date of printing. The marks are
    titled with the headings' own text: Chromium joins the lines of a heading that
    wraps without the space between them ("achieving theConvention's"), and its
    bookmarks follow the headings in order, one each."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Fit

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    # no date of printing: the same sources print the same bytes
    writer.metadata = {key: value for key, value in (reader.metadata or {}).items()
                       if key not in ("/CreationDate", "/ModDate")}
    flat = []
    height = float(writer.pages[0].mediabox.height)

    def add(items: list[Bookmark], parent: object = None) -> None:
        for mark in items:
            if mark.top <= BOTTOM_MARGIN_PT + 1:
                # Chromium points a heading that starts a page at the foot of the page
                # before, in its bottom margin, where nothing is printed: the top of the next
                mark.page, mark.top = mark.page + 1, height - TOP_MARGIN_PT
            flat.append(mark)
            item = writer.add_outline_item(title=titles[len(flat) - 1] if len(flat) <= len(titles) else mark.title,
                                           page_number=mark.page, parent=parent, fit=Fit.xyz(mark.left, mark.top, 0))
            add(mark.children, item)

    add(marks)
    if len(flat) != len(titles):
        sys.exit(f"the PDF has {len(flat)} bookmarks for {len(titles)} headings: "
                 "Chromium no longer makes one bookmark per heading")
    writer.page_mode = "/UseOutlines"  # a reader opens the PDF with its bookmarks shown
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_pdf(page_dir: Path, out: Path) -> Path:
    from playwright.sync_api import sync_playwright

    if not (page_dir / "index.html").is_file():
        sys.exit(f"{page_dir}/index.html is missing: build the printed page first "
                 f"(sphinx-build -b print), as `make pdf` does")
    with served(page_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "index.html", wait_until="load")
        # the diagrams are drawn by script: wait until every one is drawn
        page.wait_for_function("() => [...document.querySelectorAll('pre.mermaid')]"
                               ".every(diagram => diagram.querySelector('svg'))", timeout=DIAGRAMS_TIMEOUT_MS)
        page.evaluate("document.fonts.ready")
        if errors:
            sys.exit(f"the printed page has script errors: {errors}")
        footer = FOOTER_STYLE + page.inner_html("#plan-print-footer")
        options = dict(PAPER, print_background=True, display_header_footer=True, header_template="<span></span>",
                       footer_template=footer)
        anchors = page.eval_on_selector_all(".plan-print-page", "spans => spans.map(s => s.dataset.for)")
        titles = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "headings => headings.map(h => h.innerText)")
        # First print: tagged, for the bookmarks Chromium makes of the headings, and
        # where each part starts. (The edition itself is not tagged: tags made it three
        # times the size, 3.9 MB against 1.3 MB in English.)
        first = page.pdf(**options, tagged=True, outline=True)
        pages = start_pages(first)
        missing = [anchor for anchor in anchors if anchor not in pages]
        if missing:
            sys.exit(f"the PDF does not say where these parts start: {missing}")
        page.evaluate("pages => document.querySelectorAll('.plan-print-page').forEach("
                      "span => { span.textContent = pages[span.dataset.for]; })", pages)
        final = page.pdf(**options)
        browser.close()
    moved = {name: (pages[name], now) for name, now in start_pages(final).items() if pages.get(name) != now}
    if moved:
        sys.exit(f"numbering the contents moved these anchors (from page, to page): {moved}")
    final = with_bookmarks(final, bookmarks(first), [" ".join(title.split()) for title in titles])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(final)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tools/print_pdf.py PAGE_DIR OUT.pdf")
    written = print_pdf(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"Wrote {written}")
