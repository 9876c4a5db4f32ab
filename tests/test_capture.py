"""The capture line never misfiles, swallows or leaks text (issues 14 and 19).

Each test drives the real app by keys. "Burst" tests post every key to the app at once, as a
fast typist, a paste without bracketed-paste or `tmux send-keys` does, and only then let the
app work through them.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input
from test_phases_b import BACKBRIEF, CATCHBALL, FOCUS, KRS, make_session, panel_text, saved

from catchball.domain import events as ev
from catchball.tui.app import CatchballApp
from catchball.tui.widgets.capture_bar import CaptureBar
from catchball.tui.widgets.phase_panel import PhasePanel


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def key_for(ch: str) -> events.Key:
    names = {" ": "space", "\r": "enter", "\n": "enter", ".": "full_stop", ",": "comma", "%": "percent_sign"}
    name = names.get(ch, ch)
    return events.Key(name, None if name == "enter" else ch)


async def burst(pilot, text: str) -> None:
    """Every key of `text` (a line break is Enter) handed to the app at once, then the app works."""
    for ch in text:
        pilot.app.post_message(key_for(ch))
    await pilot.pause()
    await pilot.pause()


async def typed(pilot, text: str) -> None:
    await pilot.press(*[key_for(ch).key for ch in text])


def line(app) -> Input:
    return app.screen.query_one("#capture-input", Input)


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def texts(live, kind: str, field: str = "text") -> list[str]:
    return [getattr(e, field) for e in saved(live) if e.kind == kind]


# -- what was seen (issue 14) ------------------------------------------------------------------
async def test_a_refused_fourth_key_result_never_glues_onto_the_back_brief(tmp_path):
    extra = [(ev.KrAdded, {"text": f"Raise metric {i} from 10 to 12"}) for i in range(3)]
    live, clock, _ = make_session(tmp_path, KRS, extra=extra)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await typed(pilot, "Cut password resets by half")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReasonScreen"
        await pilot.press("escape")  # the reason dialog cancelled: the text is kept, pending, for KR 4
        await pilot.pause()
        assert line(app).value == "Cut password resets by half"
        assert "pending" in str(app.screen.query_one("#capture-target").render())
        await pilot.press("ctrl+n")  # a phase change clears it and says so
        await pilot.pause()
        assert live.state.phase == BACKBRIEF and line(app).value == ""
        assert any("Cut password resets by half" in m and "Not recorded" in m for m in messages(app))
        await typed(pilot, "Keep CSAT at or above 85%")
        await pilot.press("enter")
        await pilot.pause()
    assert texts(live, "backbrief_given", "words") == ["Keep CSAT at or above 85%"]
    assert len(texts(live, "kr_added")) == 3


async def test_escape_from_an_edit_never_leaves_its_text_for_the_next_key_result(tmp_path):
    extra = [(ev.KrAdded, {"text": "Raise weekly returning readers from 1200 to 1500"})]
    live, clock, _ = make_session(tmp_path, KRS, extra=extra)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")  # edit the wording: the line holds it
        await pilot.pause()
        assert line(app).value == "Raise weekly returning readers from 1200 to 1500"
        await pilot.press("escape")
        await pilot.pause()
        assert line(app).value == "" and isinstance(app.focused, Input)
        await typed(pilot, "Cut time to a second book from 30 to 21 days")
        await pilot.press("enter")
        await pilot.pause()
    assert texts(live, "kr_added") == ["Raise weekly returning readers from 1200 to 1500",
                                       "Cut time to a second book from 30 to 21 days"]
    assert texts(live, "kr_edited") == []


async def test_letters_typed_on_the_panel_are_text_never_commands(tmp_path):
    extra = [(ev.KrAdded, {"text": "Launch the new onboarding flow"})]
    live, clock, _ = make_session(tmp_path, KRS, extra=extra)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")  # keep the activity finding: the line asks why
        await pilot.press("tab")  # the panel has the keyboard ...
        assert isinstance(app.focused, PhasePanel)
        await typed(pilot, "deliberate xdemwo+-0")  # ... yet every letter is text
        assert line(app).value == "deliberate xdemwo+-0" and isinstance(app.focused, Input)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # Esc to the panel; typing after it is still text
        await typed(pilot, "done")
        await pilot.pause()
        assert line(app).value == "done"
    assert len(live.state.key_results) == 1
    assert texts(live, "exception_accepted", "reason") == ["deliberate xdemwo+-0"]
    assert texts(live, "kr_edited") == []


async def test_a_burst_typed_on_the_panel_keeps_its_order(tmp_path):
    live, clock, _ = make_session(tmp_path, FOCUS)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")
        assert isinstance(app.focused, PhasePanel)
        await burst(pilot, "park it for next quarter\r")
    assert texts(live, "noted") == ["park it for next quarter"]
    assert live.state.parked == {} and live.state.focus is None


async def test_removing_a_key_result_says_so_and_ctrl_z_brings_it_back(tmp_path):
    extra = [(ev.KrAdded, {"text": "Raise weekly returning readers from 1200 to 1500"})]
    live, clock, _ = make_session(tmp_path, KRS, extra=extra)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "delete")
        await pilot.pause()
        assert not live.state.key_results
        assert any("Removed key result 1" in m and "ctrl+z" in m for m in messages(app))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(live.state.key_results) == 1


async def test_shift_f3_arrives_as_f15_in_tmux(tmp_path):
    live, clock, _ = make_session(tmp_path, CATCHBALL)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(CaptureBar)
        await pilot.press("f3", "f3", "f15")
        assert bar.contribution.value == "challenge"
        await pilot.press("shift+f3")
        assert bar.contribution.value == "note"


async def test_a_line_typed_for_one_team_stays_with_that_team(tmp_path):
    live, clock, _ = make_session(tmp_path, BACKBRIEF)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await typed(pilot, "We grow returning readers")  # for Core, the team selected
        await pilot.press("tab", "down")  # Growth is selected now: the text stays Core's, marked pending
        await pilot.pause()
        assert "pending → Core" in str(app.screen.query_one("#capture-target").render())
        await pilot.press("tab", "enter")
        await pilot.pause()
        await typed(pilot, "Growth words")
        await pilot.press("enter")
        await pilot.pause()
    given = [(e.team, e.words) for e in saved(live) if e.kind == "backbrief_given"]
    assert given == [("Core", "We grow returning readers"), ("Growth", "Growth words")]


# -- burst typing (issue 19) ------------------------------------------------------------------
async def test_a_burst_of_lines_records_each_line_once(tmp_path):
    live, clock, _ = make_session(tmp_path, CATCHBALL)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "first\rsecond\r")
        assert texts(live, "noted") == ["first", "second"]
        await burst(pilot, "".join(f"note {i}\r" for i in range(20)))
    assert texts(live, "noted") == ["first", "second", *[f"note {i}" for i in range(20)]]


async def test_a_pasted_block_is_one_entry_per_line(tmp_path):
    live, clock, _ = make_session(tmp_path, CATCHBALL)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(events.Paste("\n".join(f"pasted {i}" for i in range(20)) + "\nstill typing"))
        await pilot.pause()
        await pilot.pause()
        assert line(app).value == "still typing"  # the last line has no Enter yet
        await pilot.press("enter")
        await pilot.pause()
    assert texts(live, "noted") == [*[f"pasted {i}" for i in range(20)], "still typing"]


async def test_a_burst_after_an_armed_line_goes_to_the_next_entry(tmp_path):
    live, clock, (obj,) = make_session(tmp_path, CATCHBALL)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8", "ctrl+u")  # revise, the wording typed anew
        await burst(pilot, "Readers come back\rWeekly is a lot\r")
        assert "v2 (revised in round 1)" in panel_text(app)
    revised = [e.text for e in saved(live) if e.kind == "objective_revised"]
    assert revised == ["Readers come back"] and texts(live, "noted") == ["Weekly is a lot"]


# -- layout --------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(80, 24), (140, 40)])
async def test_dot_counts_stay_visible_after_long_objectives(tmp_path, size):
    from test_phases_b import screen_text

    long = ("Make first-time readers come back every single week because the picks feel made for them, "
            "personally, by people who read")
    live, clock, ids = make_session(tmp_path, FOCUS, focus=False, objectives=(long, long + " too"))
    live.record(ev.DotsCast, clock.now(), objective=ids[0], dots=3)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "3 ●●● ○ Make" in shown and "0 ○ Make" in shown


async def test_a_burst_into_the_reason_dialog_records_the_reason_alone(tmp_path):
    """`four` Enter `five` Enter sent in one burst into the readiness gate's reason dialog saved the
    reason "fourfive" (the dialog read its field after the next keys had arrived). The reason is
    the text before its Enter; what was typed after it goes on to the next phase's capture line."""
    from test_phases_b import PEOPLE, START

    from catchball.services.session_factory import build_session_file, start_session
    from catchball.tui.clock import FakeClock
    from catchball.tui.screens.reason_screen import ReasonScreen

    clock = FakeClock(START)
    file = build_session_file(title="Acme Q1", agenda="quick", level="squad", participants=PEOPLE, now=START)
    live = start_session(tmp_path / "sessions", file, START)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")  # the gate questions are unanswered: why go on?
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await burst(pilot, "four\rfive\rsix\r")
        for _ in range(4):
            await pilot.pause()
    assert texts(live, "readiness_overridden", "reason") == ["four"]
    assert texts(live, "noted") == ["five", "six"]
    assert live.state.phase == 1


async def test_tab_then_an_arrow_in_one_burst_moves_the_panel_not_the_speaker(tmp_path):
    # Widget.focus() waits for the keys already queued: Down, sent with Tab, reached the capture
    # line and changed who speaks; the Tab must hand the keyboard to the panel at once
    live, clock, _ = make_session(tmp_path, BACKBRIEF)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(CaptureBar)
        who = str(app.screen.query_one("#capture-who").render())
        panel = app.screen.query_one(PhasePanel)
        for key in ("tab", "down"):
            app.post_message(events.Key(key, None))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.focused is panel and panel.selected == 1
        assert str(app.screen.query_one("#capture-who").render()) == who
        for key in ("tab", "down"):  # and back: Down in the line changes the speaker, as it should
            app.post_message(events.Key(key, None))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.focused is bar.field and panel.selected == 1
        assert str(app.screen.query_one("#capture-who").render()) != who


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_a_line_longer_than_the_field_scrolls_to_its_end_and_back(tmp_path, size):
    """The field keeps the cursor in sight as the text outgrows it, with no layout of the screen
    (CaptureInput's virtual size repaints only): its last characters are drawn, then its first."""
    live, clock, _ = make_session(tmp_path, CATCHBALL)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    text = " ".join(f"w{i:03d}" for i in range(60))  # 299 characters: wider than the field at both sizes
    async with app.run_test(size=size) as pilot:
        await burst(pilot, text)
        field = line(app)
        drawn = "".join(segment.text for segment in field.render_line(0))
        assert field.value == text and field.scroll_x > 0
        assert "w059" in drawn and "w000" not in drawn, drawn
        assert field.virtual_size.width > field.content_region.width
        await pilot.press("home")
        await pilot.pause()
        drawn = "".join(segment.text for segment in field.render_line(0))
        assert field.scroll_x == 0 and "w000" in drawn and "w059" not in drawn, drawn
        await pilot.press("enter")
    assert texts(live, "noted") == [text]
