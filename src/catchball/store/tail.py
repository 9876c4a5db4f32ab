"""Reading an append-only TOML file while its one writer may be halfway through an append.

Each record is appended as one write of `"\\n[[table]]\\n" + its TOML`, its last key last
(`seq` for events, `id` for inbox items). Only the last record can be incomplete, and it is
complete when it ends with a newline, parses, and has that last key. Readers take the
complete prefix and leave the rest for their next look; they never write.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from ..domain.record import ValidationError, error_sentence

from ..domain.toml_text import TomlError, loads_toml
from .reading import SMALL_FILE, UnreadableFile, read_from, shown

T = TypeVar("T")


def header(table: str) -> bytes:
    return f"\n[[{table}]]\n".encode()


def complete_prefix(data: bytes, table: str, last_key: str) -> int:
    """How many bytes of `data` (which starts at a record's start) hold whole records."""
    start = data.rfind(header(table))
    if start < 0:
        return 0
    last = data[start:]
    if not last.endswith(b"\n"):
        return start
    try:
        records = loads_toml(last.decode("utf-8")).get(table)
    except (UnicodeDecodeError, TomlError):
        return start
    if not isinstance(records, list) or len(records) != 1 or not isinstance(records[0], dict) \
            or last_key not in records[0]:
        return start
    return len(data)


def parse_records(data: bytes, table: str) -> tuple[list[dict], int, str | None]:
    """The records of whole-record bytes and the bytes they fill; on damage, those before it and a sentence."""
    try:
        parsed = loads_toml(data.decode("utf-8"))
        records = parsed.get(table, [])
        if set(parsed) <= {table} and isinstance(records, list):
            return records, len(data), None
    except (UnicodeDecodeError, TomlError):
        pass
    good: list[dict] = []  # slow path: record by record, up to the damage
    starts = list(_find_all(data, header(table))) or [0]
    for start, end in zip(starts, starts[1:] + [len(data)]):
        try:
            chunk = loads_toml(data[start:end].decode("utf-8")).get(table)
        except (UnicodeDecodeError, TomlError) as exc:
            return good, start, f"a record is {exc}" if str(exc).startswith("not valid") else f"a record: {exc}"
        if not isinstance(chunk, list) or len(chunk) != 1 or not isinstance(chunk[0], dict):
            return good, start, f"expected one [[{table}]] table"
        good.append(chunk[0])
    return good, len(data), None


def _find_all(data: bytes, needle: bytes):
    at = data.find(needle)
    while at >= 0:
        yield at
        at = data.find(needle, at + 1)


@dataclass
class Tail:
    """A read position in one growing file: `read()` gives the whole records added since.

    Every read goes through the bounded reader (`reading.read_from`): only a regular file, no
    larger than `max_bytes`, and only the bytes added since the last look.
    """

    path: Path
    table: str
    last_key: str
    max_bytes: int = SMALL_FILE
    offset: int = 0
    seen: tuple[int, int, int] = (-1, -1, -1)  # (inode, size, mtime) at the last read
    unreadable: str | None = None  # why the last look could not read the file (a sentence naming it)

    def __post_init__(self) -> None:
        self._where = os.fspath(self.path)  # stat'ed twice a second: no Path work each time

    def changed(self) -> bool:
        """A cheap look (one stat): has the file changed since the last read?"""
        try:
            st = os.stat(self._where)
        except OSError:
            return self.seen[1] > 0
        return (st.st_ino, st.st_size, st.st_mtime_ns) != self.seen

    def read(self) -> tuple[list[dict], bool, str | None]:
        """(new records, whether the file was cut back or replaced so reading began again, a damage sentence)."""
        try:
            data, st = read_from(self.path, self.offset, self.max_bytes)
        except UnreadableFile as exc:  # gone, or not a file any more: what was read stands
            self.unreadable = None if exc.missing else str(exc)
            return [], False, None
        self.unreadable = None
        restarted = self.offset > 0 and (st.st_size < self.offset or st.st_ino != self.seen[0])
        if restarted and len(data) != st.st_size:  # replaced by another file as long or longer
            data, st = read_from(self.path, 0, self.max_bytes)
        if restarted:
            self.offset = 0
        self.seen = (st.st_ino, self.offset + len(data), st.st_mtime_ns)
        whole = complete_prefix(data, self.table, self.last_key)
        records, used, problem = parse_records(data[:whole], self.table)
        self.offset += used
        return records, restarted, problem


class NumberedTail(Generic[T]):
    """The one loop that follows a growing file of records numbered 1, 2, 3 … (the session's log
    for a follower, a participant's inbox for the facilitator).

    `poll()` gives the new records, each validated by `parse`, in order. A record that does not
    validate or breaks the numbering stops the reading there: `problem` says where, in one
    sentence, and nothing after it is taken until the file is cut back (a repair).
    """

    def __init__(self, path: Path, table: str, last_key: str, parse: Callable[[dict], T], what: str,
                 max_bytes: int = SMALL_FILE) -> None:
        self.path = path
        self._tail = Tail(path, table, last_key, max_bytes)
        self._parse = parse
        self._key = last_key
        self._what = what
        self.count = 0
        self._problem: str | None = None

    @property
    def problem(self) -> str | None:
        """Why reading stopped, in one sentence: the file cannot be read now, or a record is damaged."""
        return self._tail.unreadable or self._problem

    def changed(self) -> bool:
        return self._tail.changed()

    def poll(self) -> tuple[list[T], bool]:
        """(the records added since the last look, whether the file was cut back so counting began again)."""
        if not self._tail.changed():
            return [], False
        records, restarted, problem = self._tail.read()
        if restarted:
            self.count, self._problem = 0, None
        if self._problem is not None:
            return [], restarted
        fresh: list[T] = []
        for record in records:
            try:
                item = self._parse(record)
            except ValidationError as exc:
                problem = f"{self._what} {self.count + 1}: {error_sentence(exc)}"
                break
            number = getattr(item, self._key)
            if number != self.count + 1:
                problem = f"{self._what} {number} follows {self._what} {self.count}"
                break
            self.count = number
            fresh.append(item)
        if problem:
            self._problem = f"{shown(self.path)}: {problem}; later {self._what}s are not taken in."
        return fresh, restarted
