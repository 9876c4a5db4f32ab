"""Participants' inboxes: how items from their own devices reach the one writer of the log.

    <session>/inbox/<inbox>/who.toml      name, key, proof (written atomically by the participant's app)
                            items.toml    the participant's items, append-only, one writer
                            refused.toml  the facilitator's refusals, append-only, one writer
                            .lock         "pid host" while a participant's app holds the inbox

`<inbox>` is a slug of the name plus a short hash of it, so two names never share one. A
participant's app (`InboxWriter`) takes the inbox's lock (O_EXCL; a dead holder's lock is
taken over), appends each item with one write and an fsync, and never touches anything
else. The facilitator's app (`InboxReader`) only reads items and appends refusals: what it
recorded is in the session's log (each event names its item in `via`), so the log alone
says what was taken in, and a restart picks up exactly where it stopped.

Nothing is written without the room's join code (`store.room`): the participant's app checks
the code before it makes the inbox, and `who.toml` carries a proof of it (`intake.code_proof`,
not the code) without which the facilitator's app takes nothing in. Its `key` is the inbox's
own secret, for the anonymous `via` of items recorded without their sender's name. Every read
goes through the bounded reader.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket
from pathlib import Path

import tomli_w

from ..domain.intake import InboxItem, Refusal, code_matches, code_proof
from ..domain.record import ValidationError, build, decode, to_toml
from .atomic import fsync_dir, write_atomic
from .errors import SessionLocked, StoreError
from .lock import pid_alive
from .reading import MB, UnreadableFile, read_bytes, read_toml
from .room import INBOX_DIR, read_room_code
from .session_dir import slugify
from .tail import NumberedTail, complete_prefix, header, parse_records

INBOX_MAX = 16 * MB  # one participant's items: thousands of long contributions
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
    return (header(table).decode() + tomli_w.dumps(to_toml(model))).encode()


def _item(record: object) -> InboxItem:
    return decode(record, InboxItem)


def _take_lock(path: Path, what: str) -> None:
    mine = f"{os.getpid()} {socket.gethostname()}\n".encode()
    for _ in range(3):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:
                pid, host = path.read_text(encoding="utf-8").split()
                live = host != socket.gethostname() or pid_alive(int(pid))
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


class WrongCode(StoreError):
    """The join code given is not the room's (or the room has none yet): nothing was written."""


def check_code(session: Path, code: str | None) -> None:
    """`WrongCode` with its sentence unless `code` is the room's join code; reads, never writes."""
    room = read_room_code(session)
    if room is None:
        raise WrongCode("The room has no join code yet: the facilitator's screen makes one once the session "
                        "is open (ctrl+p, Show how to join). Nothing was written.")
    if not code_matches(code or "", room):
        raise WrongCode("That is not the room's join code: nothing was written.")


_KEY = re.compile(r"^[0-9a-f]{32}$")


class InboxWriter:
    """The participant's side: their own inbox, locked, appended to item by item.

    Nothing is made (no folder, no lock) unless `code` is the room's join code."""

    def __init__(self, session: Path, name: str, code: str | None) -> None:
        check_code(session, code)
        self.name = name
        self.inbox = inbox_name(name)
        self.folder = session / INBOX_DIR / self.inbox
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = self.folder / LOCK_FILE
        _take_lock(self._lock, f"{name}'s inbox")
        try:
            self.key = self._who(code_proof(code or "", self.inbox))
            self.items = self._recover()
            path = self.folder / ITEMS_FILE
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            fsync_dir(self.folder)
        except BaseException:
            self._lock.unlink(missing_ok=True)
            raise

    def _who(self, proof: str) -> str:
        """who.toml says whose inbox this is and proves the code; its key is kept from the first run."""
        path = self.folder / WHO_FILE
        try:
            who = read_toml(path)
        except UnreadableFile:
            who = {}
        key = who.get("key") if isinstance(who.get("key"), str) and _KEY.match(who["key"]) else secrets.token_hex(16)
        wanted = {"name": self.name, "key": key, "proof": proof}
        if who != wanted:
            write_atomic(path, tomli_w.dumps(wanted).encode())
        return key

    def _recover(self) -> list[InboxItem]:
        """The items already sent; a torn last one (a crash mid-write: never shown as sent) is cut off."""
        path = self.folder / ITEMS_FILE
        try:
            raw = read_bytes(path, INBOX_MAX)
        except UnreadableFile as exc:
            if not exc.missing:
                raise
            raw = b""
        whole = complete_prefix(raw, "items", "id")
        records, used, problem = parse_records(raw[:whole], "items")
        if problem is not None:
            raise StoreError(f"{path}: {problem}; move the file away to start this inbox afresh.")
        items = decode(records, list[InboxItem])
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
        item = build(InboxItem, id=self.next_id, **fields)
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
    try:
        raw = read_bytes(session / INBOX_DIR / inbox / REFUSED_FILE, INBOX_MAX)
    except UnreadableFile:
        return []
    records, _, _ = parse_records(raw[:complete_prefix(raw, "refusals", "item")], "refusals")
    out = []
    for record in records:
        try:
            out.append(decode(record, Refusal))
        except ValidationError:
            break
    return out


class InboxReader:
    """The facilitator's side of one inbox: who it is, new whole items in order, refusals to append."""

    def __init__(self, session: Path, inbox: str) -> None:
        self.inbox = inbox
        self.folder = session / INBOX_DIR / inbox
        self.name: str | None = None
        self.key: str | None = None
        self.proof: str | None = None
        self._who_path = os.fspath(self.folder / WHO_FILE)
        self._who_seen: tuple[int, int, int] | None = None
        self._proven: tuple[tuple, bool] | None = None
        self._items = NumberedTail(self.folder / ITEMS_FILE, "items", "id", _item, "item",
                                   INBOX_MAX)
        self._refusals_fd = -1

    @property
    def problem(self) -> str | None:
        return self._items.problem

    def who(self) -> str | None:
        """The name this inbox belongs to, when its who.toml is sound and matches the folder
        (read again only when it changed: one stat a look)."""
        try:
            st = os.stat(self._who_path)
        except OSError:
            return self.name
        seen = (st.st_ino, st.st_size, st.st_mtime_ns)
        if seen == self._who_seen:
            return self.name
        self._who_seen = seen
        try:
            who = read_toml(self.folder / WHO_FILE)
        except UnreadableFile:
            return self.name
        name, key, proof = who.get("name"), who.get("key"), who.get("proof")
        if isinstance(name, str) and name and inbox_name(name) == self.inbox:
            self.name = name
            self.key = key if isinstance(key, str) and _KEY.match(key) else None
            self.proof = proof if isinstance(proof, str) else None
        return self.name

    def proves(self, code: str) -> bool:
        """Whether this inbox's participant gave the room's join code `code` (worked out again only
        when who.toml changed)."""
        if self._proven is None or self._proven[0] != (self._who_seen, code):
            ok = self.proof is not None and self.key is not None and code_matches(self.proof, code_proof(code, self.inbox))
            self._proven = ((self._who_seen, code), ok)
        return self._proven[1]

    def done_by_refusals(self) -> int:
        refused = read_refusals(self.folder.parent.parent, self.inbox)
        return max((r.item for r in refused), default=0)

    def new_items(self) -> list[InboxItem]:
        """Items added since the last call, whole ones only, in order; nothing when unchanged (one stat)."""
        items, _ = self._items.poll()
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


class InboxList:
    """The inbox folders of a session, listed again when the inbox folder changed (one stat), and
    at least every `RELIST` seconds (a file system whose times are coarse can hide a change)."""

    RELIST = 2.0

    def __init__(self, session: Path) -> None:
        self.session = session
        self._seen: tuple[int, int] | None = None
        self._at = float("-inf")
        self._names: list[str] = []

    def names(self, now: float) -> list[str]:
        """`now` is monotonic seconds."""
        try:
            st = os.stat(self.session / INBOX_DIR)
            seen = (st.st_ino, st.st_mtime_ns)
        except OSError:
            seen = None
        if seen is None or seen != self._seen or now - self._at >= self.RELIST:
            self._seen, self._at = seen, now
            self._names = list_inboxes(self.session)
        return self._names


def list_inboxes(session: Path) -> list[str]:
    root = session / INBOX_DIR
    try:
        return sorted(entry.name for entry in os.scandir(root) if entry.is_dir() and not entry.name.startswith("."))
    except FileNotFoundError:
        return []
