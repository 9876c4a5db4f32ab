"""The fold: `apply(state, event)` and `replay(session, events)`.

`apply` updates the state in place and returns it, so that folding a long log costs one
small step per event; `State.clone()` gives an independent copy (replay checkpoints).
Undo is exact: the state keeps the events still in effect, and taking one back refolds
them without it, so a live session and a replay of its log can never disagree.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from . import events as ev
from .agenda import Phase, PhaseKind
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
    ObjectiveVersion,
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
    history: list[ev._Event] = field(default_factory=list)

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

    def undoable(self) -> ev._Event | None:
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


def _seconds(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds())


def _enter(state: State, index: int, at: datetime) -> None:
    if state.entered_at is not None:
        state.phase_seconds[state.phase] += _seconds(state.entered_at, at)
    state.phase = index
    state.visited[index] = True
    state.entered_at = at
    _new_segment(state, at)
    if state.session.agenda.phases[index].kind is PhaseKind.CATCHBALL and not state.rounds:
        state.rounds.append(Round(number=1, opened_at=at))


def _new_segment(state: State, at: datetime) -> None:
    state.segment_start = at
    state.paused_at = None
    state.paused_seconds = 0.0
    state.extended_minutes = 0.0


def _replace_round(state: State, **changes) -> None:
    if state.rounds:
        state.rounds[-1] = replace(state.rounds[-1], **changes)


def _apply_one(state: State, e: ev._Event) -> None:  # noqa: C901 - one branch per kind
    k = e.kind
    if k == "session_started":
        state.started_at = e.at
        _enter(state, 0, e.at)
    elif k == "phase_changed":
        if 0 <= e.phase < len(state.session.agenda.phases):
            _enter(state, e.phase, e.at)
    elif k == "session_finished":
        if state.entered_at is not None:
            state.phase_seconds[state.phase] += _seconds(state.entered_at, e.at)
        state.entered_at = None
        state.finished_at = e.at
    elif k == "timer_paused":
        if state.paused_at is None:
            state.paused_at = e.at
    elif k == "timer_resumed":
        if state.paused_at is not None:
            state.paused_seconds += _seconds(state.paused_at, e.at)
            state.paused_at = None
    elif k == "timer_extended":
        state.extended_minutes += e.minutes
    elif k == "noted":
        rnd = state.current_round.number if state.current_phase.kind is PhaseKind.CATCHBALL and state.rounds else None
        state.notes.append(Note(e.seq, e.at, state.phase, e.text, e.by, e.type, rnd))
    elif k == "readiness_answered":
        state.readiness[e.question] = ReadinessAnswer(e.question, e.answer, e.note)
    elif k == "readiness_overridden":
        state.override = e.reason
    elif k == "action_recorded":
        state.actions.append(Action(e.seq, e.text, e.owner))  # its question: domain.readiness
    elif k == "prior_kr_added":
        state.prior_krs[e.seq] = PriorKr(e.seq, e.text, e.source)
    elif k == "kr_graded":
        if e.kr in state.prior_krs:
            state.grades[e.kr] = e.grade
    elif k == "retro_noted":
        state.retro.append(RetroNote(e.seq, e.kr, e.field, e.text))
    elif k == "winning_logic_added":
        state.winning[e.seq] = WinningItem(e.seq, e.element, e.text)
    elif k == "objective_drafted":
        version = ObjectiveVersion(e.seq, e.at, e.text, 0)
        state.objectives[e.seq] = Objective(e.seq, tuple(e.links), (version,))
    elif k == "objective_revised":
        obj = state.objectives.get(e.objective)
        if obj is not None:
            rnd = state.current_round.number if state.rounds else 0
            version = ObjectiveVersion(e.seq, e.at, e.text, rnd)
            state.objectives[e.objective] = replace(obj, versions=obj.versions + (version,))
    elif k == "round_opened":
        _replace_round(state, closed=True)
        state.rounds.append(Round(number=len(state.rounds) + 1, opened_at=e.at))
        _new_segment(state, e.at)
    elif k == "vote_cast":
        if state.rounds:
            votes = dict(state.rounds[-1].votes)
            votes[e.participant] = e.value
            _replace_round(state, votes=tuple(votes.items()))
    elif k == "votes_revealed":
        _replace_round(state, revealed=True)
    elif k == "round_closed":
        _replace_round(state, closed=True, revealed=True)
    elif k == "dots_cast":
        if e.objective in state.objectives:
            state.dots[e.objective] = max(0, state.dots.get(e.objective, 0) + e.dots)
    elif k == "focus_chosen":
        if e.objective in state.objectives:
            state.focus = e.objective
            state.parked.pop(e.objective, None)
    elif k == "objective_parked":
        if e.objective in state.objectives:
            state.parked[e.objective] = e.reason
            if state.focus == e.objective:
                state.focus = None
    elif k == "kr_added":
        state.key_results[e.seq] = KeyResult(
            e.seq, e.text, e.metric, e.baseline, e.target, e.owner, e.weekly, e.confidence, e.reason)
    elif k == "kr_edited":
        kr = state.key_results.get(e.kr)
        if kr is not None:
            changes = e.model_dump(exclude_none=True, exclude={"kind", "at", "seq", "kr"})
            state.key_results[e.kr] = replace(kr, **changes)
    elif k == "kr_removed":
        state.key_results.pop(e.kr, None)
    elif k == "exception_accepted":
        state.exceptions.append(AcceptedException(e.kr, e.code, e.reason))
    elif k == "backbrief_given":
        old = state.backbriefs.get(e.team)
        state.backbriefs[e.team] = BackBrief(e.team, e.words, e.how, e.dependencies, e.worries,
                                             old.matches if old and old.words == e.words else None)
    elif k == "backbrief_marked":
        old = state.backbriefs.get(e.team)
        if old is not None:
            state.backbriefs[e.team] = replace(old, matches=e.matches)
    elif k == "commitment_made":
        state.commitments.append(Commitment(e.seq, e.team, e.text))
    elif k == "cadence_set":
        state.cadence = Cadence(e.checkin, e.celebration, tuple(e.peer_teams))
    elif k == "feedback_recorded":
        state.feedback = Feedback(e.text, tuple(e.repaired), tuple(e.remaining))


def apply(state: State, event: ev._Event) -> State:
    """Fold one event into the state (in place) and return the state."""
    if event.kind == "undone":
        target = _undo_index(state.history, event.target)
        if target is not None:
            kept = state.history[:target] + state.history[target + 1:]
            fresh = replay(state.session, kept)
            for name in State.__slots__:
                setattr(state, name, getattr(fresh, name))
    else:
        _apply_one(state, event)
        state.history.append(event)
    state.last_seq = max(state.last_seq, event.seq)
    state.last_at = event.at
    return state


def _undo_index(history: list[ev._Event], target: int) -> int | None:
    """Where in `history` the event an `undone` with this `target` takes back is, if anywhere."""
    return next((i for i in range(len(history) - 1, -1, -1)
                 if history[i].seq == target and history[i].kind not in ev.NOT_UNDOABLE), None)


def replay(session: SessionFile, events: Iterable[ev._Event]) -> State:
    """The same state as `apply`ing every event in turn, with each undo costing one step.

    Applying an `undone` refolds the whole history (fine once, live); replaying a long log
    full of undos that way is quadratic. So the events still in effect at the end are found
    first, exactly as `apply` would keep them, and only those are folded, once.
    """
    history: list[ev._Event] = []
    last_seq, last_at = 0, None
    for event in events:
        if event.kind == "undone":
            target = _undo_index(history, event.target)
            if target is not None:
                del history[target]  # (a log's seqs rise, so the undo's own seq stays the highest)
        else:
            history.append(event)
        last_seq, last_at = max(last_seq, event.seq), event.at
    state = State(session=session)
    for event in history:
        _apply_one(state, event)
    state.history = history
    state.last_seq, state.last_at = last_seq, last_at
    return state
