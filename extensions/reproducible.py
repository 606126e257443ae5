"""The same sources give the same site, byte for byte.

In a sphinx-needs build ``schema_violations.json`` records how long the validation
took, so it differs from run to run. It is build diagnostics, not part of the
published plan (every violation fails the build and is printed), so it is not
published. (The other thing that would differ, the random id sphinx-needs gives
each box, is made from the need's ID: see need_boxes.py.)"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

DIAGNOSTICS = "schema_violations.json"


def drop_diagnostics(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        (Path(app.outdir) / DIAGNOSTICS).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, object]:
    # after sphinx-needs' own build-finished handlers have written the report
    app.connect("build-finished", drop_diagnostics, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
