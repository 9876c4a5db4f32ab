"""Reading an append-only TOML file while its one writer may be halfway through an append.

Each record is appended as one write of `"\\n[[table]]\\n" + its TOML`, its last key last
(`seq` for events, `id` for inbox items). Only the last record can be incomplete, and it is
complete when it ends with a newline, parses, and has that last key. Readers take the
complete prefix and leave the rest for their next look; they never write.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path


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
        records = tomllib.loads(last.decode("utf-8")).get(table)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return start
    if not isinstance(records, list) or len(records) != 1 or not isinstance(records[0], dict) \
            or last_key not in records[0]:
        return start
    return len(data)


def parse_records(data: bytes, table: str) -> tuple[list[dict], int, str | None]:
    """The records of whole-record bytes and the bytes they fill; on damage, those before it and a sentence."""
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
        records = parsed.get(table, [])
        if set(parsed) <= {table} and isinstance(records, list):
            return records, len(data), None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        pass
    good: list[dict] = []  # slow path: record by record, up to the damage
    starts = list(_find_all(data, header(table))) or [0]
    for start, end in zip(starts, starts[1:] + [len(data)]):
        try:
            chunk = tomllib.loads(data[start:end].decode("utf-8")).get(table)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            return good, start, f"a record is not valid TOML ({exc})"
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
    """A read position in one growing file: `read()` gives the whole records added since."""

    path: Path
    table: str
    last_key: str
    offset: int = 0
    size: int = -1
    mtime: int = -1

    def changed(self) -> bool:
        """A cheap look (one stat): has the file changed since the last read?"""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return self.size > 0
        return (st.st_size, st.st_mtime_ns) != (self.size, self.mtime)

    def read(self) -> tuple[list[dict], bool, str | None]:
        """(new records, whether the file was cut shorter so reading began again, a damage sentence)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            restarted = self.offset > 0
            self.offset, self.size, self.mtime = 0, 0, -1
            return [], restarted, None
        try:
            st = os.fstat(fd)
            restarted = st.st_size < self.offset
            if restarted:
                self.offset = 0
            data = os.pread(fd, st.st_size - self.offset, self.offset)
        finally:
            os.close(fd)
        self.size, self.mtime = st.st_size, st.st_mtime_ns
        whole = complete_prefix(data, self.table, self.last_key)
        records, used, problem = parse_records(data[:whole], self.table)
        self.offset += used
        return records, restarted, problem
