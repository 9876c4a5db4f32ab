"""The top line of every screen: the command palette's icon and the screen's title, as one widget.

It draws what Textual's `Header` draws (without its clock), cell for cell: the icon at the left,
lit under the pointer, which opens the command palette when clicked; the title (and a dim
subtitle after a dash) centred, cut with an ellipsis when it does not fit. Textual's header is
four widgets, each mounted, styled and laid out before a screen's first frame. Unlike Textual's,
a click on the title does not make the header three lines tall.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # as Textual's header: the icon's cell, padded one each side, is 8 wide
RIGHT_WIDTH = 10  # and its clock's place on the right, blank without the clock


class TitleBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"title-bar--icon-hover"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._over_icon = False

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)

    def _retitle(self, _value: object = None) -> None:
        self.refresh()

    def shown_title(self) -> Content:
        """The screen's title, else the app's, as Textual's header formats it."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        width = self.size.width
        icon_width = min(ICON_WIDTH, width)
        room = max(0, width - icon_width - RIGHT_WIDTH)
        title = self.shown_title().truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        icon = Content(f" {ICON}".ljust(icon_width)[:icon_width])
        if self._over_icon:
            icon = icon.stylize(self.get_visual_style("title-bar--icon-hover"))
        return Content.assemble(icon, " " * left, title, " " * (width - icon_width - left - title.cell_length))

    # -- pointer ---------------------------------------------------------------------
    def _on_icon(self, x: int) -> bool:
        return x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._point(self._on_icon(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._point(False)

    def _point(self, over_icon: bool) -> None:
        if over_icon != self._over_icon:
            self._over_icon = over_icon
            self.set_class(over_icon, "-over-icon")
            self.tooltip = "Open the command palette" if over_icon else None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        if self._on_icon(event.x):
            event.stop()
            await self.run_action("app.command_palette")
