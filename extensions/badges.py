"""Statuses shown as badges: in each need box, the value of a field that says where
something stands (a section's contribution status, an action's status, whether a
later step is indicative) is drawn as a small labelled badge, coloured by its value,
so a reader sees at a glance what is awaited, indicative or superseded. The words
stay as they are: the badge is a style, never the only sign."""

from __future__ import annotations

import re

from docutils import nodes

from .interface import _

#: The fields a need box draws as badges (need_boxes.py).
BADGE_FIELDS = ("status", "contribution_status", "indicative")


def badge_classes(value: str) -> list[str]:
    """The classes of a badge: "plan-badge" and one naming its value."""
    return ["plan-badge", "plan-badge-" + re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")]


def badge(value: str) -> nodes.inline:
    """A badge node, for the views (e.g. the dashboard's contribution column)."""
    return nodes.inline(value, _(value), classes=badge_classes(value))
