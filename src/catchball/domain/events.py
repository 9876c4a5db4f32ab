"""The event types: one record per thing that happened, a discriminated union on `kind`.

Every event is flat (scalars and lists of scalars) so that it appends to the TOML log as
one `[[events]]` table. Records that other events point at are identified by the `seq`
of the event that created them (an objective's id is the seq of its `objective_drafted`).
"""

# (no `from __future__ import annotations`: msgspec would compile and evaluate every field's
# annotation, as a string, the first time a log is read: about 3 ms before a resume's first frame)
import math
from typing import Annotated, Union

from msgspec.structs import force_setattr

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
from .record import Meta, decode, to_dict
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
class SessionStarted(EventBase, tag="session_started", kw_only=True):
    pass


class PhaseChanged(EventBase, tag="phase_changed", kw_only=True):
    phase: Annotated[int, Meta(ge=0, le=99)]


class PhaseLeftEarly(EventBase, tag="phase_left_early", kw_only=True):
    """The room leaves a phase well before its timebox is used (the retro), and says why."""

    phase: Annotated[int, Meta(ge=0, le=99)]
    reason: Text


class SessionFinished(EventBase, tag="session_finished", kw_only=True):
    pass


class TimerPaused(EventBase, tag="timer_paused", kw_only=True):
    pass


class TimerResumed(EventBase, tag="timer_resumed", kw_only=True):
    pass


class TimerExtended(EventBase, tag="timer_extended", kw_only=True):
    minutes: Annotated[float, Meta(gt=0, le=120)] = 1.0


class Undone(EventBase, tag="undone", kw_only=True):
    """Takes back the latest event that is still in effect (its seq is `target`)."""

    target: Ref


class Noted(EventBase, tag="noted", kw_only=True, gc=False):
    """Anything said in the room, typed into the capture line.

    Most of a long log. `gc=False`: the collector does not track it (its enum would make msgspec
    track it), so the pass that follows a load has a tenth of the objects to walk; it holds only
    scalars, so it can be in no reference cycle.
    """

    text: Text
    by: Name | None = None
    type: ContributionType = ContributionType.NOTE


class ParticipantAdmitted(EventBase, tag="participant_admitted", kw_only=True):
    """Someone not in session.toml joins from their own device, let in by the facilitator."""

    name: Name
    team: Team = "Team"


class AnonymitySet(EventBase, tag="anonymity_set", kw_only=True):
    """Participants' contributions in this phase are recorded without their names (or with them again)."""

    anonymous: bool = True


# -- 1 readiness -------------------------------------------------------------------
class ReadinessAnswered(EventBase, tag="readiness_answered", kw_only=True):
    question: ReadinessQuestion
    answer: Answer
    note: Text | None = None


class ReadinessOverridden(EventBase, tag="readiness_overridden", kw_only=True):
    """The room goes on although strategy or leadership alignment is missing."""

    reason: Text


class ActionRecorded(EventBase, tag="action_recorded", kw_only=True):
    text: Text
    owner: Name | None = None
    question: ReadinessQuestion | None = None  # the one it follows up (absent in older logs)


class CarriedActionDone(EventBase, tag="carried_action_done", kw_only=True):
    """An action the quarter before carried into readiness (`session.carried.actions[action]`) is
    done, or (`done` false) open again; `text` is the action as it was carried, for the record."""

    action: Annotated[int, Meta(ge=0, le=999)]
    text: Text
    done: bool = True


# -- 2, 3 last quarter ---------------------------------------------------------------
class PriorKrAdded(EventBase, tag="prior_kr_added", kw_only=True):
    text: Text
    source: str | None = None
    # what the quarter's check-ins measured (absent when it was not checked in on)
    last_value: Annotated[str, Meta(max_length=200)] | None = None
    proposed_grade: Annotated[float, Meta(ge=0.0, le=1.0)] | None = None
    confidence: Annotated[int, Meta(ge=1, le=10)] | None = None


class KrGraded(EventBase, tag="kr_graded", kw_only=True):
    kr: Ref
    grade: Annotated[float, Meta(ge=0.0, le=1.0)]
    from_numbers: bool | None = None  # the room confirmed the grade the check-ins' numbers propose

    def __post_init__(self) -> None:
        super().__post_init__()
        if not math.isfinite(self.grade) or abs(self.grade * 10 - round(self.grade * 10)) > 1e-9:
            raise ValueError("a grade goes in steps of 0.1")
        force_setattr(self, "grade", round(self.grade, 1))


class RetroNoted(EventBase, tag="retro_noted", kw_only=True):
    kr: Ref | None = None
    field: RetroField
    text: Text


# -- 4, 5, 6 winning logic, draft, catchball -------------------------------------------
class WinningLogicAdded(EventBase, tag="winning_logic_added", kw_only=True):
    element: WinningElement
    text: Text
    carried: bool | None = None  # brought from the quarter before, to be revised


class WinningLogicRevised(EventBase, tag="winning_logic_revised", kw_only=True):
    """An entry of the winning logic says something else now (a carried one, revised)."""

    item: Ref
    text: Text


class WinningLogicDropped(EventBase, tag="winning_logic_dropped", kw_only=True):
    """An entry of the winning logic no longer holds (a carried one the room lets go)."""

    item: Ref


class ObjectiveDrafted(EventBase, tag="objective_drafted", kw_only=True):
    text: Text
    links: Annotated[list[Ref], Meta(max_length=50)] = []


class ObjectiveLinked(EventBase, tag="objective_linked", kw_only=True):  # a drafted objective's link added, or (linked = false) taken off
    objective: Ref
    element: Ref
    linked: bool = True


class ObjectiveRevised(EventBase, tag="objective_revised", kw_only=True):
    objective: Ref
    text: Text


class RoundOpened(EventBase, tag="round_opened", kw_only=True):
    # the objective the round discusses (absent in older logs, or until its first vote names it)
    objective: Ref | None = None


class VoteCast(EventBase, tag="vote_cast", kw_only=True):
    """A fist-of-five vote, entered by the facilitator; hidden until revealed."""

    participant: Name
    value: Annotated[int, Meta(ge=0, le=5)]
    # the objective voted on: the round's (absent in older logs and from participants' devices)
    objective: Ref | None = None


class VotesRevealed(EventBase, tag="votes_revealed", kw_only=True):
    pass


class RoundClosed(EventBase, tag="round_closed", kw_only=True):
    pass


# -- 7 focus -----------------------------------------------------------------------
class DotsCast(EventBase, tag="dots_cast", kw_only=True):
    objective: Ref
    dots: Annotated[int, Meta(ge=-20, le=20)] = 1
    participant: Name | None = None


class FocusChosen(EventBase, tag="focus_chosen", kw_only=True):
    objective: Ref


class ObjectiveParked(EventBase, tag="objective_parked", kw_only=True):
    objective: Ref
    reason: Text


# -- 8 key results -------------------------------------------------------------------
class KrAdded(EventBase, tag="kr_added", kw_only=True):
    text: Text
    metric: Text | None = None
    baseline: Text | None = None
    target: Text | None = None
    owner: Team | None = None
    weekly: bool = True
    confidence: Annotated[int, Meta(ge=1, le=10)] = 5
    reason: Text | None = None  # why a 4th or 5th key result is allowed


class KrEdited(EventBase, tag="kr_edited", kw_only=True):
    kr: Ref
    text: Text | None = None
    metric: Text | None = None
    baseline: Text | None = None
    target: Text | None = None
    owner: Team | None = None
    weekly: bool | None = None
    confidence: Annotated[int, Meta(ge=1, le=10)] | None = None


class KrRemoved(EventBase, tag="kr_removed", kw_only=True):
    kr: Ref


class ExceptionAccepted(EventBase, tag="exception_accepted", kw_only=True):
    """A coach finding the room keeps on purpose, with its reason."""

    kr: Ref
    code: Annotated[str, Meta(min_length=1, max_length=40)]
    reason: Text


# -- 9, 10 back-brief, commitments ------------------------------------------------------
class BackBriefGiven(EventBase, tag="backbrief_given", kw_only=True):
    team: Team
    words: Text
    how: Text | None = None
    dependencies: Text | None = None
    worries: Text | None = None


class BackBriefMarked(EventBase, tag="backbrief_marked", kw_only=True):
    team: Team
    matches: bool


class CommitmentMade(EventBase, tag="commitment_made", kw_only=True):
    team: Team
    text: Text


class CadenceSet(EventBase, tag="cadence_set", kw_only=True):
    checkin: Text | None = None
    celebration: Text | None = None
    peer_teams: Annotated[list[Team], Meta(max_length=20)] = []


class FeedbackRecorded(EventBase, tag="feedback_recorded", kw_only=True):
    """The coaching feedback at the end of a practice run."""

    text: Text
    repaired: list[Text] = []
    remaining: list[Text] = []


Event = Union[
        SessionStarted, PhaseChanged, PhaseLeftEarly, SessionFinished, TimerPaused, TimerResumed,
        TimerExtended,
        Undone, Noted, ReadinessAnswered, ReadinessOverridden, ActionRecorded, CarriedActionDone, PriorKrAdded,
        KrGraded, RetroNoted, WinningLogicAdded, WinningLogicRevised, WinningLogicDropped, ObjectiveDrafted,
        ObjectiveLinked, ObjectiveRevised, RoundOpened,
        VoteCast, VotesRevealed, RoundClosed, DotsCast, FocusChosen, ObjectiveParked, KrAdded,
        KrEdited, KrRemoved, ExceptionAccepted, BackBriefGiven, BackBriefMarked, CommitmentMade,
        CadenceSet, FeedbackRecorded, ParticipantAdmitted, AnonymitySet, KrCheckedIn, PrioritySet, PriorityDropped,
        KpiChecked, IdeaRaised, IdeaTested, IdeaParked, OkrChanged,
]
EVENT_TYPES: dict[str, type[EventBase]] = {cls.__struct_config__.tag: cls for cls in EventBase.__subclasses__()}
for _kind, _cls in EVENT_TYPES.items():
    _cls.kind = _kind


def decode_event(record: object) -> Event:
    """One event as the log holds it (a dict with its `kind`); ValidationError says what is wrong."""
    return decode(record, Event)


def decode_events(records: object) -> list[Event]:
    """A log's events in one pass; ValidationError names the first one that is wrong (`[i].field`)."""
    return decode(records, list[Event])
# Events that ctrl+z cannot take back.
NOT_UNDOABLE = frozenset({"session_started", "undone"})


def event_to_record(event: Event) -> dict:
    """The event as a flat dict for the log: kind and at first, seq last.

    `seq` is written last on purpose: a write torn anywhere inside an event leaves it
    without its final seq digits, so a torn tail can never pass for a whole event.
    """
    data = to_dict(event, exclude_none=True)
    seq = data.pop("seq")
    record = {"kind": event.kind, "at": data.pop("at")}
    record.update(data)
    record["seq"] = seq
    return record
