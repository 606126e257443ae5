"""The translation catalogs: update them after an English edit, and gate what is published.

  python tools/translations.py update   (`make translations`)
      Extract the English text (Sphinx's gettext builder, and needs.pot of need titles
      and fields, extensions/languages.py), merge it into every language's catalogs in
      locales/<lang>/LC_MESSAGES/, and print what each language now lacks. A changed
      English message is kept with its old translation, marked fuzzy, with the old
      English beside it (#| msgid); a removed one is kept at the end as obsolete (#~).
      Nothing a translator wrote is lost.

  python tools/translations.py check    (part of `make check`)
      Every published language (locales/languages.toml) is complete and current:
      each message of the English templates is translated and not fuzzy. Each problem
      is printed as "<po file>:<line>: <what>: <English text>" with the fix.

  python tools/translations.py status [LANG]
      The share of each page that is translated, per language."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extensions.languages import (  # noqa: E402  (one reader of the catalogs for the build and the tools)
    is_translated, published_languages, read_catalog, site_languages)


def extract(root: Path = ROOT, outdir: Path | None = None) -> Path:
    """The English templates (.pot), one per page and needs.pot, from a fresh gettext
    build. needs.json is off for it: sphinx-needs' JSON builder refuses the gettext one."""
    outdir = outdir or root / "_build" / "gettext"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "gettext", "-E", "-q", "-n", "-W", "--keep-going",
                             "-D", "needs_build_json=0", str(root), str(outdir)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"extracting the English text failed:\n{result.stdout}{result.stderr}")
    return outdir


def templates(outdir: Path) -> dict[str, Catalog]:
    """Each template by its catalog name ("sections/3-universalisation", "needs")."""
    found = {}
    for path in sorted(outdir.rglob("*.pot")):
        with path.open("rb") as handle:
            found[path.relative_to(outdir).with_suffix("").as_posix()] = read_po(handle)
    return found


def po_path(root: Path, language: str, name: str) -> Path:
    return root / "locales" / language / "LC_MESSAGES" / f"{name}.po"


def write(path: Path, catalog: Catalog) -> None:
    """No header: it would carry dates and a tool version, rewritten on every update."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=True, include_previous=True, sort_output=False)


@dataclass
class Gap:
    where: str  # file:line
    kind: str  # missing, fuzzy, untranslated
    english: str

    def __str__(self) -> str:
        english = self.english if len(self.english) <= 100 else self.english[:97] + "..."
        fix = {"missing": "run `make translations`, then translate it",
               "untranslated": "write its translation in msgstr",
               "fuzzy": "the English changed: check the translation against the new msgid, "
                        "then delete the '#, fuzzy' line"}[self.kind]
        return f"{self.where}: {self.kind} message: {english!r}. How to fix: {fix}."


def gaps(root: Path, language: str, templates_by_name: dict[str, Catalog]) -> dict[str, tuple[int, list[Gap]]]:
    """Per catalog: the number of English messages, and each one not translated."""
    found = {}
    for name, template in templates_by_name.items():
        path = po_path(root, language, name)
        shown = path.relative_to(root).as_posix()
        catalog = read_catalog(path, language) if path.is_file() else None
        problems = []
        total = 0
        for message in template:
            if not message.id:
                continue
            total += 1
            english = message.id if isinstance(message.id, str) else message.id[0]
            translated = catalog.get(message.id, context=message.context) if catalog is not None else None
            if translated is None:
                problems.append(Gap(f"{shown}:1", "missing", english))
            elif not is_translated(translated):
                problems.append(Gap(f"{shown}:{translated.lineno}", "untranslated", english))
            elif translated.fuzzy:
                problems.append(Gap(f"{shown}:{translated.lineno}", "fuzzy", english))
        found[name] = (total, problems)
    return found


def update(root: Path = ROOT) -> int:
    outdir = extract(root)
    by_name = templates(outdir)
    for language in site_languages(root):
        for name, template in by_name.items():
            path = po_path(root, language, name)
            catalog = read_catalog(path, language) if path.is_file() else Catalog(locale=language)
            catalog.update(template, update_header_comment=False)
            write(path, catalog)
        report(root, language, by_name)
    return 0


def report(root: Path, language: str, by_name: dict[str, Catalog]) -> None:
    per_catalog = gaps(root, language, by_name)
    total = sum(t for t, _ in per_catalog.values())
    lacking = sum(len(p) for _, p in per_catalog.values())
    print(f"{language}: {total - lacking} of {total} messages translated and current")
    for name, (count, problems) in per_catalog.items():
        if problems:
            kinds = {k: sum(1 for p in problems if p.kind == k) for k in ("missing", "untranslated", "fuzzy")}
            print(f"  {name}: " + ", ".join(f"{n} {k}" for k, n in kinds.items() if n) + f" (of {count})")


def check(root: Path = ROOT, outdir: Path | None = None) -> int:
    published = published_languages(root)
    if not published:
        print("translations: no language is published yet (locales/languages.toml)")
        return 0
    by_name = templates(extract(root, outdir))
    failures = [str(gap) for code in published
                for _, problems in gaps(root, code, by_name).values() for gap in problems]
    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        print(f"translations: {len(failures)} message(s) of a published language are missing or out of date",
              file=sys.stderr)
        return 1
    print(f"translations: {', '.join(published)} complete and current")
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    if command == "update":
        return update()
    if command == "check":
        return check()
    if command == "status":
        by_name = templates(extract())
        for code in (argv[1:] or site_languages(ROOT)):
            report(ROOT, code, by_name)
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
