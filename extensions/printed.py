"""The printed edition: the plan as one page made for paper (``sphinx-build -b print``),
which ``tools/print_pdf.py`` prints to an A4 PDF with Chromium (``make pdf``).

The builder is Sphinx's ``singlehtml`` with three differences:

- it holds only what a delegate reads on paper (``PRINTED``): the sections, the
  reference lists of articles, actors and meetings, the matrix and the timeline; a
  link to a page left out (the coverage report, the per-section tables) keeps its
  text and loses its target, and a part of a page that only leads to pages left out
  (its table of contents) is left out too. Text that only makes sense on screen is
  marked in the page's source with ``{only} not builder_print``;
- every link is a link within the page. ``singlehtml`` writes a link to a need as
  ``#document-sections/3-universalisation#UNI_01`` (Sphinx #14221): sphinx-needs
  resolves its links after Sphinx has mended the others, so a PDF would have every
  such link broken; here they become ``#UNI_01``;
- its page is ``_templates/print/page.html`` with ``_static/print.css``: a title
  page, a table of contents, the plan; no sidebar, search, buttons or anything that
  needs JavaScript, except the diagrams, which the printer waits for.

Each action is set as on paper: its ID and title, then its owner, articles, horizon
and the steps it follows; its indicators as one compact table under it."""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import Markup, escape
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util.nodes import inline_all_toctrees

from .interface import _
from .languages import SOURCE_LANGUAGE, right_to_left, site_languages
from .need_boxes import is_need_box
from .plan import ADOPTING_MEETING, Plan

#: The pages of the printed edition, in the order of the site's table of contents.
PRINTED = ("sections/*", "needs/articles", "needs/actors", "needs/meetings", "traceability/matrix",
           "traceability/timeline")
#: The PDF of each language, named for a reader's downloads folder.
PDF_NAME = "vientiane-action-plan-{language}.pdf"
#: A link of singlehtml to an anchor on another of its pages.
DOCUMENT_LINK = re.compile(r"^#document-(?P<doc>[^#]+)(?:#(?P<anchor>.+))?$")
#: The fields of an indicator, in the columns of its action's table.
INDICATOR_COLUMNS = (("baseline", "Baseline"), ("target", "Target"), ("source", "Source of the figure"))
#: The fields of an indicator under its title, with their labels (those of the need boxes).
INDICATOR_DETAILS = (("unit", "Unit"), ("denominator", "Counted among"))
COLUMN_WIDTHS = (34, 26, 22, 18)


def is_printed(docname: str) -> bool:
    return any(fnmatch(docname, pattern) for pattern in PRINTED)


class PrintBuilder(SingleFileHTMLBuilder):
    """The printed edition, as one HTML page (see the module's docstring)."""

    name = "print"
    epilog = "The page to print is in %(outdir)s; `make pdf` prints it."

    def assemble_doctree(self) -> nodes.document:
        master = self.config.root_doc
        tree = inline_all_toctrees(self, set(), master, self.env.get_doctree(master), lambda text: text, [master])
        for part in list(tree.findall(addnodes.start_of_file)):
            if not is_printed(part["docname"]) and part.parent is not None:
                part.parent.remove(part)
        printed = [part for part in tree.findall(addnodes.start_of_file)
                   if not any(isinstance(a, addnodes.start_of_file) for a in _ancestors(part))]
        tree.children = []
        for part in printed:
            part.parent = None
            tree += part
        # within the printed pages
        for wrapper in list(tree.findall(nodes.compound)):
            if "toctree-wrapper" in wrapper["classes"] and not any(wrapper.findall(addnodes.start_of_file)):
                section = wrapper.parent
                if isinstance(section, nodes.section) and not isinstance(section.parent, addnodes.start_of_file):
                    section.parent.remove(section)  # a part of a page that only leads to pages left out
                else:
                    wrapper.parent.remove(wrapper)
        tree["docname"] = master
        self.env.resolve_references(tree, master, self)
        return tree


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    out = []
    while node.parent is not None:
        node = node.parent
        out.append(node)
    return out


def links_within_the_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Every link of the printed page points into it: ``#UNI_01``, not
    ``#document-sections/3-universalisation#UNI_01``; a link to a page the edition
    leaves out keeps its text only."""
    if app.builder.name != PrintBuilder.name:
        return
    for reference in list(doctree.findall(nodes.reference)):
        match = DOCUMENT_LINK.match(reference.get("refuri", ""))
        if not match:
            continue
        if not is_printed(match["doc"]):
            reference.replace_self(nodes.inline("", "", *reference.children))
        elif match["anchor"]:
            reference["refuri"] = "#" + match["anchor"]


def indicators_as_tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under each action, its indicators as one table (indicator, baseline, target,
    source) in place of a box each. Each row keeps the indicator's ID as its anchor."""
    if app.builder.name != PrintBuilder.name:
        return
    plan = Plan.of(app)
    for box in list(doctree.findall(is_need_box)):
        if plan.needs.get(_need_id(box), {}).get("type") != "action":
            continue
        unit = box  # the box and the nodes sphinx-needs wraps it in (the need, its container)
        while unit.parent is not None and len(unit.parent.children) == 1:
            unit = unit.parent
        parent = unit.parent
        indicators, taken, targets = [], [], []
        for sibling in parent.children[parent.index(unit) + 1:]:
            if isinstance(sibling, nodes.target):  # the anchor sphinx-needs puts before each need
                targets.append(sibling)
                continue
            inner = next(sibling.findall(is_need_box), None) if isinstance(sibling, nodes.Element) else None
            need = plan.needs.get(_need_id(inner)) if inner is not None else None
            if need is None or need["type"] != "indicator":
                break
            indicators.append(need)
            taken += [*targets, sibling]  # the row takes over the indicator's anchor
            targets = []
        if indicators:
            parent.insert(parent.index(unit) + 1, indicator_table(indicators))
            for node in taken:
                parent.remove(node)


def _need_id(box: nodes.Element) -> str:
    return box["ids"][0] if box["ids"] else ""


def indicator_table(indicators: list[Any]) -> nodes.table:
    """One row per indicator: its ID, title, unit and what it counts among; its baseline,
    target and the source of the figure."""
    labels = [_("Indicator"), *(_(label) for _field, label in INDICATOR_COLUMNS)]
    table = nodes.table(classes=["plan-print-indicators", "colwidths-given"])
    group = nodes.tgroup(cols=len(labels))
    table += group
    for width in COLUMN_WIDTHS:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([nodes.paragraph("", label) for label in labels])
    body = nodes.tbody()
    for indicator in indicators:
        first = [nodes.paragraph("", "", nodes.literal("", indicator["id"]), nodes.Text(" " + indicator["title"]))]
        for field, label in INDICATOR_DETAILS:
            if indicator[field]:
                first.append(nodes.paragraph("", _(label) + _(": ") + indicator[field], classes=["plan-print-detail"]))
        row = _row([first, *(nodes.paragraph("", indicator[field] or "") for field, _l in INDICATOR_COLUMNS)])
        row["ids"] = [indicator["id"]]
        body += row
    group += head
    group += body
    return table


def _row(cells: list[Any]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        entry += content
        row += entry
    return row


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> str | None:
    """The printed page's template, and what its title page, contents and footer say."""
    if app.builder.name != PrintBuilder.name or pagename != app.config.root_doc:
        return None
    language = app.config.language or SOURCE_LANGUAGE
    plan = Plan.of(app)
    meeting = next(m for m in plan.meetings if int(m["sequence"] or 0) == ADOPTING_MEETING)
    context["print"] = {
        "direction": "rtl" if right_to_left(Path(app.srcdir), language) else "ltr",
        "convention": _("Convention on Cluster Munitions"),
        "title": app.config.html_title,
        "prepared_for": _("Prepared for the {meeting}, {place}, {dates}").format(
            meeting=meeting["title"], place=meeting["place"], dates=meeting["dates"]),
        "status": _("Status: draft, under negotiation"),
        "release": _("Release: {name}").format(name=app.config.release),
        "notice": site_languages(Path(app.srcdir)).get(language, {}).get("notice", ""),
        "contents_caption": _("Contents"),
        "contents": [(f"document-{doc}", app.env.titles[doc].astext())
                     for doc in app.env.toctree_includes.get(app.config.root_doc, []) if is_printed(doc)],
        # Chromium draws the footer of every page from this HTML, filling in the two spans
        "footer": Markup(escape(_("{title}, page {page} of {pages}")).format(
            title=escape(app.config.html_title), page=Markup('<span class="pageNumber"></span>'),
            pages=Markup('<span class="totalPages"></span>'))),
        "scripts": [js for js in context.get("script_files", []) if "mermaid" in _script_text(js)],
    }
    return "print/page.html"


def _script_text(js: Any) -> str:
    return f"{getattr(js, 'filename', '') or ''} {getattr(js, 'attributes', {}).get('body', '')}"


def setup(app: Sphinx) -> dict[str, object]:
    app.add_builder(PrintBuilder)
    # after the boxes (need_boxes, 480) and sphinx-needs' links (500) are drawn
    app.connect("doctree-resolved", links_within_the_page, priority=900)
    app.connect("doctree-resolved", indicators_as_tables, priority=910)
    # after sphinxcontrib-mermaid (500) has added its loader to the page's scripts
    app.connect("html-page-context", page_context, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
