"""One English source, a catalog per language: the catalogs follow the English
(`make translations`), a published language must be complete and current (the
gate of `make check`), and a language's site, needs.json and exports carry its text
with the same IDs and links as the English.

The small plan is translated here by a pseudo-translation that marks every message
("«fr» …"), so a test can tell a translated text from an English one."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import translations
from extensions.languages import site_languages
from conftest import (HTML_PARSER, PROJECT, SMALL_PLAN_SECTION, Build, build, published_languages, replace_in,
                      translate_what_is_missing)

pytestmark = pytest.mark.builds

MARK = "«fr» "  # what conftest.translate_what_is_missing writes for French
LINK_FIELDS = ("owner", "article", "horizon", "follows", "measures", "section", "superseded_by", "action", "meeting")


def pseudo_translate(plan: Path, language: str = "fr") -> None:
    """Every message of every catalog of ``language``, translated (marked)."""
    assert translate_what_is_missing(plan, language)


def publish(plan: Path, *published: str) -> None:
    """Only ``published`` languages published (the real plan's choice does not matter here)."""
    toml = plan / "locales" / "languages.toml"
    text = toml.read_text(encoding="utf-8")
    for code in site_languages(plan):
        block = re.search(rf"^\[{code}\]\n(?:[^\[].*\n)*", text, re.M).group()
        fixed = re.sub(r"^published = (true|false)$", f"published = {'true' if code in published else 'false'}",
                       block, flags=re.M)
        text = text.replace(block, fixed)
    toml.write_text(text, encoding="utf-8")


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
    publish(small_plan, "fr")
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
                         HTML_PARSER)
    assert page.find("html")["lang"] == "fr"
    assert "Traduction de travail non officielle" in page.find(class_="announcement").get_text()
    assert MARK + "Japan raises ratification" in page.get_text()


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
    publish(small_plan)  # none
    code, output = gate(small_plan, capsys)
    assert code == 0 and "no language is published" in output


def test_a_language_without_an_entry_is_refused(small_plan: Path, tmp_path: Path) -> None:
    result = build(small_plan, tmp_path / "de", options=["-D", "language=de"])
    assert result.returncode != 0
    assert "language 'de' has no entry in locales/languages.toml" in result.log


# -- The real plan, in each published language ------------------------------------

#: Texts that are the same word in English and in the language, checked by hand.
SAME_AS_ENGLISH = {
    "fr": {"ACTOR_CANADA.title": "Canada", "ART_15.title": "Signature", "SEC_INT.title": "Introduction",
           "SEC_UNI.title": "Universalisation", "MSP_5.place": "San José, Costa Rica", "MSP_5.president": "Costa Rica"},
    "es": {"ACTOR_AUSTRALIA.title": "Australia", "ACTOR_AUSTRIA.title": "Austria",
           "MSP_4.place": "Lusaka, Zambia", "MSP_4.president": "Zambia",
           "MSP_5.place": "San José, Costa Rica", "MSP_5.president": "Costa Rica"},
    "ar": {}, "zh": {}, "ru": {},
}
TEXT_FIELDS = ("title", "content", "unit", "denominator", "baseline", "target", "source", "contribution",
               "place", "dates", "president", "note", "deadline")


def test_the_published_languages_are_complete_and_current(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The gate of `make check`, on the real plan: CI refuses an English change that
    leaves a published language behind."""
    assert published_languages() == ["fr", "es", "ar", "zh", "ru"]
    code, output = translations.check(PROJECT, outdir=tmp_path / "gettext"), capsys.readouterr()
    assert code == 0, output.out + output.err


@pytest.mark.parametrize("code", published_languages())
def test_each_language_has_the_english_ids_links_and_order_and_its_own_text(
        site: Build, language_sites: dict[str, Build], code: str) -> None:
    english, translated = site.needs, language_sites[code].needs
    assert list(translated) == list(english)
    still_english = []
    for need_id, need in translated.items():
        for field in LINK_FIELDS:
            assert need.get(field) == english[need_id].get(field), (code, need_id, field)
        if need["type"] == "progress":
            continue  # the meetings' records, not translated (extensions/languages.py)
        for field in TEXT_FIELDS:
            if english[need_id].get(field) and need[field] == english[need_id][field]:
                if SAME_AS_ENGLISH[code].get(f"{need_id}.{field}") != need[field]:
                    still_english.append(f"{need_id}.{field}")
    assert still_english == [], f"{code}: still English: {still_english}"


@pytest.mark.parametrize("code", published_languages())
def test_each_language_s_exports_agree_with_its_needs_json(language_sites: dict[str, Build], code: str) -> None:
    built = language_sites[code]
    with (built.outdir / "plan-actions.csv").open(encoding="utf-8") as handle:
        actions = list(csv.DictReader(handle))
    with (built.outdir / "plan-indicators.csv").open(encoding="utf-8") as handle:
        indicators = list(csv.DictReader(handle))
    assert actions and indicators
    for row in actions:
        need = built.needs[row["id"]]
        assert row["title"] == need["title"] and row["text"] == " ".join(need["content"].split()), row["id"]
    for row in indicators:
        need = built.needs[row["id"]]
        assert [row[f] for f in ("title", "unit", "baseline", "target", "source")] == \
            [need[f] or "" for f in ("title", "unit", "baseline", "target", "source")], row["id"]


def test_every_page_of_every_language_links_to_itself_in_the_others_and_says_what_it_is(
        site: Build, language_sites: dict[str, Build]) -> None:
    notices = {"fr": "Traduction de travail non officielle", "es": "Traducción de trabajo no oficial",
               "ar": "ترجمة عمل غير رسمية", "zh": "非正式工作译文", "ru": "Неофициальный рабочий перевод"}
    root = site.outdir.resolve()
    pages = [p for p in root.rglob("*.html") if p.name != "permalink.html" and "_static" not in p.parts]
    assert len(pages) >= 3 * 35
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), HTML_PARSER)
        relative = page.relative_to(root).as_posix()
        code = relative.split("/")[0] if relative.split("/")[0] in language_sites else "en"
        own = relative.removeprefix(f"{code}/") if code != "en" else relative
        links = soup.find(class_="plan-languages").find_all("a")
        assert {a["hreflang"] for a in links} == {"en", *language_sites} - {code}, relative
        for link in links:
            target = (page.parent / link["href"]).resolve()
            assert target.is_file(), (relative, link["href"])
            other = target.relative_to(root).as_posix()
            assert other.removeprefix(f"{link['hreflang']}/") == own, (relative, link["href"])
        if code != "en":
            assert soup.find("html")["lang"] == code
            assert notices[code] in soup.find(class_="announcement").get_text(), relative


def test_a_right_to_left_language_marks_its_pages_and_a_left_to_right_one_does_not(
        small_plan: Path, tmp_path: Path) -> None:
    """Sphinx writes lang="ar" but no dir (Sphinx #10385): languages.toml's direction does."""
    for code, direction in (("ar", "rtl"), ("fr", None)):
        built = build(small_plan, tmp_path / code, options=["-D", f"language={code}"])
        assert built.returncode == 0, built.log
        root = BeautifulSoup((built.outdir / "index.html").read_text(encoding="utf-8"), HTML_PARSER).find("html")
        assert root["lang"] == code and root.get("dir") == direction, (code, root.attrs)


#: Where the theme writes its own text (furo's and Sphinx's templates), and the English
#: it must not show: Sphinx's catalogs lack some of it for some languages, and
#: locales/<code>/LC_MESSAGES/sphinx.po completes them.
THEME_TEXT = {
    "sections/3-universalisation.html": [".skip-to-content", ".back-to-top", ".toc-title",
                                         ".related-pages .context", ".bottom-of-page .left-details"],
    "search.html": ["noscript"],
}
THEME_ENGLISH = re.compile(r"Skip to content|Back to top|On this page|\bNext\b|\bPrevious\b|Made with|"
                           r"Copyright|Please activate|\bSearch\b")


@pytest.mark.parametrize("code", published_languages())
def test_no_text_of_the_theme_or_the_search_page_stays_english(
        site: Build, language_sites: dict[str, Build], code: str) -> None:
    from extensions.script_messages import script_messages

    for page, selectors in THEME_TEXT.items():
        html = BeautifulSoup((site.outdir / code / page).read_text(encoding="utf-8"), HTML_PARSER)
        for selector in selectors:
            texts = [element.get_text(" ", strip=True) for element in html.select(selector)]
            assert texts, (page, selector)
            assert not [text for text in texts if THEME_ENGLISH.search(text)], (code, page, selector, texts)
    # The search page's script: every message it shows, in the language, not blank.
    script = (site.outdir / code / "_static" / "translations.js").read_text(encoding="utf-8")
    installed = json.loads(re.search(r"TRANSLATIONS, (\{.*?\n\})\);", script, re.S).group(1))
    singular, plural = script_messages()
    asked = singular + [one for one, _ in plural]
    missing = [message for message in asked if not installed.get(message)]
    assert not missing, f"add these to locales/{code}/LC_MESSAGES/sphinx.po: {missing}"
    assert all(all(forms) for forms in installed.values())


def test_translated_messages_are_parsed_with_the_same_settings_as_before() -> None:
    """Pins the myst-parser internal extensions/translated_markdown.py replaces: the
    default document its renderer builds for every translated message. When an upgrade
    stops building it, this fails: remove that module."""
    import inspect

    from myst_parser.mdit_to_docutils import base

    from extensions import translated_markdown

    assert 'options.get("document", make_document())' in inspect.getsource(base.DocutilsRenderer.setup_render)
    original, replacement = base.make_document(), translated_markdown.make_document()
    def comparable(settings: object) -> dict:  # a DependencyList has no equality of its own
        return {name: (value.list if name == "record_dependencies" else value) for name, value in vars(settings).items()}

    assert comparable(replacement.settings) == comparable(original.settings)
    again = translated_markdown.make_document().settings
    assert again is not replacement.settings and again.record_dependencies is not replacement.settings.record_dependencies


def test_a_translated_page_s_nodes_all_belong_to_it(site: Build, language_sites: dict[str, Build]) -> None:
    """Nodes parsed from a translated message once kept the small document Sphinx parsed
    them in, and through it the whole build environment, pickled with every page
    (extensions/languages.py, adopt_translated_nodes)."""
    import pickle

    doctrees = sorted((site.outdir.parent / "doctrees-fr").rglob("*.doctree"))
    assert len(doctrees) >= 35
    for path in doctrees:
        doctree = pickle.loads(path.read_bytes())
        strays = [node for node in doctree.findall() if node.document is not doctree]
        assert not strays, f"{path.name}: {len(strays)} nodes belong to another document"
