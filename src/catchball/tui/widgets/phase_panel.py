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

from ...domain.agenda import PhaseKind
from ...domain.model import ContributionType
from ...domain.state import State

Command = tuple[type, dict[str, Any]]


class PhasePanel(Widget, can_focus=True):
    """A phase's panel. Subclasses set `kind` and override `render_state` and `capture`."""

    kind: ClassVar[PhaseKind | None] = None
    revision = reactive(0)

    class Commanded(Message):
        def __init__(self, commands: list[Command]) -> None:
            super().__init__()
            self.commands = commands

    def __init__(self, state: State, read_only: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.state = state
        self.read_only = read_only

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
        if self.is_mounted:
            self.render_state()

    def on_mount(self) -> None:
        self.render_state()

    def render_state(self) -> None:
        """Re-render from `self.state`."""
