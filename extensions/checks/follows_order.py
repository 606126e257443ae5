"""Steps come in order: an action is never due before an action it follows,
and no chain of ``follows`` links leads back to where it started."""

from __future__ import annotations

from collections.abc import Iterator

from . import Need, Needs, Problem, rule


def meeting_order(needs: Needs, action: Need) -> int | None:
    horizon = action["horizon"]
    if len(horizon) != 1 or horizon[0] not in needs:
        return None  # reported by the schema rule on horizons
    return int(needs[horizon[0]]["sequence"])


@rule("follows_order", says="A step is never due before a step it follows.",
      fix="give the action a later ':horizon:', or remove the earlier step from its ':follows:' line.")
def due_after_what_it_follows(needs: Needs) -> Iterator[Problem]:
    for action in needs.values():
        if action["type"] != "action":
            continue
        due = meeting_order(needs, action)
        for earlier_id in action["follows"]:
            earlier = needs.get(earlier_id)
            if earlier is None or earlier["type"] != "action" or due is None:
                continue  # unknown IDs and wrong types are reported by sphinx-needs
            earlier_due = meeting_order(needs, earlier)
            if earlier_due is not None and due < earlier_due:
                yield Problem(action, "follows", earlier_id,
                              f"this action is due by {action['horizon'][0]}, before the step it "
                              f"follows ({earlier_id}, due by {earlier['horizon'][0]}).")


@rule("follows_cycle", says="Steps do not follow one another in a circle: one of them comes first.",
      fix="remove the ':follows:' entry that points back to an earlier step of the circle.")
def no_cycle(needs: Needs) -> Iterator[Problem]:
    reported: set[str] = set()
    for start in sorted(needs):
        if needs[start]["type"] != "action" or start in reported:
            continue
        # depth-first walk along follows links, looking for a way back to start
        path = [start]
        stack = [iter(needs[start]["follows"])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                path.pop()
                continue
            if step == start:
                cycle = " -> ".join([*path, start])
                reported.update(path)
                yield Problem(needs[start], "follows", path[1] if len(path) > 1 else start,
                              f"the steps follow each other in a circle ({cycle}).")
                break
            if step in needs and step not in path and needs[step]["type"] == "action":
                path.append(step)
                stack.append(iter(needs[step]["follows"]))
