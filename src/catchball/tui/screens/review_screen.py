"""The session browser: every session in the sessions dir, with summary, replay, compare, carry forward.

The rows come from the one listing (`store.session_index`), shown as they are read (the first
screenful from the index, in the first frame); a
session is read whole (read-only, no lock) only when an action needs it. A folder that fails
to load is listed with its one-sentence error, never hidden; every cell is rendered
literally (`Text`, never markup).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from ...domain.text import one_line
from ...store.errors import StoreError
from ...store.session_index import Listed, SessionListing
from ..widgets.key_footer import KeyFooter
from ..widgets.session_table import SessionTable
from ..widgets.title_bar import TitleBar
from .review_rows import grouped, row_cells

if TYPE_CHECKING:
    from ...domain.model import SessionFile
    from ...domain.state import State
    from ...store.session_dir import OpenSession

FILTERS = ("all", "room", "practice")
BATCH_SECONDS = 0.05  # rows read in a thread reach the table at most this far apart
OPEN_INLINE_EVENTS = 5_000  # a session this small is opened at once; a bigger one in a thread


class ReviewScreen(Screen):
    CSS_PATH = str(Path(__file__).with_name("review.tcss"))
    BINDINGS = [
        Binding("p", "replay", "Replay"),
        Binding("c", "compare", "Mark/compare"),
        Binding("f", "carry_forward", "Carry forward"),
        Binding("b", "board", "Quarter board"),
        Binding("k", "checkin", "Check-in"),
        Binding("m", "cycle_filter", "Filter"),
        Binding("r", "rescan", "Refresh", show=False),
        Binding("q,escape", "leave", "Back"),
    ]

    mode_filter = reactive("all")

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, Listed] = {}
        self.marked: str | None = None
        self._filled_width = 0
        self._filled_once = False
        self._reading = False
        self._pending: dict[str, Listed] = {}
        self._problem: str | None = None
        self._listing: SessionListing | None = None  # the listing whose rows are taken (older ones' are not)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SessionTable(id="review-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="review-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Review sessions"
        table = self.query_one(DataTable)
        for label, key in (("", "mark"), ("date", "date"), ("title", "title"), ("level", "level"),
                           ("mode", "mode"), ("status", "status"), ("duration", "duration"),
                           ("events", "events"), ("focused objective", "focus")):
            table.add_column(Text(label), key=key)
        table.focus()

    def on_screen_resume(self) -> None:
        self.rescan()  # the first showing, and every return: a session may have changed meanwhile

    # -- loading: the rows the index holds for a screenful at once (the first frame shows them),
    # the rest in a thread, after that frame, shown as they come: 1,000 sessions never freeze the screen --
    def rescan(self) -> None:
        if self.rows or self.query_one(DataTable).row_count:  # rows on show: refilled once the listing is complete
            self._filled_once = True
        self._reading = True
        self._pending = {}
        try:
            self._listing = listing = SessionListing(self.app.sessions_dir)
        except StoreError as exc:
            self._listing = None
            self._arrived(None, [], str(exc))
            return
        known = listing.known(self.app.size.height)
        if known:  # added now, before the layout, so that the first frame holds them (measured at once)
            self._arrived(listing, known)
            self.app.after_first_frame(lambda: self._scan(listing))  # the rest come after these
        else:  # nothing in the index (a first listing, or the newest session changed): read at once
            self._scan(listing)
        self._show_count()

    @work(thread=True, exclusive=True, group="review-scan")
    def _scan(self, listing: SessionListing) -> None:
        batch: list[Listed] = []
        sent = 0.0  # the first row goes at once
        rows = iter(listing)
        for row in rows:
            if get_current_worker().is_cancelled:  # a rescan started another listing
                rows.close()
                return
            batch.append(row)
            if time.monotonic() - sent >= BATCH_SECONDS:
                self.app.call_from_thread(self._arrived, listing, batch)
                batch, sent = [], time.monotonic()
        self.app.call_from_thread(self._arrived, listing, batch, None, True)

    def _arrived(self, listing: SessionListing | None, rows: list[Listed], problem: str | None = None,
                 done: bool = False) -> None:
        """Rows in the listing's order (newest first); a rescan refills the table once complete."""
        if listing is not self._listing:
            return  # a rescan started another listing since
        self._problem = problem
        self._pending.update((row.folder.name, row) for row in rows)
        if problem is not None or done:
            self._reading = False
            live = self._filling_live
            if live:
                self._arrived(listing, rows)
            self.rows, self._pending = self._pending, {}
            if self.marked not in self.rows:
                self.marked = None
            if live and any(r.summary and r.summary.kind == "check-in" for r in self.rows.values()):
                live = False  # check-ins are listed under their planning sessions: refill in that order
            if live:  # the table already holds every row, in order
                self._filled_once, self._filled_width = True, self._text_width
                self._show_count()
                self._describe()
            else:
                self._fill()
            return
        if self._filling_live:  # the first listing: append what came
            table = self.query_one(SessionTable)
            first = table.row_count == 0
            for key, row in ((r.folder.name, r) for r in rows):
                self.rows[key] = row
                if self._visible(row):
                    table.add_row(*row_cells(row, self.marked, self._text_width), key=key)
            # measured now, not when the table is next idle: a frame drawn before that cut the new
            # rows' cells at the columns' earlier widths
            table.measure_now()
            if first and table.row_count:
                self._describe()
        self._show_count()

    @property
    def _filling_live(self) -> bool:
        return not self._filled_once

    def watch_mode_filter(self) -> None:
        if self.is_mounted:
            self._fill()

    def _visible(self, row: Listed) -> bool:
        mode = row.summary.mode if row.summary else None
        return self.mode_filter == "all" or mode is None or mode == self.mode_filter

    @property
    def _text_width(self) -> int:
        """How much of a title or an objective a cell shows: a third of the screen, within limits."""
        return max(16, min(60, self.app.size.width // 3 - 6))

    def on_resize(self) -> None:
        if self._filled_once and self._filled_width != self._text_width:
            self._fill()

    def _fill(self) -> None:
        self._filled_once = True
        self._filled_width = self._text_width
        table = self.query_one(DataTable)
        keep = self.current_key
        table.clear()
        for key, row in grouped(self.rows).items():
            if self._visible(row):
                table.add_row(*row_cells(row, self.marked, self._text_width), key=key)
        if keep is not None and keep in self.rows and self._visible(self.rows[keep]):
            table.move_cursor(row=table.get_row_index(keep))
        self._show_count()
        self._describe()

    def _show_count(self) -> None:
        shown = self.query_one(DataTable).row_count
        reading = " · reading…" if self._reading else ""
        self.sub_title = f"{shown} of {len(self.rows)} sessions · filter: {self.mode_filter}{reading}"

    # -- the highlighted row ----------------------------------------------------------
    @property
    def current_key(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    @property
    def current(self) -> Listed | None:
        key = self.current_key
        return self.rows.get(key) if key is not None else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._describe()

    def _describe(self) -> None:
        row = self.current
        detail = self.query_one("#review-detail", Static)
        if row is None:
            if self._problem:
                text = one_line(self._problem, 600)
            elif self._reading:
                text = f"Reading the sessions in {one_line(str(self.app.sessions_dir))}…"
            elif not self.rows:
                text = f"No sessions in {one_line(str(self.app.sessions_dir))}."
            else:
                text = "No sessions match this filter (m changes it)."
            detail.update(Content(text))
            return
        lines = [one_line(row.title, 300), f"folder: {one_line(row.folder.name, 120)}"]
        if row.error:
            lines.append(one_line(row.error, 600))
        if self.marked:
            lines.append(f"Marked for comparison: {one_line(self.marked, 80)} (c on another session compares)")
        detail.update(Content("\n".join(lines)))

    def _need(self, verb: str) -> Listed | None:
        row = self.current
        if row is None:
            self.notify("There is no session here to " + verb + ".", severity="warning")
        elif not row.readable:
            self.notify(Content(f"Cannot {verb} it: {one_line(row.error or '', 300)}"), severity="error", timeout=8)
            return None
        return row

    # -- actions: they need the whole session, read when asked for ---------------------
    def _with_session(self, row: Listed, then) -> None:
        """Call `then(file, state)` with the session read and folded: at once for a small log, else
        in a thread (a huge session must not freeze the browser). A failure is a notification."""
        if row.events <= OPEN_INLINE_EVENTS:
            self._deliver(row.folder, then)
        else:
            self.notify(Content(f"Opening {row.events:,} events…"), timeout=4)
            self._read_in_thread(row.folder, then)

    @work(thread=True, exclusive=True, group="review-open")
    def _read_in_thread(self, folder: Path, then) -> None:
        self._deliver(folder, then, threaded=True)

    def _deliver(self, folder: Path, then, threaded: bool = False) -> None:
        from ...domain.fold import replay
        from ...store.session_dir import open_session

        call = self.app.call_from_thread if threaded else (lambda f, *a, **k: f(*a, **k))
        try:
            opened = open_session(folder)
            state = replay(opened.file, opened.log.events)
        except (StoreError, OSError) as exc:
            text = str(exc) if isinstance(exc, StoreError) else f"{folder}: cannot be read ({exc.strerror})."
            call(self.notify, Content(one_line(text, 400)), severity="error", timeout=8)
            return
        call(then, opened, state)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        row = self._need("open")
        if row is not None:
            from .summary_screen import SummaryScreen

            self._with_session(row, lambda opened, state: self.app.push_screen(
                SummaryScreen(row.folder, state, damage=row.error)))

    def action_replay(self) -> None:
        row = self._need("replay")
        if row is not None:
            self._with_session(row, self._push_replay)

    def _push_replay(self, opened: OpenSession, state: State) -> None:
        from .replay_screen import ReplayScreen

        self.app.push_screen(ReplayScreen.from_opened(opened))

    def action_compare(self) -> None:
        row = self._need("compare")
        if row is None:
            return
        key = row.folder.name
        if self.marked is None or self.marked == key or self.marked not in self.rows:
            self.marked = None if self.marked == key else key
            self.notify("Unmarked." if self.marked is None else "Marked. Press c on another session to compare.",
                        timeout=3)
            self._fill()
            return
        first, second = sorted((self.rows[self.marked], row), key=lambda r: r.summary.created)
        self.marked = None
        self._fill()
        self._with_session(first, lambda _, a: self._with_session(second, lambda __, b: self._compare(
            first.folder.name, a, second.folder.name, b)))

    def _compare(self, first: str, a: State, second: str, b: State) -> None:
        from .compare_screen import CompareScreen

        self.app.push_screen(CompareScreen(first, a, second, b))

    def action_carry_forward(self) -> None:
        """The new-session form, filled from this session: title, agenda, level, people, its key results."""
        row = self._need("carry forward")
        if row is not None:
            self._with_session(row, lambda opened, state: self._carry_forward(row, opened.file, state))

    def _carry_forward(self, row: Listed, session: SessionFile, state: State) -> None:
        from ...services.checkin import carry_draft
        from .new_session_screen import NewSessionScreen

        try:
            draft = carry_draft(self.app.sessions_dir, str(row.folder), self.app.clock.now().date())
        except (StoreError, ValueError, OSError) as exc:
            self.notify(Content(one_line(str(exc), 300)), severity="warning")
            return
        self.app.push_screen(NewSessionScreen(draft))

    def _planning_of(self, row: Listed) -> Path | None:
        info = row.summary
        if info.kind != "check-in":
            return row.folder
        parent = self.rows.get(info.planning or "")
        if parent is None:
            self.notify("This check-in's planning session is not in this folder.", severity="warning")
            return None
        return parent.folder

    def action_board(self) -> None:
        row = self._need("show the quarter of")
        planning = self._planning_of(row) if row else None
        if planning is not None:
            from .quarter_board_screen import QuarterBoardScreen

            self.app.push_screen(QuarterBoardScreen(planning))

    def action_checkin(self) -> None:
        row = self._need("check in on")
        planning = self._planning_of(row) if row else None
        if planning is None:
            return
        self._with_session(self.rows[planning.name], lambda opened, state: self._check_in(planning, state))

    def _check_in(self, planning: Path, state: State) -> None:
        if not state.key_results:
            self.notify("This session has no key results to check in on.", severity="warning")
            return
        from ..checkin_start import start_checkin_now

        start_checkin_now(self.app, planning)

    def action_cycle_filter(self) -> None:
        self.mode_filter = FILTERS[(FILTERS.index(self.mode_filter) + 1) % len(FILTERS)]

    def action_rescan(self) -> None:
        self.rescan()

    def action_leave(self) -> None:
        self.app.back()
