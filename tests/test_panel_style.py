"""Every panel of the registry, in the real app: one focus border, one panel background, one key line
and one selected row, with the keyboard and without it (the vocabulary itself: tests/test_house.py)."""

from __future__ import annotations

import pytest
from test_checkin_tui import checkin
from test_phases_b import make_session
from textual.widgets import Static

from catchball.domain import events as ev
from catchball.tui.app import CatchballApp
from catchball.tui.widgets.phases import PANELS


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def _look(panel) -> tuple:
    keys = panel.query_one(".phase-keys", Static)
    selected = panel.get_visual_style("phase--selected", partial=True)
    return (panel.styles.border_left, panel.styles.background, panel.styles.padding,
            keys.styles.color, keys.styles.text_style, selected.background, selected.bold)


async def _walk(app, live, pilot) -> dict:
    """The look of each phase's panel, as (without the keyboard, with it)."""
    looks = {}
    for phase, agenda_phase in enumerate(live.state.session.agenda.phases):
        if live.state.phase != phase:
            assert app.screen.record(ev.PhaseChanged, phase=phase)
        await pilot.pause()
        panel = app.screen.panel
        if panel is None:
            continue
        app.screen.query_one("#capture-input").focus()
        await pilot.pause()
        assert not panel.has_focus
        away = _look(panel)
        panel.focus()
        await pilot.pause()
        assert panel.has_focus
        looks[agenda_phase.kind] = (away, _look(panel))
    return looks


async def test_every_panel_shows_the_same_focus_border(tmp_path):
    looks = {}
    live, clock, _ = make_session(tmp_path / "planning", 1)
    async with CatchballApp(tmp_path / "planning" / "sessions", live=live, clock=clock).run_test(
            size=(120, 40)) as pilot:
        looks.update(await _walk(pilot.app, live, pilot))
    (tmp_path / "checkin").mkdir()
    live, clock = checkin(tmp_path / "checkin")
    async with CatchballApp(tmp_path / "checkin" / "sessions", live=live, clock=clock).run_test(
            size=(120, 40)) as pilot:
        looks.update(await _walk(pilot.app, live, pilot))
    assert set(looks) == set(PANELS)
    away, focused = {a for a, _ in looks.values()}, {f for _, f in looks.values()}
    assert len(away) == 1, away
    assert len(focused) == 1, focused
    (away,), (focused,) = away, focused
    assert away[0] != focused[0]  # the border says where the keys go
    assert away[0][0] != focused[0][0]  # by its shape too, not by colour alone
    assert away[-2:] == focused[-2:]  # the selected row looks the same either way
