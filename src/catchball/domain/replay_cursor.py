"""A cursor over a session's log: the fold at any position, fast, for replay and review.

Position `i` (0..len(events)) is the state after the first `i` events. Seeking folds from
the nearest checkpoint (a `State.clone()` taken every `interval` events while folding), so
any position of a long log costs at most `interval` small folds, never a replay from the
start. The checkpoints are built a slice at a time (`build`); a seek beyond what is built
(End on a log just opened) does not wait for them: it makes the checkpoint it needs in one
pass from the furthest state known, as `fold.replay` does (each undo costs a deletion, not a
refold), so End and the steps around it cost one pass over the log, once. Pacing comes from
the events' own timestamps. No clock is read here.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .bulk import gc_paused
from .events import Event
from .fold import apply, undo_index
from .handlers import apply_one
from .model import SessionFile
from .state import State

# Gaps between events longer than this (in real seconds, after the speed-up) are cut to it:
# a coffee break of 20 minutes replays as 5 seconds, not 20 minutes.
MAX_GAP_SECONDS = 5.0
# Checkpoints hold copies of the state's lists; beyond this many the interval grows instead,
# so a 100,000-event log keeps a bounded number of copies.
MAX_CHECKPOINTS = 64


@dataclass(frozen=True, slots=True)
class PhaseStart:
    position: int  # the cursor position that shows the phase just entered
    phase: int


class ReplayCursor:
    def __init__(self, session_file: SessionFile, events: Sequence[Event], checkpoint_every: int = 256) -> None:
        if checkpoint_every < 1:
            raise ValueError("checkpoint_every must be at least 1")
        self.session_file = session_file
        self.events = list(events)
        self.interval = max(checkpoint_every, -(-len(self.events) // MAX_CHECKPOINTS))
        # [k] = the state after k*interval events: built in order, plus any a seek ahead made
        self._checkpoints: dict[int, State] = {0: State(session=session_file)}
        self._built = 0  # events folded into the checkpoints and phase starts so far
        self._builder = State(session=session_file)
        self._starts: list[PhaseStart] = []
        self._state = self._checkpoints[0].clone()
        self.position = 0

    def __len__(self) -> int:
        return len(self.events)

    @property
    def state(self) -> State:
        """The state at the current position. It changes on the next seek: clone it to keep it."""
        return self._state

    @property
    def at_end(self) -> bool:
        return self.position >= len(self.events)

    # -- building checkpoints, once, lazily ---------------------------------------------
    def _build_to(self, target: int) -> None:
        with gc_paused():  # a long log's checkpoints are built without the collector rescanning them
            self._build(target)

    def _build(self, target: int) -> None:
        state = self._builder
        while self._built < target:
            before = (state.phase, state.started, state.finished)
            self._fold(state, self.events[self._built], self._built)
            self._built += 1
            if (state.phase, state.started, state.finished) != before and state.started and not state.finished:
                self._starts.append(PhaseStart(self._built, state.phase))
            if self._built % self.interval == 0 and self._built // self.interval not in self._checkpoints:
                self._checkpoints[self._built // self.interval] = state.clone()

    # -- moving ----------------------------------------------------------------------
    def seek(self, position: int) -> State:
        position = max(0, min(len(self.events), position))
        ahead = position - self.position
        if not 0 <= ahead <= self.interval:
            k = position // self.interval
            if k not in self._checkpoints:
                if k * self.interval <= self._built + self.interval:
                    self._build_to(k * self.interval)  # the builder is about there: let it go on
                else:
                    with gc_paused():
                        self._checkpoints[k] = self._state_at(k * self.interval)
            self._state = self._checkpoints[k].clone()
            self.position = k * self.interval
        while self.position < position:
            self._fold(self._state, self.events[self.position], self.position)
            self.position += 1
        return self._state

    def _fold(self, state: State, event: Event, position: int) -> None:
        """`apply`, with an undo refolding from the nearest checkpoint instead of from the start.

        A state is the fold of its `history` (the events still in effect), so an undo equals
        a checkpoint whose history is a prefix of what is kept, plus the rest of what is kept.
        `position` is where `state` stands: only checkpoints at or before it are candidates.
        """
        target = undo_index(state.history, event.target) if event.kind == "undone" else None
        if target is None:
            apply(state, event)
            return
        history = state.history
        base = self._base_for(history, target, position)
        fresh = base.clone()
        for e in history[len(base.history):target] + history[target + 1:]:
            apply_one(fresh, e)
            fresh.history.append(e)
        for name in State.__slots__:
            setattr(state, name, getattr(fresh, name))
        state.last_seq = max(state.last_seq, event.seq)
        state.last_at = event.at

    def _state_at(self, target: int) -> State:
        """The state after `target` events, in one pass from the furthest state known before it.

        A state is the fold of its history (the events still in effect): the history at
        `target` is found first, each undo deleting its event as `fold.replay` does, and only
        what is not already in the starting state's history is folded onto a copy of it (or of
        an earlier checkpoint, when an undo reaches back before that history's end).
        """
        known = max((k for k in self._checkpoints if k * self.interval <= target), default=0)
        start, begin = self._checkpoints[known], known * self.interval
        if begin < self._built <= target:
            start, begin = self._builder, self._built
        kept = list(start.history)
        lowest = len(kept)  # the first place the history at `target` differs from the start's
        last_seq, last_at = start.last_seq, start.last_at
        for event in self.events[begin:target]:
            if event.kind == "undone":
                index = undo_index(kept, event.target)
                if index is not None:
                    del kept[index]
                    lowest = min(lowest, index)
            else:
                kept.append(event)
            last_seq, last_at = max(last_seq, event.seq), event.at
        base = start if lowest >= len(start.history) else self._base_for(kept, lowest, begin)
        state = base.clone()
        for event in kept[len(base.history):]:
            apply_one(state, event)
            state.history.append(event)
        state.last_seq, state.last_at = last_seq, last_at
        return state

    def _base_for(self, history: list[Event], limit: int, position: int) -> State:
        """The latest checkpoint (at or before `position`) whose history is `history[:h]`, h <= limit.

        The state at `position` was folded through that checkpoint, and a history only grows
        at its end or loses elements: so its `h`-th element still being the checkpoint's last
        one means nothing before it was taken out, and the whole prefix is the same.
        """
        for k in sorted((k for k in self._checkpoints if 0 < k <= position // self.interval), reverse=True):
            checkpoint = self._checkpoints[k]
            h = len(checkpoint.history)
            if h <= limit and (h == 0 or history[h - 1] is checkpoint.history[h - 1]):
                return checkpoint
        return self._checkpoints[0]

    def step(self, delta: int = 1) -> State:
        return self.seek(self.position + delta)

    def build(self, budget: int) -> bool:
        """Fold up to `budget` more events into the checkpoints (a bit per frame); True when all are."""
        self._build_to(min(len(self.events), self._built + budget))
        return self._built >= len(self.events)

    def known_phase_starts(self) -> list[PhaseStart]:
        """The phase starts found so far, without folding any further."""
        return list(self._starts)

    def phase_starts(self) -> list[PhaseStart]:
        """Where each phase was entered (a phase entered twice appears twice), in order."""
        self._build_to(len(self.events))
        return list(self._starts)

    def next_phase_position(self, position: int | None = None) -> int:
        """The next phase start after `position`, or the end of the log."""
        position = self.position if position is None else position
        positions = [s.position for s in self.phase_starts()]
        i = bisect.bisect_right(positions, position)
        return positions[i] if i < len(positions) else len(self.events)

    def previous_phase_position(self, position: int | None = None) -> int:
        """The phase start before `position` (the start of the log if none)."""
        position = self.position if position is None else position
        positions = [s.position for s in self.phase_starts()]
        i = bisect.bisect_left(positions, position)
        return positions[i - 1] if i > 0 else 0

    # -- time --------------------------------------------------------------------------
    def room_time(self, position: int | None = None) -> datetime:
        """The wall-clock time the room saw at this position: the last applied event's `at`."""
        position = self.position if position is None else position
        if position <= 0 or not self.events:
            return self.session_file.session.created
        return self.events[min(position, len(self.events)) - 1].at

    def gap_to_next(self, position: int | None = None) -> float | None:
        """Room seconds between this position and the next event; None at the end."""
        position = self.position if position is None else position
        if position >= len(self.events):
            return None
        return max(0.0, (self.events[position].at - self.room_time(position)).total_seconds())

    def delay_to_next(self, position: int | None = None, speed: float = 1.0) -> float | None:
        """Real seconds to wait before applying the next event: the room's gap over `speed`.

        `speed` 0 means as fast as possible (no wait). Any gap is capped at
        `MAX_GAP_SECONDS` of real time. None at the end of the log.
        """
        gap = self.gap_to_next(position)
        if gap is None:
            return None
        if speed <= 0:
            return 0.0
        return min(MAX_GAP_SECONDS, gap / speed)

    def room_time_between(self, position: int, fraction: float) -> datetime:
        """The room's clock part-way (`fraction` 0..1) through the wait for the next event."""
        start = self.room_time(position)
        gap = self.gap_to_next(position)
        if not gap:
            return start
        return start + timedelta(seconds=gap * max(0.0, min(1.0, fraction)))
