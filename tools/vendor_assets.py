"""Fetch the browser assets the site serves itself, pinned and checked.

Reads tools/vendor.json; for each package downloads its npm tarball, checks it
against the pinned integrity hash (refusing anything else), and unpacks the listed
files into _vendor/<into>/, keeping their layout below dist/. Writes
_vendor/<into>/.version so that a re-run with the same pin does nothing.

Usage: python tools/vendor_assets.py [DEST]   (DEST defaults to _vendor)
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import io
import json
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "tools" / "vendor.json"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (pinned https URL)
        return response.read()


def check_integrity(data: bytes, integrity: str, name: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        sys.exit(f"{name}: the downloaded tarball does not match the pinned integrity hash in {LOCK}")


def unpack(data: bytes, patterns: list[str], dest: Path) -> int:
    count = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            path = member.name.removeprefix("package/")
            if not member.isfile() or not any(fnmatch.fnmatchcase(path, p) for p in patterns):
                continue
            target = dest / path.removeprefix("dist/")
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None
            target.write_bytes(source.read())
            count += 1
    return count


def main(dest_root: Path) -> None:
    for package in json.loads(LOCK.read_text(encoding="utf-8"))["packages"]:
        dest = dest_root / package["into"]
        stamp = dest / ".version"
        pin = f"{package['name']}@{package['version']} {package['integrity']}"
        if stamp.is_file() and stamp.read_text(encoding="utf-8") == pin:
            continue
        print(f"Fetching {package['name']} {package['version']} from the npm registry")
        data = fetch(package["tarball"])
        check_integrity(data, package["integrity"], package["name"])
        shutil.rmtree(dest, ignore_errors=True)
        count = unpack(data, package["files"], dest)
        if count == 0:
            sys.exit(f"{package['name']}: no file in the tarball matches {package['files']}")
        stamp.write_text(pin, encoding="utf-8")
        print(f"  {count} files in {dest}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_vendor")
