"""Phases 6-10 driven by keys through the real app: the saved events and the report."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input

from catchball.domain import events as ev
from catchball.domain.fold import replay
from catchball.domain.report import build_report
from catchball.services.session_factory import build_session_file, start_session
from catchball.store.session_dir import open_session
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock

START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
PEOPLE = ["Ana:leader:Core", "Ben:member:Growth", "Cy:member:Core"]
HOSTILE = "[/] [@click=app.quit]x [$accent]"
CATCHBALL, FOCUS, KRS, BACKBRIEF, COMMITMENTS = 5, 6, 7, 8, 9


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def make_session(tmp_path: Path, phase: int, objectives=("Make first-time readers come back weekly",),
                 focus: bool = True, extra=()):
    """A quick-agenda session moved to `phase`, with winning logic and objectives recorded."""
    clock = FakeClock(START)
    file = build_session_file(title="Acme Q1", agenda="quick", level="squad", participants=PEOPLE, now=START)
    live = start_session(tmp_path / "sessions", file, START)
    wl = live.record(ev.WinningLogicAdded, START, element="serve", text="Readers who buy six books a year")
    ids = [live.record(ev.ObjectiveDrafted, START, text=t, links=[wl.seq]).seq for t in objectives]
    if phase > CATCHBALL:
        live.record(ev.PhaseChanged, START, phase=CATCHBALL)
    if focus and phase > FOCUS:
        live.record(ev.FocusChosen, START, objective=ids[0])
    for cls, fields in extra:
        live.record(cls, START, **fields)
    live.record(ev.PhaseChanged, START, phase=phase)
    return live, clock, ids


def saved(live) -> list:
    return open_session(live.folder).log.events


def report(live) -> dict:
    opened = open_session(live.folder)
    return build_report(replay(opened.file, opened.log.events))


def screen_text(app) -> str:
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system=None,
                      record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def panel_text(app) -> str:
    """The panel's text as rendered (toasts on the screen cannot hide it)."""
    return "\n".join(str(static.render()) for static in app.screen.query("#panel-slot Static"))


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def submit(pilot, text: str) -> None:
    """Put text in the focused capture line as a paste would, and press Enter."""
    await pilot.pause()
    field = pilot.app.focused
    assert isinstance(field, Input), f"a text field should have the focus, not {field!r}"
    field.insert_text_at_cursor(text)
    await pilot.press("enter")
    await pilot.pause()


def kinds(events) -> list[str]:
    return [e.kind for e in events]


async def test_catchball_revision_votes_and_round_limit(tmp_path):
    live, clock, (obj,) = make_session(tmp_path, CATCHBALL)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # a typed contribution: F3 to "challenge", the screen records it as a note
        await pilot.press("f3")
        await submit(pilot, "Weekly is too often")
        # the leader revises: F8 arms the capture line, prefilled with the current wording
        await pilot.press("f8")
        assert app.screen.query_one("#capture-input").value == "Make first-time readers come back weekly"
        app.screen.query_one("#capture-input").value = ""
        await submit(pilot, "Make new readers come back every week")
        text = panel_text(app)
        assert "[-first-time-]" in text and "[+new+]" in text and "v2" in text
        # votes: hidden until revealed
        await pilot.press("f4")
        await submit(pilot, "4 2 5")
        text = panel_text(app)
        assert "• voted" in text and "VALIDATED" not in text and "3 of 3 voted" in text
        await pilot.press("f5")
        await pilot.pause()
        text = panel_text(app)
        assert "NOT YET" in text and "Ben 2" in text
        # the round closes; the second round validates
        await pilot.press("f6", "f7", "f4")
        await submit(pilot, "4 3 5")
        await pilot.press("f5")
        await pilot.pause()
        assert "✔ VALIDATED" in panel_text(app)
        await pilot.press("f6", "f7", "f6")
        await pilot.pause()
        await pilot.press("f7")  # a 4th round: the quick agenda allows 3
        await pilot.pause()
        assert any("all of them are used" in str(n.message) for n in app._notifications)
    events = saved(live)
    noted = next(e for e in events if e.kind == "noted")
    assert noted.type == "challenge" and noted.text == "Weekly is too often"
    revised = next(e for e in events if e.kind == "objective_revised")
    assert revised.objective == obj and revised.text == "Make new readers come back every week"
    assert kinds(events).count("round_opened") == 2
    votes = report(live)["votes"]
    assert [v["validated"] for v in votes] == [False, True, False]
    assert votes[0]["votes"] == {"Ana": 4, "Ben": 2, "Cy": 5} and votes[0]["revealed"]
    assert report(live)["objective_versions"][0]["versions"][-1]["text"] == revised.text


async def test_focus_refuses_a_second_and_parks_with_a_reason(tmp_path):
    live, clock, ids = make_session(tmp_path, FOCUS, objectives=("Readers come back weekly", HOSTILE))
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "2 candidates" in panel_text(app)
        assert HOSTILE in screen_text(app)  # rendered literally, on the screen
        await pilot.press("escape", "right", "right", "down", "right", "left", "up", "f4")
        await pilot.pause()
        assert "FOCUS" in panel_text(app)
        await pilot.press("down", "f4")  # a second focus: refused, and the refusal is shown
        await pilot.pause()
        assert any("One focused objective" in str(n.message) for n in app._notifications)
        await pilot.press("f5")
        await submit(pilot, "Not this quarter: keep the lights on")
        assert any("ctrl+z takes it back" in str(n.message) for n in app._notifications)
        assert "Parking lot" in panel_text(app) and "keep the lights on" in panel_text(app)
    events = saved(live)
    assert [e.dots for e in events if e.kind == "dots_cast"] == [1, 1, 1, -1]
    assert [e.objective for e in events if e.kind == "focus_chosen"] == [ids[0]]
    rep = report(live)
    assert rep["focused_objective"] == "Readers come back weekly"
    assert rep["parking_lot"] == [{"objective": HOSTILE, "reason": "Not this quarter: keep the lights on"}]
    assert rep["dots"] == {"Readers come back weekly": 2, HOSTILE: 0}


async def test_focus_with_one_candidate_says_so(tmp_path):
    live, clock, _ = make_session(tmp_path, FOCUS)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Exactly one candidate" in panel_text(app)


async def test_key_results_live_findings_fields_reason_and_exception(tmp_path):
    live, clock, _ = make_session(tmp_path, KRS)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Launch the new onboarding flow")
        await pilot.pause()
        text = screen_text(app)
        assert "activity" in text and "ERROR" in text and "^^^^^^" in text  # live, before Enter
        assert not [e for e in saved(live) if e.kind == "kr_added"]
        await pilot.press("enter")
        await pilot.pause()
        await submit(pilot, "Raise weekly returning readers from 1200 to 1500")
        # fields of the selected (second) key result, by keys
        await pilot.press("f4", "f4", "f4", "f4", "f4")  # wording, metric, baseline, target, owner
        await submit(pilot, "Core and Growth")
        assert "big" in panel_text(app)
        await pilot.press("f4", "f4")
        await submit(pilot, "returning readers per week")
        await pilot.press("escape", "right", "right", "right", "right", "f5")
        await pilot.pause()
        assert "sandbag" in panel_text(app)
        # keep the activity finding of the first key result, with a reason (it has more than one
        # keepable finding, activity and no-metric: F6 picks the code, the line asks why)
        await pilot.press("up", "f6")
        await pilot.pause()
        assert "KEEPING 'activity'" in panel_text(app)
        await submit(pilot, "The partner audit demands the new flow")
        assert "✔activity" in panel_text(app) or "KEPT activity" in panel_text(app)
        # a third, then a fourth that asks for its reason
        await submit(pilot, "Cut time to first book from 9 days to 6 days")
        await submit(pilot, "Grow reviews written per reader from 0.2 to 0.3")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReasonScreen"
        await submit(pilot, "Reviews feed the recommendations we bet on")
        await pilot.pause()
    events = saved(live)
    added = [e for e in events if e.kind == "kr_added"]
    assert [a.text for a in added][0] == "Launch the new onboarding flow"
    assert len(added) == 4 and added[-1].reason == "Reviews feed the recommendations we bet on"
    edits = [e for e in events if e.kind == "kr_edited"]
    assert edits[0].owner == "Core and Growth" and edits[1].metric == "returning readers per week"
    assert [e.confidence for e in edits if e.confidence] == [6, 7, 8, 9]
    assert edits[-1].weekly is False
    kept = next(e for e in events if e.kind == "exception_accepted")
    assert (kept.kr, kept.code) == (added[0].seq, "activity")
    krs = report(live)["key_results"]
    assert krs[1]["owner"] == "Core and Growth" and krs[1]["confidence"] == 9 and not krs[1]["weekly"]
    assert krs[0]["exceptions"] == [{"code": "activity", "reason": "The partner audit demands the new flow"}]
    assert any(f["code"] == "activity" and f["accepted"] for f in krs[0]["findings"])


async def test_key_results_never_more_than_five(tmp_path):
    extra = [(ev.KrAdded, {"text": f"Raise metric {i} from 10 to 12", **({"reason": "needed"} if i > 2 else {})})
             for i in range(5)]
    live, clock, _ = make_session(tmp_path, KRS, extra=extra)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await submit(pilot, "Raise metric 6 from 10 to 12")
        assert any("hard limit" in str(n.message) for n in app._notifications)
    assert kinds(saved(live)).count("kr_added") == 5


async def test_backbrief_mismatch_offers_another_round(tmp_path):
    live, clock, _ = make_session(tmp_path, BACKBRIEF)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Make first-time readers come back weekly" in panel_text(app)  # the intent, beside
        await submit(pilot, HOSTILE)
        await pilot.press("f4")
        await submit(pilot, "A weekly digest")
        await pilot.press("f4", "f4", "f4")  # how, dependencies, worries
        await submit(pilot, "Legal review of e-mails")
        await pilot.press("f6")
        await pilot.pause()
        text = panel_text(app)
        assert "DOES NOT MATCH" in text and "round 2 of 3" in text and HOSTILE in text
        await pilot.press("f7")
        await pilot.pause()
        assert "Round 2 of 3" in panel_text(app)
    events = saved(live)
    given = [e for e in events if e.kind == "backbrief_given"]
    assert given[-1].words == HOSTILE and given[-1].how == "A weekly digest"
    assert given[-1].worries == "Legal review of e-mails"
    assert kinds(events)[-2:] == ["phase_changed", "round_opened"] and events[-2].phase == CATCHBALL
    brief = report(live)["back_briefs"][0]
    assert brief["team"] == "Core" and brief["matches"] is False


async def test_backbrief_says_when_no_rounds_remain(tmp_path):
    extra = [(ev.RoundOpened, {}), (ev.RoundOpened, {})]
    live, clock, _ = make_session(tmp_path, BACKBRIEF, focus=False, extra=[])
    for cls, fields in [(ev.PhaseChanged, {"phase": CATCHBALL}), *extra,
                        (ev.PhaseChanged, {"phase": BACKBRIEF}),
                        (ev.BackBriefGiven, {"team": "Core", "words": "Something else"}),
                        (ev.BackBriefMarked, {"team": "Core", "matches": False})]:
        live.record(cls, START, **fields)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "no catchball rounds left" in panel_text(app)
        await pilot.press("f7")
        await pilot.pause()
        assert any("all are used" in str(n.message) for n in app._notifications)
    assert saved(live)[-1].kind == "backbrief_marked"


async def test_commitments_and_cadence(tmp_path):
    live, clock, _ = make_session(tmp_path, COMMITMENTS)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "days, not weeks" in panel_text(app)
        await submit(pilot, "Draft the digest with two readers")
        await pilot.press("escape", "down", "escape")  # Esc: to the panel, and back to the capture line
        await submit(pilot, HOSTILE)
        await pilot.press("f4")
        await submit(pilot, "Monday 9:30, 15 minutes")
        await pilot.press("f4", "f4")
        await submit(pilot, "Friday 16:00 demo")
        await pilot.press("f4", "f4", "f4")
        await submit(pilot, "Search, Data; Ops")
        text = panel_text(app)
        assert "Monday 9:30" in text and "(3 teams)" in text
    events = saved(live)
    made = [(e.team, e.text) for e in events if e.kind == "commitment_made"]
    assert made == [("Core", "Draft the digest with two readers"), ("Growth", HOSTILE)]
    cadences = [e for e in events if e.kind == "cadence_set"]
    assert cadences[-1].checkin == "Monday 9:30, 15 minutes" and cadences[-1].celebration == "Friday 16:00 demo"
    commitments = report(live)["commitments"]
    assert commitments["peer_teams"] == ["Search", "Data", "Ops"]
    assert commitments["this_week"][1] == {"team": "Growth", "text": HOSTILE}
