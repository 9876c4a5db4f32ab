"""The state of a session: what the fold of its events has produced so far.

`State` holds the records and answers questions about them (the current phase, round,
what ctrl+z would take back); `State.clone()` gives an independent copy (replay
checkpoints). How events change it lives in domain.handlers; the fold itself
(`apply`, `replay`) in domain.fold.
"""

from __future__ import annotations

import copy
from datetime import datetime

import msgspec

from . import events as ev
from .agenda import Phase
from .model import ReadinessQuestion, SessionFile
from .quarter_records import CheckinValue, Idea, KpiCheck, OkrChange, Priority
from .records import (
    AcceptedException,
    Action,
    BackBrief,
    Cadence,
    Commitment,
    EarlyExit,
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


class State(msgspec.Struct):
    # a Struct, not a dataclass: building the class took about 2 ms of every start
    session: SessionFile
    last_seq: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    phase: int = 0
    last_at: datetime | None = None
    # timing: wall-clock seconds per phase for visits already left, and the open segment
    phase_seconds: list[float] = msgspec.field(default_factory=list)
    visited: list[bool] = msgspec.field(default_factory=list)
    entered_at: datetime | None = None
    segment_start: datetime | None = None
    paused_at: datetime | None = None
    paused_seconds: float = 0.0
    extended_minutes: float = 0.0
    # what the room produced
    notes: list[Note] = msgspec.field(default_factory=list)
    readiness: dict[ReadinessQuestion, ReadinessAnswer] = msgspec.field(default_factory=dict)
    override: str | None = None
    early_exits: list[EarlyExit] = msgspec.field(default_factory=list)
    actions: list[Action] = msgspec.field(default_factory=list)
    carried_done: set[int] = msgspec.field(default_factory=set)  # session.carried.actions marked done
    prior_krs: dict[int, PriorKr] = msgspec.field(default_factory=dict)
    grades: dict[int, float] = msgspec.field(default_factory=dict)
    from_numbers: set[int] = msgspec.field(default_factory=set)  # key results whose grade the numbers proposed
    retro: list[RetroNote] = msgspec.field(default_factory=list)
    winning: dict[int, WinningItem] = msgspec.field(default_factory=dict)
    objectives: dict[int, Objective] = msgspec.field(default_factory=dict)
    rounds: list[Round] = msgspec.field(default_factory=list)
    dots: dict[int, int] = msgspec.field(default_factory=dict)
    focus: int | None = None
    parked: dict[int, str] = msgspec.field(default_factory=dict)
    key_results: dict[int, KeyResult] = msgspec.field(default_factory=dict)
    exceptions: list[AcceptedException] = msgspec.field(default_factory=list)
    backbriefs: dict[str, BackBrief] = msgspec.field(default_factory=dict)
    commitments: list[Commitment] = msgspec.field(default_factory=list)
    cadence: Cadence | None = None
    feedback: Feedback | None = None
    admitted: list[str] = msgspec.field(default_factory=list)  # people let in from their own device
    anonymous: set[int] = msgspec.field(default_factory=set)  # phases whose participants' items carry no name
    # a weekly check-in (domain.quarter)
    checkin_values: dict[int, CheckinValue] = msgspec.field(default_factory=dict)
    priorities: dict[int, Priority] = msgspec.field(default_factory=dict)
    kpi_checks: dict[str, KpiCheck] = msgspec.field(default_factory=dict)
    ideas: dict[int, Idea] = msgspec.field(default_factory=dict)
    okr_changes: list[OkrChange] = msgspec.field(default_factory=list)
    history: list[ev.Event] = msgspec.field(default_factory=list)

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

    def people(self) -> list[str]:
        """Everyone who may speak and vote: session.toml's participants, then those admitted."""
        return [p.name for p in self.session.participants] + self.admitted

    def phase_notes(self, index: int | None = None) -> list[Note]:
        index = self.phase if index is None else index
        return [n for n in self.notes if n.phase == index]

    def clone(self) -> State:
        """An independent copy: the records are immutable, so copying containers is enough."""
        other = copy.copy(self)
        for name in ("phase_seconds", "visited", "notes", "readiness", "early_exits", "actions", "carried_done",
                     "prior_krs", "grades", "from_numbers", "retro", "winning", "objectives", "rounds", "dots", "parked",
                     "key_results", "exceptions", "backbriefs", "commitments", "history", "admitted",
                     "anonymous", "checkin_values", "priorities", "kpi_checks", "ideas", "okr_changes"):
            setattr(other, name, copy.copy(getattr(self, name)))
        return other
