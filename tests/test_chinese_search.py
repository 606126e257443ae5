"""Chinese search without a dictionary: every pair of adjacent characters is indexed,
and a query is split the same way, so a word of the plan's text finds its page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from conftest import SMALL_PLAN_SECTION, build
from extensions.chinese_search import split

TITLE = "与每个签署国讨论批准问题"  # UNI_01 of the small plan, "Raise ratification with every signatory"


def test_a_run_of_characters_is_indexed_as_its_bigrams_and_other_words_as_words() -> None:
    assert split("签署国") == ["签署", "署国"]
    assert split("国") == ["国"]
    assert split("UNI_01：缔约国会议 2MSP") == ["缔约", "约国", "国会", "会议", "UNI_01", "2MSP"]
    assert split("Stockpiles") == ["Stockpiles"]


@pytest.mark.builds
def test_the_chinese_site_indexes_the_bigrams_of_a_translated_title(small_plan: Path, tmp_path: Path) -> None:
    catalog = Catalog(locale="zh")
    catalog.add("Raise ratification with every signatory", TITLE, context="UNI_01.title")
    folder = small_plan / "locales" / "zh" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "needs.po").open("wb") as handle:
        write_po(handle, catalog, omit_header=True)
    built = build(small_plan, tmp_path / "zh", options=["-D", "language=zh"])
    assert built.returncode == 0, built.log
    assert built.needs["UNI_01"]["title"] == TITLE
    index = json.loads(re.search(r"Search\.setIndex\((.*)\)", (built.outdir / "searchindex.js").read_text(
        encoding="utf-8"), re.S).group(1))
    page = index["docnames"].index(SMALL_PLAN_SECTION.removesuffix(".md"))
    for bigram in split("签署国"):
        found = index["terms"][bigram]
        assert page in (found if isinstance(found, list) else [found]), bigram
    # the browser splits a query the same way (the splitter is in the page's language data)
    data = (built.outdir / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "function splitQuery" in data
    # Sphinx 9.0's own Chinese data names a ChineseStemmer no file defines, which stops the script
    assert "ChineseStemmer" not in data and "window.Stemmer = Stemmer;" in data
