"""Replay: the facilitation screen, read-only, rebuilt by folding the log at its own pace.

A `ReplayCursor` gives the state at any position (from checkpoints); the screen's clock is
a `FakeClock` set to what the room's clock read at that moment, so the timer shows what the
room saw. Playback waits on `time.monotonic()` deadlines taken from the events' own gaps
(capped, see `MAX_GAP_SECONDS`), never on counted ticks. At the end it stays on the last
state until the user leaves.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from ...domain.events import Event
from ...domain.model import SessionFile
from ...domain.replay_cursor import ReplayCursor
from ...domain.state import State
from ...domain.text import one_line
from ...store.session_dir import OpenSession, open_session
from ..clock import FakeClock
from ..widgets.key_footer import KeyFooter
from .facilitate_screen import FacilitateScreen

SPEEDS = (1.0, 10.0, 60.0, 0.0)  # 0: as fast as possible
FRAME = 1 / 30
MAX_PER_FRAME = 5000
BUILD_PER_FRAME = 250  # events folded into the checkpoints at a time, while the frame has time left
BUILD_SECONDS = 0.012  # of each frame (33 ms) spent building them: 100,000 events are built in seconds


def speed_label(speed: float) -> str:
    return "max" if speed <= 0 else f"{speed:g}x"


class ReplayTimeline(Widget):
    """Where we are in the log: a bar with a tick at every phase start, and the player's state."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.position, self.total, self.starts, self.status = 0, 0, [], ""

    def show(self, position: int, total: int, starts: list[int], status: str) -> None:
        self.position, self.total, self.starts, self.status = position, total, starts, status
        self.refresh()

    def render(self) -> Content:
        width = max(10, self.content_size.width)
        total = max(1, self.total)
        cells = ["━" if (i + 1) * total <= self.position * width else "─" for i in range(width)]
        for start in self.starts:
            cells[min(width - 1, start * width // total)] = "┃" if start <= self.position else "│"
        cells[min(width - 1, self.position * width // total) if self.position else 0] = "●"
        return Content("".join(cells) + "\n" + self.status)


class ReplayScreen(FacilitateScreen):
    CSS_PATH = [*FacilitateScreen.CSS_PATH, str(Path(__file__).with_name("review.tcss"))]
    BINDINGS = [
        Binding(key, action, label, show=show, priority=True) for key, action, label, show in (
            ("space", "play_pause", "Play/pause", True),
            ("s", "cycle_speed", "Speed", True),
            ("left", "step(-1)", "Back", True),
            ("right", "step(1)", "Step", True),
            ("left_square_bracket", "step_phase(-1)", "Prev phase", True),
            ("right_square_bracket", "step_phase(1)", "Next phase", True),
            ("pageup", "step_phase(-1)", "Prev phase", False),
            ("pagedown", "step_phase(1)", "Next phase", False),
            ("home", "seek_to('start')", "Start", False),
            ("end", "seek_to('end')", "End", False),
            ("q", "leave", "Back", True),
        )
    ]

    def __init__(self, file: SessionFile, events: Sequence[Event], *, speed: float = 1.0,
                 damage: str | None = None, autoplay: bool = True) -> None:
        self.cursor = ReplayCursor(file, events)
        self.room_clock = FakeClock(self.cursor.room_time(0))
        super().__init__(None, State(session=file), self.room_clock, read_only=True)
        self.speed = max(0.0, speed)
        self.damage = damage
        self.playing = autoplay
        self._gap_start = time.monotonic()
        self._gap_len = 0.0
        self._built = False
        self._fraction = 0.0  # how far through the wait for the next event (kept over pauses)
        self._keep_copy: Callable[[], object] | None = None

    @classmethod
    def open(cls, folder: Path, speed: float = 1.0) -> ReplayScreen:
        """Read the session without taking its lock: a replay never writes."""
        return cls.from_opened(open_session(folder), speed)

    @classmethod
    def from_opened(cls, opened: OpenSession, speed: float = 1.0) -> ReplayScreen:
        damage = opened.log.damage.message if opened.log.damage else None
        screen = cls(opened.file, opened.log.events, speed=speed, damage=damage)
        screen._keep_copy = opened.keep_log_copy  # a long log's copy, once the replay is on screen
        return screen

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, KeyFooter):
                yield ReplayTimeline(id="replay-timeline")
            yield widget

    def on_mount(self) -> None:
        if self._keep_copy is not None:
            self.app.after_first_frame(self._keep_copy)
        self._load(0)
        self.call_after_refresh(self._titled)
        self.call_after_refresh(self._paint)
        if self.damage:
            self.notify(Content(f"Replaying the readable part of a damaged log. {one_line(self.damage, 400)}"),
                        severity="warning", timeout=10)
        self._restart_gap()
        self.set_interval(FRAME, self._advance)

    def _titled(self) -> None:
        self.title = one_line(self.state.session.session.title, 200)
        self.sub_title = "replay"

    # -- the fold at a position --------------------------------------------------------
    def _load(self, position: int) -> None:
        """Show the state at `position`: copy the cursor's state into the one the widgets hold."""
        self.cursor.seek(position)
        self._fraction = 0.0
        self.room_clock.set(self.cursor.room_time())
        self._show_state()
        if self.is_mounted:
            self.now = self.room_clock.now()
            self._paint()

    def _show_state(self) -> None:
        for name in State.__slots__:
            setattr(self.state, name, getattr(self.cursor.state, name))
        if self.is_mounted:
            self.refresh_state()

    def _paint(self) -> None:
        cursor = self.cursor
        total = len(cursor)
        phase = self.state.current_phase
        if cursor.at_end:
            word = "■ end of the log: q leaves, space plays again"
        else:
            word = "▶ playing" if self.playing else "❚❚ paused"
        status = (f"{word} · {speed_label(self.speed)} · event {cursor.position}/{total} · "
                  f"phase {self.state.phase + 1}/{len(self.state.session.agenda.phases)} "
                  f"{one_line(phase.label, 40)} · room clock {self.room_clock.now():%H:%M:%S}")
        starts = [s.position for s in cursor.known_phase_starts()]
        self.query_one(ReplayTimeline).show(cursor.position, total, starts, status)

    # -- pacing ----------------------------------------------------------------------------
    def _restart_gap(self) -> None:
        self._gap_len = self.cursor.delay_to_next(speed=self.speed) or 0.0
        self._gap_start = time.monotonic() - self._fraction * self._gap_len

    def _advance(self) -> None:
        if not self._built:  # fold the log into checkpoints a slice per frame: a long log never freezes
            until = time.perf_counter() + BUILD_SECONDS
            while not self._built and time.perf_counter() < until:
                self._built = self.cursor.build(BUILD_PER_FRAME)
            if not self.playing:
                self._paint()
        if not self.playing:
            return
        now = time.monotonic()
        cursor = self.cursor
        budget = max(1, len(cursor) // 300) if self.speed <= 0 else MAX_PER_FRAME
        moved = 0
        while not cursor.at_end and moved < budget and now >= self._gap_start + self._gap_len:
            cursor.step(1)
            moved += 1
            self._gap_start += self._gap_len
            self._gap_len = cursor.delay_to_next(speed=self.speed) or 0.0
        if now - self._gap_start > self._gap_len + 1.0:  # fell behind (a stall): do not rush to catch up
            self._gap_start = now
        self._fraction = min(1.0, (now - self._gap_start) / self._gap_len) if self._gap_len else 0.0
        if moved:
            self._show_state()
        self.room_clock.set(cursor.room_time_between(cursor.position, self._fraction))
        if cursor.at_end:
            self.playing = False
            self._fraction = 0.0
            self.room_clock.set(cursor.room_time())
            self.notify("The replay reached the end of the log; it stays here until you leave (q).", timeout=5)
        self.now = self.room_clock.now()
        self._paint()

    # -- keys ------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("next_phase", "pause", "extend", "undo"):
            return False  # the facilitator's keys do nothing in a replay
        return True

    def action_play_pause(self) -> None:
        if self.cursor.at_end:
            self._load(0)
            self.playing = True
        else:
            self.playing = not self.playing
        self._restart_gap()
        self._paint()

    def action_cycle_speed(self) -> None:
        i = SPEEDS.index(self.speed) + 1 if self.speed in SPEEDS else 0
        self.speed = SPEEDS[i % len(SPEEDS)]
        self._restart_gap()
        self._paint()
        self.notify(f"Speed {speed_label(self.speed)}.", timeout=2)

    def _jump(self, position: int) -> None:
        self._load(position)
        self._restart_gap()
        self._paint()

    def action_step(self, delta: int) -> None:
        self.playing = False
        self._jump(self.cursor.position + delta)

    def action_step_phase(self, step: int) -> None:
        cursor = self.cursor
        self._jump(cursor.next_phase_position() if step > 0 else cursor.previous_phase_position())

    def action_seek_to(self, where: str) -> None:
        self._jump(0 if where == "start" else len(self.cursor))

    def action_escape(self) -> None:
        self.action_leave()

    def action_leave(self) -> None:
        self.playing = False
        self.app.back()
