"""ParticipantApp: `catchball join` in a terminal and, through `catchball serve`, in a browser.

With a name it opens that participant's screen at once; without one (the served page) it
first asks who you are, from the session's participants, and the room's join code: nothing
is written before both are given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.content import Content

from .clock import RoomClock
from .themes import CATCHBALL_VARIABLE_DEFAULTS, install_themes


class ParticipantApp(App[None]):
    TITLE = "catchball"
    BINDINGS = [Binding("ctrl+q", "leave", "Leave", priority=True)]

    def __init__(self, folder: Path, name: str | None = None, *, code: str | None = None, clock: Any = None,
                 theme: str | None = None, themes_dir: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.name_given = name
        self.code = code
        self.clock = clock or RoomClock()
        self.participant: Any = None
        self._theme_problems = install_themes(self, themes_dir, theme)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(CATCHBALL_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        for problem in self._theme_problems:
            self.notify(Content(problem), severity="warning", timeout=8)
        if self.name_given is not None:
            self.start_as(self.name_given)
        else:
            from ..store.follow import Following
            from .screens.join_screen import JoinScreen

            self.push_screen(JoinScreen(Following(self.folder).state.people(), self.code))

    def start_as(self, name: str) -> bool:
        """Open `name`'s inbox and screen; False (with the sentence shown) when that cannot be."""
        from ..services.participant import Participant
        from ..store.errors import StoreError
        from .screens.participant_screen import ParticipantScreen

        try:
            self.participant = Participant(self.folder, name)
        except (StoreError, OSError) as exc:
            self.notify(Content(str(exc)), severity="error", timeout=10)
            return False
        self.push_screen(ParticipantScreen(self.participant, self.clock))
        return True

    def action_leave(self) -> None:
        """Everything sent is already on disk: release the inbox and leave."""
        if self.participant is not None:
            self.participant.close()
            self.participant = None
        self.exit()
