"""A phase panel laid out as a status line, a scrolling list (one line per item) and a key line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Static

from .phase_panel import PhasePanel

NARROW = 70  # below this many columns the panel uses its short labels


class ListPanel(PhasePanel):

    def compose(self) -> ComposeResult:
        yield Static(classes="phase-status", markup=False)
        with VerticalScroll(classes="phase-list", can_focus=False):
            yield Static(classes="phase-rows", markup=False)
        yield Static(classes="phase-keys", markup=False)

    @property
    def narrow(self) -> bool:
        return self.size.width < NARROW

    def on_resize(self) -> None:
        self.render_state()

    def show(self, status: Content | list[Content], rows: list[Content], keys: tuple[str, str],
             region: Region) -> None:
        """Paint the three parts; `keys` is (narrow, wide); `region` of the list is scrolled into view."""
        lines = status if isinstance(status, list) else [status]
        box = self.query_one(".phase-status", Static)
        box.update(Content("\n").join(lines))
        box.display = bool(lines)
        self.query_one(".phase-rows", Static).update(Content("\n").join(rows))
        self.query_one(".phase-keys", Static).update(Content(keys[0] if self.narrow else keys[1]))
        scroll = self.query_one(".phase-list", VerticalScroll)
        self.call_after_refresh(self.call_after_refresh, scroll.scroll_to_region, region, animate=False,
                                immediate=True)
        self.post_message(self.TargetChanged())  # the capture line follows the selection
