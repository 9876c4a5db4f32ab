"""Session files from someone else, through every review screen: shown literally, never executed, never crashing."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

import pytest
from _shared import blns_strings
from test_review import (
    NOW,
    cells,
    copy_example,
    loaded,
    make_app,
    record_session,
    until,
)
from textual.widgets import DataTable, Markdown

from catchball.domain import events as ev
from catchball.domain.report_md import md
from catchball.domain.text import one_line
from catchball.store.event_log import encode
from catchball.store.session_dir import EVENTS_FILE
from catchball.tui.screens.compare_screen import CompareScreen
from catchball.tui.screens.replay_screen import ReplayScreen
from catchball.store.session_index import list_sessions as scan
from catchball.tui.screens.review_screen import ReviewScreen
from catchball.tui.screens.summary_screen import SummaryScreen

EVIL = "EVIL [/] title [@click=app.quit]Q[/] [$accent]x"
NASTY = ["\x1b[31mred\x1b[0m\x07 bell", "[bold]not bold[/bold] [link=http://x]l[/link]", "x" * 5000,
         "line\none\r\n\ttab", "\u202eevil rtl", "$accent $(rm -rf /) `id`"]


@pytest.fixture(autouse=True)
def private_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path / "config"))


def screen_text(app) -> str:
    """What the terminal shows, as plain text."""
    svg = app.export_screenshot()
    return html.unescape(svg).replace("\xa0", " ")


async def test_the_evil_title_is_literal_in_the_browser_and_a_replay_that_keeps_running(tmp_path: Path) -> None:
    evil = copy_example(tmp_path, "2026-11-22-evil", title=EVIL)
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        assert cells(app)[evil.name][2] == EVIL
        assert EVIL in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReplayScreen) and screen.title == EVIL
        await pilot.press("s", "s", "s")  # max speed
        await until(pilot, lambda: screen.cursor.position > 5)
        assert EVIL in screen_text(app)
        await until(pilot, lambda: screen.cursor.at_end, seconds=30)
        assert app.is_running and app.screen is screen
        await pilot.press("enter", "q")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")  # the summary
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert md("EVIL [/] title [@click=app.quit]Q[/]") in app.screen.query_one(Markdown).source
        assert "[@click=app.quit]Q[/]" in screen_text(app)
    assert app.return_code in (0, None)


async def test_blns_titles_and_notes_through_every_review_screen(tmp_path: Path) -> None:
    blns = blns_strings()
    titles = blns[::60] + NASTY
    for i, title in enumerate(titles):
        record_session(tmp_path, title[:500], mode="room" if i % 2 else "practice",
                       start=NOW + timedelta(days=i), notes=(title,), finish=i % 3 == 0)
    notes_folder = record_session(tmp_path, EVIL, mode="room", start=NOW - timedelta(days=1),
                                  notes=tuple(blns + NASTY), finish=True)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        rows = cells(app)
        assert len(rows) == len(titles) + 1
        shown = {r[2] for r in rows.values()}
        for title in titles:
            assert one_line(title[:500], app.screen._text_width) in shown
        assert all("\x1b" not in c and "\x07" not in c for r in rows.values() for c in r)
        await pilot.press("m", "m", "m")
        table = app.screen.query_one(DataTable)
        for key in (notes_folder.name,):
            table.move_cursor(row=table.get_row_index(key))
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            assert "\x1b" not in app.screen.query_one(Markdown).source
            await pilot.press("q", "p")
            await pilot.pause()
            assert isinstance(app.screen, ReplayScreen)
            await pilot.press("end", "left", "left_square_bracket", "home", "right", "right", "right")
            await pilot.pause()
            await pilot.press("q")
        keys = list(rows)
        table.move_cursor(row=table.get_row_index(keys[0]))
        await pilot.press("c")
        table.move_cursor(row=table.get_row_index(notes_folder.name))
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("escape")
        assert app.is_running


def test_damaged_unreadable_and_foreign_folders_are_listed_with_a_sentence(tmp_path: Path) -> None:
    torn = copy_example(tmp_path, "2026-11-22-torn")
    with (torn / EVENTS_FILE).open("ab") as f:
        f.write(b'\n[[events]]\nkind = "noted"\nat = 2026-11-22T12:00:00Z\ntext = "half')
    (tmp_path / "2026-11-23-garbage").mkdir()
    (tmp_path / "2026-11-23-garbage" / "session.toml").write_bytes(b"\xff\xfe not toml [[[")
    (tmp_path / "2026-11-24-newer").mkdir()
    (tmp_path / "2026-11-24-newer" / "session.toml").write_text((torn / "session.toml").read_text()
                                                                .replace("schema = 1", "schema = 99"))
    (tmp_path / "2026-11-25-deep").mkdir()
    (tmp_path / "2026-11-25-deep" / "session.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000)
    (tmp_path / "not-a-session").mkdir()
    rows = {r.folder.name: r for r in scan(tmp_path)}
    assert rows["2026-11-22-torn"].status == "damaged" and "line" in rows["2026-11-22-torn"].error
    for name in ("2026-11-23-garbage", "2026-11-24-newer", "2026-11-25-deep", "not-a-session"):
        assert rows[name].status == "unreadable" and rows[name].error.endswith(".")
        assert "\n" not in rows[name].error.strip()


async def test_damaged_and_unreadable_sessions_in_the_browser(tmp_path: Path) -> None:
    torn = copy_example(tmp_path, "2026-11-22-torn")
    with (torn / EVENTS_FILE).open("ab") as f:
        f.write(b'\n[[events]]\nkind = "noted"\nat = 2026-11-22T12:00:00Z\ntext = "half')
    (tmp_path / "2026-11-23-garbage").mkdir()
    (tmp_path / "2026-11-23-garbage" / "session.toml").write_text("[session]\ntitle = '[red]x[/red]'\n")
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        rows = cells(app)
        assert rows["2026-11-22-torn"][5] == "damaged" and rows["2026-11-23-garbage"][5] == "unreadable"
        assert "session.toml" in app.screen.rows["2026-11-23-garbage"].error
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("2026-11-23-garbage"))
        for key in ("enter", "p", "f", "c"):
            await pilot.press(key)
            assert isinstance(app.screen, ReviewScreen)  # refused with the sentence
        table.move_cursor(row=table.get_row_index("2026-11-22-torn"))
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen) and app.screen.damage
        await pilot.press("q", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Damaged log" in screen_text(app)


async def test_a_long_log_replays_end_home_and_steps(tmp_path: Path) -> None:
    """20,000 events here to keep the suite quick; benchmarks/review_seek.py --events 100000 measures 100,000."""
    await _long_log(tmp_path)


async def _long_log(tmp_path: Path) -> None:
    folder = copy_example(tmp_path, "2026-11-22-huge")
    at = NOW
    chunks = [ev.SessionStarted(seq=1, at=at)]
    for seq in range(2, 20_001):
        at += timedelta(seconds=1)
        chunks.append(ev.Noted(seq=seq, at=at, text=f"note {seq} [b]x[/b]"))
    (folder / EVENTS_FILE).write_bytes(b"".join(encode(e) for e in chunks))
    app = make_app(tmp_path, ReplayScreen.open(folder, speed=0))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await pilot.pause(0.3)
        await pilot.press("end")
        assert screen.cursor.at_end and screen.state.last_seq == 20_000
        await pilot.press("left", "home", "right")
        assert screen.cursor.position == 1
