"""The end of a session in a few lines: what was decided, what is still empty, what overran.

The facilitation screen shows it before the session is finished (so the room can go back
and fill a gap) and after; the report carries the same sentences (`open_at_the_end`), so
what the room saw on the screen and what the report says cannot differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .agenda import PhaseKind
from .checkin_end import checkin_decided, checkin_gaps
from .rounds import objective_vote
from .state import State
from .timer import format_duration, format_minutes, phase_timings, session_seconds


@dataclass(frozen=True, slots=True)
class Overrun:
    phase: str
    planned_minutes: float
    actual_minutes: float

    @property
    def sentence(self) -> str:
        over = self.actual_minutes - self.planned_minutes
        return (f"{self.phase}: {format_minutes(self.actual_minutes)} min for "
                f"{format_minutes(self.planned_minutes)} planned ({format_minutes(over)} over)")


@dataclass(frozen=True, slots=True)
class EndSummary:
    finished: bool
    seconds: float  # from the start to the finish (or to now), pauses included
    planned_minutes: float
    focus: str | None
    focus_vote: str | None  # the focused objective's standing in the catchball vote (`objective_vote`)
    key_results: tuple[str, ...]  # one line each: the text and its numbers, owner, confidence
    commitments: tuple[tuple[str, str], ...]  # (team, what it does this week)
    cadence: tuple[str, ...]  # the check-in, the celebration, the peer teams, as set
    parked: int
    gaps: tuple[str, ...]  # what is empty or unresolved, in sentences
    overruns: tuple[Overrun, ...]
    checkin: tuple[str, ...] = ()  # a weekly check-in's own lines (domain.checkin_end), instead of a focus

    @property
    def duration(self) -> str:
        return format_duration(self.seconds)


def _kr_line(kr) -> str:
    parts = [kr.text]
    if kr.baseline or kr.target:
        parts.append(f"{kr.baseline or '?'} → {kr.target or '?'}")
    parts.append(f"owner {kr.owner}" if kr.owner else "no owner")
    parts.append(f"confidence {kr.confidence}/10")
    return " · ".join(parts)


def _gaps(state: State) -> list[str]:
    kinds = {p.kind for p in state.session.agenda.phases}
    teams = state.session.teams
    gaps: list[str] = []
    skipped = [state.session.agenda.phases[i].label for i, seen in enumerate(state.visited) if not seen]
    if skipped:
        gaps.append("Never opened: " + ", ".join(skipped) + ".")
    if PhaseKind.GRADING in kinds and state.prior_krs:
        ungraded = sum(1 for kr in state.prior_krs.values() if kr.id not in state.grades)
        if ungraded:
            gaps.append(f"{ungraded} of last quarter's {len(state.prior_krs)} key results have no grade.")
    if kinds & {PhaseKind.DRAFT, PhaseKind.FOCUS} and (state.focus is None or state.focus not in state.objectives):
        gaps.append("No focused objective: the quarter has nothing to steer by.")
    if PhaseKind.KEY_RESULTS in kinds:
        if not state.key_results:
            gaps.append("No key results: nobody will know, week by week, whether it is working.")
        else:
            unowned = sum(1 for kr in state.key_results.values() if not kr.owner)
            if unowned:
                gaps.append(f"{unowned} key result{'s have' if unowned > 1 else ' has'} no owning team.")
    if PhaseKind.BACKBRIEF in kinds:
        missing = [t for t in teams if t not in state.backbriefs]
        if missing:
            gaps.append("No back-brief from " + ", ".join(missing) + ".")
        for brief in state.backbriefs.values():
            if brief.matches is False:
                gaps.append(f"{brief.team}'s back-brief does not match the intent.")
            elif brief.matches is None:
                gaps.append(f"{brief.team}'s back-brief is not marked as matching the intent or not.")
    if PhaseKind.COMMITMENTS in kinds:
        committed = {c.team for c in state.commitments}
        missing = [t for t in teams if t not in committed]
        if missing:
            gaps.append("No commitment for this week from " + ", ".join(missing) + ".")
        if state.cadence is None or not state.cadence.checkin:
            gaps.append("No weekly check-in slot is set.")
    return gaps + checkin_gaps(state)


def end_summary(state: State, now: datetime) -> EndSummary:
    """What the session produced and left open, as of `now` (its finish, once finished)."""
    timings = phase_timings(state, now)
    overruns = tuple(Overrun(t.label, t.planned_minutes, t.actual_minutes) for t in timings
                     if t.visited and format_minutes(t.actual_minutes) != format_minutes(t.planned_minutes)
                     and t.actual_minutes > t.planned_minutes)
    cadence = state.cadence
    cad: list[str] = []
    if cadence is not None:
        if cadence.checkin:
            cad.append(f"Weekly check-in: {cadence.checkin}")
        if cadence.celebration:
            cad.append(f"Celebration: {cadence.celebration}")
        if cadence.peer_teams:
            cad.append("Peer review by: " + ", ".join(cadence.peer_teams))
    focus = state.objectives[state.focus].text if state.focus in state.objectives else None
    return EndSummary(
        finished=state.finished,
        seconds=session_seconds(state, now),
        planned_minutes=sum(t.planned_minutes for t in timings),
        focus=focus,
        focus_vote=objective_vote(state, state.focus) if focus is not None and state.rounds else None,
        key_results=tuple(_kr_line(kr) for kr in state.key_results.values()),
        commitments=tuple((c.team, c.text) for c in state.commitments),
        cadence=tuple(cad),
        parked=sum(1 for i in state.parked if i in state.objectives),
        gaps=tuple(_gaps(state)),
        overruns=overruns,
        checkin=tuple(checkin_decided(state)),
    )
