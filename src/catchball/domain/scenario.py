"""Practice scenarios: the file model, which scripted lines are due, and the coaching feedback.

A scenario is a fictional organisation with its winning logic, a weak draft objective, BAD
key results to repair and simulated team members whose lines arrive at scripted moments.

Pure: no Textual, no files, no clock. `now` is always an argument. Whether a scripted line
was already delivered is read from the session's notes (a `Noted` with the same speaker and
text), so a restarted app never says a line twice.

Timing: a line's `minute` is an offset into the timebox of its phase (for catchball, into
its `round`), counted like the timer counts (pauses excluded). A practice run at `speed` F
shrinks every timebox by F, and the script's minutes with it.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from .model import ContributionType, Level, Role, WinningElement
from .state import State
from .timer import clock, phase_timings, timer_view
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
    good_outcome: GoodOutcome

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        names = [p.name for p in self.participants]
        if len(set(names)) != len(names):
            raise ValueError("two participants have the same name")
        for line in self.script:
            if line.participant not in names:
                raise ValueError(f"script line by {line.participant!r}, who is not among the participants")
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


# -- feedback ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PhaseCheck:
    label: str
    planned: float  # minutes
    actual: float
    held: bool


@dataclass(frozen=True, slots=True)
class PracticeFeedback:
    text: str
    repaired: tuple[str, ...]
    remaining: tuple[str, ...]
    timeboxes: tuple[PhaseCheck, ...]
    rounds_used: int
    rounds_allowed: int
    validated: bool
    focus_ok: bool
    backbrief_ok: bool

    def event_fields(self) -> dict:
        """The fields of a `FeedbackRecorded` event."""
        return {"text": self.text, "repaired": list(self.repaired), "remaining": list(self.remaining)}


def _short(text: str, width: int = 48) -> str:
    flat = _flat(text)
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _seeded_krs(scenario: Scenario, state: State) -> list[int | None]:
    """The key-result id each of the scenario's key results was seeded as (None if not found)."""
    added = [e for e in state.history if e.kind == "kr_added"]
    ids: list[int | None] = []
    used: set[int] = set()
    for kr in scenario.key_results:
        match = next((e.seq for e in added if e.text == kr.text and e.seq not in used), None)
        if match is not None:
            used.add(match)
        ids.append(match)
    return ids


def _objective_text(scenario: Scenario, state: State) -> str:
    if state.focus is not None and state.focus in state.objectives:
        return state.objectives[state.focus].text
    if state.objectives:
        return next(iter(state.objectives.values())).text
    return scenario.drafts[0].text


def _codes(findings: list[quality.Finding]) -> list[str]:
    return list(dict.fromkeys(f.code for f in findings))


def _findings(scenario: Scenario, state: State) -> tuple[list[str], dict[int, list[str]], list[str]]:
    """Initial codes per scenario KR, current codes per state KR id, current objective codes."""
    level = scenario.level.value
    initial = quality.lint_okr(quality.OkrDraft(
        scenario.drafts[0].text,
        [quality.KrDraft(k.text, k.owner, k.metric, k.baseline, k.target, k.confidence) for k in scenario.key_results],
        [w.text for w in scenario.winning_logic], 1, level))
    krs = list(state.key_results.values())
    current = quality.lint_okr(quality.OkrDraft(
        _objective_text(scenario, state),
        [quality.KrDraft(k.text, k.owner, k.metric, k.baseline, k.target, k.confidence) for k in krs],
        [w.text for w in state.winning.values()], 1, level))
    now_codes = {kr.id: _codes(fs) for kr, fs in zip(krs, current.key_results)}
    init_codes = [_codes(fs) for fs in initial.key_results]
    return init_codes, now_codes, _codes(current.objective)


def _repairs(scenario: Scenario, state: State) -> tuple[list[str], list[str]]:
    init_codes, now_codes, objective_codes = _findings(scenario, state)
    kept = {(x.kr, x.code): x.reason for x in state.exceptions}
    repaired: list[str] = []
    remaining: list[str] = []
    ids = _seeded_krs(scenario, state)
    for n, (kr, codes, kr_id) in enumerate(zip(scenario.key_results, init_codes, ids), start=1):
        where = f"KR {n} \u201c{_short(kr.text)}\u201d"
        current = now_codes.get(kr_id) if kr_id is not None else None
        for code in codes:
            if current is None:
                repaired.append(f"{code} in {where}: key result dropped")
            elif (kr_id, code) in kept:
                repaired.append(f"{code} in {where}: kept on purpose ({_short(kept[(kr_id, code)], 40)})")
            elif code in current:
                remaining.append(f"{code} in {where}")
            else:
                repaired.append(f"{code} in {where}")
        for code in current or []:
            if code not in codes and (kr_id, code) not in kept:
                remaining.append(f"{code} in {where} (new)")
    seeded = {i for i in ids if i is not None}
    for kr in state.key_results.values():
        if kr.id not in seeded:
            for code in now_codes.get(kr.id, []):
                if (kr.id, code) not in kept:
                    remaining.append(f"{code} in added KR \u201c{_short(kr.text)}\u201d")
    for code in objective_codes:
        remaining.append(f"{code} in the objective")
    if not state.key_results:
        remaining.append("no key results: nothing measures the objective")
    return repaired, remaining


def practice_feedback(scenario: Scenario, state: State, now: datetime) -> PracticeFeedback:
    """How the rehearsal went: findings repaired and remaining, timeboxes, rounds, focus, back-brief."""
    repaired, remaining = _repairs(scenario, state)
    checks = tuple(PhaseCheck(t.label, t.planned_minutes, t.actual_minutes,
                              t.actual_minutes <= t.planned_minutes + 1 / 60)
                   for t in phase_timings(state, now) if t.visited)
    catchball = [p for p in state.session.agenda.phases if p.kind is PhaseKind.CATCHBALL]
    allowed = catchball[0].rounds if catchball else 0
    threshold = state.session.agenda.validation_threshold
    validated = bool(state.rounds) and state.rounds[-1].validated(threshold)
    focus_ok = state.focus is not None
    briefs = list(state.backbriefs.values())
    backbrief_ok = bool(briefs) and all(b.matches for b in briefs)

    lines = [f"Practice feedback: {scenario.title}", ""]
    lines.append(f"Repaired ({len(repaired)}):")
    lines += [f"  + {r}" for r in repaired] or ["  (none)"]
    lines.append(f"Still to fix ({len(remaining)}):")
    lines += [f"  - {r}" for r in remaining] or ["  (none)"]
    current_codes = {r.split(" ", 1)[0] for r in remaining}
    gone = [c for c in scenario.good_outcome.codes_gone if c not in current_codes]
    if scenario.good_outcome.codes_gone:
        lines.append(f"Findings that should be gone: {len(gone)} of {len(scenario.good_outcome.codes_gone)} "
                     f"({', '.join(scenario.good_outcome.codes_gone)}).")
    over = [c for c in checks if not c.held]
    lines.append(f"Timeboxes: {len(checks) - len(over)} of {len(checks)} held.")
    lines += [f"  overran {c.label}: {clock(c.actual * 60)} of {clock(c.planned * 60)}" for c in over]
    votes = f"validated (nobody below {threshold})" if validated else "not validated by a vote"
    lines.append(f"Catchball: {len(state.rounds)} of {allowed} rounds used, {votes}.")
    revised = sum(len(o.versions) - 1 for o in state.objectives.values())
    lines.append(f"Objective revisions: {revised}.")
    if focus_ok:
        lines.append(f"Focus: one objective, \u201c{_short(state.objectives[state.focus].text, 60)}\u201d.")
    else:
        lines.append("Focus: no objective was chosen as the one focus for the quarter.")
    if not briefs:
        lines.append("Back-brief: no team said the objective back in its own words.")
    else:
        off = [b.team for b in briefs if not b.matches]
        lines.append("Back-brief: every team matched the intent." if not off else
                     f"Back-brief: not marked as matching for {', '.join(off)}.")
    lines += ["", f"A good outcome: {_flat(scenario.good_outcome.text)}"]
    return PracticeFeedback("\n".join(lines), tuple(repaired), tuple(remaining), checks,
                            len(state.rounds), allowed, validated, focus_ok, backbrief_ok)
