"""The fold: `apply(state, event)` and `replay(session, events)`.

`apply` updates the state in place and returns it, so that folding a long log costs one
small step per event. Undo is exact: the state keeps the events still in effect, and
taking one back refolds them without it, so a live session and a replay of its log can
never disagree. Each event's own effect is its handler's (domain.handlers).
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter

from . import events as ev
from .bulk import gc_paused
from .handlers import apply_all, apply_one
from .model import SessionFile
from .state import State


def apply(state: State, event: ev.Event) -> State:
    """Fold one event into the state (in place) and return the state."""
    if event.kind == "undone":
        target = undo_index(state.history, event.target)
        if target is not None:
            kept = state.history[:target] + state.history[target + 1:]
            fresh = replay(state.session, kept)
            for name in State.__slots__:
                setattr(state, name, getattr(fresh, name))
    else:
        apply_one(state, event)
        state.history.append(event)
    state.last_seq = max(state.last_seq, event.seq)
    state.last_at = event.at
    return state


def undo_index(history: list[ev.Event], target: int) -> int | None:
    """Where in `history` the event an `undone` with this `target` takes back is, if anywhere."""
    return next((i for i in range(len(history) - 1, -1, -1)
                 if history[i].seq == target and history[i].kind not in ev.NOT_UNDOABLE), None)


def replay(session: SessionFile, events: Iterable[ev.Event]) -> State:
    """The same state as `apply`ing every event in turn, with each undo costing one step.

    Applying an `undone` refolds the whole history (fine once, live); replaying a long log
    full of undos that way is quadratic. So the events still in effect at the end are found
    first, exactly as `apply` would keep them, and only those are folded, once.
    """
    with gc_paused():
        return _replay(session, events)


def _replay(session: SessionFile, events: Iterable[ev.Event]) -> State:
    events = events if type(events) is list else list(events)
    history = in_effect(events)
    state = State(session=session)
    apply_all(state, history)
    state.history = history
    state.last_seq = max(0, max(map(_SEQ, events), default=0))
    state.last_at = events[-1].at if events else None
    return state


_SEQ = attrgetter("seq")


def in_effect(events: list[ev.Event]) -> list[ev.Event]:
    """The events still in effect after `events`: each undo deletes the latest event still in
    effect with its target's seq, as `apply` does. The undos are found by a scan in C (a log has
    few), and the runs of events between them are copied whole."""
    types = list(map(type, events))
    history: list[ev.Event] = []
    start = 0
    while True:
        try:
            at = types.index(ev.Undone, start)
        except ValueError:
            break
        history += events[start:at]
        target = undo_index(history, events[at].target)
        if target is not None:
            del history[target]  # (a log's seqs rise, so the undo's own seq stays the highest)
        start = at + 1
    history += events[start:]
    return history
