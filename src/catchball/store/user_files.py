"""Reading a file the user names (an agenda, a scenario, an OKR): one sentence when it cannot be."""

from __future__ import annotations

from pathlib import Path

from ..domain.okr_file import OkrFileError, parse_okr
from ..domain.quality import OkrDraft

MAX_BYTES = 1_000_000


def read_user_file(path: Path, error: type[Exception] = ValueError, max_bytes: int = MAX_BYTES) -> str:
    """The file's UTF-8 text; raise `error` naming the file and what is wrong with it."""
    try:
        if path.stat().st_size > max_bytes:
            raise error(f"{path}: too large (over {max_bytes // 1_000_000} MB).")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a file.") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(f"{path}: line {line} is not valid UTF-8 text.") from None


def load_okr(path: str) -> OkrDraft:
    """A whole OKR from a TOML file (see `domain.okr_file`); `OkrFileError` in one sentence."""
    return parse_okr(read_user_file(Path(path), OkrFileError), path)
