"""Every article that carries obligations for States Parties is implemented by at
least one action: a gap fails the build rather than being published."""

from __future__ import annotations

from collections.abc import Iterator

from ..plan import is_live
from . import Needs, Problem, rule


@rule("article_coverage",
      says="Every article that carries obligations for States Parties (marked so in needs/articles.md) is "
           "implemented by at least one live action (neither retired nor superseded).",
      fix="add the article's ID to the ':article:' line of the action(s) that serve it, or write an action "
          "in the section that deals with it.")
def obligations_are_covered(needs: Needs) -> Iterator[Problem]:
    for article in needs.values():
        if article["type"] != "article" or not article.get("carries_obligations"):
            continue
        if not any(needs[i]["type"] == "action" and is_live(needs[i]) for i in article["article_back"] if i in needs):
            yield Problem(article, "article_back", "none",
                          "this article carries obligations for States Parties, but no live action implements it.")
