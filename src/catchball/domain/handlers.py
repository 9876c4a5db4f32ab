"""How each kind of event changes the state: one handler per event type, found through a table.

`apply_one` is the fold's single step (domain.state calls it); a new event type gets its
handler here with `@_on(ev.TheType)` (a weekly check-in's events in `handlers_checkin.py`, the
way `events_checkin.py` holds them). Handlers update the state in place.
"""

from __future__ import annotations

from datetime import datetime

from . import events as ev
from .agenda import PhaseKind
from .handler_table import HandlerTable, registrar
from .handlers_checkin import CHECKIN_HANDLERS
from .record import replace, to_dict
from .records import (
    AcceptedException,
    Action,
    BackBrief,
    Cadence,
    Commitment,
    EarlyExit,
    Feedback,
    KeyResult,
    Note,
    Objective,
    ObjectiveVersion,
    PriorKr,
    ReadinessAnswer,
    RetroNote,
    Round,
    WinningItem,
)
from .rounds import sole_candidate
from .state import State
from .timer import seconds_between


def _enter(state: State, index: int, at: datetime) -> None:
    if state.entered_at is not None:
        state.phase_seconds[state.phase] += seconds_between(state.entered_at, at)
    state.phase = index
    state.visited[index] = True
    state.entered_at = at
    _new_segment(state, at)
    if state.session.agenda.phases[index].kind is PhaseKind.CATCHBALL and not state.rounds:
        state.rounds.append(Round(number=1, opened_at=at))


def _new_segment(state: State, at: datetime) -> None:
    state.segment_start = at
    state.paused_at = None
    state.paused_seconds = 0.0
    state.extended_minutes = 0.0


def _replace_round(state: State, **changes) -> None:
    if state.rounds:
        state.rounds[-1] = replace(state.rounds[-1], **changes)


_HANDLERS: HandlerTable = {}
_on = registrar(_HANDLERS)


@_on(ev.SessionStarted)
def _session_started(state: State, e: ev.SessionStarted) -> None:
    state.started_at = e.at
    _enter(state, 0, e.at)


@_on(ev.PhaseChanged)
def _phase_changed(state: State, e: ev.PhaseChanged) -> None:
    if 0 <= e.phase < len(state.session.agenda.phases):
        _enter(state, e.phase, e.at)


@_on(ev.PhaseLeftEarly)
def _phase_left_early(state: State, e: ev.PhaseLeftEarly) -> None:
    state.early_exits.append(EarlyExit(e.seq, e.phase, e.reason))


@_on(ev.SessionFinished)
def _session_finished(state: State, e: ev.SessionFinished) -> None:
    if state.entered_at is not None:
        state.phase_seconds[state.phase] += seconds_between(state.entered_at, e.at)
    state.entered_at = None
    state.finished_at = e.at


@_on(ev.TimerPaused)
def _timer_paused(state: State, e: ev.TimerPaused) -> None:
    if state.paused_at is None:
        state.paused_at = e.at


@_on(ev.TimerResumed)
def _timer_resumed(state: State, e: ev.TimerResumed) -> None:
    if state.paused_at is not None:
        state.paused_seconds += seconds_between(state.paused_at, e.at)
        state.paused_at = None


@_on(ev.TimerExtended)
def _timer_extended(state: State, e: ev.TimerExtended) -> None:
    state.extended_minutes += e.minutes


_CATCHBALL = PhaseKind.CATCHBALL


@_on(ev.Noted)
def _noted(state: State, e: ev.Noted) -> None:  # most of a long log: no property, no enum lookup (half the cost)
    rounds, phase = state.rounds, state.phase
    rnd = rounds[-1].number if rounds and state.session.agenda.phases[phase].kind is _CATCHBALL else None
    state.notes.append(Note(e.seq, e.at, phase, e.text, e.by, e.type, rnd))


@_on(ev.ReadinessAnswered)
def _readiness_answered(state: State, e: ev.ReadinessAnswered) -> None:
    state.readiness[e.question] = ReadinessAnswer(e.question, e.answer, e.note)


@_on(ev.ReadinessOverridden)
def _readiness_overridden(state: State, e: ev.ReadinessOverridden) -> None:
    state.override = e.reason


@_on(ev.ActionRecorded)
def _action_recorded(state: State, e: ev.ActionRecorded) -> None:
    state.actions.append(Action(e.seq, e.text, e.owner))  # its question: domain.readiness


@_on(ev.CarriedActionDone)
def _carried_action_done(state: State, e: ev.CarriedActionDone) -> None:
    if e.done:
        state.carried_done.add(e.action)
    else:
        state.carried_done.discard(e.action)


@_on(ev.PriorKrAdded)
def _prior_kr_added(state: State, e: ev.PriorKrAdded) -> None:
    state.prior_krs[e.seq] = PriorKr(e.seq, e.text, e.source, e.last_value, e.proposed_grade, e.confidence)


@_on(ev.KrGraded)
def _kr_graded(state: State, e: ev.KrGraded) -> None:
    if e.kr in state.prior_krs:
        state.grades[e.kr] = e.grade
        if e.from_numbers:
            state.from_numbers.add(e.kr)
        else:
            state.from_numbers.discard(e.kr)


@_on(ev.RetroNoted)
def _retro_noted(state: State, e: ev.RetroNoted) -> None:
    state.retro.append(RetroNote(e.seq, e.kr, e.field, e.text))


@_on(ev.WinningLogicAdded)
def _winning_logic_added(state: State, e: ev.WinningLogicAdded) -> None:
    state.winning[e.seq] = WinningItem(e.seq, e.element, e.text, carried=bool(e.carried))


@_on(ev.WinningLogicRevised)
def _winning_logic_revised(state: State, e: ev.WinningLogicRevised) -> None:
    item = state.winning.get(e.item)
    if item is not None:
        state.winning[e.item] = replace(item, text=e.text, revised=True)


@_on(ev.WinningLogicDropped)
def _winning_logic_dropped(state: State, e: ev.WinningLogicDropped) -> None:
    state.winning.pop(e.item, None)


@_on(ev.ObjectiveDrafted)
def _objective_drafted(state: State, e: ev.ObjectiveDrafted) -> None:
    version = ObjectiveVersion(e.seq, e.at, e.text, 0)
    state.objectives[e.seq] = Objective(e.seq, tuple(e.links), (version,))


@_on(ev.ObjectiveLinked)
def _objective_linked(state: State, e: ev.ObjectiveLinked) -> None:
    obj = state.objectives.get(e.objective)
    if obj is not None:
        links = tuple(ref for ref in obj.links if ref != e.element)
        state.objectives[e.objective] = replace(obj, links=links + (e.element,) if e.linked else links)


@_on(ev.ObjectiveRevised)
def _objective_revised(state: State, e: ev.ObjectiveRevised) -> None:
    obj = state.objectives.get(e.objective)
    if obj is not None:
        rnd = state.current_round.number if state.rounds else 0
        version = ObjectiveVersion(e.seq, e.at, e.text, rnd)
        state.objectives[e.objective] = replace(obj, versions=obj.versions + (version,))


@_on(ev.RoundOpened)
def _round_opened(state: State, e: ev.RoundOpened) -> None:
    _replace_round(state, closed=True)
    state.rounds.append(Round(number=len(state.rounds) + 1, opened_at=e.at, objective=e.objective))
    _new_segment(state, e.at)


@_on(ev.VoteCast)
def _vote_cast(state: State, e: ev.VoteCast) -> None:
    if state.rounds:
        votes = dict(state.rounds[-1].votes)
        votes[e.participant] = e.value
        _replace_round(state, votes=tuple(votes.items()),
                       objective=state.rounds[-1].objective or e.objective or sole_candidate(state))
        # (an older log's vote names no objective: with one objective on the table, it is that one)


@_on(ev.VotesRevealed)
def _votes_revealed(state: State, e: ev.VotesRevealed) -> None:
    _replace_round(state, revealed=True)


@_on(ev.RoundClosed)
def _round_closed(state: State, e: ev.RoundClosed) -> None:
    _replace_round(state, closed=True, revealed=True)


@_on(ev.DotsCast)
def _dots_cast(state: State, e: ev.DotsCast) -> None:
    if e.objective in state.objectives:
        state.dots[e.objective] = max(0, state.dots.get(e.objective, 0) + e.dots)


@_on(ev.FocusChosen)
def _focus_chosen(state: State, e: ev.FocusChosen) -> None:
    if e.objective in state.objectives:
        state.focus = e.objective
        state.parked.pop(e.objective, None)


@_on(ev.ObjectiveParked)
def _objective_parked(state: State, e: ev.ObjectiveParked) -> None:
    if e.objective in state.objectives:
        state.parked[e.objective] = e.reason
        if state.focus == e.objective:
            state.focus = None


_AMOUNTS = ("baseline", "target")


def _amounts_from_text(kr: KeyResult) -> KeyResult:
    """A baseline or target nobody typed is read from the key result's words ("from 35% to 50%").

    A typed value (an empty one too: cleared on purpose) is never overwritten; a value read
    from the text follows the text when it is edited.
    """
    open_fields = [f for f in _AMOUNTS if f in kr.from_text or getattr(kr, f) is None]
    if not open_fields:
        return kr
    from .numbers import from_to  # its patterns compile when a key result is first read, not at startup

    found = from_to(kr.text)
    read = {"baseline": found.baseline.text, "target": found.target.text} if found else {}
    changes = {f: read.get(f) for f in open_fields}
    return replace(kr, **changes, from_text=tuple(f for f in open_fields if changes[f] is not None))


@_on(ev.KrAdded)
def _kr_added(state: State, e: ev.KrAdded) -> None:
    state.key_results[e.seq] = _amounts_from_text(KeyResult(
        e.seq, e.text, e.metric, e.baseline, e.target, e.owner, e.weekly, e.confidence, e.reason))


@_on(ev.KrEdited)
def _kr_edited(state: State, e: ev.KrEdited) -> None:
    kr = state.key_results.get(e.kr)
    if kr is not None:
        changes = to_dict(e, exclude_none=True, exclude={"at", "seq", "kr", "via"})
        typed = tuple(f for f in kr.from_text if f not in changes)
        state.key_results[e.kr] = _amounts_from_text(replace(kr, **changes, from_text=typed))


@_on(ev.KrRemoved)
def _kr_removed(state: State, e: ev.KrRemoved) -> None:
    state.key_results.pop(e.kr, None)


@_on(ev.ExceptionAccepted)
def _exception_accepted(state: State, e: ev.ExceptionAccepted) -> None:
    state.exceptions.append(AcceptedException(e.kr, e.code, e.reason))


@_on(ev.BackBriefGiven)
def _backbrief_given(state: State, e: ev.BackBriefGiven) -> None:
    old = state.backbriefs.get(e.team)
    state.backbriefs[e.team] = BackBrief(e.team, e.words, e.how, e.dependencies, e.worries,
                                         old.matches if old and old.words == e.words else None)


@_on(ev.BackBriefMarked)
def _backbrief_marked(state: State, e: ev.BackBriefMarked) -> None:
    old = state.backbriefs.get(e.team)
    if old is not None:
        state.backbriefs[e.team] = replace(old, matches=e.matches)


@_on(ev.CommitmentMade)
def _commitment_made(state: State, e: ev.CommitmentMade) -> None:
    state.commitments.append(Commitment(e.seq, e.team, e.text))


@_on(ev.CadenceSet)
def _cadence_set(state: State, e: ev.CadenceSet) -> None:
    state.cadence = Cadence(e.checkin, e.celebration, tuple(e.peer_teams))


@_on(ev.FeedbackRecorded)
def _feedback_recorded(state: State, e: ev.FeedbackRecorded) -> None:
    state.feedback = Feedback(e.text, tuple(e.repaired), tuple(e.remaining))


@_on(ev.ParticipantAdmitted)
def _participant_admitted(state: State, e: ev.ParticipantAdmitted) -> None:
    if e.name not in state.people():
        state.admitted.append(e.name)


@_on(ev.AnonymitySet)
def _anonymity_set(state: State, e: ev.AnonymitySet) -> None:
    if e.anonymous:
        state.anonymous.add(state.phase)
    else:
        state.anonymous.discard(state.phase)


# -- the weekly check-in: its handlers are in handlers_checkin.py --------------------------------
_HANDLERS.update(CHECKIN_HANDLERS)


def apply_one(state: State, e: ev.Event) -> None:
    handler = _HANDLERS.get(type(e))
    if handler is not None:
        handler(state, e)


def apply_all(state: State, events: list[ev.Event]) -> None:
    """`apply_one` for each event in turn (the table looked up here: one call less per event)."""
    handlers = _HANDLERS
    for e in events:
        handler = handlers.get(type(e))
        if handler is not None:
            handler(state, e)
