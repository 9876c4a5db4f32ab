"""The participant's check-in of a key result in a weekly check-in: how sure they are (1-10),
and, if they have it, its value this week and why ("21% the e-mail test moved it").

The room reads it by the same rules as the facilitator's capture line; what it refuses comes
back with the rule's sentence on the participant's screen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.quarter_board import read_numbers
from ...domain.numbers import show_value
from ...domain.state import State
from ...domain.text import one_line

CheckIn = tuple[int, int | None, str]  # (key result, confidence, value and why)


class CheckinScreen(ModalScreen[CheckIn | None]):
    CSS_PATH = "participant_screen.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, state: State, krs: list) -> None:
        super().__init__()
        self.state = state
        self.krs = krs

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin-box", classes="p-modal"):
            yield Static("Check in a key result: how sure you are (1-10), its value and why if you have them. "
                         "Enter sends, Esc cancels.",
                         classes="p-modal-title", markup=False)
            yield OptionList(*[Option(self._row(kr), id=str(kr.number)) for kr in self.krs], id="checkin-krs")
            yield Input(id="checkin-confidence", restrict=r"(10|[1-9])?", max_length=2,
                        placeholder="confidence 1-10")
            yield Input(id="checkin-text", max_length=2000, select_on_focus=False,
                        placeholder="value and why (optional), e.g. 21% the test moved it")
            yield Static(id="checkin-status", markup=False)

    def _row(self, kr) -> Content:
        got = self.state.checkin_values.get(kr.number)
        now = f" · {show_value(got.value, read_numbers(kr).unit or '')}, {got.confidence}/10" if got \
            else " · no value yet"
        return Content(f"{kr.number} {one_line(kr.text, 54 - len(now))}{now}")

    def on_mount(self) -> None:
        krs = self.query_one(OptionList)
        if self.krs:
            krs.highlighted = 0
        krs.focus()

    @on(OptionList.OptionSelected, "#checkin-krs")
    def _picked(self) -> None:
        self.query_one("#checkin-confidence", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        krs = self.query_one(OptionList)
        status = self.query_one("#checkin-status", Static)
        if not self.krs or krs.highlighted is None:
            status.update("Pick a key result first.")
            return
        confidence = self.query_one("#checkin-confidence", Input).value
        text = self.query_one("#checkin-text", Input).value.strip()
        if not confidence and not text:
            status.update("Say how sure you are, from 1 to 10 (and the value, if you have it).")
            return
        self.dismiss((self.krs[krs.highlighted].number, int(confidence) if confidence else None, text))

    def action_cancel(self) -> None:
        self.dismiss(None)
