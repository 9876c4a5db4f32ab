"""Pilots of the facilitation screen: capture, pause, extend, advance, undo, quit and resume."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Digits, Input

from catchball.domain.fold import replay
from catchball.domain.timer import timer_view
from catchball.store.live import LiveSession
from catchball.store.session_dir import open_session
from catchball.tui.app import CatchballApp
from catchball.tui.screens.facilitate_screen import FacilitateScreen
from catchball.tui.widgets.contribution_log import ContributionLog

HOSTILE = "evil [/] [@click=app.quit]Q[/] [$accent]x [B] [ bold]"


def saved(live: LiveSession):
    return open_session(live.folder).log.events


def log_text(app) -> str:
    """What the log shows, wrapped lines joined back (whitespace collapsed)."""
    log = app.screen.query_one(ContributionLog)
    return " ".join(" ".join(strip.text for strip in log.lines).split())


async def type_line(pilot, text: str) -> None:
    app = pilot.app
    app.screen.query_one("#capture-input", Input).value = text
    await pilot.press("enter")


async def test_capture_pause_extend_advance_undo(new_live, clock, tmp_path):
    from catchball.domain import events as ev

    live = new_live()
    live.record(ev.PhaseChanged, clock.now(), phase=5)  # catchball: what is typed is what was said
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        assert isinstance(app.focused, Input), "each phase opens with the capture line focused"
        await pilot.press(*"We are ready")
        await pilot.press("down")  # Ana speaks
        await pilot.press("enter")
        await pilot.pause()
        events = saved(live)
        assert events[-1].kind == "noted" and events[-1].text == "We are ready" and events[-1].by == "Ana"
        assert "Ana: We are ready" in log_text(app)

        clock.advance(10)
        await pilot.press("ctrl+t")
        assert saved(live)[-1].kind == "timer_paused"
        clock.advance(30)
        await pilot.pause(0.3)
        assert "paused" in str(app.screen.query_one("#timer-word").render())
        await pilot.press("ctrl+t")
        assert saved(live)[-1].kind == "timer_resumed"
        await pilot.press("ctrl+o")
        assert saved(live)[-1].kind == "timer_extended"
        view = timer_view(live.state, clock.now())
        assert view.planned == 180 and view.elapsed == 10

        await pilot.press("ctrl+n")
        assert live.state.phase == 6 and saved(live)[-1].kind == "phase_changed"
        await type_line(pilot, HOSTILE)
        await pilot.pause()
        assert HOSTILE in log_text(app)
        assert app.is_running, "markup in a note must not run an action"
        # undo the note, then the accidental phase advance
        await pilot.press("ctrl+z")
        assert live.state.phase_notes() == []
        await pilot.press("ctrl+z")
        assert live.state.phase == 5
        assert "We are ready" in log_text(app)
    kinds = [e.kind for e in saved(live)]
    assert kinds[-2:] == ["undone", "undone"]
    assert replay(live.state.session, saved(live)).phase == 5


def ready(live, clock) -> None:
    """Answer the readiness gate's questions yes, so that leaving readiness asks nothing."""
    from catchball.domain import events as ev
    from catchball.domain.model import GATE_QUESTIONS

    for q in GATE_QUESTIONS:
        live.record(ev.ReadinessAnswered, clock.now(), question=q.value, answer="yes")


async def test_quit_and_resume_where_it_stood(new_live, clock, tmp_path):
    live = new_live()
    ready(live, clock)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_line(pilot, "first phase note")
        await pilot.press("ctrl+n")
        clock.advance(20)
        await type_line(pilot, "second [/] note")
        await pilot.press("ctrl+q")
    assert not (live.folder / ".lock").exists(), "ctrl+q releases the session"

    clock.advance(40)  # the room's time runs on while the app is closed
    again = LiveSession.open(live.folder)
    app = CatchballApp(tmp_path / "sessions", live=again, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.state.phase == 1
        assert "second [/] note" in log_text(app)
        assert "first phase note" not in log_text(app)
        assert timer_view(again.state, clock.now()).elapsed == 60
        await pilot.press("ctrl+q")


async def test_readiness_gate_asks_for_a_reason(new_live, clock, tmp_path):
    from catchball.domain import events as ev

    live = new_live()
    live.record(ev.ReadinessAnswered, clock.now(), question="strategy", answer="no")
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert live.state.phase == 0
        assert type(app.screen).__name__ == "ReasonScreen"
        await pilot.press(*"board decided")
        await pilot.press("enter")
        await pilot.pause()
        assert live.state.phase == 1
        assert live.state.override == "board decided"


async def test_page_keys_step_phases_only_outside_text_fields(new_live, clock, tmp_path):
    live = new_live()
    ready(live, clock)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("pagedown")
        assert live.state.phase == 0, "PageDown inside the capture line does not step"
        await pilot.press("escape")
        assert not isinstance(app.focused, Input)
        await pilot.press("pagedown")
        assert live.state.phase == 1
        await pilot.press("pageup")
        assert live.state.phase == 0


async def test_bell_rings_once_at_zero(new_live, clock, tmp_path):
    live = new_live()
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    rings = []
    app.bell = lambda: rings.append(clock.now())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        clock.advance(59)
        await pilot.pause(0.3)
        assert rings == []
        clock.advance(2)
        await pilot.pause(0.4)
        clock.advance(5)
        await pilot.pause(0.4)
        assert len(rings) == 1
        assert "OVERTIME" in str(app.screen.query_one("#timer-word").render())


async def test_finish_on_last_phase(new_live, clock, tmp_path):
    from catchball.domain import events as ev

    live = new_live()
    live.record(ev.PhaseChanged, clock.now(), phase=9)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        assert not live.state.finished, "ctrl+n on the last phase asks first"
        await pilot.press("ctrl+n")
        assert live.state.finished
        await pilot.press("escape", "ctrl+z")
        assert not live.state.finished


async def test_new_session_from_the_home_screen(clock, tmp_path):
    from textual.widgets import TextArea

    app = CatchballApp(tmp_path / "sessions", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # "New session…" is the first entry
        await pilot.pause()
        await pilot.press(*"Team [b]Q2[/b]")
        app.screen.query_one(TextArea).text = "Ana:leader:Core\nBen:member:Growth"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        assert app.screen.state.session.session.title == "Team [b]Q2[/b]"
        assert [p.team for p in app.screen.state.session.participants] == ["Core", "Growth"]
        await pilot.press("ctrl+q")
    (folder,) = [p for p in (tmp_path / "sessions").iterdir() if p.is_dir()]
    assert folder.name.endswith("-team-b-q2-b")
    assert (tmp_path / "sessions" / ".gitignore").is_file()  # the sessions folder is ready for git


async def test_home_lists_unfinished_sessions_to_resume(new_live, clock, tmp_path):
    live = new_live(title="Resume me")
    live.close()
    app = CatchballApp(tmp_path / "sessions", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()  # the sessions are read off the UI thread
        await pilot.pause()
        menu = app.screen.query_one("#home-menu")
        menu.highlighted = menu.get_option_index(f"resume:{live.folder.name}")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        assert app.screen.state.session.session.title == "Resume me"
        await pilot.press("ctrl+q")


async def test_elapsed_time_is_independent_of_ticks(new_live, clock, tmp_path):
    """The timer shows what the clock says, however many ticks (repaints) came in between:
    one tick after 150 s, 300 ticks over the same 150 s, or 50 ticks with the clock still."""
    shown = []
    for ticks in (1, 300):
        live = new_live()
        app = CatchballApp(tmp_path / f"sessions-{ticks}", live=live, clock=clock)
        start = clock.now()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            for _ in range(ticks):
                clock.advance(150 / ticks)
                screen._tick()
            await pilot.pause()
            digits = screen.query_one("#timer-digits", Digits).value
            for _ in range(50):  # ticks alone never move the time
                screen._tick()
            await pilot.pause()
            assert screen.query_one("#timer-digits", Digits).value == digits
            view = timer_view(live.state, clock.now())
            assert round(view.elapsed) == 150 and digits == view.display, (digits, view)
            assert view == timer_view(live.state, start + timedelta(seconds=150))
            shown.append(digits)
            await pilot.press("ctrl+q")
    assert shown[0] == shown[1]


async def test_long_notes_wrap_inside_a_narrow_log_without_losing_words(new_live, clock, tmp_path):
    from catchball.domain import events as ev

    live = new_live()
    words = " ".join(f"w{i}" for i in range(40))
    live.record(ev.Noted, clock.now(), text=words, by="Ana")
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(ContributionLog)
        shown = " ".join(strip.text.strip() for strip in log.lines)
        assert all(f"w{i}" in shown.split() for i in range(40)), shown
        assert max(strip.cell_length for strip in log.lines) <= log.scrollable_content_region.width


async def test_a_note_the_model_refuses_or_the_disk_cannot_take_is_not_shown(new_live, clock, tmp_path):
    live = new_live()
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        before = len(saved(live))
        await type_line(pilot, "x" * 20_001)  # longer than a note may be
        assert len(saved(live)) == before and live.state.notes == []
        assert app.screen.query_one("#capture-input", Input).value == "x" * 20_001, "the text stays to be fixed"

        def full(*args, **kwargs):
            raise OSError(28, "No space left on device")

        live.opened.writer.append = full
        await type_line(pilot, "said while the disk was full")
        assert live.state.notes == [] and "said while the disk was full" not in log_text(app)
        assert app.is_running


async def test_a_new_note_is_scrolled_into_view_in_the_same_frame(new_live, clock, tmp_path):
    # RichLog.write's own scroll waits for a refresh: the note then reached the screen one frame
    # (about 45 ms at 120x40 with 1,000 notes) after the rest of the Enter's work
    from catchball.domain import events as ev

    live = new_live()
    live.record(ev.PhaseChanged, clock.now(), phase=5)
    for i in range(40):
        live.record(ev.Noted, clock.now(), text=f"earlier note {i}", by="Ana", type="note")
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(ContributionLog)
        assert log.max_scroll_y > 0 and log.scroll_y == log.max_scroll_y
        assert app.screen.record(ev.Noted, text="the newest note", by="Ana", type="note")
        # no pause: what the next frame paints is already scrolled to the new line
        assert log.max_scroll_y > 0 and log.scroll_y == log.max_scroll_y
        assert "the newest note" in log.lines[-1].text


async def test_the_clock_tick_does_not_repaint_the_whole_screen(new_live, clock, tmp_path):
    # the screen's `now` and `revision` are signals for bound widgets; repainting the screen for
    # them made every tick (4 a second) and every note a full-screen update
    live = new_live()
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        whole: list[tuple] = []
        original = screen.refresh

        def refresh(*regions, **kwargs):
            if not regions:
                whole.append(kwargs)
            return original(*regions, **kwargs)

        screen.refresh = refresh
        digits = screen.query_one(Digits)
        before = digits.value
        for _ in range(5):
            clock.advance(1)
            screen._tick()
        screen.refresh_state()
        assert whole == []
        assert digits.value != before  # the timer itself still counted down


@pytest.mark.parametrize("size", [(120, 40), (160, 48), (80, 24)], ids=["digits", "block-clock", "one-line"])
async def test_a_key_or_a_second_lays_out_only_what_changed_size(new_live, clock, tmp_path, monkeypatch, size):
    """A label's update lays the whole screen out again. A key lays out nothing (Textual's Input
    does at every key, for its scroll: CaptureInput repaints); a second of the timer lays out only
    the time on one line, at 80x24, where the word holds it. The target's label was updated at
    every key, and the hidden block clock and the unchanged word at every second."""
    from textual.widget import Widget

    from catchball.tui.widgets.big_digits import BigDigits

    laid_out: list[str] = []
    refresh = Widget.refresh

    def noted(self, *regions, layout=False, **kwargs):
        if layout:
            laid_out.append(type(self).__name__)
        return refresh(self, *regions, layout=layout, **kwargs)

    monkeypatch.setattr(Widget, "refresh", noted)
    app = CatchballApp(tmp_path / "sessions", live=new_live(), clock=clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        laid_out.clear()
        await pilot.press(*"abc")
        assert laid_out == [] and screen.query_one("#capture-input", Input).value == "abc", laid_out
        laid_out.clear()
        shown = screen.query_one(BigDigits if size == (160, 48) else Digits)
        before = shown.value
        for _ in range(3):
            clock.advance(1)
            screen._tick()
            await pilot.pause()
        assert shown.value != before, "the clock still counts"
        laid_out = [name for name in laid_out if name != "AgendaRail"]  # its minutes, at a new minute
        assert laid_out == (["Label"] * 3 if size == (80, 24) else []), laid_out
