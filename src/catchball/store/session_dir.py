"""Session folders: create, open, list, resolve, and the `.lock` of a live session."""

from __future__ import annotations

import errno
import os
import re
import socket
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import tomli_w
from pydantic import ValidationError

from ..domain.model import SessionFile
from ..domain.toml_model import first_error
from .atomic import clean_temp_files, write_atomic
from .errors import SessionLocked, SessionNotFound, StoreError
from .event_log import EventLog, LoadedLog, load_events
from .schema import upgrade
from .toml_read import TOMLDecodeError, parse_toml

if TYPE_CHECKING:
    from .session_index import Listed

SESSION_FILE = "session.toml"
EVENTS_FILE = "events.toml"
LOCK_FILE = ".lock"
SLUG_MAX = 48


def slugify(text: str) -> str:
    """ASCII letters, digits and dashes only: user text never becomes a path as it is."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:SLUG_MAX].strip("-")
    return slug or "session"


def _dump_session(file: SessionFile) -> bytes:
    """session.toml, laid out for a human: tables in order, one [[...]] per list item."""
    data = file.model_dump(mode="python", by_alias=True, exclude_none=True)
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
    """Make a new folder `<date>-<slug>` (suffixed when taken) holding session.toml."""
    sessions_dir.mkdir(parents=True, exist_ok=True)
    day = file.session.checkin_date or file.session.created  # a check-in is named after its date
    base = f"{day:%Y-%m-%d}-{slugify(file.session.title)}"
    root = sessions_dir.resolve()
    for n in range(1, 1000):
        folder = root / (base if n == 1 else f"{base}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        if folder.parent != root:  # cannot happen with a slug; a guard all the same
            raise StoreError(f"{folder}: refusing to write outside {root}.")
        write_atomic(folder / SESSION_FILE, _dump_session(file.model_copy(
            update={"session": file.session.model_copy(update={"id": folder.name})})))
        return folder
    raise StoreError(f"{sessions_dir}: too many sessions named {base}.")


def read_session_file(folder: Path) -> SessionFile:
    path = folder / SESSION_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SessionNotFound(f"{folder}: no {SESSION_FILE} here, so this is not a catchball session.") from None
    except UnicodeDecodeError:
        raise StoreError(f"{path}: the text is not valid UTF-8.") from None
    try:
        data = parse_toml(text)
    except TOMLDecodeError as exc:
        raise StoreError(f"{path}: not valid TOML ({exc}).") from None
    data = upgrade(data, path)
    try:
        return SessionFile.model_validate(data)
    except ValidationError as exc:
        raise StoreError(f"{path}: {first_error(exc)}.") from None


def resolve(sessions_dir: Path, name: str) -> Path:
    """A session's folder from a path or a slug inside the sessions dir."""
    as_path = Path(name)
    if (as_path / SESSION_FILE).is_file():
        return as_path
    if "/" not in name and os.sep not in name and name not in (".", ".."):
        candidate = sessions_dir / name
        if (candidate / SESSION_FILE).is_file():
            return candidate
    raise SessionNotFound(f"No session named {name!r} (looked for a folder with {SESSION_FILE} and in {sessions_dir}).")


# -- the lock ------------------------------------------------------------------------
def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lock_holder(folder: Path) -> str | None:
    """'pid@host' of a live holder, or None when the lock is free or stale."""
    try:
        content = (folder / LOCK_FILE).read_text(encoding="utf-8").split()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    if len(content) == 2 and content[0].isdigit():
        pid, host = int(content[0]), content[1]
        if host != socket.gethostname() or _alive(pid):
            return f"{pid}@{host}"
    return None


def acquire_lock(folder: Path) -> None:
    path = folder / LOCK_FILE
    mine = f"{os.getpid()} {socket.gethostname()}\n".encode()
    for _ in range(3):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = lock_holder(folder)
            if holder is not None and holder != f"{os.getpid()}@{socket.gethostname()}":
                raise SessionLocked(
                    f"{folder.name} is open in another catchball (process {holder}); "
                    "close it there first, or open this one read-only.") from None
            path.unlink(missing_ok=True)  # stale: its holder died
            continue
        try:
            os.write(fd, mine)
            os.fsync(fd)
        finally:
            os.close(fd)
        return
    raise SessionLocked(f"{folder.name}: could not take the lock.")


def release_lock(folder: Path) -> None:
    path = folder / LOCK_FILE
    try:
        if path.read_text(encoding="utf-8").split()[:1] == [str(os.getpid())]:
            path.unlink()
    except (FileNotFoundError, IndexError, OSError):
        pass


# -- opening -----------------------------------------------------------------------
@dataclass
class OpenSession:
    folder: Path
    file: SessionFile
    log: LoadedLog
    writer: EventLog | None = None

    @property
    def read_only(self) -> bool:
        return self.writer is None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            release_lock(self.folder)


def open_session(folder: Path, write: bool = False, fallback_read_only: bool = False) -> OpenSession:
    """Open a session; with `write`, take its lock and an appender.

    A live holder makes this raise `SessionLocked`, or open read-only when
    `fallback_read_only`. A damaged log is never opened for writing.
    """
    file = read_session_file(folder)
    loaded = load_events(folder / EVENTS_FILE)
    session = OpenSession(folder, file, loaded)
    if not write:
        return session
    if loaded.damage is not None:
        raise StoreError(loaded.damage.message + " Run `catchball check --repair` first.")
    try:
        acquire_lock(folder)
    except SessionLocked:
        if fallback_read_only:
            return session
        raise
    clean_temp_files(folder)
    try:
        session.writer = EventLog(folder / EVENTS_FILE)
    except OSError as exc:
        release_lock(folder)
        raise StoreError(f"{folder / EVENTS_FILE}: cannot write ({os.strerror(exc.errno or errno.EIO)}).") from None
    return session


def list_sessions(sessions_dir: Path) -> list[Listed]:
    """Every session folder, newest first; the one listing lives in `store.session_index`."""
    from .session_index import list_sessions as listing

    return listing(sessions_dir)
