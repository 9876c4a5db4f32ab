"""A long log's validated copy (store/log_cache.py): the same events as its TOML, or not used."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from _shared import blns_strings

from catchball.domain import events as ev
from catchball.store import log_cache
from catchball.store import event_log
from catchball.store.live import LiveSession
from catchball.store.session_dir import EVENTS_FILE
from test_store import T0, session_file


@pytest.fixture(autouse=True)
def _small(monkeypatch, tmp_path):
    """Copies from 20 events on, rewritten 10 events behind (the real sizes are thousands)."""
    monkeypatch.setattr(log_cache, "FROM", 20)
    monkeypatch.setattr(log_cache, "STALE", 10)
    monkeypatch.setenv("CATCHBALL_CACHE_DIR", str(tmp_path / "cache"))


def _log(tmp_path: Path, texts: list[str]) -> Path:
    live = LiveSession.create(tmp_path / "sessions", session_file(), T0)
    live.record(ev.PhaseChanged, T0, phase=1)
    for i, text in enumerate(texts):
        live.record(ev.Noted, T0 + timedelta(seconds=i, milliseconds=7), text=text, by="Maya",
                    type=["note", "risk", "question"][i % 3])
    live.close()
    return live.folder / EVENTS_FILE


def _append(log: Path, texts: list[str]) -> None:
    live = LiveSession.open(log.parent)
    for text in texts:
        live.record(ev.Noted, T0 + timedelta(minutes=5), text=text, by="Ben")
    live.close()


def load_events(log: Path):
    """Load as the app does: read, then (its first frame shown) keep the copy if one is due."""
    loaded = event_log.load_events(log)
    event_log.keep_copy(log, loaded)
    return loaded


def _copies(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "logs").glob("*.msgpack"))


def _from_toml(log: Path, tmp_path: Path, monkeypatch) -> list:
    with monkeypatch.context() as m:
        m.setenv("CATCHBALL_CACHE_DIR", str(tmp_path / "elsewhere"))
        m.setattr(log_cache, "FROM", 10**9)
        return load_events(log).events


def test_hostile_text_comes_back_from_the_copy_exactly_as_from_the_toml(tmp_path, monkeypatch):
    texts = blns_strings()[:300]
    log = _log(tmp_path, texts)
    first = load_events(log)  # read from the TOML; the copy is written
    assert first.copied == 0 and len(_copies(tmp_path)) == 1
    again = load_events(log)
    assert again.copied == len(again.events) == len(first.events) == len(texts) + 2
    assert again.events == first.events == _from_toml(log, tmp_path, monkeypatch)
    assert [e.at.tzinfo for e in again.events] == [e.at.tzinfo for e in first.events]
    assert [type(e) for e in again.events] == [type(e) for e in first.events]


def test_events_appended_since_the_copy_are_read_from_the_toml(tmp_path, monkeypatch):
    log = _log(tmp_path, [f"note {i}" for i in range(30)])
    load_events(log)
    _append(log, ["after the copy", "and another"])
    loaded = load_events(log)
    assert loaded.copied == 32 and [e.text for e in loaded.events[-2:]] == ["after the copy", "and another"]
    assert loaded.events == _from_toml(log, tmp_path, monkeypatch)
    before = _copies(tmp_path)[0].stat().st_mtime_ns
    _append(log, [f"more {i}" for i in range(10)])  # STALE behind: the copy is written again
    assert load_events(log).copied == 32  # (the session's own opening to append read it too)
    assert _copies(tmp_path)[0].stat().st_mtime_ns != before
    assert load_events(log).copied == 44


@pytest.mark.parametrize("edit", ["one byte", "shorter", "other file"])
def test_a_log_changed_under_its_copy_is_read_from_the_toml(tmp_path, monkeypatch, edit):
    log = _log(tmp_path, [f"note {i}" for i in range(30)])
    load_events(log)
    raw = log.read_bytes()
    if edit == "one byte":  # an edit by hand inside an event the copy holds
        log.write_bytes(raw.replace(b"note 3\"", b"nite 3\"", 1))
    elif edit == "shorter":  # cut back (as repair does)
        log.write_bytes(raw[: raw.rindex(b"\n[[events]]")])
    else:  # another log moved to the same place
        other = _log(tmp_path / "other", [f"other {i}" for i in range(40)])
        os.replace(other, log)
    loaded = load_events(log)
    assert loaded.copied == 0
    assert loaded.events == _from_toml(log, tmp_path, monkeypatch)
    if edit == "one byte":
        assert "nite 3" in [e.text for e in loaded.events if isinstance(e, ev.Noted)]


def test_a_damaged_tail_after_the_copy_is_reported_as_without_it(tmp_path, monkeypatch):
    log = _log(tmp_path, [f"note {i}" for i in range(30)])
    load_events(log)
    _append(log, ["the last one"])
    raw = log.read_bytes()
    log.write_bytes(raw[:-5])  # an interrupted append
    with_copy = load_events(log)
    assert with_copy.damage is not None and with_copy.damage.torn
    with monkeypatch.context() as m:
        m.setenv("CATCHBALL_CACHE_DIR", str(tmp_path / "none"))
        without = load_events(log)
    assert with_copy == without


@pytest.mark.parametrize("junk", [b"", b"cbevlog1", b"cbevlog1\xff\xff\xff\xff", b"not a copy at all"])
def test_a_damaged_copy_is_ignored(tmp_path, monkeypatch, junk):
    log = _log(tmp_path, [f"note {i}" for i in range(30)])
    load_events(log)
    (copy,) = _copies(tmp_path)
    copy.write_bytes(junk if junk else copy.read_bytes()[:-40])
    loaded = load_events(log)
    assert loaded.copied == 0 and loaded.events == _from_toml(log, tmp_path, monkeypatch)


def test_another_install_of_the_event_records_reads_the_toml(tmp_path, monkeypatch):
    log = _log(tmp_path, [f"note {i}" for i in range(30)])
    load_events(log)
    monkeypatch.setattr(log_cache, "_installed", lambda: "a newer catchball")
    assert load_events(log).copied == 0


def test_short_logs_get_no_copy_and_copies_are_written_whole(tmp_path, monkeypatch):
    load_events(_log(tmp_path / "short", ["a", "b"]))
    assert _copies(tmp_path) == []
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1])
    load_events(_log(tmp_path / "long", [f"note {i}" for i in range(30)]))
    assert calls[-3:-1] == ["fsync", "replace"] and len(_copies(tmp_path)) == 1


def test_a_disk_that_refuses_the_copy_costs_nothing_but_the_copy(tmp_path, monkeypatch):
    log = _log(tmp_path, [f"note {i}" for i in range(30)])
    monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(28, "No space left")))
    loaded = load_events(log)
    assert loaded.damage is None and len(loaded.events) == 32 and _copies(tmp_path) == []


def test_loading_never_writes_the_copy_keeping_it_does_once(tmp_path):
    log = _log(tmp_path, [f"note {i}" for i in range(30)])
    loaded = event_log.load_events(log)
    assert _copies(tmp_path) == []
    loaded.events.append("an event recorded since")  # (the session goes on before the copy is kept)
    assert event_log.keep_copy(log, loaded) is True and len(_copies(tmp_path)) == 1
    assert event_log.keep_copy(log, loaded) is False
    again = event_log.load_events(log)
    assert again.copied == 32 and not again.due


async def test_the_app_keeps_a_resumed_logs_copy_after_its_first_frame(tmp_path, clock, monkeypatch):
    from catchball.tui.app import CatchballApp

    log = _log(tmp_path, [f"note {i}" for i in range(30)])
    written_at: list[bool] = []
    keep = event_log.keep_copy

    def kept(path, loaded):
        written_at.append(app._first_frame_shown)
        return keep(path, loaded)

    monkeypatch.setattr(event_log, "keep_copy", kept)
    monkeypatch.setattr("catchball.store.session_dir.keep_copy", kept)
    app = CatchballApp(log.parent.parent, live=LiveSession.open(log.parent), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await pilot.pause()
        assert written_at == [True] and len(_copies(tmp_path)) == 1
        app.live.close()


async def test_a_replay_keeps_the_copy_too(tmp_path, monkeypatch):
    from catchball.tui.app import CatchballApp
    from catchball.tui.screens.replay_screen import ReplayScreen

    log = _log(tmp_path, [f"note {i}" for i in range(30)])
    app = CatchballApp(log.parent.parent, start=ReplayScreen.open(log.parent, speed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await pilot.pause()
        assert len(_copies(tmp_path)) == 1
    assert event_log.load_events(log).copied == 32
