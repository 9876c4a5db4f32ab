"""The app's parsed stylesheets, kept between starts (as Python keeps its .pyc files).

Textual parses every stylesheet at every start, in pure Python: about 10 ms before the first
frame for the session screen's. Its parse results (rule sets, keyed by the exact CSS text and
where it was read from) are kept in one file per Textual version, Python version and set of
theme variables, in the user's cache folder (`user_cache`).

The file is only ever a shortcut. A changed stylesheet has different text, so its old entry is
never found; a file that cannot be read, or holds anything but entries, is ignored and written
again. Files are written whole (temp file, fsync, ``os.replace``) and at most `KEEP` are kept.
"""

from __future__ import annotations

import pickle

from .user_cache import file_for, keep_file

KEEP = 6  # files: a few themes' worth
MOST = 256  # entries in one file; past that it starts again from the ones in use
FILES = "css-*.pickle"


def load(key: str) -> dict:
    """The entries kept for ``key``; empty when there are none or they cannot be read."""
    try:
        kept_for, data = pickle.loads(file_for(key, FILES).read_bytes())  # noqa: S301 - our own file, in the user's cache
    except Exception:  # noqa: BLE001 - missing, unreadable, truncated, from another version: parse instead
        return {}
    if kept_for != key:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, tuple) and isinstance(v, list) for k, v in data.items()):
        return {}
    return data


def save(key: str, entries: dict) -> None:
    """Keep ``entries`` for ``key`` (best effort: a full or read-only disk only costs the next
    start its parse), and prune the oldest files past `KEEP`."""
    try:
        keep_file(file_for(key, FILES), pickle.dumps((key, entries), protocol=pickle.HIGHEST_PROTOCOL), FILES, KEEP)
    except Exception:  # noqa: BLE001 - the cache is a shortcut; no start fails for it
        return
