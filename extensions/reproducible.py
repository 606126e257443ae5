"""The same sources give the same site, byte for byte.

Two things in a sphinx-needs build differ from run to run: each need's box gets a
random HTML id (``SNCB-`` and 8 characters of a random UUID), and
``schema_violations.json`` records how long the validation took. The ids are made
from the need's ID instead; the timing report is build diagnostics, not part of
the published plan (every violation fails the build and is printed), so it is
not published."""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

BOX_PREFIX = "SNCB-"
DIAGNOSTICS = "schema_violations.json"


def stable_box_ids(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for box in doctree.findall(nodes.container):
        ids = box["ids"]
        if len(ids) == 1 and ids[0].startswith(BOX_PREFIX) and len(box.children) == 1:
            need_ids = box.children[0]["ids"] if isinstance(box.children[0], nodes.Element) else []
            if need_ids:
                box["ids"] = [BOX_PREFIX + hashlib.sha256(need_ids[0].encode()).hexdigest()[:8]]


def drop_diagnostics(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        (Path(app.outdir) / DIAGNOSTICS).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, object]:
    # after sphinx-needs (500) has built the boxes
    app.connect("doctree-resolved", stable_box_ids, priority=600)
    # after sphinx-needs' own build-finished handlers have written the report
    app.connect("build-finished", drop_diagnostics, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
