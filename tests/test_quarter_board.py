"""The quarter board against issue 16's words: the flags at their edges (behind-pace,
confidence-falling, stale, same-priority, kpi-at-risk), a board that depends on the date it is
given and never on the machine's, the JSON field by field, one source of truth for the screen, the
JSON, the text and the Markdown, and `catchball new --quarter` as a real process."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from textual.widgets import Static

from catchball.cli.main import main
from catchball.domain import events as ev
from catchball.domain.quarter_board import STALE_DAYS, behind_pace, expected_value
from catchball.domain.quarter_board_text import board_markdown, board_rows
from catchball.services.checkin import load_quarter, start_checkin
from catchball.store.session_dir import read_session_file
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock
from catchball.tui.screens.quarter_board_screen import QuarterBoardScreen

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-11-22-northwind-books-q1-2027-planning"
START, END = date(2027, 1, 1), date(2027, 3, 31)
KPI_RISK, KPI_STEADY = "Checkout error rate below 0.5%", "Monthly active buyers (health: keep steady)"


@pytest.fixture(autouse=True)
def _private(tmp_path, monkeypatch):
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path / "config"))


def fresh(root: Path) -> Path:
    """The example planning session alone (no check-ins) in `root`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXAMPLE, root / EXAMPLE.name)
    return root


def check_in(root: Path, day: date, values=(), priorities=(), kpis=()) -> None:
    """A finished check-in of the example dated `day`."""
    now = datetime(day.year, day.month, day.day, 9, 0, tzinfo=timezone.utc)
    quarter = load_quarter(root, root / EXAMPLE.name)
    live = start_checkin(root, quarter, day, now, [{"kr": kr, "value": v, "confidence": c} for kr, v, c in values])
    for team, text, kr in priorities:
        live.record(ev.PrioritySet, now, team=team, text=text, kr=kr)
    for kpi, status in kpis:
        live.record(ev.KpiChecked, now, kpi=kpi, status=status)
    live.record(ev.SessionFinished, now)
    live.close()


def board(root: Path, today: date) -> dict:
    return load_quarter(root, root / EXAMPLE.name).board(today)


def kr(b: dict, number: int) -> dict:
    return b["key_results"][number - 1]


# -- stale, and the date the board is for ------------------------------------------------------------
@settings(max_examples=15, deadline=None)
@given(st.integers(0, 60), st.integers(0, 40))
@example(10, 13)
@example(10, 14)
@example(0, 14)  # the day the quarter starts, and 14 days on
def test_stale_is_two_weeks_without_a_value_from_the_date_given(tmp_path_factory, first, gap):
    root = fresh(tmp_path_factory.mktemp("q") / "s")
    day = START + timedelta(days=first)
    check_in(root, day, values=[(1, 19, 6)])
    as_of = day + timedelta(days=gap)
    b = board(root, as_of)
    assert b["as_of"] == min(as_of, END).isoformat()
    waited = (min(as_of, END) - day).days
    assert ("stale" in kr(b, 1)["flags"]) == (waited >= STALE_DAYS)  # 13 days: not yet; 14: stale
    # a key result nobody checked in on counts from the quarter's first day
    assert ("stale" in kr(b, 2)["flags"]) == ((min(as_of, END) - START).days >= STALE_DAYS)


def test_the_board_is_for_the_date_it_is_given(tmp_path):
    root = fresh(tmp_path / "s")
    check_in(root, date(2027, 1, 18), values=[(1, 19, 6)])
    # before the quarter: as of its first day, then raised to the last check-in's date
    assert board(root, date(2026, 6, 1)) == board(root, date(2027, 1, 18))
    assert board(root, date(2026, 6, 1))["as_of"] == "2027-01-18"
    # after the quarter: as of its last day
    assert board(root, date(2030, 1, 1)) == board(root, END)
    late = board(root, date(2027, 2, 20))
    assert late["as_of"] == "2027-02-20" and "stale" in kr(late, 1)["flags"]
    assert kr(late, 1)["expected_today"] == pytest.approx(expected_value(18, 25, START, END, date(2027, 2, 20)))
    # `expected` is the line at the last value's date, whatever the day the board is read
    assert kr(late, 1)["expected"] == kr(board(root, date(2027, 1, 18)), 1)["expected"]


def test_the_cli_as_of_and_the_screen_clock_give_the_same_board(tmp_path, capsys):
    root = fresh(tmp_path / "s")
    check_in(root, date(2027, 1, 11), values=[(1, 19, 6), (2, 90, 5)])
    assert main(["--sessions-dir", str(root), "quarter", EXAMPLE.name, "--json", "--as-of", "2027-02-01"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == board(root, date(2027, 2, 1))
    assert [k["flags"] for k in printed["key_results"]] == [["stale"], ["stale"], ["stale"]]


# -- behind-pace at its edge, both ways ----------------------------------------------------------------
@pytest.mark.parametrize("base,target", [(18, 25), (95, 60), (0, 1)])
def test_behind_pace_starts_past_a_tenth_of_the_way(base, target):
    expected = expected_value(base, target, START, END, date(2027, 2, 15))
    tenth = (target - base) / 10
    assert not behind_pace(base, target, expected, expected)
    assert not behind_pace(base, target, expected - tenth, expected)  # exactly a tenth short: on pace
    assert behind_pace(base, target, expected - tenth * 1.01, expected)
    assert not behind_pace(base, target, expected + tenth * 5, expected)  # ahead is never behind


def test_behind_pace_on_the_board_is_at_the_last_values_date(tmp_path):
    root = fresh(tmp_path / "s")
    day = date(2027, 2, 15)
    line1 = expected_value(18, 25, START, END, day)
    line2 = expected_value(95, 60, START, END, day)
    check_in(root, day, values=[(1, round(line1 - 0.7, 4) + 0.01, 5), (2, round(line2 + 3.6, 2), 5)])
    b = board(root, day)
    assert "behind-pace" not in kr(b, 1)["flags"]  # a little less than a tenth short
    assert "behind-pace" in kr(b, 2)["flags"]  # 3.6 s slower than the line: more than a tenth of 35 s


# -- confidence-falling ----------------------------------------------------------------------------------
@pytest.mark.parametrize("confidences,falling", [
    ([5], False),  # planned 6, then 5: lower once
    ([5, 4], True),  # lower two check-ins running (the planned confidence is the first reading)
    ([5, 5], False),
    ([7, 6, 5], True),
    ([4, 5, 4], False),
    ([6, 6, 5], False),
])
def test_confidence_falling_two_check_ins_running(tmp_path, confidences, falling):
    root = fresh(tmp_path / "s")
    for week, c in enumerate(confidences):
        check_in(root, START + timedelta(days=10 + 7 * week), values=[(1, 19, c)])
    assert kr(board(root, START + timedelta(days=10 + 7 * len(confidences))), 1)["planned_confidence"] == 6
    assert ("confidence-falling" in kr(board(root, START + timedelta(days=30)), 1)["flags"]) == falling


# -- same-priority -----------------------------------------------------------------------------------------
def test_same_priority_three_check_ins_running(tmp_path):
    root = fresh(tmp_path / "s")
    days = [START + timedelta(days=10 + 7 * w) for w in range(4)]
    check_in(root, days[0], priorities=[("Search", "Fix the catalogue gaps", 2), ("Checkout", "Tidy", None)])
    check_in(root, days[1], priorities=[("Search", "fix the  CATALOGUE gaps", 2), ("Checkout", "Tidy", None)])
    assert "same-priority" not in kr(board(root, days[1]), 2)["flags"]  # two weeks: not yet
    check_in(root, days[2])  # a check-in that set no priorities does not break the run
    check_in(root, days[3], priorities=[("Search", "Fix the catalogue gaps", 2), ("Checkout", "Tidy", None)])
    b = board(root, days[3])
    assert "same-priority" in kr(b, 2)["flags"] and "same-priority" not in kr(b, 1)["flags"]
    unlinked = [f for f in b["flags"] if f["code"] == "same-priority" and f["kr"] is None]
    assert [(f["team"], f["text"]) for f in unlinked] == [("Checkout", "Checkout: Tidy")]


def test_same_priority_needs_the_same_team(tmp_path):
    root = fresh(tmp_path / "s")
    for w, team in enumerate(["Search", "Search", "Checkout"]):
        check_in(root, START + timedelta(days=10 + 7 * w), priorities=[(team, "Fix the catalogue gaps", 2)])
    assert "same-priority" not in kr(board(root, START + timedelta(days=30)), 2)["flags"]


# -- kpi-at-risk ------------------------------------------------------------------------------------------
def test_kpi_at_risk_is_read_at_the_last_check_in_that_looked(tmp_path):
    root = fresh(tmp_path / "s")
    check_in(root, date(2027, 1, 11), kpis=[(KPI_RISK, "at_risk"), (KPI_STEADY, "at_risk")])
    check_in(root, date(2027, 1, 18), kpis=[(KPI_STEADY, "steady")])
    check_in(root, date(2027, 1, 25))  # looked at neither
    b = board(root, date(2027, 1, 25))
    assert [f["kpi"] for f in b["flags"] if f["code"] == "kpi-at-risk"] == [KPI_RISK]
    assert {k["text"]: (k["status"], k["date"]) for k in b["kpis"]} == {
        KPI_RISK: ("at_risk", "2027-01-11"), KPI_STEADY: ("steady", "2027-01-18")}


# -- the JSON, field by field ---------------------------------------------------------------------------
def test_the_json_holds_what_the_issue_names(capsys):
    """`objective`, `start`, `end`, `checkins` (oldest first, each with its `date`), `key_results`
    with `number`, `text`, `baseline`, `target` (numbers), `values` ({`date`, `value`,
    `confidence`}, oldest first), `expected`, `proposed_grade` (tenths, 0-1) and `flags` (codes)."""
    assert main(["--sessions-dir", str(ROOT / "sessions"), "quarter", EXAMPLE.name, "--json",
                 "--as-of", "2027-01-25"]) == 0
    b = json.loads(capsys.readouterr().out)
    assert isinstance(b["objective"], str) and (b["start"], b["end"]) == ("2027-01-01", "2027-03-31")
    dates = [c["date"] for c in b["checkins"]]
    assert dates == sorted(dates) and len(dates) == 3
    codes = {"behind-pace", "confidence-falling", "stale", "same-priority", "kpi-at-risk"}
    for number, k in enumerate(b["key_results"], 1):
        assert k["number"] == number and isinstance(k["text"], str)
        assert all(type(k[f]) in (int, float) for f in ("baseline", "target", "expected"))
        assert [v["date"] for v in k["values"]] == dates
        assert all({"date", "value", "confidence"} <= set(v) and type(v["value"]) in (int, float)
                   and type(v["confidence"]) is int for v in k["values"])
        grade = k["proposed_grade"]
        assert 0.0 <= grade <= 1.0 and round(grade * 10) == pytest.approx(grade * 10)
        assert set(k["flags"]) <= codes
        day = date.fromisoformat(k["values"][-1]["date"])
        assert k["expected"] == pytest.approx(expected_value(k["baseline"], k["target"], START, END, day), abs=1e-6)
    assert {f["code"] for f in b["flags"]} <= codes


# -- one source of truth -----------------------------------------------------------------------------------
def _unescape(cell: str) -> str:
    return cell.replace("\\", "").strip()


async def test_the_screen_the_json_the_text_and_the_markdown_agree(capsys):
    root, day = ROOT / "sessions", date(2027, 1, 25)
    argv = ["--sessions-dir", str(root), "quarter", EXAMPLE.name, "--as-of", day.isoformat()]
    assert main(argv + ["--json"]) == 0
    b = json.loads(capsys.readouterr().out)
    assert main(argv + ["--md"]) == 0
    markdown = capsys.readouterr().out
    assert main(argv) == 0
    text = capsys.readouterr().out
    app = CatchballApp(root, clock=FakeClock(datetime(2027, 1, 25, 12, 0, tzinfo=timezone.utc)),
                       start=QuarterBoardScreen(root / EXAMPLE.name))
    async with app.run_test(size=(140, 60)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.board == b  # the screen holds the very dict the JSON prints
        screen = str(app.screen.query_one("#board-body", Static).content)
    assert b == _board_as_of(b)
    table = {int(cells[0]): cells for cells in (
        [_unescape(c) for c in line.strip("|").split(" | ")] for line in markdown.splitlines()
        if line.startswith("| ") and line[2].isdigit() and line.count("|") == 10)}
    for row, k in zip(board_rows(b), b["key_results"]):
        # the rows' strings come from the JSON's numbers
        assert row["grade"] == f"{k['proposed_grade']:.1f}"
        assert row["confidences"] == [str(v["confidence"]) for v in k["values"]]
        # the Markdown table says the same
        cells = table[row["number"]]
        assert cells[4:7] == [row["last"], row["line"], row["grade"]]
        assert cells[8] == ", ".join(row["flags"]) and cells[7] == " ".join([row["planned_confidence"],
                                                                             *row["confidences"]])
        # the screen says the same
        assert f"last {row['last']} · the line {row['line']} · proposed grade {row['grade']}" in screen
        assert f"planned {row['planned_confidence']}, then {' '.join(row['confidences'])}" in screen
        assert all(f"⚑ {code}" in screen for code in row["flags"])
        # and the text table
        line = next(t for t in text.splitlines() if t.startswith(f"{row['number']:<3}"))
        assert f"{row['last']:>9} {row['line']:>9} {row['grade']:>5}" in line
        assert line.rstrip().endswith(", ".join(row["flags"]) or "-")


def _board_as_of(b: dict) -> dict:
    """The board of the day its JSON says it is for (the same, whatever the machine's date)."""
    return board(ROOT / "sessions", date.fromisoformat(b["as_of"]))


def test_markdown_escapes_what_the_room_typed(tmp_path):
    root = fresh(tmp_path / "s")
    check_in(root, date(2027, 1, 11), values=[(1, 19, 6)])
    b = board(root, date(2027, 1, 11))
    b["title"] = "# Big | [link](http://x.y) <b>"
    b["key_results"][0]["text"] = "a | b"
    out = board_markdown(b)
    assert out.startswith("# Quarter board: \\# Big \\| \\[link\\](http\\://x\\.y) \\<b\\>\n")
    assert "| 1 | a \\| b |" in out


# -- `catchball new --quarter`, as a process in a terminal ----------------------------------------------
def _run_in_terminal(argv: list[str], env: dict, until: bytes, keys: bytes) -> int:
    """Run catchball in a pseudo-terminal (80x24); once `until` is on screen, type `keys`."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    child = subprocess.Popen([sys.executable, "-m", "catchball.cli", *argv], stdin=slave, stdout=slave,
                             stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen, sent, deadline = b"", False, time.monotonic() + 120  # a hang guard, not a budget
    try:
        while child.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
            if not sent and until in seen:
                os.write(master, keys)
                sent = True
        return child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        os.close(master)


def test_new_with_a_quarter_in_a_cli_process(tmp_path, capsys):
    root = tmp_path / "s"
    env = dict(os.environ, TERM="xterm-256color", CATCHBALL_CONFIG_DIR=str(tmp_path / "cfg"),
               PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    argv = ["--sessions-dir", str(root), "new", "--title", "Q3 planning", "--participant", "Ana:leader:Core",
            "--participant", "Ben:member:Core"]
    assert _run_in_terminal(argv + ["--quarter", "2027-Q3"], env, b"Readiness", b"\x11") == 0  # ctrl+q
    folder = next(p for p in root.iterdir() if p.is_dir())
    info = read_session_file(folder).session
    assert (info.quarter_start, info.quarter_end) == (date(2027, 7, 1), date(2027, 9, 30))
    assert main(["--sessions-dir", str(root), "check", folder.name]) == 0
    capsys.readouterr()
    assert main(["--sessions-dir", str(root), "quarter", folder.name, "--json", "--as-of", "2027-08-01"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["start"], printed["end"]) == ("2027-07-01", "2027-09-30")
    # a range of dates, and a quarter that does not exist: one sentence, exit 2, nothing created
    assert _run_in_terminal(argv + ["--title", "Custom", "--quarter", "2027-07-05..2027-09-24"], env,
                            b"Readiness", b"\x11") == 0
    custom = next(p for p in root.iterdir() if p.is_dir() and p.name.endswith("custom"))
    assert read_session_file(custom).session.quarter_start == date(2027, 7, 5)
    bad = subprocess.run([sys.executable, "-m", "catchball.cli", *argv, "--title", "Bad", "--quarter", "2027-Q5"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "2027-Q1" in bad.stderr
    assert not any(p.name.endswith("bad") for p in root.iterdir())
