"""What the room must say before it leaves the current phase, if anything.

Two phases do not let the room move on silently:
- readiness, while a gate question is answered no or partly, or not answered at all
  (the reason becomes a `ReadinessOverridden`; with a real gap the room may also stop here);
- the retrospective, before half its timebox is used (when last quarter has key results): learning is the long part of closing a
  quarter, so cutting it short is allowed but said out loud (`PhaseLeftEarly`).

The screen asks `leave_ask(state, now)` on ctrl+n (and the presenter remote); None means go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .agenda import PhaseKind
from .model import READINESS_SHORT
from .readiness import CONSEQUENCE, gate_gaps, unanswered_gates
from .state import State
from .timer import clock, timer_view

RETRO_SHARE = 0.5  # leaving the retro before this share of its timebox asks why


@dataclass(frozen=True, slots=True)
class LeaveAsk:
    """A heading, why the app asks, what to type, and which event records the answer."""

    heading: str
    explanation: str
    placeholder: str
    records: Literal["readiness_overridden", "phase_left_early"]
    can_stop: bool = False  # the room may end the session here instead (a real readiness gap)


def names(questions) -> str:
    """The questions' short names in a list a sentence can hold."""
    shown = [READINESS_SHORT[q] for q in questions]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def gate_ask(state: State) -> LeaveAsk | None:
    """Readiness: None when the room may go on without a word, else what to ask it."""
    if state.override is not None:
        return None
    gaps, unanswered = gate_gaps(state), unanswered_gates(state)
    if not gaps and not unanswered:
        return None
    parts: list[str] = []
    if gaps:
        heading = f"Not ready: {names(gaps)}"
        first = CONSEQUENCE[gaps[0]]
        parts.append(first[0].upper() + first[1:] + ". OKRs bring such a gap into the open; they do "
                     "not close it. The usual move: stop and fix it first (F10 ends the session here).")
    else:
        heading = f"Not answered yet: {names(unanswered)}"
    if unanswered:
        parts.append(f"Unanswered: {names(unanswered)} (Esc, then y/p/n).")
    parts.append("To go on anyway, say why: it is recorded.")
    return LeaveAsk(heading, "\n".join(parts), "Why we go on anyway", "readiness_overridden", bool(gaps))


def phase_seconds_spent(state: State, now: datetime) -> float:
    """Seconds spent in the current phase over all its visits, pauses of this visit excluded."""
    earlier = state.phase_seconds[state.phase]
    return earlier + timer_view(state, now).elapsed


def retro_ask(state: State, now: datetime) -> LeaveAsk | None:
    phase = state.current_phase
    planned = (phase.minutes + state.extended_minutes) * 60.0
    spent = phase_seconds_spent(state, now)
    if state.finished or not state.prior_krs or spent >= planned * RETRO_SHARE:
        return None  # (with no key result of last quarter there is nothing to cut short)
    return LeaveAsk(
        f"The retrospective has had {clock(spent)} of {clock(planned)}",
        "Grading is the short part of closing a quarter; learning is the long one. Leaving now skips why "
        "each key result ended where it did and what we take into the next quarter.\n"
        "Esc stays. To leave anyway, say why: it is recorded.",
        "Why we leave the retro early", "phase_left_early")


def leave_ask(state: State, now: datetime) -> LeaveAsk | None:
    """What leaving the current phase forward asks first (None: nothing, go)."""
    kind = state.current_phase.kind
    if kind is PhaseKind.READINESS:
        return gate_ask(state)
    if kind is PhaseKind.RETRO:
        return retro_ask(state, now)
    return None

