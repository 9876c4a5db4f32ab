"""Ask for a reason before doing something the rules advise against; the reason is recorded."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class ReasonInput(Input):
    """The reason's field: Enter takes the text typed before it, in key order (as the capture line
    does). Keys typed ahead of the dialog closing are not glued onto the reason: they go on to
    whatever has the keyboard once it is closed."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.taken = False

    async def _on_key(self, event: events.Key) -> None:
        if self.taken:  # typed after the Enter that closed the dialog
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            if self.value.strip():
                self.taken = True
                self.screen.dismiss(self.value.strip())


class ReasonScreen(ModalScreen[str | None]):
    """Dismissed with the reason, or None (Esc; or F10 when `stop` names a way out, then `stopped`)."""

    CSS_PATH = str(Path(__file__).with_name("modal.tcss"))
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("f10", "stop", "Stop here")]

    def __init__(self, heading: str, explanation: str, placeholder: str, stop: str | None = None) -> None:
        super().__init__()
        self.heading = heading
        self.explanation = explanation
        self.placeholder = placeholder
        self.stop = stop
        self.stopped = False

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-box"):
            yield Label(Content(self.heading), id="reason-heading")
            yield Static(Content(self.explanation), id="reason-text")
            yield ReasonInput(placeholder=self.placeholder, id="reason-input")
            keys = "Enter records the reason · Esc cancels" + (f" · F10 {self.stop}" if self.stop else "")
            yield Label(Content(keys), id="reason-keys")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return self.stop is not None if action == "stop" else True

    def action_stop(self) -> None:
        self.stopped = True
        self.dismiss(None)
