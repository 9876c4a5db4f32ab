"""The immutable records a folded `State` is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from msgspec import Struct

from .model import Answer, ContributionType, ReadinessQuestion, WinningElement


class Note(Struct, frozen=True):  # a msgspec Struct: made once per note, ten times faster than a dataclass
    seq: int
    at: datetime
    phase: int
    text: str
    by: str | None
    type: ContributionType
    round: int | None = None


@dataclass(frozen=True, slots=True)
class ReadinessAnswer:
    question: ReadinessQuestion
    answer: Answer
    note: str | None


@dataclass(frozen=True, slots=True)
class Action:
    seq: int
    text: str
    owner: str | None


@dataclass(frozen=True, slots=True)
class EarlyExit:
    seq: int
    phase: int
    reason: str


@dataclass(frozen=True, slots=True)
class PriorKr:
    id: int
    text: str
    source: str | None
    last_value: str | None = None  # what the quarter's check-ins measured last
    proposed_grade: float | None = None
    confidence: int | None = None


@dataclass(frozen=True, slots=True)
class RetroNote:
    seq: int
    kr: int | None
    field: str
    text: str


@dataclass(frozen=True, slots=True)
class WinningItem:
    id: int
    element: WinningElement
    text: str
    carried: bool = False  # brought from the quarter before
    revised: bool = False  # and since revised by the room


@dataclass(frozen=True, slots=True)
class ObjectiveVersion:
    seq: int
    at: datetime
    text: str
    round: int  # 0 for the leader's draft, n for a revision during round n


@dataclass(frozen=True, slots=True)
class Objective:
    id: int
    links: tuple[int, ...]
    versions: tuple[ObjectiveVersion, ...]

    @property
    def text(self) -> str:
        return self.versions[-1].text


@dataclass(frozen=True, slots=True)
class Round:
    number: int
    opened_at: datetime
    votes: tuple[tuple[str, int], ...] = ()
    revealed: bool = False
    closed: bool = False
    objective: int | None = None  # the objective the round discusses (None: not named yet)

    def vote_map(self) -> dict[str, int]:
        return dict(self.votes)

    def validated(self, threshold: int) -> bool:
        values = list(self.vote_map().values())
        return bool(values) and min(values) >= threshold


@dataclass(frozen=True, slots=True)
class KeyResult:
    id: int
    text: str
    metric: str | None = None
    baseline: str | None = None
    target: str | None = None
    owner: str | None = None
    weekly: bool = True
    confidence: int = 5
    reason: str | None = None
    # which of baseline/target nobody typed and were read from the text ("from 35% to 50%")
    from_text: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AcceptedException:
    kr: int
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class BackBrief:
    team: str
    words: str
    how: str | None = None
    dependencies: str | None = None
    worries: str | None = None
    matches: bool | None = None


@dataclass(frozen=True, slots=True)
class Commitment:
    seq: int
    team: str
    text: str


@dataclass(frozen=True, slots=True)
class Cadence:
    checkin: str | None = None
    celebration: str | None = None
    peer_teams: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Feedback:
    text: str
    repaired: tuple[str, ...]
    remaining: tuple[str, ...]
