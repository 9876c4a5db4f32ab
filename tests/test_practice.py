"""Practice mode: scenario files, scripted lines on a fake clock, a pilot run end to end, the CLI."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import resources

import pytest

from catchball.domain import events as ev
from catchball.domain.agenda import PhaseKind
from catchball.domain.model import ContributionType, Level
from catchball.domain.practice_feedback import practice_feedback
from catchball.domain.scenario import (
    ScenarioError,
    due_contributions,
)
from catchball.services.practice_session import start_practice
from catchball.store.live import LiveSession
from catchball.store.scenarios import load_scenario, scenario_ids
from catchball.store.session_dir import open_session


@pytest.fixture
def practice(tmp_path, clock):
    made = []

    def make(scenario_id: str = "squad-basket", speed: float = 1.0):
        scenario = load_scenario(scenario_id)
        live = start_practice(tmp_path / "sessions", scenario, clock.now(), speed=speed)
        made.append(live)
        return scenario, live

    yield make
    for live in made:
        live.close()


def phase_index(live: LiveSession, kind: PhaseKind) -> int:
    return next(i for i, p in enumerate(live.state.session.agenda.phases) if p.kind is kind)


def say(live: LiveSession, lines, now) -> None:
    for line in lines:
        live.record(ev.Noted, now, text=line.text, by=line.participant, type=line.type)


# -- the files ------------------------------------------------------------------------
def test_packaged_scenarios_load_one_per_level_and_start_with_findings(practice, clock):
    ids = scenario_ids()
    assert len(ids) >= 4
    levels, graded_levels, stops = set(), set(), []
    for sid in ids:
        scenario = load_scenario(sid)
        assert scenario.id == sid and sid.startswith(scenario.level.value + "-")
        levels.add(scenario.level)
        if scenario.stop_at_gate:
            stops.append(sid)
            assert any(line.phase is PhaseKind.READINESS for line in scenario.script), "the room shows the gap"
        else:
            assert scenario.script and any(line.phase is PhaseKind.CATCHBALL for line in scenario.script)
        if scenario.last_quarter:
            graded_levels.add(scenario.level)
        _, live = practice(sid)
        feedback = practice_feedback(scenario, live.state, clock.now())
        assert feedback.repaired == () and feedback.remaining, "a scenario brings BAD findings to repair"
        codes = {r.split(" ", 1)[0] for r in feedback.remaining}
        assert set(scenario.good_outcome.codes_gone) <= codes, sid
        assert len(live.state.key_results) == len(scenario.key_results)
        assert [k.text for k in live.state.prior_krs.values()] == [k.text for k in scenario.last_quarter]
        obj = next(iter(live.state.objectives.values()))
        assert obj.links and all(ref in live.state.winning for ref in obj.links)
    assert levels == set(Level)
    assert graded_levels == set(Level), "every level has a scenario with last quarter's key results to grade"
    assert stops, "one scenario's right answer is to stop at the gate"


def test_session_toml_says_practice(practice):
    scenario, live = practice("senior-harbourline", speed=2)
    data = tomllib.loads((live.folder / "session.toml").read_text(encoding="utf-8"))
    assert data["session"]["mode"] == "practice" and data["session"]["scenario"] == scenario.id
    assert data["session"]["level"] == "senior" and data["agenda"]["name"] == "quick"
    assert data["agenda"]["phases"][0]["minutes"] == 0.5, "speed 2 halves the quick agenda's minute"


def test_a_users_own_scenario_file_works_and_a_broken_one_gives_one_sentence(tmp_path, clock):
    text = (resources.files("catchball") / "scenarios" / "squad-basket.toml").read_text(encoding="utf-8")
    mine = tmp_path / "my-team.toml"
    mine.write_text(text.replace('id = "squad-basket"', 'id = "my-team"'), encoding="utf-8")
    scenario = load_scenario(str(mine))
    assert scenario.id == "my-team"
    live = start_practice(tmp_path / "s", scenario, clock.now())
    assert live.state.session.session.scenario == "my-team"
    live.close()

    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace('participant = "Olu"', 'participant = "Nobody"', 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(str(broken))
    message = str(err.value)
    assert str(broken) in message and "field" in message and "Nobody" in message
    assert "\n" not in message and message.endswith(".")
    broken.write_text(text.replace('type = "risk"', 'type = "shout"', 1), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"field 'script\.\d+\.type'"):
        load_scenario(str(broken))
    broken.write_text("extra = 1\n" + text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="field 'extra'"):
        load_scenario(str(broken))
    with pytest.raises(ScenarioError, match="No scenario"):
        load_scenario("no-such-scenario")


# -- scripted lines on a fake clock ---------------------------------------------------------
def test_lines_arrive_at_their_minute_not_before_not_twice_and_not_after_a_restart(practice, clock):
    scenario, live = practice("squad-basket")
    due = lambda: due_contributions(scenario, live.state, clock.now())  # noqa: E731
    assert due() == [], "nothing is scripted for readiness"
    live.record(ev.PhaseChanged, clock.now(), phase=phase_index(live, PhaseKind.WINNING_LOGIC))
    clock.advance(29)
    assert due() == []
    clock.advance(1)
    [line] = due()
    assert line.participant == "Tomasz" and line.type is ContributionType.QUESTION
    say(live, [line], clock.now())
    clock.advance(60)
    assert due() == [], "a line said once is not due again"

    live.record(ev.PhaseChanged, clock.now(), phase=phase_index(live, PhaseKind.CATCHBALL))
    clock.advance(17)
    assert due() == []
    clock.advance(1)  # 0.3 minutes into round 1
    assert [x.participant for x in due()] == ["Tomasz"]
    live.record(ev.TimerPaused, clock.now())
    clock.advance(600)
    assert due() == [], "a paused timer holds the script back"
    live.record(ev.TimerResumed, clock.now())
    assert [x.participant for x in due()] == ["Tomasz"]
    say(live, due(), clock.now())
    clock.advance(2 * 60)
    assert {x.round for x in due()} == {1}, "round 2's lines wait for round 2"
    say(live, due(), clock.now())
    notes = [n for n in live.state.notes if n.by]
    assert notes[-1].round == 1 and notes[-1].type is ContributionType.RISK

    folder = live.folder
    live.close()
    again = LiveSession.open(folder)  # a restart: delivered lines come from the log
    try:
        assert due_contributions(scenario, again.state, clock.now()) == []
        again.record(ev.RoundOpened, clock.now())
        clock.advance(18)
        [tweak] = due_contributions(scenario, again.state, clock.now())
        assert tweak.round == 2 and tweak.type is ContributionType.TWEAK
    finally:
        again.close()


def test_speed_brings_the_script_forward(practice, clock):
    scenario, live = practice("squad-basket", speed=2)
    live.record(ev.PhaseChanged, clock.now(), phase=phase_index(live, PhaseKind.WINNING_LOGIC))
    clock.advance(14)
    assert due_contributions(scenario, live.state, clock.now(), speed=2) == []
    clock.advance(1)
    assert len(due_contributions(scenario, live.state, clock.now(), speed=2)) == 1


# -- a pilot plays one scenario end to end ---------------------------------------------------
class Run:
    """Drives a practice screen in a pilot: the clock, the driver's check, recording, the gate's modal."""

    def __init__(self, app, pilot, live, clock) -> None:
        self.app, self.pilot, self.live, self.clock = app, pilot, live, clock

    @property
    def screen(self):
        from catchball.tui.practice_driver import PracticeScreen

        return next(s for s in self.app.screen_stack if isinstance(s, PracticeScreen))

    async def check(self) -> None:  # what the driver's timer does, now rather than within half a second
        self.screen.call_later(self.screen.driver.check)
        await self.pilot.pause()

    async def wait(self, minutes: float) -> None:
        self.clock.advance(minutes * 60)
        await self.check()

    async def rec(self, cls, **fields) -> None:
        before = self.live.state.last_seq
        self.screen.call_later(self.screen.record, cls, **fields)
        await self.pilot.pause()
        assert self.live.state.last_seq == before + 1, cls.__name__

    async def answer_modal(self, text: str) -> None:
        from textual.widgets import Input

        from catchball.tui.screens.reason_screen import ReasonScreen

        assert isinstance(self.app.screen, ReasonScreen), "leaving here asks why"
        self.app.screen.query_one(Input).insert_text_at_cursor(text)
        await self.pilot.press("enter")
        await self.pilot.pause()


async def _open(practice, clock, tmp_path, scenario_id: str):
    from catchball.tui.app import CatchballApp
    from catchball.tui.practice_driver import PracticeScreen

    scenario, live = practice(scenario_id)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock, start=PracticeScreen(live, scenario, clock))
    return scenario, live, app


async def test_pilot_plays_a_scenario_end_to_end(practice, clock, tmp_path):
    from catchball.tui.practice_driver import CHECK_SECONDS, PracticeDriver, PracticeScreen
    from catchball.tui.screens.help_screen import HelpScreen

    scenario, live, app = await _open(practice, clock, tmp_path, "squad-basket")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), "the briefing comes first"
        assert "Last quarter's key results" in str(app.screen.body)
        assert live.state.paused_at is not None, "the clock stands while the briefing is read"
        clock.advance(90)  # reading it does not eat into the first timebox
        await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert live.state.paused_at is None
        assert [e.kind for e in live.state.history[-2:]] == ["timer_paused", "timer_resumed"]
        from catchball.domain.timer import timer_view

        assert timer_view(live.state, clock.now()).elapsed == 0
        assert isinstance(screen.driver, PracticeDriver)
        run = Run(app, pilot, live, clock)

        objective = next(iter(live.state.objectives))
        seeded = list(live.state.key_results)
        prior = list(live.state.prior_krs)
        while live.state.current_phase.kind is not PhaseKind.COMMITMENTS:
            phase = live.state.current_phase
            kind = phase.kind
            if kind is PhaseKind.WINNING_LOGIC:  # the interval itself delivers, not only check()
                clock.advance(phase.minutes * 60)
                await pilot.pause(CHECK_SECONDS * 2 + 0.2)
            else:
                await run.wait(phase.minutes)
            if kind is PhaseKind.READINESS:
                for q in ("strategy", "aligned", "empowered", "safety", "trust", "time"):
                    await run.rec(ev.ReadinessAnswered, question=q, answer="yes")
                await run.rec(ev.ReadinessAnswered, question="overload", answer="partly")
                await run.rec(ev.ActionRecorded, text="Park the search revamp until the payment switch lands",
                              owner="Maya", question="overload")
            elif kind is PhaseKind.GRADING:
                await run.rec(ev.KrGraded, kr=prior[0], grade=1.0)
                await run.rec(ev.KrGraded, kr=prior[1], grade=0.4)
            elif kind is PhaseKind.RETRO:
                await run.rec(ev.RetroNoted, kr=prior[0], field="learned",
                              text="Fewer steps did not change first orders: wrong measure")
                await run.rec(ev.RetroNoted, kr=prior[1], field="obstacles", text="The payment outage")
            elif kind is PhaseKind.CATCHBALL:
                await run.rec(ev.ObjectiveRevised, objective=objective,
                              text="New households finish their first weekly shop without giving up")
                await run.rec(ev.RoundOpened)
                await run.wait(phase.minutes)
                for name, value in (("Maya", 4), ("Tomasz", 4), ("Priya", 5), ("Olu", 3)):
                    await run.rec(ev.VoteCast, participant=name, value=value)
                await run.rec(ev.RoundClosed)
            elif kind is PhaseKind.FOCUS:
                await run.rec(ev.FocusChosen, objective=objective)
            elif kind is PhaseKind.KEY_RESULTS:
                await run.rec(ev.KrEdited, kr=seeded[0], owner="Basket",
                              text="Raise first orders finished in one sitting from 41% to 55%")
                await run.rec(ev.KrRemoved, kr=seeded[2])
            elif kind is PhaseKind.BACKBRIEF:
                await run.rec(ev.BackBriefGiven, team="Basket",
                              words="Help new households get through their first shop in one go")
                await run.rec(ev.BackBriefMarked, team="Basket", matches=True)
            await pilot.press("ctrl+n")
            await pilot.pause()
        await run.rec(ev.CommitmentMade, team="Basket", text="Watch ten first orders in the session recordings")
        await run.rec(ev.CadenceSet, checkin="Monday 9:30")
        clock.advance(90)  # overrun the last timebox
        await pilot.press("ctrl+n", "enter")  # the end-of-session summary, then finish
        assert live.state.finished
        await run.check()
        assert isinstance(app.screen, HelpScreen), "the feedback is shown on screen"
        await pilot.press("escape")
        await run.check()
        assert not isinstance(app.screen, HelpScreen), "feedback is given once"

    events = open_session(live.folder).log.events
    said = [e for e in events if e.kind == "noted" and e.by]
    expected = list(scenario.script)
    assert {(e.by, e.text, e.type) for e in said} == {(x.participant, x.text, x.type) for x in expected}
    assert len(said) == len(expected), "no line twice"
    assert all(e.type is not ContributionType.NOTE for e in said)
    [feedback] = [e for e in events if e.kind == "feedback_recorded"]
    assert any(r.startswith("activity in KR 1 \u201cRaise first orders") for r in feedback.repaired), \
        "a repaired key result is named by its current text"
    assert any(r.startswith("sandbag in KR 3") and "dropped" in r for r in feedback.repaired)
    assert any(r.startswith("disconnected in KR 2") for r in feedback.remaining)
    text = feedback.text
    assert "1 of 3 rounds" not in text and "2 of 3 rounds used" in text
    assert "Commitments & cadence overran" in text and "said it back in their own words" in text
    assert "Readiness overran" not in text, "the briefing was read with the clock paused"
    assert "round 1 closed without a vote" in text, "the run voted in round 2 only"
    assert "every question answered" in text and "2 of 2 graded" in text and "2 of 2 key results talked" in text
    assert f"heard all {len(expected)} lines" in text and "missed" not in text
    assert "went on" not in text and "cut short" not in text
    assert events[-1].kind == "feedback_recorded"


async def test_a_rushed_run_gets_feedback_that_names_each_problem(practice, clock, tmp_path):
    """Skipped readiness, rushed grading and retro, kept the pet project, every vote 4 typed in one go,
    back-briefs that read the objective out and were marked as matching, no commitment: the
    feedback used to say "still to fix (0)", "validated" and "every team matched"."""
    from catchball.tui.screens.help_screen import HelpScreen

    scenario, live, app = await _open(practice, clock, tmp_path, "senior-harbourline")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # the briefing
        run = Run(app, pilot, live, clock)
        objective = next(iter(live.state.objectives))
        intent = live.state.objectives[objective].text
        await run.wait(0.2)
        await pilot.press("ctrl+n")  # readiness skipped: not silently, it asks
        await pilot.pause()
        assert live.state.phase == 0
        await run.answer_modal("No time for this today")
        assert live.state.current_phase.kind is PhaseKind.GRADING and live.state.override == "No time for this today"
        await run.wait(0.3)
        await pilot.press("ctrl+n")  # grading after 0.3 of its minute
        await pilot.pause()
        await run.wait(0.3)
        await pilot.press("ctrl+n")  # retro after 0.3 of its 2 minutes: asks why
        await pilot.pause()
        assert live.state.current_phase.kind is PhaseKind.RETRO
        await run.answer_modal("We know what went wrong")
        assert [x.reason for x in live.state.early_exits] == ["We know what went wrong"]
        while live.state.current_phase.kind is not PhaseKind.COMMITMENTS:
            kind = live.state.current_phase.kind
            await run.wait(0.2)
            if kind is PhaseKind.CATCHBALL:
                await run.rec(ev.RoundOpened)
                for person in scenario.participants:
                    await run.rec(ev.VoteCast, participant=person.name, value=4)
                await run.rec(ev.RoundClosed)
            elif kind is PhaseKind.FOCUS:
                await run.rec(ev.FocusChosen, objective=objective)
            elif kind is PhaseKind.BACKBRIEF:
                for team in ("Passenger", "Freight", "Digital"):
                    await run.rec(ev.BackBriefGiven, team=team, words=intent)
                    await run.rec(ev.BackBriefMarked, team=team, matches=True)
            await pilot.press("ctrl+n")
            await pilot.pause()
        await pilot.press("ctrl+n", "enter")  # the end-of-session summary, then finish
        assert live.state.finished
        await run.check()
        assert isinstance(app.screen, HelpScreen)

    [feedback] = [e for e in open_session(live.folder).log.events if e.kind == "feedback_recorded"]
    text = feedback.text
    assert "still to fix (0)" not in text.lower() and "every team matched" not in text
    assert "validated (" not in text and "not validated by a real vote" in text
    assert "readiness: no question answered" in text
    assert "went on past unanswered gate questions" in text and "No time for this today" in text
    assert "grading: 0 of 3 graded" in text and "(cut short)" in text
    assert "retrospective: 0 of 3" in text and "We know what went wrong" in text
    assert "pet project still in: KR 3 \u201cLaunch a loyalty app" in text
    assert "all 4 votes are 4" in text
    for team in ("Passenger", "Freight", "Digital"):
        assert f"{team} repeated the objective word for word (marked as matching)" in text
    assert "missed Siân's challenge" in text and "round 1 ended before minute 00:18" in text
    assert "Catchball was left before minute" in text and "Challenges heard: 1 of 13" in text
    assert "nobody said what they will do this week" in text and "no weekly check-in" in text
    assert any(r.startswith("pet project still in") for r in feedback.remaining)


async def test_stopping_at_the_gate_is_the_right_answer_for_a_team_that_is_not_ready(practice, clock, tmp_path):
    from catchball.tui.screens.help_screen import HelpScreen
    from catchball.tui.screens.reason_screen import ReasonScreen

    scenario, live, app = await _open(practice, clock, tmp_path, "product-meridian")
    assert scenario.stop_at_gate
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        run = Run(app, pilot, live, clock)
        await run.wait(0.8)
        assert len([n for n in live.state.notes if n.by]) == 4, "the room says how split it is"
        await run.rec(ev.ReadinessAnswered, question="strategy", answer="no")
        await run.rec(ev.ReadinessAnswered, question="aligned", answer="no")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen) and "F10" in str(app.screen.explanation)
        await pilot.press("f10")  # stop here: fix it first
        await pilot.pause()
        assert live.state.finished and live.state.phase == 0 and live.state.override is None
        await run.check()
        assert isinstance(app.screen, HelpScreen)
    [feedback] = [e for e in open_session(live.folder).log.events if e.kind == "feedback_recorded"]
    assert "stopped at the gate. Right call" in feedback.text and "right answer" in feedback.text
    assert "missed" not in feedback.text, "lines of phases never reached are not 'missed' after a right stop"


def test_going_past_the_gate_of_a_team_that_is_not_ready_is_named(practice, clock):
    scenario, live = practice("product-meridian")
    live.record(ev.ReadinessAnswered, clock.now(), question="strategy", answer="yes")
    live.record(ev.ReadinessOverridden, clock.now(), reason="The board wants OKRs")
    feedback = practice_feedback(scenario, live.state, clock.now())
    assert "strategy answered yes, though what the room said shows no" in feedback.text
    assert "the right answer was to stop at the gate" in feedback.text
    assert "The board wants OKRs" in feedback.text


# -- the command line ------------------------------------------------------------------------
def test_practice_list_prints_one_scenario_per_line_id_first(tmp_path):
    out = subprocess.run([sys.executable, "-m", "catchball.cli", "practice", "--list"],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    lines = out.splitlines()
    assert len(lines) >= 3
    assert [line.split()[0] for line in lines] == scenario_ids()


def test_practice_with_a_broken_file_says_one_sentence(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\ntitle = "t"\nlevel = "board"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "catchball.cli", "--sessions-dir", str(tmp_path / "s"),
                           "practice", str(broken)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "field 'level'" in done.stderr and str(broken) in done.stderr
    assert not (tmp_path / "s").exists()


async def test_home_screen_practice_starts_a_practice_session(tmp_path, clock):
    from textual.widgets import OptionList

    from catchball.tui.app import CatchballApp
    from catchball.tui.practice_driver import PracticeScreen
    from catchball.tui.screens.help_screen import HelpScreen

    app = CatchballApp(tmp_path / "sessions", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#home-menu", OptionList)
        menu.highlighted = menu.get_option_index("practice")
        await pilot.press("enter")
        await pilot.pause()
        picker = app.screen.query_one("#practice-menu", OptionList)
        assert picker.option_count == len(scenario_ids())
        # the first scenario is highlighted, so that Enter alone starts it (it used to do nothing)
        assert picker.highlighted == 0
        await pilot.press(*["down"] * picker.get_option_index("senior-harbourline"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), "the briefing"
        await pilot.press("escape")
        assert isinstance(app.screen, PracticeScreen) and app.live is not None
        info = app.live.state.session.session
        assert (info.mode.value, info.scenario, info.level.value) == ("practice", "senior-harbourline", "senior")


async def test_a_resumed_practice_run_gets_its_simulated_team_back(practice, clock, tmp_path):
    from catchball.tui.app import CatchballApp
    from catchball.tui.practice_driver import PracticeScreen

    _scenario, live = practice()
    folder = live.folder
    live.close()
    again = LiveSession.open(folder)
    app = CatchballApp(tmp_path / "sessions", live=again, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any(isinstance(s, PracticeScreen) for s in app.screen_stack)
        await pilot.press("ctrl+q")


async def test_a_resumed_practice_run_whose_scenario_is_gone_opens_without_its_team_and_says_so(
        practice, clock, tmp_path, monkeypatch):
    from catchball.store import scenarios
    from catchball.tui.app import CatchballApp
    from catchball.tui.practice_driver import PracticeScreen
    from catchball.tui.screens.facilitate_screen import FacilitateScreen

    _scenario, live = practice()
    folder = live.folder
    live.close()

    def gone(name):
        raise ValueError(f"No scenario {name!r} here [/].")

    monkeypatch.setattr(scenarios, "load_scenario", gone)
    app = CatchballApp(tmp_path / "sessions", live=LiveSession.open(folder), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen) is FacilitateScreen and not isinstance(app.screen, PracticeScreen)
        said = [str(note.message) for note in app._notifications]
        assert any("[/]" in text and "without its simulated team" in text for text in said), said
        await pilot.press("ctrl+q")
