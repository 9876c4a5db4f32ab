"""The append-only event log, `events.toml`.

Appending is one `os.write` of `"\\n[[events]]\\n" + the event's TOML` and an fsync:
its cost does not depend on the length of the log. Loading parses the whole file with
`store.toml_read.parse_toml` and validates it; a damaged file yields its readable prefix and a `Damage`
naming the line, and is never modified here (`repair` does that, on request, with a backup).
"""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w
from pydantic import ValidationError

from ..domain.bulk import gc_paused
from ..domain.events import EVENTS_ADAPTER, Event, event_to_record
from .atomic import fsync_dir, write_atomic
from .toml_read import parse_toml

HEADER = "\n[[events]]\n"
_TOML_AT = re.compile(r" \(at line (\d+), column \d+\)")
_CHUNK_START = re.compile(rb"(?m)^\[")  # a torn header ("[" alone) starts a chunk too


@dataclass(frozen=True)
class Damage:
    line: int
    message: str  # one sentence, naming the file and the line
    torn: bool  # the damage is confined to the last event (an interrupted append)
    good_bytes: int  # length of the readable prefix, for repair


@dataclass(frozen=True)
class LoadedLog:
    events: list[Event]
    damage: Damage | None


def encode(event: Event) -> bytes:
    return (HEADER + tomli_w.dumps(event_to_record(event))).encode("utf-8")


class EventLog:
    """An open log to append to; one write and one fsync per event."""

    def __init__(self, path: Path) -> None:
        self.path = path
        created = not path.exists()
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if created:
            fsync_dir(path.parent)

    def append(self, event: Event) -> None:
        """Write and fsync one event; if that fails, cut off whatever part of it got written.

        Without the cut, a half-written event left by a full disk would sit in the middle of
        the log once the next append succeeded.
        """
        data = memoryview(encode(event))
        before = os.fstat(self._fd).st_size
        try:
            while data:  # one write; a regular file only writes short on a full disk
                data = data[os.write(self._fd, data):]
            os.fsync(self._fd)
        except OSError:
            try:
                os.ftruncate(self._fd, before)
            except OSError:
                pass  # then the torn tail is reported by the next load, and repair cuts it
            raise

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _where(err: dict) -> str:
    loc = [str(p) for p in err["loc"][1:] if not str(p).startswith("function-")]
    # the discriminator's own name shows up in the path; drop it
    if len(loc) > 1 and loc[0] not in ("kind", "at", "seq"):
        loc = loc[1:]
    return ".".join(loc)


def load_events(path: Path) -> LoadedLog:
    raw = path.read_bytes() if path.exists() else b""
    with gc_paused():
        return _load(path, raw)


def _load(path: Path, raw: bytes) -> LoadedLog:
    try:
        data = parse_toml(raw.decode("utf-8"))
        records = data.get("events", [])
        if set(data) - {"events"} or not isinstance(records, list):
            raise ValueError("unexpected top-level keys")
        events = EVENTS_ADAPTER.validate_python(records)
        if all(e.seq == i for i, e in enumerate(events, 1)):
            return LoadedLog(events, None)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValidationError, ValueError):
        pass
    return _salvage(path, raw)


def _salvage(path: Path, raw: bytes) -> LoadedLog:
    """Slow path: read event by event to find the first damaged one."""
    starts = [m.start() for m in _CHUNK_START.finditer(raw)]
    head = raw[: starts[0]] if starts else raw
    events: list[Event] = []
    if head.strip() and not head.lstrip().startswith(b"#"):
        return LoadedLog([], Damage(1, f"{path} line 1: expected [[events]] tables, found other text.", False, 0))
    bounds = list(zip(starts, starts[1:] + [len(raw)]))
    for index, (start, end) in enumerate(bounds):
        chunk = raw[start:end]
        last = index == len(bounds) - 1
        line = _line_of(raw, start)
        problem = _read_chunk(chunk, len(events) + 1, events)
        if problem is not None:
            # seq is written last, so a chunk holding its whole `seq = N` line was written
            # whole: it is hand-broken, not torn, and repair must not cut it off
            torn = last and not re.search(rb"(?m)^seq = %d\r?$" % (len(events) + 1), chunk)
            inner = None if torn else _TOML_AT.search(problem)
            if inner:  # the parser counts lines inside the event: name the file's line instead
                line += int(inner.group(1)) - 1
                text = raw.split(b"\n")[line - 1].decode("utf-8", "replace").strip()
                problem = _TOML_AT.sub("", problem).replace("not valid TOML (", f"not valid TOML in {text[:60]!r} (")
            what = ("the last event is incomplete (an interrupted write); "
                    f"the {len(events)} events before it are intact") if torn else problem
            good = start
            while good > 0 and raw[good - 1:good] == b"\n":
                good -= 1
            return LoadedLog(events, Damage(line, f"{path} line {line}: {what}.", torn, good))
    return LoadedLog(events, None)


def _read_chunk(chunk: bytes, expected_seq: int, into: list[Event]) -> str | None:
    try:
        data = parse_toml(chunk.decode("utf-8"))
    except UnicodeDecodeError:
        return "the text is not valid UTF-8"
    except tomllib.TOMLDecodeError as exc:
        return f"not valid TOML ({exc})"
    records = data.get("events")
    if set(data) != {"events"} or not isinstance(records, list) or len(records) != 1:
        return "expected one [[events]] table"
    record = records[0]
    kind = record.get("kind", "?") if isinstance(record, dict) else "?"
    try:
        (event,) = EVENTS_ADAPTER.validate_python([record])
    except ValidationError as exc:
        err = exc.errors()[0]
        where = _where(err)
        got = f" (got {err['input']!r:.60})" if where and not isinstance(err["input"], dict) else ""
        field = f"field '{where}'" if where else "the event"
        return f"event {expected_seq} ({kind}): {field}: {err['msg']}{got}"
    if event.seq != expected_seq:
        return f"event {expected_seq} ({kind}): field 'seq' is {event.seq}, expected {expected_seq}"
    into.append(event)
    return None


def repair(path: Path, damage: Damage) -> Path:
    """Cut the log back to its readable prefix, keeping the original as a backup."""
    backup = path.with_name(path.name + ".damaged")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.damaged-{n}")
    shutil.copy2(path, backup)
    raw = path.read_bytes()[: damage.good_bytes]
    write_atomic(path, raw + b"\n" if raw else b"")
    return backup
