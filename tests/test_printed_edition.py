"""The printed edition: `make pdf`, run as the README writes it in a fresh clone,
gives each language an A4 PDF a delegate can use. The PDFs are read back with pypdf.

A PDF's text comes out of pypdf as the page draws it: Arabic in its presentation
forms and lines in visual order, Chinese with spaces between some characters. Text
is compared after NFKC and with every space removed; what must be in order is
found by the PDF's own anchors (its named destinations), not by searching text."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import HTML_PARSER, Build, fresh_clone, published_languages
from test_recipes import README, passes

# printing drives the browser; under make test's workers, one worker prints once for
# every test of this file (the editions are a fixture of the whole session)
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("printed")]

LANGUAGES = ["en", *published_languages()]
#: A4 in PDF points (1/72 inch): 210 x 297 mm.
A4 = (595.3, 841.9)


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone in which the README's `make pdf` has run."""
    clone = fresh_clone(tmp_path_factory.mktemp("print") / "clone")
    passes(clone, README["print"].body.strip())
    return clone


@cache
def pdf_of(clone: Path, language: str) -> PdfReader:
    return PdfReader(clone / "_build" / "pdf" / f"vientiane-action-plan-{language}.pdf")


@cache
def texts(clone: Path, language: str) -> tuple[str, ...]:
    """Each page's text, compared as the module's docstring says."""
    return tuple(squeezed(page.extract_text()) for page in pdf_of(clone, language).pages)


def squeezed(text: str) -> str:
    """``text`` after NFKC, with every space removed and every quotation mark made
    straight (the pages have typographic quotes; needs.json has the source's)."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    return re.sub(r"\s+", "", text)


QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"'})


def letters(text: str) -> str:
    """Only the letters of ``text``: in Arabic, the PDF draws the Latin codes and the
    punctuation of a line apart from its Arabic words."""
    return "".join(c for c in squeezed(text) if c.isalpha() and not c.isascii())


def holds(language: str, page_text: str, text: str) -> bool:
    """Whether a page's text (squeezed) holds ``text``: for Arabic, each of its words
    (the PDF draws a line's Arabic words and its Latin codes in the order they appear)."""
    if language == "ar":
        return all(letters(word) in letters(page_text) for word in text.split())
    return squeezed(text) in page_text


def contents_numbers(page: Any) -> list[tuple[float, float, int]]:
    """The page numbers the contents give, top to bottom, with where each is drawn (x, y).
    They are set in the monospaced font (_static/print.css), which tells them apart
    from the numbers of the sections' titles."""
    found: list[tuple[float, float, int]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if font is not None and "Mono" in str(font.get("/BaseFont")) and re.fullmatch(r"\s*\d{1,3}\s*", text):
            x, y = cm[0] * tm[4] + cm[2] * tm[5] + cm[4], cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            if y > FOOTER_HEIGHT:
                found.append((x, y, int(text)))

    page.extract_text(visitor_text=visit)
    return sorted(found, key=lambda item: -item[1])


#: The footer lies in the bottom margin (20 mm, 57 points).
FOOTER_HEIGHT = 57


def anchors(reader: PdfReader) -> dict[str, int]:
    """The page (from 0) of each anchor of the page the PDF was printed from."""
    return {name.lstrip("/"): reader.get_destination_page_number(dest)
            for name, dest in reader.named_destinations.items()}


def actions_in_plan_order(site: Build) -> list[str]:
    """The IDs of the actions as the site's section pages give them, page after page."""
    ids = []
    for page in sorted((site.outdir / "sections").glob("*.html")):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), HTML_PARSER)
        ids += [box["id"] for box in html.select("table.needs_type_action")]
    assert len(ids) > 50
    return ids


def language_site(site: Build, language: str) -> Path:
    return site.outdir if language == "en" else site.outdir / language


def test_make_pdf_writes_each_language_beside_its_pages(printed: Path) -> None:
    for language in LANGUAGES:
        name = f"vientiane-action-plan-{language}.pdf"
        pdf = printed / "_build" / "pdf" / name
        beside = printed / "_build" / "html" / ("" if language == "en" else language) / name
        assert pdf.read_bytes() == beside.read_bytes(), language
        assert pdf.stat().st_size < 4_000_000, f"{name}: {pdf.stat().st_size} bytes, for readers on slow connections"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_a4_with_its_number_of_the_total(printed: Path, language: str) -> None:
    reader, pages = pdf_of(printed, language), texts(printed, language)
    for number, page in enumerate(reader.pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2, (language, number, width, height)
        footer = f"page{number}of{len(pages)}" if language == "en" else f"{number}"
        assert footer in pages[number - 1][-80:], (language, number, pages[number - 1][-80:])
    if language != "en":  # the footer's words are the language's own
        assert f"of{len(pages)}" not in pages[0][-80:], pages[0][-80:]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_title_page_says_what_the_document_is(printed: Path, site: Build, language: str,
                                                  language_sites: dict[str, Build]) -> None:
    first = texts(printed, language)[0]
    page = BeautifulSoup((language_site(site, language) / "needs" / "meetings.html").read_text(encoding="utf-8"),
                         HTML_PARSER)
    meeting = page.find(id="MSP_1").find(class_="needs_title").get_text()
    if language == "ar":  # its code, in Latin letters, is drawn apart from the Arabic words
        meeting = re.sub(r"\(\w+\)", "", meeting)
    assert squeezed(meeting) in first, (language, meeting)  # the meeting it is prepared for
    assert "draft-1MSP" in first  # its release
    if language != "en":  # an unofficial working translation, in the language's own words
        notice = BeautifulSoup((language_site(site, language) / "index.html").read_text(encoding="utf-8"),
                               HTML_PARSER).find(class_="announcement").get_text()
        assert letters(notice) in letters(first), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_action_in_plan_order_with_its_title_owner_and_text_on_one_page(
        printed: Path, site: Build, language: str, language_sites: dict[str, Build]) -> None:
    """Each action's box starts with its ID and title and is never split over two
    pages: its ID, title, owners (their IDs), articles, horizon and the last words of
    its text are all on the page of its anchor, and the anchors follow the plan."""
    reader, pages = pdf_of(printed, language), texts(printed, language)
    where = anchors(reader)
    needs = BuiltNeeds(language_site(site, language))
    previous = 0
    for action_id in actions_in_plan_order(site):
        action = needs[action_id]
        page = where[action["id"]]
        assert page >= previous, f"{language}: {action['id']} on page {page + 1}, before the action above it"
        previous = page
        text = pages[page]
        assert action["id"] in text and holds(language, text, action["title"]), (language, action["id"])
        for target in [*action["owner"], *action["article"], *action["horizon"], *action["follows"]]:
            assert f"({target})" in text, (language, action["id"], target)
        prose = re.sub(r"\{[\w-]+\}`[^`]*`", "", action["content"])  # a role shows other words
        # the last words of its text: in Arabic the last two words, each found on its own
        last = " ".join([w for w in prose.split() if letters(w)][-2:]) if language == "ar" else squeezed(prose)[-12:]
        assert holds(language, text, last), (language, action["id"], last)


class BuiltNeeds(dict):
    """The needs of a built site's needs.json (in its language), by ID."""

    def __init__(self, outdir: Path) -> None:
        from plan_data import read_needs

        super().__init__(read_needs(outdir / "needs.json"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_bookmarks_and_the_contents_give_each_part_at_its_page(
        printed: Path, site: Build, language: str, language_sites: dict[str, Build]) -> None:
    reader, pages = pdf_of(printed, language), texts(printed, language)
    parts = [("sections/" + p.stem, p) for p in sorted((language_site(site, language) / "sections").glob("*.html"))]
    titles = [BeautifulSoup(p.read_text(encoding="utf-8"), HTML_PARSER).find("h1").get_text().rstrip("¶#")
              for _, p in parts]
    top = [item for item in reader.outline if not isinstance(item, list)]
    # the title page, then one bookmark per part: the eight sections, then the annexes
    assert [squeezed(b.title) for b in top[1:9]] == [squeezed(t) for t in titles], language
    assert {squeezed(b.title) for b in top[9:]} >= {squeezed(title_of(site, language, p))
                                                    for p in ("needs/articles", "needs/meetings",
                                                              "traceability/matrix")}
    starts = [reader.get_destination_page_number(bookmark) + 1 for bookmark in top[1:]]
    for bookmark, start in zip(top[1:], starts):
        assert holds(language, pages[start - 1], bookmark.title), (language, bookmark.title, start)
    # the contents give the same page for each part, in the same order
    assert [number for _x, _y, number in contents_numbers(reader.pages[1])] == starts, language


def title_of(site: Build, language: str, page: str) -> str:
    html = (language_site(site, language) / f"{page}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, HTML_PARSER).find("h1").get_text().rstrip("¶#")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_link_leads_to_a_place_in_the_pdf(printed: Path, language: str) -> None:
    reader = pdf_of(printed, language)
    names = set(anchors(reader))
    internal = 0
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            assert action is None or action.get("/S") != "/URI", \
                f"{language}, page {number}: a link leaves the PDF: {action.get('/URI')}"
            destination = annotation.get("/Dest")
            if destination is not None:
                assert str(destination).lstrip("/") in names, (language, number, destination)
                internal += 1
    assert internal > 1000, f"{language}: only {internal} links within the PDF"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_font_is_embedded(printed: Path, language: str) -> None:
    fonts = set()
    for page in pdf_of(printed, language).pages:
        for name, font in (page["/Resources"].get("/Font") or {}).items():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":  # glyphs drawn by the PDF itself (Chinese bold)
                assert "/CharProcs" in font, language
                continue
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font) \
                .get("/FontDescriptor")
            assert descriptor is not None, (language, font.get("/BaseFont"))
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                (language, font.get("/BaseFont"))
            fonts.add(str(font.get("/BaseFont")))
    assert fonts, language


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_made_for_the_screen_is_printed(printed: Path, site: Build, language: str,
                                                language_sites: dict[str, Build]) -> None:
    """The site's own screen-only text, in the language: skip link, search, back to top,
    the sidebar's downloads and languages, the table buttons, the headings' pilcrows."""
    html = BeautifulSoup((language_site(site, language) / "sections" / "5-clearance.html").read_text(encoding="utf-8"),
                         HTML_PARSER)
    screen_only = [html.find(class_="skip-to-content").get_text(), html.find(class_="back-to-top").get_text(),
                   html.find(class_="plan-downloads").find(class_="caption-text").get_text(), "¶"]
    everything = "".join(texts(printed, language))
    for text in screen_only:
        assert squeezed(text) not in everything, (language, text)
    assert "JavaScript" not in everything, language


def test_arabic_reads_right_to_left(printed: Path) -> None:
    """The contents give each page number at the end of the line: on the right in
    English, on the left in Arabic."""
    for language, side in (("en", "right"), ("ar", "left")):
        page = pdf_of(printed, language).pages[1]
        numbers = [x for x, _y, _n in contents_numbers(page)]
        middle = float(page.mediabox.width) / 2
        assert len(numbers) >= 13, (language, numbers)
        assert all((x > middle) if side == "right" else (x < middle) for x in numbers), (language, numbers)


def test_the_same_sources_print_the_same_bytes(printed: Path) -> None:
    """No date of printing in the PDF: printing again gives the same file (run last: it
    prints the English edition again)."""
    pdf = printed / "_build" / "pdf" / "vientiane-action-plan-en.pdf"
    first = pdf.read_bytes()
    passes(printed, "make pdf LANG=en")
    assert pdf.read_bytes() == first
    assert "/CreationDate" not in (pdf_of(printed, "en").metadata or {})
