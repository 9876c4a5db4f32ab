"""The base of every phase's own panel, and how a panel asks for something to be recorded.

A panel reads the state (it is handed the live `State`, and `revision` changes after every
event) and never writes: it posts `PhasePanel.Commanded` with an event type and its fields,
and the screen records it (or shows why the rules refuse it).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input

from ...domain.agenda import PhaseKind
from ...domain.model import ContributionType
from ...domain.state import State
from .capture_bar import CaptureBar

Command = tuple[type, dict[str, Any]]


class PhasePanel(Widget, can_focus=True):
    """A phase's panel. Subclasses set `kind` and override `render_state` and `capture`."""

    kind: ClassVar[PhaseKind | None] = None
    revision = reactive(0, repaint=False)  # render_state updates the children

    class Commanded(Message):
        def __init__(self, commands: list[Command]) -> None:
            super().__init__()
            self.commands = commands

    def __init__(self, state: State, read_only: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.state = state
        self.read_only = read_only
        self.mode: str | None = None  # what the capture line's next Enter means, when armed
        self._pending = False  # an armed line was submitted: disarm once its event is in

    def command(self, cls: type, **fields: Any) -> None:
        """Ask the screen to record one event."""
        if not self.read_only:
            self.post_message(self.Commanded([(cls, fields)]))

    def capture(self, text: str, by: str | None, kind: ContributionType) -> list[Command] | None:
        """What the capture line's text means in this phase; None records it as a note."""
        return None

    def capture_hint(self) -> str:
        return "Type what the room says, Enter to record it"

    def watch_revision(self) -> None:
        if self._pending:
            self._pending = False
            self._set_mode(None, focus_input=False)
        if self.is_mounted:
            self.render_state()

    # -- arming the capture line ---------------------------------------------------------
    def _set_mode(self, mode: str | None, focus_input: bool = True, prefill: str | None = None) -> None:
        """Arm the capture line (its next Enter becomes `mode`'s event) or disarm it (None).

        `prefill` replaces the line's text (e.g. the wording being revised); None leaves it.
        """
        self.mode = mode
        self._pending = False
        self._mode_changed(mode)
        bars = self.screen.query(CaptureBar)
        if bars:
            bars.first().set_placeholder(self.capture_hint())
            if mode is not None and focus_input:
                field = self.screen.query_one("#capture-input", Input)
                if prefill is not None:
                    field.value = prefill
                    field.cursor_position = len(prefill)
                field.focus()
        if self.is_mounted:
            self.render_state()

    def _mode_changed(self, mode: str | None) -> None:
        """Hook: forget what belonged to the mode just left."""

    def on_focus(self) -> None:
        """Leaving the capture line (Esc, Tab) drops an armed mode."""
        if self.mode is not None:
            self._set_mode(None, focus_input=False)
        else:
            self.render_state()

    def on_blur(self) -> None:
        self.render_state()

    def action_to_capture(self) -> None:
        for field in self.screen.query("#capture-input").results(Input):
            field.focus()

    def on_mount(self) -> None:
        self.render_state()

    def render_state(self) -> None:
        """Re-render from `self.state`."""
