"""The one listing of a sessions folder: home, `list`, `check`, `resume` and review all use it.

Each session is summed up (title, level, mode, where it stands, how many events, the focused
objective, damage) from its own files. The summaries are kept in `.index.json` beside the
sessions so that a session is read once, not on every start; the index is a cache, never a
record: an entry is used only while both of its session's files still have the size,
modification time and inode they had when it was read, otherwise the session is read again.
A missing, damaged or foreign index is rebuilt from the logs. Writing it is best effort (a
read-only sessions folder lists all the same, just without the saving).

The index is JSON lines: a header (`INDEX_HEADER`), then one line a session, its folder's
name (a JSON string), a tab, and its entry (a JSON object: the files' key and the summary).
An entry is decoded only when its session is listed, so a screen's first rows need not wait
for the thousand after them.

Rows come one at a time, newest folder first (`iter_sessions`), so a screen can show the
first ones while the rest are read; `SessionListing.known` gives the first ones the index
holds at once, for a screen's first frame. A folder that cannot be read is a row with its one
sentence; it never stops the rows after it. Nothing here imports the event
records until a session has to be read, so a fresh index lists without them.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import StoreError
from .reading import os_reason, shown

INDEX_FILE = ".index.json"
INDEX_VERSION = 3
INDEX_HEADER = b'{"index": "catchball sessions", "version": %d}' % INDEX_VERSION  # then one line a session
INDEX_MAX_BYTES = 64 * 1024 * 1024
SESSION_FILE = "session.toml"  # the same names as session_dir's, without importing it
EVENTS_FILE = "events.toml"
_WRITE = threading.Lock()  # the home screen and the review browser may list at once


@dataclass(frozen=True)
class Summary:
    """What a list shows of a readable session: worked out from its log, kept in the index."""

    title: str
    created: datetime
    level: str
    mode: str
    phase: int
    phases: int
    phase_label: str
    started_at: datetime | None
    last_at: datetime | None
    finished_at: datetime | None
    events: int
    focus: str | None
    damage: str | None  # the log's damage sentence: its readable part is what is summed up
    kind: str = "planning"
    planning: str | None = None  # a check-in's planning session (its folder name)
    checkin_date: date | None = None
    checkin: str | None = None  # a check-in's values, in a line

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def minutes(self) -> float | None:
        end = self.finished_at or self.last_at
        return (end - self.started_at).total_seconds() / 60 if self.started_at and end else None

    def to_json(self) -> dict[str, Any]:
        return {k: v.isoformat() if isinstance(v, (datetime, date)) else v for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        fields = dict(data)
        for name in ("created", "started_at", "last_at", "finished_at"):
            if fields[name] is not None:
                fields[name] = datetime.fromisoformat(fields[name])
        if fields.get("checkin_date") is not None:
            fields["checkin_date"] = date.fromisoformat(fields["checkin_date"])
        return cls(**fields)


@dataclass(frozen=True)
class Listed:
    """One session folder in a listing: its summary, or the sentence saying why it has none."""

    folder: Path
    summary: Summary | None
    error: str | None  # the log's damage, or why the session cannot be read

    @property
    def readable(self) -> bool:
        return self.summary is not None

    @property
    def events(self) -> int:
        return self.summary.events if self.summary else 0

    @property
    def title(self) -> str:
        return self.summary.title if self.summary else self.folder.name

    @property
    def status(self) -> str:
        if self.summary is None:
            return "unreadable"
        if self.error:
            return "damaged"
        return "finished" if self.summary.finished else "in progress"

    @property
    def resumable(self) -> bool:
        return self.summary is not None and not self.summary.finished and self.error is None


def summarize(file: Any, state: Any, events: int, damage: str | None) -> Summary:
    """A session's summary from its file and folded state (the same fold the screens show)."""
    info = file.session
    focus = state.objectives[state.focus].text if state.focus in state.objectives else None
    kind = getattr(getattr(info, "kind", None), "value", "planning")
    checkin = None
    if kind == "check-in":
        checkin = ", ".join(f"KR{v.kr} {v.value:g} ({v.confidence}/10)"
                            for v in getattr(state, "checkin_values", {}).values()) or "no values"
    return Summary(kind=kind, planning=getattr(info, "planning", None), checkin=checkin,
                   checkin_date=getattr(info, "checkin_date", None) or (info.created.date() if kind == "check-in" else None),
                   title=info.title, created=info.created, level=info.level.value, mode=info.mode.value,
                   phase=state.phase, phases=len(file.agenda.phases), phase_label=state.current_phase.label,
                   started_at=state.started_at, last_at=state.last_at, finished_at=state.finished_at,
                   events=events, focus=focus, damage=damage)


def read_summary(folder: Path) -> Listed:
    """Read one session from its files (no index); any failure is the row's one sentence."""
    from ..domain.fold import replay
    from .session_dir import open_session

    try:
        opened = open_session(folder)
        damage = opened.log.damage.message if opened.log.damage else None
        state = replay(opened.file, opened.log.events)
        return Listed(folder, summarize(opened.file, state, len(opened.log.events), damage), damage)
    except StoreError as exc:
        return Listed(folder, None, str(exc))
    except OSError as exc:
        return Listed(folder, None, f"{folder}: cannot be read ({exc.strerror or type(exc).__name__}).")
    except Exception as exc:  # noqa: BLE001 - one hostile folder must never stop the others
        return Listed(folder, None, f"{folder}: could not be read ({type(exc).__name__}).")


def session_folders(sessions_dir: Path) -> list[Path]:
    """The session folders, newest first (by name: `<date>-<slug>`); hidden names are skipped.

    A sessions folder that does not exist has no sessions; one that cannot be read raises
    `StoreError` with a sentence.
    """
    return [sessions_dir / name for name in _folder_names(sessions_dir)]


def _folder_names(sessions_dir: Path) -> list[str]:
    """`session_folders`, as names (a listing makes each path when it comes to it)."""
    try:
        with os.scandir(sessions_dir) as entries:
            names = [e.name for e in entries if not e.name.startswith(".") and _is_dir(e)]
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise StoreError(f"The sessions folder {shown(sessions_dir)} is a file, not a folder.") from None
    except OSError as exc:
        raise StoreError(f"The sessions folder {shown(sessions_dir)} cannot be read ({os_reason(exc)}).") from None
    return sorted(names, reverse=True)


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _key(folder: Path) -> list | None:
    """What identifies this version of a session's files, or None when they cannot be cached."""
    key = []
    for name in (SESSION_FILE, EVENTS_FILE):
        try:
            st = os.stat(folder / name)
        except FileNotFoundError:
            if name == SESSION_FILE:
                return None
            key.append(None)
            continue
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        key.append([st.st_size, st.st_mtime_ns, st.st_ino])
    return key


def _name(name: str) -> bytes:
    """A folder's name as the index writes it: JSON (ASCII), so never a tab or a line break."""
    return json.dumps(name).encode("ascii")


def _read_index(sessions_dir: Path) -> dict[bytes, bytes]:
    """The index's entries by folder name (as `_name` writes it), each still its line's JSON: a
    listing decodes only the entries it looks up (the first frame needs a screenful, not all)."""
    path = sessions_dir / INDEX_FILE
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > INDEX_MAX_BYTES:
            return {}
        header, _, body = path.read_bytes().partition(b"\n")
    except OSError:
        return {}
    if header != INDEX_HEADER:
        return {}  # an older or a foreign index: rebuilt from the logs
    entries = {}
    for line in body.split(b"\n"):
        name, tab, entry = line.partition(b"\t")
        if tab:
            entries[name] = entry
    return entries


def _write_index(sessions_dir: Path, entries: dict[bytes, bytes]) -> None:
    from .atomic import write_atomic

    data = b"".join([INDEX_HEADER, b"\n", *(b"%s\t%s\n" % item for item in sorted(entries.items(), reverse=True))])
    with _WRITE:
        try:
            write_atomic(sessions_dir / INDEX_FILE, data)
        except OSError:
            pass  # a read-only folder: the listing works without the index, it only reads more


def _entry(key: list, summary: Summary) -> bytes:
    return json.dumps({"key": key, "summary": summary.to_json()}, sort_keys=True).encode("ascii")


def _cached(line: bytes | None, key: list | None) -> Summary | None:
    if key is None or line is None:
        return None
    try:
        entry = json.loads(line)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        return Summary.from_json(entry["summary"])
    except (KeyError, TypeError, ValueError, RecursionError):
        return None


class SessionListing:
    """One pass over a sessions folder: `known` takes the next rows the index already holds (no log
    is read: a screen shows them in its first frame), iterating gives every row still to come.

    The folder and the index are read when it is made (`StoreError` if the folder cannot be
    read). It may be handed to another thread between the two, not used by two at once. The
    index is brought up to date when the iteration ends, or wherever its caller stops it.
    """

    def __init__(self, sessions_dir: Path, use_index: bool = True) -> None:
        self.sessions_dir = sessions_dir
        self._use_index = use_index
        self._names = _folder_names(sessions_dir)
        self._old = _read_index(sessions_dir) if use_index else {}
        self._entries: dict[bytes, bytes] = {}
        self._at = 0  # the next folder's place in `_names`
        self._changed = False
        self._closed = False

    def known(self, limit: int) -> list[Listed]:
        """Up to `limit` next rows, as long as the index has them for their files as they are now;
        stops at the first row that would need its log read (the iteration reads it)."""
        rows: list[Listed] = []
        while len(rows) < limit and self._at < len(self._names):
            folder, name, _, summary = self._next()
            if summary is None:
                break
            rows.append(self._from_index(folder, name, summary))
        return rows

    def _next(self) -> tuple[Path, bytes, list | None, Summary | None]:
        """The next folder, its name in the index, its files' key, and the index's summary of it
        if that still holds for those files (not taken: `_from_index` or a read takes it)."""
        folder, name = self.sessions_dir / self._names[self._at], _name(self._names[self._at])
        key = _key(folder)
        return folder, name, key, _cached(self._old.get(name), key)

    def _from_index(self, folder: Path, name: bytes, summary: Summary) -> Listed:
        self._at += 1
        self._entries[name] = self._old[name]
        return Listed(folder, summary, summary.damage)

    def __iter__(self) -> Iterator[Listed]:
        try:
            while self._at < len(self._names):
                folder, name, key, summary = self._next()
                if summary is not None:
                    yield self._from_index(folder, name, summary)
                    continue
                self._at += 1
                row = read_summary(folder)
                if row.summary is not None and key is not None and key == _key(folder):
                    self._entries[name] = _entry(key, row.summary)
                    self._changed = True
                elif name in self._old:
                    self._changed = True
                yield row
        finally:
            self.close()

    def close(self) -> None:
        """Write the index if anything changed, or if it names a folder that is gone (what is not
        visited yet keeps its entry); once."""
        if not self._use_index or self._closed:
            return
        self._closed = True
        names = [_name(n) for n in self._names]
        seen, visited = set(names), set(names[:self._at])
        if self._changed or not seen.issuperset(self._old):
            kept = {name: entry for name, entry in self._old.items() if name in seen and name not in visited}
            _write_index(self.sessions_dir, {**kept, **self._entries})


def iter_sessions(sessions_dir: Path, use_index: bool = True) -> Iterator[Listed]:
    """Every session folder as a `Listed` row, newest first, each as soon as it is known.

    Raises `StoreError` (before any row) when the sessions folder itself cannot be read.
    The index is brought up to date at the end, or wherever the caller stops.
    """
    yield from SessionListing(sessions_dir, use_index)


def list_sessions(sessions_dir: Path) -> list[Listed]:
    """Every session folder, newest first (see `iter_sessions`)."""
    return list(iter_sessions(sessions_dir))
