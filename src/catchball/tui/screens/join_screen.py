"""The participant's first screen: who you are (from the session's participants) and the join code.

On the served page the name is picked from the session's list; in a terminal (`catchball join
--as NAME` without `--code`) the name is given and only the code is asked. Nothing is written
before the code matches: no inbox, no lock. Five wrong codes close the app.
"""

from __future__ import annotations

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

    def __init__(self, people: list[str], name: str | None = None) -> None:
        super().__init__()
        self.people = people
        self.name_given = name
        self.tries = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="join-box", classes="p-modal"):
            if self.name_given is None:
                yield Static("Join the session: pick your name, then type the room's join code",
                             classes="p-modal-title", markup=False)
                yield OptionList(*[Option(Content(name), id=str(i)) for i, name in enumerate(self.people)],
                                 id="join-names")
            else:
                yield Static(Content(f"Join the session as {self.name_given}: type the room's join code "
                                     "(the facilitator's screen shows it)"), classes="p-modal-title")
            yield Input(id="join-code", placeholder="join code (on the shared screen), Enter", password=True)
            yield Static(id="join-status", markup=False)

    def on_mount(self) -> None:
        if self.name_given is not None:
            self.query_one("#join-code", Input).focus()
            return
        names = self.query_one(OptionList)
        if self.people:
            names.highlighted = 0
            names.focus()
        else:
            self.query_one("#join-status", Static).update("This session has no participants to join as.")

    @on(OptionList.OptionSelected, "#join-names")
    def _picked(self) -> None:
        self.query_one("#join-code", Input).focus()

    def _who(self) -> str | None:
        if self.name_given is not None:
            return self.name_given
        names = self.query_one(OptionList)
        return self.people[names.highlighted] if self.people and names.highlighted is not None else None

    @on(Input.Submitted, "#join-code")
    def _submitted(self, event: Input.Submitted) -> None:
        status = self.query_one("#join-status", Static)
        name = self._who()
        if name is None:
            status.update("Pick your name first.")
            return
        refused = self.app.start_as(name, event.value)
        if refused is None:
            return
        self.tries += 1
        event.input.value = ""
        if self.tries >= MAX_TRIES:
            self.app.exit(return_code=2, message="Too many wrong join codes: nothing was written.")
            return
        status.update(Content(f"{refused.rstrip('.')} ({MAX_TRIES - self.tries} tries left)."))
