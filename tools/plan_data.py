"""Build a tree's needs.json with the sphinx-needs builder, and read one.

Shared by the tools that compare or record the plan (semantic_diff.py,
release.py, codeowners.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extensions.needs_json import read_needs, read_schema  # noqa: E402,F401  (the one reader of needs.json)


def build_needs_json(srcdir: Path, outdir: Path, strict: bool = True) -> Path:
    """Build only needs.json (the `needs` builder: no HTML pages), return its path."""
    flags = ["-E", "-q"] + (["-n", "-W", "--keep-going"] if strict else [])
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "needs", *flags, str(srcdir), str(outdir)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (outdir / "needs.json").is_file():
        sys.exit(f"could not build the plan in {srcdir}:\n{result.stdout}{result.stderr}")
    return outdir / "needs.json"
