"""The session browser: every session in the sessions dir, with summary, replay, compare, carry forward.

Sessions are opened read-only (no lock). A folder that fails to load is listed with its
one-sentence error, never hidden; every cell is rendered literally (`Text`, never markup).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.fold import replay
from ...domain.model import SessionFile
from ...domain.state import State
from ...domain.text import one_line
from ...store.errors import StoreError
from ...store.session_dir import EVENTS_FILE, OpenSession, open_session

MAX_LOG_BYTES = 64 * 1024 * 1024  # a log larger than this is refused with a sentence
FILTERS = ("all", "room", "practice")


@dataclass(frozen=True)
class ReviewRow:
    folder: Path
    file: SessionFile | None
    state: State | None
    events: int
    error: str | None  # the damage of a readable log, or why the session cannot be read

    @property
    def readable(self) -> bool:
        return self.file is not None and self.state is not None

    @property
    def status(self) -> str:
        if not self.readable:
            return "unreadable"
        if self.error:
            return "damaged"
        return "finished" if self.state.finished else "in progress"

    @property
    def mode(self) -> str | None:
        return self.file.session.mode.value if self.file else None

    @property
    def title(self) -> str:
        return self.file.session.title if self.file else self.folder.name

    @property
    def focus(self) -> str | None:
        state = self.state
        return state.objectives[state.focus].text if state and state.focus in state.objectives else None

    @property
    def minutes(self) -> float | None:
        state = self.state
        end = state and (state.finished_at or state.last_at)
        return (end - state.started_at).total_seconds() / 60 if state and state.started_at and end else None


def load_row(folder: Path) -> ReviewRow:
    """One session folder, read-only; any failure becomes a sentence on the row."""
    try:
        log = folder / EVENTS_FILE
        if log.is_file() and log.stat().st_size > MAX_LOG_BYTES:
            size = log.stat().st_size // (1024 * 1024)
            raise StoreError(f"{log}: {size} MB is more than the {MAX_LOG_BYTES // 2**20} MB catchball opens.")
        opened = open_session(folder)
        state = replay(opened.file, opened.log.events)
    except StoreError as exc:
        return ReviewRow(folder, None, None, 0, str(exc))
    except Exception as exc:  # noqa: BLE001 - a hostile file must never take the list down
        return ReviewRow(folder, None, None, 0, f"{folder}: could not be read ({type(exc).__name__}).")
    damage = opened.log.damage.message if opened.log.damage else None
    return ReviewRow(folder, opened.file, state, len(opened.log.events), damage)


def scan(sessions_dir: Path) -> list[ReviewRow]:
    """Every session folder in the sessions dir, newest first."""
    try:
        folders = sorted((p for p in sessions_dir.iterdir() if p.is_dir() and not p.name.startswith(".")),
                         reverse=True)
    except OSError:
        return []
    return [load_row(folder) for folder in folders]


def duration_text(minutes: float | None) -> str:
    if minutes is None:
        return "-"
    hours, mins = divmod(round(minutes), 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def grouped(rows: dict[str, ReviewRow]) -> dict[str, ReviewRow]:
    """Planning sessions newest first, each followed by its weekly check-ins, oldest first."""
    def checkin_of(row: ReviewRow) -> str | None:
        info = row.file.session if row.file else None
        return info.planning if info is not None and info.kind.value == "check-in" else None

    children: dict[str, list[str]] = {}
    for key, row in rows.items():
        parent = checkin_of(row)
        if parent in rows:
            children.setdefault(parent, []).append(key)
    out: dict[str, ReviewRow] = {}
    for key, row in rows.items():
        if checkin_of(row) in rows:
            continue
        out[key] = row
        for child in sorted(children.get(key, [])):
            out[child] = rows[child]
    return out


def checkin_summary(state: State | None) -> str:
    if state is None:
        return "-"
    values = ", ".join(f"KR{v.kr} {v.value:g} ({v.confidence}/10)" for v in state.checkin_values.values())
    return values or "no values"


def _cell(text: str, width: int | None = None) -> Text:
    return Text(one_line(text, width), no_wrap=True, overflow="ellipsis")


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
        self.rows: dict[str, ReviewRow] = {}
        self.marked: str | None = None
        self._filled_width = 0

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="review-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Review sessions"
        table = self.query_one(DataTable)
        for label, key in (("", "mark"), ("date", "date"), ("title", "title"), ("level", "level"),
                           ("mode", "mode"), ("status", "status"), ("duration", "duration"),
                           ("events", "events"), ("focused objective", "focus")):
            table.add_column(Text(label), key=key)
        table.focus()
        self.rescan()

    def on_screen_resume(self) -> None:
        if self.rows:
            self.rescan()

    # -- loading, in a thread: a 100,000-event log must not freeze the screen ----------
    def rescan(self) -> None:
        self.query_one(DataTable).loading = True
        self._scan(self.app.sessions_dir)

    @work(thread=True, exclusive=True, group="review-scan")
    def _scan(self, sessions_dir: Path) -> None:
        rows = scan(sessions_dir)
        self.app.call_from_thread(self._loaded, rows)

    def _loaded(self, rows: list[ReviewRow]) -> None:
        self.rows = {row.folder.name: row for row in rows}
        if self.marked not in self.rows:
            self.marked = None
        self.query_one(DataTable).loading = False
        self._fill()

    def watch_mode_filter(self) -> None:
        if self.is_mounted:
            self._fill()

    def _visible(self, row: ReviewRow) -> bool:
        return self.mode_filter == "all" or row.mode is None or row.mode == self.mode_filter

    @property
    def _text_width(self) -> int:
        """How much of a title or an objective a cell shows: a third of the screen, within limits."""
        return max(16, min(60, self.app.size.width // 3 - 6))

    def on_resize(self) -> None:
        if self.rows and self._filled_width != self._text_width:
            self._fill()

    def _fill(self) -> None:
        self._filled_width = self._text_width
        table = self.query_one(DataTable)
        keep = self.current_key
        table.clear()
        for key, row in grouped(self.rows).items():
            if self._visible(row):
                table.add_row(*self._cells(row), key=key)
        if keep is not None and keep in self.rows and self._visible(self.rows[keep]):
            table.move_cursor(row=table.get_row_index(keep))
        shown = table.row_count
        self.sub_title = f"{shown} of {len(self.rows)} sessions · filter: {self.mode_filter}"
        self._describe()

    def _cells(self, row: ReviewRow) -> list[Text]:
        wide = self._text_width
        mark = _cell("A" if row.folder.name == self.marked else "")
        if not row.readable:
            date = row.folder.name[:10] if row.folder.name[:4].isdigit() else "?"
            return [mark, _cell(date), _cell(row.folder.name, wide), _cell("?"), _cell("?"), _cell(row.status),
                    _cell("-"), Text("-", justify="right"), _cell(row.error or "", 2 * wide)]
        info = row.file.session
        if info.kind.value == "check-in":  # listed under its planning session
            day = info.checkin_date or info.created.date()
            return [mark, _cell(f"{day:%Y-%m-%d}"), _cell(f"  └ weekly check-in {day:%Y-%m-%d}", wide),
                    _cell(info.level.value), _cell("check-in"), _cell(row.status), _cell(duration_text(row.minutes)),
                    Text(str(row.events), justify="right"), _cell(checkin_summary(row.state), wide)]
        return [mark, _cell(f"{info.created:%Y-%m-%d}"), _cell(row.title, wide), _cell(info.level.value),
                _cell(info.mode.value), _cell(row.status), _cell(duration_text(row.minutes)),
                Text(str(row.events), justify="right"), _cell(row.focus or "-", wide)]

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
    def current(self) -> ReviewRow | None:
        key = self.current_key
        return self.rows.get(key) if key is not None else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._describe()

    def _describe(self) -> None:
        row = self.current
        detail = self.query_one("#review-detail", Static)
        if row is None:
            detail.update(Content(f"No sessions in {one_line(str(self.app.sessions_dir))}." if not self.rows
                                  else "No sessions match this filter (m changes it)."))
            return
        lines = [one_line(row.title, 300), f"folder: {one_line(row.folder.name, 120)}"]
        if row.error:
            lines.append(one_line(row.error, 600))
        if self.marked:
            lines.append(f"Marked for comparison: {one_line(self.marked, 80)} (c on another session compares)")
        detail.update(Content("\n".join(lines)))

    def _need(self, verb: str) -> ReviewRow | None:
        row = self.current
        if row is None:
            self.notify("There is no session here to " + verb + ".", severity="warning")
        elif not row.readable:
            self.notify(Content(f"Cannot {verb} it: {one_line(row.error or '', 300)}"), severity="error", timeout=8)
            return None
        return row

    # -- actions --------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        row = self._need("open")
        if row is not None:
            from .summary_screen import SummaryScreen

            self.app.push_screen(SummaryScreen(row.folder, row.state, damage=row.error))

    def action_replay(self) -> None:
        row = self._need("replay")
        if row is None:
            return
        if row.events > 20_000:
            self.notify(Content(f"Opening {row.events:,} events…"), timeout=4)
        self._open_replay(row.folder)

    @work(thread=True, exclusive=True, group="replay-open")
    def _open_replay(self, folder: Path) -> None:
        """Read the log off the UI thread: a huge session must not freeze the browser."""
        try:
            opened = open_session(folder)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, Content(str(exc)), severity="error", timeout=8)
            return
        self.app.call_from_thread(self._push_replay, opened)

    def _push_replay(self, opened: OpenSession) -> None:
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
        from .compare_screen import CompareScreen

        first, second = sorted((self.rows[self.marked], row), key=lambda r: r.file.session.created)
        self.marked = None
        self._fill()
        self.app.push_screen(CompareScreen(first.folder.name, first.state, second.folder.name, second.state))

    def action_carry_forward(self) -> None:
        row = self._need("carry forward")
        if row is None:
            return
        if not row.state.finished:
            self.notify("Only a finished session can be carried forward; this one is still in progress.",
                        severity="warning")
            return
        krs = tuple(kr.text for kr in row.state.key_results.values())
        if not krs:
            self.notify("This session has no key results to carry forward.", severity="warning")
            return
        from ...services.session_factory import build_session_file, start_session

        info = row.file.session
        now = self.app.clock.now()
        try:
            from ...services.checkin import measured_key_results

            texts, measured = measured_key_results(self.app.sessions_dir, row.folder, now.date())
            file = build_session_file(title=f"{info.title[:470]} (next quarter)", agenda="quarterly",
                                      level=info.level.value, participants=[], now=now,
                                      prior_key_results=texts or krs, carried_from=row.folder.name,
                                      measured=measured)
            file = file.model_copy(update={"participants": row.file.participants})
            live = start_session(self.app.sessions_dir, file, now)
        except (StoreError, ValueError, OSError) as exc:
            self.notify(Content(f"Not carried forward: {one_line(str(exc), 300)}"), severity="error", timeout=8)
            return
        self.notify(Content(f"Started {live.folder.name} with {len(krs)} key results to grade."))
        self.app.open_live(live)

    def _planning_of(self, row: ReviewRow) -> Path | None:
        info = row.file.session
        if info.kind.value != "check-in":
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
        if not self.rows[planning.name].state.key_results:
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
