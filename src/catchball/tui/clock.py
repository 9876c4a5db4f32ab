"""The room's clock: wall-clock UTC anchored once, advanced by the monotonic clock.

Ticks only repaint; elapsed time always comes from here, so a blocked event loop or a
skipped tick never makes the timer drift.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone


class RoomClock:
    def __init__(self) -> None:
        self._wall = datetime.now(timezone.utc)
        self._mono = time.monotonic()

    def now(self) -> datetime:
        return self._wall + timedelta(seconds=time.monotonic() - self._mono)


class FakeClock:
    """A clock for tests and replays: it only moves when told to."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)

    def set(self, when: datetime) -> None:
        self._now = when


# a tick lands this long after the second it shows is due, so that it never lands just before
TICK_SLACK = 0.004
# and never waits longer than this: a clock that jumps (a fake one, a resumed laptop) is seen soon
MAX_TICK = 0.25


def next_tick_delay(elapsed: float | None, planned: float = 0.0, running: bool = True) -> float:
    """Seconds until the shown second changes: the timer counts `planned - elapsed` down (then
    overtime up), so it changes whenever `elapsed - planned` crosses a whole second; the tick
    lands just after that, and at least every `MAX_TICK` seconds."""
    if elapsed is None or not running:
        return MAX_TICK
    return min(MAX_TICK, 1.0 - (elapsed - planned) % 1.0 + TICK_SLACK)
