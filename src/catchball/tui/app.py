"""CatchballApp: themes, screens, global keys and the command palette."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from . import control_guard
from .clock import RoomClock
from .start_pause import end_start_pause
from .themes import CATCHBALL_VARIABLE_DEFAULTS, install_themes, remember_theme

control_guard.install()

if TYPE_CHECKING:  # the session machinery loads when a session opens, not at startup
    from ..store.live import LiveSession


class CatchballApp(App[None]):
    CSS_PATH = ["catchball.tcss", "chrome.tcss"]  # the review screens load review.tcss, the facilitation screen its own
    # (the screen the command line opens has its own read with the app's: see _first_css)
    TITLE = "catchball"
    BINDINGS = [Binding("ctrl+q", "save_quit", "Save & quit", priority=True)]
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, sessions_dir: Path, *, live: LiveSession | None = None, clock: Any = None,
                 theme: str | None = None, themes_dir: Path | None = None, briefing: str | None = None,
                 start: Screen | None = None) -> None:
        self._first_frame_shown = False  # (before Textual's __init__, which may refresh the CSS)
        self._after_first: list[Callable[[], object]] = []
        self._css_kept = False
        super().__init__(css_path=self._first_css(live, start))
        self.sessions_dir = sessions_dir
        self.live = live
        self.clock = clock or RoomClock()
        self.briefing = briefing
        self._start = start
        self._theme_problems = install_themes(self, themes_dir, theme)
        self._remember = False

    @classmethod
    def _first_css(cls, live: LiveSession | None, start: Screen | None) -> list[str | Path]:
        """The app's stylesheet and that of the screen the command line opens, read together.

        That screen is Textual's default screen (`get_default_screen`), whose own CSS_PATH Textual
        does not read. (A pushed screen's is read when it is pushed, which makes Textual parse
        every source again, twice; read with the app's, each is parsed once.)
        """
        own = cls.CSS_PATH  # as Textual reads it: a relative path is beside the app class's module
        paths: list[str | Path] = list(own) if isinstance(own, (list, tuple)) else [own] if own else []
        if start is not None:
            paths += start.css_path
        elif live is not None:
            from .screens.facilitate_screen import FacilitateScreen

            paths += FacilitateScreen.CSS_PATH  # the screen's own sheet and the phase panels'
        return paths

    def refresh_css(self, animate: bool = True) -> None:
        """Before the first screen nothing is styled yet: the theme chosen in ``__init__`` needs
        only its variables set and the stylesheet parsed once, into the parse cache that styling
        the first screen uses. (Textual's own refresh parses into a new stylesheet and keeps no
        cache, so every source would be parsed again when the first screen is styled.)"""
        if self.screen_stack:
            super().refresh_css(animate)
            return
        from . import parsed_css

        variables = self.get_css_variables()
        self.stylesheet.set_variables(variables)
        restored = parsed_css.restore(self.stylesheet, variables)  # what an earlier start parsed
        self.stylesheet.parse()
        if not self._css_kept:  # once: a theme set in __init__ comes through here too
            self._css_kept = True
            self.after_first_frame(lambda: parsed_css.keep(self.stylesheet, variables, restored))

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the first frame is on screen (after the next refresh, if it is).

        Work the first frame does not show (the inboxes' poll) starts then: ``call_after_refresh``
        alone runs it before that frame when it is asked for while the app starts, as Textual
        holds every repaint until then and runs such callbacks meanwhile.
        """
        if self._first_frame_shown:
            self.call_after_refresh(callback)
        else:
            self._after_first.append(callback)

    def on_ready(self) -> None:
        """Textual's Ready: the first screen is laid out, and its first frame drawn."""
        self._first_frame_shown = True
        end_start_pause()  # the command line paused the collector for the start (start_pause.py)
        waiting, self._after_first = self._after_first, []
        for callback in waiting:
            self.call_after_refresh(callback)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(CATCHBALL_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        self._catch_signals()
        for problem in self._theme_problems:
            self.notify(Content(problem), severity="warning", timeout=8)
        self._remember = True

    def _catch_signals(self) -> None:
        """SIGTERM (a shutdown, `kill`) and SIGHUP (the terminal closed) close the session
        cleanly: every event is already on disk, so releasing the lock and leaving loses nothing.
        When the app cannot run its loop any more (a lost terminal), `hangup` ends it anyway."""
        from . import hangup

        hangup.watch(self._close_on_signal, self.close_live)

    def run(self, *args: Any, **kwargs: Any) -> Any:
        from . import hangup

        try:
            return super().run(*args, **kwargs)
        finally:
            hangup.unwatch()

    def _close_on_signal(self, number: int) -> None:
        self.close_live()
        self.exit(return_code=128 + number)

    def get_default_screen(self) -> Screen:
        """The screen the command line opened (a session, a review screen), else the home screen.

        It is the bottom of the stack, so leaving it leaves the app (`back`). Opened as Textual's
        default screen, its first frame is drawn once the app has started. Pushed while the app
        mounts, as it once was, that frame was drawn while Textual still held back repaints for
        the start: it never reached the terminal, and the screen showed only with a later change.
        """
        if self._start is not None:
            return self._start
        if self.live is not None:
            return self._live_screen(self.live, self.briefing)
        from .screens.home_screen import HomeScreen

        return HomeScreen()

    def watch_theme(self, name: str) -> None:
        if getattr(self, "_remember", False):
            problem = remember_theme(name)
            if problem:
                self.notify(Content(problem), severity="warning")

    def open_live(self, live: LiveSession, briefing: str | None = None, *, replace: bool = False) -> None:
        """Open `live`'s facilitation screen over the current one, or instead of it (`replace`).

        The app's first screen stays: Textual cannot switch it out (`switch_screen` fails on the
        default screen). Nothing pops a facilitation screen, so the one put over it stays on top
        until the app leaves.
        """
        screen = self._live_screen(live, briefing)
        if replace and len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _live_screen(self, live: LiveSession, briefing: str | None) -> Screen:
        """`live` becomes the app's session; its facilitation screen (a practice run's, when it is one)."""
        from .screens.facilitate_screen import FacilitateScreen

        # the session's log and state live as long as the app: the collector's full passes need not
        # walk them again (100,000 events are over a million objects; one pass over them is a pause)
        gc.freeze()
        self.after_first_frame(live.opened.keep_log_copy)  # a long log's copy, for its next opening
        self.live = live
        info = live.state.session.session
        if info.mode.value == "practice" and info.scenario and briefing is None:
            # a resumed practice run gets its simulated team back
            from ..store.scenarios import load_scenario
            from .practice_driver import PracticeScreen

            try:
                scenario = load_scenario(info.scenario)
            except ValueError as exc:  # said when the app runs (this may be its first screen)
                self.call_later(self.notify, Content(f"{exc} The session opens without its simulated team."),
                                severity="warning", timeout=8)
            else:
                return PracticeScreen(live, scenario, self.clock)
        return FacilitateScreen(live, live.state, self.clock, briefing=briefing)

    def close_live(self) -> None:
        if self.live is not None:
            self.live.close()
            self.live = None

    def back(self) -> None:
        """Leave the current screen; when it was the one the command line opened, leave the app."""
        if len(self.screen_stack) < 2:  # the screen the app opened with
            self.exit()
        else:
            self.pop_screen()

    def action_save_quit(self) -> None:
        """Every event is already on disk: release the session and leave."""
        self.close_live()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from .screens.facilitate_screen import ACTIONS, FacilitateScreen

        if isinstance(screen, FacilitateScreen) and not screen.read_only:
            for name, key, label, help_text in ACTIONS:
                yield SystemCommand(f"{label} ({key})", help_text, getattr(screen, f"action_{name}"))
            yield SystemCommand("Previous phase (PageUp)", "Go back one phase",
                                lambda: screen.action_step_phase(-1))
            for name in screen.asking:
                yield SystemCommand(f"Admit {name}", f"Let {name} take part from their own device (recorded)",
                                    lambda name=name: screen.admit(name))
            yield SystemCommand("Show how to join", "The address, join code and QR code of catchball serve, "
                                "for the shared screen", screen.show_join_info)
            yield SystemCommand("Anonymous phase (on/off)",
                                "Participants' items in this phase are recorded without their names",
                                screen.toggle_anonymous)
        yield SystemCommand("Save and quit (ctrl+q)", "Everything is saved as it happens; leave the app",
                            self.action_save_quit)
