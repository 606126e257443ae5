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
from sphinx_needs.api import get_needs_view

from .needs_json import read_needs
from .rulebook import declare, need_location, report

RELEASED_ID = declare(
    "plan.released_id",
    "An ID in a recorded release (releases/*/needs.json) never disappears and never changes its kind: "
    "delegates cite it.",
    "put the object back and mark it ':status: retired', or ':status: superseded' with ':superseded_by:' "
    "naming the action that replaces it. A new object of another kind takes a new ID.",
    "extensions/releases.py")

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

    needs = get_needs_view(app)
    left_out = removed_by_edition(app.env)  # an edition's selection is not a deletion
    for name, old in released(Path(app.srcdir)).items():
        release_file = Path(app.srcdir) / RELEASES / name / "needs.json"
        for need_id, need in sorted(old.items()):
            now = needs.get(need_id)
            if now is None and need_id not in left_out:
                # "path:line" as a string: Sphinx prints it as it is
                path = f"{release_file}:{line_of(release_file, need_id)}"
                report(RELEASED_ID, path, need_id,
                       f"the {need['type']} '{need['title']}' was released in '{name}' and is no longer in the plan.")
            elif now is not None and now["type"] != need["type"]:
                report(RELEASED_ID, need_location(now), f"{need_id}.type ({now['type']})",
                       f"released in '{name}' as {need['type']} '{need['title']}'.")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("write-started", check_released_ids)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
