"""A drafted objective's links can be edited afterwards (issue 14, item 8): an event, undoable, replayed."""

from __future__ import annotations

import pytest
from test_phases_a import START, make_live, rows_text, run_app, saved

from catchball.domain import events as ev
from catchball.domain.commands import Refused
from catchball.domain.fold import replay
from catchball.store.session_dir import open_session
from catchball.tui.widgets.phases.draft_panel import DraftPanel


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path, monkeypatch):
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path / "config"))


def draft(live):
    serve = live.record(ev.WinningLogicAdded, START, element="serve", text="Regular readers").seq
    win = live.record(ev.WinningLogicAdded, START, element="win", text="Taste at speed").seq
    first = live.record(ev.ObjectiveDrafted, START, text="Make finding a second book effortless").seq
    second = live.record(ev.ObjectiveDrafted, START, text="Open a harbour shop", links=[serve]).seq
    live.record(ev.PhaseChanged, START, phase=4)
    return serve, win, first, second


async def test_a_typed_objective_is_linked_and_unlinked_afterwards(tmp_path):
    live = make_live(tmp_path)
    serve, win, first, second = draft(live)
    async with run_app(tmp_path, live) as pilot:
        app = pilot.app
        await pilot.press("tab", "right")  # O1, drafted with no link
        await pilot.pause()
        assert "Links of O1" in rows_text(app, DraftPanel)
        await pilot.press("enter", "down", "enter")  # serve and win, each recorded at once
        await pilot.pause()
        assert live.state.objectives[first].links == (serve, win)
        assert any("Linked O1 to" in str(n.message) and "ctrl+z" in str(n.message) for n in app._notifications)
        await pilot.press("right", "up", "enter")  # O2: its serve link taken off
        await pilot.pause()
        assert live.state.objectives[second].links == ()
        assert any("Unlinked O2" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+z")  # the unlink undone: the link is back
        await pilot.pause()
        assert live.state.objectives[second].links == (serve,)
        await pilot.press("right")  # back to the next objective: Enter only marks, records nothing
        await pilot.pause()
        count = len(saved(live)[0])
        await pilot.press("enter")
        await pilot.pause()
        assert len(saved(live)[0]) == count and "1 marked" in rows_text(app, DraftPanel)
        await pilot.press("a", "b")  # letters are still text for the capture line, never a link
        await pilot.pause()
        assert app.screen.query_one("#capture-input").value == "ab"
    live.close()
    events, report = saved(live)
    assert [(e.objective, e.element, e.linked) for e in events if e.kind == "objective_linked"] == [
        (first, serve, True), (first, win, True), (second, serve, False)]
    assert [o["links"] for o in report["objective_versions"]] == [["Regular readers", "Taste at speed"],
                                                                   ["Regular readers"]]
    opened = open_session(live.folder)
    assert replay(opened.file, opened.log.events).objectives == live.state.objectives


def test_link_rules(tmp_path):
    live = make_live(tmp_path)
    serve, _win, first, second = draft(live)
    with pytest.raises(Refused, match="already there"):
        live.record(ev.ObjectiveLinked, START, objective=second, element=serve)
    with pytest.raises(Refused, match="no such link"):
        live.record(ev.ObjectiveLinked, START, objective=first, element=serve, linked=False)
    with pytest.raises(Refused, match="exists"):
        live.record(ev.ObjectiveLinked, START, objective=first, element=first)
    with pytest.raises(Refused, match="no objective #99"):
        live.record(ev.ObjectiveLinked, START, objective=99, element=serve)
