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
from catchball.domain.scenario import (
    ScenarioError,
    due_contributions,
    practice_feedback,
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
    assert len(ids) >= 3
    levels = set()
    for sid in ids:
        scenario = load_scenario(sid)
        assert scenario.id == sid and sid.startswith(scenario.level.value + "-")
        levels.add(scenario.level)
        assert scenario.script and any(line.phase is PhaseKind.CATCHBALL for line in scenario.script)
        _, live = practice(sid)
        feedback = practice_feedback(scenario, live.state, clock.now())
        assert feedback.repaired == () and feedback.remaining, "a scenario brings BAD findings to repair"
        codes = {r.split(" ", 1)[0] for r in feedback.remaining}
        assert set(scenario.good_outcome.codes_gone) <= codes, sid
        assert len(live.state.key_results) == len(scenario.key_results)
        obj = next(iter(live.state.objectives.values()))
        assert obj.links and all(ref in live.state.winning for ref in obj.links)
    assert levels == set(Level)


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
async def test_pilot_plays_a_scenario_end_to_end(practice, clock, tmp_path):
    from catchball.tui.app import CatchballApp
    from catchball.tui.practice_driver import (
        CHECK_SECONDS,
        PracticeDriver,
        PracticeScreen,
    )
    from catchball.tui.screens.help_screen import HelpScreen

    scenario, live = practice("squad-basket")
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock,
                       start=PracticeScreen(live, scenario, clock))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), "the briefing comes first"
        assert live.state.paused_at is not None, "the clock stands while the briefing is read"
        clock.advance(90)  # reading it does not eat into the first timebox
        await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert live.state.paused_at is None
        assert [e.kind for e in live.state.history[-2:]] == ["timer_paused", "timer_resumed"]
        from catchball.domain.timer import timer_view

        assert timer_view(live.state, clock.now()).elapsed == 0
        driver = screen.driver
        assert isinstance(driver, PracticeDriver)

        async def check() -> None:  # what the driver's timer does, now rather than within half a second
            screen.call_later(driver.check)
            await pilot.pause()

        async def run_phase(minutes: float) -> None:
            clock.advance(minutes * 60)
            await check()

        async def rec(cls, **fields) -> None:
            before = live.state.last_seq
            screen.call_later(screen.record, cls, **fields)
            await pilot.pause()
            assert live.state.last_seq == before + 1, cls.__name__

        objective = next(iter(live.state.objectives))
        seeded = list(live.state.key_results)
        while live.state.current_phase.kind is not PhaseKind.COMMITMENTS:
            phase = live.state.current_phase
            kind = phase.kind
            if kind is PhaseKind.WINNING_LOGIC:  # the interval itself delivers, not only check()
                clock.advance(phase.minutes * 60)
                await pilot.pause(CHECK_SECONDS * 2 + 0.2)
            else:
                await run_phase(phase.minutes)
            if kind is PhaseKind.CATCHBALL:
                await rec(ev.ObjectiveRevised, objective=objective,
                    text="New households finish their first weekly shop without giving up")
                await rec(ev.RoundOpened)
                await run_phase(phase.minutes)
                for name, value in (("Maya", 4), ("Tomasz", 4), ("Priya", 5), ("Olu", 3)):
                    await rec(ev.VoteCast, participant=name, value=value)
                await rec(ev.RoundClosed)
            elif kind is PhaseKind.FOCUS:
                await rec(ev.FocusChosen, objective=objective)
            elif kind is PhaseKind.KEY_RESULTS:
                await rec(ev.KrEdited, kr=seeded[0], owner="Basket",
                    text="Raise first orders finished in one sitting from 41% to 55%")
                await rec(ev.KrRemoved, kr=seeded[2])
            elif kind is PhaseKind.BACKBRIEF:
                await rec(ev.BackBriefGiven, team="Basket", words="Help new households finish their first shop")
                await rec(ev.BackBriefMarked, team="Basket", matches=True)
            await pilot.press("ctrl+n")
        clock.advance(90)  # overrun the last timebox
        await pilot.press("ctrl+n")
        assert live.state.finished
        await check()
        assert isinstance(app.screen, HelpScreen), "the feedback is shown on screen"
        await pilot.press("escape")
        await check()
        assert not isinstance(app.screen, HelpScreen), "feedback is given once"

    events = open_session(live.folder).log.events
    said = [e for e in events if e.kind == "noted" and e.by]
    expected = [line for line in scenario.script if line.phase is not PhaseKind.READINESS]
    assert {(e.by, e.text, e.type) for e in said} == {(x.participant, x.text, x.type) for x in expected}
    assert len(said) == len(expected), "no line twice"
    assert all(e.type is not ContributionType.NOTE for e in said)
    [feedback] = [e for e in events if e.kind == "feedback_recorded"]
    assert any(r.startswith("activity in KR 1") for r in feedback.repaired)
    assert any(r.startswith("sandbag in KR 3") and "dropped" in r for r in feedback.repaired)
    assert any(r.startswith("disconnected in KR 2") for r in feedback.remaining)
    assert "1 of 3 rounds" not in feedback.text and "2 of 3 rounds used" in feedback.text
    assert "overran Commitments" in feedback.text and "every team matched" in feedback.text
    assert events[-1].kind == "feedback_recorded"


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
