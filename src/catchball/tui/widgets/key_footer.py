"""The footer of every screen: the keys the screen and its focused widget offer, as one line.

It shows what Textual's `Footer` shows, cell for cell and colour for colour, but it is one widget
drawing one line: Textual's footer is a container of one widget per key, rebuilt (mounted,
styled, laid out) after every focus or binding change. Before a resumed session's first frame
that rebuild was the largest single cost of the screen. Here a change of keys is a repaint.

As in Textual's: a key is clicked (it is pressed for you, or the bell rings when it is
disabled), the pointer over a key lights it and shows its tooltip, disabled keys are dim, the
command palette's key sits at the right end, and keys that do not fit scroll with the wheel.
Bindings of a group are shown key by key, each with its own description.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.color import Color
from textual.content import Content
from textual.widget import Widget

_DIVIDER = "▏"  # the left edge Textual draws beside the command palette's key (its `vkey` border)


class Shown(NamedTuple):
    """One key as the footer draws it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


class KeyFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-footer--item",  # a key's cell (Textual's FooterKey)
        "key-footer--hover",  # the key under the pointer
        "key-footer--key",  # the key's name
        "key-footer--description",  # what it does
        "key-footer--divider",  # the edge left of the command palette's key
    }

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.show_command_palette = show_command_palette
        self._keys: tuple[Shown, ...] = ()
        self._palette: Shown | None = None
        self._ready = False  # Textual's footer shows nothing until the screen's bindings are ready
        self._scrolled = 0  # keys scrolled off on the left
        self._hover: int | None = None  # the key under the pointer: an index in _keys, -1 the palette's
        self._spans: list[tuple[int, int, int]] = []  # (first cell, end cell, key) as last drawn
        self._cut = False  # as last drawn, some keys did not fit

    # -- what it shows ---------------------------------------------------------------
    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        self._ready = True
        if screen is not self.screen:
            return
        keys, palette = self.shown()
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self._scrolled = min(self._scrolled, max(0, len(keys) - 1))
            self._point_at(None)
            self.refresh()

    def shown(self) -> tuple[tuple[Shown, ...], Shown | None]:
        """The keys, in order, and the command palette's key: those Textual's footer shows."""
        app = self.app
        bindings = self.screen.active_bindings
        first: dict[str, Shown] = {}  # one key per action: the first bound
        for _node, binding, enabled, tooltip in bindings.values():
            if binding.show and binding.action not in first:
                first[binding.action] = Shown(binding.key, app.get_key_display(binding), binding.description,
                                              enabled, tooltip)
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in bindings:
            _node, binding, enabled, _tooltip = bindings[app.COMMAND_PALETTE_BINDING]
            palette = Shown(binding.key, app.get_key_display(binding), binding.description, enabled,
                            binding.tooltip or binding.description)
        return tuple(first.values()), palette

    # -- drawing ---------------------------------------------------------------------
    def _styles(self, hover: bool, enabled: bool) -> tuple[Style, Style, Style]:
        """The cell's, the name's and the description's styles, layered as Textual layers a key
        widget over the footer and its parts over the key (each background blended on the last)."""
        background, color = self.background_colors[1], self.styles.color
        cell_styles = self.get_component_styles("key-footer--hover" if hover else "key-footer--item")
        background, color, cell = _layer(background, color, cell_styles, Style() if enabled else Style(dim=True))
        _b, _c, name = _layer(background, color, self.get_component_styles("key-footer--key"), cell)
        _b, _c, description = _layer(background, color, self.get_component_styles("key-footer--description"), cell)
        return cell, name, description

    def _key_text(self, shown: Shown, hover: bool, palette: bool) -> Text:
        cell, name, description = self._styles(hover, shown.enabled)
        if palette:  # Textual's compact form: no padding round the name, one space before the words
            parts = [(shown.display, name), (" " + shown.description, description), (" ", _blank(cell))]
        elif shown.description:
            parts = [(f" {shown.display} ", name), (shown.description + " ", description)]
        else:
            parts = [(shown.display, name)]
        return Text.assemble(*parts)

    def render(self) -> Text:
        self._spans = []
        if not self._ready:
            return Text()
        width = self.size.width
        palette = Text()
        if self._palette is not None:
            palette = Text.assemble((_DIVIDER, self._divider()), self._key_text(self._palette, self._hover == -1,
                                                                                    True))
        room = max(0, width - palette.cell_len)
        line = Text(no_wrap=True, overflow="crop", end="")
        at = 0
        for index in range(self._scrolled, len(self._keys)):
            if at >= room:
                break
            text = self._key_text(self._keys[index], self._hover == index, False)
            self._spans.append((at, at + text.cell_len, index))
            line.append_text(text)
            at += text.cell_len
        self._cut = bool(self._spans) and (at > room or self._spans[-1][2] < len(self._keys) - 1)
        line.truncate(room, overflow="crop")
        line.append(" " * (room - line.cell_len), _blank(self.rich_style))
        if palette:
            self._spans.append((room, width, -1))
            line.append_text(palette)
        return line

    def _divider(self) -> Style:
        """The edge's colour is blended on the footer's background (as Textual draws a border: on
        the background around the widget), its background is the key's (lit or not)."""
        footer = self.background_colors[1]
        colour = self.get_component_styles("key-footer--divider").color
        cell = self.get_component_styles("key-footer--hover" if self._hover == -1 else "key-footer--item")
        background = footer + cell.background if cell.has_rule("background") else footer
        return Style.from_color((footer + colour).rich_color, background.rich_color)

    # -- pointer ---------------------------------------------------------------------
    def _key_at(self, x: int) -> int | None:
        for start, end, index in self._spans:
            if start <= x < end:
                return index
        return None

    def _point_at(self, index: int | None) -> None:
        if index != self._hover:
            self._hover = index
            self.set_class(index is not None, "-over-key")
            shown = self._shown(index)
            self.tooltip = Content(shown.tooltip) if shown is not None and shown.tooltip else None
            self.refresh()

    def _shown(self, index: int | None) -> Shown | None:
        if index is None:
            return None
        return self._palette if index == -1 else self._keys[index]

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._point_at(self._key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._point_at(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        shown = self._shown(self._key_at(event.x))
        if shown is None:
            return
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(+1, event)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(-1, event)

    def _scroll(self, step: int, event: events.MouseEvent) -> None:
        """The wheel moves the keys a key at a time, while some do not fit."""
        if (step > 0 and not self._cut) or (step < 0 and not self._scrolled):
            return
        self._scrolled = min(len(self._keys) - 1, self._scrolled + step)
        event.stop()
        self.refresh()


def _blank(style: Style) -> Style:
    """Blank cells as Textual draws them (padding, the footer past its keys): only a background."""
    return Style.from_color(bgcolor=style.bgcolor)


def _layer(background: Color, color: Color, styles, under: Style) -> tuple[Color, Color, Style]:
    """`styles` over a cell of `background` with text `color`, as Textual composes a widget's
    style over its parent's: its background blended on, its colour replacing, its text style added."""
    if styles.has_rule("background"):
        background = background + styles.background
    if styles.has_rule("color"):
        color = styles.color
    style = under + styles.text_style + Style.from_color((background + color).rich_color, background.rich_color)
    return background, color, style
