"""What a participant sends from their own device, and the room's rules for taking it in.

A participant's app writes `InboxItem`s to its own inbox; the facilitator's app turns each
into the event it means (`plan`), which then goes through the same `commands.check` as a
typed one. `plan` refuses, with the sentence the participant sees, what only makes sense
at another moment or for someone else. The rate at which one person's items are taken in
is a `Bucket` (time passed in): a flood is slowed, never dropped.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import events as ev
from .agenda import PhaseKind
from .commands import Refused
from .model import AwareDatetime, ContributionType, Text
from .state import State

DOTS_PER_PERSON = 3
BURST = 5  # items from one person taken at once
PER_SECOND = 2.0  # then this many a second

ItemKind = Literal["note", "vote", "dots"]


class InboxItem(BaseModel):
    """One thing a participant sent. `id` counts the inbox's items from 1 and is written last."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ItemKind
    at: AwareDatetime
    text: Text | None = None
    type: ContributionType = ContributionType.NOTE
    value: Annotated[int, Field(ge=0, le=5)] | None = None
    objective: Annotated[int, Field(ge=1)] | None = None
    dots: Annotated[int, Field(ge=-1, le=1)] | None = None
    id: int = Field(ge=1)


class Refusal(BaseModel):
    """The facilitator's app refused item `item`; `reason` is the rule's sentence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    at: AwareDatetime
    reason: Text
    item: int = Field(ge=1)


def item_ref(inbox: str, item: int) -> str:
    """The `via` of the event that records item `item` of inbox `inbox`."""
    return f"{inbox}#{item}"


def split_ref(via: str) -> tuple[str, int]:
    inbox, _, number = via.rpartition("#")
    return inbox, int(number)


def ingested(events: list[ev.Event]) -> dict[str, int]:
    """The last item of each inbox that the log records (items are taken in order)."""
    done: dict[str, int] = {}
    for event in events:
        if event.via:
            inbox, number = split_ref(event.via)
            done[inbox] = max(done.get(inbox, 0), number)
    return done


def dots_given(state: State, name: str) -> dict[int, int]:
    """The dots `name` has on each objective, from their own dot votes still in effect."""
    given: dict[int, int] = {}
    for event in state.history:
        if event.kind == "dots_cast" and event.participant == name:
            given[event.objective] = max(0, given.get(event.objective, 0) + event.dots)
    return {k: v for k, v in given.items() if v}


def plan(state: State, sender: str, item: InboxItem) -> tuple[type[ev.Event], dict[str, Any]]:
    """The event an item from `sender` means now; `Refused` with a sentence when it cannot be."""
    if sender not in state.people():
        raise Refused(f"{sender} is not on this session's list: the facilitator can admit you.")
    if state.finished:
        raise Refused("The session is finished: nothing more is recorded.")
    kind = state.current_phase.kind
    if item.kind == "note":
        text = (item.text or "").strip()
        if not text:
            raise Refused("An empty contribution: type what you want the room to hear.")
        by = None if state.phase in state.anonymous else sender
        return ev.Noted, {"text": text, "by": by, "type": item.type}
    if item.kind == "vote":
        if item.value is None:
            raise Refused("A vote needs a value from 0 to 5.")
        if kind is not PhaseKind.CATCHBALL:
            raise Refused("The fist-of-five vote happens in a catchball round; this is not one.")
        rnd = state.current_round
        if rnd is None or rnd.closed:
            raise Refused("No catchball round is open to vote in.")
        if rnd.revealed:
            raise Refused("The votes of this round are already revealed: wait for the next round.")
        return ev.VoteCast, {"participant": sender, "value": item.value}
    # dots
    if kind is not PhaseKind.FOCUS:
        raise Refused("Dot votes happen in the focus phase; this is not it.")
    if item.objective is None or item.objective not in state.objectives or not item.dots:
        raise Refused("That objective is not on the table.")
    if item.objective in state.parked:
        raise Refused("That objective is parked: dots go to the candidates.")
    mine = dots_given(state, sender)
    if item.dots < 0 and not mine.get(item.objective):
        raise Refused("You have no dot on that objective to take back.")
    if item.dots > 0 and sum(mine.values()) >= DOTS_PER_PERSON:
        raise Refused(f"You have placed all your {DOTS_PER_PERSON} dots: take one back to move it.")
    return ev.DotsCast, {"objective": item.objective, "dots": item.dots, "participant": sender}


class Bucket:
    """A token bucket: `BURST` items at once, then `PER_SECOND`; `now` is monotonic seconds."""

    def __init__(self, now: float, burst: int = BURST, per_second: float = PER_SECOND) -> None:
        self.burst, self.per_second = burst, per_second
        self.tokens = float(burst)
        self.at = now

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + max(0.0, now - self.at) * self.per_second)
        self.at = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


def slowed_sentence(name: str, waiting: int) -> str:
    return (f"{name} sends more than {PER_SECOND:g} items a second: {waiting} wait in their inbox "
            "and are taken in order, none lost.")

