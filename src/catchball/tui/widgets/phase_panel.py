"""The base of every phase's own panel, and how a panel talks to its screen: by messages only.

A panel reads the state (it is handed the live `State`, and `revision` changes after every
event) and never writes: it posts `Commanded` with event types and fields, and the screen
records them (or shows why the rules refuse them). It says where the capture line's text goes
through `targets()` (read by the screen), and posts `Armed` when one of its keys puts the line
in a named mode, `TargetChanged` when its selection moves, `ToCapture` to hand the keyboard back.

Typing is never a command: a printable key that reaches a focused panel goes on to the text
field the screen named (`typing_to`), in the order it was typed, and the keyboard follows it.
Panel keys are the ones nobody types by accident: arrows, Enter, Delete and function keys.

Every panel speaks one style vocabulary: the class `phase-panel`, its parts `phase-*` (a list
panel's status, list, rows and keys; a line panel's lines) and the component classes in
`COMPONENT_CLASSES`, one meaning each. Their look is in `phase_panel.tcss` beside this file
(`STYLES`, loaded by every screen that shows a panel): the same focus border and the same
selected row in every phase.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...domain.agenda import PhaseKind
from ...domain.state import State
from .capture_target import Command, Target, Targets, note_target

STYLES = str(Path(__file__).with_name("phase_panel.tcss"))


class PhasePanel(Widget, can_focus=True):
    """A phase's panel. Subclasses set `kind`, override `render_state`, `default_target` and,
    for their named modes, `armed_target`."""

    DEFAULT_CLASSES = "phase-panel"
    # the one set: a panel styles its text with these and nothing else (tests/test_house.py holds it)
    COMPONENT_CLASSES = {
        "phase--selected",  # the picked row or cell: where the panel's keys act, or typing goes
        "phase--muted",  # what is there to read, not to act on: hints, counts, "not yet"
        "phase--head",  # a heading or a label in front of its value
        "phase--good",  # done, agreed, linked, steady, validated
        "phase--flag",  # needs the room: missing, at risk, disconnected, not validated
        "phase--mode",  # a named mode is on: the capture line's next Enter goes there
        "phase--bar",  # a number drawn as a bar (a grade)
        "phase--ins",  # words a revision added
        "phase--del",  # words a revision took out
        "phase--span",  # the words a coach's finding points at
        "phase--error",  # a finding's severity: error
        "phase--warning",  # a finding's severity: warning
        "phase--info",  # a finding's severity: info
    }
    kind: ClassVar[PhaseKind | None] = None
    revision = reactive(0, repaint=False)  # render_state updates the children

    class Commanded(Message):
        """Record these events; `done` is said once they are in (what a destructive key did)."""

        def __init__(self, commands: list[Command], done: str | None = None) -> None:
            super().__init__()
            self.commands = commands
            self.done = done

    class Armed(Message):
        """A panel key armed the capture line: its next Enter goes to `target`."""

        def __init__(self, target: Target) -> None:
            super().__init__()
            self.target = target

    class TargetChanged(Message):
        """The panel's selection or mode moved: the capture line shows where text goes now."""

    class ToCapture(Message):
        """Give the keyboard back to the capture line."""

    def __init__(self, state: State, read_only: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.state = state
        self.read_only = read_only
        self.mode: str | None = None  # a named mode: what the capture line's next Enter means
        self.typing_to: Widget | None = None  # the text field typed keys go to (set by the screen)

    # -- talking to the screen -----------------------------------------------------------------
    def command(self, cls: type, done: str | None = None, **fields: Any) -> None:
        """Ask the screen to record one event."""
        if not self.read_only:
            self.post_message(self.Commanded([(cls, fields)], done))

    def default_target(self) -> Target:
        """Where plain typing goes in this phase: a note, unless the phase has its own item."""
        return note_target(phase=self.state.phase)

    def armed_target(self) -> Target | None:
        """The target of the named mode `self.mode` (None: no mode)."""
        return None

    def targets(self) -> Targets:
        return self.default_target(), (self.armed_target() if self.mode is not None else None)

    def arm(self, mode: str) -> None:
        """Enter a named mode: the capture line's next Enter goes to its target."""
        if self.read_only:
            return
        self.mode = mode
        self._mode_changed(mode)
        target = self.armed_target()
        if target is not None:
            self.post_message(self.Armed(target))
        self._changed()

    def disarm(self, key: tuple | None = None) -> None:
        """Leave the named mode (only if it is still the one with `key`, when given)."""
        if self.mode is None:
            return
        armed = self.armed_target()
        if key is not None and (armed is None or armed.key != key):
            return
        self.mode = None
        self._mode_changed(None)
        self._changed()

    def _changed(self) -> None:
        self.post_message(self.TargetChanged())
        if self.is_mounted:
            self.render_state()

    def _mode_changed(self, mode: str | None) -> None:
        """Hook: forget what belonged to the mode just left."""

    def typed(self, text: str, target: Target) -> None:
        """Hook: the capture line's text changed (the key-results coach reads along)."""

    # -- keys ---------------------------------------------------------------------------------------
    def _forward_event(self, event: events.Event) -> None:
        # runs in the app's key loop, key by key: typed text keeps its order as the focus moves
        if (isinstance(event, events.Key) and event.is_printable and self.typing_to is not None
                and not self.read_only):
            field = self.typing_to
            self.screen.set_focus(field)
            field._forward_event(event)
            return
        super()._forward_event(event)

    def action_to_capture(self) -> None:
        self.post_message(self.ToCapture())

    def watch_revision(self) -> None:
        if self.is_mounted:
            self.render_state()

    def on_focus(self) -> None:
        self.render_state()

    def on_blur(self) -> None:
        self.render_state()

    def on_mount(self) -> None:
        self.render_state()

    def render_state(self) -> None:
        """Re-render from `self.state`."""
