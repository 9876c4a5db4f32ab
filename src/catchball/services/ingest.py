"""Taking participants' items into the session: the facilitator's app polls the inboxes.

`Ingest.poll` is cheap when nothing arrived (a directory listing and one stat per inbox).
Each new item becomes the event it means (`domain.intake.plan`), recorded through the same
`LiveSession.record` (the same rules) as a typed one, with `via` naming the item; a refusal
goes back to the participant's inbox with the rule's sentence. Items are taken in order, at
most `BURST` at once and `PER_SECOND` after that from one person, so a flood is slowed, not
dropped. What was taken in is read back from the log on start: after any crash every item
is taken in exactly once. An inbox that does not prove the room's join code is not taken in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


from ..domain import commands
from ..domain import events as ev
from ..domain.intake import (
    Bucket,
    InboxItem,
    Refusal,
    anonymous_ref,
    anonymous_refs,
    ingested,
    is_anonymous,
    item_ref,
    plan,
    slowed_sentence,
)
from ..domain.record import ValidationError, error_sentence
from ..store.inbox import InboxList, InboxReader
from ..store.live import LiveSession
from ..store.room import room_code
from .join_code import join_code


@dataclass
class _Inbox:
    reader: InboxReader
    done: int  # the last item taken in (recorded or refused)
    bucket: Bucket
    waiting: list[InboxItem] = field(default_factory=list)
    slowed: bool = False  # said once per flood
    asked: bool = False  # a stranger's request to join was shown
    problem_shown: str | None = None  # the reading problem last said to the facilitator
    unproven_shown: bool = False  # its who.toml lacks the room's join code: said once


@dataclass
class Outcome:
    recorded: list[ev.Event] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (who, sentence)
    notices: list[str] = field(default_factory=list)  # for the facilitator, once each
    strangers: list[str] = field(default_factory=list)  # names asking to be admitted


class Ingest:
    def __init__(self, live: LiveSession, now: float) -> None:
        self.live = live
        self._inboxes: dict[str, _Inbox] = {}
        self._listing = InboxList(live.folder)
        self._done = ingested(live.events)
        self._anonymous = anonymous_refs(live.events)
        self._start = now
        self.code = room_code(live.folder, join_code) if not live.read_only else ""

    def _inbox(self, name: str, now: float) -> _Inbox:
        box = self._inboxes.get(name)
        if box is None:
            reader = InboxReader(self.live.folder, name)
            done = max(self._done.get(name, 0), reader.done_by_refusals())
            box = self._inboxes[name] = _Inbox(reader, done, Bucket(now))
        return box

    def waiting(self) -> int:
        return sum(len(box.waiting) for box in self._inboxes.values())

    def poll(self, at: datetime, now: float) -> Outcome:
        """Take in what arrived. `at` stamps the events (wall clock), `now` paces them (monotonic)."""
        out = Outcome()
        if self.live.read_only:
            return out
        people = set(self.live.state.people())
        for name in self._listing.names(now):
            box = self._inbox(name, now)
            who = box.reader.who()
            if who is None:
                continue  # its who.toml is not written yet
            if not box.reader.proves(self.code):
                if not box.unproven_shown:
                    box.unproven_shown = True
                    out.notices.append(f"An inbox in {who}'s name was written without the room's join code: "
                                       "nothing from it is taken in.")
                continue
            fresh = box.reader.new_items()
            for item in fresh:  # recorded anonymously before a restart: done too
                if item.id > box.done and anonymous_ref(box.reader.key, item.id) in self._anonymous:
                    box.done = item.id
            box.waiting += [item for item in fresh if item.id > box.done]
            if box.reader.problem != box.problem_shown:  # each new problem is said once
                box.problem_shown = box.reader.problem
                if box.reader.problem:
                    out.notices.append(box.reader.problem)
            if who not in people and not box.asked:
                box.asked = True
                out.strangers.append(who)
            self._take(box, who, at, now, out)
        return out

    def _take(self, box: _Inbox, who: str, at: datetime, now: float, out: Outcome) -> None:
        while box.waiting:
            if not box.bucket.take(now):
                if not box.slowed:
                    box.slowed = True
                    out.notices.append(slowed_sentence(who, len(box.waiting)))
                return
            item = box.waiting[0]
            reason = None
            try:
                cls, fields = plan(self.live.state, who, item)
                via = anonymous_ref(box.reader.key, item.id) if is_anonymous(self.live.state, item) \
                    else item_ref(box.reader.inbox, item.id)
                event = self.live.record(cls, at, via=via, **fields)
            except commands.Refused as refusal:
                reason = str(refusal)
            except ValidationError as exc:
                reason = f"Not recorded: {error_sentence(exc)}."
            except OSError as exc:  # the log could not be written: try again at the next poll
                out.notices.append(f"Not saved, so not taken in yet: {exc.strerror or exc}.")
                return
            if reason is not None:
                try:
                    box.reader.refuse(Refusal(at=at, reason=reason, item=item.id))
                except OSError as exc:
                    out.notices.append(f"A refusal for {who} could not be written: {exc.strerror or exc}.")
                    return
                out.refused.append((who, reason))
            else:
                out.recorded.append(event)
            box.waiting.pop(0)
            box.done = item.id
        box.slowed = False

    def close(self) -> None:
        for box in self._inboxes.values():
            box.reader.close()
