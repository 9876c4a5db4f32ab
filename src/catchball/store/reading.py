"""Every file catchball reads comes through here: bounded, never blocking, one sentence on failure.

Only regular files are read: a FIFO, a device (or a link to /dev/zero) or a folder is refused
after a `stat`, before anything is opened for reading, and again after opening (O_NONBLOCK, so
even a FIFO swapped in between cannot block). The size is bounded before reading, and TOML is
parsed by the one depth-bounded `loads_toml`.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

from ..domain.text import one_line
from ..domain.toml_text import TomlError, loads_toml
from .errors import StoreError

MB = 1_000_000
SMALL_FILE = 1 * MB  # session.toml, themes, config, agendas, scenarios, OKR files
EVENT_LOG = 256 * MB  # events.toml: 100,000 events are about 20 MB


class UnreadableFile(StoreError):
    """A file that is not there, not a regular file, too large, or not readable (one sentence)."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def shown(path: Path | str) -> str:
    """A path as it may appear in a message: no control character reaches the terminal."""
    return one_line(str(path))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def os_reason(exc: OSError) -> str:
    """`permission denied`, `no space left on device` …: the OS's reason, in lower case."""
    text = os.strerror(exc.errno) if exc.errno else str(exc)
    return text[:1].lower() + text[1:]


def read_bytes(path: Path, max_bytes: int = SMALL_FILE) -> bytes:
    """The bytes of a regular file no larger than `max_bytes`; `UnreadableFile` otherwise."""
    return read_from(path, 0, max_bytes)[0]


def read_from(path: Path, offset: int, max_bytes: int = SMALL_FILE) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file from `offset` on, and its stat (read by the open descriptor).

    A growing file's reader takes only what was added since its last look; the whole file must
    still be no larger than `max_bytes`. A file now shorter than `offset` is read from its start
    (the caller sees `len(data) == st_size` and knows it was cut back).
    """
    try:
        before = os.stat(path)
        if not stat.S_ISREG(before.st_mode):
            raise UnreadableFile(f"{shown(path)} {_kind(before.st_mode)}.")
        if before.st_size > max_bytes:
            raise UnreadableFile(f"{shown(path)} is too large ({before.st_size:,} bytes; "
                                 f"catchball reads at most {max_bytes:,}).")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise UnreadableFile(f"{shown(path)} {_kind(st.st_mode)}.")
            at = offset if 0 <= offset <= st.st_size else 0
            chunks: list[bytes] = []
            size = at
            while True:
                chunk = os.pread(fd, min(max_bytes + 1 - size, 1 << 20) or 1, size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    raise UnreadableFile(f"{shown(path)} is too large (catchball reads at most {max_bytes:,} bytes).")
            return b"".join(chunks), st
        finally:
            os.close(fd)
    except UnreadableFile:
        raise
    except FileNotFoundError:
        raise UnreadableFile(f"{shown(path)}: no such file.", missing=True) from None
    except NotADirectoryError:
        raise UnreadableFile(f"{shown(path)}: a part of this path is a file, not a folder.", missing=True) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableFile(f"{shown(path)}: a link that loops on itself.") from None
        raise UnreadableFile(f"{shown(path)} cannot be read ({os_reason(exc)}).") from None


def decode(raw: bytes, path: Path | str) -> str:
    """UTF-8 text (a leading byte-order mark dropped); `UnreadableFile` naming the bad line."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise UnreadableFile(f"{shown(path)}: line {line} is not valid UTF-8 text.") from None


def read_text(path: Path, max_bytes: int = SMALL_FILE) -> str:
    return decode(read_bytes(path, max_bytes), path)


def parse(text: str, path: Path | str) -> dict[str, Any]:
    """TOML text into a dict; `UnreadableFile` with one sentence naming the file."""
    try:
        return loads_toml(text)
    except TomlError as exc:
        raise UnreadableFile(f"{shown(path)}: {exc}.") from None


def read_toml(path: Path, max_bytes: int = SMALL_FILE) -> dict[str, Any]:
    """A TOML file as a dict: bounded reading, depth-bounded parsing, one sentence on failure."""
    return parse(read_text(path, max_bytes), path)
