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

from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from . import quality
from .agenda import Agenda, PhaseKind
from .model import GATE_QUESTIONS, Answer, ContributionType, Level, ReadinessQuestion, Role, WinningElement
from .state import State
from .timer import timer_view
from .toml_model import parse_toml


def _flat(text: str) -> str:
    return " ".join(text.split())


def _nonblank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be blank")
    return text


Line = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_nonblank), AfterValidator(_flat)]
Para = Annotated[str, Field(min_length=1, max_length=8000), AfterValidator(_nonblank)]
Short = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_nonblank), AfterValidator(_flat)]


class ScenarioError(ValueError):
    """A scenario file that cannot be used, in one sentence."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WinningLine(_Strict):
    element: WinningElement
    text: Line


class SimParticipant(_Strict):
    name: Short
    role: Role = Role.MEMBER
    team: Short = "Team"

    @model_validator(mode="after")
    def _no_colon(self) -> SimParticipant:
        if ":" in self.name or ":" in self.team:
            raise ValueError("a participant's name and team cannot contain ':'")
        return self

    @property
    def spec(self) -> str:
        return f"{self.name}:{self.role.value}:{self.team}"


class Draft(_Strict):
    text: Line
    links: tuple[WinningElement, ...] = ()  # empty: linked to every element given


class ScriptLine(_Strict):
    participant: Short
    type: ContributionType
    text: Line
    phase: PhaseKind
    minute: float = Field(ge=0, le=120)
    round: int | None = Field(default=None, ge=1, le=9)

    @model_validator(mode="after")
    def _round_only_in_catchball(self) -> ScriptLine:
        if self.round is not None and self.phase is not PhaseKind.CATCHBALL:
            raise ValueError("round is only for lines in the catchball phase")
        if self.type is ContributionType.NOTE:
            raise ValueError("type must be challenge, question, tweak, support or risk")
        return self


class ScenarioKr(_Strict):
    text: Line
    owner: Short | None = None
    confidence: int = Field(default=5, ge=1, le=10)
    metric: Line | None = None
    baseline: Short | None = None
    target: Short | None = None
    # a key result that must leave the OKR whatever its wording (a pet project), and why
    should_go: Line | None = None


class LastQuarterKr(_Strict):
    """A key result of last quarter, to grade and learn from, and where it ended (told in the briefing)."""

    text: Line
    ended: Line


class GoodOutcome(_Strict):
    text: Para
    codes_gone: tuple[str, ...] = ()

    @field_validator("codes_gone")
    @classmethod
    def _known(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [c for c in codes if c not in quality.CODES]
        if unknown:
            raise ValueError(f"unknown finding code {unknown[0]!r}, use one of {', '.join(quality.CODES)}")
        return codes


class Scenario(_Strict):
    id: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Short
    level: Level
    organisation: Para
    briefing: Para
    winning_logic: tuple[WinningLine, ...] = Field(min_length=1, max_length=20)
    participants: tuple[SimParticipant, ...] = Field(min_length=1, max_length=20)
    drafts: tuple[Draft, ...] = Field(min_length=1, max_length=5)
    script: tuple[ScriptLine, ...] = Field(default=(), max_length=100)
    key_results: tuple[ScenarioKr, ...] = Field(min_length=1, max_length=5)
    last_quarter: tuple[LastQuarterKr, ...] = Field(default=(), max_length=5)
    # how the room should answer the readiness questions, by what the organisation and script show
    readiness: dict[ReadinessQuestion, Answer] = Field(default_factory=dict)
    # the right answer is not to start OKRs yet: stop at the readiness gate and fix the foundation
    stop_at_gate: bool = False
    good_outcome: GoodOutcome

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        names = [p.name for p in self.participants]
        if len(set(names)) != len(names):
            raise ValueError("two participants have the same name")
        for line in self.script:
            if line.participant not in names:
                raise ValueError(f"script line by {line.participant!r}, who is not among the participants")
        if self.stop_at_gate and not any(self.readiness.get(q, Answer.YES) is not Answer.YES
                                         for q in GATE_QUESTIONS):
            raise ValueError("stop_at_gate needs a gate question the readiness table answers no or partly")
        given = {w.element for w in self.winning_logic}
        for draft in self.drafts:
            missing = [e.value for e in draft.links if e not in given]
            if missing:
                raise ValueError(f"a draft links to {missing[0]!r}, which the winning logic does not give")
        return self


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
