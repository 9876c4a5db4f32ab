"""The rules of the room: what the app refuses, in one sentence each.

A command is an event not yet written: `make` stamps it with the next seq and `now`,
`check` validates it against the current state and raises `Refused` with the sentence
the screen shows. Only events that pass are appended to the log.
"""

from __future__ import annotations

from datetime import datetime

from . import events as ev
from .agenda import PhaseKind
from .model import READINESS_SHORT
from .record import build
from .readiness import gate_gaps, gate_open
from .rounds import vote_refusal
from .state import State

MAX_KEY_RESULTS = 3
HARD_MAX_KEY_RESULTS = 5


class Refused(Exception):
    """A command the rules of the session do not allow; str() is the sentence to show."""


def make(state: State, cls: type[ev.Event], now: datetime, **fields) -> ev.Event:
    return build(cls, seq=state.last_seq + 1, at=now, **fields)


def _objective(state: State, ref: int) -> None:
    if ref not in state.objectives:
        raise Refused(f"There is no objective #{ref} in this session.")


def check(state: State, event: ev.Event) -> None:  # noqa: C901 - one rule per kind
    k = event.kind
    if event.seq != state.last_seq + 1:
        raise Refused(f"Event {event.seq} is out of order (expected {state.last_seq + 1}).")
    if k == "session_started":
        if state.started:
            raise Refused("This session has already started.")
        return
    if not state.started:
        raise Refused("The session has not started yet.")
    if state.finished and k not in ("undone", "feedback_recorded", "noted"):
        raise Refused("This session is finished; undo (ctrl+z) to reopen its last phase.")
    phases = state.session.agenda.phases
    if k == "phase_changed":
        if not 0 <= event.phase < len(phases):
            raise Refused(f"The agenda has no phase {event.phase + 1}.")
        if event.phase == state.phase:
            raise Refused("We are already in that phase.")
        if state.current_phase.kind is PhaseKind.READINESS and event.phase > state.phase and not gate_open(state):
            names = " and ".join(READINESS_SHORT[q] for q in gate_gaps(state))
            raise Refused(f"Not ready ({names}): OKRs will only expose that. "
                          "Fix it first, or go on deliberately and record why.")
    elif k == "undone":
        target = state.undoable()
        if target is None or target.seq != event.target:
            raise Refused("There is nothing left to undo.")
    elif k == "timer_extended" and state.current_phase.kind is PhaseKind.GRADING:
        raise Refused("Grading keeps its timebox, so that it cannot eat the retrospective: a rough "
                      "grade is enough, and the discussion belongs to the retro.")
    elif k == "timer_paused" and state.paused_at is not None:
        raise Refused("The timer is already paused.")
    elif k == "timer_resumed" and state.paused_at is None:
        raise Refused("The timer is already running.")
    elif k == "action_recorded" and event.question is not None and not (event.owner or "").strip():
        raise Refused("A follow-up action needs a named owner: pick who owns it (F2), then Enter.")
    elif k == "carried_action_done":
        carried = state.session.carried.actions
        if event.action >= len(carried):
            raise Refused("Last quarter carried no such action.")
        if (event.action in state.carried_done) == event.done:
            raise Refused("That action is done already." if event.done else "That action is still open.")
    elif k == "phase_left_early" and not event.reason.strip():
        raise Refused("Say why the room leaves this phase early.")
    elif k == "kr_graded" and event.kr not in state.prior_krs:
        raise Refused("Grade a key result of last quarter: add it first.")
    elif k == "kr_graded" and event.from_numbers and state.prior_krs[event.kr].proposed_grade != event.grade:
        raise Refused("The numbers propose no grade for this key result: set it with ←→ or F4.")
    elif k in ("winning_logic_revised", "winning_logic_dropped"):
        if event.item not in state.winning:
            raise Refused("There is no such entry in the winning logic.")
        linked = [o.id for o in state.objectives.values() if event.item in o.links]
        if k == "winning_logic_dropped" and linked:
            raise Refused("An objective is linked to this entry of the winning logic: revise it instead of dropping it.")
    elif k == "objective_drafted":
        missing = [ref for ref in event.links if ref not in state.winning]
        if missing:
            raise Refused("Link the objective to an element of the winning logic that exists.")
    elif k == "objective_linked":
        _objective(state, event.objective)
        if event.element not in state.winning:
            raise Refused("Link the objective to an element of the winning logic that exists.")
        if (event.element in state.objectives[event.objective].links) == event.linked:
            raise Refused("That link is already there." if event.linked else "There is no such link to take off.")
    elif k in ("objective_revised", "focus_chosen", "objective_parked", "dots_cast"):
        _objective(state, event.objective)
        if k == "focus_chosen" and state.focus is not None and state.focus != event.objective:
            raise Refused("One focused objective per quarter: park the current focus first, "
                          "or keep it and park this one.")
    elif k == "round_opened":
        limit = state.current_phase.rounds if state.current_phase.kind is PhaseKind.CATCHBALL else 0
        if state.current_phase.kind is not PhaseKind.CATCHBALL:
            raise Refused("Catchball rounds happen in the catchball phase.")
        if len(state.rounds) >= limit:
            raise Refused(f"The agenda allows {limit} catchball rounds, and all of them are used.")
        if event.objective is not None:
            _objective(state, event.objective)
    elif k == "vote_cast":
        refusal = vote_refusal(state, event.objective)
        if refusal:
            raise Refused(refusal)
    elif k in ("votes_revealed", "round_closed"):
        if not state.rounds or state.rounds[-1].closed:
            raise Refused("Open a catchball round first.")
    elif k == "kr_added":
        count = len(state.key_results)
        if count >= HARD_MAX_KEY_RESULTS:
            raise Refused(f"{HARD_MAX_KEY_RESULTS} key results is the hard limit: focus means saying no.")
        if count >= MAX_KEY_RESULTS and not (event.reason or "").strip():
            raise Refused(f"More than {MAX_KEY_RESULTS} key results spreads the team thin: "
                          "record why this one is needed.")
    elif k in ("kr_edited", "kr_removed", "exception_accepted"):
        if event.kr not in state.key_results:
            raise Refused(f"There is no key result #{event.kr} in this session.")
    elif k == "participant_admitted" and event.name in state.people():
        raise Refused(f"{event.name} is already in this session.")
    elif k == "backbrief_marked" and event.team not in state.backbriefs:
        raise Refused(f"Team {event.team} has not given its back-brief yet.")
    elif k in CHECKIN_KINDS:
        _check_checkin(state, event)


MAX_PRIORITIES = 3  # per team and week: two or three
CHECKIN_KINDS = frozenset({"kr_checked_in", "priority_set", "priority_dropped", "kpi_checked", "idea_raised",
                           "idea_tested", "idea_parked", "okr_changed"})


def _check_checkin(state: State, event: ev.Event) -> None:
    """The rules of a weekly check-in: its events only make sense against the quarter's OKR."""
    quarter = state.session.quarter
    if quarter is None:
        raise Refused("Values, priorities and ideas are recorded in a weekly check-in, not here.")
    numbers = {kr.number for kr in quarter.key_results}
    k = event.kind
    kr = getattr(event, "kr", None)
    if kr is not None and kr not in numbers:
        shown = ", ".join(str(n) for n in sorted(numbers)) or "none"
        raise Refused(f"The quarter has no key result {kr} (its key results: {shown}).")
    if k == "priority_set":
        mine = [p for p in state.priorities.values() if p.team == event.team]
        if len(mine) >= MAX_PRIORITIES:
            raise Refused(f"{event.team} has {MAX_PRIORITIES} priorities this week already: "
                          "drop one before adding another (two or three is the point).")
    elif k == "priority_dropped" and event.priority not in state.priorities:
        raise Refused("That priority is not on this week's list.")
    elif k in ("idea_tested", "idea_parked") and event.idea not in state.ideas:
        raise Refused("Raise the idea first: type it in the capture line.")
    elif k == "okr_changed":
        if not event.reason.strip():
            raise Refused("A change of the quarter's OKR needs its reason: never a silent edit.")
        if event.idea is not None and event.idea not in state.ideas:
            raise Refused("Raise the idea first: type it in the capture line.")
