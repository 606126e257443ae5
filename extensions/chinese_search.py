"""Search in Chinese without a dictionary: the index holds every pair of adjacent
Chinese characters (bigrams), and the browser splits a query the same way, so a
word of two or more characters finds the pages that contain it.

Chinese is written without spaces. Sphinx's own Chinese search segments words with
jieba when it is installed and otherwise indexes no Chinese at all. jieba is 42 MB
and its last release dates from 2020; a dictionary segmenter also misses the terms
its dictionary lacks (the Convention's 集束弹药, 缔约国会议 ...). Overlapping bigrams
are the approach search engines use for CJK text without a dictionary (Lucene's
CJKBigramFilter): no dependency, nothing to download, every term findable, and a
query matches only pages holding all its bigrams. Latin words, digits and IDs
(UNI_01) are indexed as they are, lower-cased, without stemming: Sphinx 9.0's
Chinese search pairs Python's English stemmer with a browser script that names a
``ChineseStemmer`` no file defines, which stops the search page's language data
before its splitter is read."""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese

#: The CJK Unified Ideographs (with extension A and the compatibility block).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN}]+")
OTHER_WORD = re.compile(rf"[^\W{HAN}]+")


def han_terms(run: str) -> list[str]:
    """A run of Chinese characters as its overlapping bigrams (one character alone stays)."""
    return [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]


def split(text: str) -> list[str]:
    terms = [term for run in HAN_RUN.findall(text) for term in han_terms(run)]
    return terms + OTHER_WORD.findall(HAN_RUN.sub(" ", text))


#: The same split in the browser (Sphinx's searchtools.js calls ``splitQuery``).
SPLIT_QUERY_JS = r"""
function splitQuery(query) {
  const han = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
  const terms = [];
  for (const run of query.match(han) || []) {
    if (run.length === 1) terms.push(run);
    for (let i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
  }
  for (const word of query.replace(han, " ").split(/[^\p{Letter}\p{Number}_]+/gu)) {
    if (word) terms.push(word);
  }
  return terms;
}
"""


#: The browser's stemmer: none (the query is lower-cased by searchtools.js).
STEMMER_JS = """
var Stemmer = function () {
  this.stemWord = function (w) {
    return w;
  };
};
window.Stemmer = Stemmer;
"""


class ChineseBigrams(SearchChinese):
    """Sphinx's Chinese search, with bigrams in place of a segmenter."""

    js_splitter_code = SPLIT_QUERY_JS
    js_stemmer_rawcode = ""
    js_stemmer_code = STEMMER_JS

    def split(self, input: str) -> list[str]:
        terms = split(input)
        self.latin_terms.update(t for t in terms if not HAN_RUN.fullmatch(t))
        return terms

    def word_filter(self, stemmed_word: str) -> bool:
        return bool(HAN_RUN.fullmatch(stemmed_word)) or len(stemmed_word) > 1

    def stem(self, word: str) -> str:
        return word.lower()


def setup(app: Sphinx) -> dict[str, object]:
    app.add_search_language(ChineseBigrams)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
