"""The home screen: start a new session or resume one that is not finished."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.text import one_line
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

MAX_RESUMES = 20  # the latest unfinished sessions offered; `catchball list` shows them all
KNOWN_ROWS = 200  # at most this many sessions looked up in the index before the first frame
TAGLINE = ("Readiness, winning logic, catchball rounds, one focused objective, key results the coach "
           "checks as you type. Every step saved as it happens.")


class HomeScreen(Screen):
    BINDINGS = [Binding("n", "new", "New session"), Binding("r", "rescan", "Refresh", show=False)]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="home"):
            yield Label(Content("catchball"), id="home-title")
            yield Static(Content(TAGLINE), id="home-tagline")
            yield OptionList(id="home-menu")
            yield Static("", id="home-hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = str(self.app.sessions_dir)

    def on_screen_resume(self) -> None:
        self.rescan()  # on every showing, the first included

    def rescan(self) -> None:
        """The unfinished sessions the sessions' index holds are offered at once (the first frame
        shows them); the rest are read in a thread, after that frame: the menu is usable at once,
        and reading a log (which imports the session machinery, the event records) holds it up no more."""
        from ...store.errors import StoreError
        from ...store.session_index import SessionListing

        try:
            listing = SessionListing(self.app.sessions_dir)
        except StoreError as exc:
            self._show([], problem=str(exc))
            return
        unfinished: list = []
        for _ in range(KNOWN_ROWS):  # one row at a time: no folder looked up past the last resume offered
            known = listing.known(1)
            if not known:
                break
            if known[0].resumable:
                unfinished.append(known[0])
                if len(unfinished) == MAX_RESUMES:
                    break
        self._show(unfinished, scanning=True)
        self.app.after_first_frame(lambda: self._scan(listing, unfinished))

    @work(thread=True, exclusive=True, group="scan")
    def _scan(self, listing, unfinished: list) -> None:
        """The rest of the listing, off the UI thread: resumes join the menu as they are read."""
        import time

        from textual.worker import get_current_worker

        unfinished = list(unfinished)
        shown_at = 0.0  # the first one found here at once, then at most every 0.1 s
        rows = iter(listing)
        for row in rows:
            if get_current_worker().is_cancelled:  # a rescan started another listing
                rows.close()
                return
            if row.resumable and len(unfinished) < MAX_RESUMES:
                unfinished.append(row)
                if time.monotonic() - shown_at > 0.1:
                    shown_at = time.monotonic()
                    self.app.call_from_thread(self._show, list(unfinished), scanning=True)
        self.app.call_from_thread(self._show, unfinished)

    def _show(self, unfinished: list, scanning: bool = False, problem: str | None = None) -> None:
        menu = self.query_one("#home-menu", OptionList)
        keep = menu.highlighted_option.id if menu.highlighted_option is not None else None
        menu.clear_options()
        menu.add_option(Option(Content("New session…"), id="new"))
        menu.add_option(Option(Content("Review sessions…"), id="review"))
        menu.add_option(Option(Content("Weekly check-in of the latest quarter…"), id="checkin"))
        menu.add_option(Option(Content("Quarter board of the latest quarter…"), id="board"))
        for row in unfinished[:MAX_RESUMES]:
            info = row.summary
            label = Content(f"Resume: {one_line(info.title, 50)}  ({one_line(info.phase_label, 40)}, "
                            f"{info.created:%Y-%m-%d})")
            menu.add_option(Option(label, id=f"resume:{row.folder.name}"))
        menu.add_option(Option(Content("Practice against a scenario…"), id="practice"))
        hint = "Enter opens · n new session · ctrl+q quits"
        if problem:
            hint = f"{one_line(problem, 200)} " + hint
        elif scanning:
            hint = "Looking for sessions to resume… " + hint
        elif not unfinished:
            hint = "No unfinished sessions to resume. " + hint
        self.query_one("#home-hint", Static).update(Content(hint))
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        menu.highlighted = ids.index(keep) if keep in ids else 0
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
        elif key in ("checkin", "board"):
            self.quarter(key)
        elif key.startswith("resume:"):
            self.resume(key.split(":", 1)[1])

    @work(exclusive=True, group="open")
    async def quarter(self, what: str) -> None:
        """The latest finished planning session's board, or a check-in of it dated today."""
        from ...services.checkin import find_planning
        from ...store.errors import StoreError
        from .quarter_board_screen import QuarterBoardScreen

        try:
            planning = find_planning(self.app.sessions_dir, None)
            if what == "board":
                self.app.push_screen(QuarterBoardScreen(planning))
                return
            from ..checkin_start import start_checkin_now

            start_checkin_now(self.app, planning)
        except (StoreError, ValueError) as exc:
            self.notify(Content(str(exc)), severity="error", timeout=8)

    @work(exclusive=True, group="open")
    async def resume(self, name: str) -> None:
        from ...store.errors import StoreError
        from ...store.live import LiveSession

        try:
            live = LiveSession.open(self.app.sessions_dir / name)
        except StoreError as exc:
            self.notify(Content(str(exc)), severity="error", timeout=8)
            return
        self.app.open_live(live)
