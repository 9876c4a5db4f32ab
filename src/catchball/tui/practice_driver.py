"""Practice mode on the facilitation screen: simulated participants speak, and feedback comes at the end.

`PracticeDriver` runs on a timer of the screen it drives. Twice a second it only
*asks* `due_contributions(scenario, state, clock.now())` which scripted lines are due and
records each as a `Noted` (attributed, typed) through `screen.record`; the timing always
comes from the clock and the log, never from counting ticks, so a paused timer holds the
script back and a restarted app does not repeat a line. When the session finishes it
records `FeedbackRecorded` once and shows the feedback in a modal.

`PracticeScreen` is the facilitation screen with a driver attached (nothing else changes);
`open_practice(app, live, scenario)` pushes one from inside a running app.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain import events as ev
from ..domain.practice_feedback import practice_feedback
from ..domain.scenario import Scenario, due_contributions
from ..services.practice_session import briefing_text, session_speed
from ..store.live import LiveSession
from .screens.facilitate_screen import FacilitateScreen
from .screens.help_screen import HelpScreen

CHECK_SECONDS = 0.5


class PracticeDriver:
    """Checks the script against the clock for one facilitation screen; draws nothing."""

    def __init__(self, screen: FacilitateScreen, scenario: Scenario, speed: float = 1.0) -> None:
        self.screen = screen
        self.scenario = scenario
        self.speed = speed
        state = screen.state
        # the finish we already gave feedback for: undoing the feedback must not bring it straight back
        self._feedback_for: datetime | None = state.finished_at if state.feedback is not None else None

    def check(self) -> None:
        """Record the lines that are due, and the feedback once the session is finished.

        Runs in the screen's context (its timer, or `screen.call_later`), as the screen's
        own recording does.
        """
        screen = self.screen
        if screen.read_only or screen.live is None or not screen.is_attached:
            return
        state = screen.state
        now = screen.clock.now()
        for line in due_contributions(self.scenario, state, now, self.speed):
            if not screen.record(ev.Noted, text=line.text, by=line.participant, type=line.type):
                return
        if state.finished and self._feedback_for != state.finished_at:
            self._feedback_for = state.finished_at
            if state.feedback is None:
                feedback = practice_feedback(self.scenario, state, now, self.speed)
                if screen.record(ev.FeedbackRecorded, **feedback.event_fields()):
                    screen.app.push_screen(HelpScreen("Practice feedback", feedback.text))


class PracticeScreen(FacilitateScreen):
    """The facilitation screen, briefed by the scenario, with a `PracticeDriver` on its own timer."""

    def __init__(self, live: LiveSession, scenario: Scenario, clock: Any, speed: float | None = None) -> None:
        super().__init__(live, live.state, clock, briefing=briefing_text(scenario))
        self.scenario = scenario
        self.driver = PracticeDriver(self, scenario, session_speed(live) if speed is None else speed)

    def on_mount(self) -> None:  # runs besides FacilitateScreen.on_mount (Textual calls both)
        # The timer belongs to the screen, so the driver records in the screen's context.
        self.set_interval(CHECK_SECONDS, self.driver.check)
        self.call_after_refresh(self.driver.check)


def open_practice(app: Any, live: LiveSession, scenario: Scenario, speed: float | None = None) -> None:
    """From a running `CatchballApp`: make `live` the app's session and open it for practice."""
    app.live = live
    app.push_screen(PracticeScreen(live, scenario, app.clock, speed))
