"""The agenda rail: every phase, planned against actual minutes, where we are, and the pace."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from ...domain.state import State
from ...domain.timer import phase_timings, schedule_delta


def pace_text(delta: float) -> str:
    if abs(delta) < 0.5:
        return "on schedule"
    return f"{delta:.0f} min behind" if delta > 0 else f"{-delta:.0f} min ahead"


class AgendaRail(Static):
    now: reactive[datetime | None] = reactive(None, repaint=False)  # the watchers call update()
    revision = reactive(0, repaint=False)

    def __init__(self, state: State, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.state = state
        self._painted: tuple | None = None

    def watch_now(self) -> None:
        self._paint()

    def on_resize(self) -> None:
        self._paint()

    def watch_revision(self) -> None:
        self._paint()

    def _paint(self) -> None:
        if self.now is None:
            return
        rows = phase_timings(self.state, self.now)
        delta = schedule_delta(self.state, self.now)
        width = max(12, (self.size.width or 32) - 14)
        key = (width,) + tuple((r.current, round(r.actual_minutes), r.visited, r.planned_minutes) for r in rows) \
            + (round(delta), self.state.finished)
        if key == self._painted:
            return
        self._painted = key
        parts: list[Content] = []
        for r in rows:
            mark = "▶" if r.current else ("✓" if r.visited else " ")
            label = r.label if len(r.label) <= width else r.label[: width - 1] + "…"
            actual = f"{r.actual_minutes:.0f}" if r.visited else "-"
            line = Content(f"{mark} {r.index + 1:>2} {label:<{width}} {actual:>3}/{r.planned_minutes:g}")
            if r.current:
                line = Content.styled(line.plain, "bold reverse")
            elif not r.visited:
                line = Content.styled(line.plain, "dim")
            parts.append(line)
        parts.append(Content(""))
        parts.append(Content.styled("finished" if self.state.finished else pace_text(delta), "bold"))
        self.update(Content("\n").join(parts))
