"""`catchball follow`: the shared screen mirrored for remote viewers, following the log as it grows.

It is the facilitation screen, read-only, over a `store.follow.Following`: it reads the log
twice a second (one stat when nothing changed), never writes and never takes the lock.
Votes stay hidden until the facilitator reveals them, as on the shared screen.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.content import Content

from ...store.follow import Following
from ..clock import RoomClock
from .facilitate_screen import FacilitateScreen


class FollowScreen(FacilitateScreen):
    CSS_PATH = [*FacilitateScreen.CSS_PATH, str(Path(__file__).with_name("follow_screen.tcss"))]
    BINDINGS = [Binding("q", "leave", "Leave", priority=True)]

    def __init__(self, following: Following, clock=None) -> None:
        super().__init__(None, following.state, clock or RoomClock(), read_only=True)
        self.following = following

    @classmethod
    def open(cls, folder: Path) -> FollowScreen:
        return cls(Following(folder))

    def on_mount(self) -> None:  # (Textual runs FacilitateScreen's on_mount before this one)
        self.call_after_refresh(setattr, self, "sub_title", "following live, read-only")
        self.set_interval(0.5, self.poll)

    def poll(self) -> None:
        problem = self.following.problem
        if self.following.poll():
            self.refresh_state()
        if self.following.problem and self.following.problem != problem:
            self.notify(Content(self.following.problem), severity="warning", timeout=10)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """The facilitator's keys are not shown here at all: a follower only watches."""
        if action in ("next_phase", "pause", "extend", "undo", "remote"):
            return False
        return super().check_action(action, parameters)

    def action_leave(self) -> None:
        self.app.exit()
