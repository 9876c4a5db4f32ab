"""The timer's tick is set for the moment the shown second changes, not on a fixed interval."""

from __future__ import annotations

import pytest

from catchball.tui.clock import MAX_TICK, TICK_SLACK, next_tick_delay


@pytest.mark.parametrize("elapsed, planned, due", [
    (10.3, 600.0, 0.7),  # 589.7 s left: 589 shows 0.7 s from now
    (0.0, 600.0, 1.0),
    (59.999, 60.0, 0.001),
    (61.25, 60.0, 0.75),  # overtime counts up on the same boundaries
    (10.3, 90.5, 0.2),  # a timebox of a fractional length moves the boundaries with it
])
def test_the_next_tick_is_when_the_shown_second_changes(elapsed, planned, due):
    assert next_tick_delay(elapsed, planned) == pytest.approx(min(MAX_TICK, due + TICK_SLACK))


def test_a_stopped_timer_is_looked_at_as_often_as_a_running_one():
    assert next_tick_delay(12.5, 600.0, running=False) == MAX_TICK
    assert next_tick_delay(None) == MAX_TICK
