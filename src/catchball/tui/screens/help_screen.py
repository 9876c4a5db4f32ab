"""A modal page of plain text: the phase's coaching (F1) or a practice briefing."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class HelpScreen(ModalScreen[None]):
    CSS_PATH = str(Path(__file__).with_name("modal.tcss"))
    BINDINGS = [Binding("escape,f1,enter,q", "dismiss", "Close")]

    def __init__(self, heading: str, body: str) -> None:
        super().__init__()
        self.heading = heading
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(Content(self.heading), id="help-heading")
            with VerticalScroll():
                yield Static(Content(self.body), id="help-body")
            yield Label(Content("Esc closes"), id="help-close")

    def action_dismiss(self) -> None:
        self.dismiss(None)
