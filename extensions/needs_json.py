"""How the project reads a needs.json file: one place, for the build (recorded
releases), the tools (diff, release, CODEOWNERS, bench) and the tests.

It reads through ub-needs-exchange, the reader of the sphinx-needs family, which
reads every format version of the file and restores the default values that a
reproducible export leaves out."""

from __future__ import annotations

from pathlib import Path

import ub_needs_exchange


def read_needs(path: Path, version: str | None = None) -> dict[str, dict]:
    """The needs of a needs.json file (its current version, or ``version``), by ID."""
    document = ub_needs_exchange.load(path)
    return {record.key: record.fields for record in document.select_version(version).records()}


def read_schema(path: Path) -> dict[str, dict]:
    """The declaration of every field and link (``needs_schema``) of a needs.json file."""
    version = ub_needs_exchange.load(path).select_version(None)
    return dict(version.data["needs_schema"]["properties"])
