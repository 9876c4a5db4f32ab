"""The append-only event log, `events.toml`.

Appending is one `os.write` of `"\\n[[events]]\\n" + the event's TOML` and an fsync:
its cost does not depend on the length of the log. Loading parses the whole file with
`store.toml_read.parse_event_log` and validates it; a damaged file yields its readable prefix and a `Damage`
naming the line, and is never modified here (`repair` does that, on request, with a backup).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from ..domain.bulk import gc_paused
from ..domain.events import Event, decode_event, decode_events, event_to_record
from ..domain.record import ValidationError, error_parts
from ..domain.text import one_line
from ..domain.toml_text import TomlError, loads_toml
from . import log_cache
from .atomic import fsync_dir, write_atomic
from .errors import StoreError
from .reading import EVENT_LOG, UnreadableFile, os_reason, read_bytes, shown
from .toml_read import parse_event_log

HEADER = "\n[[events]]\n"
BOM = b"\xef\xbb\xbf"
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
    copied: int = 0  # of the events, those read from the log's validated copy (`log_cache`)
    # (the log's bytes, where its sound part ends, its events then) while a copy is due: see keep_copy
    due: list[tuple[bytes, int, int]] = field(default_factory=list, repr=False, compare=False)


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


def load_events(path: Path) -> LoadedLog:
    """The log's events and, when it is damaged, where and how (the file is never modified).

    A missing log is an empty one; a log that cannot be read at all (a folder, a FIFO, too
    large, no permission) raises `UnreadableFile` with one sentence.
    """
    try:
        raw = read_bytes(path, EVENT_LOG)
    except UnreadableFile as exc:
        if exc.missing:
            return LoadedLog([], None)
        raise
    bom = len(BOM) if raw.startswith(BOM) else 0
    end = len(raw)
    zeros = 0
    if raw.endswith(b"\0"):  # a power cut can leave the file's new length filled with zeros
        end = len(raw.rstrip(b"\0"))
        zeros = len(raw) - end
    with gc_paused():  # a long log allocates many objects at once: no collector passes over them
        loaded = _from_copy(path, raw, end) or _load(path, raw, bom, end)
    count = len(loaded.events)
    if not zeros and loaded.damage is None and count >= log_cache.FROM and count - loaded.copied >= log_cache.STALE:
        loaded.due.append((raw, end, count))  # written by keep_copy, once the opening is on screen
    if not zeros or (loaded.damage is not None and not loaded.damage.torn):
        return loaded
    count = len(loaded.events)
    if loaded.damage is not None:  # a torn event, then zeros: one interrupted write
        d = loaded.damage
        message = d.message.removesuffix(".") + f", and the file ends in {zeros:,} zero bytes."
        return LoadedLog(loaded.events, Damage(d.line, message, True, d.good_bytes))
    line = raw.count(b"\n", 0, end) + 1
    good = end
    while good > bom and raw[good - 1:good] in (b"\n", b"\r"):
        good -= 1
    return LoadedLog(loaded.events, Damage(
        line, f"{shown(path)} line {line}: the file ends in {zeros:,} zero bytes (what a power cut or a "
              f"crash can leave); the {count} events before them are intact.", True, good))


def _from_copy(path: Path, raw: bytes, end: int) -> LoadedLog | None:
    """A long log's events from its validated copy (`log_cache`), plus the events appended since
    it was made, read from the TOML; None when there is no usable copy or the rest is not sound."""
    hit = log_cache.covered(path, raw[:end])
    if hit is None:
        return None
    kept, upto = hit
    rest = raw[upto:end]
    try:
        more = _validated(rest) if rest.strip() else []
    except (UnicodeDecodeError, TomlError, ValidationError, ValueError):
        return None  # the events appended since are damaged: the whole log is read, as always
    if any(e.seq != i for i, e in enumerate(more, len(kept) + 1)):
        return None
    return LoadedLog(kept + more, None, copied=len(kept))


def keep_copy(path: Path, loaded: LoadedLog) -> bool:
    """Write the validated copy of a sound long log whose copy was missing or far behind when it
    was loaded (`log_cache`); once, and best effort. True when one was due.

    Not part of `load_events`: encoding and writing the copy (tens of milliseconds for 100,000
    events) is not what an opening waits for; the app calls this once its first frame is shown.
    """
    if not loaded.due:
        return False
    raw, end, count = loaded.due.pop()
    log_cache.keep(path, raw, end, loaded.events[:count])  # (events appended since are not in raw)
    return True


def _load(path: Path, raw: bytes, bom: int, end: int) -> LoadedLog:
    """Events of raw[bom:end]: the whole text in one parse, or event by event when that fails."""
    try:
        events = _validated(raw[bom:end])
        if all(e.seq == i for i, e in enumerate(events, 1)):
            return LoadedLog(events, None)
    except (UnicodeDecodeError, TomlError, ValidationError, ValueError):
        pass
    return _salvage(path, raw, bom, end)


def _validated(body: bytes) -> list[Event]:
    text = body.decode("utf-8")
    data = parse_event_log(text)  # bounded, as every TOML read is
    records = data.get("events", [])
    if set(data) - {"events"} or not isinstance(records, list):
        raise ValueError("unexpected top-level keys")
    return decode_events(records)


def _complete(chunk: bytes, expected: int) -> bool:
    """Whether the chunk holds a whole `seq = N` line, the last thing an append writes.

    A write torn inside the seq line leaves a prefix of the expected number ("1" of "13")
    and no newline after it; anything else is a whole line, however wrong its number.
    """
    for match in re.finditer(rb"(?m)^seq = (\d{1,20})(\r?\n)?", chunk):
        digits = match.group(1).decode("ascii")
        if match.group(2) or digits == str(expected) or not str(expected).startswith(digits):
            return True
    return False


def _salvage(path: Path, raw: bytes, bom: int, end: int) -> LoadedLog:
    """Slow path: find the first damaged event, in one pass over the file (linear time)."""
    starts = [m.start() for m in _CHUNK_START.finditer(raw, bom, end)]
    head = raw[bom: starts[0]] if starts else raw[bom:end]
    if head.strip() and not head.lstrip().startswith(b"#"):
        return LoadedLog([], Damage(1, f"{shown(path)} line 1: expected [[events]] tables, found other text.", False, 0))
    bounds = list(zip(starts, starts[1:] + [end]))
    events: list[Event] = []
    first = 0
    if len(bounds) > 1:  # the usual damage is a torn last event: read all before it in one go
        try:
            before = _validated(raw[bom: bounds[-1][0]])
            if all(e.seq == i for i, e in enumerate(before, 1)):
                events, first = before, len(bounds) - 1
        except (UnicodeDecodeError, TomlError, ValidationError, ValueError):
            pass
    line = raw.count(b"\n", 0, bounds[first][0]) + 1 if bounds else 1
    for index in range(first, len(bounds)):
        start, stop = bounds[index]
        chunk = raw[start:stop]
        last = index == len(bounds) - 1
        problem = _read_chunk(chunk, len(events) + 1, events)
        if problem is not None:
            torn = last and not _complete(chunk, len(events) + 1)
            inner = None if torn else _TOML_AT.search(problem)
            if inner:  # the parser counts lines inside the event: name the file's line instead
                line += int(inner.group(1)) - 1
                text = chunk.split(b"\n")[int(inner.group(1)) - 1].decode("utf-8", "replace").strip()
                problem = _TOML_AT.sub("", problem).replace(
                    "not valid TOML (", f"not valid TOML in {one_line(text, 60)!r} (")
            what = ("the last event is incomplete (an interrupted write); "
                    f"the {len(events)} events before it are intact") if torn else problem
            good = start
            while good > bom and raw[good - 1:good] == b"\n":
                good -= 1
            return LoadedLog(events, Damage(line, f"{shown(path)} line {line}: {what}.", torn, good))
        line += chunk.count(b"\n")
    return LoadedLog(events, None)


def _read_chunk(chunk: bytes, expected_seq: int, into: list[Event]) -> str | None:
    try:
        data = loads_toml(chunk.decode("utf-8"))
    except UnicodeDecodeError:
        return "the text is not valid UTF-8"
    except TomlError as exc:
        return str(exc)
    records = data.get("events")
    if set(data) != {"events"} or not isinstance(records, list) or len(records) != 1:
        return "expected one [[events]] table"
    record = records[0]
    kind = one_line(str(record.get("kind", "?")), 40) if isinstance(record, dict) else "?"
    try:
        event = decode_event(record)
    except ValidationError as exc:
        where, msg = error_parts(exc)
        value = record.get(where) if isinstance(record, dict) and where else None
        got = f" (got {one_line(repr(value), 60)})" if value is not None and not isinstance(value, dict) else ""
        field = f"field '{one_line(where, 60)}'" if where else "the event"
        return f"event {expected_seq} ({kind}): {field}: {msg}{got}"
    if event.seq != expected_seq:
        return (f"event {expected_seq} ({kind}) is whole but its field 'seq' is {event.seq}, expected "
                f"{expected_seq} (two writers at once, or an edit by hand); it is kept, not cut")
    into.append(event)
    return None


def repair(path: Path, damage: Damage) -> Path:
    """Cut the log back to its readable prefix, keeping the original as a backup.

    Both files are written whole or not at all (temp file, fsync, rename): a full disk leaves
    the log as it was and no empty backup. Raises `StoreError` with one sentence.
    """
    raw = read_bytes(path, EVENT_LOG)
    backup = path.with_name(path.name + ".damaged")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.damaged-{n}")
    try:
        write_atomic(backup, raw)
    except OSError as exc:
        raise StoreError(f"{shown(path)} was not repaired: its backup could not be written "
                         f"({os_reason(exc)}); nothing was changed.") from None
    kept = raw[: damage.good_bytes]
    try:
        write_atomic(path, kept + b"\n" if kept.strip(BOM) else kept)
    except OSError as exc:
        raise StoreError(f"{shown(path)} was not repaired ({os_reason(exc)}); it is unchanged, "
                         f"and a copy is saved as {shown(backup.name)}.") from None
    return backup
