"""Statuses shown as badges: in each need box, the value of a field that says where
something stands (a section's contribution status, an action's status, whether a
later step is indicative) is drawn as a small labelled badge, coloured by its value,
so a reader sees at a glance what is awaited, indicative or superseded. The words
stay as they are: the badge is a style, never the only sign."""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

from .interface import _
from .light_pages import is_need_box

#: The fields drawn as badges (their class in a need box is "needs_<field>").
BADGE_FIELDS = ("status", "contribution_status", "indicative")


def badge_classes(value: str) -> list[str]:
    """The classes of a badge: "plan-badge" and one naming its value."""
    return ["plan-badge", "plan-badge-" + re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")]


def badge(value: str) -> nodes.inline:
    """A badge node, for the views (e.g. the dashboard's contribution column)."""
    return nodes.inline(value, _(value), classes=badge_classes(value))


def draw_badges(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    wanted = {f"needs_{field}" for field in BADGE_FIELDS}
    for box in doctree.findall(is_need_box):
        for field in box.findall(nodes.inline):
            if wanted.isdisjoint(field["classes"]):
                continue
            for data in field.findall(nodes.inline):
                if "needs_data" in data["classes"]:
                    data["classes"].extend(badge_classes(data.astext()))


def setup(app: Sphinx) -> dict[str, object]:
    # after sphinx-needs (500) has built the boxes
    app.connect("doctree-resolved", draw_badges, priority=610)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
