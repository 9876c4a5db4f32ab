"""A session being run: the open log plus the folded state, kept in step.

`record` checks a command against the rules, appends it (fsync'd) and only then folds
it into the state, so nothing reaches the screen that is not on disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ..domain import commands
from ..domain import events as ev
from ..domain.fold import apply, replay
from ..domain.model import SessionFile
from ..domain.state import State
from .errors import StoreError
from .reading import os_reason, shown
from .session_dir import OpenSession, create_session, open_session, remove_new_session


class LiveSession:
    def __init__(self, opened: OpenSession) -> None:
        self.opened = opened
        self.state: State = replay(opened.file, opened.log.events)

    @classmethod
    def create(cls, sessions_dir: Path, file: SessionFile, now: datetime,
               first: Sequence[tuple[type[ev.Event], dict]] = ()) -> LiveSession:
        """A new session, started (and given the `first` events). All or nothing: when the disk
        refuses any of it, the new folder is removed and `StoreError` says why in one sentence."""
        folder = create_session(sessions_dir, file)
        live = None
        try:
            live = cls(open_session(folder, write=True))
            live.record(ev.SessionStarted, now)
            for kind, fields in first:
                live.record(kind, now, **fields)
        except BaseException as exc:
            if live is not None:
                live.close()
            remove_new_session(folder)
            if not isinstance(exc, (OSError, StoreError)):
                raise
            reason = f"({os_reason(exc)})" if isinstance(exc, OSError) else f"({str(exc).rstrip('.')})"
            raise StoreError(f"No session was created in {shown(sessions_dir)} {reason}; "
                             "nothing was left behind.") from None
        return live

    @classmethod
    def open(cls, folder: Path, read_only: bool = False, take_over: bool = False) -> LiveSession:
        return cls(open_session(folder, write=not read_only, take_over=take_over))

    @property
    def folder(self) -> Path:
        return self.opened.folder

    @property
    def read_only(self) -> bool:
        return self.opened.read_only

    @property
    def events(self) -> list[ev.Event]:
        return self.opened.log.events

    def record(self, cls: type[ev.Event], now: datetime, **fields) -> ev.Event:
        """Validate, append with fsync, fold. Raises `commands.Refused` with a sentence."""
        if self.opened.writer is None:
            raise commands.Refused("This session is open read-only.")
        event = commands.make(self.state, cls, now, **fields)
        commands.check(self.state, event)
        self.opened.writer.append(event)
        self.opened.log.events.append(event)
        apply(self.state, event)
        return event

    def undo(self, now: datetime) -> ev.Event:
        target = self.state.undoable()
        if target is None:
            raise commands.Refused("There is nothing left to undo.")
        return self.record(ev.Undone, now, target=target.seq)

    def close(self) -> None:
        self.opened.close()
