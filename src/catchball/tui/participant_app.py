"""ParticipantApp: `catchball join` in a terminal and, through `catchball serve`, in a browser.

With a name and the room's join code it opens that participant's screen at once; otherwise it
first asks for what is missing (on the served page: who you are, from the session's
participants, and the code): nothing is written before both are given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from .clock import RoomClock
from .start_pause import end_start_pause
from .themes import CATCHBALL_VARIABLE_DEFAULTS, install_themes


class ParticipantApp(App[None]):
    TITLE = "catchball"
    # the footer's, and the participant's screens' (each is read once: Textual reads none for the
    # first screen, which is `get_default_screen`'s, and skips it for later screens)
    CSS_PATH = ["chrome.tcss", "screens/participant_screen.tcss"]
    BINDINGS = [Binding("ctrl+q", "leave", "Leave", priority=True)]

    def __init__(self, folder: Path, name: str | None = None, *, code: str | None = None, clock: Any = None,
                 theme: str | None = None, themes_dir: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.name_given = name
        self.code = code
        self.clock = clock or RoomClock()
        self.participant: Any = None
        self._cannot_open: str | None = None  # why the participant's inbox could not be opened
        self._theme_problems = install_themes(self, themes_dir, theme)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(CATCHBALL_VARIABLE_DEFAULTS)

    def on_ready(self) -> None:
        """The first frame is drawn: the collector's pause for the start ends (start_pause.py)."""
        end_start_pause()

    def on_mount(self) -> None:
        for problem in self._theme_problems:
            self.notify(Content(problem), severity="warning", timeout=8)
        if self._cannot_open:
            self.exit(return_code=1, message=self._cannot_open)

    def get_default_screen(self) -> Screen:
        """The participant's screen when the name and the right join code were given, else the
        join screen, which asks for what is missing.

        Opened as Textual's default screen, its first frame is drawn once the app has started. A
        screen pushed while the app mounts is drawn while Textual still holds back the start's
        repaints: that frame never reached the terminal.
        """
        if self.name_given is not None and self.code is not None:
            opened = self._participant_screen(self.name_given, self.code)
            if isinstance(opened, Screen):
                return opened
            if self._cannot_open:  # the app leaves as it starts (on_mount), saying why
                return Screen()
        from ..store.follow import Following
        from .screens.join_screen import JoinScreen

        people = [] if self.name_given is not None else Following(self.folder).state.people()
        return JoinScreen(people, self.name_given)

    def start_as(self, name: str, code: str) -> str | None:
        """Open `name`'s inbox and screen; the sentence why not (a wrong join code …) when that cannot be."""
        opened = self._participant_screen(name, code)
        if isinstance(opened, Screen):
            self.push_screen(opened)
            return None
        if self._cannot_open:
            self.exit(return_code=1, message=self._cannot_open)
        return opened

    def _participant_screen(self, name: str, code: str) -> Screen | str:
        """`name`'s inbox opened, and their screen; or the sentence why not (`_cannot_open` when
        the app cannot go on)."""
        from ..services.participant import Participant
        from ..store.errors import StoreError
        from ..store.inbox import WrongCode
        from .screens.participant_screen import ParticipantScreen

        try:
            self.participant = Participant(self.folder, name, code)
        except WrongCode as wrong:
            return str(wrong)
        except (StoreError, OSError) as exc:  # the inbox is open elsewhere, the disk refuses …: say so, leave
            self._cannot_open = f"catchball: {exc}"
            return str(exc)
        return ParticipantScreen(self.participant, self.clock)

    def action_leave(self) -> None:
        """Everything sent is already on disk: release the inbox and leave."""
        if self.participant is not None:
            self.participant.close()
            self.participant = None
        self.exit()
