"""A long log's validated events, kept in the user's cache so that reopening it skips the TOML.

Parsing and validating 100,000 events of `events.toml` takes most of a second; decoding the
same events from msgpack (msgspec, typed: every event is still checked against its record)
takes a fraction of it. The copy is a shortcut, never a record, and never trusted over the log:

* it names the log (its resolved path) and the length of the prefix it holds, with that
  prefix's CRC-32; a log whose first bytes differ in any way (edited, replaced, repaired,
  another file at the same path) does not match, and is read from its TOML;
* it names the installed versions of the event records' modules and of msgspec (`stamp`):
  after an upgrade the log is read from its TOML again;
* what the log has past that prefix (events appended since) is read from the TOML and must
  continue the copy's numbering; if anything fails, the whole log is read as before.

Only logs of at least `FROM` events get a copy (shorter ones parse in a couple of
milliseconds; at 1,000 events the copy saves about 4 ms of a resume's start); it is written
when a log is read from its TOML and `STALE` or more of its events are not in the copy yet.
Files are written whole (temp file, fsync, ``os.replace``); at most `KEEP` are kept.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import msgspec

from ..domain import event_base, events, events_checkin, model, record
from ..domain.events import Event
from .user_cache import file_for, keep_file, stamp

FROM = 500
STALE = 500
KEEP = 32
FILES = "logs/*.msgpack"
MAGIC = b"cbevlog1"
_LENGTH = struct.Struct("<I")


class Header(msgspec.Struct, frozen=True):
    log: str  # the log's resolved path
    installed: str  # `stamp` of the modules that define what an event is
    upto: int  # bytes of the log the copy holds (ending where an event ends)
    crc: int  # CRC-32 of those bytes
    count: int  # events in the copy


_decoder: msgspec.msgpack.Decoder | None = None


def _installed() -> str:
    modules = (events.__file__, events_checkin.__file__, event_base.__file__, record.__file__, model.__file__)
    return f"msgspec {msgspec.__version__} " + stamp(*modules)


def _path(log: Path) -> tuple[Path, str]:
    name = str(log.resolve())
    return file_for(name, FILES), name


def covered(log: Path, raw: bytes) -> tuple[list[Event], int] | None:
    """The events of the longest prefix of ``raw`` (the log's bytes) that the copy holds, and
    that prefix's length; None when there is no copy or it does not match the log."""
    global _decoder
    path, name = _path(log)
    try:
        data = path.read_bytes()
        if not data.startswith(MAGIC):
            return None
        (length,) = _LENGTH.unpack_from(data, len(MAGIC))
        start = len(MAGIC) + _LENGTH.size
        header = msgspec.msgpack.decode(data[start:start + length], type=Header)
        if header.log != name or header.upto > len(raw) or header.installed != _installed() \
                or zlib.crc32(memoryview(raw)[:header.upto]) != header.crc:
            return None
        if _decoder is None:
            _decoder = msgspec.msgpack.Decoder(list[Event])
        kept = _decoder.decode(memoryview(data)[start + length:])
    except (OSError, ValueError, msgspec.DecodeError, struct.error):
        return None
    if len(kept) != header.count or any(e.seq != i for i, e in enumerate(kept, 1)):
        return None
    return kept, header.upto


def keep(log: Path, raw: bytes, upto: int, kept: list[Event]) -> None:
    """Keep ``kept``, the events of ``raw[:upto]``, for the next opening (best effort: a full or
    read-only disk only costs that opening its parse)."""
    path, name = _path(log)
    try:
        header = msgspec.msgpack.encode(Header(name, _installed(), upto, zlib.crc32(memoryview(raw)[:upto]),
                                               len(kept)))
        keep_file(path, MAGIC + _LENGTH.pack(len(header)) + header + msgspec.msgpack.encode(kept), FILES, KEEP)
    except (OSError, ValueError, TypeError):
        return
