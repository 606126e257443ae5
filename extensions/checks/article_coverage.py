"""Every article that carries obligations for States Parties is implemented by at
least one action: a gap fails the build rather than being published."""

from __future__ import annotations

from collections.abc import Iterator

from . import Needs, Problem, rule


@rule("article_coverage")
def obligations_are_covered(needs: Needs) -> Iterator[Problem]:
    for article in needs.values():
        if article["type"] != "article" or not article.get("carries_obligations"):
            continue
        if not any(needs[i]["type"] == "action" for i in article["article_back"] if i in needs):
            yield Problem(article, "article_back", "none",
                          f"this article carries obligations for States Parties, but no action "
                          f"implements it. Add ':article: {article['id']}' to the action(s) that "
                          "serve it, or write one in the section that deals with it.")
