"""The one-widget footer (tui/widgets/key_footer.py) draws what Textual's Footer draws, cell for cell
and colour for colour: at rest, under the pointer, with disabled keys, cut short by a narrow
terminal, in every theme. And it does what Textual's does when clicked, hovered and scrolled."""

from __future__ import annotations

from pathlib import Path

import pytest
from _shared import seen_line
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input

from catchball.tui import app as app_module
from catchball.tui.app import CatchballApp
from catchball.tui.themes import CATCHBALL_VARIABLE_DEFAULTS
from catchball.tui.widgets.key_footer import KeyFooter

CHROME = str(Path(app_module.__file__).with_name("chrome.tcss"))


class Keys(Screen):
    BINDINGS = [
        Binding("f2", "say('who')", "Who", tooltip="Who speaks next"),
        Binding("f3", "say('kind')", "Type"),
        Binding("f4", "say('off')", "Switched off"),
        Binding("ctrl+n", "say('next')", "Next phase"),
        Binding("f9", "say('unseen')", "Unseen", show=False),
        Binding("f10", "say('second')", "Second key of f2's action"),
        Binding("escape", "say('esc')", ""),
    ]

    def __init__(self, footer) -> None:
        super().__init__()
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield Input()
        yield self.footer

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if parameters == ("off",) else True

    def action_say(self, what: str) -> None:
        self.app.said.append(what)


class Host(App[None]):
    CSS_PATH = CHROME

    def __init__(self, footer, theme: str) -> None:
        super().__init__()
        self.footer = footer
        self.said: list[str] = []
        self.theme = theme

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(CATCHBALL_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        self.push_screen(Keys(self.footer))


async def _drawn(footer, size, theme: str, hover: tuple[int, int] | None = None) -> list[tuple]:
    return await seen_line(Host(footer, theme), size, -1, hover)


def _text(app) -> str:
    """The screen's last line, as text."""
    return "".join(segment.text for segment in app.screen._compositor.render_strips()[-1])


@pytest.mark.parametrize("size", [(120, 10), (60, 10), (30, 10)])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "solarized-light"])
async def test_it_draws_what_textuals_footer_draws(size, theme):
    ours = await _drawn(KeyFooter(), size, theme)
    textuals = await _drawn(Footer(), size, theme)
    assert ours == textuals
    assert "W" in [cell[0] for cell in ours] or size[0] < 40


@pytest.mark.parametrize("x", [2, 9, 16, 22, 40, 112, 118])
async def test_a_key_under_the_pointer_is_lit_as_textuals(x):
    ours = await _drawn(KeyFooter(), (120, 10), "textual-dark", hover=(x, 9))
    textuals = await _drawn(Footer(), (120, 10), "textual-dark", hover=(x, 9))
    assert ours == textuals


async def test_clicks_press_the_key_and_a_disabled_key_rings_the_bell():
    app = Host(KeyFooter(), "textual-dark")
    async with app.run_test(size=(120, 10)) as pilot:
        await pilot.pause()
        await pilot.pause()
        line = _text(app)
        bells: list[int] = []
        app.bell = lambda: bells.append(1)
        await pilot.click(offset=(line.index("Who"), 9))
        await pilot.click(offset=(line.index("Next phase"), 9))
        await pilot.click(offset=(line.index("Switched off"), 9))
        await pilot.pause()
        assert app.said == ["who", "next"]
        assert bells == [1]
        await pilot.click(offset=(line.index("palette"), 9))
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"


async def test_the_pointer_shows_the_keys_tooltip():
    footer = KeyFooter()
    app = Host(footer, "textual-dark")
    async with app.run_test(size=(120, 10)) as pilot:
        await pilot.pause()
        await pilot.pause()
        line = _text(app)
        await pilot.hover(offset=(line.index("Who"), 9))
        assert str(footer.tooltip) == "Who speaks next"
        await pilot.hover(offset=(line.index("palette"), 9))
        assert "palette" in str(footer.tooltip).lower()
        await pilot.hover(offset=(line.index("Type"), 9))
        assert footer.tooltip is None
        assert footer.has_class("-over-key")
        await pilot.hover(offset=(60, 2))
        assert not footer.has_class("-over-key")


async def test_the_wheel_brings_the_keys_that_do_not_fit():
    footer = KeyFooter()
    app = Host(footer, "textual-dark")
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        await pilot.pause()

        assert "Next phase" not in _text(app)
        for _ in range(3):
            footer.post_message(_wheel(footer, down=True))
            await pilot.pause()
        assert "Next phase" in _text(app) and "Who" not in _text(app)
        for _ in range(10):
            footer.post_message(_wheel(footer, down=True))  # no further than the last key
            await pilot.pause()
        assert _text(app).startswith(" f10 Second")
        for _ in range(10):
            footer.post_message(_wheel(footer, down=False))
            await pilot.pause()
        assert "Who" in _text(app)


def _wheel(widget, down: bool):
    from textual import events

    kind = events.MouseScrollDown if down else events.MouseScrollUp
    return kind(widget, 1, 0, 0, 0, 1, False, False, False, screen_x=1, screen_y=9)


async def test_every_screen_of_the_app_has_it_and_not_textuals(new_live, clock, tmp_path):
    live = new_live()
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert len(app.screen.query(KeyFooter)) == 1
        assert not app.screen.query(Footer)
        line = _text(app)
        assert "f2 Who" in line and "Save & quit" in line
