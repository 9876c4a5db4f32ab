"""Session folders: create, open, list, resolve (the `.lock` of a live session is `store.lock`)."""

from __future__ import annotations

import os
import re
import shutil
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from ..domain.model import SessionFile
from ..domain.record import ValidationError, decode, error_sentence, replace, to_toml
from .atomic import clean_temp_files, write_atomic
from .errors import NoSuchSession, SessionLocked, SessionNotFound, StoreError
from .event_log import EventLog, LoadedLog, keep_copy, load_events
from .lock import LOCK_FILE, TAKEOVER_LOG, HeldLock, acquire_lock
from .reading import SMALL_FILE, UnreadableFile, os_reason, read_toml, shown
from .schema import upgrade

SESSION_FILE = "session.toml"
EVENTS_FILE = "events.toml"
SLUG_MAX = 48
__all__ = ["EVENTS_FILE", "LOCK_FILE", "SESSION_FILE", "TAKEOVER_LOG", "OpenSession", "create_session",
           "open_session", "read_session_file", "remove_new_session", "resolve",
           "slugify"]


def slugify(text: str) -> str:
    """ASCII letters, digits and dashes only: user text never becomes a path as it is."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:SLUG_MAX].strip("-")
    return slug or "session"


def _dump_session(file: SessionFile) -> bytes:
    """session.toml, laid out for a human: tables in order, one [[...]] per list item."""
    data = to_toml(file)
    agenda = data["agenda"]
    phases = agenda.pop("phases")
    parts = [tomli_w.dumps({"session": data["session"]}), tomli_w.dumps({"agenda": agenda})]
    parts += ["[[agenda.phases]]\n" + tomli_w.dumps(p) for p in phases]
    parts += ["[[participants]]\n" + tomli_w.dumps(p) for p in data["participants"]]
    carried = {k: v for k, v in data["carried"].items() if v}
    if carried:
        parts.append(tomli_w.dumps({"carried": carried}))
    if data.get("quarter"):
        parts.append(tomli_w.dumps({"quarter": data["quarter"]}))
    return "\n".join(parts).encode("utf-8")


def create_session(sessions_dir: Path, file: SessionFile) -> Path:
    """Make a new folder `<date>-<slug>` (suffixed when taken) holding session.toml.

    Raises `StoreError` with one sentence (a sessions dir that is a file or read-only, a full
    disk); a folder it made is removed again, so no half-made session is left behind.
    """
    try:
        sessions_dir.mkdir(parents=True, exist_ok=True)
        root = sessions_dir.resolve()
    except FileExistsError:
        raise StoreError(f"The sessions folder {shown(sessions_dir)} is a file, not a folder.") from None
    except OSError as exc:
        raise StoreError(f"The sessions folder {shown(sessions_dir)} cannot be made ({os_reason(exc)}).") from None
    day = file.session.checkin_date or file.session.created  # a check-in is named after its date
    base = f"{day:%Y-%m-%d}-{slugify(file.session.title)}"
    for n in range(1, 1000):
        folder = root / (base if n == 1 else f"{base}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise StoreError(f"No session can be created in {shown(sessions_dir)} ({os_reason(exc)}).") from None
        if folder.parent != root:  # cannot happen with a slug; a guard all the same
            raise StoreError(f"{shown(folder)}: refusing to write outside {shown(root)}.")
        try:
            write_atomic(folder / SESSION_FILE, _dump_session(replace(
                file, session=replace(file.session, id=folder.name))))
        except OSError as exc:
            remove_new_session(folder)
            raise StoreError(f"No session can be created in {shown(sessions_dir)} ({os_reason(exc)}); "
                             "nothing was left behind.") from None
        return folder
    raise StoreError(f"{shown(sessions_dir)}: too many sessions named {base}.")


def remove_new_session(folder: Path) -> None:
    """Remove a session folder this process just made and could not finish (best effort)."""
    shutil.rmtree(folder, ignore_errors=True)


def read_session_file(folder: Path) -> SessionFile:
    path = folder / SESSION_FILE
    try:
        data = read_toml(path, SMALL_FILE)
    except UnreadableFile as exc:
        if exc.missing:
            raise SessionNotFound(f"{shown(folder)}: no {SESSION_FILE} here, so this is not a catchball session.") from None
        raise
    data = upgrade(data, path)
    try:
        return decode(data, SessionFile)
    except ValidationError as exc:
        raise StoreError(f"{shown(path)}: {error_sentence(exc)}.") from None


def _is_session(folder: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(folder / SESSION_FILE).st_mode) or (folder / SESSION_FILE).is_dir()
    except OSError:
        return False


def resolve(sessions_dir: Path, name: str) -> Path:
    """A session's folder from a path or a slug inside the sessions dir (`SessionNotFound` if none)."""
    as_path = Path(name)
    if name and _is_session(as_path):
        return as_path
    if name and "/" not in name and os.sep not in name and name not in (".", ".."):
        candidate = sessions_dir / name
        if _is_session(candidate):
            return candidate
    raise NoSuchSession(f"No session named {shown(name)!r} (looked for a folder with {SESSION_FILE} "
                          f"and in {shown(sessions_dir)}).")


# -- opening -----------------------------------------------------------------------
@dataclass
class OpenSession:
    folder: Path
    file: SessionFile
    log: LoadedLog
    writer: EventLog | None = None
    lock: HeldLock | None = None

    @property
    def read_only(self) -> bool:
        return self.writer is None

    def keep_log_copy(self) -> bool:
        """Write the log's validated copy if its loading found one due (`event_log.keep_copy`)."""
        return keep_copy(self.folder / EVENTS_FILE, self.log)

    def close(self) -> None:
        """Close the appender, then release the lock (idempotent, so a signal handler may call it)."""
        writer, lock = self.writer, self.lock
        self.writer = self.lock = None
        if writer is not None:
            writer.close()
        if lock is not None:
            lock.release()


def open_session(folder: Path, write: bool = False, fallback_read_only: bool = False,
                 take_over: bool = False) -> OpenSession:
    """Open a session; with `write`, take its lock and an appender.

    A live holder makes this raise `SessionLocked`, or open read-only when
    `fallback_read_only`; `take_over` takes a lock whose holder cannot be seen running (see
    `store.lock`). A damaged log is never opened for writing. Every failure to read or write
    is a `StoreError` with one sentence.
    """
    file = read_session_file(folder)
    loaded = load_events(folder / EVENTS_FILE)
    session = OpenSession(folder, file, loaded)
    if not write:
        return session
    if loaded.damage is not None:
        raise StoreError(loaded.damage.message + " Run `catchball check --repair` first.")
    try:
        session.lock = acquire_lock(folder, take_over=take_over)
    except SessionLocked:
        if fallback_read_only:
            return session
        raise
    clean_temp_files(folder)
    try:
        session.writer = EventLog(folder / EVENTS_FILE)
    except OSError as exc:
        session.close()
        raise StoreError(f"{shown(folder / EVENTS_FILE)} cannot be written ({os_reason(exc)}).") from None
    return session
