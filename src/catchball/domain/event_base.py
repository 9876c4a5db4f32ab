"""What every event shares (`EventBase`: seq, at, via) and the small types events use; the event
types themselves are `events` (and `events_checkin` for a weekly check-in's)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .model import aware_utc

Ref = Annotated[int, Field(ge=1)]
Team = Annotated[str, Field(min_length=1, max_length=200)]
# "<inbox>#<n>" names a participant's item; "anonymous#<hex>" records one without saying whose it is
Via = Annotated[str, Field(pattern=r"^(?:[a-z0-9-]{1,60}#[1-9][0-9]{0,9}|anonymous#[0-9a-f]{20})$")]


def utc_ms(value: datetime) -> datetime:
    """Normalise a timestamp to UTC with millisecond precision, as the log stores it (a log's own: as is)."""
    if value.tzinfo is not timezone.utc:
        value = value.astimezone(timezone.utc)
    if value.microsecond % 1000:
        value = value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


class EventBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    seq: int = Field(ge=1)
    at: Annotated[datetime, AfterValidator(lambda value: utc_ms(aware_utc(value)))]  # one call an event, not two
    # the participant's inbox item this event records ("<inbox>#<n>"), absent when typed in the room
    via: Via | None = None
