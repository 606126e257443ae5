"""The Rules page: every rule of the plan from the rulebook (extensions/rulebook.py),
in plain words, with what the build tells a contributor and where the rule is defined.
Nothing on it is typed by hand: a rule added or changed where it lives shows here."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

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


@view("rules")
def rules_table(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    rules = sorted(RULES.values(), key=lambda r: (group(r), r.kind))
    rows = [[nodes.literal("", rule.kind, ids=[rule.anchor]), rule.says, told(rule), nodes.literal("", rule.home)]
            for rule in rules]
    summary = paragraph(f"{len(rules)} rules: {sum(group(r) == 0 for r in rules)} in the model, "
                        f"{sum(group(r) == 1 for r in rules)} of the plan's own, "
                        f"{sum(group(r) == 2 for r in rules)} enforced by sphinx-needs and Sphinx.",
                        classes=["plan-rules-summary"])
    return [summary, table(["Kind", "The rule", "What the build tells you", "Defined in"], rows,
                           classes=["plan-rules"])]
