"""Practice scenarios: the file model and which scripted lines are due (feedback: practice_feedback.py).

A scenario is a fictional organisation with its winning logic, a weak draft objective, BAD
key results to repair and simulated team members whose lines arrive at scripted moments.
It may also carry last quarter's key results (to grade and learn from), the truth about its
readiness (how the room should answer the prerequisite questions), and whether the right
answer is to stop at the readiness gate and fix the foundation before any OKR is written.

Pure: no Textual, no files, no clock. `now` is always an argument. Whether a scripted line
was already delivered is read from the session's notes (a `Noted` with the same speaker and
text), so a restarted app never says a line twice.

Timing: a line's `minute` is an offset into the timebox of its phase (for catchball, into
its `round`), counted like the timer counts (pauses excluded). A practice run at `speed` F
shrinks every timebox by F, and the script's minutes with it.
"""

from __future__ import annotations

import types
from datetime import datetime
from typing import Annotated, Union, get_args, get_origin, get_type_hints

import msgspec
from msgspec.structs import force_setattr

from . import quality
from .agenda import Agenda, PhaseKind
from .model import GATE_QUESTIONS, Answer, ContributionType, Level, ReadinessQuestion, Role, WinningElement
from .record import FieldError, Meta, Record
from .state import State
from .timer import timer_view
from .toml_model import parse_toml

# Texts: none may be blank; a Line or a Short is folded to one line of single spaces (a Para
# keeps its line breaks). `_Strict.__post_init__` does both, finding the fields by their `fold`.
Line = Annotated[str, Meta(min_length=1, max_length=2000, extra={"fold": True})]
Para = Annotated[str, Meta(min_length=1, max_length=8000, extra={"fold": False})]
Short = Annotated[str, Meta(min_length=1, max_length=200, extra={"fold": True})]


class ScenarioError(ValueError):
    """A scenario file that cannot be used, in one sentence."""


_TEXT_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _text_fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """(name, fold) of each Line, Short or Para field of `cls` (worked out once a class)."""
    found = _TEXT_FIELDS.get(cls)
    if found is None:
        found = tuple((name, meta.extra["fold"])
                      for name, hint in get_type_hints(cls, include_extras=True).items()
                      for arg in (get_args(hint) if get_origin(hint) in (Union, types.UnionType) else (hint,))
                      for meta in getattr(arg, "__metadata__", ())
                      if isinstance(meta, Meta) and "fold" in (meta.extra or {}))
        _TEXT_FIELDS[cls] = found
    return found


class _Strict(Record):
    def __post_init__(self) -> None:
        for name, fold in _text_fields(type(self)):
            text = getattr(self, name)
            if text is None:
                continue
            if not text.strip():
                raise FieldError(name, "must not be blank")
            if fold:
                force_setattr(self, name, " ".join(text.split()))


class WinningLine(_Strict, kw_only=True):
    element: WinningElement
    text: Line


class SimParticipant(_Strict, kw_only=True):
    name: Short
    role: Role = Role.MEMBER
    team: Short = "Team"

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("name", "team"):
            if ":" in getattr(self, name):
                raise FieldError(name, "a participant's name and team cannot contain ':'")

    @property
    def spec(self) -> str:
        return f"{self.name}:{self.role.value}:{self.team}"


class Draft(_Strict, kw_only=True):
    text: Line
    links: tuple[WinningElement, ...] = ()  # empty: linked to every element given


class ScriptLine(_Strict, kw_only=True):
    participant: Short
    type: ContributionType
    text: Line
    phase: PhaseKind
    minute: Annotated[float, Meta(ge=0, le=120)]
    round: Annotated[int, Meta(ge=1, le=9)] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.round is not None and self.phase is not PhaseKind.CATCHBALL:
            raise FieldError("round", "is only for lines in the catchball phase")
        if self.type is ContributionType.NOTE:
            raise FieldError("type", "must be challenge, question, tweak, support or risk")


class ScenarioKr(_Strict, kw_only=True):
    text: Line
    owner: Short | None = None
    confidence: Annotated[int, Meta(ge=1, le=10)] = 5
    metric: Line | None = None
    baseline: Short | None = None
    target: Short | None = None
    # a key result that must leave the OKR whatever its wording (a pet project), and why
    should_go: Line | None = None


class LastQuarterKr(_Strict, kw_only=True):
    """A key result of last quarter, to grade and learn from, and where it ended (told in the briefing)."""

    text: Line
    ended: Line


class GoodOutcome(_Strict, kw_only=True):
    text: Para
    codes_gone: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        unknown = [c for c in self.codes_gone if c not in quality.CODES]
        if unknown:
            raise FieldError("codes_gone", f"unknown finding code {unknown[0]!r}, use one of {', '.join(quality.CODES)}")


class Scenario(_Strict, kw_only=True):
    id: Annotated[str, Meta(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Short
    level: Level
    organisation: Para
    briefing: Para
    winning_logic: Annotated[tuple[WinningLine, ...], Meta(min_length=1, max_length=20)]
    participants: Annotated[tuple[SimParticipant, ...], Meta(min_length=1, max_length=20)]
    drafts: Annotated[tuple[Draft, ...], Meta(min_length=1, max_length=5)]
    script: Annotated[tuple[ScriptLine, ...], Meta(max_length=100)] = ()
    key_results: Annotated[tuple[ScenarioKr, ...], Meta(min_length=1, max_length=5)]
    last_quarter: Annotated[tuple[LastQuarterKr, ...], Meta(max_length=5)] = ()
    # how the room should answer the readiness questions, by what the organisation and script show
    readiness: dict[ReadinessQuestion, Answer] = msgspec.field(default_factory=dict)
    # the right answer is not to start OKRs yet: stop at the readiness gate and fix the foundation
    stop_at_gate: bool = False
    good_outcome: GoodOutcome

    def __post_init__(self) -> None:
        super().__post_init__()
        names = [p.name for p in self.participants]
        if len(set(names)) != len(names):
            raise FieldError("participants", "two participants have the same name")
        for n, line in enumerate(self.script):
            if line.participant not in names:
                raise FieldError(f"script.{n}.participant", f"{line.participant!r} is not among the participants")
        if self.stop_at_gate and not any(self.readiness.get(q, Answer.YES) is not Answer.YES
                                         for q in GATE_QUESTIONS):
            raise FieldError("stop_at_gate", "needs a gate question the readiness table answers no or partly")
        given = {w.element for w in self.winning_logic}
        for n, draft in enumerate(self.drafts):
            missing = [e.value for e in draft.links if e not in given]
            if missing:
                raise FieldError(f"drafts.{n}.links", f"links to {missing[0]!r}, which the winning logic does not give")


def parse_scenario(text: str, origin: str) -> Scenario:
    """Parse a scenario file's text; `origin` names the file in the one-sentence error."""
    return parse_toml(text, Scenario, origin, ScenarioError)


def agenda_speed(agenda: Agenda, base: Agenda) -> float:
    """The factor a practice agenda was shrunk by, read back against the agenda it came from."""
    if len(agenda.phases) != len(base.phases) or agenda.planned_minutes <= 0:
        return 1.0
    return base.planned_minutes / agenda.planned_minutes


# -- scripted lines ------------------------------------------------------------------
def delivered(line: ScriptLine, state: State) -> bool:
    return any(n.by == line.participant and n.text == line.text for n in state.notes)


def due_contributions(scenario: Scenario, state: State, now: datetime, speed: float = 1.0) -> list[ScriptLine]:
    """The scripted lines whose moment has come in the current phase (and round), not yet said."""
    if not state.started or state.finished or state.paused_at is not None:
        return []
    phase = state.current_phase
    rnd = state.current_round.number if phase.kind is PhaseKind.CATCHBALL and state.rounds else None
    elapsed = timer_view(state, now).elapsed
    due = []
    for line in scenario.script:
        if line.phase is not phase.kind:
            continue
        if line.phase is PhaseKind.CATCHBALL and (line.round or 1) != rnd:
            continue
        if elapsed + 1e-6 < line.minute * 60.0 / speed or delivered(line, state):
            continue
        due.append(line)
    return due
