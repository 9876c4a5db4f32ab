"""At 80x24 the notes log keeps 4 rows in every phase, and a key result's fields are never cut (issue 14, item 13)."""

from __future__ import annotations

import pytest
from test_phases_b import START, make_session, screen_text

from catchball.domain import events as ev
from catchball.tui.app import CatchballApp
from catchball.tui.widgets.capture_bar import CaptureBar
from catchball.tui.widgets.contribution_log import ContributionLog

LONG_KR = ("Raise the share of first-time readers who buy again within 30 days across every channel, "
           "the web shop and the harbour kiosk included, from 35% to 50%")


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_notes_log_keeps_four_rows_in_every_phase(tmp_path, size):
    objective = "Make first-time readers come back weekly, because a returning reader is worth three new ones"
    live, clock, _ = make_session(tmp_path, 1, objectives=(objective, "Open a second shop in the harbour"))
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=size) as pilot:
        for phase in range(len(live.state.session.agenda.phases)):
            if live.state.phase != phase:
                live.record(ev.PhaseChanged, START, phase=phase)
            if phase == 7:
                live.record(ev.KrAdded, START, text=LONG_KR, metric="repeat purchase rate", owner="Core")
                live.record(ev.KrAdded, START, text="Cut time to a second book from 30 to 21 days", owner="Growth")
            app.screen.refresh_state()
            await pilot.pause()
            log = app.screen.query_one(ContributionLog)
            bar = app.screen.query_one(CaptureBar)
            label = live.state.current_phase.label
            assert log.content_region.height >= 4, f"{label}: the log shows {log.content_region.height} rows"
            assert log.region.bottom <= bar.region.y, f"{label}: the log is pushed under the capture line"
            if phase == 7:
                text = screen_text(app)
                for words in ("baseline 35%", "target 50%", "owner Core", "confidence 5/10", "metric"):
                    assert words in text, f"the selected key result's {words!r} is cut off"
