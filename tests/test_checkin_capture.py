"""The check-in's panels route the capture line like the planning panels: the label beside the line
names the record Enter files the text to, a line keeps the record it was typed for when the
selection moves on (and says it is pending), and a named mode shows as one. Driven by keys."""

from __future__ import annotations

import pytest
from test_capture import line, typed
from test_checkin_tui import checkin

from catchball.tui.app import CatchballApp


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def label(app) -> str:
    return str(app.screen.query_one("#capture-target").render())


def armed(app) -> bool:
    return app.screen.query_one("#capture-target").has_class("-armed")


def _app(tmp_path, phase: int):
    live, clock = checkin(tmp_path, phase=phase)
    return live, CatchballApp(tmp_path / "sessions", live=live, clock=clock)


async def test_a_value_goes_to_the_key_result_it_was_typed_for(tmp_path):
    live, app = _app(tmp_path, 1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert label(app) == "→ KR 1 value"
        await typed(pilot, "19.5% 5 the e-mail test stalled")
        await pilot.press("tab", "down")  # the panel picks key result 2 while the line holds 1's value
        await pilot.pause()
        assert label(app) == "⏸ pending → KR 1 value"
        await pilot.press("tab", "enter")
        await pilot.pause()
        got = live.state.checkin_values
        assert list(got) == [1]
        assert (got[1].value, got[1].confidence, got[1].note) == (19.5, 5, "the e-mail test stalled")
        assert label(app) == "→ KR 2 value"
        await typed(pilot, "nobody measured it yet")  # no number: a note of the phase, as before
        await pilot.press("enter")
        await pilot.pause()
        assert live.state.notes[-1].text == "nobody measured it yet" and 2 not in live.state.checkin_values


async def test_a_priority_keeps_the_team_and_key_result_it_was_typed_for(tmp_path):
    live, app = _app(tmp_path, 2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert label(app) == "→ KR 1 · Checkout priority"
        await typed(pilot, "Send the second-book e-mail")
        await pilot.press("tab", "down", "right")  # another team, another key result
        await pilot.pause()
        assert label(app) == "⏸ pending → KR 1 · Checkout priority"
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert label(app) == "→ KR 2 · Search priority"
        await typed(pilot, "Fix the ten worst catalogue gaps")
        await pilot.press("enter")
        await pilot.pause()
    assert [(p.team, p.kr, p.text) for p in live.state.priorities.values()] == [
        ("Checkout", 1, "Send the second-book e-mail"), ("Search", 2, "Fix the ten worst catalogue gaps")]


async def test_a_health_metric_note_says_which_metric(tmp_path):
    live, app = _app(tmp_path, 3)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert label(app) == "→ note"  # not looked at yet: a note of the phase
        await pilot.press("tab", "down", "right")
        await pilot.pause()
        assert label(app).startswith("→ note on Checkout error")
        await typed(pilot, "errors doubled after the release")
        await pilot.press("enter")
        await pilot.pause()
    check = live.state.kpi_checks["Checkout error rate below 0.5%"]
    assert (check.status, check.note) == ("at_risk", "errors doubled after the release")


async def test_an_idea_is_raised_parked_and_taken_as_a_change_through_the_line(tmp_path):
    live, app = _app(tmp_path, 4)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert label(app) == "→ new idea"
        await typed(pilot, "Open a marketplace")
        await pilot.press("enter", "f6")  # F6 from the line parks it: the line names the mode
        await pilot.pause()
        assert label(app) == "→ why the idea waits" and armed(app)
        await typed(pilot, "We said no to it")
        await pilot.press("enter")
        await pilot.pause()
        assert label(app) == "→ new idea" and not armed(app)
        await typed(pilot, "Count app sessions")
        await pilot.press("enter", "f8")
        await pilot.pause()
        assert label(app) == "→ new objective wording" and armed(app)
        assert line(app).value == live.state.session.quarter.objective  # the wording to rewrite
        await pilot.press("ctrl+u")
        await typed(pilot, "Readers come back")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # no reason: nothing changes, the wording stays, pending
        await pilot.pause()
        assert not live.state.okr_changes and line(app).value == "Readers come back"
        assert label(app) == "⏸ pending → new objective wording"
        await pilot.press("enter")
        await pilot.pause()
        await typed(pilot, "The app is where they read")
        await pilot.press("enter")
        await pilot.pause()
        assert label(app) == "→ new idea" and line(app).value == ""
    first, second = live.state.ideas.values()
    assert (first.text, first.parked) == ("Open a marketplace", "We said no to it")
    assert second.text == "Count app sessions" and second.changed
    change = live.state.okr_changes[0]
    assert (change.text, change.reason, change.kr) == ("Readers come back", "The app is where they read", None)
