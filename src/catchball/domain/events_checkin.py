"""The events of a weekly check-in (a session of kind "check-in"; see domain.quarter): this week's
values, the teams' priorities, the health metrics, "can't we just...?" and the considered changes.
`events` puts them in the one union of event types."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .event_base import EventBase, Ref, Team
from .model import Answer, Name, Text

KrNumber = Annotated[int, Field(ge=1, le=99)]  # a key result of the quarter, by its number as shown


class KrCheckedIn(EventBase):
    """This week's value of one of the quarter's key results, with the room's confidence and why."""

    kind: Literal["kr_checked_in"] = "kr_checked_in"
    kr: KrNumber
    value: float = Field(allow_inf_nan=False)
    confidence: int = Field(ge=1, le=10)
    note: Text | None = None
    by: Name | None = None  # who sent it from their own device (absent when typed in the room)


class PrioritySet(EventBase):
    """One of a team's two or three priorities this week, tied to the key result it moves."""

    kind: Literal["priority_set"] = "priority_set"
    team: Team
    text: Text
    kr: KrNumber | None = None


class PriorityDropped(EventBase):
    kind: Literal["priority_dropped"] = "priority_dropped"
    priority: Ref


class KpiChecked(EventBase):
    kind: Literal["kpi_checked"] = "kpi_checked"
    kpi: Text
    status: Literal["steady", "at_risk"]
    note: Text | None = None


class IdeaRaised(EventBase):
    """"Can't we just...?": a new idea, to be tested against the focus before it takes any time."""

    kind: Literal["idea_raised"] = "idea_raised"
    text: Text
    by: Name | None = None


class IdeaTested(EventBase):
    kind: Literal["idea_tested"] = "idea_tested"
    idea: Ref
    question: Literal["focus", "logic", "say_no"]
    answer: Answer


class IdeaParked(EventBase):
    kind: Literal["idea_parked"] = "idea_parked"
    idea: Ref
    reason: Text


class OkrChanged(EventBase):
    """A considered change of the quarter's OKR: a new version of the objective (kr absent) or of
    one key result, always with its reason; never a silent edit."""

    kind: Literal["okr_changed"] = "okr_changed"
    kr: KrNumber | None = None
    text: Text
    baseline: Annotated[str, Field(max_length=200)] | None = None
    target: Annotated[str, Field(max_length=200)] | None = None
    reason: Annotated[str, Field(min_length=1, max_length=20_000)]
    idea: Ref | None = None
