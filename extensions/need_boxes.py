"""Need boxes: each need drawn as the plan shows it, in one pass.

A box is a table (class "need", the need's ID as its id) in a container:

- a head: the type, the ID (a link to the box) and the title, in bold;
- the fields its type shows (``plan_box_fields`` in conf.py), each with its label,
  one line each, and a line only where the need has a value; statuses as badges
  (``badges.py``);
- its links, one line per kind ("Owner: …", "Followed by: …"), each link as
  "title (ID)", except those a box leaves out (``plan_box_hidden_links``: the page's
  own section, and the back-links that ``traces.py`` lists as tables under the need);
- its text, where it has one.

Field labels, the values of enumerated fields, "yes" and "no" for a yes/no field (never
Python's "True") and the comma between links are in the build's language (``interface.py``). The container's id is made from the
need's ID, so the same sources give the same pages.

sphinx-needs draws the same markup through its layouts, which parse their rules for
every need and leave markup that shows nothing (empty lines, wrappers with no class, a
tooltip on every link holding the box's own ID) for a second pass to remove: at
thousands of needs that cost a fifth of a build. Drawn here, before sphinx-needs would
draw them (priority 500), the boxes are built once, already as they are published.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode
from sphinx_needs.api import get_needs_view
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.functions.functions import find_and_replace_node_content
from sphinx_needs.nodes import Need as NeedNode

from .badges import BADGE_FIELDS, badge_classes
from .interface import BOOLEANS, _, enum_fields
from .render import joined
from .schema_report import fields as model_fields

#: The container of each box: an id of this prefix and 8 hexadecimal digits of the need ID's
#: SHA-256 (sphinx-needs' own is random).
BOX_PREFIX = "SNCB-"


def is_need_box(node: nodes.Node) -> bool:
    """The table a need is drawn as (class "need", the need's ID as id)."""
    return isinstance(node, nodes.table) and "need" in node["classes"]


class Boxes:
    """What every box of one page needs to know: the model's labels and the build's language."""

    def __init__(self, app: Sphinx, fromdocname: str) -> None:
        config = app.config
        self.app = app
        self.fromdocname = fromdocname
        self.needs = get_needs_view(app)
        self.fields: Mapping[str, Sequence[tuple[str, str]]] = config.plan_box_fields
        hidden = set(config.plan_box_hidden_links)
        # (field of the need, label, link field of the model), outgoing then incoming, in
        # the model's order of link types, as sphinx-needs lists them
        self.links = [(side_name, label, link.name)
                      for link in SphinxNeedsData(app.env).get_schema().iter_link_fields()
                      for side_name, label in ((link.name, link.display.outgoing),
                                               (link.name + "_back", link.display.incoming))
                      if side_name not in hidden]
        # values shown in the build's language (English is the source: there, _ returns them as they are)
        self.translated_values = set(enum_fields(config))
        # "yes" or "no", in every language, never Python's "True"
        self.yes_no = {name for _kind, name, field in model_fields(config)
                       if field.get("schema", {}).get("type") == "boolean"}
        self.label_end = _(": ")

    def draw(self, need: Mapping[str, Any], node: NeedNode) -> nodes.container:
        table = nodes.table(classes=["need", "needs_grid_simple", "needs_style_none",
                                     "needs_type_" + "".join(need["type"].split())], ids=[need["id"]])
        group = nodes.tgroup(cols=0)
        table += group
        group += nodes.colspec(colwidth=100)
        body = nodes.tbody()
        group += body
        body += self.row("head", nodes.line_block("", nodes.line("", "", *self.head(need)), classes=["needs_head"]))
        meta = nodes.line_block(classes=["needs_meta"])
        meta.extend(nodes.line("", "", field) for field in self.field_values(need))
        links = [nodes.line("", "", nodes.Text(f"{label}: "), self.linked(need, name, link_type))
                 for name, label, link_type in self.links if need[name]]
        if links:
            meta += nodes.line("", "", *links)
        body += self.row("meta", meta)
        if not shows_nothing(node):
            content = nodes.entry(classes=["need", "content"], morecols=0)
            content.extend(node.children)
            body += nodes.row("", content, classes=["need", "content"])
        box_id = BOX_PREFIX + hashlib.sha256(need["id"].encode()).hexdigest()[:8]
        return nodes.container("", table, classes=["need_container"], ids=[box_id])

    @staticmethod
    def row(area: str, content: nodes.Element) -> nodes.row:
        return nodes.row("", nodes.entry("", content, classes=["need", area]), classes=["need", area])

    def head(self, need: Mapping[str, Any]) -> list[nodes.Node]:
        own_id = nodes.inline(classes=["needs-id"])
        if need["docname"]:
            own_id += self.reference(need, need["id"])
        title = nodes.inline("", "", nodes.inline(need["title"], need["title"], classes=["needs_data"]),
                             classes=["needs_title"])
        kind = nodes.inline("", "", nodes.inline(need["type_name"], need["type_name"], classes=["needs_data"]),
                            classes=["needs_type_name"])
        return [kind, nodes.Text(" "), own_id, nodes.Text(": "), nodes.strong("", "", title)]

    def field_values(self, need: Mapping[str, Any]) -> Iterator[nodes.inline]:
        """One "label: value" for each field the type shows and the need has."""
        for name, label in self.fields.get(need["type"], ()):
            value = need.get(name)
            if value is None or value == "" or value == []:
                continue
            field = nodes.inline(classes=["needs_" + name])
            text = _(label) + self.label_end
            field += nodes.inline(text, text, classes=["needs_label"])
            if isinstance(value, str):
                shown = _(value) if name in self.translated_values else value
                data = nodes.inline(shown, shown, classes=["needs_data"])
                if name in BADGE_FIELDS:
                    data["classes"] += badge_classes(value)
                field += data
            elif isinstance(value, list):
                items = nodes.inline(classes=["needs_data_container"])
                for index, item in enumerate(value):
                    if index:
                        items += nodes.inline(", ", ", ", classes=["needs_spacer"])
                    items += nodes.inline(str(item), str(item), classes=["needs_data"])
                field += items
            else:  # a number, or yes/no
                shown = str(value)
                if name in self.yes_no and shown in BOOLEANS:
                    shown = _(BOOLEANS[shown])
                field += nodes.Text(shown)
            yield field

    def linked(self, need: Mapping[str, Any], name: str, link_type: str) -> nodes.inline:
        """The needs ``need`` links to (or is linked from), as "title (ID)", comma between."""
        found: list[nodes.Node] = []
        for target_id in need[name]:
            target = self.needs.get(target_id)
            if target is None:  # the strict build has already failed on it
                found.append(nodes.inline(target_id, target_id, classes=["needs_dead_link"]))
            elif target["docname"]:
                try:
                    found.append(self.reference(target, f"{target['title']} ({target['id']})"))
                except NoUri:
                    continue
            else:
                found.append(nodes.Text(f"{target['title']} ({target['id']})"))
        return nodes.inline("", "", *(joined(found) or [nodes.Text("None")]), classes=[link_type])

    def reference(self, target: Mapping[str, Any], text: str) -> nodes.Element:
        return make_refnode(self.app.builder, self.fromdocname, target["docname"], target["id"], nodes.Text(text))


def shows_nothing(node: nodes.Element) -> bool:
    """No text, link, image or raw markup: a need with no text gets no content row."""
    return not node.astext().strip() and not any(
        isinstance(child, (nodes.reference, nodes.image, nodes.raw)) for child in node.findall(nodes.Element))


def draw_boxes(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    found = list(doctree.findall(NeedNode))
    if not found:
        return
    boxes = Boxes(app, fromdocname)
    for node in found:
        need = boxes.needs[node["ids"][0]]
        if (node.get("docname") and node["docname"] != need["docname"]) or need["hide"]:
            node.parent.remove(node)  # another page's need of that ID (-j), or hidden
            continue
        find_and_replace_node_content(node, app.env, need)  # a {ndf} role in the need's text
        node.parent.replace(node, boxes.draw(need, node))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("plan_box_fields", {}, "env", types=[dict])
    app.add_config_value("plan_box_hidden_links", [], "env", types=[list])
    # after the traces (400) and views (450) are placed beside the need nodes, before
    # sphinx-needs (500) would draw them through its layouts
    app.connect("doctree-resolved", draw_boxes, priority=480)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
