"""Votes and VALIDATED belong to a round, and a round names the objective it discusses (issue 14, item 4)."""

from __future__ import annotations

import pytest
from test_phases_b import (
    CATCHBALL,
    START,
    make_session,
    panel_text,
    report,
    saved,
    submit,
)

from catchball.domain import events as ev
from catchball.domain.commands import Refused
from catchball.domain.fold import replay
from catchball.domain.report_md import render_markdown
from catchball.domain.rounds import objective_vote, rounds_on
from catchball.domain.session_end import end_summary
from catchball.store.session_dir import open_session
from catchball.tui.app import CatchballApp

TWO = ("Make first-time readers come back weekly", "Open a second shop in the harbour")


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def state_of(live):
    opened = open_session(live.folder)
    return replay(opened.file, opened.log.events)


async def test_a_rounds_votes_show_only_for_the_objective_it_discussed(tmp_path):
    live, clock, (first, second) = make_session(tmp_path, CATCHBALL, objectives=TWO)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "objective not named yet (F4 names it)" in panel_text(app)
        await pilot.press("f4")  # votes for the selected objective, the first
        await submit(pilot, "4 4 5")
        await pilot.press("f5")
        await pilot.pause()
        assert "✔ VALIDATED" in panel_text(app) and "on objective 1" in panel_text(app)
        await pilot.press("escape", "right")  # the second objective was not discussed: no VALIDATED for it
        await pilot.pause()
        text = panel_text(app)
        assert "VALIDATED" not in text and "Ana 4" not in text
        assert "round 1 discusses objective 1, not this one" in text
        assert "not yet discussed in a catchball round" in text
        await pilot.press("f4")  # its votes cannot go into round 1
        await pilot.pause()
        assert any("Round 1 discusses objective 1" in m for m in messages(app))
        assert app.screen.query_one("#capture-input").value == ""
        await pilot.press("f6", "f7")  # close round 1, open round 2 on the second objective
        await pilot.pause()
        text = panel_text(app)
        assert "Round 2 of 3" in text and "on objective 2" in text and "VALIDATED" not in text
        await pilot.press("f4")
        await submit(pilot, "2 4 4")
        await pilot.press("f5", "escape", "left")  # back on the first: its own round 1, still validated
        await pilot.pause()
        text = panel_text(app)
        assert "round 1: VALIDATED" in text and "Ben 2" not in text
        await pilot.press("right")
        await pilot.pause()
        assert "✗ NOT YET" in panel_text(app)
    rounds = [e for e in saved(live) if e.kind == "round_opened"]
    assert [r.objective for r in rounds] == [second]
    assert {e.objective for e in saved(live) if e.kind == "vote_cast"} == {first, second}
    state = state_of(live)
    assert [r.number for r in rounds_on(state, first)] == [1]
    assert [r.number for r in rounds_on(state, second)] == [2]
    rep = report(live)
    assert [(v["round"], v["objective"], v["validated"]) for v in rep["votes"]] == [
        (1, TWO[0], True), (2, TWO[1], False)]
    assert [o["vote"] for o in rep["objective_versions"]] == [objective_vote(state, first),
                                                              objective_vote(state, second)]
    md = render_markdown(rep)
    assert "- Round 1 on objective 1 «Make first-time readers come back weekly»: Ana 4" in md
    assert "   - vote: round 2: NOT YET: lowest 2; below 3: Ana" in md


def test_a_vote_for_another_objective_than_the_rounds_is_refused(tmp_path):
    live, _, (first, second) = make_session(tmp_path, CATCHBALL, objectives=TWO)
    live.record(ev.VoteCast, START, participant="Ana", value=4, objective=first)
    with pytest.raises(Refused, match="Round 1 discusses objective 1"):
        live.record(ev.VoteCast, START, participant="Ben", value=4, objective=second)
    with pytest.raises(Refused, match="no objective #99"):
        live.record(ev.RoundOpened, START, objective=99)
    # a participant's vote from a device names no objective: it is the round's
    live.record(ev.VoteCast, START, participant="Ben", value=3)
    assert live.state.rounds[-1].objective == first and live.state.rounds[-1].vote_map() == {"Ana": 4, "Ben": 3}


def test_older_logs_without_the_objective_replay(tmp_path):
    # one objective on the table: the round is about it; two: the log never said which
    live, _, (only,) = make_session(tmp_path, CATCHBALL)
    live.record(ev.VoteCast, START, participant="Ana", value=4)
    live.record(ev.RoundClosed, START)
    state = state_of(live)
    assert state.rounds[0].objective == only and objective_vote(state, only).startswith("round 1: VALIDATED")
    live2, _, ids = make_session(tmp_path / "two", CATCHBALL, objectives=TWO)
    live2.record(ev.VoteCast, START, participant="Ana", value=4)
    state = state_of(live2)
    assert state.rounds[0].objective is None
    assert all(objective_vote(state, i) == "not yet discussed in a catchball round" for i in ids)
    assert report(live2)["votes"][0]["objective"] is None
    assert "- Round 1: Ana 4" in render_markdown(report(live2))


def test_the_end_summary_says_the_focused_objectives_vote(tmp_path):
    live, _, (first, second) = make_session(tmp_path, CATCHBALL, objectives=TWO)
    live.record(ev.VoteCast, START, participant="Ana", value=5, objective=second)
    live.record(ev.RoundClosed, START)
    live.record(ev.FocusChosen, START, objective=first)
    summary = end_summary(live.state, START)
    assert summary.focus_vote == "not yet discussed in a catchball round"
    live.record(ev.ObjectiveParked, START, objective=first, reason="Not now")
    live.record(ev.FocusChosen, START, objective=second)
    assert end_summary(live.state, START).focus_vote == "round 1: VALIDATED: lowest 5, nobody below 3"
