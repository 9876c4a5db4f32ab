"""The facilitation screen: timer, agenda rail, the phase's prompt and panel, the capture line.

Live, it records every command through the `LiveSession` (fsync'd before the screen
changes); read-only (replay, review) it shows a state someone else moves.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from ...domain import commands
from ...domain import events as ev
from ...domain.agenda import PhaseKind
from ...domain.leaving import LeaveAsk, leave_ask
from ...domain.record import ValidationError, error_sentence
from ...domain.state import State
from ...domain.timer import TimerMode, timer_view
from ...store.live import LiveSession
from ..clock import next_tick_delay
from ..widgets.agenda_rail import AgendaRail
from ..widgets.capture_bar import CaptureBar
from ..widgets.contribution_log import ContributionLog
from ..widgets.key_footer import KeyFooter
from ..widgets.phase_panel import STYLES as PANEL_STYLES
from ..widgets.phase_panel import PhasePanel
from ..widgets.phases import panel_for
from ..widgets.timer_panel import SHORT, TimerPanel
from ..widgets.title_bar import TitleBar
from .capture_routing import CaptureRouting

# name, key, description: the footer, the command palette and the README list the same actions
ACTIONS = [
    ("next_phase", "ctrl+n", "Next phase", "Close this phase and open the next one"),
    ("pause", "ctrl+t", "Pause/resume", "Pause or resume the timer"),
    ("extend", "ctrl+o", "+1 min", "Give this timebox one more minute"),
    ("undo", "ctrl+z", "Undo", "Take back the last action, a phase change too"),
    ("help", "f1", "Help", "Coaching for this phase"),
]


class FacilitateScreen(CaptureRouting, Screen):
    # absolute, so that subclasses in other folders (replay, practice) find them too; the panels'
    # look is their own file (widgets/phase_panel.tcss), loaded wherever a panel is shown
    CSS_PATH = [str(Path(__file__).with_name("facilitate_screen.tcss")), PANEL_STYLES]
    BINDINGS = [Binding(key, name, label, priority=True) for name, key, label, _ in ACTIONS] + [
        Binding("pagedown", "remote(1)", "Next", show=False),
        Binding("pageup", "remote(-1)", "Back", show=False),
        Binding("escape", "escape", "Panel", show=False),
        Binding("tab,shift+tab", "switch", "Panel", show=False),
        # a panel's function keys act from the capture line too
        *[Binding(f"f{n}", f"panel_key('f{n}')", show=False) for n in range(4, 10)],
    ]

    # signals for the widgets bound to them: the screen paints nothing of its own from them, and
    # a repaint of the screen is a full-screen update (40 ms at 120x40), so they repaint nothing
    now: reactive[datetime | None] = reactive(None, repaint=False)
    revision = reactive(0, repaint=False)

    def __init__(self, live: LiveSession | None, state: State, clock: Any, read_only: bool = False,
                 briefing: str | None = None) -> None:
        super().__init__()
        self.live = live
        self.state = state
        self.clock = clock
        self.read_only = read_only or live is None or live.read_only
        if not self.read_only:
            # the capture line has the focus from the start (a phase opens ready to type): Textual's
            # first pick, the notes log, then the line, would rebuild the footer's keys twice
            self.AUTO_FOCUS = "#capture-input"
        self.briefing = briefing
        self._panel_phase: int | None = None
        self._panel: PhasePanel | None = None
        self._composed_phase: int | None = None  # the phase whose panel compose yielded, until shown
        self._title_shown = ""
        self._focus_capture = True  # a phase opens ready to type, unless a presenter remote steps
        self._ingest: Any = None  # participants' inboxes, polled while the session is live
        self.asking: list[str] = []  # names asking to join from their own device
        self._ticker: Timer | None = None
        self._resumed = False

    # -- layout ----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="body"):
            yield AgendaRail(self.state, id="rail").data_bind(FacilitateScreen.now, FacilitateScreen.revision)
            with Vertical(id="main"):
                with Horizontal(id="top"):
                    yield TimerPanel(self.state, id="timer").data_bind(FacilitateScreen.now,
                                                                         FacilitateScreen.revision)
                    with Vertical(id="headline"):
                        yield Static("", id="phase-title", markup=False)
                        yield Static("", id="prompt", markup=False)
                with Vertical(id="panel-slot"):
                    # the phase's panel comes with the screen: mounted on its own afterwards, it was
                    # a second round of mounting, styling and layout before the first frame
                    self._composed_phase = self.state.phase
                    panel = self._new_panel()
                    if panel is not None:
                        yield panel
                yield ContributionLog(self.state, id="log").data_bind(FacilitateScreen.revision)
        if not self.read_only:
            yield CaptureBar(self.state.people(), id="capture").follow(self._targets)
        yield KeyFooter()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual restyles every widget of a screen it resumes (for a theme changed while the
        screen was covered); the first resume comes right after the mount, which styled them
        all: restyling them again held a resumed session's first frame back by about 7 ms."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self.title = self.state.session.session.title
        self.sub_title = "read-only" if self.read_only and self.live is not None else ""
        self._room(*self.app.size)  # the first frame already fits the terminal, before any resize event
        self._tick()
        self._phase_changed()
        if self.briefing:
            self._show_briefing()
        if not self.read_only and self.live is not None:
            self.app.after_first_frame(self._start_inboxes)  # the first frame need not wait for it

    # -- participants' own devices: their inboxes, taken in within a second -----------------
    def _start_inboxes(self) -> None:
        if not self.is_attached or self._ingest is not None:  # left before its first frame
            return
        from ...services.ingest import Ingest

        self._ingest = Ingest(self.live, time.monotonic())
        self._take_inboxes()
        self.set_interval(0.5, self._take_inboxes)

    def _take_inboxes(self) -> None:
        out = self._ingest.poll(self.clock.now(), time.monotonic())
        for name in out.strangers:
            self.asking.append(name)
            self.notify(Content(f"{name} asks to join from their own device: ctrl+p, then Admit {name}."),
                        timeout=15)
        for notice in out.notices:
            self.notify(Content(notice), severity="warning", timeout=8)
        if out.recorded:
            self.refresh_state()

    def admit(self, name: str) -> None:
        if self.record(ev.ParticipantAdmitted, name=name):
            self.asking = [n for n in self.asking if n != name]
            self.notify(Content(f"{name} is in: their items are taken in from now on (ctrl+z takes it back)."))

    def toggle_anonymous(self) -> None:
        anonymous = self.state.phase not in self.state.anonymous
        if self.record(ev.AnonymitySet, anonymous=anonymous):
            self.notify("Participants' items in this phase are recorded without their names." if anonymous
                        else "Participants' items in this phase carry their names again.")

    def show_join_info(self) -> None:
        from ...store.room import read_serving
        from .join_info_screen import JoinInfoScreen

        if self._ingest is None:
            self.notify("This session is open read-only: nobody joins it.", severity="warning")
            return
        self.app.push_screen(JoinInfoScreen(read_serving(self.live.folder), self._ingest.code))

    def on_unmount(self) -> None:
        if self._ingest is not None:
            self._ingest.close()

    def _show_briefing(self) -> None:
        """The practice briefing, read with the clock stopped: its reading time is not the phase's.

        The pause and the resume are recorded like ctrl+t's; a session that was already paused
        (a resumed run) is left paused.
        """
        from .help_screen import HelpScreen

        paused_here = self.state.paused_at is None and self.record(ev.TimerPaused)

        def closed(_: None) -> None:
            if paused_here and self.state.paused_at is not None and self.live is not None:
                self.record(ev.TimerResumed)

        self.app.push_screen(HelpScreen("Briefing", self.briefing), closed)

    def on_resize(self, event) -> None:
        self._room(event.size.width, event.size.height)

    def _room(self, width: int, height: int) -> None:
        self.query_one(TimerPanel).set_room(width, height)
        self.set_class(width >= 140, "-wide")
        self.set_class(height < SHORT, "-short")

    def _tick(self) -> None:
        """Repaint only: the time itself always comes from the clock. The next tick is set for
        when the timer's shown second changes (`next_tick_delay`), not on a fixed interval."""
        self.now = self.clock.now()
        if self.live is None:
            return  # a replay moves its own clock and repaints every frame (ReplayScreen._advance)
        view = timer_view(self.state, self.now)
        running = view.mode in (TimerMode.RUNNING, TimerMode.WARNING, TimerMode.OVERTIME)
        if self._ticker is not None:
            self._ticker.stop()
        self._ticker = self.set_timer(next_tick_delay(view.elapsed, view.planned, running), self._tick)

    def refresh_state(self) -> None:
        """After an event: a new phase gets its own panel first, then everything repaints."""
        if self.is_mounted and self.live is not None:
            self._tick()  # a pause, resume or new timebox moves when the next second is due
        if self._panel_phase != self.state.phase:
            self._phase_changed()
        self.revision += 1

    def _phase_changed(self) -> None:
        phase = self.state.current_phase
        self._panel_phase = self.state.phase
        self._show_title()
        self.query_one("#prompt", Static).update(Content(phase.prompt))
        slot = self.query_one("#panel-slot", Vertical)
        composed = self._composed_phase == self.state.phase  # compose yielded this phase's panel
        self._composed_phase = None
        if not composed:
            slot.remove_children()
            self._new_panel()
            if self._panel is not None:
                slot.mount(self._panel)
        slot.display = self._panel is not None
        if not self.read_only:
            bar = self._bar()
            left = bar.new_phase()
            if left is not None:
                self._lost(left[0], left[1], "the phase changed")
            if self._panel is not None:
                self._panel.typing_to = bar.field
            bar.show_target()
            if self._focus_capture or self._panel is None:
                bar.field.focus()
            else:
                self.call_after_refresh(self.set_focus, self._panel)
        self._focus_capture = True

    def _new_panel(self) -> PhasePanel | None:
        """The current phase's panel (None: the phase has none), as `self._panel`.

        The screen hands `revision` to the panel in watch_revision: data_bind would need this
        screen to be the active message pump, which it is not when an app-level key got us here."""
        panel_cls = panel_for(self.state.current_phase.kind)
        self._panel = panel_cls(self.state, read_only=self.read_only) if panel_cls else None
        return self._panel

    def watch_revision(self) -> None:
        if self._panel is not None:
            self._panel.revision = self.revision
        if self.is_mounted:
            self._show_title()
            if not self.read_only:
                self._bar().set_people(self.state.people())  # the facilitator's F2 reaches the admitted too
                self._bar().show_target()

    def _show_title(self) -> None:
        """The phase (and catchball round) in the headline; updated only when it changes."""
        phase = self.state.current_phase
        title = f"{self.state.phase + 1}/{len(self.state.session.agenda.phases)}  {phase.label}"
        if phase.kind is PhaseKind.CATCHBALL and self.state.rounds:
            title += f"  ·  round {self.state.rounds[-1].number} of {phase.rounds}"
        if self.state.phase in self.state.anonymous:
            title += "  ·  anonymous"
        if title != self._title_shown:
            self._title_shown = title
            self.query_one("#phase-title", Static).update(Content(title))

    @property
    def panel(self) -> PhasePanel | None:
        return self._panel

    # -- recording ----------------------------------------------------------------------
    def record(self, cls: type, **fields: Any) -> bool:
        """Record one event; show the rule's sentence and return False when refused."""
        if self.live is None or self.read_only:
            self.notify("This session is open read-only.", severity="warning")
            return False
        try:
            self.live.record(cls, self.clock.now(), **fields)
        except commands.Refused as refusal:
            self.notify(Content(str(refusal)), severity="warning", timeout=6)
            return False
        except ValidationError as exc:  # a field the model rejects (e.g. a text too long): say which
            self.notify(Content(f"Not recorded: {error_sentence(exc)}."), severity="error", timeout=8)
            return False
        except OSError as exc:  # the disk refused the write: nothing is shown that is not saved
            self.notify(Content(f"Not saved, so not recorded: {exc.strerror or exc}."), severity="error", timeout=10)
            return False
        self.refresh_state()
        return True

    @on(TimerPanel.Elapsed)
    def _elapsed(self) -> None:
        if not self.read_only:
            self.app.bell()

    # -- actions --------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("next_phase", "pause", "extend", "undo", "remote") and self.read_only:
            return None
        if action == "remote" and isinstance(self.focused, Input):
            return False
        return True

    def action_next_phase(self) -> None:
        self.action_step_phase(1)

    def action_remote(self, step: int) -> None:
        """A presenter remote's PageDown/PageUp: step, and leave the focus out of the text fields."""
        self._focus_capture = False
        self.action_step_phase(step)

    def action_step_phase(self, step: int) -> None:
        target = self.state.phase + step
        if step > 0 and target >= len(self.state.session.agenda.phases):
            self._finish()
            return
        if target < 0:
            return
        ask = leave_ask(self.state, self.clock.now()) if step > 0 else None
        if ask is not None:
            self._ask_before_leaving(ask, target)
            return
        self.record(ev.PhaseChanged, phase=target)

    def _finish(self) -> None:
        """The end-of-session summary first (what is open, with a way back); finishing shows it again."""
        from .end_of_session_screen import EndOfSessionScreen

        def chosen(finish: bool | None) -> None:
            if finish and self.record(ev.SessionFinished):
                self.app.push_screen(EndOfSessionScreen(self.state, self.clock.now()))

        self.app.push_screen(EndOfSessionScreen(self.state, self.clock.now()), chosen)

    def _ask_before_leaving(self, ask: LeaveAsk, target: int) -> None:
        """The gate (or a retro cut short) asks why; the reason is recorded, then the room moves on."""
        from .reason_screen import ReasonScreen

        here = self.state.phase
        modal = ReasonScreen(ask.heading, ask.explanation, ask.placeholder,
                             stop="stop here" if ask.can_stop else None)

        def done(reason: str | None) -> None:
            if modal.stopped:
                if self.record(ev.SessionFinished):
                    self.notify("Stopped at the readiness gate: fix it first. ctrl+z reopens the session.")
                return
            if not reason:
                return
            said = (self.record(ev.ReadinessOverridden, reason=reason) if ask.records == "readiness_overridden"
                    else self.record(ev.PhaseLeftEarly, phase=here, reason=reason))
            if said:
                self.record(ev.PhaseChanged, phase=target)

        self.app.push_screen(modal, done)

    def action_pause(self) -> None:
        self.record(ev.TimerResumed if self.state.paused_at else ev.TimerPaused)

    def action_extend(self) -> None:
        self.record(ev.TimerExtended, minutes=1.0)

    def action_undo(self) -> None:
        target = self.state.undoable()
        if target is None:
            self.notify("There is nothing left to undo.")
            return
        if self.record(ev.Undone, target=target.seq):
            self.notify(Content(f"Undone: {target.kind.replace('_', ' ')}"), timeout=3)

    def action_help(self) -> None:
        from ...domain.coaching import phase_help
        from .help_screen import HelpScreen

        phase = self.state.current_phase
        self.app.push_screen(HelpScreen(phase.label, phase_help(phase.kind, self.state.session.session.level)))
