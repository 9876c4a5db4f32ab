"""The agenda rail: every phase, planned against actual minutes, where we are, and the pace."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from ...domain.state import State
from ...domain.timer import format_duration, format_minutes, phase_timings, schedule_delta, session_seconds


def pace_text(delta: float) -> str:
    if abs(delta) < 0.5:
        return "on schedule"
    return f"{format_minutes(delta)} min behind" if delta > 0 else f"{format_minutes(-delta)} min ahead"


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
        width = self.size.width or 32
        key = (width,) + tuple((r.current, format_minutes(r.actual_minutes), r.visited, r.planned_minutes)
                               for r in rows) + (format_minutes(delta), self.state.finished_at)
        if key == self._painted:
            return
        self._painted = key
        parts: list[Content] = []
        for r in rows:
            mark = "▶" if r.current else ("✓" if r.visited else " ")
            actual = format_minutes(r.actual_minutes) if r.visited else "-"
            minutes = f"{actual:>3}/{format_minutes(r.planned_minutes)}"
            room = max(6, width - 6 - max(8, len(minutes)))
            label = r.label if len(r.label) <= room else r.label[: room - 1] + "…"
            line = Content(f"{mark} {r.index + 1:>2} {label:<{room}} {minutes}")
            if r.current:
                line = Content.styled(line.plain, "bold reverse")
            elif not r.visited:
                line = Content.styled(line.plain, "dim")
            parts.append(line)
        parts.append(Content(""))
        if self.state.finished:
            closing = f"finished in {format_duration(session_seconds(self.state, self.now))}"
        else:
            closing = pace_text(delta)
        parts.append(Content.styled(closing, "bold"))
        self.update(Content("\n").join(parts))
