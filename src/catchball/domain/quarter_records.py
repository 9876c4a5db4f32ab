"""The immutable records a weekly check-in folds into (see `events.KrCheckedIn` and after): frozen
msgspec Structs, as in `records`."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from .model import Answer


class CheckinValue(Struct, frozen=True):
    kr: int  # the key result's number as shown, from 1
    value: float
    confidence: int
    note: str | None
    at: datetime
    by: str | None = None  # who sent it from their own device (None: typed in the room)


class Priority(Struct, frozen=True):
    seq: int
    team: str
    text: str
    kr: int | None


class KpiCheck(Struct, frozen=True):
    kpi: str
    status: str  # "steady" or "at_risk"
    note: str | None


class Idea(Struct, frozen=True):
    seq: int
    text: str
    by: str | None
    tests: tuple[tuple[str, Answer], ...] = ()  # (question, answer), the latest answer per question
    parked: str | None = None  # the reason, once parked
    changed: bool = False  # taken as a considered change of the OKR

    def answer(self, question: str) -> Answer | None:
        return dict(self.tests).get(question)


class OkrChange(Struct, frozen=True):
    seq: int
    kr: int | None  # None: the objective
    text: str
    baseline: str | None
    target: str | None
    reason: str
    idea: int | None
