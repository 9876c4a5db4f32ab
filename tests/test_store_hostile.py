"""Hostile files and folders through the store: FIFOs, devices, folders where files belong,
deep nesting, zero-filled and BOM'd logs, a second writer's event, a full disk. Each one is one
sentence (never a hang, a traceback or a silent cut), and one bad session never blocks another."""

from __future__ import annotations

import errno
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest

from catchball.domain.record import replace
from test_store import T0, one_sentence, recorded, session_file

from catchball.domain import events as ev
from catchball.domain.toml_text import MAX_DEPTH, TomlError, loads_toml
from catchball.store import atomic, event_log, reading
from catchball.store.agendas import load_agenda
from catchball.store.errors import StoreError
from catchball.store.event_log import EventLog, load_events, repair
from catchball.store.live import LiveSession
from catchball.store.reading import UnreadableFile, read_bytes
from catchball.store.scenarios import load_scenario
from catchball.store.session_dir import (
    EVENTS_FILE,
    LOCK_FILE,
    SESSION_FILE,
    open_session,
)
from catchball.store.session_index import list_sessions
from catchball.store.user_files import load_okr

DEEP = "x = " + "[" * 100_000


# -- only regular files, bounded ---------------------------------------------------------
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "socket-like-dev-null"])
def test_only_regular_files_are_read_and_nothing_blocks(tmp_path, kind):
    path = tmp_path / "f.toml"
    if kind == "fifo":
        os.mkfifo(path)  # opening it for reading without O_NONBLOCK would wait for a writer forever
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")  # endless: reading it whole would eat all memory
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/null")
    with pytest.raises(UnreadableFile) as info:
        read_bytes(path)
    one_sentence(str(info.value))
    assert str(path) in str(info.value) and "not a" in str(info.value)


def test_size_is_bounded_before_reading(tmp_path):
    path = tmp_path / "big.toml"
    path.write_bytes(b"a" * 2000)
    assert read_bytes(path, 2000) == b"a" * 2000
    with pytest.raises(UnreadableFile, match="too large"):
        read_bytes(path, 1999)


def test_unreadable_file_is_a_sentence(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    path = tmp_path / "secret.toml"
    path.write_text("a = 1")
    path.chmod(0)
    with pytest.raises(UnreadableFile, match="permission denied"):
        read_bytes(path)


@pytest.mark.parametrize("text", [DEEP, "[" * 100_000, "x = " + "{a = " * 40 + "1" + "}" * 40,
                                  "a." * (MAX_DEPTH + 2) + "b = 1", "x = [" * 33])
def test_nesting_is_bounded_before_parsing(text):
    with pytest.raises(TomlError, match="nested"):
        loads_toml(text)


def test_brackets_in_strings_and_comments_are_text():
    many = "[" * 40
    text = f'a = "{many}"\nb = \'{"{" * 40}\'\n# {many}\nc = """\n{many}\n"""\nd = \'\'\'{many}\'\'\'\n'
    assert loads_toml(text) == {"a": many, "b": "{" * 40, "c": many + "\n", "d": many}


def _deep_everywhere(tmp_path: Path) -> dict[str, Path]:
    folder = recorded(tmp_path)
    files = {}
    for name in ("agenda", "scenario", "okr"):
        files[name] = tmp_path / f"{name}.toml"
        files[name].write_text(DEEP)
    (folder / SESSION_FILE).write_text(DEEP)
    files["session"] = folder
    return files


def test_a_deeply_nested_file_of_every_kind_is_one_sentence(tmp_path):
    files = _deep_everywhere(tmp_path)
    for load, path in ((load_agenda, files["agenda"]), (load_scenario, files["scenario"]), (load_okr, files["okr"])):
        with pytest.raises(ValueError) as info:
            load(str(path))
        one_sentence(str(info.value))
        assert "nested" in str(info.value) and str(path) in str(info.value)
    with pytest.raises(StoreError, match="nested") as info:
        open_session(files["session"])
    one_sentence(str(info.value))


def test_a_deeply_nested_event_is_damage_with_a_line_not_a_recursion_error(tmp_path):
    folder = recorded(tmp_path)
    path = folder / EVENTS_FILE
    good = path.read_bytes()
    path.write_bytes(good + b'\n[[events]]\nkind = "noted"\ntext = ' + b"[" * 500 + b"\n")
    loaded = load_events(path)
    assert len(loaded.events) == 12 and loaded.damage is not None and "nested" in loaded.damage.message
    one_sentence(loaded.damage.message)


@pytest.mark.parametrize("what", ["events-fifo", "events-dev-zero", "events-folder", "session-folder",
                                  "session-fifo", "lock-folder", "deep-session", "bom-garbage"])
def test_one_bad_session_never_blocks_the_others(tmp_path, what):
    good = recorded(tmp_path)
    bad = LiveSession.create(tmp_path / "sessions", session_file(title="Bad"), T0)
    bad.close()
    bad = bad.folder
    target = {"events": bad / EVENTS_FILE, "session": bad / SESSION_FILE, "lock": bad / LOCK_FILE,
              "deep": bad / SESSION_FILE, "bom": bad / EVENTS_FILE}[what.split("-")[0]]
    target.unlink(missing_ok=True)
    if what.endswith("fifo"):
        os.mkfifo(target)
    elif what.endswith("dev-zero"):
        target.symlink_to("/dev/zero")
    elif what.endswith("folder"):
        target.mkdir()
    elif what == "deep-session":
        target.write_text(DEEP)
    else:
        target.write_bytes(b"\xef\xbb\xbf\x00\x01garbage")
    rows = {row.folder.name: row for row in list_sessions(tmp_path / "sessions")}
    assert rows[good.name].error is None and rows[good.name].events == 12
    if what != "lock-folder":  # a lock is not read by a listing
        one_sentence(rows[bad.name].error)
        with pytest.raises(StoreError):
            open_session(bad, write=True)


# -- repair ----------------------------------------------------------------------------
def test_a_zero_filled_tail_is_cut_with_a_sentence_and_keeps_the_last_intact_event(tmp_path):
    folder = recorded(tmp_path)
    path = folder / EVENTS_FILE
    good = path.read_bytes()
    events = load_events(path).events
    path.write_bytes(good + b"\0" * 4096)  # the file grew, the data never reached the disk
    loaded = load_events(path)
    assert loaded.events == events  # the last whole event is not hidden
    assert loaded.damage.torn and "zero bytes" in loaded.damage.message
    one_sentence(loaded.damage.message)
    repair(path, loaded.damage)
    assert load_events(path).damage is None and load_events(path).events == events


def test_zeros_inside_the_last_event_make_it_torn(tmp_path):
    folder = recorded(tmp_path)
    path = folder / EVENTS_FILE
    good = path.read_bytes()
    events = load_events(path).events
    cut = good.rfind(b"\n[[events]]") + 30
    path.write_bytes(good[:cut] + b"\0" * (len(good) - cut))
    loaded = load_events(path)
    assert loaded.events == events[:-1] and loaded.damage.torn, loaded.damage
    repair(path, loaded.damage)
    assert load_events(path) == event_log.LoadedLog(events[:-1], None)


def test_a_byte_order_mark_reads_correctly_and_survives_repair(tmp_path):
    folder = recorded(tmp_path)
    path = folder / EVENTS_FILE
    events = load_events(path).events
    raw = b"\xef\xbb\xbf" + path.read_bytes()
    path.write_bytes(raw)
    assert load_events(path) == event_log.LoadedLog(events, None)
    path.write_bytes(raw[:-20])
    loaded = load_events(path)
    assert loaded.events == events[:-1] and loaded.damage.torn
    repair(path, loaded.damage)
    assert load_events(path) == event_log.LoadedLog(events[:-1], None)
    session = folder / SESSION_FILE
    session.write_bytes(b"\xef\xbb\xbf" + session.read_bytes())
    assert open_session(folder).file.session.title == "Acme Q1"


def test_a_whole_last_event_with_a_wrong_seq_is_not_torn_and_never_cut(tmp_path):
    """What two writers at once leave: the same seq twice. A torn write can never produce it."""
    folder = recorded(tmp_path)
    path = folder / EVENTS_FILE
    events = load_events(path).events
    duplicate = event_log.encode(replace(events[-1], text="the second writer's note"))
    path.write_bytes(path.read_bytes() + duplicate)
    loaded = load_events(path)
    assert loaded.events == events and not loaded.damage.torn
    assert "seq" in loaded.damage.message and "kept, not cut" in loaded.damage.message
    one_sentence(loaded.damage.message)


@pytest.mark.parametrize(("tail", "torn"), [("seq = 1", True), ("seq = 13", False), ("seq = 12", False),
                                             ("seq = 1\n", False), ("seq = 9", False)])
def test_a_write_torn_inside_the_seq_line_is_told_from_a_wrong_number(tmp_path, tail, torn):
    folder = recorded(tmp_path)  # 12 events: the next is 13
    path = folder / EVENTS_FILE
    path.write_bytes(path.read_bytes() + b'\n[[events]]\nkind = "noted"\nat = 2026-11-22 09:05:00+00:00\n'
                     b'text = "x"\n' + tail.encode())
    loaded = load_events(path)
    if tail == "seq = 13":
        assert loaded.damage is None and len(loaded.events) == 13
    else:
        assert loaded.damage is not None and loaded.damage.torn is torn, loaded.damage


def test_reading_a_damaged_log_of_100k_events_is_linear(tmp_path, monkeypatch):
    """Structural, not timed: the salvage reads the intact part in one parse and counts
    newlines once, so the work does not grow with events x lines."""
    path = tmp_path / EVENTS_FILE
    record = event_log.encode(ev.Noted(seq=1, at=T0, text="x"))
    body = b"".join(record.replace(b"seq = 1\n", b"seq = %d\n" % i) for i in range(1, 100_001))
    path.write_bytes(body + b'\n[[events]]\nkind = "noted"\nat = 2026-11-22 09:0')
    counted = []
    real_count = bytes.count

    class Counting(bytes):
        def count(self, *args):
            counted.append(len(args))
            return real_count(self, *args)

    chunks = []
    real_read_chunk = event_log._read_chunk
    monkeypatch.setattr(event_log, "_read_chunk", lambda *a: chunks.append(1) or real_read_chunk(*a))
    real_read = event_log.read_bytes
    monkeypatch.setattr(event_log, "read_bytes", lambda *a: Counting(real_read(*a)))
    loaded = load_events(path)
    assert len(loaded.events) == 100_000 and loaded.damage.torn
    assert loaded.damage.line == body.count(b"\n") + 2
    assert len(chunks) == 1  # only the torn event is read on its own
    assert len(counted) <= 3  # newlines are counted a bounded number of times, not once per event


# -- full disk ----------------------------------------------------------------------------
@pytest.mark.parametrize("calls", [0, 1, 2])  # session.toml, the lock, the first event
def test_a_full_disk_in_new_leaves_no_half_made_session_and_no_lock(tmp_path, monkeypatch, calls):
    from catchball.store import lock

    for module in (atomic, event_log, lock):
        monkeypatch.setattr(module, "os", _CountingOs(calls))
    sessions = tmp_path / "sessions"
    with pytest.raises(StoreError) as info:
        LiveSession.create(sessions, session_file(), T0)
    one_sentence(str(info.value))
    assert "no space left on device" in str(info.value) and "nothing was left behind" in str(info.value)
    assert list(sessions.iterdir()) == []


class _CountingOs:
    """`os` whose write fails with a full disk after `calls` writes (shared across modules)."""

    shared: list = []

    def __init__(self, calls: int) -> None:
        self.calls = calls
        _CountingOs.shared = []

    def write(self, fd, data):
        _CountingOs.shared.append(1)
        if len(_CountingOs.shared) > self.calls:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return os.write(fd, data)

    def __getattr__(self, name):
        return getattr(os, name)


def test_a_full_disk_in_repair_leaves_no_empty_backup_and_the_log_as_it_was(tmp_path, monkeypatch):
    folder = recorded(tmp_path)
    path = folder / EVENTS_FILE
    torn = path.read_bytes()[:-25]
    path.write_bytes(torn)
    damage = load_events(path).damage
    monkeypatch.setattr(atomic, "os", _CountingOs(0))
    with pytest.raises(StoreError) as info:
        repair(path, damage)
    one_sentence(str(info.value))
    assert "no space left" in str(info.value)
    assert path.read_bytes() == torn
    assert sorted(p.name for p in folder.iterdir()) == sorted([SESSION_FILE, EVENTS_FILE])


# -- the order of writes ---------------------------------------------------------------------
class _Recording:
    """`os` that records write, fsync, replace and the directory fsync, in order."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.dirs: set[int] = set()

    def open(self, path, flags, *args):
        fd = os.open(path, flags, *args)
        if os.path.isdir(path):
            self.dirs.add(fd)
        return fd

    def write(self, fd, data):
        self.calls.append("write")
        return os.write(fd, data)

    def fsync(self, fd):
        self.calls.append("fsync-dir" if fd in self.dirs else "fsync")
        return os.fsync(fd)

    def replace(self, src, dst):
        self.calls.append("replace")
        return os.replace(src, dst)

    def __getattr__(self, name):
        return getattr(os, name)


def test_append_writes_then_fsyncs_each_event(tmp_path, monkeypatch):
    log = EventLog(tmp_path / EVENTS_FILE)
    recording = _Recording()
    monkeypatch.setattr(event_log, "os", recording)
    log.append(ev.SessionStarted(seq=1, at=T0))
    log.append(ev.Noted(seq=2, at=T0 + timedelta(seconds=1), text="x"))
    log.close()
    assert recording.calls == ["write", "fsync", "write", "fsync"]


def test_write_atomic_writes_fsyncs_renames_then_fsyncs_the_folder(tmp_path, monkeypatch):
    recording = _Recording()
    monkeypatch.setattr(atomic, "os", recording)
    atomic.write_atomic(tmp_path / "f.toml", b"a = 1\n")
    assert recording.calls == ["write", "fsync", "replace", "fsync-dir"]
    assert (tmp_path / "f.toml").read_bytes() == b"a = 1\n"


def test_reading_module_opens_without_blocking():
    """The flags that keep a FIFO from blocking are really passed (the FIFO test above proves it)."""
    source = Path(reading.__file__).read_text(encoding="utf-8")
    assert re.search(r"O_NONBLOCK", source)


@pytest.mark.parametrize("pid", ['"99999999999999999999"', '"' + "9" * 5000 + '"', "-1", "0"])
def test_a_serve_file_with_an_absurd_pid_is_no_crash(tmp_path, pid):
    """room.py had its own copy of the pid check, without the lock's guard against a pid too large
    for the OS: 20 digits ended `read_serving` in an OverflowError. Both now use lock.pid_alive."""
    from catchball.store.room import INBOX_DIR, SERVE_FILE, read_serving

    (tmp_path / INBOX_DIR).mkdir()
    (tmp_path / INBOX_DIR / SERVE_FILE).write_text(f'url = "http://x"\ncode = "ABCD"\npid = {pid}\n', encoding="utf-8")
    assert read_serving(tmp_path) in (None, ("http://x", "ABCD"))
