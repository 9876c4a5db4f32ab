"""What a participant sends from their own device, and the room's rules for taking it in.

A participant's app writes `InboxItem`s to its own inbox; the facilitator's app turns each
into the event it means (`plan`), which then goes through the same `commands.check` as a
typed one. `plan` refuses, with the sentence the participant sees, what only makes sense
at another moment or for someone else. The rate at which one person's items are taken in
is a `Bucket` (time passed in): a flood is slowed, never dropped.

Each recorded item's event names it in `via`: "<inbox>#<n>", or, when the event records it
without its sender's name (an anonymous phase), "anonymous#<hex>", a keyed hash of the item's
number with the inbox's own secret key, which only the inbox's two ends can tell apart from
anyone else's. An inbox counts only when it proves the room's join code (`code_proof`).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any, Literal

from .record import Meta, Record

from . import events as ev
from .agenda import PhaseKind
from .commands import Refused
from .model import AwareDatetime, ContributionType, Text
from .quarter import current_okr
from .quarter_board import read_numbers
from .quarter_values import OtherUnit, read_checkin
from .state import State

DOTS_PER_PERSON = 3
BURST = 5  # items from one person taken at once
PER_SECOND = 2.0  # then this many a second

ItemKind = Literal["note", "vote", "dots", "checkin"]
ANONYMOUS = "anonymous"


class InboxItem(Record, kw_only=True):
    """One thing a participant sent. `id` counts the inbox's items from 1 and is written last."""


    kind: ItemKind
    at: AwareDatetime
    text: Text | None = None
    type: ContributionType = ContributionType.NOTE
    value: Annotated[int, Meta(ge=0, le=5)] | None = None
    objective: Annotated[int, Meta(ge=1)] | None = None
    dots: Annotated[int, Meta(ge=-1, le=1)] | None = None
    kr: Annotated[int, Meta(ge=1, le=99)] | None = None  # checkin: the key result, by its number
    confidence: Annotated[int, Meta(ge=1, le=10)] | None = None  # checkin: how sure, 1-10
    id: Annotated[int, Meta(ge=1)]


class Refusal(Record, kw_only=True):
    """The facilitator's app refused item `item`; `reason` is the rule's sentence."""


    at: AwareDatetime
    reason: Text
    item: Annotated[int, Meta(ge=1)]


def item_ref(inbox: str, item: int) -> str:
    """The `via` of the event that records item `item` of inbox `inbox` with its sender's name."""
    return f"{inbox}#{item}"


def anonymous_ref(key: str, item: int) -> str:
    """The `via` of an event that records item `item` without its sender: nobody without the
    inbox's key can tell whose it is, or link two of them."""
    digest = hmac.new(key.encode("utf-8"), f"item {item}".encode(), hashlib.sha256).hexdigest()
    return f"{ANONYMOUS}#{digest[:20]}"


def split_ref(via: str) -> tuple[str, int] | None:
    """(inbox, item) of a named `via`; None for an anonymous one."""
    inbox, _, number = via.rpartition("#")
    return None if inbox == ANONYMOUS else (inbox, int(number))


def ingested(events: list[ev.Event]) -> dict[str, int]:
    """The last item of each inbox that the log records by name (items are taken in order)."""
    done: dict[str, int] = {}
    for event in events:
        ref = split_ref(event.via) if event.via else None
        if ref is not None:
            done[ref[0]] = max(done.get(ref[0], 0), ref[1])
    return done


def anonymous_refs(events: list[ev.Event]) -> set[str]:
    return {e.via for e in events if e.via and split_ref(e.via) is None}


def code_proof(code: str, inbox: str) -> str:
    """What an inbox carries to show its participant gave the room's join code (not the code)."""
    return hmac.new(code.strip().upper().encode("utf-8"), inbox.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def code_matches(given: str, code: str) -> bool:
    """Whether a typed join code is the room's (case and surrounding spaces aside), in constant time."""
    return bool(code) and hmac.compare_digest(given.strip().upper().encode("utf-8"),
                                              code.strip().upper().encode("utf-8"))


def is_anonymous(state: State, item: InboxItem) -> bool:
    """Whether this item is recorded without its sender's name: what they say or how sure they are,
    in a phase the facilitator made anonymous (a vote or dots stay the voter's own)."""
    return item.kind in ("note", "checkin") and state.phase in state.anonymous


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
        by = None if is_anonymous(state, item) else sender
        return ev.Noted, {"text": text, "by": by, "type": item.type}
    if item.kind == "checkin":
        return _checkin(state, sender, item)
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


def _checkin(state: State, sender: str, item: InboxItem) -> tuple[type[ev.Event], dict[str, Any]]:
    """A key result's confidence (and value, and why) from a participant, read as the room's line is."""
    if state.current_phase.kind is not PhaseKind.VALUES:
        raise Refused("Key results are checked in during a weekly check-in's values phase; this is not it.")
    okr = current_okr(state)
    krs = {kr.number: kr for kr in okr.key_results} if okr else {}
    kr = krs.get(item.kr or 0)
    if kr is None:
        shown = ", ".join(str(n) for n in sorted(krs)) or "none"
        raise Refused(f"The quarter has no key result {item.kr} (its key results: {shown}).")
    text = (item.text or "").strip()
    try:
        read = read_checkin(kr, text) if text else None
    except OtherUnit as other:
        raise Refused(f"{other}: send it in {read_numbers(kr).unit}.") from None
    now = state.checkin_values.get(kr.number)
    if read is not None:
        value, said, note = read
    elif now is not None:
        value, said, note = now.value, None, text or now.note
    else:
        raise Refused(f"Key result {kr.number} has no value yet this week: send its value with your "
                      "confidence (e.g. 21% 6).")
    confidence = item.confidence or said
    if confidence is None:
        raise Refused("How sure are you, from 1 to 10? Send a confidence with the value.")
    fields: dict[str, Any] = {"kr": kr.number, "value": value, "confidence": confidence}
    if note:
        fields["note"] = note
    if not is_anonymous(state, item):
        fields["by"] = sender
    return ev.KrCheckedIn, fields


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

