"""The replay cursor: seeking anywhere equals folding the prefix, pacing from the events' own times."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catchball.domain import events as ev
from catchball.domain.fold import replay
from catchball.domain.model import SessionFile, SessionInfo
from catchball.domain.replay_cursor import MAX_GAP_SECONDS, ReplayCursor
from catchball.domain.report import build_report
from catchball.store.agendas import load_agenda
from catchball.store.session_dir import open_session

START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-11-22-northwind-books-q1-2027-planning"


def session_file() -> SessionFile:
    return SessionFile(session=SessionInfo(schema=1, id="t", title="T", created=START), agenda=load_agenda("quarterly"))


def make_events(steps: list[tuple[str, int, int]]) -> list[ev.Event]:
    """(kind, number, gap seconds) -> a log: tolerant of nonsense, as apply is."""
    out: list[ev.Event] = [ev.SessionStarted(seq=1, at=START)]
    at = START
    for kind, n, gap in steps:
        at += timedelta(seconds=gap)
        seq = len(out) + 1
        if kind == "noted":
            out.append(ev.Noted(seq=seq, at=at, text=f"note {n}"))
        elif kind == "phase":
            out.append(ev.PhaseChanged(seq=seq, at=at, phase=n % 10))
        elif kind == "pause":
            out.append(ev.TimerPaused(seq=seq, at=at))
        elif kind == "resume":
            out.append(ev.TimerResumed(seq=seq, at=at))
        elif kind == "draft":
            out.append(ev.ObjectiveDrafted(seq=seq, at=at, text=f"objective {n}"))
        elif kind == "focus":
            out.append(ev.FocusChosen(seq=seq, at=at, objective=max(1, seq - 1 - n % 5)))
        elif kind == "kr":
            out.append(ev.KrAdded(seq=seq, at=at, text=f"Raise x from {n}% to {n + 5}%"))
        elif kind == "undo":
            out.append(ev.Undone(seq=seq, at=at, target=max(1, seq - 1 - n % 3)))
        elif kind == "finish":
            out.append(ev.SessionFinished(seq=seq, at=at))
    return out


KINDS = st.sampled_from(["noted", "phase", "pause", "resume", "draft", "focus", "kr", "undo", "finish"])
STEPS = st.lists(st.tuples(KINDS, st.integers(0, 50), st.integers(0, 4000)), max_size=80)


def same(a, b) -> bool:
    return build_report(a) == build_report(b) and a.phase == b.phase and a.last_seq == b.last_seq \
        and a.paused_at == b.paused_at and a.segment_start == b.segment_start


@settings(max_examples=60, deadline=None)
@given(STEPS, st.lists(st.integers(0, 200), min_size=1, max_size=12), st.integers(1, 9))
def test_seek_equals_replay_of_the_prefix(steps, seeks, every) -> None:
    events = make_events(steps)
    cursor = ReplayCursor(session_file(), events, checkpoint_every=every)
    for raw in seeks:
        i = raw % (len(events) + 1)
        assert same(cursor.seek(i), replay(cursor.session_file, events[:i]))
        assert cursor.position == i


@settings(max_examples=20, deadline=None)
@given(STEPS, st.integers(1, 6))
def test_stepping_back_and_forth_equals_replay(steps, every) -> None:
    events = make_events(steps)
    cursor = ReplayCursor(session_file(), events, checkpoint_every=every)
    cursor.seek(len(events))
    for i in range(len(events) - 1, -1, -1):
        assert same(cursor.step(-1), replay(cursor.session_file, events[:i]))
    for i in range(1, len(events) + 1):
        assert same(cursor.step(+1), replay(cursor.session_file, events[:i]))


MOVES = st.lists(st.one_of(st.tuples(st.just("seek"), st.integers(0, 200)),
                           st.tuples(st.just("build"), st.integers(1, 30)),
                           st.tuples(st.just("step"), st.integers(-3, 3))), min_size=1, max_size=16)


@settings(max_examples=80, deadline=None)
@given(STEPS, MOVES, st.integers(1, 9))
def test_any_position_equals_a_fresh_fold_of_the_prefix_however_far_the_build_got(steps, moves, every) -> None:
    """Seeks past what is built (End on a log just opened) make their checkpoint in one pass;
    whatever the order of seeks, steps and slices of building, each position is the fold of its
    prefix, and the checkpoints the builder takes afterwards agree with it."""
    events = make_events(steps + [("undo", 0, 1), ("noted", 1, 1), ("undo", 2, 1)])
    cursor = ReplayCursor(session_file(), events, checkpoint_every=every)
    for move, n in moves + [("seek", len(events)), ("step", -1), ("build", len(events)), ("seek", 0)]:
        if move == "build":
            cursor.build(n)
            continue
        state = cursor.seek(n % (len(events) + 1)) if move == "seek" else cursor.step(n)
        assert same(state, replay(cursor.session_file, events[:cursor.position]))
    for k, checkpoint in cursor._checkpoints.items():
        assert same(checkpoint, replay(cursor.session_file, events[:k * cursor.interval]))


def test_end_on_a_log_just_opened_folds_it_once_without_building_every_checkpoint() -> None:
    events = make_events([("noted", i % 50, 1) if i % 97 else ("undo", 0, 1) for i in range(5_000)])
    cursor = ReplayCursor(session_file(), events, checkpoint_every=16)
    assert same(cursor.seek(len(events)), replay(cursor.session_file, events))
    assert same(cursor.step(-1), replay(cursor.session_file, events[:-1]))
    assert cursor._built == 0 and len(cursor._checkpoints) == 2  # the start, and the one End made
    assert cursor.phase_starts() == cursor.known_phase_starts()  # the builder still runs to the end
    assert same(cursor.seek(len(events) // 2), replay(cursor.session_file, events[:len(events) // 2]))


def test_checkpoints_never_change_when_the_cursor_moves() -> None:
    events = make_events([("noted", i, 10) for i in range(40)])
    cursor = ReplayCursor(session_file(), events, checkpoint_every=4)
    first = build_report(cursor.seek(10))
    cursor.seek(40)
    assert build_report(cursor.seek(10)) == first


def test_the_example_session_phase_starts_and_times() -> None:
    opened = open_session(EXAMPLE)
    events = opened.log.events
    cursor = ReplayCursor(opened.file, events, checkpoint_every=16)
    starts = cursor.phase_starts()
    assert [s.phase for s in starts] == list(range(10))
    assert starts[0].position == 1
    for s in starts:
        assert cursor.seek(s.position).phase == s.phase
    assert cursor.next_phase_position(0) == 1
    assert cursor.next_phase_position(starts[-1].position) == len(events)
    assert cursor.previous_phase_position(starts[3].position) == starts[2].position
    assert cursor.previous_phase_position(1) == 0
    # the room's clock at position i is the i-th event's timestamp
    assert cursor.room_time(0) == opened.file.session.created
    assert cursor.room_time(5) == events[4].at
    assert cursor.room_time(len(events) + 3) == events[-1].at
    assert cursor.seek(len(events)).finished and cursor.at_end


def test_delay_to_next_uses_the_events_own_gaps() -> None:
    events = make_events([("noted", 0, 40), ("noted", 1, 3000), ("noted", 2, 0)])
    cursor = ReplayCursor(session_file(), events)
    assert cursor.delay_to_next(1, 1) == 5.0  # 40 s capped at 5 s of real time
    assert cursor.delay_to_next(1, 10) == 4.0
    assert cursor.delay_to_next(1, 60) == pytest.approx(40 / 60)
    assert cursor.delay_to_next(2, 60) == MAX_GAP_SECONDS  # 50 min at 60x is capped
    assert cursor.delay_to_next(3, 1) == 0.0
    assert cursor.delay_to_next(1, 0) == 0.0  # as fast as possible
    assert cursor.delay_to_next(4, 1) is None  # the end
    assert cursor.room_time_between(1, 0.5) == START + timedelta(seconds=20)


def test_a_huge_log_keeps_a_bounded_number_of_checkpoints() -> None:
    events = make_events([("noted", i % 50, 1) for i in range(20_000)])
    cursor = ReplayCursor(session_file(), events, checkpoint_every=16)
    cursor.seek(len(events))
    assert len(cursor._checkpoints) <= 66
    assert same(cursor.seek(12_345), replay(cursor.session_file, events[:12_345]))


def test_an_empty_log() -> None:
    cursor = ReplayCursor(session_file(), [])
    assert cursor.seek(5).started is False and cursor.at_end
    assert cursor.phase_starts() == [] and cursor.delay_to_next(0, 1) is None
    assert cursor.next_phase_position(0) == 0
