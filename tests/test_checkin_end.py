"""The end of a weekly check-in says what the room recorded this week and what it left open (not a
planning session's "Focus: none chosen"); the report's "left open" says the same."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.widgets import Static

from catchball.domain import events as ev
from catchball.domain.checkin_end import checkin_decided, checkin_gaps
from catchball.domain.fold import replay
from catchball.domain.report import build_report
from catchball.domain.session_end import end_summary
from catchball.services.checkin import load_quarter, start_checkin
from catchball.store.session_dir import open_session
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock
from catchball.tui.screens.end_of_session_screen import EndOfSessionScreen, summary_sections

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-11-22-northwind-books-q1-2027-planning"
NOW = datetime(2027, 1, 18, 9, 30, tzinfo=timezone.utc)
KPI = "Checkout error rate below 0.5%"


@pytest.fixture(autouse=True)
def _private(tmp_path, monkeypatch):
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path / "config"))


def checkin(tmp_path: Path):
    root = tmp_path / "sessions"
    root.mkdir()
    shutil.copytree(EXAMPLE, root / EXAMPLE.name)
    return start_checkin(root, load_quarter(root, root / EXAMPLE.name), NOW.date(), NOW,
                         [{"kr": 1, "value": 18.2, "confidence": 4}])


def test_a_check_in_says_what_it_recorded_and_left_open(tmp_path):
    live = checkin(tmp_path)
    live.record(ev.PrioritySet, NOW, team="Search", text="Fix the catalogue gaps", kr=2)
    live.record(ev.KpiChecked, NOW, kpi=KPI, status="at_risk")
    idea = live.record(ev.IdeaRaised, NOW, text="Can't we just add audiobooks?")
    decided = checkin_decided(live.state)
    assert decided[0].startswith("KR 1: 18.2%, confidence 4/10, the line at ") and decided[0].endswith("BEHIND the line")
    assert "Search this week: Fix the catalogue gaps (KR 2)" in decided and f"At risk: {KPI}" in decided
    assert checkin_gaps(live.state) == [
        "No value this week for key results 2 and 3.", "No priority this week from Checkout.",
        "Health metrics nobody looked at: Monthly active buyers (health: keep steady).",
        "An idea neither parked nor taken: Can't we just add audiobooks?."]
    live.record(ev.IdeaParked, NOW, idea=idea.seq, reason="Not this quarter")
    summary = end_summary(live.state, NOW)
    sections = dict((heading, lines) for heading, lines, _ in summary_sections(summary))
    assert "Focus: none chosen" not in sections["Decided"]
    assert "Parked: Can't we just add audiobooks? (Not this quarter)" in sections["Decided"]
    assert sections["Still open"][0].startswith("Never opened: ")  # the planning checks do not apply
    assert sections["Still open"][1:] == checkin_gaps(live.state) and len(sections["Still open"]) == 4
    live.close()
    opened = open_session(live.folder)
    report = build_report(replay(opened.file, opened.log.events), NOW)
    assert report["open_at_the_end"] == sections["Still open"]


def test_a_planning_session_has_no_check_in_lines():
    opened = open_session(EXAMPLE)
    state = replay(opened.file, opened.log.events)
    assert checkin_decided(state) == [] and checkin_gaps(state) == []
    assert end_summary(state, NOW).checkin == ()


async def test_the_end_screen_of_a_check_in(tmp_path):
    live = checkin(tmp_path)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=FakeClock(NOW))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.push_screen(EndOfSessionScreen(live.state, NOW))
        await pilot.pause()
        text = "\n".join(str(s.content) for s in app.screen.query(Static))
        assert "KR 1: 18.2%, confidence 4/10" in text and "No value this week for key results 2 and 3." in text
        assert "Focus: none chosen" not in text
    live.close()
