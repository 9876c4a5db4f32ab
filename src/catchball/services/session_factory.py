"""Building a new session from what the user typed: shared by `catchball new`, the form and carry-forward.

`room_problems` holds the rules a room session must meet before it starts (a title, a
leader, at least two participants), as sentences; the form shows them all at once, the
command line prints the first. `NewSessionDraft` is what the form is filled with (empty,
or carried forward from a finished session).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..domain.agenda import Agenda, PhaseKind
from ..domain.events import PriorKrAdded, WinningLogicAdded
from ..domain.model import (
    SCHEMA_VERSION,
    Level,
    Mode,
    Carried,
    Participant,
    Role,
    SessionFile,
    SessionInfo,
)
from ..domain.record import replace, to_dict, validated
from ..domain.state import State
from ..domain.text import one_line
from ..store.agendas import agenda_names, load_agenda
from ..store.live import LiveSession
from ..store.sharing import ensure_gitignore

MIN_PARTICIPANTS = 2

# what each level means, and the face BAD shows there (the form lists them, the README too)
LEVEL_MEANING = {
    Level.SQUAD: "one team plans its own quarter (watch for too much for one team)",
    Level.PRODUCT: "product leadership across teams (watch for over-optimism and activity)",
    Level.SENIOR: "senior management sets direction (watch for unclear goals and side projects)",
}


@dataclass
class NewSessionDraft:
    """What the new-session form starts with; what is `carried` (key results to grade, winning
    logic, parking lot, lessons, actions) comes with the session it starts."""

    title: str = ""
    agenda: str = "quarterly"
    level: str = Level.SQUAD.value
    participants: list[str] = field(default_factory=list)  # "Name:role:team" lines
    carried: Carried = field(default_factory=Carried)
    carried_from: str | None = None
    quarter: str | None = None  # the quarter it plans, as the form shows it; None: the next one

    @property
    def prior_key_results(self) -> tuple[str, ...]:
        return self.carried.prior_key_results


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def carried_summary(draft: NewSessionDraft) -> str:
    """One sentence: what a carried-forward session brings, and where the room meets it."""
    c = draft.carried
    parts = [f"{_count(len(c.prior_key_results), 'key result', 'key results')} to grade"
             + (f" ({len(c.measured)} with the numbers' proposed grade)" if c.measured else "")]
    if c.winning_logic:
        parts.append(f"{_count(len(c.winning_logic), 'entry', 'entries')} of winning logic to revise")
    if c.parking_lot:
        parts.append(f"{_count(len(c.parking_lot), 'parked item', 'parked items')} as candidates for the focus")
    if c.lessons:
        parts.append(_count(len(c.lessons), "lesson", "lessons"))
    if c.actions:
        parts.append(f"{_count(len(c.actions), 'open action', 'open actions')} for readiness")
    return f"Carried forward from {one_line(draft.carried_from or '', 120)}: " + ", ".join(parts) + "."


def parse_participants(specs: list[str]) -> tuple[Participant, ...]:
    """Every "Name:role:team" line as a participant; ValueError with one sentence for the first bad one."""
    try:
        people = tuple(Participant.parse(spec) for spec in specs)
    except ValueError as exc:
        raise ValueError(f"Participant {exc}.") from None
    names = [p.name for p in people]
    if len(set(names)) != len(names):
        raise ValueError("Two participants have the same name: give each one a distinct name.")
    return people


def room_problems(title: str, specs: list[str]) -> list[str]:
    """What stops a room session from starting, one sentence each (empty: it can start)."""
    problems = []
    if not title.strip():
        problems.append("Give the session a title, e.g. \u201cCore team, Q1 planning\u201d.")
    lines = [s for s in specs if s.strip()]
    try:
        people = parse_participants(lines)
    except ValueError as exc:
        problems.append(str(exc))
        return problems
    if len(people) < MIN_PARTICIPANTS:
        problems.append(f"Name at least {MIN_PARTICIPANTS} participants ({Participant.FORMAT} each): "
                        "the leader's draft is passed to the team, and the team answers.")
    if people and not any(p.role is Role.LEADER for p in people):
        problems.append(f"Name the leader who drafts the objective: give one participant the role leader, "
                        f"e.g. {Participant.EXAMPLE}.")
    elif not people:
        problems.append("One participant must be the leader who drafts the objective (role leader).")
    return problems


def agenda_minutes(agenda: Agenda) -> tuple[float, float]:
    """The agenda's planned minutes with one catchball round, and with every round it allows."""
    base = agenda.planned_minutes
    extra = sum(p.minutes * (p.rounds - 1) for p in agenda.phases if p.kind is PhaseKind.CATCHBALL)
    return base, base + extra


def agenda_choices() -> list[tuple[str, float, float]]:
    """The packaged agendas, each with its minutes (one round, all rounds)."""
    out = []
    for name in agenda_names():
        out.append((name, *agenda_minutes(load_agenda(name))))
    return out


def build_session_file(*, title: str, agenda: str, level: str, participants: list[str], now: datetime,
                       mode: str = "room", scenario: str | None = None,
                       prior_key_results: tuple[str, ...] = (), carried_from: str | None = None,
                       quarter: str | None = None, measured: tuple = (),
                       carried: Carried | None = None) -> SessionFile:
    """Raise ValueError with one sentence when something typed is not usable.

    `quarter` ("2027-Q1" or "2027-01-04..2027-03-26") is the quarter the session plans; by default
    the calendar quarter after `now`. `carried` is what the quarter before hands on (its
    `prior_key_results` and `measured` may also be given on their own).
    """
    from ..domain.quarter import next_quarter, parse_quarter

    start, end = parse_quarter(quarter) if quarter and quarter.strip() else next_quarter(now.date())
    title = title.strip() or f"Planning {now:%Y-%m-%d}"
    people = parse_participants(participants)
    if level not in {lv.value for lv in Level}:
        raise ValueError(f"Level must be squad, product or senior, not {level!r}.")
    return validated(SessionFile(
        session=SessionInfo(schema=SCHEMA_VERSION, id="new", title=title[:500], created=now, level=Level(level),
                            mode=Mode(mode), scenario=scenario, carried_from=carried_from,
                            quarter_start=start, quarter_end=end),
        agenda=load_agenda(agenda), participants=people,
        carried=replace(carried or Carried(), **{
            k: v for k, v in (("prior_key_results", tuple(prior_key_results)), ("measured", tuple(measured))) if v}),
    ))


def start_session(sessions_dir: Path, file: SessionFile, now: datetime) -> LiveSession:
    """Create the folder, start the clock, put carried key results up for grading and the carried
    winning logic in place, to be revised (ordinary events: the room edits or drops them)."""
    source = file.session.carried_from or "carried"
    measured = {m.text: m for m in file.carried.measured}
    first: list[tuple[type, dict]] = []
    for text in file.carried.prior_key_results:
        m = measured.get(text)
        extra = {k: v for k, v in (to_dict(m, exclude={"text"}) if m else {}).items() if v is not None}
        first.append((PriorKrAdded, {"text": text, "source": source, **extra}))
    first += [(WinningLogicAdded, {"element": w.element, "text": w.text, "carried": True})
              for w in file.carried.winning_logic]
    live = LiveSession.create(sessions_dir, file, now, first)
    try:
        ensure_gitignore(sessions_dir)
    except OSError:  # a nicety: the session itself is saved, and a full disk is said on the next write
        pass
    return live


def carry_forward(file: SessionFile, state: State, folder_name: str, carried: Carried | None = None) -> NewSessionDraft:
    """The next quarter's form, filled from a finished session: its key results go to grading, and
    `carried` (from `services.checkin.carry_quarter`: the measured values, the winning logic, the
    parking lot, lessons and actions) comes along. The quarter is the one after the session's.

    ValueError with a sentence when there is nothing to carry (not finished, no key results).
    """
    from ..domain.quarter import next_quarter, quarter_label, quarter_of

    if not state.finished:
        raise ValueError("Only a finished session can be carried forward; this one is still in progress.")
    if carried is None:
        carried = Carried(prior_key_results=tuple(kr.text for kr in state.key_results.values()))
    if not carried.prior_key_results:
        raise ValueError("This session has no key results to carry forward.")
    info = file.session
    agenda = file.agenda.name if file.agenda.name in agenda_names() else "quarterly"
    _, end = quarter_of(info)
    return NewSessionDraft(
        title=f"{info.title[:470]} (next quarter)", agenda=agenda, level=info.level.value,
        participants=[f"{p.name}:{p.role.value}:{p.team}" for p in file.participants
                      if ":" not in p.name and ":" not in p.team],
        carried=carried, carried_from=folder_name, quarter=quarter_label(*next_quarter(end)))
