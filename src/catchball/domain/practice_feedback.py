"""The coaching feedback at the end of a practice run: it judges the process, not only the end state.

What it reads, all from the folded state (pure: `now` and the run's speed are arguments):
- readiness: which questions were answered, and against the scenario's truth; whether the room
  went past a gate gap (and why), or stopped there, which is the right answer for a scenario
  whose team must fix its strategy first;
- last quarter: how many key results were graded and talked through, and the time grading and
  the retrospective really had against their timeboxes (a box left after a fraction of its time
  was not "held");
- the room: the scripted challenges heard, and those missed because a phase (or a round) was
  left before they came, by name; votes that are all the same value (one keyboard, not a room);
- the result: BAD findings repaired and remaining, and pet projects dropped (`practice_repairs.py`),
  one focus, back-briefs that are missing or repeat the objective word for word, this week's
  commitments and the weekly check-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from difflib import SequenceMatcher

from .agenda import PhaseKind
from .model import READINESS_SHORT, Answer, ReadinessQuestion, Role
from .practice_repairs import flat, quote, repairs
from .readiness import WEAK, follow_ups, gate_gaps
from .scenario import Scenario, ScriptLine, delivered
from .state import State
from .timer import clock, phase_timings, seconds_between

SHORT_BOX = 0.5  # grading or retro left before this share of its timebox was cut short
PARROT = 0.9  # a back-brief this close to the objective's own words repeats it


@dataclass(frozen=True, slots=True)
class PhaseCheck:
    label: str
    planned: float  # minutes
    actual: float
    held: bool  # within its box and, for grading and retro, given at least half of it
    status: str = "held"  # held, overran, cut short


@dataclass(frozen=True, slots=True)
class PracticeFeedback:
    text: str
    repaired: tuple[str, ...]
    remaining: tuple[str, ...]

    def event_fields(self) -> dict:
        """The fields of a `FeedbackRecorded` event."""
        return {"text": self.text, "repaired": list(self.repaired), "remaining": list(self.remaining)}


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9%]+", text.lower()))


# -- the process ----------------------------------------------------------------------------------
def stopped_at_gate(state: State) -> bool:
    """The session ended in readiness, with a gate gap and no override: the room chose to fix it first."""
    return (state.finished and state.current_phase.kind is PhaseKind.READINESS and state.override is None
            and bool(gate_gaps(state)))


def _readiness(scenario: Scenario, state: State) -> tuple[list[str], list[str]]:
    good: list[str] = []
    bad: list[str] = []
    questions = list(ReadinessQuestion)
    answered = [q for q in questions if q in state.readiness]
    missing = [q for q in questions if q not in state.readiness]
    if not answered:
        bad.append("readiness: no question answered; the ground was never tested")
    elif missing:
        bad.append("readiness: not answered: " + ", ".join(READINESS_SHORT[q] for q in missing))
    else:
        good.append("readiness: every question answered")
    for q, truth in scenario.readiness.items():
        given = state.readiness.get(q)
        if given is None:
            continue
        if truth in WEAK and given.answer is Answer.YES:
            bad.append(f"readiness: {READINESS_SHORT[q]} answered yes, though what the room said shows "
                       f"{truth.value}")
        elif truth is Answer.YES and given.answer in WEAK:
            bad.append(f"readiness: {READINESS_SHORT[q]} answered {given.answer.value}, though it holds here")
    unowned, _ = follow_ups(state)
    if unowned:
        bad.append("readiness: no owned action for " + ", ".join(READINESS_SHORT[q] for q in unowned))
    if state.override is not None:
        gaps = gate_gaps(state)
        what = ("past a gap in " + ", ".join(READINESS_SHORT[q] for q in gaps)) if gaps else \
            "past unanswered gate questions"
        bad.append(f"readiness: went on {what} (reason: {quote(state.override, 60)})")
    if scenario.stop_at_gate:
        if stopped_at_gate(state):
            good.append("readiness: stopped at the gate. Right call: this team fixes its strategy before "
                        "any OKR is written")
        else:
            bad.append("readiness: this team was not ready, and the right answer was to stop at the gate "
                       "and fix the strategy first; OKRs written now would copy the disagreement")
    elif stopped_at_gate(state):
        bad.append("readiness: stopped at the gate, though this team's foundation holds")
    return good, bad


def _line_name(line: ScriptLine) -> str:
    return f"{line.participant}'s {line.type.value} {quote(line.text, 40)}"


def _challenges(scenario: Scenario, state: State, speed: float) -> tuple[list[str], list[str]]:
    phases = state.session.agenda.phases
    index = {}
    for i, p in enumerate(phases):
        index.setdefault(p.kind, i)
    heard = [line for line in scenario.script if delivered(line, state)]
    missed: list[str] = []
    for line in scenario.script:
        if line in heard or line.phase not in index:
            continue
        i = index[line.phase]
        label = phases[i].label
        if not state.visited[i]:
            if not stopped_at_gate(state):
                missed.append(f"missed {_line_name(line)}: {label} was never reached")
        elif line.phase is PhaseKind.CATCHBALL and (line.round or 1) > len(state.rounds):
            missed.append(f"missed {_line_name(line)}: round {line.round or 1} was never opened")
        elif i != state.phase or state.finished:
            at = clock(line.minute * 60 / speed)
            rnd = line.round or 1
            if line.phase is PhaseKind.CATCHBALL and rnd < len(state.rounds):
                missed.append(f"missed {_line_name(line)}: round {rnd} ended before minute {at}")
            else:
                missed.append(f"missed {_line_name(line)}: {label} was left before minute {at}")
    good = [f"challenges: heard all {len(heard)} lines of the simulated room"] if heard and not missed else []
    return good, missed


def _votes(state: State, threshold: int) -> tuple[bool, list[str]]:
    bad: list[str] = []
    for rnd in state.rounds:
        values = [v for _, v in rnd.votes]
        if rnd.closed and not values:
            bad.append(f"votes: round {rnd.number} closed without a vote")
        elif len(values) >= 2 and len(set(values)) == 1:
            bad.append(f"votes: round {rnd.number}: all {len(values)} votes are {values[0]}, entered in one go: "
                       "a room rarely agrees that exactly; ask each person for their own fist")
    last = state.rounds[-1] if state.rounds else None
    validated = last is not None and last.validated(threshold) and not any(
        f"round {last.number}:" in b for b in bad)
    return validated, bad


def _member_teams(state: State) -> list[str]:
    people = state.session.participants
    teams = [p.team for p in people if p.role is not Role.LEADER] or [p.team for p in people]
    return list(dict.fromkeys(teams))


def _backbriefs(state: State) -> tuple[bool, list[str], list[str]]:
    good: list[str] = []
    bad: list[str] = []
    briefs = list(state.backbriefs.values())
    intents = [_words(v.text) for o in state.objectives.values() for v in o.versions]
    parrots = [b.team for b in briefs
               if any(SequenceMatcher(None, _words(b.words), i).ratio() >= PARROT for i in intents if i)]
    missing = [t for t in _member_teams(state) if t not in state.backbriefs]
    if not briefs:
        bad.append("back-brief: no team said the objective back in its own words")
    for team in parrots:
        marked = " (marked as matching)" if state.backbriefs[team].matches else ""
        bad.append(f"back-brief: {team} repeated the objective word for word{marked}: that shows nothing of "
                   "what the team understood or how it will get there")
    if briefs and missing:
        bad.append("back-brief: none from " + ", ".join(missing))
    off = [b.team for b in briefs if not b.matches]
    if off:
        bad.append("back-brief: not matching the intent for " + ", ".join(off) + ": another round of catchball?")
    real = [b for b in briefs if b.team not in parrots]
    if real and not off and not missing:
        good.append("back-brief: " + ", ".join(b.team for b in real) + " said it back in their own words")
    ok = bool(briefs) and not parrots and not missing and not off
    return ok, good, bad


def paused_minutes(state: State, now: datetime) -> list[float]:
    """Minutes each phase stood paused (a pause ends at a resume, a phase change or the end)."""
    paused = [0.0] * len(state.session.agenda.phases)
    phase, since = 0, None
    for event in state.history:
        if since is not None and event.kind in ("timer_resumed", "phase_changed", "session_finished"):
            paused[phase] += seconds_between(since, event.at) / 60
            since = None
        if event.kind == "timer_paused":
            since = event.at
        elif event.kind == "phase_changed" and 0 <= event.phase < len(paused):
            phase = event.phase
    if since is not None:
        paused[phase] += seconds_between(since, now) / 60
    return paused


def _last_quarter(state: State, now: datetime) -> tuple[list[str], list[str], list[PhaseCheck]]:
    good: list[str] = []
    bad: list[str] = []
    checks: list[PhaseCheck] = []
    prior = list(state.prior_krs)
    paused = paused_minutes(state, now)
    for t in phase_timings(state, now):
        if not t.visited:
            continue
        kind = state.session.agenda.phases[t.index].kind
        t = replace(t, actual_minutes=max(0.0, t.actual_minutes - paused[t.index]))  # time the room worked
        status = "held"
        if t.actual_minutes > t.planned_minutes + 1 / 60:
            status = "overran"
        elif kind in (PhaseKind.GRADING, PhaseKind.RETRO) and t.actual_minutes < t.planned_minutes * SHORT_BOX:
            status = "cut short"
        checks.append(PhaseCheck(t.label, t.planned_minutes, t.actual_minutes, status == "held", status))
        if kind is PhaseKind.GRADING and prior:
            graded = sum(1 for k in prior if k in state.grades)
            line = f"grading: {graded} of {len(prior)} graded in {clock(t.actual_minutes * 60)} of " \
                   f"{clock(t.planned_minutes * 60)}"
            (good if graded == len(prior) and status == "held" else bad).append(
                line + ("" if status == "held" else f" ({status})"))
        if kind is PhaseKind.RETRO and prior:
            talked = sum(1 for k in prior if any(r.kr == k for r in state.retro))
            line = f"retrospective: {talked} of {len(prior)} key results talked through in " \
                   f"{clock(t.actual_minutes * 60)} of {clock(t.planned_minutes * 60)}"
            reasons = [x.reason for x in state.early_exits if x.phase == t.index]
            if reasons:
                line += f", left early ({quote(reasons[-1], 40)})"
            (good if talked == len(prior) and status == "held" else bad).append(
                line + ("" if status == "held" else f" ({status})"))
    return good, bad, checks


def _commitments(state: State) -> tuple[list[str], list[str]]:
    good: list[str] = []
    bad: list[str] = []
    teams = _member_teams(state)
    committed = {c.team for c in state.commitments}
    if not state.commitments:
        bad.append("commitments: nobody said what they will do this week")
    else:
        silent = [t for t in teams if t not in committed]
        (bad if silent else good).append(
            f"commitments: {len(state.commitments)} for this week" +
            (f", none from {', '.join(silent)}" if silent else ""))
    if state.cadence is None or not state.cadence.checkin:
        bad.append("commitments: no weekly check-in agreed")
    return good, bad


# -- the whole ----------------------------------------------------------------------------------------
def practice_feedback(scenario: Scenario, state: State, now: datetime, speed: float = 1.0) -> PracticeFeedback:
    """How the rehearsal went: the process (readiness, last quarter, the room, votes, back-briefs,
    commitments, time) and the result (findings repaired and remaining, focus)."""
    threshold = state.session.agenda.validation_threshold
    catchball = [p for p in state.session.agenda.phases if p.kind is PhaseKind.CATCHBALL]
    allowed = catchball[0].rounds if catchball else 0
    stopped = stopped_at_gate(state)
    ready_good, ready_bad = _readiness(scenario, state)
    good, bad = list(ready_good), list(ready_bad)
    repaired: list[str] = []
    remaining: list[str] = []
    checks: list[PhaseCheck] = []
    validated = focus_ok = backbrief_ok = False
    if not (stopped and scenario.stop_at_gate):
        lq_good, lq_bad, checks = _last_quarter(state, now)
        heard, missed = _challenges(scenario, state, speed)
        validated, vote_bad = _votes(state, threshold)
        backbrief_ok, bb_good, bb_bad = _backbriefs(state)
        c_good, c_bad = _commitments(state)
        good += lq_good + heard + bb_good + c_good
        bad += lq_bad + missed + vote_bad + bb_bad + c_bad
        bad += [f"timebox: {c.label} overran, {clock(c.actual * 60)} of {clock(c.planned * 60)}"
                for c in checks if c.status == "overran"]
        repaired, remaining = repairs(scenario, state)
        focus_ok = state.focus is not None

    lines = [f"Practice feedback: {scenario.title}", ""]
    if stopped and scenario.stop_at_gate:
        lines += [("You stopped at the readiness gate. That was the right answer: OKRs written now would "
                   "only have carried the gap into every objective."), ""]
    lines.append(f"How you ran it, to work on ({len(bad)}):")
    lines += [f"  - {b}" for b in bad] or ["  (nothing)"]
    lines.append(f"How you ran it, done well ({len(good)}):")
    lines += [f"  + {g}" for g in good] or ["  (nothing yet)"]
    if not (stopped and scenario.stop_at_gate):
        lines.append(f"Key results repaired ({len(repaired)}):")
        lines += [f"  + {r}" for r in repaired] or ["  (none)"]
        lines.append(f"Key results still to fix ({len(remaining)}):")
        lines += [f"  - {r}" for r in remaining] or ["  (none)"]
        current_codes = {r.split(" ", 1)[0] for r in remaining}
        gone = [c for c in scenario.good_outcome.codes_gone if c not in current_codes]
        if scenario.good_outcome.codes_gone:
            lines.append(f"Findings that should be gone: {len(gone)} of {len(scenario.good_outcome.codes_gone)} "
                         f"({', '.join(scenario.good_outcome.codes_gone)}).")
        held = sum(1 for c in checks if c.held)
        lines.append(f"Timeboxes kept: {held} of {len(checks)} (grading and retro need at least half their time).")
        vote = f"validated (nobody below {threshold})" if validated else "not validated by a real vote"
        lines.append(f"Catchball: {len(state.rounds)} of {allowed} rounds used, {vote}.")
        heard = sum(1 for line in scenario.script if delivered(line, state))
        lines.append(f"Challenges heard: {heard} of {len(scenario.script)}.")
        revised = sum(len(o.versions) - 1 for o in state.objectives.values())
        lines.append(f"Objective revisions: {revised}.")
        if focus_ok:
            lines.append(f"Focus: one objective, {quote(state.objectives[state.focus].text, 60)}.")
        else:
            lines.append("Focus: no objective was chosen as the one focus for the quarter.")
    lines += ["", f"A good outcome: {flat(scenario.good_outcome.text)}"]
    return PracticeFeedback("\n".join(lines), tuple(repaired), tuple(remaining))
