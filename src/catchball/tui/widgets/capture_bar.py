"""The capture line: who is speaking, what kind of contribution, where it goes, and the text.

Enter records exactly the text typed before it, once: the line takes its text and empties
itself in the same step the Enter key is handled, so keys typed (or pasted) while the
recording is still under way start the next entry. A pasted text with line breaks is one
entry per line. The record a line is for is pinned when its first character is typed; if
the panel's selection moves on meanwhile, the line shows that its text is pending for the
record it was typed for.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.widgets import Input, Label

from ...domain.model import ContributionType
from .capture_target import Target, Targets, note_target

TYPES = list(ContributionType)


class CaptureInput(Input):
    """The text field; Enter and pastes are handled in key order, never later."""

    # Input sets its virtual size (how far it can scroll) at every key; Textual's own makes that
    # lay the whole screen out again. The field's size never follows its text: a repaint does.
    virtual_size = Reactive(Size(0, 0))

    def __init__(self, bar: CaptureBar, **kwargs) -> None:
        super().__init__(**kwargs)
        self._bar = bar

    async def _on_key(self, event: events.Key) -> None:
        # (Input's own handler runs after this one, unless the default is prevented)
        if event.key == "enter":  # here, not as a binding: a binding runs once the key has bubbled up
            event.stop()
            event.prevent_default()
            self._bar.enter()

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        lines = event.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for i, line in enumerate(lines):
            if line:
                self.insert_text_at_cursor(line)
            if i < len(lines) - 1:
                self._bar.enter()

    def watch_value(self, old: str, new: str) -> None:
        self._bar.value_changed(old, new)


class CaptureBar(Horizontal):
    """Keys bubble here from the text field, which uses none of them."""

    BINDINGS = [
        Binding("up", "who(-1)", "Who", show=False),
        Binding("down", "who(1)", "Who", show=False),
        Binding("f2", "who(1)", "Who"),
        Binding("f3", "kind(1)", "Type"),
        # shift+F3 reaches a tmux or xterm application as F15
        Binding("shift+f3,f15", "kind(-1)", "Type", show=False),
    ]
    who = reactive(0)
    kind = reactive(0)

    class Captured(Message):
        """A line typed and Enter pressed: `text` for `target`."""

        def __init__(self, text: str, by: str | None, kind: ContributionType, target: Target,
                     epoch: int) -> None:
            super().__init__()
            self.text = text
            self.by = by
            self.kind = kind
            self.target = target
            self.epoch = epoch  # which phase's line it was: a line of a phase since left is not recorded

    def __init__(self, people: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.people = [None, *people]  # None: the room, nobody in particular
        self._source: Callable[[], Targets] = lambda: (note_target(), None)
        self.pinned: Target | None = None  # the record the text in the line is for
        self.held = False  # the text came back after a refusal or a cancelled dialog
        self._spent: tuple | None = None  # an armed target whose one Enter has been taken
        self.epoch = 0  # counts the phases the line has served
        self._target_shown: str | None = None  # what the target's label says

    def compose(self) -> ComposeResult:
        yield Label(self._who_text(), id="capture-who")
        yield Label(self._kind_text(), id="capture-kind")
        yield Label("", id="capture-target")
        yield CaptureInput(self, id="capture-input", select_on_focus=False)

    def on_mount(self) -> None:
        self.show_target()

    # -- who and what kind -------------------------------------------------------------------
    @property
    def speaker(self) -> str | None:
        return self.people[self.who % len(self.people)]

    @property
    def contribution(self) -> ContributionType:
        return TYPES[self.kind % len(TYPES)]

    def set_people(self, people: list[str]) -> None:
        """The speakers as the session has them now (someone admitted joins the list, an undone
        admission leaves it); the speaker chosen stays chosen while they are on it."""
        if [None, *people] == self.people:
            return
        current = self.speaker
        self.people = [None, *people]
        self.who = self.people.index(current) if current in self.people else 0
        self._paint()

    def action_who(self, step: int) -> None:
        self.who = (self.who + step) % len(self.people)

    def action_kind(self, step: int) -> None:
        self.kind = (self.kind + step) % len(TYPES)

    def set_kind(self, kind: ContributionType) -> None:
        self.kind = TYPES.index(kind)

    def watch_who(self) -> None:
        self._paint()

    def watch_kind(self) -> None:
        self._paint()

    def _who_text(self) -> Content:
        return Content(f"▸ {self.speaker or 'room'}")

    def _kind_text(self) -> Content:
        return Content(self.contribution.value)

    def _paint(self) -> None:
        if self.is_mounted:
            self.query_one("#capture-who", Label).update(self._who_text())
            self.query_one("#capture-kind", Label).update(self._kind_text())

    # -- where the text goes -----------------------------------------------------------------
    @property
    def field(self) -> CaptureInput:
        return self.query_one(CaptureInput)

    @property
    def text(self) -> str:
        return self.field.value

    def follow(self, source: Callable[[], Targets]) -> CaptureBar:
        """Read the targets from `source` (the screen's panel) from now on."""
        self._source = source
        self.show_target()
        return self

    def current(self) -> Target:
        """Where a line started now would go: the armed target, unless its Enter was taken."""
        default, armed = self._source()
        if armed is not None and armed.key != self._spent:
            return armed
        return default

    def target(self) -> Target:
        """Where the text in the line goes."""
        return self.pinned or self.current()

    def value_changed(self, old: str, new: str) -> None:
        if not new:
            self.pinned, self.held = None, False
        elif not old and self.pinned is None:
            self.pinned = self.current()
        self.show_target()

    def show_target(self) -> None:
        if not self.is_mounted:
            return
        target = self.target()
        pending = self.pinned is not None and (self.held or not self.pinned.same(self.current()))
        label = self.query_one("#capture-target", Label)
        text = f"{'⏸ pending → ' if pending else '→ '}{target.label}"
        if text != self._target_shown:  # (each key comes here: an update lays the screen out again)
            self._target_shown = text
            label.update(Content(text))
        label.set_class(pending, "-pending")
        label.set_class(target.armed, "-armed")
        self.field.placeholder = target.hint

    def enter(self) -> None:
        """Take the line: its text, for the record it was typed for; the line is empty at once."""
        text = self.text.strip()
        if not text:
            return
        target = self.target()
        if target.armed:
            self._spent = target.key
        self.field.value = ""
        self.post_message(self.Captured(text, self.speaker, self.contribution, target, self.epoch))

    # -- what the screen does with the line ----------------------------------------------------
    def arm(self, target: Target) -> bool:
        """A panel armed `target`: put its starting text in the line. False if the line holds
        text for another record (the screen then says so, and the mode is not armed)."""
        self._spent = None
        if self.text and self.pinned is not None and not (self.pinned.armed and self.text == self.pinned.prefill):
            return False
        self.field.value = target.prefill or ""
        self.field.cursor_position = len(self.field.value)
        self.pinned, self.held = (target if self.field.value else None), False
        self.show_target()
        return True

    def used(self) -> None:
        """The armed target's line was recorded: a new arming starts afresh."""
        self._spent = None
        self.show_target()

    def restore(self, text: str, target: Target) -> bool:
        """Put a line that was not recorded back, pending for the same record. False when
        the line already holds newer text (the screen then shows the text in its message)."""
        self._spent = None
        if self.text:
            return False
        self.field.value = text
        self.field.cursor_position = len(text)
        self.pinned, self.held = target, True
        self.show_target()
        return True

    def drop(self) -> tuple[str, Target] | None:
        """Empty the line (a cancelled mode); return what it held, and for what."""
        text, target = self.text.strip(), self.target()
        self._spent = None
        self.field.value = ""
        return (text, target) if text else None

    def new_phase(self) -> tuple[str, Target] | None:
        """Another phase: lines typed for the last one are not recorded in this one."""
        self.epoch += 1
        return self.drop()
