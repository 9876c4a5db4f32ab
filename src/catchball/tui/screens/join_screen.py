"""The served page's first screen: who you are (from the session's participants) and the join code.

Nothing is written before the code matches: no inbox, no lock. Five wrong codes close the page.
"""

from __future__ import annotations

import hmac

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

MAX_TRIES = 5


class JoinScreen(Screen):
    CSS_PATH = "participant_screen.tcss"

    def __init__(self, people: list[str], code: str | None) -> None:
        super().__init__()
        self.people = people
        self.code = code or ""
        self.tries = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="join-box", classes="p-modal"):
            yield Static("Join the session: pick your name, then type the room's join code",
                         classes="p-modal-title", markup=False)
            yield OptionList(*[Option(Content(name), id=str(i)) for i, name in enumerate(self.people)],
                             id="join-names")
            yield Input(id="join-code", placeholder="join code (on the shared screen), Enter", password=True)
            yield Static(id="join-status", markup=False)

    def on_mount(self) -> None:
        names = self.query_one(OptionList)
        if self.people:
            names.highlighted = 0
            names.focus()
        else:
            self.query_one("#join-status", Static).update("This session has no participants to join as.")

    @on(OptionList.OptionSelected, "#join-names")
    def _picked(self) -> None:
        self.query_one("#join-code", Input).focus()

    @on(Input.Submitted, "#join-code")
    def _submitted(self, event: Input.Submitted) -> None:
        names = self.query_one(OptionList)
        status = self.query_one("#join-status", Static)
        if names.highlighted is None or not self.people:
            status.update("Pick your name first.")
            return
        if not self.code or not hmac.compare_digest(event.value.strip().upper().encode(), self.code.upper().encode()):
            self.tries += 1
            event.input.value = ""
            if self.tries >= MAX_TRIES:
                self.app.exit(message="Too many wrong join codes.")
                return
            status.update(f"That is not the room's join code: nothing was written ({MAX_TRIES - self.tries} tries left).")
            return
        self.app.start_as(self.people[names.highlighted])
