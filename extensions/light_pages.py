"""Lighter need boxes for readers on slow connections.

sphinx-needs' layouts leave markup that shows nothing: an empty line where a type
has no value for a field (a progress record has no status), an empty content row
under a need with no text, <span> wrappers with no class, and on every link in a
box a tooltip holding the box's own ID. At thousands of needs on a page these are a
tenth of its weight. They are removed once the boxes are built; every visible word
and link stays.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def is_need_box(node: nodes.Node) -> bool:
    """The table sphinx-needs renders a need as (class "need", the need's ID as id)."""
    return isinstance(node, nodes.table) and "need" in node["classes"]


def trim_need_boxes(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for box in doctree.findall(is_need_box):
        own_id = box["ids"][0] if box["ids"] else None
        for link in box.findall(nodes.reference):
            if link.get("reftitle") == own_id:
                del link["reftitle"]
        for line in list(box.findall(nodes.line)):
            shows_something = line.astext().strip() or any(
                isinstance(node, (nodes.reference, nodes.image, nodes.raw)) for node in line.findall())
            if not shows_something and line.parent is not None:
                line.parent.remove(line)
        for span in list(box.findall(nodes.inline)):
            if not any(span.get(attribute) for attribute in ("classes", "ids", "names")) and span.parent:
                span.replace_self(span.children)  # a <span> with no class: nothing but bytes
        for row in list(box.findall(nodes.row)):
            if "content" in row["classes"] and not row.astext().strip() and not any(
                    isinstance(node, (nodes.image, nodes.raw, nodes.reference)) for node in row.findall()):
                row.parent.remove(row)


def setup(app: Sphinx) -> dict[str, object]:
    # after sphinx-needs (500) has built the boxes
    app.connect("doctree-resolved", trim_need_boxes, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
