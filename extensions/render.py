"""Small builders of docutils nodes shared by the views: links to needs, tables,
bars. Nothing here knows about the plan."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .interface import _

Cell = str | nodes.Node | Sequence[nodes.Node]
#: Nodes that stand in a table cell as they are; anything else is put in a paragraph.
BLOCKS = (nodes.paragraph, nodes.table, nodes.container, nodes.bullet_list, nodes.raw)


def need_uri(app: Sphinx, fromdocname: str, need: Mapping[str, Any]) -> str:
    return app.builder.get_relative_uri(fromdocname, need["docname"]) + "#" + need["id"]


def need_link(app: Sphinx, fromdocname: str, need: Mapping[str, Any], text: str | None = None) -> nodes.reference:
    """A link to a need, showing ``text`` (default: the ID), titled with the need's title."""
    link = nodes.reference("", text or need["id"], internal=True,
                           refuri=need_uri(app, fromdocname, need), reftitle=need["title"])
    link["classes"].append("plan-need-link")
    return link


def joined(items: Iterable[nodes.Node], separator: str | None = None) -> list[nodes.Node]:
    """The items with a separator between them: by default the language's list comma."""
    separator = _(", ") if separator is None else separator
    out: list[nodes.Node] = []
    for item in items:
        if out:
            out.append(nodes.Text(separator))
        out.append(item)
    return out


def paragraph(*parts: Cell, classes: Sequence[str] = ()) -> nodes.paragraph:
    para = nodes.paragraph(classes=list(classes))
    for part in parts:
        _append(para, part)
    return para


def table(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, classes: Sequence[str] = (),
          caption: str = "", numeric: Sequence[int] = ()) -> nodes.table:
    """A table with a header row; ``numeric`` names the columns aligned right."""
    tab = nodes.table(classes=["plan-table", *classes])
    if caption:
        tab += nodes.title(caption, caption)
        tab["ids"].append(nodes.make_id(caption))  # a captioned table is a link target
    group = nodes.tgroup(cols=len(headers))
    tab += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    head += _row(headers, numeric)
    body = nodes.tbody()
    group += body
    for cells in rows:
        body += _row(cells, numeric)
    return tab


def bar(value: int, maximum: int, label: str) -> nodes.raw:
    """A horizontal bar as inline SVG: a chart that needs no script and no style."""
    width = 0 if maximum == 0 else round(100 * value / maximum, 1)
    svg = (f'<svg class="plan-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
           f'aria-label="{_attr(label)}"><rect width="{width}" height="10"></rect></svg>')
    return nodes.raw("", svg, format="html")


def _row(cells: Sequence[Cell], numeric: Sequence[int]) -> nodes.row:
    row = nodes.row()
    for index, cell in enumerate(cells):
        entry = nodes.entry(classes=["plan-number"] if index in numeric else [])
        if isinstance(cell, BLOCKS):
            entry += cell
        else:
            entry += paragraph(cell)
        row += entry
    return row


def _append(parent: nodes.Element, part: Cell) -> None:
    if isinstance(part, str):
        parent += nodes.Text(part)
    elif isinstance(part, nodes.Node):
        parent += part
    else:
        for node in part:
            parent += node


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
