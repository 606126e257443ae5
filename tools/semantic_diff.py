"""What a change does to the plan, for reviewers: the actions and indicators
added, removed and changed, field by field, between a git ref and the working tree.

Usage: python tools/semantic_diff.py BASE   (e.g. origin/main; run by `make diff BASE=...`)
Prints Markdown. Builds needs.json at BASE (from `git archive`, never touching the
working tree) and at the working tree, with the sphinx-needs `needs` builder."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plan_data import ROOT, build_needs_json, read_needs  # noqa: E402

#: For each type reviewed: (field, label) in the order a reviewer reads them.
FIELDS = {
    "action": [("title", "title"), ("content", "text"), ("owner", "owner"), ("article", "article"),
               ("horizon", "horizon"), ("follows", "follows"), ("status", "status"), ("indicative", "indicative"),
               ("measures_back", "indicators"), ("superseded_by", "superseded by")],
    "indicator": [("title", "title"), ("measures", "measures"), ("unit", "unit"), ("denominator", "counted among"),
                  ("baseline", "baseline"),
                  ("target", "target"), ("source", "source"), ("status", "status")],
    "section": [("title", "title"), ("lead", "leads"), ("friend", "friends"), ("contribution", "contribution"),
                ("contribution_status", "contribution status"), ("content", "purpose")],
    "progress": [("action", "action"), ("meeting", "meeting"), ("progress", "progress"), ("value", "value"),
                 ("evidence", "evidence"), ("date", "date")],
}


PLURAL = {"action": "actions", "indicator": "indicators", "section": "sections", "progress": "progress records"}


def checkout(ref: str, dest: Path) -> None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        sys.exit(f"git cannot read {ref!r}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        members = tar.getmembers()
        # Python 3.11.2 (Debian 12) has no extractall(filter=...): refuse by hand what
        # the "data" filter refuses, so no member lands outside ``dest``.
        for member in members:
            outside = member.name.startswith("/") or ".." in Path(member.name).parts
            if outside or not (member.isfile() or member.isdir()):
                sys.exit(f"{ref}: refusing to extract {member.name!r} from the archive")
        tar.extractall(dest, members=members)  # noqa: S202 (checked above)


def value(need: dict, field: str) -> str:
    raw = need.get(field)
    if isinstance(raw, list):
        return ", ".join(sorted(raw)) or "—"
    text = " ".join(str(raw or "").split())
    return text or "—"


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def compare(before: dict[str, dict], after: dict[str, dict], base: str) -> str:
    lines = [f"# Changes to the plan since `{base}`", ""]
    summary = []
    sections = []
    for need_type, fields in FIELDS.items():
        old = {i: n for i, n in before.items() if n["type"] == need_type}
        new = {i: n for i, n in after.items() if n["type"] == need_type}
        added, removed = sorted(new.keys() - old.keys()), sorted(old.keys() - new.keys())
        changed = [(i, [(label, value(old[i], f), value(new[i], f)) for f, label in fields
                        if value(old[i], f) != value(new[i], f)]) for i in sorted(old.keys() & new.keys())]
        changed = [(i, rows) for i, rows in changed if rows]
        # an ID kept but ended: counted apart, as the release rules keep it rather than delete it
        ended = {status: [i for i, _ in changed if new[i].get("status") == status != old[i].get("status")]
                 for status in ("retired", "superseded")}
        others = len(changed) - len(ended["retired"]) - len(ended["superseded"])
        summary.append(f"{PLURAL[need_type]}: {len(added)} added, {len(removed)} removed, "
                       f"{len(ended['retired'])} retired, {len(ended['superseded'])} superseded, {others} changed")
        for i in added:
            sections += [f"## Added {need_type} {i}: {new[i]['title']}", "",
                         *[f"- {label}: {value(new[i], f)}" for f, label in fields], ""]
        for i in removed:
            sections += [f"## Removed {need_type} {i}: {old[i]['title']}", ""]
        for i, rows in changed:
            sections += [f"## Changed {need_type} {i}: {new[i]['title']}", "", "| field | before | after |",
                         "| --- | --- | --- |", *[f"| {label} | {cell(b)} | {cell(a)} |" for label, b, a in rows], ""]
    lines += ["- " + s for s in summary] + [""]
    if not sections:
        lines.append("No action or indicator changed.")
    return "\n".join(lines + sections).rstrip() + "\n"


def main(base: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        checkout(base, tmp_path / "base")
        before = read_needs(build_needs_json(tmp_path / "base", tmp_path / "base-out", strict=False))
        after = read_needs(build_needs_json(ROOT, tmp_path / "after-out", strict=False))
    sys.stdout.write(compare(before, after, base))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/semantic_diff.py BASE   (a git ref, e.g. origin/main)")
    main(sys.argv[1])
