"""Store tests on real files: torn tails at every byte, repair, hand-broken and foreign
files, slugs, atomic session.toml, and the lock."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from catchball.domain.record import ValidationError, build, replace

from catchball import cli
from catchball.domain import events as ev
from catchball.domain.model import Participant, SessionFile, SessionInfo
from catchball.store import event_log, lock
from catchball.store.agendas import load_agenda
from catchball.store.errors import (
    NewerSchema,
    SessionLocked,
    SessionNotFound,
    StoreError,
)
from catchball.store.event_log import EventLog, load_events, repair
from catchball.store.live import LiveSession
from catchball.store.session_dir import (
    EVENTS_FILE,
    LOCK_FILE,
    SESSION_FILE,
    create_session,
    open_session,
    read_session_file,
    slugify,
)

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
SRC = str(Path(__file__).resolve().parents[1] / "src")


def session_file(title: str = "Acme Q1", agenda: str = "quick") -> SessionFile:
    return SessionFile(
        session=SessionInfo(schema=1, id="x", title=title, created=T0),
        agenda=load_agenda(agenda),
        participants=(Participant.parse("Maya:leader:Checkout"),),
    )


def recorded(tmp_path: Path, extra_text: str = "Ünïcode ✓ \"quoted\" \\ [b]bold[/b]") -> Path:
    """A session with a handful of events; the last one carries text with multi-byte characters."""
    live = LiveSession.create(tmp_path / "sessions", session_file(), T0)
    t = T0
    for i in range(3):
        t += timedelta(seconds=10)
        live.record(ev.ReadinessAnswered, t, question=["strategy", "aligned", "trust"][i], answer="yes")
    live.record(ev.PhaseChanged, t + timedelta(seconds=5), phase=1)
    for i in range(6):  # take seq past 9 so the last seq has two digits
        live.record(ev.PriorKrAdded, t + timedelta(seconds=20 + i), text=f"KR {i}")
    live.record(ev.Noted, t + timedelta(seconds=60), text=extra_text, by="Maya", type="risk")
    live.close()
    return live.folder


def one_sentence(message: str) -> None:
    assert "\n" not in message.strip() and "Traceback" not in message
    assert message.rstrip().endswith((".", ")")), message


# -- torn tails --------------------------------------------------------------------
def test_torn_tail_at_every_byte_of_the_last_event(tmp_path, capsys):
    folder = recorded(tmp_path)
    raw = (folder / EVENTS_FILE).read_bytes()
    events = load_events(folder / EVENTS_FILE).events
    last = events[-1]
    record = event_log.encode(last)
    assert raw.endswith(record)
    prefix_len = len(raw) - len(record)
    header_line = raw[:prefix_len].count(b"\n") + 2  # the record starts with "\n[[events]]"
    assert raw.splitlines()[header_line - 1] == b"[[events]]"
    complete_from = len(record) - 1  # all but the final newline: the whole event is there
    work = tmp_path / "cut"
    shutil.copytree(folder, work)
    path = work / EVENTS_FILE
    for cut in range(len(record) + 1):
        data = raw[: prefix_len + cut]
        path.write_bytes(data)
        loaded = load_events(path)
        assert cli.main(["check", str(work)]) == (1 if loaded.damage else 0), cut
        assert (f"line {header_line}" in capsys.readouterr().err) == bool(loaded.damage)
        if cut >= complete_from:
            assert loaded.damage is None, cut
            assert loaded.events == events, cut
        else:
            assert loaded.events == events[:-1], (cut, record[:cut])
            blank = record[:cut].strip() == b""
            if blank:  # only whitespace of the new record: nothing is lost, nothing is torn
                assert loaded.damage is None, cut
            else:
                assert loaded.damage is not None and loaded.damage.torn, (cut, record[:cut])
                assert loaded.damage.line == header_line, (cut, record[:cut], loaded.damage)
                assert f"line {header_line}" in loaded.damage.message
                one_sentence(loaded.damage.message)
        assert path.read_bytes() == data, cut  # loading and check never modify the file


def test_check_leaves_a_torn_file_untouched_and_repair_keeps_a_backup(tmp_path):
    folder = recorded(tmp_path)
    path = folder / EVENTS_FILE
    raw = path.read_bytes()
    torn = raw[: len(raw) - 25]
    path.write_bytes(torn)
    opened = open_session(folder)
    assert opened.log.damage.torn and len(opened.log.events) == 11
    assert path.read_bytes() == torn
    with pytest.raises(StoreError, match="check --repair"):
        open_session(folder, write=True)  # a damaged log is never opened for writing
    assert path.read_bytes() == torn
    backup = repair(path, opened.log.damage)
    assert backup.read_bytes() == torn
    after = load_events(path)
    assert after.damage is None and after.events == opened.log.events
    # the repaired log takes appends again
    live = LiveSession.open(folder)
    live.record(ev.Noted, T0 + timedelta(hours=1), text="after repair")
    live.close()
    final = load_events(path)
    assert final.damage is None and final.events[-1].text == "after repair" and final.events[-1].seq == 12
    # a second repair keeps both backups
    path.write_bytes(path.read_bytes()[:-3])
    second = repair(path, load_events(path).damage)
    assert second != backup and backup.exists() and second.exists()


# -- hand-broken and foreign files ----------------------------------------------------------
def _broken(tmp_path: Path, old: str, new: str, which: int = 5) -> tuple[Path, int]:
    """Replace `old` by `new` inside event number `which` (not the last); return path and its line."""
    folder = recorded(tmp_path)
    path = folder / EVENTS_FILE
    text = path.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"(?m)^\[\[events\]\]", text)]
    start, end = starts[which - 1], starts[which]
    chunk = text[start:end]
    assert old in chunk, chunk
    text = text[:start] + chunk.replace(old, new, 1) + text[end:]
    path.write_text(text, encoding="utf-8")
    return path, text.count("\n", 0, start) + 1


@pytest.mark.parametrize(("old", "new", "expect"), [
    ("seq = 5", 'seq = "x"', "seq"),
    ("seq = 5", "seq = 7", "seq"),
    ("seq = 5\n", "", "seq"),
    ('kind = "phase_changed"', 'kind = "dance"', "kind"),
    ("phase = 1", 'phase = "one"', "phase"),
    ("phase = 1", "phase = 1\nextra = true", "extra"),
    ("+00:00", "", "at"),  # a local date-time without an offset
    ("2026-11-22", "2026-13-45", "at = 2026-13-45"),  # a nonsense date: TOML itself refuses it
    ("2026-11-22 ", "", "at = 09:"),  # a time alone
    ('kind = "phase_changed"\n', "", "kind"),
])
def test_hand_broken_event_gives_one_sentence_naming_file_line_and_field(tmp_path, old, new, expect):
    path, line = _broken(tmp_path, old, new)
    before = path.read_bytes()
    loaded = load_events(path)
    assert loaded.damage is not None and not loaded.damage.torn
    assert len(loaded.events) == 4  # the events before the broken one
    message = loaded.damage.message
    one_sentence(message)
    # the line of the broken event's header, or for a TOML syntax error the exact line in it
    named = int(re.search(r" line (\d+):", message).group(1))
    assert named == (line + 2 if expect.startswith("at = ") else line), message  # `at` is 2 below
    assert str(path) in message and expect in message, message
    assert path.read_bytes() == before


def test_hand_broken_last_event_is_not_mistaken_for_a_torn_write(tmp_path):
    folder = recorded(tmp_path)
    path = folder / EVENTS_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('type = "risk"', 'type = "rant"'), encoding="utf-8")
    damage = load_events(path).damage
    assert damage is not None and not damage.torn, damage
    assert "type" in damage.message and str(path) in damage.message
    one_sentence(damage.message)


def test_foreign_events_file(tmp_path):
    folder = recorded(tmp_path)
    path = folder / EVENTS_FILE
    for content in (b"hello = 1\n", b'title = "x"\n[[events]]\nseq = 1\n', b"\xff\xfe\x00junk",
                    b"<html><body>not toml</body></html>\n"):
        path.write_bytes(content)
        loaded = load_events(path)
        assert loaded.events == [] and loaded.damage is not None and not loaded.damage.torn, content
        assert str(path) in loaded.damage.message and "line 1" in loaded.damage.message
        one_sentence(loaded.damage.message)


def test_empty_or_missing_log_is_sound(tmp_path):
    assert load_events(tmp_path / "none.toml") == event_log.LoadedLog([], None)
    (tmp_path / "empty.toml").write_bytes(b"")
    assert load_events(tmp_path / "empty.toml") == event_log.LoadedLog([], None)
    (tmp_path / "comment.toml").write_bytes(b"# nothing yet\n")
    assert load_events(tmp_path / "comment.toml") == event_log.LoadedLog([], None)


def _session_toml(tmp_path: Path, edit) -> Path:
    folder = recorded(tmp_path)
    path = folder / SESSION_FILE
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("edit", "error", "expect"), [
    (lambda t: t.replace("schema = 1", "schema = 999"), NewerSchema, "newer catchball"),
    (lambda t: t.replace("schema = 1", 'schema = "one"'), StoreError, "session.schema"),
    (lambda t: t.replace("schema = 1\n", ""), StoreError, "schema"),
    (lambda t: "this is { not toml", StoreError, "not valid TOML"),
    (lambda t: t.replace('level = "squad"', 'level = "galactic"'), StoreError, "session.level"),
    (lambda t: t.replace("created = 2026-11-22 09:00:00+00:00", "created = 2026-11-22T09:00:00"),
     StoreError, "session.created"),
    (lambda t: t.replace('title = "Acme Q1"\n', ""), StoreError, "session.title"),
    (lambda t: t.replace("minutes = 1.0", "minutes = -1", 1), StoreError, "agenda.phases.0.minutes"),
])
def test_broken_session_toml_one_sentence(tmp_path, edit, error, expect):
    folder = _session_toml(tmp_path, edit)
    with pytest.raises(error) as info:
        open_session(folder)
    message = str(info.value)
    one_sentence(message)
    assert str(folder / SESSION_FILE) in message and expect in message, message


def test_missing_session_toml(tmp_path):
    folder = recorded(tmp_path)
    (folder / SESSION_FILE).unlink()
    with pytest.raises(SessionNotFound) as info:
        open_session(folder)
    one_sentence(str(info.value))
    assert str(folder) in str(info.value) and SESSION_FILE in str(info.value)


# -- slugs and session.toml ---------------------------------------------------------------
@pytest.mark.parametrize("title", [
    "../../etc", "/abs", "..", ".", "~root", "C:\\Windows\\System32", "日本語のタイトル", "Ωmega ✓",
    "x" * 500, "a/../../b", "\x00\n\t", " ", "-", "name.with.dots", "CON",
])
def test_slug_never_escapes_the_sessions_dir(tmp_path, title):
    sessions = tmp_path / "sessions"
    folder = create_session(sessions, session_file(title=title))
    assert folder.parent == sessions.resolve()
    assert re.fullmatch(r"2026-11-22-[a-z0-9-]+", folder.name), folder.name
    assert len(folder.name) <= 11 + 48 + 4
    assert read_session_file(folder).session.title == title
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sessions"]


def test_slugify():
    assert slugify("Northwind Books: Q1 2027 planning") == "northwind-books-q1-2027-planning"
    assert slugify("Ünïcödé") == "unicode"
    assert slugify("") == slugify("日本") == slugify("../..") == "session"


def test_same_title_twice_gets_a_suffix(tmp_path):
    a = create_session(tmp_path, session_file())
    b = create_session(tmp_path, session_file())
    assert b.name == a.name + "-2"
    assert read_session_file(b).session.id == b.name


def test_session_toml_written_atomically_and_stale_temp_files_cleaned(tmp_path, monkeypatch):
    folder = create_session(tmp_path, session_file())
    assert [p.name for p in folder.iterdir()] == [SESSION_FILE]  # no temp file left behind
    stale = [folder / ".session.toml.12345.tmp", folder / ".events.toml.999.tmp"]
    for p in stale:
        p.write_bytes(b"half a file")
    keep = folder / "notes.tmp"  # not ours: not hidden
    keep.write_bytes(b"x")
    opened = open_session(folder)
    assert all(p.exists() for p in stale)  # a read-only open removes nothing
    opened = open_session(folder, write=True)
    opened.close()
    assert not any(p.exists() for p in stale) and keep.exists()

    # a write that dies before the rename leaves the old file whole
    from catchball.store import atomic

    original = (folder / SESSION_FILE).read_bytes()

    def boom(src, dst):
        raise OSError("disk gone")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError):
        atomic.write_atomic(folder / SESSION_FILE, b"new contents")
    assert (folder / SESSION_FILE).read_bytes() == original
    assert not list(folder.glob(".*.tmp"))


# -- the lock -----------------------------------------------------------------------------
HOLDER = """
import sys, time
from pathlib import Path
from catchball.store.session_dir import open_session
s = open_session(Path(sys.argv[1]), write=True)
print("locked", flush=True)
sys.stdin.readline()
s.close()
"""


def test_second_writer_is_refused_or_falls_back_to_read_only(tmp_path):
    folder = recorded(tmp_path)
    env = dict(os.environ, PYTHONPATH=SRC)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(SessionLocked) as info:
            open_session(folder, write=True)
        one_sentence(str(info.value))
        assert str(holder.pid) in str(info.value) and folder.name in str(info.value)
        ro = open_session(folder, write=True, fallback_read_only=True)
        assert ro.read_only and len(ro.log.events) == 12
        live = LiveSession(ro)
        with pytest.raises(Exception, match="read-only"):
            live.record(ev.Noted, T0, text="x")
        ro.close()  # closing a read-only view leaves the holder's lock alone
        assert (folder / LOCK_FILE).read_text().split()[0] == str(holder.pid)
    finally:
        holder.communicate("\n", timeout=10)
    assert not (folder / LOCK_FILE).exists()  # the holder released it
    open_session(folder, write=True).close()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_lock_of_a_dead_holder_is_taken_over(tmp_path):
    folder = recorded(tmp_path)
    pid = _dead_pid()
    (folder / LOCK_FILE).write_text(f"{pid} {socket.gethostname()}\n", encoding="utf-8")
    opened = open_session(folder, write=True)
    assert not opened.read_only
    assert (folder / LOCK_FILE).read_text().split()[:2] == [str(os.getpid()), socket.gethostname()]
    opened.close()
    assert not (folder / LOCK_FILE).exists()


def _age(path: Path, seconds: float) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


@pytest.mark.parametrize("content", ["", "garbage", "12 ", "\xff", "4242", "9" * 5000 + " host\n"])
def test_an_empty_or_half_written_lock_is_being_created_not_stale(tmp_path, content):
    folder = recorded(tmp_path)
    (folder / LOCK_FILE).write_text(content, encoding="latin-1")
    with pytest.raises(SessionLocked, match="being opened by another catchball") as info:
        open_session(folder, write=True)
    one_sentence(str(info.value))
    assert (folder / LOCK_FILE).read_text(encoding="latin-1") == content  # left alone
    _age(folder / LOCK_FILE, lock.BEING_CREATED + 5)  # nobody finished it: abandoned, so stale
    open_session(folder, write=True).close()
    assert not (folder / LOCK_FILE).exists()


def test_lock_of_another_host_says_who_since_when_and_how_to_take_it_over(tmp_path):
    folder = recorded(tmp_path)
    since = int(time.time() - 3600)
    (folder / LOCK_FILE).write_text(f"4321 other-host.example {since}\n", encoding="utf-8")
    with pytest.raises(SessionLocked) as info:
        open_session(folder, write=True)
    message = str(info.value)
    one_sentence(message)
    when = datetime.fromtimestamp(since, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    for part in ("4321", "other-host.example", when, f"catchball resume {folder.name} --take-over"):
        assert part in message, message
    assert open_session(folder, write=True, fallback_read_only=True).read_only
    assert not (folder / lock.TAKEOVER_LOG).exists()
    # on purpose: taken over, and the take-over is recorded
    opened = open_session(folder, write=True, take_over=True)
    assert opened.lock.took_over == lock.Holder(4321, "other-host.example", since)
    assert (folder / LOCK_FILE).read_text().split()[:2] == [str(os.getpid()), socket.gethostname()]
    log = (folder / lock.TAKEOVER_LOG).read_text(encoding="utf-8")
    assert "took the session over from process 4321 on other-host.example" in log
    opened.close()


def test_lock_of_another_host_older_than_the_bound_is_stale(tmp_path):
    folder = recorded(tmp_path)
    since = int(time.time() - lock.OTHER_HOST_STALE - 60)
    (folder / LOCK_FILE).write_text(f"4321 other-host.example {since}\n", encoding="utf-8")
    opened = open_session(folder, write=True)
    assert not opened.read_only and opened.lock.took_over.host == "other-host.example"
    opened.close()


def test_a_reused_pid_is_not_a_holder_but_is_not_taken_silently(tmp_path):
    """The pid is alive on this host (here: the test's parent) but holds no flock on the lock."""
    folder = recorded(tmp_path)
    (folder / LOCK_FILE).write_text(f"{os.getppid()} {socket.gethostname()} {int(T0.timestamp())}\n")
    with pytest.raises(SessionLocked) as info:
        open_session(folder, write=True)
    message = str(info.value)
    one_sentence(message)
    assert str(os.getppid()) in message and "reused" in message and "--take-over" in message
    open_session(folder, write=True, take_over=True).close()


def test_a_lock_that_is_a_folder_is_a_sentence(tmp_path):
    folder = recorded(tmp_path)
    (folder / LOCK_FILE).mkdir()
    with pytest.raises(SessionLocked) as info:
        open_session(folder, write=True)
    one_sentence(str(info.value))
    assert "folder" in str(info.value)
    assert open_session(folder, write=True, fallback_read_only=True).read_only


RACER = """
import sys
from pathlib import Path
from catchball.store.errors import SessionLocked
from catchball.store.session_dir import open_session
sys.stdin.readline()  # all start together
try:
    s = open_session(Path(sys.argv[1]), write=True)
except SessionLocked:
    print("refused", flush=True)
else:
    print("writer", flush=True)
sys.stdin.readline()  # hold it until every racer has answered
if "s" in globals():
    s.close()
"""


@pytest.mark.parametrize("start", ["stale", "none"])
def test_many_openers_racing_for_one_lock_make_exactly_one_writer(tmp_path, start):
    folder = recorded(tmp_path)
    if start == "stale":
        (folder / LOCK_FILE).write_text(f"{_dead_pid()} {socket.gethostname()}\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=SRC)
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(folder)], env=env, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(12)]
    try:
        for racer in racers:
            racer.stdin.write("go\n")
            racer.stdin.flush()
        answers = [racer.stdout.readline().strip() for racer in racers]
    finally:
        for racer in racers:
            racer.communicate("\n", timeout=60)
    assert sorted(answers) == ["refused"] * 11 + ["writer"], answers
    assert not (folder / LOCK_FILE).exists()  # the writer released it


def test_append_cost_does_not_read_the_log(tmp_path):
    """An append opens with O_APPEND and writes one record: the file before it is untouched."""
    path = tmp_path / EVENTS_FILE
    log = EventLog(path)
    e1 = ev.SessionStarted(seq=1, at=T0)
    log.append(e1)
    before = path.read_bytes()
    e2 = ev.Noted(seq=2, at=T0, text="x")
    log.append(e2)
    log.close()
    assert path.read_bytes() == before + event_log.encode(e2)
    assert load_events(path).events == [e1, e2]


def test_lone_surrogates_never_become_events():
    """UTF-8 (and so TOML) cannot hold a lone surrogate; the models refuse one up front,
    so no event that validates can fail to encode. (The property tests exclude them.)"""
    with pytest.raises(ValidationError, match="unicode"):
        build(ev.Noted, seq=2, at=T0, text="bad \ud800 half")
    with pytest.raises(ValidationError):
        build(SessionInfo, schema=1, id="x", title="\udfff", created=T0)


def test_time_is_stored_in_utc_milliseconds(tmp_path):
    path = tmp_path / EVENTS_FILE
    log = EventLog(path)
    local = datetime(2026, 11, 22, 10, 0, 0, 123456, tzinfo=timezone(timedelta(hours=1)))
    log.append(ev.SessionStarted(seq=1, at=local))
    log.close()
    (event,) = load_events(path).events
    assert event.at == datetime(2026, 11, 22, 9, 0, 0, 123000, tzinfo=timezone.utc)
    assert event.at.utcoffset() == timedelta(0)


def test_list_sessions_reports_broken_ones(tmp_path):
    from catchball.store.session_index import list_sessions

    good = recorded(tmp_path)
    bad = create_session(tmp_path / "sessions", session_file(title="Broken"))
    (bad / SESSION_FILE).write_text("schema = [", encoding="utf-8")
    shutil.copytree(good, tmp_path / "sessions" / "zz-torn")
    torn = tmp_path / "sessions" / "zz-torn" / EVENTS_FILE
    torn.write_bytes(torn.read_bytes()[:-10])
    rows = {r.folder.name: r for r in list_sessions(tmp_path / "sessions")}
    assert rows[good.name].error is None and rows[good.name].events == 12
    assert rows[bad.name].summary is None and "not valid TOML" in rows[bad.name].error
    assert rows["zz-torn"].events == 11 and "line" in rows["zz-torn"].error


def test_a_failed_append_leaves_no_partial_event_behind(tmp_path, monkeypatch):
    import catchball.store.event_log as event_log_module

    folder = recorded(tmp_path)
    opened = open_session(folder, write=True)
    size = (folder / EVENTS_FILE).stat().st_size
    count = len(opened.log.events)
    real_write = os.write

    def half_then_full(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(event_log_module.os, "write", half_then_full)
    last = opened.log.events[-1]
    with pytest.raises(OSError):
        opened.writer.append(replace(last, seq=count + 1))
    monkeypatch.setattr(event_log_module.os, "write", real_write)
    assert (folder / EVENTS_FILE).stat().st_size == size
    opened.writer.append(replace(last, seq=count + 1))
    opened.close()
    loaded = load_events(folder / EVENTS_FILE)
    assert loaded.damage is None and len(loaded.events) == count + 1
