"""A participant taking part from their own device: what they see, what they send, what became of it.

It follows the session's log read-only (`store.follow.Following`) and writes only to the
participant's own inbox (`store.inbox.InboxWriter`). Whether an item was recorded is read
from the log itself (the event naming the item in `via`); a refusal, with the rule's
sentence, from the inbox's `refused.toml`. Nothing here decides anything for the room.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.events import Event
from ..domain.intake import InboxItem, Refusal, anonymous_ref, dots_given, item_ref
from ..domain.model import ContributionType
from ..domain.rounds import objective_number
from ..domain.state import State
from ..store.follow import Following
from ..store.inbox import INBOX_DIR, REFUSED_FILE, InboxWriter, inbox_name, read_refusals

RECORDED, REFUSED, WAITING, TAKEN_BACK = "recorded", "refused", "waiting", "taken back"


@dataclass(frozen=True)
class ItemStatus:
    item: InboxItem
    status: str
    detail: str | None = None  # the refusal's sentence


def describe(item: InboxItem, state: State | None = None) -> str:
    """One line for an item the participant sent; an objective is named by its number, as the room's screen does."""
    if item.kind == "note":
        return f"{item.type.value}: {item.text}" if item.type is not ContributionType.NOTE else item.text or ""
    if item.kind == "vote":
        return f"your vote: {item.value}"
    if item.kind == "checkin":
        said = f" · {item.text}" if item.text else ""
        sure = f"confidence {item.confidence}/10" if item.confidence else "value"
        return f"key result {item.kr}: {sure}{said}"
    if state is not None and item.objective in state.objectives:
        which = f"objective {objective_number(state, item.objective)}"
    else:
        which = "an objective not on the table"
    return f"{'+' if (item.dots or 0) > 0 else '-'}1 dot on {which}"


class Participant:
    def __init__(self, folder: Path, name: str, code: str | None) -> None:
        self.folder = folder
        self.name = name
        self.inbox = inbox_name(name)
        self.following = Following(folder)
        # nothing is written without the room's join code; who.toml is also a stranger's request to join
        self.writer = InboxWriter(folder, name, code)
        self._refusals: dict[int, Refusal] = {}
        self._refusals_seen: tuple[int, int] | None = None
        self._read_refusals()

    @property
    def state(self) -> State:
        return self.following.state

    @property
    def admitted(self) -> bool:
        return self.name in self.state.people()

    def _read_refusals(self) -> bool:
        try:
            st = os.stat(self.folder / INBOX_DIR / self.inbox / REFUSED_FILE)
            seen = (st.st_size, st.st_mtime_ns)
        except FileNotFoundError:
            seen = (0, 0)
        if seen == self._refusals_seen:
            return False
        self._refusals_seen = seen
        self._refusals = {r.item: r for r in read_refusals(self.folder, self.inbox)}
        return True

    def poll(self) -> bool:
        """Read what changed (the log, the refusals); True when something did."""
        log = self.following.poll()
        return self._read_refusals() or log

    # -- what became of my items ------------------------------------------------------------
    def _recorded(self) -> dict[int, Event]:
        """My items the log records: by their named `via`, or their anonymous one (only I know my key)."""
        refs = {}
        for item in self.writer.items:
            refs[item_ref(self.inbox, item.id)] = item.id
            refs[anonymous_ref(self.writer.key, item.id)] = item.id
        return {refs[e.via]: e for e in self.following.events if e.via in refs}

    def statuses(self) -> list[ItemStatus]:
        recorded = self._recorded()
        in_effect = {e.seq for e in self.state.history}
        out = []
        for item in self.writer.items:
            if item.id in recorded:
                status = RECORDED if recorded[item.id].seq in in_effect else TAKEN_BACK
                out.append(ItemStatus(item, status))
            elif item.id in self._refusals:
                out.append(ItemStatus(item, REFUSED, self._refusals[item.id].reason))
            else:
                out.append(ItemStatus(item, WAITING))
        return out

    def waiting(self) -> int:
        return sum(1 for s in self.statuses() if s.status == WAITING)

    def my_vote(self) -> int | None:
        """My own fist-of-five in the current round, as recorded (nobody else's is known here)."""
        rnd = self.state.current_round
        return rnd.vote_map().get(self.name) if rnd else None

    def my_dots(self) -> dict[int, int]:
        return dots_given(self.state, self.name)

    # -- sending -------------------------------------------------------------------------------
    def send_note(self, text: str, kind: ContributionType, at: datetime) -> InboxItem:
        return self.writer.send(kind="note", at=at, text=text, type=kind)

    def vote(self, value: int, at: datetime) -> InboxItem:
        return self.writer.send(kind="vote", at=at, value=value)

    def dot(self, objective: int, step: int, at: datetime) -> InboxItem:
        return self.writer.send(kind="dots", at=at, objective=objective, dots=step)

    def check_in(self, kr: int, confidence: int | None, text: str, at: datetime) -> InboxItem:
        """A key result's confidence, and optionally its value and why ("21% the test moved it")."""
        return self.writer.send(kind="checkin", at=at, kr=kr, confidence=confidence, text=text.strip() or None)

    def ref(self, item: InboxItem) -> str:
        return item_ref(self.inbox, item.id)

    def close(self) -> None:
        self.writer.close()
