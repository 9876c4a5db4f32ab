"""The notes log writes a window of the latest notes, never the whole phase, and brings in
earlier ones on scroll (issue 18: 1,667 notes were written 6,676 times on a resize)."""

from __future__ import annotations

from catchball.domain import events as ev
from catchball.tui.app import CatchballApp
from catchball.tui.widgets.contribution_log import WINDOW, ContributionLog

NOTES = 3 * WINDOW + 17


def _text(log: ContributionLog) -> str:
    return " ".join(" ".join(strip.text for strip in log.lines).split())


async def test_a_long_phase_writes_only_its_latest_notes_and_the_rest_on_scroll(new_live, clock, tmp_path):
    live = new_live()
    live.record(ev.PhaseChanged, clock.now(), phase=1)
    for i in range(NOTES):
        live.record(ev.Noted, clock.now(), text=f"note number {i}.", by="Ana", type="note")
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(ContributionLog)
        assert log.writes <= 2 * WINDOW
        assert f"note number {NOTES - 1}." in _text(log) and f"note number {NOTES - WINDOW - 1}." not in _text(log)
        assert f"{NOTES - WINDOW:,} earlier notes" in log.lines[0].text
        assert log.border_subtitle == f"{NOTES} noted"
        assert log.scroll_y == log.max_scroll_y  # the newest note is in view

        before = log.writes
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert log.writes - before <= WINDOW  # a resize rewrites the window, not the phase
        assert log.scroll_y == log.max_scroll_y

        log.action_scroll_home()  # to the top of the window
        await pilot.pause()
        log.action_scroll_home()  # past it: the window before comes in, the view stays put
        await pilot.pause()
        assert f"note number {NOTES - WINDOW - 1}." in _text(log)
        assert f"{NOTES - 2 * WINDOW:,} earlier notes" in log.lines[0].text
        assert 0 < log.scroll_y < log.max_scroll_y
        while log._start:
            log.action_scroll_home()
            log.action_scroll_home()
            await pilot.pause()
        assert "note number 0." in _text(log) and "earlier notes" not in log.lines[0].text

        assert app.screen.record(ev.Noted, text="the newest note", by="Ana", type="note")
        assert "the newest note" in log.lines[-1].text and log.scroll_y == log.max_scroll_y


async def test_taking_back_a_note_rewrites_the_window(new_live, clock, tmp_path):
    live = new_live()
    live.record(ev.PhaseChanged, clock.now(), phase=1)
    for i in range(WINDOW + 5):
        live.record(ev.Noted, clock.now(), text=f"note number {i}.", by="Ana", type="note")
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(ContributionLog)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert f"note number {WINDOW + 4}." not in _text(log)
        assert f"note number {WINDOW + 3}." in _text(log)


async def test_the_first_frame_shows_the_newest_notes_and_renders_only_those(new_live, clock, tmp_path, monkeypatch):
    """A resume's first frame shows the phase's newest notes (Textual's RichLog, like this log
    before, wrote them when its Resize event came, after the first frame), and renders only as
    many notes as the log has rows; the rest of the window comes right after it."""
    from textual.app import App

    live = new_live()
    live.record(ev.PhaseChanged, clock.now(), phase=1)
    for i in range(NOTES):
        live.record(ev.Noted, clock.now(), text=f"note number {i}.", by="Ana", type="note")
    at_first_frame: list[tuple[str, int, int]] = []
    display = App._display

    def first(self, screen, renderable):
        display(self, screen, renderable)
        logs = self.screen.query(ContributionLog)
        if renderable is not None and logs and not at_first_frame:
            drawn = "\n".join("".join(s.text for s in strip) for strip in self.screen._compositor.render_strips())
            at_first_frame.append((drawn, len(logs.first()._shown), logs.first().size.height))

    monkeypatch.setattr(App, "_display", first)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        log = app.screen.query_one(ContributionLog)
        drawn, written, rows = at_first_frame[0]
        assert f"note number {NOTES - 1}." in drawn and f"{NOTES} noted" in drawn
        assert 0 < written <= rows < log._window()
        assert len(log._shown) == log._window()  # the rest of the window, after the first frame
        assert f"note number {NOTES - log._window() - 1}." not in _text(log)
        assert f"note number {NOTES - log._window()}." in _text(log)
        assert log.scroll_y == log.max_scroll_y  # the newest still in view
