"""IDs never change meaning: every ID of a recorded release (releases/*/needs.json)
is still in the plan, with the same type.

An action that is no longer wanted is not deleted: it stays, marked
``:status: retired``, or ``:status: superseded`` with ``:superseded_by:`` naming the
action that replaces it, and the site shows it so. Deleting a released ID, or
reusing it for another type of object, fails the build."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx_needs.data import SphinxNeedsData

from .needs_json import read_needs

logger = logging.getLogger(__name__)

RELEASES = "releases"


def released(srcdir: Path) -> dict[str, dict[str, dict]]:
    """The needs of every recorded release, by release name."""
    out = {}
    for path in sorted((srcdir / RELEASES).glob("*/needs.json")):
        out[path.parent.name] = read_needs(path)
    return out


def line_of(path: Path, need_id: str) -> int:
    """The line of a need's entry in a needs.json file (1 if not found)."""
    marker = f'"{need_id}": {{'
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if marker in line:
            return number
    return 1


def check_released_ids(app: Sphinx, builder: Builder) -> None:
    from .editions import removed_by_edition

    needs = SphinxNeedsData(app.env).get_needs_view()
    left_out = removed_by_edition(app.env)  # an edition's selection is not a deletion
    for name, old in released(Path(app.srcdir)).items():
        release_file = Path(app.srcdir) / RELEASES / name / "needs.json"
        for need_id, need in sorted(old.items()):
            now = needs.get(need_id)
            if now is None and need_id not in left_out:
                # "path:line" as a string: Sphinx prints it as it is
                path = f"{release_file}:{line_of(release_file, need_id)}"
                logger.warning(
                    f"{need_id} ({need['type']} '{need['title']}') was released in '{name}' and is no "
                    f"longer in the plan. A released ID never disappears: put it back and mark it "
                    f"':status: retired', or ':status: superseded' with ':superseded_by: <new ID>'.",
                    location=path, type="plan", subtype="released_id")
            elif now is not None and now["type"] != need["type"]:
                logger.warning(
                    f"{need_id}.type ({now['type']}): released in '{name}' as {need['type']} "
                    f"'{need['title']}'. An ID keeps its meaning: give the new {now['type']} a new ID.",
                    location=(now["docname"], now["lineno"]), type="plan", subtype="released_id")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("write-started", check_released_ids)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
