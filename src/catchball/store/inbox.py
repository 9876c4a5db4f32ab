"""Participants' inboxes: how items from their own devices reach the one writer of the log.

    <session>/inbox/<inbox>/who.toml      name = "..." (written once, atomically)
                            items.toml    the participant's items, append-only, one writer
                            refused.toml  the facilitator's refusals, append-only, one writer
                            .lock         "pid host" while a participant's app holds the inbox

`<inbox>` is a slug of the name plus a short hash of it, so two names never share one. A
participant's app (`InboxWriter`) takes the inbox's lock (O_EXCL; a dead holder's lock is
taken over), appends each item with one write and an fsync, and never touches anything
else. The facilitator's app (`InboxReader`) only reads items and appends refusals: what it
recorded is in the session's log (each event names its item in `via`), so the log alone
says what was taken in, and a restart picks up exactly where it stopped.
"""

from __future__ import annotations

import hashlib
import os
import socket
import tomllib
from pathlib import Path

import tomli_w
from pydantic import ValidationError

from ..domain.intake import InboxItem, Refusal
from ..domain.toml_model import first_error
from .atomic import fsync_dir, write_atomic
from .errors import SessionLocked, StoreError
from .session_dir import slugify
from .tail import Tail, complete_prefix, header, parse_records

INBOX_DIR = "inbox"
WHO_FILE = "who.toml"
ITEMS_FILE = "items.toml"
REFUSED_FILE = "refused.toml"
LOCK_FILE = ".lock"


def inbox_name(name: str) -> str:
    """The folder of `name`'s inbox: a readable slug and 8 hex digits of the name's hash."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{slugify(name)[:40]}-{digest}"


def _append(fd: int, data: bytes) -> None:
    """One write and an fsync; on failure the partial record is cut off again."""
    before = os.fstat(fd).st_size
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except OSError:
        try:
            os.ftruncate(fd, before)
        except OSError:
            pass
        raise


def _record(table: str, model) -> bytes:
    return (header(table).decode() + tomli_w.dumps(model.model_dump(mode="python", exclude_none=True))).encode()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _take_lock(path: Path, what: str) -> None:
    mine = f"{os.getpid()} {socket.gethostname()}\n".encode()
    for _ in range(3):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:
                pid, host = path.read_text(encoding="utf-8").split()
                live = host != socket.gethostname() or _alive(int(pid))
            except (OSError, ValueError, UnicodeDecodeError):
                live = False
            if live:
                raise SessionLocked(f"{what} is already open in another catchball (process {pid}@{host}).") from None
            path.unlink(missing_ok=True)  # its holder died
            continue
        try:
            os.write(fd, mine)
            os.fsync(fd)
        finally:
            os.close(fd)
        return
    raise SessionLocked(f"{what}: could not take the lock.")


class InboxWriter:
    """The participant's side: their own inbox, locked, appended to item by item."""

    def __init__(self, session: Path, name: str) -> None:
        self.name = name
        self.inbox = inbox_name(name)
        self.folder = session / INBOX_DIR / self.inbox
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = self.folder / LOCK_FILE
        _take_lock(self._lock, f"{name}'s inbox")
        try:
            if not (self.folder / WHO_FILE).exists():
                write_atomic(self.folder / WHO_FILE, tomli_w.dumps({"name": name}).encode())
            self.items = self._recover()
            path = self.folder / ITEMS_FILE
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            fsync_dir(self.folder)
        except BaseException:
            self._lock.unlink(missing_ok=True)
            raise

    def _recover(self) -> list[InboxItem]:
        """The items already sent; a torn last one (a crash mid-write: never shown as sent) is cut off."""
        path = self.folder / ITEMS_FILE
        raw = path.read_bytes() if path.exists() else b""
        whole = complete_prefix(raw, "items", "id")
        records, used, problem = parse_records(raw[:whole], "items")
        if problem is not None:
            raise StoreError(f"{path}: {problem}; move the file away to start this inbox afresh.")
        items = [InboxItem.model_validate(r) for r in records]
        if used < len(raw):
            fd = os.open(path, os.O_WRONLY)
            try:
                os.ftruncate(fd, used)
                os.fsync(fd)
            finally:
                os.close(fd)
        return items

    @property
    def next_id(self) -> int:
        return len(self.items) + 1

    def send(self, **fields) -> InboxItem:
        """Validate, append with fsync: once this returns, the item is on disk for the room."""
        item = InboxItem(id=self.next_id, **fields)
        _append(self._fd, _record("items", item))
        self.items.append(item)
        return item

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
            self._lock.unlink(missing_ok=True)


def read_refusals(session: Path, inbox: str) -> list[Refusal]:
    """What the room refused of this inbox, for the participant's app (read-only)."""
    path = session / INBOX_DIR / inbox / REFUSED_FILE
    raw = path.read_bytes() if path.exists() else b""
    records, _, _ = parse_records(raw[:complete_prefix(raw, "refusals", "item")], "refusals")
    out = []
    for record in records:
        try:
            out.append(Refusal.model_validate(record))
        except ValidationError:
            break
    return out


class InboxReader:
    """The facilitator's side of one inbox: new whole items in order, and refusals to append."""

    def __init__(self, session: Path, inbox: str) -> None:
        self.inbox = inbox
        self.folder = session / INBOX_DIR / inbox
        self.name: str | None = None
        self.problem: str | None = None
        self._items = Tail(self.folder / ITEMS_FILE, "items", "id")
        self._seen = 0
        self._refusals_fd = -1

    def who(self) -> str | None:
        """The name this inbox belongs to, when its who.toml is sound and matches the folder."""
        if self.name is None:
            try:
                name = tomllib.loads((self.folder / WHO_FILE).read_text(encoding="utf-8")).get("name")
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return None
            if isinstance(name, str) and name and inbox_name(name) == self.inbox:
                self.name = name
            else:
                self.problem = f"inbox {self.inbox}: who.toml does not name its owner; it is ignored."
        return self.name

    def done_by_refusals(self) -> int:
        refused = read_refusals(self.folder.parent.parent, self.inbox)
        return max((r.item for r in refused), default=0)

    def new_items(self) -> list[InboxItem]:
        """Items added since the last call, whole ones only, in order; nothing when unchanged (one stat)."""
        if self.problem or not self._items.changed():
            return []
        records, restarted, problem = self._items.read()
        if restarted:
            self._seen = 0
        items: list[InboxItem] = []
        for record in records:
            try:
                item = InboxItem.model_validate(record)
            except ValidationError as exc:
                problem = f"item {self._seen + 1}: {first_error(exc)}"
                break
            if item.id != self._seen + 1:
                problem = f"item {item.id} follows item {self._seen}"
                break
            self._seen = item.id
            items.append(item)
        if problem:
            self.problem = f"{self.folder / ITEMS_FILE}: {problem}; later items are not taken in."
        return items

    def refuse(self, refusal: Refusal) -> None:
        if self._refusals_fd < 0:
            path = self.folder / REFUSED_FILE
            self._refusals_fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        _append(self._refusals_fd, _record("refusals", refusal))

    def close(self) -> None:
        if self._refusals_fd >= 0:
            os.close(self._refusals_fd)
            self._refusals_fd = -1


def list_inboxes(session: Path) -> list[str]:
    root = session / INBOX_DIR
    try:
        return sorted(entry.name for entry in os.scandir(root) if entry.is_dir() and not entry.name.startswith("."))
    except FileNotFoundError:
        return []


SERVE_FILE = ".serve.toml"  # where `catchball serve` says where it is, for the facilitator's screen


def write_serving(session: Path, url: str, code: str) -> None:
    folder = session / INBOX_DIR
    folder.mkdir(exist_ok=True)
    write_atomic(folder / SERVE_FILE, tomli_w.dumps({"url": url, "code": code, "pid": os.getpid()}).encode())


def read_serving(session: Path) -> tuple[str, str] | None:
    """(address, join code) of a `catchball serve` running for this session, if any."""
    try:
        data = tomllib.loads((session / INBOX_DIR / SERVE_FILE).read_text(encoding="utf-8"))
        url, code, pid = data["url"], data["code"], int(data["pid"])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError):
        return None
    if not (isinstance(url, str) and isinstance(code, str)) or not _alive(pid):
        return None
    return url, code


def clear_serving(session: Path) -> None:
    (session / INBOX_DIR / SERVE_FILE).unlink(missing_ok=True)
