"""Coverage: for each article, the actions that implement it, with a visible
flag on every article that carries obligations but has no action."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..plan import Plan, short_name
from ..render import joined, need_link, paragraph, table
from . import view


@view("coverage")
def coverage_report(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    rows, gaps = [], []
    for article in plan.articles:
        actions = plan.linked(article, "article_back")
        obliges = bool(article.get("carries_obligations"))
        if obliges and not actions:
            gaps.append(article)
            state = nodes.strong("", "Gap: no action", classes=["plan-gap"])
        elif actions:
            state = nodes.inline("", "Covered", classes=["plan-covered"])
        else:
            state = nodes.inline("", "No obligation for the plan", classes=["plan-not-applicable"])
        rows.append([need_link(app, doc, article, short_name(article)), article["title"],
                     "yes" if obliges else "no", str(len(actions)), state,
                     joined(need_link(app, doc, a) for a in actions)])
    obliging = [a for a in plan.articles if a.get("carries_obligations")]
    summary = paragraph(
        f"{len(obliging) - len(gaps)} of the {len(obliging)} articles that carry obligations "
        f"for States Parties have at least one action"
        + (f"; gaps: {', '.join('Art. ' + str(a['number']) for a in gaps)}." if gaps else "; there is no gap."),
        classes=["plan-coverage-summary"] + (["plan-gap"] if gaps else []))
    return [summary, table(["Article", "Title", "Carries obligations", "Actions", "Coverage", "Implemented by"],
                           rows, classes=["plan-coverage"], numeric=[3])]
