"""The fold: `apply(state, event)` and `replay(session, events)`.

`apply` updates the state in place and returns it, so that folding a long log costs one
small step per event; `State.clone()` gives an independent copy (replay checkpoints).
Undo is exact: the state keeps the events still in effect, and taking one back refolds
them without it, so a live session and a replay of its log can never disagree.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from . import events as ev
from .agenda import Phase
from .handlers import apply_one
from .model import ReadinessQuestion, SessionFile
from .records import (
    AcceptedException,
    Action,
    BackBrief,
    Cadence,
    Commitment,
    Feedback,
    KeyResult,
    Note,
    Objective,
    PriorKr,
    ReadinessAnswer,
    RetroNote,
    Round,
    WinningItem,
)


@dataclass(slots=True)
class State:
    session: SessionFile
    last_seq: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    phase: int = 0
    last_at: datetime | None = None
    # timing: wall-clock seconds per phase for visits already left, and the open segment
    phase_seconds: list[float] = field(default_factory=list)
    visited: list[bool] = field(default_factory=list)
    entered_at: datetime | None = None
    segment_start: datetime | None = None
    paused_at: datetime | None = None
    paused_seconds: float = 0.0
    extended_minutes: float = 0.0
    # what the room produced
    notes: list[Note] = field(default_factory=list)
    readiness: dict[ReadinessQuestion, ReadinessAnswer] = field(default_factory=dict)
    override: str | None = None
    actions: list[Action] = field(default_factory=list)
    prior_krs: dict[int, PriorKr] = field(default_factory=dict)
    grades: dict[int, float] = field(default_factory=dict)
    retro: list[RetroNote] = field(default_factory=list)
    winning: dict[int, WinningItem] = field(default_factory=dict)
    objectives: dict[int, Objective] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)
    dots: dict[int, int] = field(default_factory=dict)
    focus: int | None = None
    parked: dict[int, str] = field(default_factory=dict)
    key_results: dict[int, KeyResult] = field(default_factory=dict)
    exceptions: list[AcceptedException] = field(default_factory=list)
    backbriefs: dict[str, BackBrief] = field(default_factory=dict)
    commitments: list[Commitment] = field(default_factory=list)
    cadence: Cadence | None = None
    feedback: Feedback | None = None
    history: list[ev.Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        n = len(self.session.agenda.phases)
        if not self.phase_seconds:
            self.phase_seconds = [0.0] * n
            self.visited = [False] * n

    # -- views ---------------------------------------------------------------------
    @property
    def current_phase(self) -> Phase:
        return self.session.agenda.phases[self.phase]

    @property
    def started(self) -> bool:
        return self.started_at is not None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def current_round(self) -> Round | None:
        return self.rounds[-1] if self.rounds else None

    def undoable(self) -> ev.Event | None:
        """The event ctrl+z would take back, if any."""
        for event in reversed(self.history):
            if event.kind not in ev.NOT_UNDOABLE:
                return event
        return None

    def phase_notes(self, index: int | None = None) -> list[Note]:
        index = self.phase if index is None else index
        return [n for n in self.notes if n.phase == index]

    def clone(self) -> State:
        """An independent copy: the records are immutable, so copying containers is enough."""
        other = copy.copy(self)
        for name in ("phase_seconds", "visited", "notes", "readiness", "actions", "prior_krs",
                     "grades", "retro", "winning", "objectives", "rounds", "dots", "parked",
                     "key_results", "exceptions", "backbriefs", "commitments", "history"):
            setattr(other, name, copy.copy(getattr(self, name)))
        return other


def apply(state: State, event: ev.Event) -> State:
    """Fold one event into the state (in place) and return the state."""
    if event.kind == "undone":
        target = undo_index(state.history, event.target)
        if target is not None:
            kept = state.history[:target] + state.history[target + 1:]
            fresh = replay(state.session, kept)
            for name in State.__slots__:
                setattr(state, name, getattr(fresh, name))
    else:
        apply_one(state, event)
        state.history.append(event)
    state.last_seq = max(state.last_seq, event.seq)
    state.last_at = event.at
    return state


def undo_index(history: list[ev.Event], target: int) -> int | None:
    """Where in `history` the event an `undone` with this `target` takes back is, if anywhere."""
    return next((i for i in range(len(history) - 1, -1, -1)
                 if history[i].seq == target and history[i].kind not in ev.NOT_UNDOABLE), None)


def replay(session: SessionFile, events: Iterable[ev.Event]) -> State:
    """The same state as `apply`ing every event in turn, with each undo costing one step.

    Applying an `undone` refolds the whole history (fine once, live); replaying a long log
    full of undos that way is quadratic. So the events still in effect at the end are found
    first, exactly as `apply` would keep them, and only those are folded, once.
    """
    history: list[ev.Event] = []
    last_seq, last_at = 0, None
    for event in events:
        if event.kind == "undone":
            target = undo_index(history, event.target)
            if target is not None:
                del history[target]  # (a log's seqs rise, so the undo's own seq stays the highest)
        else:
            history.append(event)
        last_seq, last_at = max(last_seq, event.seq), event.at
    state = State(session=session)
    for event in history:
        apply_one(state, event)
    state.history = history
    state.last_seq, state.last_at = last_seq, last_at
    return state
