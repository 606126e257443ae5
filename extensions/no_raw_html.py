"""No raw HTML or script from a page's source reaches the site.

MyST passes HTML written in Markdown (a block such as ``<div>`` or inline such as
``<b>``) through to the page, and the ``{raw}`` and ``{include}`` directives open
other doors. A friend state's section must be plain Markdown, so each of these
fails the build with the file, the line and what to write instead."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx

from .rulebook import declare, report

RAW_HTML = declare(
    "plan.raw_html",
    "The plan's pages are plain Markdown: no HTML, and no {raw} or {include} directive, so no script can "
    "reach the site.",
    "write it in Markdown instead.", "extensions/no_raw_html.py")


class Refused(Directive):
    """Stands in for a directive that is not allowed in the plan's pages."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = None  # any option: the directive is refused whatever it says

    def run(self) -> list[nodes.Node]:
        report(RAW_HTML, (self.state.document.settings.env.docname, self.lineno), f"{{{self.name}}}",
               f"the {{{self.name}}} directive is not allowed in the plan's pages.")
        return []


def refuse_raw_nodes(app: Sphinx, doctree: nodes.document) -> None:
    for node in list(doctree.findall(nodes.raw)):
        html = " ".join(node.astext().split())
        report(RAW_HTML, node, "HTML", f"raw HTML is not allowed in the plan's pages ({html[:60]!r}).")
        node.parent.remove(node)


def setup(app: Sphinx) -> dict[str, object]:
    for name in ("raw", "include"):
        app.add_directive(name, Refused, override=True)
    # at read time: the views add SVG of their own later, when the pages are written
    app.connect("doctree-read", refuse_raw_nodes)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
