"""Whole-file writes that a crash cannot half-do: temp file, fsync, os.replace."""

from __future__ import annotations

import os
import time
from pathlib import Path

TMP_SUFFIX = ".tmp"


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:  # a full disk, a failed rename: no temp file is left behind
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def clean_temp_files(folder: Path, older_than: float = 0.0) -> list[Path]:
    """Remove temp files a crash left behind (`.name.pid.tmp`), optionally only old ones."""
    removed = []
    now = time.time()
    for leftover in folder.glob(f".*{TMP_SUFFIX}"):
        try:
            if older_than and now - leftover.stat().st_mtime <= older_than:
                continue
            leftover.unlink()
            removed.append(leftover)
        except OSError:
            pass
    return removed
