"""Carrying a quarter forward brings its learning, not only its key results (issue 16): the key
results with the numbers' proposed grades (confirmed with one key, F6), the winning logic in place
to revise, the parking lot with its reasons, the retro's lessons and the open actions; through
`catchball new --from`, the review browser's `f` and the form alike."""

from __future__ import annotations

import shutil
import tomllib
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Input, Static

from catchball.cli.main import main
from catchball.domain import events as ev
from catchball.domain.carry import carried
from catchball.domain.commands import Refused
from catchball.domain.fold import replay
from catchball.domain.report import build_report
from catchball.domain.report_md import render_markdown
from catchball.services.checkin import carry_draft, carry_quarter, find_planning, load_quarter
from catchball.services.session_factory import build_session_file, carried_summary, start_session
from catchball.store.session_dir import open_session
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock
from catchball.tui.widgets.phases.draft_panel import DraftPanel
from catchball.tui.widgets.phases.grading_panel import GradingPanel
from catchball.tui.widgets.phases.readiness_panel import ReadinessPanel
from catchball.tui.widgets.phases.winning_logic_panel import WinningLogicPanel

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-11-22-northwind-books-q1-2027-planning"
NOW = datetime(2027, 4, 1, 9, 0, tzinfo=timezone.utc)
GRADING, WINNING, DRAFT = 1, 3, 4  # phases of the quarterly agenda


@pytest.fixture(autouse=True)
def _private(tmp_path, monkeypatch):
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def sessions(tmp_path) -> Path:
    """The shipped example and its three check-ins, in a folder of their own."""
    root = tmp_path / "sessions"
    shutil.copytree(ROOT / "sessions", root)
    return root


def carried_live(sessions: Path):
    draft = carry_draft(sessions, EXAMPLE.name, NOW.date())
    file = build_session_file(title=draft.title, agenda=draft.agenda, level=draft.level,
                              participants=draft.participants, now=NOW, quarter=draft.quarter,
                              carried=draft.carried, carried_from=draft.carried_from)
    return start_session(sessions, file, NOW)


# -- what goes on ------------------------------------------------------------------------------
def test_the_quarter_hands_on_its_learning(sessions):
    got = carry_quarter(sessions, sessions / EXAMPLE.name, NOW.date())
    planning = load_quarter(sessions, sessions / EXAMPLE.name).planning
    assert got.prior_key_results == tuple(kr.text for kr in planning.key_results.values())
    assert [(m.last_value, m.proposed_grade, m.confidence) for m in got.measured] == [
        ("19.4%", 0.2, 4), ("81 s", 0.4, 6), ("4.4%", 0.1, 5)]
    assert [(w.element, w.text) for w in got.winning_logic] == [
        (w.element.value, w.text) for w in planning.winning.values()]
    # the parking lot: the parked objective, and the idea a check-in parked, each with its reason
    parked = {p.text: p.reason for p in got.parking_lot}
    assert parked["Modernise the search platform"].startswith("Keep-the-lights-on work")
    assert parked["Can't we just add audiobooks to the shop?"].startswith("Not this quarter")
    learned = [r for r in planning.retro if r.field == "learned"]
    assert [lesson.text for lesson in got.lessons] == [r.text for r in learned] and learned
    assert got.lessons[0].about == planning.prior_krs[learned[0].kr].text
    assert [(a.text, a.owner) for a in got.actions] == [(a.text, a.owner) for a in planning.actions]


def test_nothing_parked_twice_and_only_lessons_go_on(sessions):
    planning = load_quarter(sessions, sessions / EXAMPLE.name)
    states = [s for _, s in planning.checkins]
    got = carried(planning.planning, states + states)  # the same ideas twice: listed once
    assert len(got.parking_lot) == len({" ".join(p.text.casefold().split()) for p in got.parking_lot})
    assert all(r.field == "learned" for r in planning.planning.retro if r.text in {x.text for x in got.lessons})


def test_new_from_carries_everything_and_the_next_quarter(sessions, capsys, monkeypatch):
    """`catchball new --from SESSION` alone: title, people, agenda, level and the next quarter come
    from SESSION; the new session holds the carried learning and passes `catchball check`."""
    opened = []
    monkeypatch.setattr("catchball.cli.app.run_app", lambda args, live=None, **kw: opened.append(live) or 0)
    code = main(["--sessions-dir", str(sessions), "new", "--from", EXAMPLE.name])
    _, err = capsys.readouterr()
    assert code == 0, err
    live = opened[0]
    try:
        state = live.state
        info = state.session.session
        assert info.title == "Northwind Books: Q1 2027 planning (next quarter)"
        assert (info.quarter_start, info.quarter_end) == (date(2027, 4, 1), date(2027, 6, 30))
        assert state.session.agenda.name == "quarterly" and info.level.value == "product"
        winning = list(state.winning.values())
        assert winning and all(w.carried and not w.revised for w in winning)
        assert [p.proposed_grade for p in state.prior_krs.values()] == [0.2, 0.4, 0.1]
        c = state.session.carried
        assert c.parking_lot and c.lessons and c.actions
    finally:
        live.close()
    # session.toml keeps what was carried, and reads back the same
    again = open_session(live.folder)
    assert again.file.carried == state.session.carried
    assert tomllib.loads((live.folder / "session.toml").read_text())["carried"]["actions"][0]["owner"] == "Maya Okafor"
    assert main(["--sessions-dir", str(sessions), "check", live.folder.name]) == 0


def test_new_from_keeps_what_was_typed(sessions, capsys, monkeypatch):
    opened = []
    monkeypatch.setattr("catchball.cli.app.run_app", lambda args, live=None, **kw: opened.append(live) or 0)
    code = main(["--sessions-dir", str(sessions), "new", "--from", EXAMPLE.name, "--title", "Q3", "--quarter",
                 "2027-Q3", "--agenda", "quick", "--participant", "A:leader:X", "--participant", "B:member:X"])
    assert code == 0, capsys.readouterr().err
    live = opened[0]
    info = live.state.session.session
    assert (info.title, info.quarter_start, live.state.session.agenda.name) == ("Q3", date(2027, 7, 1), "quick")
    assert [p.name for p in live.state.session.participants] == ["A", "B"]
    live.close()


def test_the_summary_sentence_names_what_comes(sessions):
    draft = carry_draft(sessions, EXAMPLE.name, NOW.date())
    text = carried_summary(draft)
    assert text.startswith(f"Carried forward from {EXAMPLE.name}: 3 key results to grade (3 with")
    assert "7 entries of winning logic to revise" in text and "2 parked items as candidates for the focus" in text
    assert "1 open action" in text and "2 lessons" in text


# -- the winning logic: revised, not retyped ---------------------------------------------------------
def test_winning_logic_revise_drop_and_undo(sessions):
    live = carried_live(sessions)
    first, second = list(live.state.winning)[:2]
    live.record(ev.WinningLogicRevised, NOW, item=first, text="Readers who buy more than ten books a year")
    assert live.state.winning[first].revised and list(live.state.winning)[0] == first  # keeps its place
    live.record(ev.WinningLogicDropped, NOW, item=second)
    assert second not in live.state.winning
    live.undo(NOW)
    assert live.state.winning[second].text == "The fastest way from a recommendation to a book in hand"
    with pytest.raises(Refused):
        live.record(ev.WinningLogicRevised, NOW, item=999, text="x")
    live.record(ev.PhaseChanged, NOW, phase=DRAFT)
    live.record(ev.ObjectiveDrafted, NOW, text="Make the second book effortless", links=[first])
    with pytest.raises(Refused, match="linked"):
        live.record(ev.WinningLogicDropped, NOW, item=first)
    live.close()
    opened = open_session(live.folder)
    again = replay(opened.file, opened.log.events)
    assert again.winning == live.state.winning
    report = build_report(again)
    assert report["winning_logic"][0]["text"] == "Readers who buy more than ten books a year"


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["revise", "drop", "undo", "add"]), st.integers(0, 8),
                          st.text(min_size=1, max_size=8)), max_size=12))
def test_winning_logic_edits_replay_to_the_live_state(tmp_path_factory, steps):
    root = tmp_path_factory.mktemp("s")
    shutil.copytree(EXAMPLE, root / EXAMPLE.name)
    live = carried_live(root)
    for what, pick, text in steps:
        items = sorted(live.state.winning) or [1]
        item = items[pick % len(items)]
        try:
            if what == "undo":
                live.undo(NOW)
            elif what == "add":
                live.record(ev.WinningLogicAdded, NOW, element="belief", text=text)
            elif what == "revise":
                live.record(ev.WinningLogicRevised, NOW, item=item, text=text)
            else:
                live.record(ev.WinningLogicDropped, NOW, item=item)
        except (Refused, ValueError):
            pass
    live.close()
    opened = open_session(live.folder)
    assert replay(opened.file, opened.log.events).winning == live.state.winning


def _text(app, cls) -> str:
    return "\n".join(str(s.content) for s in app.screen.query_one(cls).query(Static))


async def _type(pilot, text: str) -> None:
    field = pilot.app.screen.query_one("#capture-input", Input)
    field.focus()
    field.value = ""
    field.insert_text_at_cursor(text)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_winning_logic_panel_revises_and_drops_carried_entries(sessions):
    live = carried_live(sessions)
    live.record(ev.ReadinessOverridden, NOW, reason="test")
    live.record(ev.PhaseChanged, NOW, phase=WINNING)
    serve, offer = list(live.state.winning)[:2]
    app = CatchballApp(sessions, live=live, clock=FakeClock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = _text(app, WinningLogicPanel)
        assert "Readers who buy more than six books a year  (last quarter)" in text
        assert "What last quarter's retrospective taught:" in text
        assert "Ask what a stretch would be before fixing a target" in text
        await pilot.press("tab", "f4")  # revise the picked entry: the line starts from its words
        await pilot.pause()
        field = app.screen.query_one("#capture-input", Input)
        assert field.value == "Readers who buy more than six books a year"
        field.value = "Readers who buy more than ten books a year"
        await pilot.press("enter")
        await pilot.pause()
        assert live.state.winning[serve].text == "Readers who buy more than ten books a year"
        assert "(last quarter, revised)" in _text(app, WinningLogicPanel)
        await pilot.press("tab", "down", "delete")  # the offer's entry goes; ctrl+z brings it back
        await pilot.pause()
        assert offer not in live.state.winning
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert offer in live.state.winning
    live.close()


async def test_readiness_and_draft_show_what_was_carried(sessions):
    live = carried_live(sessions)
    app = CatchballApp(sessions, live=live, clock=FakeClock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = _text(app, ReadinessPanel)
        assert "Open from last quarter" in text
        assert "Stop one of the two migrations before the quarter starts (owner: Maya Okafor)" in text
    live.record(ev.ReadinessOverridden, NOW, reason="test")
    live.record(ev.PhaseChanged, NOW, phase=DRAFT)
    app = CatchballApp(sessions, live=live, clock=FakeClock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = _text(app, DraftPanel)
        assert "Last quarter's parking lot (candidates):" in text
        assert "Can't we just add audiobooks to the shop? (parked: Not this quarter" in text
    live.close()


# -- grading starts from the numbers -----------------------------------------------------------
async def test_f6_confirms_the_numbers_grade_and_the_report_says_so(sessions):
    live = carried_live(sessions)
    live.record(ev.ReadinessOverridden, NOW, reason="test")
    live.record(ev.PhaseChanged, NOW, phase=GRADING)
    first, second, third = live.state.prior_krs
    app = CatchballApp(sessions, live=live, clock=FakeClock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "F6 confirm the numbers' grade" in _text(app, GradingPanel)
        await pilot.press("f6")  # from the capture line too: the first, then the next is picked
        await pilot.press("f6")
        await pilot.pause()
        assert live.state.grades == {first: 0.2, second: 0.4}
        assert live.state.from_numbers == {first, second}
        text = _text(app, GradingPanel)
        assert "2 of 3 from the numbers" in text and "confirmed from the numbers: last 19.4%" in text
        assert "the numbers propose 0.1: last 4.4% · confidence 5/10 · F6 takes it" in text
        await pilot.press("tab", "up", "right")  # 0.4 -> 0.5: by hand now
        await pilot.pause()
        assert live.state.grades[second] == 0.5 and second not in live.state.from_numbers
        await pilot.press("ctrl+z")  # back to the confirmed 0.4
        await pilot.pause()
        assert live.state.grades[second] == 0.4 and second in live.state.from_numbers
        await pilot.press("down", "f4")  # the third one typed by hand
        await _type(pilot, "0.3")
    live.close()
    opened = open_session(live.folder)
    report = build_report(replay(opened.file, opened.log.events))
    assert [(g["grade"], g["proposed"], g["from_numbers"]) for g in report["grades"]] == [
        (0.2, 0.2, True), (0.4, 0.4, True), (0.3, 0.1, False)]
    md = render_markdown(report)
    assert "0.2, confirmed from the numbers (last 19.4%)" in md
    assert "0.3, set by hand (the numbers proposed 0.1)" in md


def test_a_grade_from_the_numbers_must_be_the_proposed_one(sessions):
    live = carried_live(sessions)
    first = next(iter(live.state.prior_krs))
    with pytest.raises(Refused, match="numbers"):
        live.record(ev.KrGraded, NOW, kr=first, grade=0.9, from_numbers=True)
    live.record(ev.PriorKrAdded, NOW, text="Typed in, never measured")
    typed = list(live.state.prior_krs)[-1]
    with pytest.raises(Refused):
        live.record(ev.KrGraded, NOW, kr=typed, grade=0.0, from_numbers=True)
    live.close()


def test_grades_without_numbers_read_as_before(sessions):
    """A session nobody checked in on: its grade entries and Markdown are unchanged."""
    live = carried_live(sessions)
    live.record(ev.PriorKrAdded, NOW, text="Typed in")
    typed = list(live.state.prior_krs)[-1]
    live.record(ev.KrGraded, NOW, kr=typed, grade=0.5)
    report = build_report(live.state)
    assert report["grades"][-1] == {"kr": "Typed in", "grade": 0.5}
    assert "- Typed in: 0.5\n" in render_markdown(report)
    live.close()


# -- the review browser's f ----------------------------------------------------------------------
async def test_review_f_fills_the_form_with_the_next_quarter_and_brings_it_all(sessions):
    from textual.widgets import DataTable

    from catchball.tui.screens.facilitate_screen import FacilitateScreen
    from catchball.tui.screens.new_session_screen import NewSessionScreen
    from catchball.tui.screens.review_screen import ReviewScreen

    app = CatchballApp(sessions, clock=FakeClock(NOW), start=ReviewScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(EXAMPLE.name))
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen)
        assert app.screen.query_one("#new-quarter", Input).value == "2027-Q2"
        banner = str(app.screen.query_one("#new-carried", Static).content)
        assert "7 entries of winning logic to revise" in banner
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        state = app.live.state
        assert len(state.winning) == 7 and state.session.carried.lessons
        assert [p.last_value for p in state.prior_krs.values()] == ["19.4%", "81 s", "4.4%"]
        assert state.session.session.quarter_start == date(2027, 4, 1)
        app.close_live()


def test_carry_forward_needs_a_planning_session(sessions):
    with pytest.raises(Exception):
        carry_draft(sessions, "no-such-session", NOW.date())
    assert find_planning(sessions, EXAMPLE.name).name == EXAMPLE.name
