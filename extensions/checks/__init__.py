"""The plan's own rules, checked once all needs are read and linked.

sphinx-needs checks each link's target and each schema rule. The rules here
need the whole plan at once (sequences of steps, which section a page is) and
are the plan's own. Each lives in a module of this package and registers itself
with :func:`rule`, which declares it in the rulebook (extensions/rulebook.py) with
the rule in plain words and what to do; each problem is reported as a warning at
the file and line of the need, in the form::

    sections/3-universalisation.md:42: WARNING: UNI_03.follows (UNI_05): what is wrong. How to fix: what to do. [plan.follows_order]

so a strict build (-W) fails on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx_needs.api import get_needs_view

from ..rulebook import Rule as Declared
from ..rulebook import declare, need_location, report

Need = Mapping[str, Any]
Needs = Mapping[str, Need]


@dataclass(frozen=True)
class Problem:
    """One broken rule, about one field of one need."""

    need: Need
    field: str
    value: str
    message: str


Rule = Callable[[Needs], Iterator[Problem]]
RULES: dict[str, tuple[Declared, Rule]] = {}


def rule(name: str, says: str, fix: str) -> Callable[[Rule], Rule]:
    """Register a rule under ``name`` (its warnings' subtype: plan.<name>), with the
    rule in plain words and what a contributor does about a breach."""

    def register(function: Rule) -> Rule:
        home = "extensions/checks/" + function.__module__.rsplit(".", 1)[-1] + ".py"
        RULES[name] = (declare(f"plan.{name}", says, fix, home), function)
        return function

    return register


def check_plan(app: Sphinx, builder: Builder) -> None:
    from ..editions import FULL_PLAN_RULES

    needs = get_needs_view(app)
    for name, (declared, check) in RULES.items():
        if name in FULL_PLAN_RULES and app.config.plan_edition != "full":
            continue
        for problem in check(needs):
            need = problem.need
            report(declared, need_location(need), f"{need['id']}.{problem.field} ({problem.value})", problem.message)


def setup(app: Sphinx) -> dict[str, object]:
    # the rule modules register themselves on import
    from . import (  # noqa: F401
        article_coverage,
        follows_order,
        id_matches_section,
        indicator_present,
        one_plus_four,
        progress_record_id,
    )

    app.connect("write-started", check_plan)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
