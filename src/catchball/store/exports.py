"""Reports written next to their session: `<sessions dir>/<session folder>.md`, atomically."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .atomic import write_atomic
from .errors import StoreError

_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


def export_path(folder: Path, suffix: str = ".md") -> Path:
    """Where a session's report goes: beside its folder, named after it (never inside the log's folder)."""
    if not _SUFFIX.fullmatch(suffix):
        raise StoreError(f"{suffix!r} is not a file suffix like .md or .json.")
    return folder.parent / f"{folder.name}{suffix}"


def export_report(folder: Path, text: str, suffix: str = ".md") -> Path:
    """Write the report (replacing an earlier export) and return its path."""
    path = export_path(folder, suffix)
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise StoreError(f"{path}: could not write the report ({os.strerror(exc.errno or 5)}).") from None
    return path
