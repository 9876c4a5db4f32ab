"""Finishing a session (the summary before and after, the FINISHED timer), minutes on the rail,
and the new-session form's rules (issue 14's rough edges)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input, Select, TextArea

from catchball.domain import events as ev
from catchball.domain.record import replace
from catchball.domain.session_end import end_summary
from catchball.domain.timer import timer_view
from catchball.services.practice_session import scaled_agenda
from catchball.services.session_factory import build_session_file, room_problems, start_session
from catchball.tui.app import CatchballApp
from catchball.tui.screens.end_of_session_screen import EndOfSessionScreen
from catchball.tui.screens.facilitate_screen import FacilitateScreen
from catchball.tui.screens.new_session_screen import NewSessionScreen
from catchball.tui.widgets.agenda_rail import AgendaRail

PEOPLE = ["Ana:leader:Core", "Ben:member:Growth"]


def _screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Label, Static"))


def _to_commitments(live, clock, *, backbrief: bool) -> None:
    """A quick session up to its last phase: a focus, one key result, Core's commitment only."""
    for phase in range(1, 10):
        clock.advance(60)
        live.record(ev.PhaseChanged, clock.now(), phase=phase)
        if phase == 4:
            draft = live.record(ev.ObjectiveDrafted, clock.now(), text="Readers find a second book fast", links=[])
        if phase == 6:
            live.record(ev.FocusChosen, clock.now(), objective=draft.seq)
        if phase == 7:
            clock.advance(150)  # 3.5 minutes in a 2-minute key-results box
            live.record(ev.KrAdded, clock.now(), text="Raise second purchases from 18% to 25%", owner="Core")
        if phase == 8 and backbrief:
            live.record(ev.BackBriefGiven, clock.now(), team="Core", words="Second book, fast")
            live.record(ev.BackBriefMarked, clock.now(), team="Core", matches=True)
    live.record(ev.CommitmentMade, clock.now(), team="Core", text="Track second purchases weekly")


def test_end_summary_names_what_was_decided_what_is_open_and_what_overran(new_live, clock):
    live = new_live(people=PEOPLE)
    _to_commitments(live, clock, backbrief=False)
    summary = end_summary(live.state, clock.now())
    assert summary.focus == "Readers find a second book fast"
    assert summary.key_results == ("Raise second purchases from 18% to 25% · 18% → 25% · owner Core · "
                                   "confidence 5/10",)
    assert summary.commitments == (("Core", "Track second purchases weekly"),)
    assert summary.gaps == ("No back-brief from Core, Growth.", "No commitment for this week from Growth.",
                            "No weekly check-in slot is set.")
    assert [o.sentence for o in summary.overruns] == ["Key results: 3.5 min for 2 planned (1.5 over)"]
    assert not summary.finished


async def test_finishing_warns_first_then_shows_the_summary_and_a_finished_timer(new_live, clock, tmp_path):
    live = new_live(people=PEOPLE)
    _to_commitments(live, clock, backbrief=False)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, EndOfSessionScreen) and not live.state.finished
        shown = _screen_text(app)
        assert "3 things are still open: finish anyway, or go back first." in shown
        assert "No back-brief from Core, Growth." in shown
        assert "Key results: 3.5 min for 2 planned (1.5 over)" in shown
        await pilot.press("escape")  # back, to fill the gap
        assert isinstance(app.screen, FacilitateScreen) and not live.state.finished
        clock.advance(30)
        await pilot.press("ctrl+n", "enter")
        await pilot.pause()
        assert live.state.finished
        assert isinstance(app.screen, EndOfSessionScreen), "the summary stays on screen once finished"
        assert "Session FINISHED in 12 min (15 min planned)" in _screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        word = str(app.screen.query_one("#timer-word").render())
        assert word == "12:00 FINISHED"  # under 32 rows the time shares the word's line
        assert "finished in 12 min" in str(app.screen.query_one(AgendaRail).render())
        assert str(app.screen.query_one("#timer-digits").render()).strip() != ""
        view = timer_view(live.state, clock.now() + timedelta(hours=3))
        assert view.display == "12:00", "the whole session's duration, not the last phase's planned time"


def test_the_rail_shows_short_practice_timeboxes_as_minutes_not_raw_floats(new_live, clock, tmp_path):
    file = build_session_file(title="Practice", agenda="quick", level="squad", participants=PEOPLE, now=clock.now())
    file = replace(file, agenda=scaled_agenda(file.agenda, 3))
    live = start_session(tmp_path / "practice", file, clock.now())
    try:
        clock.advance(25)
        live.record(ev.PhaseChanged, clock.now(), phase=1)

        async def run() -> str:
            app = CatchballApp(tmp_path / "practice", live=live, clock=clock)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                return str(app.screen.query_one(AgendaRail).render())

        import asyncio

        rail = asyncio.run(run())
    finally:
        live.close()
    assert "0.333" not in rail and "0.666" not in rail
    assert "0.4/0.3" in rail  # 25 s in a 20 s readiness box
    assert "-/0.7" in rail


@pytest.mark.parametrize(("title", "people", "says"), [
    ("", [], ["Give the session a title", "Name at least 2 participants",
              "One participant must be the leader"]),
    ("Q1", ["Ana"], ["\u201cAna\u201d needs a role and a team: write Name:role:team"]),
    ("Q1", ["Ana:leader:Core"], ["Name at least 2 participants"]),
    ("Q1", ["Ana:member:Core", "Ben:member:Core"], ["Name the leader who drafts the objective"]),
    ("Q1", PEOPLE, []),
])
def test_room_rules_in_sentences(title, people, says):
    problems = room_problems(title, people)
    assert len(problems) == len(says)
    for problem, start in zip(problems, says):
        assert start in problem and problem.endswith(".")


async def test_the_form_refuses_an_empty_session_in_sentences_then_starts(clock, tmp_path):
    app = CatchballApp(tmp_path / "sessions", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # "New session…"
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen)
        shown = _screen_text(app)
        assert "quarterly: 130 min (up to 150 with every catchball round)" in shown
        assert "Title" in shown and "Participants" in shown and "Agenda" in shown and "Level" in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen), "an empty form starts nothing"
        assert not (tmp_path / "sessions").exists() or not any((tmp_path / "sessions").iterdir())
        problems = str(app.screen.query_one("#new-problems").render())
        assert "Give the session a title" in problems and "Name at least 2 participants" in problems
        await pilot.press(*"Core Q1")
        app.screen.query_one(TextArea).text = "Ana"
        await pilot.pause()
        problems = str(app.screen.query_one("#new-problems").render())
        assert "Give the session a title" not in problems, "the sentences follow the edits"
        assert "write Name:role:team" in problems
        app.screen.query_one(TextArea).text = "\n".join(PEOPLE)
        app.screen.query_one("#new-level", Select).value = "senior"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        info = app.screen.state.session
        assert (info.session.title, info.session.level.value, info.leader.name) == ("Core Q1", "senior", "Ana")
        assert app.screen.query_one("#capture-input", Input) is not None
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("first", [True, False], ids=["catchball-new", "from-home"])
async def test_a_session_started_from_the_form_takes_its_place(clock, tmp_path, first):
    """With `catchball new` the form is the app's first screen, which Textual cannot switch out:
    the session's screen goes over it (switching it out raised IndexError). From home, the
    session's screen takes the form's place, and home is under it."""
    app = CatchballApp(tmp_path / "sessions", clock=clock, **({"start": NewSessionScreen()} if first else {}))
    async with app.run_test(size=(80, 24)) as pilot:
        if not first:
            await pilot.press("enter")  # "New session…"
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen)
        await pilot.press(*"Core Q1")
        app.screen.query_one(TextArea).text = "\n".join(PEOPLE)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen) and app.is_running
        below = [type(screen).__name__ for screen in app.screen_stack[:-1]]
        assert below == (["NewSessionScreen"] if first else ["HomeScreen"])
        await pilot.press(*"a first note", "enter")
        await pilot.pause()
        assert [n.text for n in app.screen.state.phase_notes()] == ["a first note"]
        await pilot.press("ctrl+q")
    assert not app.is_running


def test_catchball_new_with_nothing_said_opens_the_form_and_esc_leaves(tmp_path, monkeypatch, capsys, clock):
    """`catchball new` alone is the form (with what was said, e.g. --level), not a usage error."""
    from catchball.cli.main import main

    started = []
    monkeypatch.setattr("catchball.cli.app.run_app", lambda args, **kw: started.append(kw) or 0)
    assert main(["--sessions-dir", str(tmp_path / "s"), "new", "--level", "senior"]) == 0
    screen = started[0]["start"]
    assert isinstance(screen, NewSessionScreen) and screen.draft.level == "senior"
    assert main(["--sessions-dir", str(tmp_path / "s"), "new", "--title", "Q1"]) == 2
    assert "Name at least 2 participants" in capsys.readouterr().err

    async def leave() -> bool:
        app = CatchballApp(tmp_path / "s", clock=clock, start=NewSessionScreen())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, NewSessionScreen)
            await pilot.press("escape")
            await pilot.pause()
            return app.is_running

    import asyncio
    assert asyncio.run(leave()) is False, "Back from the form the command line opened leaves the app"
