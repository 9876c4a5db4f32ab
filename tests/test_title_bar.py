"""The one-widget title line (tui/widgets/title_bar.py) draws what Textual's Header (without its
clock) draws, cell for cell: short, long and subtitled titles, the icon under the pointer, narrow
terminals, several themes. Its icon opens the command palette and tells so under the pointer."""

from __future__ import annotations

from pathlib import Path

import pytest
from _shared import seen_line
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static

from catchball.tui import app as app_module
from catchball.tui.themes import CATCHBALL_VARIABLE_DEFAULTS
from catchball.tui.widgets.title_bar import TitleBar

CHROME = str(Path(app_module.__file__).with_name("chrome.tcss"))
LONG = "Quarterly OKRs for the checkout, search and recommendations teams [/] " * 3


class Titled(Screen):
    def __init__(self, top, title: str | None, sub_title: str | None) -> None:
        super().__init__()
        self.top = top
        self.title = title
        self.sub_title = sub_title

    def compose(self) -> ComposeResult:
        yield self.top
        yield Static("body")


class Host(App[None]):
    CSS_PATH = CHROME
    TITLE = "catchball"

    def __init__(self, top, theme: str, title: str | None, sub_title: str | None) -> None:
        super().__init__()
        self.top, self.title_given, self.sub_given = top, title, sub_title
        self.theme = theme

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(CATCHBALL_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        self.push_screen(Titled(self.top, self.title_given, self.sub_given))


async def _top_line(top, size, theme="textual-dark", title=None, sub_title=None, hover=None) -> list:
    return await seen_line(Host(top, theme, title, sub_title), size, 0, hover)


@pytest.mark.parametrize("size", [(120, 6), (80, 6), (24, 6)])
@pytest.mark.parametrize("titles", [(None, None), ("Resume 1000", None), ("Review", "read-only"), (LONG, "x")])
@pytest.mark.parametrize("theme", ["textual-dark", "solarized-light"])
async def test_it_draws_what_textuals_header_draws(size, titles, theme):
    assert await _top_line(TitleBar(), size, theme, *titles) == await _top_line(Header(show_clock=False), size,
                                                                                   theme, *titles)


@pytest.mark.parametrize("x", [0, 1, 5, 7, 8, 60])
async def test_the_icon_under_the_pointer_is_lit_as_textuals(x):
    assert await _top_line(TitleBar(), (80, 6), title="Plan", hover=(x, 0)) == await _top_line(
        Header(show_clock=False), (80, 6), title="Plan", hover=(x, 0))


async def test_the_icon_opens_the_palette_and_a_new_title_shows():
    bar = TitleBar()
    app = Host(bar, "textual-dark", "First", None)
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        app.screen.title = "Second [@click=app.quit]"
        await pilot.pause()
        line = "".join(segment.text for segment in app.screen._compositor.render_strips()[0])
        assert "Second [@click=app.quit]" in line
        await pilot.hover(offset=(1, 0))
        assert str(bar.tooltip) == "Open the command palette" and bar.has_class("-over-icon")
        await pilot.click(offset=(30, 0))  # the title: nothing happens
        await pilot.pause()
        assert type(app.screen) is Titled and bar.size.height == 1
        await pilot.click(offset=(1, 0))
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"
