"""What the quarter before handed on (`model.Carried`), as rows a phase panel shows under its own:
open actions in readiness, lessons in the winning logic, the parking lot in the leader's draft."""

from __future__ import annotations

from textual.content import Content

from ....domain.model import CarriedItem
from ....domain.text import one_line


def item_line(item: CarriedItem) -> str:
    """One carried item in words: its text, and its reason, owner or the key result it is about."""
    text = one_line(item.text)
    if item.reason:
        text += f" (parked: {one_line(item.reason, 120)})"
    if item.owner:
        text += f" (owner: {one_line(item.owner, 60)})"
    if item.about:
        text += f" (on «{one_line(item.about, 60)}»)"
    return text


def carried_rows(heading: str, items: tuple[CarriedItem, ...], muted) -> list[Content]:
    """A muted heading and one line per item; nothing when nothing was carried."""
    if not items:
        return []
    return [Content.styled(heading, muted), *(Content.assemble("  · ", item_line(i)) for i in items)]
