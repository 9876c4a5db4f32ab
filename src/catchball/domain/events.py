"""The event types: one record per thing that happened, a discriminated union on `kind`.

Every event is flat (scalars and lists of scalars) so that it appends to the TOML log as
one `[[events]]` table. Records that other events point at are identified by the `seq`
of the event that created them (an objective's id is the seq of its `objective_drafted`).
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, TypeAdapter, field_validator

from .event_base import EventBase, Ref, Team, Via, utc_ms  # noqa: F401 (also read as ev.Ref...)
from .events_checkin import (  # a check-in's events, in the one union below
    IdeaParked,
    IdeaRaised,
    IdeaTested,
    KpiChecked,
    KrCheckedIn,
    KrNumber,  # noqa: F401
    OkrChanged,
    PriorityDropped,
    PrioritySet,
)
from .model import (  # noqa: F401 (the enums are also read as ev.Answer, ev.WinningElement...)
    Answer,
    ContributionType,
    Name,
    ReadinessQuestion,
    RetroField,
    Text,
    WinningElement,
)


# -- the session and its clock ---------------------------------------------------
class SessionStarted(EventBase):
    kind: Literal["session_started"] = "session_started"


class PhaseChanged(EventBase):
    kind: Literal["phase_changed"] = "phase_changed"
    phase: int = Field(ge=0, le=99)


class PhaseLeftEarly(EventBase):
    """The room leaves a phase well before its timebox is used (the retro), and says why."""

    kind: Literal["phase_left_early"] = "phase_left_early"
    phase: int = Field(ge=0, le=99)
    reason: Text


class SessionFinished(EventBase):
    kind: Literal["session_finished"] = "session_finished"


class TimerPaused(EventBase):
    kind: Literal["timer_paused"] = "timer_paused"


class TimerResumed(EventBase):
    kind: Literal["timer_resumed"] = "timer_resumed"


class TimerExtended(EventBase):
    kind: Literal["timer_extended"] = "timer_extended"
    minutes: float = Field(default=1.0, gt=0, le=120)


class Undone(EventBase):
    """Takes back the latest event that is still in effect (its seq is `target`)."""

    kind: Literal["undone"] = "undone"
    target: Ref


class Noted(EventBase):
    """Anything said in the room, typed into the capture line."""

    kind: Literal["noted"] = "noted"
    text: Text
    by: Name | None = None
    type: ContributionType = ContributionType.NOTE


class ParticipantAdmitted(EventBase):
    """Someone not in session.toml joins from their own device, let in by the facilitator."""

    kind: Literal["participant_admitted"] = "participant_admitted"
    name: Name
    team: Team = "Team"


class AnonymitySet(EventBase):
    """Participants' contributions in this phase are recorded without their names (or with them again)."""

    kind: Literal["anonymity_set"] = "anonymity_set"
    anonymous: bool = True


# -- 1 readiness -------------------------------------------------------------------
class ReadinessAnswered(EventBase):
    kind: Literal["readiness_answered"] = "readiness_answered"
    question: ReadinessQuestion
    answer: Answer
    note: Text | None = None


class ReadinessOverridden(EventBase):
    """The room goes on although strategy or leadership alignment is missing."""

    kind: Literal["readiness_overridden"] = "readiness_overridden"
    reason: Text


class ActionRecorded(EventBase):
    kind: Literal["action_recorded"] = "action_recorded"
    text: Text
    owner: Name | None = None
    question: ReadinessQuestion | None = None  # the one it follows up (absent in older logs)


# -- 2, 3 last quarter ---------------------------------------------------------------
class PriorKrAdded(EventBase):
    kind: Literal["prior_kr_added"] = "prior_kr_added"
    text: Text
    source: str | None = None
    # what the quarter's check-ins measured (absent when it was not checked in on)
    last_value: Annotated[str, Field(max_length=200)] | None = None
    proposed_grade: float | None = Field(default=None, ge=0.0, le=1.0)
    confidence: int | None = Field(default=None, ge=1, le=10)


class KrGraded(EventBase):
    kind: Literal["kr_graded"] = "kr_graded"
    kr: Ref
    grade: float = Field(ge=0.0, le=1.0)
    from_numbers: bool | None = None  # the room confirmed the grade the check-ins' numbers propose

    @field_validator("grade")
    @classmethod
    def _tenths(cls, value: float) -> float:
        if abs(value * 10 - round(value * 10)) > 1e-9:
            raise ValueError("a grade goes in steps of 0.1")
        return round(value, 1)


class RetroNoted(EventBase):
    kind: Literal["retro_noted"] = "retro_noted"
    kr: Ref | None = None
    field: RetroField
    text: Text


# -- 4, 5, 6 winning logic, draft, catchball -------------------------------------------
class WinningLogicAdded(EventBase):
    kind: Literal["winning_logic_added"] = "winning_logic_added"
    element: WinningElement
    text: Text
    carried: bool | None = None  # brought from the quarter before, to be revised


class WinningLogicRevised(EventBase):
    """An entry of the winning logic says something else now (a carried one, revised)."""

    kind: Literal["winning_logic_revised"] = "winning_logic_revised"
    item: Ref
    text: Text


class WinningLogicDropped(EventBase):
    """An entry of the winning logic no longer holds (a carried one the room lets go)."""

    kind: Literal["winning_logic_dropped"] = "winning_logic_dropped"
    item: Ref


class ObjectiveDrafted(EventBase):
    kind: Literal["objective_drafted"] = "objective_drafted"
    text: Text
    links: list[Ref] = Field(default_factory=list, max_length=50)


class ObjectiveLinked(EventBase):  # a drafted objective's link added, or (linked = false) taken off
    kind: Literal["objective_linked"] = "objective_linked"
    objective: Ref
    element: Ref
    linked: bool = True


class ObjectiveRevised(EventBase):
    kind: Literal["objective_revised"] = "objective_revised"
    objective: Ref
    text: Text


class RoundOpened(EventBase):
    kind: Literal["round_opened"] = "round_opened"
    # the objective the round discusses (absent in older logs, or until its first vote names it)
    objective: Ref | None = None


class VoteCast(EventBase):
    """A fist-of-five vote, entered by the facilitator; hidden until revealed."""

    kind: Literal["vote_cast"] = "vote_cast"
    participant: Name
    value: int = Field(ge=0, le=5)
    # the objective voted on: the round's (absent in older logs and from participants' devices)
    objective: Ref | None = None


class VotesRevealed(EventBase):
    kind: Literal["votes_revealed"] = "votes_revealed"


class RoundClosed(EventBase):
    kind: Literal["round_closed"] = "round_closed"


# -- 7 focus -----------------------------------------------------------------------
class DotsCast(EventBase):
    kind: Literal["dots_cast"] = "dots_cast"
    objective: Ref
    dots: int = Field(default=1, ge=-20, le=20)
    participant: Name | None = None


class FocusChosen(EventBase):
    kind: Literal["focus_chosen"] = "focus_chosen"
    objective: Ref


class ObjectiveParked(EventBase):
    kind: Literal["objective_parked"] = "objective_parked"
    objective: Ref
    reason: Text


# -- 8 key results -------------------------------------------------------------------
class KrAdded(EventBase):
    kind: Literal["kr_added"] = "kr_added"
    text: Text
    metric: Text | None = None
    baseline: Text | None = None
    target: Text | None = None
    owner: Team | None = None
    weekly: bool = True
    confidence: int = Field(default=5, ge=1, le=10)
    reason: Text | None = None  # why a 4th or 5th key result is allowed


class KrEdited(EventBase):
    kind: Literal["kr_edited"] = "kr_edited"
    kr: Ref
    text: Text | None = None
    metric: Text | None = None
    baseline: Text | None = None
    target: Text | None = None
    owner: Team | None = None
    weekly: bool | None = None
    confidence: int | None = Field(default=None, ge=1, le=10)


class KrRemoved(EventBase):
    kind: Literal["kr_removed"] = "kr_removed"
    kr: Ref


class ExceptionAccepted(EventBase):
    """A coach finding the room keeps on purpose, with its reason."""

    kind: Literal["exception_accepted"] = "exception_accepted"
    kr: Ref
    code: Annotated[str, Field(min_length=1, max_length=40)]
    reason: Text


# -- 9, 10 back-brief, commitments ------------------------------------------------------
class BackBriefGiven(EventBase):
    kind: Literal["backbrief_given"] = "backbrief_given"
    team: Team
    words: Text
    how: Text | None = None
    dependencies: Text | None = None
    worries: Text | None = None


class BackBriefMarked(EventBase):
    kind: Literal["backbrief_marked"] = "backbrief_marked"
    team: Team
    matches: bool


class CommitmentMade(EventBase):
    kind: Literal["commitment_made"] = "commitment_made"
    team: Team
    text: Text


class CadenceSet(EventBase):
    kind: Literal["cadence_set"] = "cadence_set"
    checkin: Text | None = None
    celebration: Text | None = None
    peer_teams: list[Team] = Field(default_factory=list, max_length=20)


class FeedbackRecorded(EventBase):
    """The coaching feedback at the end of a practice run."""

    kind: Literal["feedback_recorded"] = "feedback_recorded"
    text: Text
    repaired: list[Text] = Field(default_factory=list)
    remaining: list[Text] = Field(default_factory=list)


Event = Annotated[
    Union[
        SessionStarted, PhaseChanged, PhaseLeftEarly, SessionFinished, TimerPaused, TimerResumed,
        TimerExtended,
        Undone, Noted, ReadinessAnswered, ReadinessOverridden, ActionRecorded, PriorKrAdded,
        KrGraded, RetroNoted, WinningLogicAdded, WinningLogicRevised, WinningLogicDropped, ObjectiveDrafted,
        ObjectiveLinked, ObjectiveRevised, RoundOpened,
        VoteCast, VotesRevealed, RoundClosed, DotsCast, FocusChosen, ObjectiveParked, KrAdded,
        KrEdited, KrRemoved, ExceptionAccepted, BackBriefGiven, BackBriefMarked, CommitmentMade,
        CadenceSet, FeedbackRecorded, ParticipantAdmitted, AnonymitySet, KrCheckedIn, PrioritySet, PriorityDropped,
        KpiChecked, IdeaRaised, IdeaTested, IdeaParked, OkrChanged,
    ],
    Field(discriminator="kind"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENTS_ADAPTER: TypeAdapter[list[Event]] = TypeAdapter(list[Event])
EVENT_TYPES: dict[str, type[EventBase]] = {
    cls.model_fields["kind"].default: cls for cls in EventBase.__subclasses__()
}
# Events that ctrl+z cannot take back.
NOT_UNDOABLE = frozenset({"session_started", "undone"})


def event_to_record(event: Event) -> dict:
    """The event as a flat dict for the log: kind and at first, seq last.

    `seq` is written last on purpose: a write torn anywhere inside an event leaves it
    without its final seq digits, so a torn tail can never pass for a whole event.
    """
    data = event.model_dump(mode="python", exclude_none=True)
    seq = data.pop("seq")
    record = {"kind": data.pop("kind"), "at": data.pop("at")}
    record.update(data)
    record["seq"] = seq
    return record
