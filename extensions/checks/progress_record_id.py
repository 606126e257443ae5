"""A progress record's ID says what it records: the action, then _AT_, then the
meeting (UNI_03_AT_MSP_2), so that there is one record per action per meeting."""

from __future__ import annotations

from collections.abc import Iterator

from . import Needs, Problem, rule


@rule("progress_id")
def progress_id_names_action_and_meeting(needs: Needs) -> Iterator[Problem]:
    for record in needs.values():
        if record["type"] != "progress" or len(record["action"]) != 1 or len(record["meeting"]) != 1:
            continue  # a missing link is reported by the schema rule
        expected = f"{record['action'][0]}_AT_{record['meeting'][0]}"
        if record["id"] != expected:
            yield Problem(record, "id", record["id"],
                          f"a progress record's ID is the action's ID, _AT_, and the meeting's ID: "
                          f"use ':id: {expected}'. There is one record per action per meeting.")
