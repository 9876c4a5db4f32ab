"""How a weekly check-in's events change the state (the events are in `events_checkin.py`): one
handler per event type, in a table that `handlers.py` folds in with the planning session's."""

from __future__ import annotations

from . import events as ev
from .handler_table import HandlerTable, registrar
from .quarter_records import CheckinValue, Idea, KpiCheck, OkrChange, Priority
from .record import replace
from .state import State

CHECKIN_HANDLERS: HandlerTable = {}
_on = registrar(CHECKIN_HANDLERS)


@_on(ev.KrCheckedIn)
def _kr_checked_in(state: State, e: ev.KrCheckedIn) -> None:
    state.checkin_values[e.kr] = CheckinValue(e.kr, e.value, e.confidence, e.note, e.at, e.by)


@_on(ev.PrioritySet)
def _priority_set(state: State, e: ev.PrioritySet) -> None:
    state.priorities[e.seq] = Priority(e.seq, e.team, e.text, e.kr)


@_on(ev.PriorityDropped)
def _priority_dropped(state: State, e: ev.PriorityDropped) -> None:
    state.priorities.pop(e.priority, None)


@_on(ev.KpiChecked)
def _kpi_checked(state: State, e: ev.KpiChecked) -> None:
    state.kpi_checks[e.kpi] = KpiCheck(e.kpi, e.status, e.note)


@_on(ev.IdeaRaised)
def _idea_raised(state: State, e: ev.IdeaRaised) -> None:
    state.ideas[e.seq] = Idea(e.seq, e.text, e.by)


@_on(ev.IdeaTested)
def _idea_tested(state: State, e: ev.IdeaTested) -> None:
    idea = state.ideas.get(e.idea)
    if idea is not None:
        tests = dict(idea.tests)
        tests[e.question] = e.answer
        state.ideas[e.idea] = replace(idea, tests=tuple(tests.items()))


@_on(ev.IdeaParked)
def _idea_parked(state: State, e: ev.IdeaParked) -> None:
    idea = state.ideas.get(e.idea)
    if idea is not None:
        state.ideas[e.idea] = replace(idea, parked=e.reason, changed=False)


@_on(ev.OkrChanged)
def _okr_changed(state: State, e: ev.OkrChanged) -> None:
    state.okr_changes.append(OkrChange(e.seq, e.kr, e.text, e.baseline, e.target, e.reason, e.idea))
    idea = state.ideas.get(e.idea) if e.idea is not None else None
    if idea is not None:
        state.ideas[e.idea] = replace(idea, changed=True, parked=None)
