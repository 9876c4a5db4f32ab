"""The new-session form: title, agenda, level, participants. Enter on the last field starts."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, TextArea

from ...domain.agenda import AgendaError
from ...domain.model import Level
from ...services.session_factory import build_session_file, start_session
from ...store.agendas import agenda_names
from ...store.errors import StoreError

PEOPLE_HELP = "One per line: Name:role:team (role is leader or member), e.g. Ana:leader:Core"


class NewSessionScreen(Screen):
    CSS_PATH = str(Path(__file__).with_name("new_session_screen.tcss"))
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"), Binding("ctrl+s", "start", "Start")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="new-form"):
            yield Label(Content("Title"))
            yield Input(placeholder="e.g. Core team, Q1 planning", id="new-title")
            with Horizontal(id="new-choices"):
                yield Select([(Content(n), n) for n in agenda_names() if n != "checkin"], value="quarterly", allow_blank=False,
                             id="new-agenda")
                yield Select([(Content(lv.value), lv.value) for lv in Level], value="squad", allow_blank=False,
                             id="new-level")
            yield Label(Content("Quarter it plans (2027-Q1, or 2027-01-04..2027-03-26)"))
            yield Input(placeholder="the next calendar quarter", id="new-quarter")
            yield Label(Content("Participants"))
            yield TextArea(id="new-people", soft_wrap=True, show_line_numbers=False)
            yield Label(Content(PEOPLE_HELP), id="new-people-help")
            yield Button(Content("Start the session (ctrl+s)"), id="new-start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "New session"
        self.query_one("#new-title", Input).focus()
        from ...domain.quarter import next_quarter, quarter_label

        self.query_one("#new-quarter", Input).value = quarter_label(*next_quarter(self.app.clock.now().date()))

    @on(Input.Submitted, "#new-title")
    def _title_done(self) -> None:
        self.query_one("#new-quarter", Input).focus()

    @on(Input.Submitted, "#new-quarter")
    def _quarter_done(self) -> None:
        self.query_one("#new-people", TextArea).focus()

    @on(Button.Pressed, "#new-start")
    def action_start(self) -> None:
        title = self.query_one("#new-title", Input).value.strip()
        people = [line for line in self.query_one("#new-people", TextArea).text.splitlines() if line.strip()]
        try:
            file = build_session_file(
                title=title, agenda=str(self.query_one("#new-agenda", Select).value),
                level=str(self.query_one("#new-level", Select).value), participants=people,
                now=self.app.clock.now(), quarter=self.query_one("#new-quarter", Input).value)
            live = start_session(self.app.sessions_dir, file, self.app.clock.now())
        except (ValueError, AgendaError, StoreError) as exc:
            self.notify(Content(str(exc)), severity="error", timeout=8)
            return
        self.app.pop_screen()
        self.app.open_live(live)
