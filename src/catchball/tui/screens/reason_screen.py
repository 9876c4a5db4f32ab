"""Ask for a reason before doing something the rules advise against; the reason is recorded."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


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
            yield Input(placeholder=self.placeholder, id="reason-input")
            keys = "Enter records the reason · Esc cancels" + (f" · F10 {self.stop}" if self.stop else "")
            yield Label(Content(keys), id="reason-keys")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return self.stop is not None if action == "stop" else True

    def action_stop(self) -> None:
        self.stopped = True
        self.dismiss(None)
