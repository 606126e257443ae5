"""Translated pages built without re-creating docutils' default settings for every message.

In a translated build, Sphinx parses each translated message of a page again with the
page's parser (``sphinx.transforms.i18n``): about 600 messages per language here. For
each, MyST's renderer evaluates ``options.get("document", make_document())``: the
default is built even though Sphinx always passes a document, and building it means
docutils assembling its whole option parser (``get_default_settings``), about 1.3 ms.
That was 0.8 s of a 4 s French build, and 4 s of CPU for the five languages.

``make_document`` is replaced by one that copies default settings assembled once. It
returns the same document, with its own copy of the same settings, so nothing a
renderer changes on one document reaches another. This relies on an internal of
myst-parser; tests/test_languages.py pins it (the eager default is still there, and the
replacement gives the same settings), so an upgrade that fixes it upstream tells us to
remove this module."""

from __future__ import annotations

import copy
import functools

from docutils import nodes
from docutils.frontend import Values, get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import new_document
from myst_parser.mdit_to_docutils import base
from sphinx.application import Sphinx


@functools.cache
def default_settings(parser_cls: type) -> Values:
    return get_default_settings(parser_cls)


def make_document(source_path: str = "notset", parser_cls: type = RSTParser) -> nodes.document:
    """As myst-parser's, with the default settings assembled once and copied."""
    return new_document(source_path, settings=copy.deepcopy(default_settings(parser_cls)))


def setup(app: Sphinx) -> dict[str, object]:
    base.make_document = make_document
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
