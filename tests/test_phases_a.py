"""Phases 1-5 driven by keys in a Pilot: readiness, grading, retro, winning logic, draft.

Each test asserts what was saved (the log reread from disk) and what the report says.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from textual.widgets import Input, Static

from catchball.domain import events as ev
from catchball.domain.fold import replay
from catchball.domain.report import build_report
from catchball.services.session_factory import build_session_file, start_session
from catchball.store.session_dir import open_session
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock
from catchball.tui.widgets.phases.draft_panel import DraftPanel
from catchball.tui.widgets.phases.grading_panel import (
    GradingPanel,
    grade_cells,
    grade_word,
)
from catchball.tui.widgets.phases.readiness_panel import ReadinessPanel
from catchball.tui.widgets.phases.retro_panel import RetroPanel, grade_prompt
from catchball.tui.widgets.phases.winning_logic_panel import WinningLogicPanel

START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
HOSTILE = "[/] [@click=app.quit]x [$accent]"
CARRIED = ("Raise mobile checkout conversion from 1.8% to 2.4%", "Cut median page load from 3.1 s to 1.5 s")


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path, monkeypatch):
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path / "config"))


def make_live(tmp_path, carried=CARRIED):
    file = build_session_file(title="Q1 planning", agenda="quick", level="squad",
                              participants=["Ana:leader:Core", "Ben:member:Core"], now=START,
                              prior_key_results=carried)
    return start_session(tmp_path / "sessions", file, START)


def saved(live):
    """The events and the report as they are on disk."""
    opened = open_session(live.folder)
    events = opened.log.events
    return events, build_report(replay(opened.file, events))


def kinds(events, kind):
    return [e for e in events if e.kind == kind]


async def type_line(pilot, text: str, by_keys: bool = False) -> None:
    """Put text in the capture line (focusing it first) and press Enter.

    Key by key is slow in a Pilot; most lines are pasted in at once, a few are typed.
    """
    field = pilot.app.screen.query_one("#capture-input", Input)
    if not field.has_focus:
        field.focus()
    if by_keys:
        await pilot.press(*text)
    else:
        field.insert_text_at_cursor(text)
    await pilot.press("enter")
    await pilot.pause()


def rows_text(app, panel_cls) -> str:
    panel = app.screen.query_one(panel_cls)
    return "\n".join(str(s.content) for s in panel.query(Static))


def run_app(tmp_path, live):
    return CatchballApp(tmp_path / "sessions", live=live, clock=FakeClock(START)).run_test(size=(80, 24))


# -- 1 readiness -------------------------------------------------------------------------
async def test_readiness_by_keys_with_actions_and_notes(tmp_path):
    live = make_live(tmp_path)
    async with run_app(tmp_path, live) as pilot:
        app = pilot.app
        assert isinstance(app.focused, Input)  # the capture line opens focused
        await type_line(pilot, "Strategy memo from October")  # no answer yet: a note of the phase
        assert not kinds(live.events, "readiness_answered")
        assert kinds(live.events, "noted")[-1].text == "Strategy memo from October"
        await pilot.press("tab")
        assert isinstance(app.focused, ReadinessPanel)
        await pilot.press("f4", "f4", "f4", "f4", "f6")  # strategy .. overload; trust is picked next
        await pilot.pause()
        assert "ACTION NEEDED" in rows_text(app, ReadinessPanel)
        assert "Action for overload" in app.screen.query_one("#capture-input", Input).placeholder
        await type_line(pilot, "Stop one migration", by_keys=True)
        assert not kinds(live.events, "action_recorded"), "an action needs a named owner"
        await pilot.press("f2", "enter")  # the first participant owns it
        await pilot.pause()
        await pilot.press("escape")  # Escape from the capture line focuses the panel too
        assert isinstance(app.focused, ReadinessPanel)
        await pilot.press("f5")  # trust: partly -> another action
        await type_line(pilot, "Leaders join the Friday demo")
        await pilot.press("tab", "up", "up", "up", "up", "up")  # leaders' time -> aligned
        await type_line(pilot, "Agreed in the offsite")  # a note on an answered question
        await pilot.pause()
        assert "ACTION NEEDED" not in rows_text(app, ReadinessPanel)
        await pilot.press("ctrl+n")  # the gate is open: straight to grading
        await pilot.pause()
        assert live.state.phase == 1
    live.close()
    events, report = saved(live)
    answers = {a["question"]: a for a in report["readiness"]["answers"]}
    assert {q: a["answer"] for q, a in answers.items()} == {
        "strategy": "yes", "aligned": "yes", "empowered": "yes", "safety": "yes", "overload": "no",
        "trust": "partly"}
    assert report["notes"][0]["text"] == "Strategy memo from October"
    assert report["notes"][0]["phase"] == "readiness"
    assert answers["aligned"]["note"] == "Agreed in the offsite"
    assert [(a["text"], a["question"]) for a in report["readiness"]["actions"]] == [
        ("Stop one migration", "overload"), ("Leaders join the Friday demo", "trust")]
    assert [e.question for e in kinds(events, "action_recorded")] == ["overload", "trust"]
    assert report["readiness"]["override"] is None
    assert kinds(events, "phase_changed")[-1].phase == 1


async def test_readiness_gate_asks_for_a_reason(tmp_path):
    live = make_live(tmp_path)
    async with run_app(tmp_path, live) as pilot:
        app = pilot.app
        await pilot.press("f6")  # strategy: no (a function key acts from the capture line too)
        await pilot.pause()
        text = rows_text(app, ReadinessPanel)
        assert "NOT READY" in text and "ctrl+n" in text
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert live.state.phase == 0  # refused until a reason is given
        app.screen.query_one(Input).insert_text_at_cursor("Board asked for OKRs now")
        await pilot.press("enter")
        await pilot.pause()
        assert live.state.phase == 1
    live.close()
    events, report = saved(live)
    assert report["readiness"]["override"] == "Board asked for OKRs now"
    assert [e.kind for e in events][-2:] == ["readiness_overridden", "phase_changed"]


# -- 2 grading ---------------------------------------------------------------------------
async def test_grading_one_key_each(tmp_path):
    live = make_live(tmp_path)
    live.record(ev.PhaseChanged, START, phase=1)
    first, second = list(live.state.prior_krs)
    async with run_app(tmp_path, live) as pilot:
        app = pilot.app
        await pilot.press("f4")  # the grade, typed: 0.7, then (picked next) 1.0
        await type_line(pilot, "0.7")
        await pilot.press("f4")
        await type_line(pilot, "1.0")
        await pilot.press("tab", "up", "left")  # 0.7 -> 0.6
        await pilot.press("down", "right")  # 1.0 stays 1.0: nothing recorded
        await type_line(pilot, "The room laughed at 1.0")  # plain text is a note of the phase
        assert kinds(live.events, "noted")[-1].text == "The room laughed at 1.0"
        await pilot.press("f5")  # F5: the next line adds a key result nobody carried in
        await type_line(pilot, "Hire two engineers")
        await pilot.press("tab", "right", "right", "right")  # the new one is picked: 0.1, 0.2, 0.3
        await pilot.pause()
        text = rows_text(app, GradingPanel)
        assert "Graded 3 of 3" in text and "reached" in text and "partway" in text
    live.close()
    events, report = saved(live)
    assert [(e.kr, e.grade) for e in kinds(events, "kr_graded")] == [
        (first, 0.7), (second, 1.0), (first, 0.6), *[(kinds(events, "prior_kr_added")[-1].seq, g)
                                                     for g in (0.1, 0.2, 0.3)]]
    assert report["grades"] == [{"kr": CARRIED[0], "grade": 0.6}, {"kr": CARRIED[1], "grade": 1.0},
                                {"kr": "Hire two engineers", "grade": 0.3}]
    assert kinds(events, "prior_kr_added")[-1].source == "typed"


def test_grade_words_and_bars():
    assert grade_cells(None) == (" - ", "··········")
    assert grade_cells(0.7) == ("0.7", "███████░░░")
    assert grade_cells(0.3, 5) == ("0.3", "█▌░░░")
    assert [grade_word(g) for g in (None, 0.0, 0.4, 0.7, 1.0)] == [
        "ungraded", "far off", "partway", "close", "reached"]
    assert "too easy" in grade_prompt(1.0) and "wrong measure" in grade_prompt(0.2)
    assert "held it back" in grade_prompt(0.5)


# -- 3 retrospective ----------------------------------------------------------------------
async def test_retro_notes_per_kr_and_field(tmp_path):
    live = make_live(tmp_path)
    first, second = list(live.state.prior_krs)
    live.record(ev.KrGraded, START, kr=first, grade=0.7)
    live.record(ev.KrGraded, START, kr=second, grade=1.0)
    live.record(ev.PhaseChanged, START, phase=2)
    async with run_app(tmp_path, live) as pilot:
        app = pilot.app
        await pilot.pause()
        assert "Grades are for learning" in rows_text(app, RetroPanel)
        await type_line(pilot, "Apple Pay landed in week 9")  # KR 1, why
        await pilot.press("f5")
        await type_line(pilot, HOSTILE)  # KR 1, obstacles
        await pilot.press("tab", "down", "f6")
        assert "What did we learn?" in app.screen.query_one("#capture-input", Input).placeholder
        await type_line(pilot, "Ask for a stretch target")  # KR 2, learned
        await pilot.press("tab", "left", "left")  # learned -> obstacles -> why
        await type_line(pilot, "The CDN switch alone did it")
        text = rows_text(app, RetroPanel)
        assert HOSTILE in text and "too easy" in text
        assert app.is_running
    live.close()
    events, report = saved(live)
    assert [(e.kr, e.field, e.text) for e in kinds(events, "retro_noted")] == [
        (first, "why", "Apple Pay landed in week 9"), (first, "obstacles", HOSTILE),
        (second, "learned", "Ask for a stretch target"), (second, "why", "The CDN switch alone did it")]
    assert report["retro"][1] == {"kr": CARRIED[0], "field": "obstacles", "text": HOSTILE}


# -- 4 winning logic ----------------------------------------------------------------------
async def test_winning_logic_by_element_with_kpis_apart(tmp_path):
    live = make_live(tmp_path)
    live.record(ev.PhaseChanged, START, phase=3)
    async with run_app(tmp_path, live) as pilot:
        app = pilot.app
        await type_line(pilot, "Readers who buy six books a year")  # element 1 is picked at first
        await pilot.press("tab", "down", "down")
        await type_line(pilot, HOSTILE)
        await pilot.press("tab", "down", "down", "down")  # 3 -> 6: the health metrics
        await type_line(pilot, "Checkout error rate below 0.5%")
        await pilot.press("tab", "up", "up", "up")  # 3 again
        await type_line(pilot, "Independent taste at online speed")
        text = rows_text(app, WinningLogicPanel)
        assert "kept apart" in text and HOSTILE in text
        assert app.is_running
    live.close()
    _, report = saved(live)
    assert [(w["element"], w["text"]) for w in report["winning_logic"]] == [
        ("serve", "Readers who buy six books a year"), ("win", HOSTILE),
        ("kpi", "Checkout error rate below 0.5%"), ("win", "Independent taste at online speed")]


# -- 5 leader's draft ---------------------------------------------------------------------
async def test_draft_links_and_disconnected(tmp_path):
    live = make_live(tmp_path)
    serve = live.record(ev.WinningLogicAdded, START, element="serve", text="Regular readers").seq
    live.record(ev.WinningLogicAdded, START, element="kpi", text="Monthly buyers")  # not linkable
    win = live.record(ev.WinningLogicAdded, START, element="win", text="Taste at speed").seq
    live.record(ev.PhaseChanged, START, phase=4)
    async with run_app(tmp_path, live) as pilot:
        app = pilot.app
        await pilot.press("tab", "enter", "down", "enter", "enter", "enter")  # serve, win (toggled twice more)
        await type_line(pilot, "Make finding a second book effortless")
        await type_line(pilot, HOSTILE)  # the marks were used up: no link
        text = rows_text(app, DraftPanel)
        assert "DISCONNECTED" in text and "⚠" in text and HOSTILE in text
        assert "Monthly buyers" not in text
        assert app.is_running
    live.close()
    events, report = saved(live)
    drafted = kinds(events, "objective_drafted")
    assert [(e.text, e.links) for e in drafted] == [
        ("Make finding a second book effortless", [serve, win]), (HOSTILE, [])]
    assert [o["links"] for o in report["objective_versions"]] == [["Regular readers", "Taste at speed"], []]


async def test_panels_read_hostile_text_literally(tmp_path):
    """Text from the log is never markup, whichever panel shows it."""
    live = make_live(tmp_path, carried=(HOSTILE,))
    kr = next(iter(live.state.prior_krs))
    live.record(ev.ReadinessAnswered, START, question="strategy", answer="partly", note=HOSTILE)
    live.record(ev.ReadinessAnswered, START, question="overload", answer="no")
    live.record(ev.ActionRecorded, START, text=HOSTILE, owner="Ana")
    live.record(ev.ReadinessOverridden, START, reason=HOSTILE)
    live.record(ev.KrGraded, START, kr=kr, grade=0.2)
    live.record(ev.RetroNoted, START, kr=kr, field="learned", text=HOSTILE)
    live.record(ev.WinningLogicAdded, START, element="belief", text=HOSTILE)
    live.record(ev.ObjectiveDrafted, START, text=HOSTILE, links=[live.state.last_seq])
    panels = [ReadinessPanel, GradingPanel, RetroPanel, WinningLogicPanel, DraftPanel]
    async with run_app(tmp_path, live) as pilot:
        for index, panel in enumerate(panels):
            if index:
                await pilot.press("ctrl+n")
                await pilot.pause()
                if panel is WinningLogicPanel:  # leaving the retro at once asks why (Enter records it)
                    pilot.app.screen.query_one(Input).insert_text_at_cursor(HOSTILE)
                    await pilot.press("enter")
            await pilot.pause()
            text = rows_text(pilot.app, panel)
            assert text.count(HOSTILE) >= (3 if panel is ReadinessPanel else 1), panel
        assert pilot.app.is_running
    live.close()
