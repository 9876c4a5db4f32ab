"""An action the quarter before carried into readiness can be marked done (F7 on it in the
readiness panel): one `carried_action_done` event, folded, undone with ctrl+z, replayed, shown in
the report, and the next quarter is handed only the actions still open."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.widgets import Static

from catchball.domain import events as ev
from catchball.domain.carry import carried
from catchball.domain.commands import Refused
from catchball.domain.fold import replay
from catchball.domain.report import build_report
from catchball.domain.report_md import render_markdown
from catchball.services.checkin import carry_draft
from catchball.services.session_factory import build_session_file, start_session
from catchball.store.session_dir import open_session
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock
from catchball.tui.widgets.phases.readiness_panel import QUESTIONS, ReadinessPanel

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-11-22-northwind-books-q1-2027-planning"
NOW = datetime(2027, 4, 1, 9, 0, tzinfo=timezone.utc)
MIGRATIONS = "Stop one of the two migrations before the quarter starts"


@pytest.fixture
def live(tmp_path):
    """The next quarter's session, carried forward from the shipped example."""
    sessions = tmp_path / "sessions"
    shutil.copytree(ROOT / "sessions", sessions)
    draft = carry_draft(sessions, EXAMPLE.name, NOW.date())
    file = build_session_file(title=draft.title, agenda=draft.agenda, level=draft.level,
                              participants=draft.participants, now=NOW, quarter=draft.quarter,
                              carried=draft.carried, carried_from=draft.carried_from)
    live = start_session(sessions, file, NOW)
    yield live
    live.close()


def _panel_text(app) -> str:
    return "\n".join(str(s.content) for s in app.screen.query_one(ReadinessPanel).query(Static))


def test_a_carried_action_is_marked_done_undone_and_replayed(live):
    actions = live.state.session.carried.actions
    assert actions and actions[0].text.startswith(MIGRATIONS)
    live.record(ev.CarriedActionDone, NOW, action=0, text=actions[0].text)
    assert live.state.carried_done == {0}
    with pytest.raises(Refused, match="done already"):
        live.record(ev.CarriedActionDone, NOW, action=0, text=actions[0].text)
    with pytest.raises(Refused, match="no such action"):
        live.record(ev.CarriedActionDone, NOW, action=len(actions), text="x")
    report = build_report(live.state)
    assert report["readiness"]["carried_actions"][0] == {"text": actions[0].text, "owner": actions[0].owner,
                                                          "done": True}
    assert f"- Carried from last quarter: {MIGRATIONS}" in render_markdown(report)
    assert "**done**" in render_markdown(report)
    # the next quarter is handed what is still open, not what was done
    assert not any(a.text == actions[0].text for a in carried(live.state, []).actions)
    live.undo(NOW)
    assert live.state.carried_done == set()
    assert any(a.text == actions[0].text for a in carried(live.state, []).actions)
    assert "(still open)" in render_markdown(build_report(live.state))
    live.record(ev.CarriedActionDone, NOW, action=0, text=actions[0].text)
    live.record(ev.CarriedActionDone, NOW, action=0, text=actions[0].text, done=False)  # open again
    live.record(ev.CarriedActionDone, NOW, action=0, text=actions[0].text)
    opened = open_session(live.folder)
    assert replay(opened.file, opened.log.events).carried_done == live.state.carried_done == {0}


async def test_f7_marks_the_picked_carried_action_done_and_ctrl_z_takes_it_back(live):
    app = CatchballApp(live.folder.parent, live=live, clock=FakeClock(NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "F7 done" in _panel_text(app)
        await pilot.press("f7")  # a question is picked: nothing is recorded
        await pilot.pause()
        assert live.state.carried_done == set()
        await pilot.press("tab", *["down"] * len(QUESTIONS))  # past the seven questions: the first carried action
        await pilot.pause()
        assert app.screen.query_one(ReadinessPanel).carried_pick == 0
        await pilot.press("f4")  # answers nothing while an action is picked
        await pilot.press("f7")
        await pilot.pause()
        assert live.state.carried_done == {0}
        assert f"✓ done {MIGRATIONS}" in _panel_text(app)
        assert [e.kind for e in live.state.history][-1] == "carried_action_done"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert live.state.carried_done == set()
        assert f"· {MIGRATIONS}" in _panel_text(app)
        await pilot.press("tab", "f7")  # from the capture line too, on the action still picked
        await pilot.pause()
        assert live.state.carried_done == {0}
        assert not live.state.readiness  # no question was answered on the way


async def test_no_f7_without_carried_actions(tmp_path):
    file = build_session_file(title="Fresh", agenda="quarterly", level="squad", participants=["Ana:leader:Core"],
                              now=NOW)
    live = start_session(tmp_path / "sessions", file, NOW)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=FakeClock(NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "F7" not in _panel_text(app)
        await pilot.press("f7")
        await pilot.pause()
        assert not live.state.carried_done and live.state.history[-1].kind == "session_started"
    live.close()
