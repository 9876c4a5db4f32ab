"""The room's join code and where `catchball serve` runs, kept in the session's inbox folder.

    <session>/inbox/.code.toml    code = "K7PX2M"   (made once, by whoever needs it first)
    <session>/inbox/.serve.toml   url, code, pid    (while `catchball serve` runs)

The code is made once per session, by the facilitator's screen or by `serve`, whichever comes
first (created with a link, so two makers agree on one code), readable by its owner only.
Both live under `inbox/`, which a shared sessions folder's .gitignore keeps out of git.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import tomli_w

from .atomic import fsync_dir, write_atomic
from .lock import pid_alive
from .reading import UnreadableFile, read_toml

INBOX_DIR = "inbox"
CODE_FILE = ".code.toml"
SERVE_FILE = ".serve.toml"


def read_room_code(session: Path) -> str | None:
    """The session's join code, or None when nobody has made one yet."""
    try:
        code = read_toml(session / INBOX_DIR / CODE_FILE).get("code")
    except UnreadableFile:
        return None
    return code if isinstance(code, str) and code.strip() else None


def room_code(session: Path, new_code) -> str:
    """The session's join code, made now (with `new_code()`) if it has none."""
    code = read_room_code(session)
    if code is not None:
        return code
    folder = session / INBOX_DIR
    folder.mkdir(exist_ok=True)
    tmp = folder / f".code.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, tomli_w.dumps({"code": new_code()}).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, folder / CODE_FILE)  # fails if another maker was first: theirs stands
        fsync_dir(folder)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    code = read_room_code(session)
    if code is None:
        raise UnreadableFile(f"{folder / CODE_FILE}: the join code could not be kept.")
    return code


def write_serving(session: Path, url: str, code: str) -> None:
    folder = session / INBOX_DIR
    folder.mkdir(exist_ok=True)
    write_atomic(folder / SERVE_FILE, tomli_w.dumps({"url": url, "code": code, "pid": os.getpid()}).encode())


def read_serving(session: Path) -> tuple[str, str] | None:
    """(address, join code) of a `catchball serve` running for this session, if any."""
    try:
        data = read_toml(session / INBOX_DIR / SERVE_FILE)
        url, code, pid = data["url"], data["code"], int(data["pid"])
    except (UnreadableFile, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError):
        return None
    if not (isinstance(url, str) and isinstance(code, str)) or not pid_alive(pid):
        return None
    return url, code


def clear_serving(session: Path) -> None:
    (session / INBOX_DIR / SERVE_FILE).unlink(missing_ok=True)
