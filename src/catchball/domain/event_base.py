"""What every event shares (`EventBase`: seq, at, via) and the small types events use; the event
types themselves are `events` (and `events_checkin` for a weekly check-in's).

An event is a msgspec Struct tagged by `kind` (the tag is its `kind` in the log); `record.decode`
validates one read from a log, `record.build` one the room makes.
"""

# (no `from __future__ import annotations`: msgspec would compile and evaluate every field's
# annotation, as a string, the first time a log is read: about 3 ms before a resume's first frame)
from datetime import datetime, timezone
from typing import Annotated, ClassVar

from msgspec.structs import force_setattr

from .model import AwareDatetime
from .record import Meta, Record

Ref = Annotated[int, Meta(ge=1)]
Team = Annotated[str, Meta(min_length=1, max_length=200)]
# "<inbox>#<n>" names a participant's item; "anonymous#<hex>" records one without saying whose it is
Via = Annotated[str, Meta(pattern=r"^(?:[a-z0-9-]{1,60}#[1-9][0-9]{0,9}|anonymous#[0-9a-f]{20})$")]


def utc_ms(value: datetime) -> datetime:
    """Normalise a timestamp to UTC with millisecond precision, as the log stores it (a log's own: as is)."""
    if value.tzinfo is not timezone.utc:
        value = value.astimezone(timezone.utc)
    if value.microsecond % 1000:
        value = value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


class EventBase(Record, frozen=True, kw_only=True, forbid_unknown_fields=True, tag_field="kind"):
    # the event's kind as the log names it: its tag, set on each type by `events` (a class attribute,
    # not a field: read once an event, it must cost no call)
    kind: ClassVar[str] = ""

    seq: Annotated[int, Meta(ge=1)]
    at: AwareDatetime
    # the participant's inbox item this event records ("<inbox>#<n>"), absent when typed in the room
    via: Via | None = None

    def __post_init__(self) -> None:  # runs for every event read: the common case first
        at = self.at
        tz = at.tzinfo
        if tz is timezone.utc and not at.microsecond % 1000:
            return
        if tz is None or at.utcoffset() is None:
            raise ValueError("expected an offset date-time with a timezone, e.g. 2026-11-22T09:00:00Z")
        force_setattr(self, "at", utc_ms(at))
