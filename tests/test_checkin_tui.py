"""The weekly check-in driven by keys through the real app, and the quarter board screen."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from test_phases_b import screen_text
from textual.widgets import Input

from catchball.domain import events as ev
from catchball.services.checkin import find_planning, load_quarter, start_checkin
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock
from catchball.tui.screens.quarter_board_screen import QuarterBoardScreen

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-11-22-northwind-books-q1-2027-planning"
NOW = datetime(2027, 1, 18, 9, 30, tzinfo=timezone.utc)
SIZES = [(80, 24), (160, 48)]
ids = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def checkin(tmp_path: Path, phase: int = 0, values=()):
    root = tmp_path / "sessions"
    root.mkdir(exist_ok=True)
    if not (root / EXAMPLE.name).exists():
        shutil.copytree(EXAMPLE, root / EXAMPLE.name)
    live = start_checkin(root, load_quarter(root, root / EXAMPLE.name), NOW.date(), NOW, list(values))
    if phase:
        live.record(ev.PhaseChanged, NOW, phase=phase)
    return live, FakeClock(NOW)


async def type_line(pilot, text: str) -> None:
    field = pilot.app.screen.query_one("#capture-input", Input)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_values_are_typed_as_the_room_says_them(tmp_path):
    live, clock = checkin(tmp_path, phase=1)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_line(pilot, "19.5% 5 the e-mail test stalled")
        assert live.state.checkin_values[1].value == 19.5 and live.state.checkin_values[1].confidence == 5
        assert live.state.checkin_values[1].note == "the e-mail test stalled"
        await type_line(pilot, "88 s 6")  # the next key result without a value was selected
        assert live.state.checkin_values[2].value == 88
        await type_line(pilot, "20% 4 a percentage for a key result in seconds")  # key result 3 is in %
        assert live.state.checkin_values[3].value == 20
        await type_line(pilot, "nobody measured it yet")  # no number: a note
        assert live.state.notes[-1].text == "nobody measured it yet"
        await pilot.press("tab", "up", "up", "shift+down")
        await pilot.pause()
        assert live.state.checkin_values[1].confidence == 4
        text = screen_text(app)
        assert "Values 3 of 3" in text and "line 19.3%" in text  # 18% + 7 x 17/89 on 2027-01-18


async def test_the_values_panel_says_who_sent_a_value_from_their_device(tmp_path):
    live, clock = checkin(tmp_path, phase=1)
    live.record(ev.KrCheckedIn, NOW, kr=1, value=19.5, confidence=6, by="[b]Ana[/b]")  # from Ana's device
    live.record(ev.KrCheckedIn, NOW, kr=2, value=88, confidence=5)  # typed in the room
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "confidence 6/10 · from [b]Ana[/b]" in text  # the name as sent, never markup
        assert text.count(" · from ") == 1
        await pilot.press("tab", "shift+up")  # the room moves the confidence: now it is the room's word
        await pilot.pause()
        assert live.state.checkin_values[1].confidence == 7 and live.state.checkin_values[1].by is None
        assert " · from " not in screen_text(app)


async def test_priorities_link_key_results_and_drop(tmp_path):
    live, clock = checkin(tmp_path, phase=2)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_line(pilot, "Send the second-book e-mail to all regulars")
        await pilot.press("tab", "right", "down")
        await pilot.pause()
        await type_line(pilot, "Fix the ten worst catalogue gaps")
        priorities = list(live.state.priorities.values())
        assert [(p.team, p.kr) for p in priorities] == [("Checkout", 1), ("Search", 2)]
        await pilot.press("tab", "delete")
        await pilot.pause()
        assert [p.team for p in live.state.priorities.values()] == ["Checkout"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(live.state.priorities) == 2


async def test_kpis_and_an_idea_parked_with_its_reason(tmp_path):
    live, clock = checkin(tmp_path, phase=3)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "down", "right")
        await pilot.pause()
        assert live.state.kpi_checks["Checkout error rate below 0.5%"].status == "at_risk"
        await pilot.press("ctrl+n")
        await pilot.pause()
        await type_line(pilot, "Can't we just open a marketplace for used books?")
        await pilot.press("tab", "down", "down", "left")  # what we say no to: partly -> no
        await pilot.pause()
        await pilot.press("left", "f6")
        await pilot.pause()
        await type_line(pilot, "We said no to a marketplace this year")
        idea = next(iter(live.state.ideas.values()))
        assert idea.answer("say_no").value == "no" and idea.parked == "We said no to a marketplace this year"


async def test_a_considered_change_asks_for_its_reason(tmp_path):
    live, clock = checkin(tmp_path, phase=4)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_line(pilot, "Can't we just count app sessions too?")
        await pilot.press("tab", "f7", "f7", "f7", "f8")  # key result 3
        await pilot.pause()
        field = app.screen.query_one("#capture-input", Input)
        assert field.value.startswith("Raise the share of sessions")
        await type_line(pilot, "Raise the share of sessions that click a recommendation from 4% to 8%")
        assert not live.state.okr_changes  # nothing yet: the reason comes first
        reason = app.screen.query_one("#reason-input", Input)
        reason.value = "The carousel ships a month late"
        await pilot.press("enter")
        await pilot.pause()
        change = live.state.okr_changes[0]
        assert change.kr == 3 and change.reason == "The carousel ships a month late"
        assert next(iter(live.state.ideas.values())).changed


async def test_the_board_screen_shows_the_board(tmp_path):
    live, _ = checkin(tmp_path, values=[{"kr": 1, "value": 18.2, "confidence": 4}])
    live.close()
    root = tmp_path / "sessions"
    app = CatchballApp(root, clock=FakeClock(NOW), start=QuarterBoardScreen(find_planning(root, None)))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        board = load_quarter(root, root / EXAMPLE.name).board(date(2027, 1, 18))
        assert board["key_results"][0]["flags"] == ["behind-pace"]
        assert "behind-pace" in text and "proposed grade 0.0" in text and "18.2%" in text


@ids
def test_values_panel_snapshot(snap_compare, tmp_path, size):
    live, clock = checkin(tmp_path, phase=1, values=[{"kr": 1, "value": 19.5, "confidence": 5,
                                                      "note": "the e-mail test [b]stalled[/b]"}])
    assert snap_compare(CatchballApp(tmp_path / "sessions", live=live, clock=clock), terminal_size=size)


@ids
def test_board_snapshot(snap_compare, tmp_path, size):
    root = tmp_path / "sessions"
    shutil.copytree(EXAMPLE, root / EXAMPLE.name)
    for day, value, confidence in (("2027-01-11", 19, 6), ("2027-01-18", 19.2, 5)):
        when = datetime.fromisoformat(day + "T09:30:00+00:00")
        live = start_checkin(root, load_quarter(root, root / EXAMPLE.name), when.date(), when,
                             [{"kr": 1, "value": value, "confidence": confidence}, {"kr": 2, "value": 90 - value,
                                                                                    "confidence": 5}])
        live.close()
    app = CatchballApp(tmp_path / "sessions", clock=FakeClock(NOW),
                       start=QuarterBoardScreen(tmp_path / "sessions" / EXAMPLE.name))

    async def loaded(pilot):
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=loaded)
