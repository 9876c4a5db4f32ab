"""Where the capture line's text goes: a `Target` names one record and builds its events.

A panel says what the line's next Enter means (its default target, and an armed one while a
panel key has put the line in a named mode). The capture line pins the target when a line
starts being typed, so text typed for one record is never saved into another, whatever is
selected or armed by the time Enter is handled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...domain import events as ev
from ...domain.model import ContributionType

Command = tuple[type, dict[str, Any]]


@dataclass(frozen=True, eq=False)
class Ask:
    """A plan that needs a reason first (a dialog asks for it; Esc keeps the text pending)."""

    heading: str
    explanation: str
    placeholder: str
    then: Callable[[str], list[Command]]
    cancelled: str  # the sentence shown when the dialog is cancelled


Plan = list[Command] | Ask
Build = Callable[[str, str | None, ContributionType], Plan]


@dataclass(frozen=True, eq=False)
class Target:
    """One record the capture line writes to.

    `key` is its identity (two targets with the same key write to the same record); `label`
    names it beside the line; `hint` is the line's placeholder; `armed` marks a one-shot mode
    (one Enter, then the panel's default again); `prefill` is the text an armed mode starts from;
    `done` is said once the line is recorded (what a destructive entry did, and that ctrl+z undoes it).
    """

    key: tuple
    label: str
    hint: str
    build: Build
    armed: bool = False
    prefill: str | None = None
    done: str | None = None

    def same(self, other: Target | None) -> bool:
        return other is not None and self.key == other.key


def _note(text: str, by: str | None, kind: ContributionType) -> Plan:
    return [(ev.Noted, {"text": text, "by": by, "type": kind})]


def note_target(hint: str = "Type what the room says, Enter to record it", phase: int | None = None) -> Target:
    """A note of the phase: what the room said."""
    return Target(("note", phase), "note", hint, _note)


Targets = tuple[Target, Target | None]  # the panel's default target, and the armed one (if any)
