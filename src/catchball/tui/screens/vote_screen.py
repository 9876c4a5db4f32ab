"""The participant's private fist-of-five: a value from 0 to 5, typed into its own field."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

LEGEND = ("0 no, I cannot support it · 1 serious doubts · 2 some doubts · 3 I can live with it · "
          "4 good · 5 fully behind it")


class VoteScreen(ModalScreen[int | None]):
    CSS_PATH = "participant_screen.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: int | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="vote-box", classes="p-modal"):
            yield Static("Your fist of five (0-5), private until the facilitator reveals the votes",
                         classes="p-modal-title", markup=False)
            yield Static(LEGEND, markup=False)
            yield Input(value="" if self.current is None else str(self.current), id="vote-input",
                        restrict=r"[0-5]?", max_length=1, placeholder="0-5, Enter sends it")

    @on(Input.Submitted, "#vote-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value:
            self.dismiss(int(event.value))
        else:
            self.notify("Type a value from 0 to 5.", severity="warning")

    def action_cancel(self) -> None:
        self.dismiss(None)
