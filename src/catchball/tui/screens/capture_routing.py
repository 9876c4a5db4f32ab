"""The facilitation screen's capture routing: every line typed goes to the record it was typed for.

A mixin of `FacilitateScreen`: the capture line's Enter (`CaptureBar.Captured`) is built into
events by the target it was pinned to, recorded through the screen's `record`, or kept in the
line, pending for the same record, when the rules refuse it or a reason dialog is cancelled.
The panel's messages (armed modes, commands, target changes) and the keys between the line
and the panel (Tab, Escape, the function keys from the line) are handled here too. Handlers
use Textual's naming convention: a plain mixin's `@on` methods would not be collected.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Input

from ...domain import commands
from ..widgets.capture_bar import CaptureBar
from ..widgets.capture_target import Ask, Command, Target, Targets, note_target
from ..widgets.phase_panel import PhasePanel


class CaptureRouting:
    """Needs `state`, `read_only`, `_panel`, `record(cls, **fields)` and Screen's `notify`/`focused`."""

    state: Any
    read_only: bool
    _panel: PhasePanel | None

    # -- the capture line: every line to the record it was typed for ---------------------
    def _bar(self) -> CaptureBar:
        return self.query_one(CaptureBar)

    def _targets(self) -> Targets:
        return self._panel.targets() if self._panel is not None else (note_target(phase=self.state.phase), None)

    def on_capture_bar_captured(self, message: CaptureBar.Captured) -> None:
        if message.epoch != self._bar().epoch:  # typed before a phase change, handled after it
            self._lost(message.text, message.target, "the phase changed before it was recorded")
            return
        try:
            plan = message.target.build(message.text, message.by, message.kind)
        except commands.Refused as refusal:
            self.notify(Content(str(refusal)), severity="warning", timeout=6)
            self._keep(message)
            return
        if isinstance(plan, Ask):
            self._ask(plan, message)
        else:
            self._run(plan, message)

    def _run(self, plan: list[Command], message: CaptureBar.Captured) -> None:
        if all(self.record(cls, **fields) for cls, fields in plan):
            if message.target.armed and self._panel is not None:
                self._panel.disarm(message.target.key)
                self._bar().used()
            if message.target.done:
                self.notify(Content(message.target.done), timeout=8)
        else:
            self._keep(message)

    def _ask(self, plan: Ask, message: CaptureBar.Captured) -> None:
        from .reason_screen import ReasonScreen

        def done(reason: str | None) -> None:
            if reason:
                self._run(plan.then(reason), message)
            else:
                self.notify(Content(plan.cancelled), severity="warning", timeout=6)
                self._keep(message)

        self.app.push_screen(ReasonScreen(plan.heading, plan.explanation, plan.placeholder), done)

    def _keep(self, message: CaptureBar.Captured) -> None:
        """A line that was not recorded goes back in the line, marked pending for its record."""
        if self._bar().restore(message.text, message.target):
            self.notify(Content(f"Kept in the line, pending for {message.target.label}: edit it and Enter, "
                                "or empty the line (ctrl+u)."), timeout=6)
        else:
            self._lost(message.text, message.target, "newer text is in the line")

    def _lost(self, text: str, target: Target, why: str) -> None:
        self.notify(Content(f"Not recorded ({why}): «{text}», typed for {target.label}."),
                    severity="warning", timeout=10)

    def on_input_changed(self, message: Input.Changed) -> None:
        if message.input.id == "capture-input" and self._panel is not None:
            self._panel.typed(message.value, self._bar().target())

    def on_phase_panel_armed(self, message: PhasePanel.Armed) -> None:
        bar = self._bar()
        if bar.arm(message.target):
            self.set_focus(bar.field)
            return
        if self._panel is not None:
            self._panel.disarm(message.target.key)
        self.notify(Content(f"The capture line holds text for {bar.target().label}: Enter records it there, "
                            "or empty the line (ctrl+u) first."), severity="warning", timeout=6)

    def on_phase_panel_target_changed(self) -> None:
        if not self.read_only:
            self._bar().show_target()

    def on_phase_panel_to_capture(self) -> None:
        if not self.read_only:
            self.set_focus(self._bar().field)

    def on_phase_panel_commanded(self, message: PhasePanel.Commanded) -> None:
        for cls, fields in message.commands:
            if not self.record(cls, **fields):
                return
        if message.done:
            self.notify(Content(message.done), timeout=8)

    # -- the keyboard between the capture line and the panel ------------------------------
    def _in_line(self) -> bool:
        return isinstance(self.focused, Input)

    def action_switch(self) -> None:
        """Tab: the capture line <-> the panel (typed text always lands in the line).

        The focus moves now, not after the keys already waiting (`Widget.focus` defers it):
        Tab then an arrow sent in one burst must move the panel's selection, not the line's speaker.
        """
        if self.read_only:
            return
        if self._in_line() and self._panel is not None:
            self.set_focus(self._panel)
        else:
            self.set_focus(self._bar().field)

    def action_escape(self) -> None:
        """Esc cancels a named mode (saying what is dropped), else goes between line and panel.

        It never empties a line that is not in a mode, and never makes typing a command:
        a key typed on the panel goes on to the line.
        """
        if self.read_only:
            return
        panel, bar = self._panel, self._bar()
        if panel is not None and panel.mode is not None:
            target = panel.armed_target()
            if target is not None and target.same(bar.target()):
                dropped = bar.drop()
                if dropped and dropped[0] != (target.prefill or "").strip():
                    self._lost(dropped[0], target, f"{target.label} cancelled with Esc")
            panel.disarm()
            self.notify(Content(f"Cancelled: {target.label if target else 'the mode'}."), timeout=3)
            self.set_focus(bar.field)
            return
        self.action_switch()

    async def action_panel_key(self, key: str) -> None:
        """A function key pressed in the capture line acts on the panel, as on the panel itself."""
        panel = self._panel
        if panel is None or self.read_only:
            return
        for binding in panel._bindings.key_to_bindings.get(key, []):
            await panel.run_action(binding.action)
            return
