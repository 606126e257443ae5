"""The plan's own rules, checked once all needs are read and linked.

sphinx-needs checks each link's target and each schema rule. The rules here
need the whole plan at once (sequences of steps, which section a page is) and
are the plan's own. Each lives in a module of this package and registers itself
with :func:`rule`; each problem is reported as a warning at the file and line
of the need, in the form::

    sections/3-universalisation.md:42: WARNING: UNI_03.follows (UNI_05): what is wrong. What to do. [plan.follows_order]

so a strict build (-W) fails on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx_needs.data import SphinxNeedsData

logger = logging.getLogger(__name__)

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
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register a rule under ``name``, shown as the warning's subtype."""

    def register(function: Rule) -> Rule:
        RULES[name] = function
        return function

    return register


def check_plan(app: Sphinx, builder: Builder) -> None:
    from ..editions import FULL_PLAN_RULES

    needs = SphinxNeedsData(app.env).get_needs_view()
    for name, check in RULES.items():
        if name in FULL_PLAN_RULES and app.config.plan_edition != "full":
            continue
        for problem in check(needs):
            need = problem.need
            logger.warning(
                "%s.%s (%s): %s",
                need["id"],
                problem.field,
                problem.value,
                problem.message,
                location=(need["docname"], need["lineno"]),
                type="plan",
                subtype=name,
            )


def setup(app: Sphinx) -> dict[str, object]:
    # the rule modules register themselves on import
    from . import (  # noqa: F401
        article_coverage,
        follows_order,
        id_matches_section,
        indicator_present,
        progress_record_id,
    )

    app.connect("write-started", check_plan)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
