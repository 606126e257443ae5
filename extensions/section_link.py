"""Each action's ``section`` link: the section written on the same page (or on the
page a long section's continuation pages belong to, see ``plan.section_page``).

The link is never written by a contributor: it is set here from the page, before
sphinx-needs resolves links, so ``section_back`` on a section lists its actions and
needs.json records each action's section for auditors.

Why not sphinx-needs' own ``derive`` (a ``links`` rule joined on ``docname``): that
join matches every need of the page and then tests each one, for every action, so its
cost grows with the square of a section's length (at 10,000 actions it alone took
minutes). One dictionary of pages here keeps it linear.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from sphinx.application import Sphinx

from .plan import section_of_page, sections_by_page
from .rulebook import declare, need_location, report

WRITTEN_BY_HAND = declare(
    "plan.section_link", "An action's section is the page it is written on: it is never written by hand.",
    "remove the ':section:' line, or move the action to that section's page.", "extensions/section_link.py")


def link_actions_to_their_section(app: Sphinx, needs: MutableMapping[str, Any]) -> None:
    sections = sections_by_page(needs)
    for need in needs.values():
        section = section_of_page(sections, need["docname"])
        if need["type"] != "action" or section is None:
            continue  # an action off a section page is reported by the id_section check
        page_section = section["id"]
        written = need.get_links("section")
        if written and written != [page_section]:
            report(WRITTEN_BY_HAND, need_location(need), f"{need['id']}.section ({', '.join(written)})",
                   f"the section of an action is the page it is written on ({page_section}).")
        need["section"] = [page_section]


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("needs-before-post-processing", link_actions_to_their_section)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
