"""The review side (issue 6): browse, filter, summary and export, replay controls, compare, carry forward."""

from __future__ import annotations

import shutil
import time
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import tomli_w
from textual.widgets import DataTable, Markdown

from catchball.cli import build_parser
from catchball.domain import events as ev
from catchball.domain.model import Level, Mode, Participant, SessionFile, SessionInfo
from catchball.store.agendas import load_agenda
from catchball.store.live import LiveSession
from catchball.store.session_dir import LOCK_FILE, open_session
from catchball.store.session_index import list_sessions
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock
from catchball.tui.screens.compare_screen import CompareScreen
from catchball.tui.screens.facilitate_screen import FacilitateScreen
from catchball.tui.screens.home_screen import HomeScreen
from catchball.tui.screens.replay_screen import ReplayScreen
from catchball.tui.screens.review_screen import ReviewScreen
from catchball.tui.screens.summary_screen import SummaryScreen

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-11-22-northwind-books-q1-2027-planning"
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def private_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path / "config"))


# -- building sessions in tmp_path ---------------------------------------------------------
def copy_example(sessions_dir: Path, name: str = EXAMPLE.name, title: str | None = None) -> Path:
    folder = sessions_dir / name
    shutil.copytree(EXAMPLE, folder)
    if title is not None:
        path = folder / "session.toml"
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        data["session"]["title"] = title
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return folder


def record_session(sessions_dir: Path, title: str, *, mode: str = "practice", start: datetime = NOW,
                   notes: tuple[str, ...] = ("first note",), finish: bool = False) -> Path:
    """A short session through the store, at fixed times: notes in readiness, then grading."""
    file = SessionFile(
        session=SessionInfo(schema=1, id="x", title=title, created=start, level=Level.SQUAD, mode=Mode(mode)),
        agenda=load_agenda("quarterly"), participants=(Participant.parse("Ana:leader:Core"),))
    live = LiveSession.create(sessions_dir, file, start)
    t = start
    for text in notes:
        t += timedelta(seconds=30)
        live.record(ev.Noted, t, text=text, by="Ana")
    live.record(ev.PhaseChanged, t + timedelta(seconds=60), phase=1)
    if finish:
        live.record(ev.SessionFinished, t + timedelta(seconds=90))
    live.close()
    return live.folder


def make_app(sessions_dir: Path, start=None) -> CatchballApp:
    return CatchballApp(sessions_dir, clock=FakeClock(NOW), start=start if start is not None else ReviewScreen())


async def loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot, condition, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def cells(app) -> dict[str, list[str]]:
    table = app.screen.query_one(DataTable)
    return {key.value: [c.plain for c in table.get_row(key)] for key in table.rows}


# -- browse and filter -----------------------------------------------------------------------
async def test_the_browser_lists_every_session_with_its_columns(tmp_path: Path) -> None:
    example = copy_example(tmp_path)
    practice = record_session(tmp_path, "Solo rehearsal")
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        rows = cells(app)
        assert set(rows) == {example.name, practice.name}
        mark, date, title, level, mode, status, duration, events, focus = rows[example.name]
        assert (date, title, level, mode, status) == ("2026-11-22", "Northwind Books: Q1 2027 planning",
                                                       "product", "room", "finished")
        assert focus.startswith("Make finding a second book effortless")
        assert events == str(len(open_session(example).log.events)) and duration.endswith("min")
        assert rows[practice.name][4:6] == ["practice", "in progress"]
        assert app.screen.sub_title.startswith("2 of 2 sessions")
    assert not (example / LOCK_FILE).exists()


async def test_a_rescan_while_the_rows_still_come_lists_each_session_once(tmp_path: Path) -> None:
    # the first rows come from the index at once; a rescan (r, or coming back) before the rest
    # arrived once added them a second time (DataTable: DuplicateKey)
    folders = [record_session(tmp_path, f"S{i}", start=NOW + timedelta(days=i)) for i in range(3)]
    list_sessions(tmp_path)  # the index
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        app.screen.rescan()
        await pilot.pause()
        app.screen.rescan()
        await loaded(pilot)
        keys = [key.value for key in app.screen.query_one(DataTable).rows]
        assert keys == [f.name for f in reversed(folders)]
        assert app.screen.sub_title.startswith("3 of 3 sessions")


async def test_every_session_is_reachable_by_keys_when_the_first_rows_came_from_the_index(tmp_path: Path) -> None:
    folders = [record_session(tmp_path, f"S{i:02d}", start=NOW + timedelta(days=i)) for i in range(40)]
    list_sessions(tmp_path)  # the index: a screenful at once, the rest from the thread
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.screen.current_key == folders[-1].name
        await pilot.press("ctrl+end")
        assert app.screen.current_key == folders[0].name
        await pilot.press("ctrl+home", "pagedown", "pagedown")
        assert app.screen.current_key not in (folders[-1].name, folders[0].name)
        assert len(app.screen.query_one(DataTable).rows) == 40


async def test_m_filters_room_and_practice_sessions(tmp_path: Path) -> None:
    example = copy_example(tmp_path)
    practice = record_session(tmp_path, "Solo rehearsal")
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("m")
        assert set(cells(app)) == {example.name} and app.screen.mode_filter == "room"
        await pilot.press("m")
        assert set(cells(app)) == {practice.name}
        await pilot.press("m")
        assert set(cells(app)) == {example.name, practice.name}


async def test_home_screen_offers_review(tmp_path: Path) -> None:
    copy_example(tmp_path)
    app = CatchballApp(tmp_path, clock=FakeClock(NOW))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#home-menu")
        menu.highlighted = next(i for i in range(menu.option_count) if menu.get_option_at_index(i).id == "review")
        await pilot.press("enter")
        await loaded(pilot)
        assert isinstance(app.screen, ReviewScreen) and len(cells(app)) == 1
        await pilot.press("q")  # back to the home screen, the bottom of the stack; the app stays up
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 1
        assert app.return_code is None


# -- summary -------------------------------------------------------------------------------
async def test_enter_opens_the_summary_and_e_exports_it_next_to_the_session(tmp_path: Path) -> None:
    example = copy_example(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "The objective for this quarter" in app.screen.query_one(Markdown).source
        await pilot.press("e")
        await pilot.pause()
        exported = tmp_path / f"{example.name}.md"
        assert exported.read_text(encoding="utf-8") == app.screen.report
        assert any(str(exported) in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
    assert not (example / LOCK_FILE).exists()


# -- replay --------------------------------------------------------------------------------
async def test_replay_controls_step_jump_home_end_and_speed(tmp_path: Path) -> None:
    example = copy_example(tmp_path)
    events = open_session(example).log.events
    app = make_app(tmp_path, ReplayScreen.open(example))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.pause()
        await pilot.press("space")
        assert not screen.playing
        start = screen.cursor.position
        await pilot.press("right", "right", "right")
        assert screen.cursor.position == start + 3 and screen.state.last_seq == start + 3
        assert screen.room_clock.now() == events[start + 2].at  # the room's clock at that event
        await pilot.press("left")
        assert screen.cursor.position == start + 2
        starts = [s.position for s in screen.cursor.phase_starts()]
        await pilot.press("right_square_bracket")
        assert screen.cursor.position == starts[1] and screen.state.phase == 1
        await pilot.press("pagedown", "pagedown")
        assert screen.state.phase == 3
        await pilot.press("left_square_bracket")
        assert screen.cursor.position == starts[2] and screen.state.phase == 2
        await pilot.press("end")
        assert screen.cursor.at_end and screen.state.finished
        await pilot.press("home")
        assert screen.cursor.position == 0 and not screen.state.started
        speeds = []
        for _ in range(4):
            await pilot.press("s")
            speeds.append(screen.speed)
        assert speeds == [10.0, 60.0, 0.0, 1.0]
        assert not (example / LOCK_FILE).exists()


async def test_replay_is_paced_by_the_events_own_timestamps(tmp_path: Path) -> None:
    example = copy_example(tmp_path)
    events = open_session(example).log.events
    app = make_app(tmp_path, ReplayScreen.open(example, speed=1))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        # the first event that came at least 10 s after the one before it
        gap = next(p for p in range(1, len(events)) if (events[p].at - events[p - 1].at).total_seconds() >= 10)
        await until(pilot, lambda: screen.cursor.position >= gap)
        await pilot.pause(0.6)
        # at 1x that gap is waited out (capped at 5 s), the timer moving meanwhile
        assert screen.cursor.position == gap and screen.playing
        seen = screen.room_clock.now()
        assert events[gap - 1].at < seen < events[gap].at
        await pilot.press("space")  # pause keeps the room clock where it was
        held = screen.room_clock.now()
        await pilot.pause(0.3)
        assert screen.room_clock.now() == held


async def test_a_replay_at_speed_1000_reaches_the_end_and_stays_there(tmp_path: Path) -> None:
    example = copy_example(tmp_path)
    total = len(open_session(example).log.events)
    app = make_app(tmp_path, ReplayScreen.open(example, speed=0))  # max: a few seconds for the example
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.cursor.at_end, seconds=30)
        assert screen.cursor.position == total and screen.state.finished and not screen.playing
        await pilot.pause(0.3)
        assert app.screen is screen and screen.cursor.position == total
        assert "end of the log" in screen.query_one("ReplayTimeline").status
        await pilot.press("q")
    assert app.return_code in (0, None)


def test_the_replay_and_review_commands_parse() -> None:
    args = build_parser().parse_args(["replay", "some-session", "--speed", "1000"])
    assert args.speed == 1000.0 and args.session == "some-session" and args.func.__name__ == "cmd_replay"
    assert build_parser().parse_args(["review"]).func.__name__ == "cmd_review"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["replay", "x", "--speed", "fast"])


async def test_p_replays_the_highlighted_session_and_q_comes_back(tmp_path: Path) -> None:
    copy_example(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen) and app.screen.read_only
        await pilot.press("q")
        assert isinstance(app.screen, ReviewScreen)


# -- carry forward and compare -----------------------------------------------------------------
async def test_carry_forward_opens_the_form_filled_then_grades_the_focused_okr(tmp_path: Path) -> None:
    example = copy_example(tmp_path)
    unfinished = record_session(tmp_path, "Not done", mode="room")
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(unfinished.name))
        await pilot.press("f")
        assert isinstance(app.screen, ReviewScreen)  # refused with a sentence
        table.move_cursor(row=table.get_row_index(example.name))
        await pilot.press("f")
        await pilot.pause()
        # the form opens filled in, so the room can set the next quarter's title and agenda first
        from textual.widgets import Input, Select, TextArea

        from catchball.tui.screens.new_session_screen import NewSessionScreen

        assert isinstance(app.screen, NewSessionScreen) and app.live is None
        assert app.screen.query_one("#new-title", Input).value == \
            "Northwind Books: Q1 2027 planning (next quarter)"
        assert app.screen.query_one("#new-agenda", Select).value == "quarterly"
        assert app.screen.query_one("#new-level", Select).value == "product"
        assert app.screen.query_one(TextArea).text.splitlines()[0] == "Maya Okafor:leader:Checkout"
        app.screen.query_one("#new-title", Input).value = "Northwind Books: Q2 2027 planning"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen) and app.live is not None
        assert app.live.state.session.session.title == "Northwind Books: Q2 2027 planning"
        state = app.live.state
        old = open_session(example)
        from catchball.domain.fold import replay

        expected = [kr.text for kr in replay(old.file, old.log.events).key_results.values()]
        assert [kr.text for kr in state.prior_krs.values()] == expected
        assert state.session.session.carried_from == example.name
        assert state.session.participants == old.file.participants
        app.close_live()


async def test_compare_two_quarters_side_by_side(tmp_path: Path) -> None:
    from catchball.services.session_factory import build_session_file, start_session

    example = copy_example(tmp_path)
    old = open_session(example)
    from catchball.domain.fold import replay

    krs = tuple(kr.text for kr in replay(old.file, old.log.events).key_results.values())
    file = build_session_file(title="Q2 planning", agenda="quarterly", level="product", participants=[],
                              now=NOW, prior_key_results=krs, carried_from=example.name)
    live = start_session(tmp_path, file, NOW)
    first = next(iter(live.state.prior_krs))
    live.record(ev.PhaseChanged, NOW + timedelta(minutes=5), phase=1)
    live.record(ev.KrGraded, NOW + timedelta(minutes=6), kr=first, grade=0.7)
    live.record(ev.RetroNoted, NOW + timedelta(minutes=9), field="learned", text="Weekly numbers beat hunches")
    live.close()
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(live.folder.name))
        await pilot.press("c")
        assert app.screen.marked == live.folder.name and cells(app)[live.folder.name][0] == "A"
        table.move_cursor(row=table.get_row_index(example.name))
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        left = "\n".join(str(s.render()) for s in app.screen.query("#compare-a Static"))
        right = "\n".join(str(s.render()) for s in app.screen.query("#compare-b Static"))
        assert f"{krs[0]}  → graded 0.7 next quarter" in left
        assert f"{krs[1]}  → carried, not graded yet" in left
        assert "Keep-the-lights-on work" in left  # parked
        assert f"{krs[0]}: 0.7" in right and "(learned) Weekly numbers beat hunches" in right
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen) and app.screen.marked is None


async def test_rows_that_arrive_while_listing_are_measured_before_the_next_frame(tmp_path: Path) -> None:
    """The first listing appends rows as they come; a DataTable measures new rows (its columns'
    widths) only when it is next idle, so a frame drawn before that cut the new rows' cells at
    the earlier rows' widths (a snapshot under load showed `prod…` for `product`)."""
    from catchball.store.session_index import list_sessions

    copy_example(tmp_path)
    record_session(tmp_path, "Short")
    newest, example = list_sessions(tmp_path)  # the practice run (squad), then the example (product)
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        screen = app.screen
        table = screen.query_one(DataTable)
        table.clear()
        for column in table.columns.values():  # as new: only its label measured
            column.content_width = column.label.cell_len
        screen.rows = {}
        screen._filled_once = False  # as during the first listing: rows are appended as they come
        listing = screen._listing
        screen._arrived(listing, [newest])
        screen._arrived(listing, [example])  # no pause: no idle in between
        level = table.columns["level"]
        assert level.content_width >= len("product"), level.content_width
