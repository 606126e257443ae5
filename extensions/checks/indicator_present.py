"""Every action can be monitored: at least one indicator measures it."""

from __future__ import annotations

from collections.abc import Iterator

from . import Needs, Problem, rule


@rule("indicator_missing", says="Every action can be monitored: at least one indicator measures it.",
      fix="add an indicator block after the action, with ':measures:' and the action's ID.")
def every_action_has_an_indicator(needs: Needs) -> Iterator[Problem]:
    for action in needs.values():
        if action["type"] == "action" and not action["measures_back"]:
            yield Problem(action, "measures_back", "none",
                          "no indicator measures this action, so its progress cannot be monitored.")
