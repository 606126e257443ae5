"""Write .github/CODEOWNERS from the plan's section needs: each section file, and the
folder its continuation pages go in, is reviewed by the GitHub teams of its leads and
friends.

Usage: python tools/codeowners.py [needs.json] > .github/CODEOWNERS   (`make codeowners`)
Without an argument the plan's needs.json is built first. tests/test_repository.py
fails when the file and the sections disagree."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plan_data import ROOT, build_needs_json, read_needs  # noqa: E402

from extensions.languages import site_languages  # noqa: E402

#: The GitHub organisation that hosts the plan. Its teams are named after the actors:
#: ACTOR_SOUTH_AFRICA -> @vientiane-action-plan/south-africa.
ORGANISATION = "vientiane-action-plan"
#: Reviews everything that no later line assigns: the plan's co-leads.
DEFAULT_OWNERS = ["ACTOR_NORWAY", "ACTOR_LAO_PDR"]


def team(actor_id: str) -> str:
    return f"@{ORGANISATION}/" + actor_id.removeprefix("ACTOR_").lower().replace("_", "-")


def codeowners(needs: dict[str, dict], languages: list[str] | None = None) -> str:
    languages = list(site_languages(ROOT)) if languages is None else languages
    lines = [
        "# Who reviews which file: the leads and friends of each section, and each language's",
        "# translators, as GitHub teams.",
        "# Generated from the section needs by `make codeowners` (tools/codeowners.py);",
        "# do not edit by hand: tests/test_repository.py fails when it and the sections disagree.",
        "# Later lines take precedence over earlier ones.",
        "",
        f"*  {' '.join(team(a) for a in DEFAULT_OWNERS)}",
    ]
    sections = sorted((n for n in needs.values() if n["type"] == "section"), key=lambda n: int(n["number"]))
    for section in sections:
        owners = list(dict.fromkeys([*section["lead"], *section["friend"]]))
        teams = " ".join(team(a) for a in owners)
        lines.append(f"/{section['docname']}.md  {teams}")
        # a long section goes on in the folder named like its page (see extensions/plan.py)
        lines.append(f"/{section['docname']}/  {teams}")
    # each language's catalogs: its translation team (locales/languages.toml)
    for code in languages:
        lines.append(f"/locales/{code}/  @{ORGANISATION}/translators-{code}")
    return "\n".join(lines) + "\n"



def main(argv: list[str]) -> None:
    if argv:
        needs = read_needs(Path(argv[0]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            needs = read_needs(build_needs_json(ROOT, Path(tmp)))
    sys.stdout.write(codeowners(needs))


if __name__ == "__main__":
    main(sys.argv[1:])
