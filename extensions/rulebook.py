"""The plan's rulebook: every rule a contributor's change must keep, in one list.

Each rule is declared once, in the place that enforces it:

* the schema rules and the allowed values of each field in ``needs/model.toml``
  (declared here by :mod:`extensions.schema_report` when the build starts);
* the plan's own rules in the modules of :mod:`extensions.checks` and in the
  module that enforces each of the others (section link, raw HTML, released IDs,
  views, source files);
* the rules that sphinx-needs and Sphinx enforce themselves, declared below in
  :data:`BUILT_IN`, with what to do about them.

Every rule has a kind (``plan.follows_order``), which ends the message a contributor
sees (Sphinx prints it in brackets), the rule in plain words, what to do, and the
file that defines it. The site's Rules page is generated from this list, and
``tests/test_rules.py`` holds every rule to one failing build that shows its kind.

Messages of the project's own rules carry their fix. For the built-in ones, whose
wording belongs to sphinx-needs and Sphinx, the build ends with a "How to fix" note
for each kind of problem it reported, found from the warnings' kind alone (the
structured ``type`` and ``subtype`` Sphinx gives every warning, never their text).
"""

from __future__ import annotations

import logging as std_logging
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    """One rule of the plan."""

    kind: str  #: "type.subtype" of its warnings, e.g. "plan.follows_order"
    says: str  #: the rule in plain words
    fix: str  #: what a contributor does about a breach
    home: str  #: the file that defines it, from the repository's root

    @property
    def type(self) -> str:
        return self.kind.split(".", 1)[0]

    @property
    def subtype(self) -> str:
        return self.kind.split(".", 1)[1]

    @property
    def anchor(self) -> str:
        return "rule-" + self.kind.replace(".", "-").replace("_", "-")


RULES: dict[str, Rule] = {}


def declare(kind: str, says: str, fix: str, home: str) -> Rule:
    """Add a rule to the rulebook; a kind is declared once."""
    rule = Rule(kind, " ".join(says.split()), " ".join(fix.split()), home)
    if RULES.get(kind, rule) != rule:
        raise ValueError(f"the rule {kind} is declared twice, differently: one home per rule")
    RULES[kind] = rule
    return rule


def report(rule: Rule, location: str | tuple[str | None, int | None] | nodes.Node | None, subject: str,
           detail: str) -> None:
    """A breach of ``rule``, at ``location`` (a need's (docname, line), a node, or a
    "path:line" string): "<subject>: <detail> How to fix: <fix>", ending in the kind."""
    logger.warning("%s: %s How to fix: %s", subject, detail, rule.fix, location=location, type=rule.type,
                   subtype=rule.subtype)


def need_location(need: dict) -> tuple[str | None, int | None]:
    return need["docname"], need["lineno"]


_NEEDS_HOME = "sphinx-needs, configured in needs/model.toml"
_SPHINX_HOME = "Sphinx, configured in conf.py"

#: Rules that sphinx-needs and Sphinx enforce, by the kind of their warning. Their
#: messages are theirs; the fix is ours, printed at the end of the build.
BUILT_IN = [
    declare("needs.create_need",
            "Every object has an ID, written on the line right after its opening line, in the form UNI_07 "
            "(upper-case letters and digits joined by underscores, never a hyphen), used once in the plan.",
            "read the reason the build gives. 'No ID defined': put ':id: <ID>' on the line right after the "
            "opening ```{action} line, with no blank line before the options (after a blank line MyST reads "
            "them as plain text). 'does not match configured regex': write the ID as UNI_07 or UNI_07_I1. "
            "'already exists': every ID is used once; take the next free number of the section.",
            _NEEDS_HOME),
    declare("needs.link_outgoing",
            "Every ID named on an option line (':owner:', ':article:', ':horizon:', ':follows:', ':measures:' "
            "...) is the ID of an object of the plan.",
            "check the spelling of the ID against the Articles, Actors and Meetings pages, or the section "
            "pages for actions. If the message names an indicator's ':measures:', the action it measures may "
            "itself have failed: fix that one first.",
            _NEEDS_HOME),
    declare("needs.link_target_type",
            "Each link names objects of the right kind: ':owner:' actors, ':article:' articles, ':horizon:' "
            "one meeting, ':follows:' and ':measures:' actions.",
            "':owner:' takes actor IDs (ACTOR_...), ':article:' article IDs (ART_01 to ART_23), ':horizon:' one "
            "meeting ID (MSP_2 to MSP_5, RC_1), ':follows:' and ':measures:' action IDs.",
            _NEEDS_HOME),
    declare("needs.directive",
            "An object takes only the options of its kind.",
            "an action takes :id:, :owner:, :article:, :horizon:, :follows:, :status: and :superseded_by:; an "
            "indicator :id:, :measures:, :unit:, :baseline:, :target: and :source:. Check the spelling of the "
            "option or remove the line.",
            _NEEDS_HOME),
    declare("needs.undeclared_for_type",
            "An option that belongs to another kind of object is not used.",
            "remove the line: this kind of object does not take that option (an indicator has no ':owner:', "
            "for example; its action has).",
            _NEEDS_HOME),
    declare("toc.not_included",
            "Every page is reachable from the table of contents.",
            "add the page to a table of contents: the toctree in index.md lists the section pages, and a "
            "section's continuation pages are listed at the end of the section's page.",
            _SPHINX_HOME),
    declare("ref.doc",
            "Every link to a page points to a page of the site.",
            "check the page name against the files in sections/ and needs/, without the .md ending.",
            _SPHINX_HOME),
]


class KindsSeen(std_logging.Handler):
    """Notes the kind of every warning, reading only the ``type`` and ``subtype``
    that Sphinx's logging API attaches to each record. Changes nothing."""

    def __init__(self) -> None:
        super().__init__(level=std_logging.WARNING)
        self.kinds: list[str] = []

    def emit(self, record: std_logging.LogRecord) -> None:
        kind = f"{getattr(record, 'type', '')}.{getattr(record, 'subtype', '')}"
        if kind in RULES and RULES[kind] in BUILT_IN and kind not in self.kinds:
            self.kinds.append(kind)


_SEEN = KindsSeen()


def _watch(app: Sphinx) -> None:
    sphinx_logger = std_logging.getLogger("sphinx")
    if _SEEN not in sphinx_logger.handlers:
        sphinx_logger.addHandler(_SEEN)
    _SEEN.kinds.clear()


def _how_to_fix(app: Sphinx, exception: Exception | None) -> None:
    """At the end of a build, what to do about each kind of built-in problem found."""
    for kind in _SEEN.kinds:
        rule = RULES[kind]
        logger.warning("How to fix [%s]: %s (The rule: %s)", kind, rule.fix, rule.says, type="plan",
                       subtype="how_to_fix")
    _SEEN.kinds.clear()


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _watch)
    app.connect("build-finished", _how_to_fix)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
