"""The home screen: start a new session or resume one that is not finished."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.text import one_line
from ...store.errors import StoreError
from ...store.live import LiveSession
from ...store.session_dir import list_sessions

TAGLINE = ("Readiness, winning logic, catchball rounds, one focused objective, key results the coach "
           "checks as you type. Every step saved as it happens.")


class HomeScreen(Screen):
    BINDINGS = [Binding("n", "new", "New session"), Binding("r", "rescan", "Refresh", show=False)]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="home"):
            yield Label(Content("catchball"), id="home-title")
            yield Static(Content(TAGLINE), id="home-tagline")
            yield OptionList(id="home-menu")
            yield Static("", id="home-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = str(self.app.sessions_dir)
        self.rescan()

    def on_screen_resume(self) -> None:
        self.rescan()

    def rescan(self) -> None:
        menu = self.query_one("#home-menu", OptionList)
        menu.clear_options()
        menu.add_option(Option(Content("New session…"), id="new"))
        menu.add_option(Option(Content("Review sessions…"), id="review"))
        unfinished = [row for row in list_sessions(self.app.sessions_dir)
                      if row.state is not None and not row.state.finished and row.error is None]
        for row in unfinished[:20]:
            info = row.file.session
            phase = row.state.current_phase.label
            label = Content(f"Resume: {one_line(info.title, 50)}  ({phase}, {info.created:%Y-%m-%d})")
            menu.add_option(Option(label, id=f"resume:{row.folder.name}"))
        menu.add_option(Option(Content("Practice against a scenario…"), id="practice"))
        hint = "Enter opens · n new session · ctrl+q quits"
        if not unfinished:
            hint = "No unfinished sessions to resume. " + hint
        self.query_one("#home-hint", Static).update(Content(hint))
        menu.highlighted = 0
        menu.focus()

    def action_rescan(self) -> None:
        self.rescan()

    def action_new(self) -> None:
        from .new_session_screen import NewSessionScreen

        self.app.push_screen(NewSessionScreen())

    @on(OptionList.OptionSelected, "#home-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        if key == "new":
            self.action_new()
        elif key == "practice":
            from .practice_picker_screen import PracticePickerScreen

            self.app.push_screen(PracticePickerScreen())
        elif key == "review":
            from .review_screen import ReviewScreen

            self.app.push_screen(ReviewScreen())
        elif key.startswith("resume:"):
            self.resume(key.split(":", 1)[1])

    @work(exclusive=True, group="open")
    async def resume(self, name: str) -> None:
        try:
            live = LiveSession.open(self.app.sessions_dir / name)
        except StoreError as exc:
            self.notify(Content(str(exc)), severity="error", timeout=8)
            return
        self.app.open_live(live)
