"""The immutable records a weekly check-in folds into (see `events.KrCheckedIn` and after)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .model import Answer


@dataclass(frozen=True, slots=True)
class CheckinValue:
    kr: int  # the key result's number as shown, from 1
    value: float
    confidence: int
    note: str | None
    at: datetime
    by: str | None = None  # who sent it from their own device (None: typed in the room)


@dataclass(frozen=True, slots=True)
class Priority:
    seq: int
    team: str
    text: str
    kr: int | None


@dataclass(frozen=True, slots=True)
class KpiCheck:
    kpi: str
    status: str  # "steady" or "at_risk"
    note: str | None


@dataclass(frozen=True, slots=True)
class Idea:
    seq: int
    text: str
    by: str | None
    tests: tuple[tuple[str, Answer], ...] = ()  # (question, answer), the latest answer per question
    parked: str | None = None  # the reason, once parked
    changed: bool = False  # taken as a considered change of the OKR

    def answer(self, question: str) -> Answer | None:
        return dict(self.tests).get(question)


@dataclass(frozen=True, slots=True)
class OkrChange:
    seq: int
    kr: int | None  # None: the objective
    text: str
    baseline: str | None
    target: str | None
    reason: str
    idea: int | None
