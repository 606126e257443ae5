"""Search in Arabic: the same word found with or without its article, its conjunction,
its ending or its vowel marks.

Sphinx has no Arabic search: an Arabic site gets the English one, whose stemmer leaves
Arabic words as they are, so "الدول" would not find "والدول" or "للدول". This is the
"light10" stemmer of Larkey, Ballesteros and Connell ("Improving stemming for Arabic
information retrieval", SIGIR 2002), the light stemmer Lucene's ArabicStemFilter also
follows: normalise the spelling, then remove one conjunction-and-article prefix and the
common suffixes. It needs no dictionary and no dependency. The browser applies the same
steps to the query (``STEMMER_JS``); tests/test_browser.py checks that Python and the
browser stem every Arabic word of the plan alike.

IDs (UNI_01), article numbers and Latin words are indexed as they are, lower-cased."""

from __future__ import annotations

import json
import re

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

#: Vowel marks (harakat, shadda, sukun, dagger alef) and the tatweel: left out of a word.
MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")
#: Spelling variants written as one: the alef forms, alef maqsura, ta marbuta.
NORMAL = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",
                        "\u0649": "\u064a", "\u0629": "\u0647"})
#: light10's prefixes (longest first; at most one is removed) and suffixes (each removed
#: once, in this order, while two letters remain). After NORMAL, ية is written يه.
PREFIXES = ("\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0643\u0627\u0644", "\u0641\u0627\u0644",
            "\u0644\u0644", "\u0627\u0644")                          # وال بال كال فال لل ال
SUFFIXES = ("\u0647\u0627", "\u0627\u0646", "\u0627\u062a", "\u0648\u0646", "\u064a\u0646",
            "\u064a\u0647", "\u0647", "\u064a")                     # ها ان ات ون ين يه ه ي
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
CONJUNCTION = "\u0648"  # و, "and": removed from a word of four letters or more


def stem(word: str) -> str:
    word = MARKS.sub("", word).translate(NORMAL).lower()
    if not ARABIC_LETTER.search(word):
        return word
    if len(word) > 3 and word.startswith(CONJUNCTION):
        word = word[1:]
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) > 1:
            word = word[len(prefix):]
            break
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) > 1:
            word = word[:-len(suffix)]
    return word


#: The query split as the index was: vowel marks and tatweel left out first.
SPLIT_QUERY_JS = r"""
function splitQuery(query) {
  return query
    .replace(/MARKS/gu, "")
    .split(/[^\p{Letter}\p{Number}_]+/gu)
    .filter((term) => term);
}
""".replace("MARKS", MARKS.pattern)

#: The same stemmer in the browser, step for step, with the same data.
STEMMER_JS = r"""
var Stemmer = function () {
  const marks = /MARKS/gu;
  const normal = NORMAL;
  const prefixes = PREFIXES;
  const suffixes = SUFFIXES;
  this.stemWord = function (w) {
    let word = [...w.replace(marks, "")].map((c) => normal[c] || c).join("").toLowerCase();
    if (!/ARABIC_LETTER/u.test(word)) return word;
    if (word.length > 3 && word.startsWith(CONJUNCTION)) word = word.slice(1);
    for (const prefix of prefixes) {
      if (word.startsWith(prefix) && word.length - prefix.length > 1) {
        word = word.slice(prefix.length);
        break;
      }
    }
    for (const suffix of suffixes) {
      if (word.endsWith(suffix) && word.length - suffix.length > 1) word = word.slice(0, -suffix.length);
    }
    return word;
  };
};
window.Stemmer = Stemmer;
""".replace("MARKS", MARKS.pattern).replace("ARABIC_LETTER", ARABIC_LETTER.pattern) \
   .replace("NORMAL", json.dumps({chr(k): v for k, v in NORMAL.items()})) \
   .replace("PREFIXES", json.dumps(PREFIXES)).replace("SUFFIXES", json.dumps(SUFFIXES)) \
   .replace("CONJUNCTION", json.dumps(CONJUNCTION))


class SearchArabic(SearchLanguage):
    lang = "ar"
    language_name = "Arabic"
    js_splitter_code = SPLIT_QUERY_JS
    js_stemmer_code = STEMMER_JS

    def split(self, input: str) -> list[str]:
        return self._word_re.findall(MARKS.sub("", input))

    def stem(self, word: str) -> str:
        return stem(word)

    def word_filter(self, word: str) -> bool:
        return not word.isdigit() and (bool(ARABIC_LETTER.search(word)) or len(word) > 1)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_search_language(SearchArabic)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
