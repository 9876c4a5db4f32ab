"""Timebox arithmetic. `now` is always an argument: this module never reads a clock.

A phase's timebox starts when the phase is entered (or a catchball round opens); pauses
are subtracted, extensions added. Because it is computed from the events' timestamps, a
restarted app shows the same figures the room saw before the crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the review's durations need none of the fold (it loads the events)
    from .state import State

WARNING_SECONDS = 120.0


class TimerMode(StrEnum):
    IDLE = "not started"
    RUNNING = "running"
    PAUSED = "paused"
    WARNING = "last two minutes"
    OVERTIME = "OVERTIME"
    FINISHED = "FINISHED"


@dataclass(frozen=True, slots=True)
class TimerView:
    mode: TimerMode
    planned: float  # seconds in this timebox, extensions included (finished: the whole agenda's)
    elapsed: float  # seconds counted against it, pauses excluded (finished: the session's duration)
    extended: float  # minutes added by ctrl+o

    @property
    def remaining(self) -> float:
        return self.planned - self.elapsed

    @property
    def overtime(self) -> float:
        return max(0.0, self.elapsed - self.planned)

    @property
    def word(self) -> str:
        """The state in a word, so it never rests on colour alone."""
        if self.mode is TimerMode.WARNING and warning_seconds(self.planned) < WARNING_SECONDS:
            return "almost done"
        if self.mode is TimerMode.FINISHED:
            return "FINISHED"  # the digits show the whole session's duration
        return self.mode.value

    @property
    def display(self) -> str:
        """`MM:SS` remaining, `+MM:SS` in overtime (whole seconds, never negative zero); the
        session's whole duration once it is finished."""
        if self.mode is TimerMode.OVERTIME:
            return "+" + clock(self.overtime)
        if self.mode is TimerMode.FINISHED:
            return clock(self.elapsed)
        return clock(max(0.0, self.remaining), ceil=True)


def warning_seconds(planned: float) -> float:
    """The last two minutes, or the last quarter of a timebox shorter than eight minutes."""
    return min(WARNING_SECONDS, planned / 4)


def clock(seconds: float, ceil: bool = False) -> str:
    whole = int(seconds) + (1 if ceil and seconds % 1 > 1e-9 else 0)
    minutes, secs = divmod(whole, 60)
    if minutes >= 100:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def format_minutes(minutes: float) -> str:
    """Minutes as a person reads them: "25", "6.7", "0.3": a decimal only under ten minutes,
    where a practice run's short timeboxes need it (never "0.333333")."""
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    if minutes >= 9.95:
        return f"{sign}{int(minutes + 0.5)}"
    rounded = round(minutes, 1)
    text = str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"
    return text if text == "0" else sign + text


def seconds_between(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds())


def format_duration(seconds: float) -> str:
    """A length of time in words: "40 s", "12 min", "1 h 32 min", "2 h"."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes = round(whole / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, mins = divmod(minutes, 60)
    return f"{hours} h {mins} min" if mins else f"{hours} h"


def session_seconds(state: State, now: datetime) -> float:
    """How long the session has run, from its start to its finish (or to `now`), pauses included."""
    if state.started_at is None:
        return 0.0
    return seconds_between(state.started_at, state.finished_at or now)


def timer_view(state: State, now: datetime) -> TimerView:
    phase = state.current_phase
    planned = (phase.minutes + state.extended_minutes) * 60.0
    if state.finished:
        whole = state.session.agenda.planned_minutes * 60.0
        return TimerView(TimerMode.FINISHED, whole, session_seconds(state, now), 0.0)
    if state.segment_start is None:
        return TimerView(TimerMode.IDLE, planned, 0.0, state.extended_minutes)
    end = state.paused_at or now
    elapsed = max(0.0, seconds_between(state.segment_start, end) - state.paused_seconds)
    if state.paused_at is not None:
        mode = TimerMode.PAUSED
    elif elapsed > planned:
        mode = TimerMode.OVERTIME
    elif planned - elapsed <= warning_seconds(planned):
        mode = TimerMode.WARNING
    else:
        mode = TimerMode.RUNNING
    return TimerView(mode, planned, elapsed, state.extended_minutes)


@dataclass(frozen=True, slots=True)
class PhaseTiming:
    index: int
    label: str
    planned_minutes: float
    actual_minutes: float
    current: bool
    visited: bool


def phase_timings(state: State, now: datetime) -> list[PhaseTiming]:
    """Planned against actual minutes for every phase of the agenda."""
    rows = []
    rounds = max(1, len(state.rounds))
    for i, phase in enumerate(state.session.agenda.phases):
        seconds = state.phase_seconds[i]
        current = i == state.phase and not state.finished and state.entered_at is not None
        if current:
            seconds += seconds_between(state.entered_at, now)
        planned = phase.minutes * (rounds if phase.kind == "catchball" else 1)
        rows.append(PhaseTiming(i, phase.label, planned, seconds / 60.0, current, state.visited[i]))
    return rows


def schedule_delta(state: State, now: datetime) -> float:
    """Minutes behind schedule (positive) or ahead (negative) for the phases done so far.

    A phase already left counts its actual against its planned minutes; the current
    phase only counts once it runs over, so a session is never 'ahead' just by being
    early in a phase.
    """
    delta = 0.0
    for row in phase_timings(state, now):
        if row.current:
            delta += max(0.0, row.actual_minutes - row.planned_minutes)
        elif row.visited:
            delta += row.actual_minutes - row.planned_minutes
    return delta
