"""The Rules page: every rule of the plan from the rulebook (extensions/rulebook.py),
in plain words, with what the build tells a contributor and where the rule is defined.
Nothing on it is typed by hand: a rule added or changed where it lives shows here."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..interface import _
from ..plan import Plan
from ..render import paragraph, table
from ..rulebook import BUILT_IN, RULES, Rule
from . import view

#: The order of the groups on the page: the model's rules, the plan's own, the built-in ones.
GROUPS = ["needs/model.toml", "extensions/", ""]


def group(rule: Rule) -> int:
    return next(i for i, prefix in enumerate(GROUPS) if rule.home.startswith(prefix))


def told(rule: Rule) -> list[nodes.Node]:
    """What the build prints about a breach, besides the file and line."""
    if rule in BUILT_IN:
        text = f"The tool's own message, then at the end of the build: How to fix [{rule.kind}]: {rule.fix}"
    else:
        text = f"… How to fix: {rule.fix} [{rule.kind}]"
    return [nodes.Text(text)]


@view("rules", shows="nothing")
def rules_table(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    rules = sorted(RULES.values(), key=lambda r: (group(r), r.kind))
    rows = [[nodes.literal("", rule.kind, ids=[rule.anchor]), rule.says, told(rule), nodes.literal("", rule.home)]
            for rule in rules]
    summary = paragraph(_("{total} rules: {model} in the model, {own} of the plan's own, {tools} enforced by "
                          "sphinx-needs and Sphinx.").format(
        total=len(rules), model=sum(group(r) == 0 for r in rules), own=sum(group(r) == 1 for r in rules),
        tools=sum(group(r) == 2 for r in rules)), classes=["plan-rules-summary"])
    # The rules are the build's own messages: the build of the English source prints them
    # in English, so they are shown here as a contributor will read them.
    source = ([paragraph(_("The rules are shown in English, as the build of the English source prints them."),
                         classes=["plan-rules-language"])] if (app.config.language or "en") != "en" else [])
    return [summary, *source, table([_("Kind"), _("The rule"), _("What the build tells you"), _("Defined in")], rows,
                                   classes=["plan-rules"])]
