"""The `.lock` of a session open for writing: at most one writer, however many try at once.

A lock is `pid host since` (since: UTC seconds). It is written whole into a private file that
is then hard-linked into place (so `.lock` never appears empty or half-written, and linking
fails if one exists, like O_EXCL), and the writer keeps it open with an `flock`, which the
kernel drops when the process dies. An opener that finds a lock tries that flock:

* it cannot get it: a live catchball on this host holds the session (refused, saying who);
* it gets it: nobody on this host holds the session. The lock is stale, and is taken over in
  place under the flock (so two openers can never both win), when its pid is dead on this
  host, or it comes from another host and is older than `OTHER_HOST_STALE`. A lock whose pid
  is alive (a reused pid) or that comes from another host is refused with who holds it, since
  when, and how to take it over on purpose (`catchball resume SESSION --take-over`, which is
  recorded in the session's `takeovers.log`). An empty or unreadable lock younger than
  `BEING_CREATED` is being created by someone else: refused, not stale.

The lock is advisory and needs a filesystem with flock (local disks do); on one without hard
links the lock is created with O_EXCL directly.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import socket
import stat
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .atomic import fsync_dir
from .errors import SessionLocked
from .reading import os_reason, shown

LOCK_FILE = ".lock"
TAKEOVER_LOG = "takeovers.log"
OTHER_HOST_STALE = 12 * 3600.0  # seconds: a lock from another host older than this is stale
BEING_CREATED = 10.0  # seconds: an empty or half-written lock younger than this is being created
_LOCK = re.compile(rb"(\d{1,9}) (\S{1,255})(?: (\d{1,12}))?\r?\n?")
_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    since: float  # UTC seconds

    def describe(self) -> str:
        when = datetime.fromtimestamp(self.since, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        where = "on this computer" if self.host == socket.gethostname() else f"on {shown(self.host)}"
        return f"process {self.pid} {where}, since {when}"


class HeldLock:
    """A lock this process holds: the open, flocked file; `release` unlinks it, then closes."""

    def __init__(self, path: Path, fd: int, took_over: Holder | None = None) -> None:
        self.path = path
        self._fd = fd
        self.took_over = took_over

    def release(self) -> None:
        if self._fd < 0:
            return
        try:
            if _same_file(self._fd, self.path):
                os.unlink(self.path)  # still under our flock, so no opener can take it in between
        except OSError:
            pass
        finally:
            os.close(self._fd)
            self._fd = -1


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _read_all(fd: int) -> bytes:
    return os.pread(fd, 4096, 0)


def _parse(content: bytes, mtime: float) -> Holder | None:
    match = _LOCK.fullmatch(content)
    if match is None:
        return None
    since = float(match.group(3)) if match.group(3) else mtime
    return Holder(int(match.group(1)), match.group(2).decode("ascii", "replace"), since)


def _mine() -> bytes:
    return f"{os.getpid()} {socket.gethostname()} {int(time.time())}\n".encode()


def _create(folder: Path, path: Path) -> HeldLock | None:
    """A new lock, written whole and flocked before it appears; None if one exists."""
    # os.urandom as secrets.token_hex uses it (importing secrets costs a start about 2 ms)
    private = folder / f"{LOCK_FILE}.{os.getpid()}.{os.urandom(4).hex()}"
    fd = os.open(private, os.O_RDWR | os.O_CREAT | os.O_EXCL | _FLAGS, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, _mine())
        os.fsync(fd)
        try:
            os.link(private, path)
        except FileExistsError:
            os.close(fd)
            return None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
                raise
            os.close(fd)  # no hard links here: create it in place with O_EXCL
            return _create_in_place(folder, path)
        fsync_dir(folder)
        return HeldLock(path, fd)
    except BaseException:
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass
        raise
    finally:
        try:
            os.unlink(private)
        except OSError:
            pass


def _create_in_place(folder: Path, path: Path) -> HeldLock | None:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _FLAGS, 0o644)
    except FileExistsError:
        return None
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a new file: nobody else can hold it
    os.write(fd, _mine())
    os.fsync(fd)
    fsync_dir(folder)
    return HeldLock(path, fd)


def _refuse(folder: Path, text: str) -> SessionLocked:
    return SessionLocked(f"{shown(folder.name)} {text}")


def acquire_lock(folder: Path, take_over: bool = False, now: float | None = None) -> HeldLock:
    """Take the session's lock, or raise `SessionLocked` in one sentence saying who holds it."""
    path = folder / LOCK_FILE
    for _ in range(50):
        try:
            held = _create(folder, path)
        except OSError as exc:
            raise _refuse(folder, f"cannot be locked for writing ({os_reason(exc)}).") from None
        if held is not None:
            return held
        try:
            fd = os.open(path, os.O_RDWR | _FLAGS)
        except FileNotFoundError:
            continue  # released in between: try again
        except OSError as exc:
            kind = "a folder" if exc.errno == errno.EISDIR else f"unusable ({os_reason(exc)})"
            raise _refuse(folder, f"cannot be opened for writing: its {LOCK_FILE} is {kind}, not a lock "
                                  "file; remove it if no catchball is running, or open the session read-only.") from None
        try:
            result = _try_existing(folder, path, fd, take_over, time.time() if now is None else now)
        except BaseException:
            os.close(fd)
            raise
        if result is not None:
            return result
        os.close(fd)
    raise _refuse(folder, "could not be locked: its lock kept changing; try again.")


def _try_existing(folder: Path, path: Path, fd: int, take_over: bool, now: float) -> HeldLock | None:
    """With `fd` open on an existing lock: take it (stale or taken over), refuse, or None to retry."""
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(folder, f"cannot be opened for writing: its {LOCK_FILE} is not a regular file.")
    holder = _parse(_read_all(fd), st.st_mtime)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        who = holder.describe() if holder else "a process on this computer"
        raise _refuse(folder, f"is open in another catchball ({who}); close it there first, "
                              "or open this one read-only.") from None
    if not _same_file(fd, path):
        return None  # released and maybe re-created while we waited: look again
    holder = _parse(_read_all(fd), st.st_mtime)  # as it is now that we hold it
    here = socket.gethostname()
    stale = take_over
    if holder is None:
        if now - st.st_mtime < BEING_CREATED and not take_over:
            raise _refuse(folder, "is being opened by another catchball right now (its lock is not "
                                  "written yet); try again in a moment.")
        stale = True  # an unreadable lock left long ago
    elif holder.host == here and not pid_alive(holder.pid):
        stale = True
    elif holder.host != here and now - holder.since > OTHER_HOST_STALE:
        stale = True
    if not stale:
        name = shown(folder.name)
        reason = ("that process is running but does not hold the lock (its number may have been reused)"
                  if holder.host == here else "this computer cannot tell whether it still runs there")
        raise _refuse(folder, f"is locked by another catchball ({holder.describe()}): {reason}. If no catchball "
                              f"has it open, take it over with `catchball resume {name} --take-over`, "
                              "or open it read-only.")
    os.ftruncate(fd, 0)
    os.pwrite(fd, _mine(), 0)
    os.fsync(fd)
    if take_over:
        _record_takeover(folder, holder)
    return HeldLock(path, fd, took_over=holder)


def _record_takeover(folder: Path, holder: Holder | None) -> None:
    """One line in the session's takeovers.log: who took the session over from whom."""
    at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    was = holder.describe() if holder else "an unreadable lock"
    line = f"{at} process {os.getpid()} on {socket.gethostname()} took the session over from {was}\n"
    fd = os.open(folder / TAKEOVER_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        os.write(fd, line.encode("utf-8", "replace"))
        os.fsync(fd)
    finally:
        os.close(fd)
