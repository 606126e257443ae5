"""Coverage: for each article, the actions that implement it, with a visible
flag on every article that carries obligations but has no action."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..interface import _
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
            state = nodes.strong("", _("Gap: no action"), classes=["plan-gap"])
        elif actions:
            state = nodes.inline("", _("Covered"), classes=["plan-covered"])
        else:
            state = nodes.inline("", _("No obligation for the plan"), classes=["plan-not-applicable"])
        rows.append([need_link(app, doc, article, short_name(article)), article["title"],
                     _("yes") if obliges else _("no"), str(len(actions)), state,
                     joined(need_link(app, doc, a) for a in actions)])
    obliging = [a for a in plan.articles if a.get("carries_obligations")]
    text = _("{covered} of the {obliging} articles that carry obligations for States Parties have at least "
             "one action").format(covered=len(obliging) - len(gaps), obliging=len(obliging))
    if gaps:
        text += _("; ") + _("gaps: {articles}.").format(articles=_(", ").join(short_name(a) for a in gaps))
    else:
        text += _("; ") + _("there is no gap.")
    summary = paragraph(text, classes=["plan-coverage-summary"] + (["plan-gap"] if gaps else []))
    return [summary, table([_("Article"), _("Title"), _("Carries obligations"), _("Actions"), _("Coverage"),
                            _("Implemented by")], rows, classes=["plan-coverage"], numeric=[3])]
