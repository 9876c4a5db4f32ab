"""The events of a weekly check-in (a session of kind "check-in"; see domain.quarter): this week's
values, the teams' priorities, the health metrics, "can't we just...?" and the considered changes.
`events` puts them in the one union of event types."""

# (no `from __future__ import annotations`: msgspec would compile and evaluate every field's
# annotation, as a string, the first time a log is read: about 3 ms before a resume's first frame)
import math
from typing import Annotated, Literal

from .event_base import EventBase, Ref, Team
from .record import Meta
from .model import Answer, Name, Text

KrNumber = Annotated[int, Meta(ge=1, le=99)]  # a key result of the quarter, by its number as shown


class KrCheckedIn(EventBase, tag="kr_checked_in", kw_only=True):
    """This week's value of one of the quarter's key results, with the room's confidence and why."""

    kr: KrNumber
    value: float
    confidence: Annotated[int, Meta(ge=1, le=10)]
    note: Text | None = None
    by: Name | None = None  # who sent it from their own device (absent when typed in the room)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not math.isfinite(self.value):
            raise ValueError("a value is a finite number")


class PrioritySet(EventBase, tag="priority_set", kw_only=True):
    """One of a team's two or three priorities this week, tied to the key result it moves."""

    team: Team
    text: Text
    kr: KrNumber | None = None


class PriorityDropped(EventBase, tag="priority_dropped", kw_only=True):
    priority: Ref


class KpiChecked(EventBase, tag="kpi_checked", kw_only=True):
    kpi: Text
    status: Literal["steady", "at_risk"]
    note: Text | None = None


class IdeaRaised(EventBase, tag="idea_raised", kw_only=True):
    """"Can't we just...?": a new idea, to be tested against the focus before it takes any time."""

    text: Text
    by: Name | None = None


class IdeaTested(EventBase, tag="idea_tested", kw_only=True):
    idea: Ref
    question: Literal["focus", "logic", "say_no"]
    answer: Answer


class IdeaParked(EventBase, tag="idea_parked", kw_only=True):
    idea: Ref
    reason: Text


class OkrChanged(EventBase, tag="okr_changed", kw_only=True):
    """A considered change of the quarter's OKR: a new version of the objective (kr absent) or of
    one key result, always with its reason; never a silent edit."""

    kr: KrNumber | None = None
    text: Text
    baseline: Annotated[str, Meta(max_length=200)] | None = None
    target: Annotated[str, Meta(max_length=200)] | None = None
    reason: Annotated[str, Meta(min_length=1, max_length=20_000)]
    idea: Ref | None = None
