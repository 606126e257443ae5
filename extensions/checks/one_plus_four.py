"""The one + four year approach of the outline: a short first year, and later steps
that stay indicative until the Second Meeting confirms the longer plan.

The outline asks the first year to be "short with a few selected concrete actions
within each field of implementation", realistic within 12 months (about 10 between
the First and Second Meetings). The plan holds that to at most
:data:`FIRST_YEAR_PER_SECTION` live first-year actions per section and
:data:`FIRST_YEAR_IN_ALL` in the whole plan.

Only live actions count: a retired or superseded action keeps its ID and its
horizon as released, and is no longer work to do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..plan import ADOPTING_MEETING, is_live
from . import Need, Needs, Problem, rule
from .follows_order import meeting_order

#: The meeting that closes the first year: the one after the meeting adopting the plan.
FIRST_YEAR_ENDS = ADOPTING_MEETING + 1
FIRST_YEAR_PER_SECTION = 4
FIRST_YEAR_IN_ALL = 20
#: The value of the ``indicative`` field on a later step of the draft (needs/model.toml).
INDICATIVE = "to be confirmed at 2MSP"


def live_actions(needs: Needs) -> list[Need]:
    """The plan's live actions, in plan order (section number, then line)."""
    actions = [n for n in needs.values() if n["type"] == "action" and is_live(n)]

    def position(action: Need) -> tuple[int, str, int]:
        section = needs.get(action["section"][0]) if action["section"] else None
        return (int(section["number"]) if section and section["number"] else 0, action["docname"] or "",
                action["lineno"] or 0)

    return sorted(actions, key=position)


def is_first_year(needs: Needs, action: Need) -> bool:
    return meeting_order(needs, action) == FIRST_YEAR_ENDS


@rule("first_year_limit",
      says=f"The first year is short: at most {FIRST_YEAR_PER_SECTION} live actions due by the Second "
           f"Meeting in each section, and at most {FIRST_YEAR_IN_ALL} in the whole plan, as the outline asks "
           "for a few selected actions, realistic within the first year.",
      fix="make the action a later step (':horizon: MSP_3' or later, with ':indicative: "
          f"{INDICATIVE}'), merge it into another first-year action of the section, or mark it "
          "':status: superseded' with ':superseded_by:'.")
def few_first_year_actions(needs: Needs) -> Iterator[Problem]:
    first_year = [a for a in live_actions(needs) if is_first_year(needs, a)]
    by_section: dict[str, list[Need]] = defaultdict(list)
    for action in first_year:
        by_section[action["section"][0] if action["section"] else ""].append(action)
    over_in_section: set[str] = set()
    for section_id, actions in by_section.items():
        for action in actions[FIRST_YEAR_PER_SECTION:]:
            over_in_section.add(action["id"])
            yield Problem(action, "horizon", action["horizon"][0],
                          f"{section_id or 'its section'} has {len(actions)} live first-year actions "
                          f"({', '.join(a['id'] for a in actions)}); at most {FIRST_YEAR_PER_SECTION}.")
    for action in first_year[FIRST_YEAR_IN_ALL:]:
        if action["id"] not in over_in_section:
            yield Problem(action, "horizon", action["horizon"][0],
                          f"the plan has {len(first_year)} live first-year actions; at most "
                          f"{FIRST_YEAR_IN_ALL} in all, and this one comes after the "
                          f"{FIRST_YEAR_IN_ALL}th in plan order.")


@rule("indicative",
      says="In the draft, every later step (due after the Second Meeting) is indicative, to be confirmed "
           "at the Second Meeting with the longer plan; a first-year action, or an action a meeting has "
           "agreed, is not.",
      fix=f"on a draft action due after MSP_2, add ':indicative: {INDICATIVE}' directly under its first "
          "line; on an action due by MSP_2, or with ':status: agreed', remove the ':indicative:' line.")
def later_steps_are_indicative(needs: Needs) -> Iterator[Problem]:
    for action in live_actions(needs):
        due = meeting_order(needs, action)
        if due is None:
            continue  # reported by the schema rule on horizons
        marked = bool(action.get("indicative"))
        if action["status"] == "agreed" and marked:
            yield Problem(action, "indicative", action["indicative"],
                          "a meeting has agreed this action, so it is no longer indicative.")
        elif action["status"] != "agreed" and due > FIRST_YEAR_ENDS and not marked:
            yield Problem(action, "indicative", "none",
                          f"this draft action is a later step (due by {action['horizon'][0]}), but is not "
                          "marked indicative.")
        elif due <= FIRST_YEAR_ENDS and marked:
            yield Problem(action, "indicative", action["indicative"],
                          f"this action is due by {action['horizon'][0]}, in the first year, which this "
                          "plan fixes; only later steps are indicative.")


#: Actor kinds (needs/model.toml) that a decision of the States Parties binds.
BOUND = ("States Parties", "presidency", "State")
#: Words that show an action asks, rather than directs, an actor it does not bind.
ASKING = ("invite", "encourage", "request")


@rule("invited_owner",
      says="A decision of the States Parties binds States Parties only: an action owned by a signatory, "
           "a State not party, the United Nations, the Red Cross and Red Crescent, civil society, an "
           "international organisation, survivors or the private sector says that they are invited, "
           "encouraged or requested, never directed.",
      fix="write that the actor 'is invited to', 'is encouraged to' or 'is requested to' act, or make "
          "the action one of the States Parties and name the other actor in its text.")
def others_are_invited(needs: Needs) -> Iterator[Problem]:
    for action in live_actions(needs):
        text = (action.get("content") or "").lower()
        if any(word in text for word in ASKING):
            continue
        for owner_id in action["owner"]:
            owner = needs.get(owner_id)
            if owner is not None and owner["type"] == "actor" and owner["kind"] not in BOUND:
                yield Problem(action, "owner", owner_id,
                              f"{owner['title']} ({owner['kind']}) is not bound by a decision of the "
                              "States Parties, and the action's text does not invite, encourage or "
                              "request it.")
                break
