"""The big timer: remaining time in `Digits`, its state in a word as well as a colour."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Label

from ...domain.state import State
from ...domain.timer import TimerMode, TimerView, format_minutes, timer_view
from .big_digits import BigDigits

_CLASSES = {mode: "timer-" + mode.name.lower() for mode in TimerMode}
SHORT = 32  # a terminal with fewer rows shows the time on one line (the facilitation screen's -short)


class TimerPanel(Widget):
    """Shows the current timebox; `now` and `revision` flow down from the screen."""

    now: reactive[datetime | None] = reactive(None, repaint=False)  # the watchers update the children
    revision = reactive(0, repaint=False)

    class Elapsed(Message):
        """The timebox just ran out (sent once per timebox, for the bell)."""

    def __init__(self, state: State, **kwargs) -> None:
        super().__init__(**kwargs)
        self.state = state
        self._last_mode: TimerMode | None = None
        self._last_segment: datetime | None = None
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="timer-digits")
        yield BigDigits(id="timer-big")
        yield Label("", id="timer-word", markup=False)

    def set_room(self, width: int, height: int) -> None:
        """Use the block clock when the terminal is big enough to be read from the back of a room;
        on a short one (80x24) the time goes on one line with its word, leaving the rows to the notes."""
        scale = 2 if width >= 180 and height >= 50 else 1 if width >= 140 and height >= 40 else 0
        line = height < SHORT
        if scale:
            self.query_one(BigDigits).scale = scale
        if (scale > 0, line) != (self.has_class("-big"), self.has_class("-line")):
            self.set_class(scale > 0, "-big")
            self.set_class(line, "-line")
            self._shown = None  # the clock now shown, and the word, written afresh
            self._paint()

    def view(self) -> TimerView | None:
        return timer_view(self.state, self.now) if self.now is not None else None

    def watch_now(self) -> None:
        self._paint()

    def watch_revision(self) -> None:
        self._paint()

    def _paint(self) -> None:
        view = self.view()
        if view is None or not self.is_mounted:
            return
        extra = f"  +{format_minutes(view.extended)} min" if view.extended else ""
        time = f"{view.display} " if self.has_class("-line") else ""
        shown = (view.display, f"{time}{view.word}{extra}", view.mode)
        # each part is written only when it changed, and the clock only where it shows: an update
        # lays the whole screen out again (the word, each second, only when the time is in it)
        before, self._shown = self._shown or (None, None, None), shown
        if shown[0] != before[0]:
            self.query_one(BigDigits if self.has_class("-big") else Digits).update(view.display)
        if shown[1] != before[1]:
            self.query_one("#timer-word", Label).update(Content(shown[1]))
        if shown[2] != before[2]:
            for mode, cls in _CLASSES.items():
                self.set_class(view.mode is mode, cls)
        same_box = self._last_segment == self.state.segment_start
        if view.mode is TimerMode.OVERTIME and self._last_mode is not TimerMode.OVERTIME and same_box \
                and self._last_mode is not None:
            self.post_message(self.Elapsed())
        self._last_mode, self._last_segment = view.mode, self.state.segment_start
