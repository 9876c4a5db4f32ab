"""What a session is: its metadata, its people, and the records the phases produce.

`session.toml` holds a `SessionFile`; everything that happens afterwards is an event
(`events.py`), folded into a `State` (`state.py`) built from the records below.
"""

# (no `from __future__ import annotations`: msgspec would compile and evaluate the session
# file's annotations, as strings, the first time a session is opened; tests/test_first_frame.py)
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

import msgspec

from .agenda import Agenda
from .record import Meta, Record

SCHEMA_VERSION = 1

Text = Annotated[str, Meta(max_length=20_000)]
Name = Annotated[str, Meta(min_length=1, max_length=200)]
AwareDatetime = Annotated[datetime, Meta(tz=True)]  # an offset date-time (a naive one is refused)


class Level(StrEnum):
    SQUAD = "squad"
    PRODUCT = "product"
    SENIOR = "senior"


class Mode(StrEnum):
    ROOM = "room"
    PRACTICE = "practice"


class SessionKind(StrEnum):
    PLANNING = "planning"
    CHECKIN = "check-in"


class Role(StrEnum):
    LEADER = "leader"
    MEMBER = "member"


class Participant(Record, kw_only=True):

    name: Name
    role: Role = Role.MEMBER
    team: Name = "Team"

    FORMAT: ClassVar[str] = "Name:role:team"
    EXAMPLE: ClassVar[str] = "Ana:leader:Core"

    @classmethod
    def parse(cls, spec: str) -> "Participant":
        """Parse `Name:role:team`; all three are needed (role: leader or member). ValueError says what is missing."""
        parts = [p.strip() for p in spec.split(":")]
        shown = " ".join(spec.split())[:60] or "an empty line"
        if not parts[0]:
            raise ValueError(f"\u201c{shown}\u201d has no name: write {cls.FORMAT}, e.g. {cls.EXAMPLE}")
        if len(parts) > 3:
            raise ValueError(f"\u201c{shown}\u201d has more than three parts: write {cls.FORMAT}, "
                             f"e.g. {cls.EXAMPLE} (no ':' inside a name or team)")
        if len(parts) < 3 or not parts[1] or not parts[2]:
            missing = " and ".join(w for w, v in (("a role", len(parts) > 1 and parts[1]),
                                                   ("a team", len(parts) > 2 and parts[2])) if not v)
            raise ValueError(f"\u201c{shown}\u201d needs {missing}: write {cls.FORMAT}, e.g. {cls.EXAMPLE} "
                             "(role is leader or member)")
        role = parts[1].lower()
        if role not in ("leader", "member"):
            raise ValueError(f"\u201c{parts[1][:40]}\u201d is not a role: write leader or member, as in {cls.EXAMPLE}")
        for value, what in ((parts[0], "name"), (parts[2], "team")):
            if len(value) > 200:
                raise ValueError(f"A participant's {what} is at most 200 characters, not {len(value)}")
        return cls(name=parts[0], role=Role(role), team=parts[2])


class SessionInfo(Record, kw_only=True):

    schema: Annotated[int, Meta(ge=1)]
    id: Annotated[str, Meta(min_length=1, max_length=120)]
    title: Annotated[str, Meta(min_length=1, max_length=500)]
    created: AwareDatetime
    level: Level = Level.SQUAD
    mode: Mode = Mode.ROOM
    scenario: str | None = None
    carried_from: str | None = None
    # the quarter's rhythm (domain.quarter): a planning session plans a quarter; a weekly check-in
    # names its planning session (its folder) and the date it speaks for
    kind: SessionKind = SessionKind.PLANNING
    quarter_start: date | None = None
    quarter_end: date | None = None
    planning: str | None = None
    checkin_date: date | None = None


class CarriedKr(Record, kw_only=True):
    """A key result carried into grading with what the quarter's check-ins measured."""


    text: Text
    last_value: Annotated[str, Meta(max_length=200)] | None = None
    proposed_grade: Annotated[float, Meta(ge=0.0, le=1.0)] | None = None
    confidence: Annotated[int, Meta(ge=1, le=10)] | None = None


class CarriedWinning(Record, kw_only=True):

    element: Literal["serve", "offer", "win", "say_no", "belief", "kpi"]  # a WinningElement
    text: Text


class CarriedItem(Record, kw_only=True):
    """Something the quarter before left for this one: a parked objective or idea with its reason, a
    follow-up action with its owner, or a lesson of the retrospective (with the key result it is about)."""


    text: Text
    reason: Text | None = None  # why it was parked
    owner: Annotated[str, Meta(max_length=200)] | None = None  # who owns the action
    about: Text | None = None  # the key result a lesson is about


class Carried(Record, kw_only=True):
    """What a session brings from the one before it (its key results, to be graded, and what
    is worth keeping: the winning logic to revise, the parking lot, lessons, open actions)."""


    prior_key_results: tuple[Text, ...] = ()
    measured: tuple[CarriedKr, ...] = ()
    winning_logic: tuple[CarriedWinning, ...] = ()
    parking_lot: tuple[CarriedItem, ...] = ()
    lessons: tuple[CarriedItem, ...] = ()
    actions: tuple[CarriedItem, ...] = ()


class QuarterKr(Record, kw_only=True):
    """One of the quarter's key results as a check-in starts from it (numbered from 1)."""


    number: Annotated[int, Meta(ge=1, le=99)]
    text: Text
    baseline: Annotated[str, Meta(max_length=200)] | None = None
    target: Annotated[str, Meta(max_length=200)] | None = None
    owner: Name | None = None
    confidence: Annotated[int, Meta(ge=1, le=10)] = 5


class QuarterOkr(Record, kw_only=True):
    """A check-in's copy of its quarter's OKR and winning logic, so its record stands alone."""


    objective: Text | None = None
    key_results: tuple[QuarterKr, ...] = ()
    kpis: tuple[Text, ...] = ()
    say_no: tuple[Text, ...] = ()
    winning_logic: tuple[Text, ...] = ()


class SessionFile(Record, kw_only=True):
    """The contents of `session.toml`: written once, atomically."""


    session: SessionInfo
    agenda: Agenda
    participants: tuple[Participant, ...] = ()
    carried: Carried = msgspec.field(default_factory=Carried)
    quarter: QuarterOkr | None = None  # check-ins only

    @property
    def teams(self) -> list[str]:
        seen: dict[str, None] = {}
        for p in self.participants:
            seen.setdefault(p.team, None)
        return list(seen)

    @property
    def leader(self) -> Participant | None:
        return next((p for p in self.participants if p.role is Role.LEADER), None)


class ContributionType(StrEnum):
    NOTE = "note"
    CHALLENGE = "challenge"
    QUESTION = "question"
    TWEAK = "tweak"
    SUPPORT = "support"
    RISK = "risk"


class Answer(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class ReadinessQuestion(StrEnum):
    # the values are stored in logs: keep every old one valid, add new ones at the end
    STRATEGY = "strategy"
    ALIGNED = "aligned"
    EMPOWERED = "empowered"
    SAFETY = "safety"
    OVERLOAD = "overload"
    TRUST = "trust"
    TIME = "time"


READINESS_TEXT: dict[ReadinessQuestion, str] = {
    ReadinessQuestion.STRATEGY: "Could everyone here state the same hypothesis of how we win, with nobody contesting it?",
    ReadinessQuestion.ALIGNED: "Have the leaders made that choice together, including what we will not do?",
    ReadinessQuestion.EMPOWERED: "Do teams decide how they reach a goal, without approval for every step?",
    ReadinessQuestion.SAFETY: "Can someone say \u201cthis is not working\u201d here without paying for it?",
    ReadinessQuestion.OVERLOAD: "Is work in progress limited, so the teams have room for something new?",
    ReadinessQuestion.TRUST: "Do leaders trust these people to do the work, and do the teams trust their leaders?",
    ReadinessQuestion.TIME: "Will the leaders give this time every week, not only on planning day?",
}
READINESS_SHORT: dict[ReadinessQuestion, str] = {
    ReadinessQuestion.STRATEGY: "shared strategy",
    ReadinessQuestion.ALIGNED: "leaders aligned",
    ReadinessQuestion.EMPOWERED: "teams empowered",
    ReadinessQuestion.SAFETY: "safe to fail",
    ReadinessQuestion.OVERLOAD: "overload / WIP",
    ReadinessQuestion.TRUST: "trust",
    ReadinessQuestion.TIME: "leaders' time",
}
# A "no" or "partly" here means OKRs will only expose the gap: fix it first (or go on and say why).
GATE_QUESTIONS = (ReadinessQuestion.STRATEGY, ReadinessQuestion.ALIGNED, ReadinessQuestion.EMPOWERED,
                  ReadinessQuestion.SAFETY)
# A "no" or "partly" here lets the room go on, with a follow-up action owned by a named person.
ACTION_QUESTIONS = (ReadinessQuestion.OVERLOAD, ReadinessQuestion.TRUST, ReadinessQuestion.TIME)


class WinningElement(StrEnum):
    SERVE = "serve"
    OFFER = "offer"
    WIN = "win"
    SAY_NO = "say_no"
    BELIEF = "belief"
    KPI = "kpi"


WINNING_TEXT: dict[WinningElement, str] = {
    WinningElement.SERVE: "Who we serve",
    WinningElement.OFFER: "What we offer",
    WinningElement.WIN: "Why we win",
    WinningElement.SAY_NO: "What we say no to",
    WinningElement.BELIEF: "What we believe",
    WinningElement.KPI: "Health metric (KPI)",
}


RetroField = Literal["why", "obstacles", "learned"]
