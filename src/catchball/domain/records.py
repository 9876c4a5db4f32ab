"""The immutable records a folded `State` is made of.

msgspec Structs (frozen: equal by their fields, hashable, no ordering), like the events: one is
made about ten times faster than a dataclass, and a class costs no code generation at import.
A changed copy is `record.replace`.
"""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from .model import Answer, ContributionType, ReadinessQuestion, WinningElement


class Note(Struct, frozen=True, gc=False):  # untracked by the collector, as `events.Noted` (only scalars)
    seq: int
    at: datetime
    phase: int
    text: str
    by: str | None
    type: ContributionType
    round: int | None = None


class ReadinessAnswer(Struct, frozen=True):
    question: ReadinessQuestion
    answer: Answer
    note: str | None


class Action(Struct, frozen=True):
    seq: int
    text: str
    owner: str | None


class EarlyExit(Struct, frozen=True):
    seq: int
    phase: int
    reason: str


class PriorKr(Struct, frozen=True):
    id: int
    text: str
    source: str | None
    last_value: str | None = None  # what the quarter's check-ins measured last
    proposed_grade: float | None = None
    confidence: int | None = None


class RetroNote(Struct, frozen=True):
    seq: int
    kr: int | None
    field: str
    text: str


class WinningItem(Struct, frozen=True):
    id: int
    element: WinningElement
    text: str
    carried: bool = False  # brought from the quarter before
    revised: bool = False  # and since revised by the room


class ObjectiveVersion(Struct, frozen=True):
    seq: int
    at: datetime
    text: str
    round: int  # 0 for the leader's draft, n for a revision during round n


class Objective(Struct, frozen=True):
    id: int
    links: tuple[int, ...]
    versions: tuple[ObjectiveVersion, ...]

    @property
    def text(self) -> str:
        return self.versions[-1].text


class Round(Struct, frozen=True):
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


class KeyResult(Struct, frozen=True):
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


class AcceptedException(Struct, frozen=True):
    kr: int
    code: str
    reason: str


class BackBrief(Struct, frozen=True):
    team: str
    words: str
    how: str | None = None
    dependencies: str | None = None
    worries: str | None = None
    matches: bool | None = None


class Commitment(Struct, frozen=True):
    seq: int
    team: str
    text: str


class Cadence(Struct, frozen=True):
    checkin: str | None = None
    celebration: str | None = None
    peer_teams: tuple[str, ...] = ()


class Feedback(Struct, frozen=True):
    text: str
    repaired: tuple[str, ...]
    remaining: tuple[str, ...]
