"""The capture line: who is speaking, what kind of contribution, and the text. Enter records it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label

from ...domain.model import ContributionType

TYPES = list(ContributionType)


class CaptureBar(Horizontal):
    """Keys bubble here from the text field, which uses none of them."""

    BINDINGS = [
        Binding("up", "who(-1)", "Who", show=False),
        Binding("down", "who(1)", "Who", show=False),
        Binding("f2", "who(1)", "Who"),
        Binding("f3", "kind(1)", "Type"),
        Binding("shift+f3", "kind(-1)", "Type", show=False),
    ]
    who = reactive(0)
    kind = reactive(0)

    class Captured(Message):
        def __init__(self, text: str, by: str | None, kind: ContributionType) -> None:
            super().__init__()
            self.text = text
            self.by = by
            self.kind = kind

    def __init__(self, people: list[str], placeholder: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.people = [None, *people]  # None: the room, nobody in particular
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Label(self._who_text(), id="capture-who")
        yield Label(self._kind_text(), id="capture-kind")
        yield Input(placeholder=self.placeholder, id="capture-input", select_on_focus=False)

    @property
    def speaker(self) -> str | None:
        return self.people[self.who % len(self.people)]

    @property
    def contribution(self) -> ContributionType:
        return TYPES[self.kind % len(TYPES)]

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

    def set_placeholder(self, text: str) -> None:
        self.query_one(Input).placeholder = text

    @on(Input.Submitted, "#capture-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.post_message(self.Captured(text, self.speaker, self.contribution))

    def clear(self) -> None:
        self.query_one(Input).value = ""
