"""The one listing (`store.session_index`) and its index, and the one TOML parser (`store.toml_read`)."""

from __future__ import annotations

import copy
import json
import os
import pickle
import shutil
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from catchball.domain import events as ev
from catchball.domain.model import Participant, SessionFile, SessionInfo
from catchball.domain.record import ValidationError, error_sentence
from catchball.store import session_index, toml_read
from catchball.store.agendas import load_agenda
from catchball.store.errors import StoreError
from catchball.store.event_log import encode
from catchball.store.live import LiveSession
from catchball.store.session_dir import EVENTS_FILE
from catchball.store.session_index import INDEX_FILE, iter_sessions, list_sessions
from catchball.store.toml_read import TOMLDecodeError, parse_event_log, parse_toml

from _shared import BLNS_PATH

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
EXAMPLE = Path(__file__).resolve().parents[1] / "sessions"


def make(sessions: Path, title: str, notes: int = 2, finish: bool = False, day: int = 0) -> Path:
    start = T0 + timedelta(days=day)
    file = SessionFile(session=SessionInfo(schema=1, id="x", title=title, created=start),
                       agenda=load_agenda("quick"), participants=(Participant.parse("Maya:leader:Checkout"),))
    live = LiveSession.create(sessions, file, start)
    for i in range(notes):
        live.record(ev.Noted, start + timedelta(seconds=10 + i), text=f"note {i}", by="Maya")
    if finish:
        live.record(ev.SessionFinished, start + timedelta(minutes=30))
    live.close()
    return live.folder


@pytest.fixture
def reads(monkeypatch):
    """The folders the listing read from their files (not from the index)."""
    seen: list[str] = []
    real = session_index.read_summary

    def counting(folder: Path):
        seen.append(folder.name)
        return real(folder)

    monkeypatch.setattr(session_index, "read_summary", counting)
    return seen


def test_a_session_is_read_once_then_listed_from_the_index(tmp_path, reads):
    sessions = tmp_path / "s"
    a, b = make(sessions, "Alpha", day=0), make(sessions, "Beta", finish=True, day=1)
    first = list_sessions(sessions)
    assert [r.folder.name for r in first] == [b.name, a.name]  # newest first
    assert sorted(reads) == sorted([a.name, b.name]) and (sessions / INDEX_FILE).is_file()
    reads.clear()
    second = list_sessions(sessions)
    assert reads == []
    assert [(r.summary, r.error, r.status) for r in second] == [(r.summary, r.error, r.status) for r in first]
    assert second[0].status == "finished" and second[1].status == "in progress" and second[1].resumable
    assert second[1].summary.phase_label and second[1].summary.events == 3


def test_a_log_that_changed_since_its_summary_is_read_again(tmp_path, reads):
    sessions = tmp_path / "s"
    folder = make(sessions, "Alpha", notes=2)
    assert list_sessions(sessions)[0].events == 3
    live = LiveSession.open(folder)
    live.record(ev.Noted, T0 + timedelta(minutes=5), text="later", by="Maya")
    live.close()
    reads.clear()
    (row,) = list_sessions(sessions)
    assert reads == [folder.name] and row.events == 4


def test_the_index_is_never_trusted_over_a_log_even_with_the_same_size(tmp_path, reads):
    sessions = tmp_path / "s"
    folder = make(sessions, "Alpha", notes=2)
    list_sessions(sessions)
    log = folder / EVENTS_FILE
    raw = log.read_bytes()
    st = log.stat()
    log.write_bytes(raw.replace(b"note 0", b"note X"))  # same size, new mtime
    os.utime(log, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    reads.clear()
    list_sessions(sessions)
    assert reads == [folder.name]


@pytest.mark.parametrize("damage", ["garbage", "wrong", "directory", "fifo"])
def test_a_damaged_or_foreign_index_is_rebuilt_from_the_logs(tmp_path, reads, damage):
    sessions = tmp_path / "s"
    folder = make(sessions, "Alpha")
    index = sessions / INDEX_FILE
    if damage == "garbage":
        index.write_bytes(b"\xff{[not json")
    elif damage == "wrong":
        index.write_text(json.dumps({"version": 1, "sessions": {folder.name: {"key": 3, "summary": "x"}}}))
    elif damage == "directory":
        index.mkdir()
    else:
        os.mkfifo(index)  # reading it would block: it must not be read at all
    (row,) = list_sessions(sessions)
    assert reads == [folder.name] and row.summary.title == "Alpha" and row.error is None


def test_an_unreadable_folder_is_one_sentence_and_never_stops_the_others(tmp_path):
    sessions = tmp_path / "s"
    good = make(sessions, "Good", day=0)
    broken = make(sessions, "Broken", day=1)
    (broken / EVENTS_FILE).unlink()
    (broken / EVENTS_FILE).mkdir()  # reading it raises IsADirectoryError, an OSError
    rows = {r.folder.name: r for r in list_sessions(sessions)}
    assert rows[good.name].error is None and rows[good.name].readable
    assert rows[broken.name].status == "unreadable"
    error = rows[broken.name].error
    assert "\n" not in error and error.endswith(".") and "Traceback" not in error


def test_rows_come_one_at_a_time_newest_first(tmp_path, reads):
    sessions = tmp_path / "s"
    folders = [make(sessions, f"S{i}", day=i) for i in range(3)]
    rows = iter_sessions(sessions)
    first = next(rows)
    assert first.folder == folders[-1] and reads == [folders[-1].name]  # the others not read yet
    rows.close()  # the caller stopped: what was read is kept
    reads.clear()
    assert len(list_sessions(sessions)) == 3 and reads == [folders[1].name, folders[0].name]


def test_known_rows_come_from_the_index_and_stop_at_a_log_newer_than_its_entry(tmp_path, reads):
    """What a screen shows in its first frame: the rows the index holds, none read from its files;
    the first session whose log changed since is left to the iteration, which reads it."""
    sessions = tmp_path / "s"
    folders = [make(sessions, f"S{i}", day=i) for i in range(4)]  # S3 is the newest
    list_sessions(sessions)
    live = LiveSession.open(folders[1])
    live.record(ev.Noted, T0 + timedelta(days=1, minutes=5), text="later", by="Maya")
    live.close()
    reads.clear()
    listing = session_index.SessionListing(sessions)
    known = listing.known(10)
    assert [r.folder for r in known] == [folders[3], folders[2]] and reads == []
    assert listing.known(10) == []  # still stopped at S1, whose log is newer than its entry
    rest = list(listing)
    assert [r.folder for r in rest] == [folders[1], folders[0]] and reads == [folders[1].name]
    assert rest[0].events == 4
    reads.clear()
    assert [r.events for r in list_sessions(sessions)] == [3, 3, 4, 3] and reads == []  # the index caught up


def test_known_rows_are_none_without_an_index(tmp_path, reads):
    sessions = tmp_path / "s"
    make(sessions, "Alpha")
    listing = session_index.SessionListing(sessions)
    assert listing.known(10) == [] and reads == []
    assert [r.summary.title for r in listing] == ["Alpha"] and (sessions / INDEX_FILE).is_file()


def test_the_index_decodes_only_the_entries_listed(tmp_path, reads, monkeypatch):
    sessions = tmp_path / "s"
    folders = [make(sessions, f"S{i}", day=i) for i in range(3)]
    list_sessions(sessions)
    reads.clear()
    decoded: list[int] = []
    loads = json.loads
    monkeypatch.setattr(session_index.json, "loads", lambda text: (decoded.append(len(text)), loads(text))[1])
    (row,) = session_index.SessionListing(sessions).known(1)
    assert row.folder == folders[-1] and row.summary.title == "S2" and reads == []
    assert len(decoded) == 1 and decoded[0] < (sessions / INDEX_FILE).stat().st_size / 2  # its line only


def test_a_damaged_line_of_the_index_costs_its_session_a_read_and_no_other(tmp_path, reads):
    sessions = tmp_path / "s"
    folders = [make(sessions, f"S{i}", day=i) for i in range(3)]
    list_sessions(sessions)
    index = sessions / INDEX_FILE
    lines = index.read_bytes().split(b"\n")
    lines = [line[:len(line) // 2] if folders[1].name.encode() in line else line for line in lines]
    index.write_bytes(b"\n".join(lines))
    reads.clear()
    assert [r.summary.title for r in list_sessions(sessions)] == ["S2", "S1", "S0"] and reads == [folders[1].name]
    reads.clear()
    list_sessions(sessions)
    assert reads == []  # mended


def test_any_folder_name_is_kept_in_the_index(tmp_path, reads):
    sessions = tmp_path / "s"
    names = ["2026-11-22-tab\tin", "2026-11-22-line\nbreak", "2026-11-22-\u00e9t\u00e9 \U0001f600", '2026-11-22-"q"\\']
    for i, name in enumerate(names):
        make(sessions, f"S{i}", day=i).rename(sessions / name)
    first = list_sessions(sessions)
    reads.clear()
    again = list_sessions(sessions)
    assert reads == [] and [r.folder.name for r in again] == [r.folder.name for r in first]
    assert sorted(r.folder.name for r in again) == sorted(names)


def test_a_sessions_folder_that_is_a_file_is_a_sentence(tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        list_sessions(path)
    assert list_sessions(tmp_path / "missing") == []


# -- the parser ---------------------------------------------------------------------
def same(a, b) -> None:
    """Equal, and of the same types all the way down (tzinfo included)."""
    assert type(a) is type(b), (a, b)
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            same(a[k], b[k])
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            same(x, y)
    else:
        if isinstance(a, datetime):
            assert type(a.tzinfo) is type(b.tzinfo) and a.utcoffset() == b.utcoffset()
        assert a == b or (a != a and b != b)


def _blns() -> list[str]:
    if not BLNS_PATH.is_file():
        return ["\u202e", "\x00", "'\"", "\\u0000"]
    return [s for s in json.loads(BLNS_PATH.read_text(encoding="utf-8")) if isinstance(s, str)]


def test_the_parser_reads_our_logs_and_hostile_strings_as_tomllib_does():
    for path in EXAMPLE.rglob("*.toml"):
        text = path.read_text(encoding="utf-8")
        same(parse_toml(text), tomllib.loads(text))
    events = [ev.Noted(seq=i + 1, at=T0 + timedelta(milliseconds=1234 * i), text=s, by="Maya")
              for i, s in enumerate(_blns())]
    text = b"".join(encode(e) for e in events).decode("utf-8")
    parsed = parse_toml(text)
    same(parsed, tomllib.loads(text))
    copy.deepcopy(parsed)  # plain types: rtoml's own tzinfo could be neither copied nor pickled
    pickle.dumps(parsed)


scalars = st.one_of(
    st.text(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False), st.booleans(),
    st.datetimes(timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=5, minutes=30)),
                                            timezone(timedelta(hours=-8))])),
    st.datetimes(), st.dates(), st.times())
documents = st.dictionaries(st.text(min_size=1), st.one_of(
    scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(min_size=1), scalars, max_size=3)), max_size=6)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_any_document_parses_as_tomllib_parses_it(doc):
    text = tomli_w.dumps(doc)
    same(parse_toml(text), tomllib.loads(text))


@pytest.mark.parametrize("text", [
    "a = 1\na = 2\n", 'a = "\\q"\n', "a = 1\rb = 2\n", 'a = "x\x01"\n', "[a]\n[a]\n", "a = ", "\ufeffa = 1\n",
    "a = " + "[" * 100_000, "a = " + "[" * 500 + "]" * 500,
])
def test_what_tomllib_refuses_is_refused_with_its_error(text):
    with pytest.raises(TOMLDecodeError) as caught:
        parse_toml(text)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        assert str(caught.value) == str(exc)
    except RecursionError:
        assert "nested" in str(caught.value)


def test_the_fallback_is_tomllib_when_no_compiled_parser_is_installed(monkeypatch):
    monkeypatch.setattr(toml_read, "_fast", None)
    text = 'a = 2026-11-22T09:00:00+02:00\nb = "x"\n'
    same(parse_toml(text), tomllib.loads(text))
    with pytest.raises(TOMLDecodeError):
        parse_toml("a = ")


def test_an_event_log_decodes_as_tomllib_parses_it_with_utc_times():
    """The event log's fast path (no nesting scan, no walk over the values: only the events' `at`
    are given the standard timezone, and each event makes its own `at` UTC as it is decoded)
    gives the events tomllib's parse gives, whatever the offset, with rtoml and without it."""
    events = [ev.Noted(seq=i + 1, at=T0 + timedelta(milliseconds=1234 * i), text=s, by="Maya")
              for i, s in enumerate(_blns())]
    text = b"".join(encode(e) for e in events).decode("utf-8")
    text += '\n[[events]]\nkind = "session_started"\nat = 2026-11-22T11:00:00.123+02:00\nseq = 9999\n'
    fast = ev.decode_events(parse_event_log(text)["events"])
    assert fast == ev.decode_events(tomllib.loads(text)["events"])
    assert all(e.at.tzinfo is timezone.utc for e in fast)
    assert fast[-1].at == T0 + timedelta(milliseconds=123)
    pickle.dumps(fast)
    for path in EXAMPLE.rglob("events.toml"):
        log = path.read_text(encoding="utf-8")
        assert ev.decode_events(parse_event_log(log)["events"]) == ev.decode_events(tomllib.loads(log)["events"])


def _decoded_or_refused(data: dict) -> object:
    try:
        return ev.decode_events(data["events"])
    except ValidationError as exc:
        return error_sentence(exc)


GOOD = '[[events]]\nkind = "session_started"\nat = 2026-11-22T09:00:00Z\nseq = 1\n'


@pytest.mark.parametrize("text", [GOOD + '\n[[events]]\nkind = "noted"\ntext = "a"\nseq = 2\n' + at for at in (
    "at = 2026-11-22T10:00:00.5+01:00", "at = 2026-11-22 09:00:00Z", 'at = "2026-11-22T09:00:00Z"', 'at = "soon"',
    "at = 2026-11-22T09:00:00", "at = 2026-11-22", "at = 09:00:00", "at = 1700000000", "at = [2026-11-22T09:00:00Z]",
    "at = { t = 2026-11-22T09:00:00Z }", "")] + ['events = [2026-11-22T09:00:00Z]', 'events = [{ at = 1 }, 2]'])
def test_an_event_logs_times_are_standard_datetimes_and_odd_ones_read_as_before(text):
    """The log's fast path gives the events' `at` the standard library's `timezone` all at once;
    an `at` that is not a date-time (or missing, or in an event that is not a table) is left to
    the events' validation, which accepts or refuses it exactly as from tomllib's parse."""
    assert _decoded_or_refused(parse_event_log(text)) == _decoded_or_refused(tomllib.loads(text))
    data = parse_event_log(GOOD)
    assert type(data["events"][0]["at"].tzinfo) is timezone and pickle.dumps(data)


@pytest.mark.parametrize("deep", ["[" * 100_000, "[" * 40 + "]" * 40, "{a = " * 500 + "1" + "}" * 500])
@pytest.mark.parametrize("fast", [True, False])
def test_an_event_log_nested_too_deep_is_refused_before_or_by_the_parser(deep, fast, monkeypatch):
    """rtoml bounds its own recursion (and what it accepts is refused by the events' validation):
    no scan beforehand, never a RecursionError or a crash; tomllib alone is scanned first."""
    if not fast:
        monkeypatch.setattr(toml_read, "_fast", None)
    text = f'[[events]]\nkind = "noted"\nseq = 1\ntext = {deep}\n'
    try:
        data = parse_event_log(text)
    except (TOMLDecodeError, ValueError) as exc:
        assert "nest" in str(exc) or "recurs" in str(exc) or "line" in str(exc)
    else:
        assert fast  # only rtoml reads what is nested deeper than the scan allows
        with pytest.raises(ValidationError):  # (it named pydantic's adapter, gone: any AttributeError passed)
            ev.decode_events(data["events"])


def test_the_example_session_lists_with_its_summary(tmp_path):
    sessions = tmp_path / "s"
    shutil.copytree(EXAMPLE, sessions)
    rows = list_sessions(sessions)
    assert rows and all(r.error is None and r.summary is not None for r in rows)
    again = list_sessions(sessions)
    assert [r.summary for r in again] == [r.summary for r in rows]
    assert (sessions / INDEX_FILE).is_file() and not any(p.name.endswith(".tmp") for p in sessions.iterdir())
