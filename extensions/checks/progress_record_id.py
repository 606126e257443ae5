"""A progress record's ID says what it records: the action, then _AT_, then the
meeting (UNI_03_AT_MSP_2), so that there is one record per action per meeting."""

from __future__ import annotations

from collections.abc import Iterator

from . import Needs, Problem, rule


@rule("progress_id",
      says="A progress record's ID is the action's ID, _AT_, and the meeting's ID (UNI_03_AT_MSP_2): one record "
           "per action per meeting.",
      fix="write the ID the message gives.")
def progress_id_names_action_and_meeting(needs: Needs) -> Iterator[Problem]:
    for record in needs.values():
        if record["type"] != "progress" or len(record["action"]) != 1 or len(record["meeting"]) != 1:
            continue  # a missing link is reported by the schema rule
        if record["action"][0] not in needs or record["meeting"][0] not in needs:
            continue  # an unknown ID is reported by sphinx-needs
        expected = f"{record['action'][0]}_AT_{record['meeting'][0]}"
        if record["id"] != expected:
            yield Problem(record, "id", record["id"],
                          f"a progress record's ID is the action's ID, _AT_, and the meeting's ID: "
                          f"use ':id: {expected}'.")


@rule("progress_place",
      says="Progress records belong to the meeting's file in monitoring/, never to a section page.",
      fix="move the record to the meeting's file, e.g. monitoring/progress-2MSP.md.")
def progress_records_live_in_monitoring(needs: Needs) -> Iterator[Problem]:
    for record in needs.values():
        if record["type"] == "progress" and not (record["docname"] or "").startswith("monitoring/"):
            yield Problem(record, "docname", record["docname"],
                          "progress records belong to the meeting's file in monitoring/, never to a "
                          "section page.")
