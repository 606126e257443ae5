"""Record the plan as released: its needs.json becomes a baseline that every
later build is checked against, so that a released ID never disappears or
changes its meaning (extensions/releases.py).

Usage: python tools/release.py NAME   (run by `make release NAME=...`)
Writes releases/NAME/needs.json from a strict build of the working tree, and
releases/NAME/release.toml with the day it was recorded (UTC), which dates the
plan's ReqIF export (extensions/reqif_export.py): the build itself reads no clock."""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plan_data import ROOT, build_needs_json  # noqa: E402


#: What release.toml says, above the day.
RECORD_HEADER = ("# The day this release was recorded (tools/release.py, UTC). The plan's ReqIF export\n"
                 "# gives it as its LAST-CHANGE (extensions/reqif_export.py).\n")


def main(name: str, root: Path = ROOT, today: date | None = None) -> Path:
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", name):
        sys.exit(f"release name {name!r}: use lower-case letters, digits, '.' and '-', e.g. draft-1msp")
    dest = root / "releases" / name / "needs.json"
    if dest.exists():
        sys.exit(f"{dest.relative_to(root)} exists already: a release is recorded once and never changed")
    with tempfile.TemporaryDirectory() as tmp:
        built = build_needs_json(root, Path(tmp))
        dest.parent.mkdir(parents=True)
        shutil.copyfile(built, dest)
    day = today or datetime.now(timezone.utc).date()
    (dest.parent / "release.toml").write_text(f"{RECORD_HEADER}recorded = {day.isoformat()}\n", encoding="utf-8")
    print(f"Recorded {dest.relative_to(root)}: from now on no ID in it may disappear or change type.")
    return dest


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/release.py NAME")
    main(sys.argv[1])
