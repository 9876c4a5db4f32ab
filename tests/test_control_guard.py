"""Escape sequences in user and file text are shown as text, never sent to the terminal."""

from __future__ import annotations

from catchball.domain import events as ev
from catchball.tui.app import CatchballApp

NASTY = "clear \x1b[2J\x1b[31mred\x1b[0m title \x1b]0;pwned\x07 \x9b31m c1"


def test_content_and_text_show_control_characters():
    from rich.text import Text
    from textual.content import Content

    import catchball.tui.app  # noqa: F401 - installs the guard

    for plain in (Content(NASTY).plain, Text(NASTY).plain, Content.from_markup("[b]x[/b] \x1b[2J").plain):
        assert "\x1b" not in plain and "\x9b" not in plain
    assert "␛[2J" in Content(NASTY).plain
    assert Content("line one\n\tline two").plain == "line one\n\tline two"


async def test_a_session_full_of_escape_sequences_draws_them_literally(new_live, clock, tmp_path):
    live = new_live(title=NASTY, people=[f"Ana {NASTY}:leader:Core"])
    live.record(ev.PhaseChanged, clock.now(), phase=5)
    live.record(ev.Noted, clock.now(), text=NASTY, by=f"Ana {NASTY}", type="challenge")
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        drawn = app.export_screenshot()
        assert "\x1b" not in drawn and "\x9b" not in drawn
        assert "␛[2J" in drawn
        assert app.is_running
