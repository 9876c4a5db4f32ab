"""The new-session form: title, agenda, level, participants; ctrl+s (or the button) starts.

Every field has a label; each agenda shows its minutes and each level what it means. The
form refuses to start a room session without a title, a leader and at least two people,
and says so in sentences beside the form (services.session_factory.room_problems, the same
rules as `catchball new`). Carry forward opens it filled from the finished session.

A new field is one `_field(...)` line in `compose` and one key in `values()`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from ...domain.agenda import AgendaError
from ...domain.model import Level, Participant
from ...domain.text import one_line
from ...domain.timer import format_minutes
from ...services.session_factory import (
    LEVEL_MEANING,
    NewSessionDraft,
    agenda_choices,
    build_session_file,
    carried_summary,
    room_problems,
    start_session,
)
from ...store.errors import StoreError
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

PEOPLE_HELP = (f"One per line: {Participant.FORMAT}; role is leader or member; at least two people, one of "
               f"them the leader. E.g. {Participant.EXAMPLE}")


def agenda_label(name: str, minutes: float, all_rounds: float) -> str:
    label = f"{name}: {format_minutes(minutes)} min"
    if all_rounds > minutes:
        label += f" (up to {format_minutes(all_rounds)} with every catchball round)"
    return label


class NewSessionScreen(Screen):
    CSS_PATH = str(Path(__file__).with_name("new_session_screen.tcss"))
    BINDINGS = [Binding("escape", "leave", "Back"), Binding("ctrl+s", "start", "Start", priority=True)]

    def __init__(self, draft: NewSessionDraft | None = None) -> None:
        super().__init__()
        self.draft = draft or NewSessionDraft()
        self._tried = False  # after a refused start, the sentences follow every edit

    @staticmethod
    def _field(label: str, widget: Widget, help_text: str | None = None, field_id: str = "") -> Vertical:
        """A labelled field: its label, the widget, and a line of help under it."""
        parts: list[Widget] = [Label(Content(label), classes="new-label"), widget]
        if help_text:
            parts.append(Static(Content(help_text), classes="new-help", markup=False))
        return Vertical(*parts, classes="new-field", id=field_id or None)

    def compose(self) -> ComposeResult:
        d = self.draft
        agendas = [(Content(agenda_label(*choice)), choice[0]) for choice in agenda_choices() if choice[0] != "checkin"]
        names = [value for _, value in agendas]
        levels = [(Content(f"{lv.value}: {LEVEL_MEANING[lv]}"), lv.value) for lv in Level]
        yield TitleBar()
        with VerticalScroll(id="new-form"):
            if d.carried_from:
                yield Static(Content(carried_summary(d)), id="new-carried", markup=False)
            yield self._field("Title", Input(d.title, placeholder="e.g. Core team, Q1 planning", id="new-title"))
            yield self._field("Agenda (the phases and their minutes)", Select(
                agendas, value=d.agenda if d.agenda in names else "quarterly", allow_blank=False, id="new-agenda"))
            yield self._field("Level (where the room sits; the coaching follows it)", Select(
                levels, value=d.level, allow_blank=False, id="new-level"))
            people = TextArea("\n".join(d.participants), id="new-people", soft_wrap=True, show_line_numbers=False)
            yield self._field("Quarter it plans (2027-Q1, or 2027-01-04..2027-03-26)", Input(
                placeholder="the next calendar quarter", id="new-quarter"))
            yield self._field("Participants", people, PEOPLE_HELP)
            problems = Static("", id="new-problems", markup=False)
            problems.display = False
            yield problems
            yield Button(Content("Start the session (ctrl+s)"), id="new-start", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "New session (carried forward)" if self.draft.carried_from else "New session"
        self.query_one("#new-title", Input).focus()
        from ...domain.quarter import next_quarter, quarter_label

        self.query_one("#new-quarter", Input).value = (self.draft.quarter or
                                                       quarter_label(*next_quarter(self.app.clock.now().date())))

    def values(self) -> dict[str, Any]:
        """What the form holds now, as build_session_file takes it."""
        return {
            "title": self.query_one("#new-title", Input).value.strip(),
            "agenda": str(self.query_one("#new-agenda", Select).value),
            "level": str(self.query_one("#new-level", Select).value),
            "participants": [line for line in self.query_one("#new-people", TextArea).text.splitlines()
                             if line.strip()],
            "quarter": self.query_one("#new-quarter", Input).value,
        }

    def problems(self) -> list[str]:
        values = self.values()
        return room_problems(values["title"], values["participants"])

    def _show_problems(self, problems: list[str]) -> None:
        box = self.query_one("#new-problems", Static)
        box.update(Content("\n".join(f"• {p}" for p in problems)))
        box.display = bool(problems)
        self.query_one("#new-title", Input).set_class(any(p.startswith("Give the session a title") for p in problems),
                                                      "-invalid")
        self.query_one("#new-people", TextArea).set_class(
            any(not p.startswith("Give the session a title") for p in problems), "-invalid")

    @on(Input.Submitted, "#new-title")
    def _title_done(self) -> None:
        self.query_one("#new-agenda", Select).focus()

    @on(Input.Submitted, "#new-quarter")
    def _quarter_done(self) -> None:
        self.query_one("#new-people", TextArea).focus()
    @on(Input.Changed, "#new-title")
    @on(TextArea.Changed, "#new-people")
    def _edited(self) -> None:
        if self._tried:
            self._show_problems(self.problems())

    @on(Button.Pressed, "#new-start")
    def action_start(self) -> None:
        problems = self.problems()
        if problems:
            self._tried = True
            self._show_problems(problems)
            self.query_one("#new-problems").scroll_visible()
            self.notify(Content(problems[0]), severity="error", timeout=8)
            return
        values = self.values()
        try:
            file = build_session_file(**values, now=self.app.clock.now(),
                                      carried=self.draft.carried, carried_from=self.draft.carried_from)
            live = start_session(self.app.sessions_dir, file, self.app.clock.now())
        except (ValueError, AgendaError, StoreError, OSError) as exc:
            self.notify(Content(f"Not started: {one_line(str(exc), 300)}"), severity="error", timeout=8)
            return
        self.app.open_live(live, replace=True)  # instead of this form (the first screen, with `catchball new`)

    def action_leave(self) -> None:
        self.app.back()  # opened by `catchball new`: Back leaves the app
