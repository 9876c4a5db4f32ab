"""The user's cache folder: what catchball keeps only to start faster, never a record.

* ``CATCHBALL_CACHE_DIR`` when set;
* otherwise ``platformdirs.user_cache_dir("catchball")``.

Everything in it can be deleted at any time: the next start reads the originals again.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from .atomic import write_atomic

CACHE_DIR_ENV = "CATCHBALL_CACHE_DIR"


def cache_dir() -> Path:
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("catchball"))


def stamp(*files: str) -> str:
    """What tells one installed version of these source files from another (their size and
    time of writing), without asking the package metadata (about 5 ms before a first frame)."""
    parts = []
    for name in files:
        try:
            info = os.stat(name)
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:?")
    return "|".join(parts)


def file_for(key: str, pattern: str) -> Path:
    """The cache file for ``key``: ``pattern`` (a relative path with one ``*``) with the ``*``
    made of the key's CRC-32 and length. The name only spreads keys over files: whoever reads
    one checks the key it holds (hashlib's import alone costs a first frame over a millisecond)."""
    return cache_dir() / pattern.replace("*", f"{zlib.crc32(key.encode('utf-8')):08x}-{len(key)}")


def keep_file(path: Path, data: bytes, pattern: str, most: int) -> None:
    """Write a cache file whole (temp file, fsync, ``os.replace``) and remove all but the `most`
    newest files beside it matching ``pattern``'s name. Raises OSError as the disk does: the
    caller decides that a cache it cannot write costs nothing but the next start's work."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    newest = sorted(path.parent.glob(Path(pattern).name), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in newest[most:]:
        old.unlink(missing_ok=True)
