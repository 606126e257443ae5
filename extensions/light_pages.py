"""Lighter need boxes for readers on slow connections.

sphinx-needs' layouts leave markup that shows nothing: an empty line where a type
has no value for a field (a progress record has no status), an empty content row
under a need with no text, <span> wrappers with no class, and on every link in a
box a tooltip holding the box's own ID. At thousands of needs on a page these are a
tenth of its weight. They are removed once the boxes are built; every visible word
and link stays.
"""

from __future__ import annotations

from collections.abc import Iterator

from docutils import nodes
from sphinx.application import Sphinx


def is_need_box(node: nodes.Node) -> bool:
    """The table sphinx-needs renders a need as (class "need", the need's ID as id)."""
    return isinstance(node, nodes.table) and "need" in node["classes"]


def elements(node: nodes.Element) -> Iterator[nodes.Element]:
    """Every element below ``node``, depth first, in document order. A plain stack:
    docutils' ``findall`` nests one generator per level, which cost most of this
    module's time at thousands of boxes."""
    stack = [child for child in reversed(node.children) if isinstance(child, nodes.Element)]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(child for child in reversed(element.children) if isinstance(child, nodes.Element))


def trim_need_boxes(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for box in [element for element in elements(doctree) if is_need_box(element)]:
        own_id = box["ids"][0] if box["ids"] else None
        lines, spans, rows = [], [], []
        for node in elements(box):  # one walk through the box
            if isinstance(node, nodes.reference):
                if node.get("reftitle") == own_id:
                    del node["reftitle"]
            elif isinstance(node, nodes.line):
                lines.append(node)
            elif isinstance(node, nodes.inline):
                spans.append(node)
            elif isinstance(node, nodes.row) and "content" in node["classes"]:
                rows.append(node)
        for node in [*lines, *rows]:
            if shows_nothing(node) and node.parent is not None:
                node.parent.remove(node)
        for span in reversed(spans):  # inner spans first, so each is still in its parent
            if not (span["classes"] or span["ids"] or span["names"]) and span.parent is not None:
                unwrap(span)  # a <span> with no class: nothing but bytes


def unwrap(span: nodes.inline) -> None:
    """Put a span's children in its place (docutils' ``replace_self`` does the same,
    but searches the parent for the span and sets each child up again, one by one)."""
    parent = span.parent
    index = next(i for i, child in enumerate(parent.children) if child is span)
    parent.children[index:index + 1] = span.children
    for child in span.children:
        child.parent = parent


def shows_nothing(node: nodes.Element) -> bool:
    return not node.astext().strip() and not any(
        isinstance(child, (nodes.reference, nodes.image, nodes.raw)) for child in elements(node))


def setup(app: Sphinx) -> dict[str, object]:
    # after sphinx-needs (500) has built the boxes
    app.connect("doctree-resolved", trim_need_boxes, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
