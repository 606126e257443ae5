"""A long section continues on the pages of a folder named like its page
(sections/3-universalisation/part-2.md), so no page grows without bound: its
actions belong to the section as if written on its page, and the same rules hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build, replace_in

pytestmark = pytest.mark.builds

CONTINUATION = """# 3. Universalisation (continued)

```{{action}} Report on universalisation to the Fifth Meeting
:id: {action_id}
:owner: ACTOR_PRESIDENCY
:article: ART_21
:horizon: MSP_5
:follows: UNI_02
:status: draft
:indicative: to be confirmed at 2MSP

The President reports on universal membership to the Fifth Meeting.
```

```{{indicator}} Report on universalisation presented
:id: {action_id}_I1
:measures: {action_id}
:unit: report presented (yes/no)
:baseline: no report at 1MSP
:target: yes, at 5MSP
:source: the Fifth Meeting's documents
```
"""


def continue_section(plan: Path, action_id: str) -> Path:
    page = plan / "sections" / "3-universalisation" / "part-2.md"
    page.parent.mkdir()
    page.write_text(CONTINUATION.format(action_id=action_id), encoding="utf-8")
    replace_in(plan / "sections" / "3-universalisation.md", "Actions to ensure global adherence to the Convention.\n```\n",
               "Actions to ensure global adherence to the Convention.\n```\n\n```{toctree}\n:glob:\n\n3-universalisation/*\n```\n")
    return page


def test_actions_on_a_continuation_page_belong_to_the_section(small_plan: Path, tmp_path: Path) -> None:
    continue_section(small_plan, "UNI_04")
    result = build(small_plan, tmp_path / "html")
    assert result.returncode == 0, result.log
    needs = result.needs
    assert needs["UNI_04"]["section"] == ["SEC_UNI"]
    assert "UNI_04" in needs["SEC_UNI"]["section_back"]
    section_page = (result.outdir / "sections" / "3-universalisation.html").read_text(encoding="utf-8")
    assert "4 actions" in section_page  # the section's summary counts it
    assert 'href="3-universalisation/part-2.html"' in section_page  # and the reader can go on
    actors = (result.outdir / "needs" / "actors.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./sections/3-universalisation/part-2\.html#UNI_04"', actors)


def test_a_continuation_page_holds_only_its_sections_ids(small_plan: Path, tmp_path: Path) -> None:
    continue_section(small_plan, "STK_04")
    result = build(small_plan, tmp_path / "html")
    assert result.returncode != 0
    assert re.search(r"sections/3-universalisation/part-2\.md:\d+: WARNING: STK_04\.id \(STK_04\): .*the section code UNI",
                     result.log), result.log
    assert "Traceback" not in result.log


def test_a_sequencing_page_for_an_unknown_section_names_file_and_line(small_plan: Path, tmp_path: Path) -> None:
    page = small_plan / "traceability" / "sequencing" / "3-universalisation.md"
    replace_in(page, "{plan-view} sequencing SEC_UNI", "{plan-view} sequencing SEC_XYZ")
    result = build(small_plan, tmp_path / "html")
    assert result.returncode != 0
    assert re.search(r"traceability/sequencing/3-universalisation\.md:\d+: WARNING: sequencing 'SEC_XYZ': "
                     r"not a section ID.*'\{plan-view\} sequencing SEC_UNI'", result.log), result.log
    assert "[plan.view]" in result.log
