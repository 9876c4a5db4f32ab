"""The end of a session on screen: what was decided, what is still empty, what overran.

Shown by ctrl+n on the last phase BEFORE the session is finished (Enter finishes, Escape goes
back to fill a gap), and once more after it, with the session's whole duration. Nothing
closes on its own: the room reads it, then ctrl+q quits or Escape returns to the screen.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...domain.session_end import EndSummary, end_summary
from ...domain.state import State
from ...domain.timer import format_minutes


def summary_sections(summary: EndSummary) -> list[tuple[str, list[str], str]]:
    """(heading, lines, kind) in the order shown; kind names the style: decided, gap, overrun."""
    if summary.checkin:  # a weekly check-in: what the room recorded this week
        decided = list(summary.checkin)
    else:
        decided = [f"Focus: {summary.focus}" if summary.focus else "Focus: none chosen"]
    if summary.focus_vote:
        decided.append(f"Vote on it: {summary.focus_vote}")
    decided += [f"KR {i}: {line}" for i, line in enumerate(summary.key_results, 1)]
    decided += [f"{team} this week: {text}" for team, text in summary.commitments]
    decided += list(summary.cadence)
    if summary.parked:
        decided.append(f"Parked for later: {summary.parked} objective{'s' if summary.parked > 1 else ''}")
    overran = [o.sentence for o in summary.overruns]
    return [
        ("Decided", decided, "decided"),
        ("Still open", list(summary.gaps) or ["Nothing: every part of the agenda has its answer."], "gap"),
        ("Over time", overran or ["No phase ran over its timebox."], "overrun"),
    ]


class EndOfSessionScreen(ModalScreen[bool]):
    """Dismissed with True when the room chooses to finish (only while not finished yet)."""

    CSS_PATH = str(Path(__file__).with_name("end_of_session_screen.tcss"))
    BINDINGS = [
        Binding("enter,ctrl+n", "finish", "Finish", priority=True),
        Binding("escape", "back", "Back to the session", priority=True),
    ]

    def __init__(self, state: State, now: datetime) -> None:
        super().__init__()
        self.state = state
        self.summary = end_summary(state, now)

    def compose(self) -> ComposeResult:
        s = self.summary
        planned = format_minutes(s.planned_minutes)
        if s.finished:
            heading = f"Session FINISHED in {s.duration} ({planned} min planned)"
            keys = "Esc: back to the session (ctrl+z reopens it) · ctrl+q: quit"
        else:
            heading = f"Finish the session? {s.duration} so far, {planned} min planned"
            keys = "Enter: finish the session · Esc: go back and fill what is open"
        with Vertical(id="end-box", classes="-finished" if s.finished else "-asking"):
            yield Label(Content(heading), id="end-heading")
            if s.gaps and not s.finished:
                yield Static(Content(f"{len(s.gaps)} thing{'s are' if len(s.gaps) > 1 else ' is'} still open: "
                                     "finish anyway, or go back first."), id="end-warning")
            yield Label(Content(keys), id="end-keys")
            with VerticalScroll(id="end-body"):
                for title, lines, kind in summary_sections(s):
                    yield Label(Content(title), classes="end-section")
                    for line in lines:
                        yield Static(Content(f"• {line}"), classes=f"end-line -{kind}")

    def action_finish(self) -> None:
        self.dismiss(not self.summary.finished)

    def action_back(self) -> None:
        self.dismiss(False)
