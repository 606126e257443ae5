"""Make the build's messages about needs useful to a desk officer.

sphinx-needs reports mistakes in its own terms: a schema violation comes with
no file or line ("Need 'UNI_02' has schema violations: ..."), a missing ID says
"No ID defined, but 'needs_id_required' is set". This module filters every
message before it is printed and

* gives each schema violation the file and line of the need it is about, and the
  rule's own plain-words message where sphinx-needs leaves it out;
* adds to each common mistake a line that says how to fix it (HINTS).

It changes the text only: a message that fails the build still fails it.
"""

from __future__ import annotations

import logging
import re

from sphinx.application import Sphinx
from sphinx_needs.data import SphinxNeedsData

#: sphinx-needs' wording of a mistake, and what to tell the contributor to do.
HINTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"No ID defined"),
     "Put ':id: <ID>' on the line right after the opening ```{{action}} line, with no blank "
     "line between the opening line and the options: after a blank line, MyST reads "
     ":id:, :owner: and the rest as plain text."),
    (re.compile(r"A need with ID '(?P<id>[^']+)' already exists"),
     "Every ID is used once. Give this one the next free number in its section."),
    (re.compile(r"does not match configured regex"),
     "An ID is upper-case letters and digits joined by underscores, e.g. UNI_07 or "
     "UNI_07_I1: never a hyphen, space or lower-case letter."),
    (re.compile(r"unknown outgoing link '(?P<id>[^']+)' in field '(?P<field>[^']+)'"),
     "No object has the ID {id}. Check its spelling against the Articles, Actors and "
     "Meetings pages (or the section pages, for actions)."),
    (re.compile(r"link '(?P<id>[^']+)' in field '(?P<field>[^']+)': target need type"),
     "':owner:' takes actor IDs (ACTOR_...), ':article:' article IDs (ART_01 to ART_23), "
     "':horizon:' one meeting ID (MSP_2 to MSP_5, RC_1), ':follows:' and ':measures:' "
     "action IDs."),
    (re.compile(r"Unknown option '(?P<option>[^']+)'"),
     "This option does not exist. An action takes :id:, :owner:, :article:, :horizon:, "
     ":follows:, :status: and :superseded_by:; an indicator :id:, :measures:, :unit:, :baseline:, "
     ":target: and :source:. Check the spelling or remove the line."),
    (re.compile(r"is not declared on need type '(?P<type>[^']+)'"),
     "This option is not used on a {type}: remove the line."),
    (re.compile(r"isn't included in any toctree"),
     "Every page must be reachable: add the page to a table of contents "
     "(the toctree in index.md lists the section pages)."),
    (re.compile(r"unknown document: '(?P<doc>[^']+)'"),
     "The link points to no page: check the page name ({doc}) against the files in "
     "sections/ and needs/, without the .md ending."),
    (re.compile(r"> status > enum"),
     "':status:' is one of: {statuses}."),
]

SCHEMA_VIOLATION = re.compile(r"^Need '(?P<id>[^']+)' has schema violations")
SCHEMA_RULE = re.compile(r"Schema path:\s+(?P<rule>[\w-]+)\[\d+\]")


class ContributorMessages(logging.Filter):
    """Add location, rule message and fix to messages about needs."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app
        rules = app.config.needs_schema_definitions.get("schemas", [])
        self.rule_messages = {r["id"]: r["message"] for r in rules if "id" in r and "message" in r}
        status = app.config.needs_fields.get("status", {}).get("schema", {})
        self.statuses = ", ".join(status.get("enum", []))

    def filter(self, record: logging.LogRecord) -> bool:
        # Sphinx has several handlers, each with this filter: change a record once
        if getattr(record, "contributor_messages", False):
            return True
        record.contributor_messages = True
        if record.levelno < logging.WARNING or not isinstance(record.msg, str):
            return True
        message = record.getMessage()
        violation = SCHEMA_VIOLATION.match(message)
        if violation:
            self._locate(record, violation["id"])
            rule = SCHEMA_RULE.search(message)
            if rule and "User message:" not in message and rule["rule"] in self.rule_messages:
                message += f"\n  User message:   {self.rule_messages[rule['rule']]}"
        for pattern, hint in HINTS:
            found = pattern.search(message)
            if found:
                message += "\n  How to fix: " + hint.format(statuses=self.statuses, **found.groupdict())
                break
        record.msg, record.args = message, ()
        return True

    def _locate(self, record: logging.LogRecord, need_id: str) -> None:
        if getattr(record, "location", None):
            return
        need = SphinxNeedsData(self.app.env).get_needs_view().get(need_id)
        if need is not None and need["docname"]:
            record.location = (need["docname"], need["lineno"])


def _install(app: Sphinx) -> None:
    # on Sphinx's handlers, first in line: sees every module's messages before
    # Sphinx turns the (docname, line) location into "file:line"
    for handler in logging.getLogger("sphinx").handlers:
        handler.filters = [f for f in handler.filters if not isinstance(f, ContributorMessages)]
        handler.filters.insert(0, ContributorMessages(app))


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _install)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
