"""The traceability matrix: articles by sections, each cell the number of actions
of that section that implement that article, linked to those actions."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..interface import _
from ..plan import Plan, short_name
from ..render import need_link, paragraph, table
from ..traces import group_anchor
from . import view


@view("matrix")
def traceability_matrix(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    sections = plan.plan_sections
    headers = [_("Article"), *[s["code"] for s in sections], _("All")]
    rows = []
    totals = [0] * len(sections)
    for article in plan.articles:
        actions = plan.linked(article, "article_back")
        cells: list = [[need_link(app, doc, article, short_name(article)),
                        nodes.Text(" " + article["title"])]]
        for column, section in enumerate(sections):
            count = sum(1 for a in actions if plan.section_id(a) == section["id"])
            totals[column] += count
            if count:
                link = need_link(app, doc, article, str(count))
                link["refuri"] = link["refuri"].split("#")[0] + "#" + group_anchor(article, section)
                link["reftitle"] = _("{n} action(s) of section {section} implementing {article}").format(
                    n=count, section=section["number"], article=short_name(article))
                cells.append(link)
            else:
                cells.append(nodes.inline("", "0", classes=["plan-zero"]))
        cells.append(str(len(actions)))
        rows.append(cells)
    rows.append([_("Links in all"), *[str(t) for t in totals], str(sum(totals))])
    legend = paragraph(
        _("Columns:") + " ",
        _("; ").join(f"{s['code']} = {s['number']}. {s['title']}" for s in sections),
        ". " + _("An action that implements several articles counts once in each of their rows."),
        classes=["plan-legend"])
    return [legend, table(headers, rows, classes=["plan-matrix"], numeric=range(1, len(headers)))]
