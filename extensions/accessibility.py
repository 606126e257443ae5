"""Fixes to the theme's HTML that accessibility checkers (axe) require.

Sphinx (table-of-contents captions in a page) and Furo (the same captions in
the sidebar) mark captions with ``role="heading"`` but no ``aria-level``, which
axe reports as a critical violation (aria-required-attr). The captions head
groups of links under the page's title: level 2."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

CAPTION = 'class="caption" role="heading"'


def add_heading_levels(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    for key in ("body", "furo_navigation_tree"):
        html = context.get(key)
        if isinstance(html, str) and CAPTION in html:
            context[key] = html.replace(CAPTION, CAPTION + ' aria-level="2"')


def setup(app: Sphinx) -> dict[str, object]:
    # after furo's own handler (priority 500), which computes the tree
    app.connect("html-page-context", add_heading_levels, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
