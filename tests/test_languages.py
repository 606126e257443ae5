"""One English source, a catalog per language: the catalogs follow the English
(`make translations`), a published language must be complete and current (the
gate of `make check`), and a language's site, needs.json and exports carry its text
with the same IDs and links as the English.

The small plan is translated here by a pseudo-translation that marks every message
("«fr» …"), so a test can tell a translated text from an English one."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup

import translations
from conftest import SMALL_PLAN_SECTION, build, by_type, replace_in

pytestmark = pytest.mark.builds

MARK = "«fr» "
LINK_FIELDS = ("owner", "article", "horizon", "follows", "measures", "section", "superseded_by", "action", "meeting")


def pseudo_translate(plan: Path, language: str = "fr") -> None:
    """Every message of every catalog of ``language``, translated (marked)."""
    for path in (plan / "locales" / language / "LC_MESSAGES").rglob("*.po"):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if message.id:
                message.string = MARK + message.id
                message.flags.discard("fuzzy")
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0, omit_header=True, include_previous=True, sort_output=False)


def publish(plan: Path, language: str = "fr") -> None:
    replace_in(plan / "locales" / "languages.toml", f'[{language}]\nname = "Français"\npublished = false',
               f'[{language}]\nname = "Français"\npublished = true')


def catalogs_of(plan: Path) -> None:
    """`make translations` on the plan: a fresh extraction and every catalog updated."""
    assert translations.update(plan) == 0


def gate(plan: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    code = translations.check(plan)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def translated_plan(small_plan: Path) -> Path:
    for old in (small_plan / "locales").glob("*/LC_MESSAGES"):
        # the real plan's catalogs do not belong to the small plan
        for path in old.rglob("*.po"):
            path.unlink()
    catalogs_of(small_plan)
    pseudo_translate(small_plan)
    publish(small_plan)
    return small_plan


def test_a_complete_language_passes_the_gate_and_its_site_carries_its_text(
        translated_plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, output = gate(translated_plan, capsys)
    assert code == 0, output
    english = build(translated_plan, tmp_path / "en")
    french = build(translated_plan, tmp_path / "fr", options=["-D", "language=fr"])
    assert english.returncode == 0 and french.returncode == 0, french.log
    # the same needs, links and order; every title and text field in French
    assert list(french.needs) == list(english.needs)
    for need_id, need in french.needs.items():
        for field in LINK_FIELDS:
            assert need.get(field) == english.needs[need_id].get(field), (need_id, field)
        assert need["title"].startswith(MARK), (need_id, need["title"])
        if need["type"] == "indicator":
            for field in ("unit", "baseline", "target", "source"):
                assert need[field].startswith(MARK), (need_id, field)
        if need["type"] == "action":
            assert need["content"].startswith(MARK), (need_id, need["content"])
    # the exports agree with the language's needs.json
    with (french.outdir / "plan-actions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            need = french.needs[row["id"]]
            assert row["title"] == need["title"] and row["text"] == " ".join(need["content"].split())
    # the page: its prose and need boxes in French, the notice on top, in French
    page = BeautifulSoup((french.outdir / SMALL_PLAN_SECTION).with_suffix(".html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.find("html")["lang"] == "fr"
    assert "Traduction de travail non officielle" in page.find(class_="announcement").get_text()
    assert MARK + "Japan raises ratification" in page.get_text()


def test_every_switcher_link_goes_to_the_same_page_in_the_other_language(
        translated_plan: Path, tmp_path: Path) -> None:
    site = tmp_path / "html"
    assert build(translated_plan, site).returncode == 0
    assert build(translated_plan, site / "fr", options=["-D", "language=fr"]).returncode == 0
    # permalink.html is sphinx-needs' redirect to a need (permalink.html?id=UNI_01), not a page to read
    pages = [p for p in site.rglob("*.html") if ".doctrees" not in p.parts and p.name != "permalink.html"]
    checked = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        switcher = soup.find(class_="plan-languages")
        assert switcher is not None, page
        for link in switcher.find_all("a"):
            target = (page.parent / link["href"]).resolve()
            assert target.is_file(), (page, link["href"])
            relative = page.relative_to(site).as_posix().removeprefix("fr/")
            assert target.relative_to(site.resolve()).as_posix().removeprefix("fr/") == relative
            checked += 1
    assert checked == len(pages)


def test_the_gate_names_the_po_file_line_and_english_of_a_removed_translation(
        translated_plan: Path, capsys: pytest.CaptureFixture) -> None:
    po = translated_plan / "locales" / "fr" / "LC_MESSAGES" / "needs.po"
    text = po.read_text(encoding="utf-8")
    removed = f'msgstr "{MARK}Raise ratification with every signatory"'
    line = text[: text.index(removed)].count("\n") + 1
    po.write_text(text.replace(removed, 'msgstr ""'), encoding="utf-8")
    code, output = gate(translated_plan, capsys)
    assert code == 1
    # the line of the entry's msgid, just above the empty msgstr
    assert (f"locales/fr/LC_MESSAGES/needs.po:{line - 1}: untranslated message: "
            "'Raise ratification with every signatory'. How to fix: write its translation in msgstr.") in output


def test_an_english_edit_makes_its_translation_fuzzy_and_the_gate_fails(
        translated_plan: Path, capsys: pytest.CaptureFixture) -> None:
    replace_in(translated_plan / SMALL_PLAN_SECTION, "Japan raises ratification with every signatory before",
               "Japan raises ratification with each signatory before")
    catalogs_of(translated_plan)
    po = translated_plan / "locales" / "fr" / "LC_MESSAGES" / "sections" / "3-universalisation.po"
    text = po.read_text(encoding="utf-8")
    # nothing is lost: the old translation stays, marked fuzzy, with the old English beside it
    assert f'{MARK}Japan raises ratification with every signatory before' in text
    assert "#, fuzzy" in text and '#| msgid "Japan raises ratification with every signatory' in text
    code, output = gate(translated_plan, capsys)
    assert code == 1
    assert re.search(r"locales/fr/LC_MESSAGES/sections/3-universalisation\.po:\d+: fuzzy message: "
                     r"'Japan raises ratification with each signatory before", output), output
    assert "delete the '#, fuzzy' line" in output


def test_an_unpublished_language_is_not_gated(small_plan: Path, capsys: pytest.CaptureFixture) -> None:
    code, output = gate(small_plan, capsys)
    assert code == 0 and "no language is published" in output


def test_a_language_without_an_entry_is_refused(small_plan: Path, tmp_path: Path) -> None:
    result = build(small_plan, tmp_path / "de", options=["-D", "language=de"])
    assert result.returncode != 0
    assert "language 'de' has no entry in locales/languages.toml" in result.log
