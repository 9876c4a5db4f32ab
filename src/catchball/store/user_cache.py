"""The user's cache folder: what catchball keeps only to start faster, never a record.

* ``CATCHBALL_CACHE_DIR`` when set;
* otherwise ``platformdirs.user_cache_dir("catchball")``.

Everything in it can be deleted at any time: the next start reads the originals again.
"""

from __future__ import annotations

import os
from pathlib import Path

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


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Remove all but the `keep` newest files matching `pattern`."""
    kept = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[keep:]:
        old.unlink(missing_ok=True)
