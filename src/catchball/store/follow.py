"""Following a live session from outside: its log read as it grows, never written, never locked.

The participant's app and `catchball follow` both hold a `Following`: `poll()` takes one
stat, reads only the bytes added since, folds the whole new events into the state (the
same fold as the facilitator's) and says whether anything changed. The state
object stays the same one, so screens that hold it see it move.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.events import Event, decode_event
from ..domain.fold import apply, replay
from ..domain.model import SessionFile
from ..domain.state import State
from .reading import EVENT_LOG
from .session_dir import EVENTS_FILE, read_session_file
from .tail import NumberedTail


class Following:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file: SessionFile = read_session_file(folder)
        self.events: list[Event] = []
        self.state: State = replay(self.file, [])
        self._tail = NumberedTail(folder / EVENTS_FILE, "events", "seq", decode_event, "event",
                                  EVENT_LOG)
        self.poll()

    @property
    def problem(self) -> str | None:
        """Where the log stopped being readable, in one sentence (reading stops there until a repair)."""
        return self._tail.problem

    def poll(self) -> bool:
        """Take in what the log gained since the last look; True when the state changed."""
        fresh, restarted = self._tail.poll()
        if len(fresh) > 50 or restarted:  # one fold of the whole log, into the same state object
            if restarted:  # the log was cut back (a repair): it was read again from the start
                self.events = []
            self.events.extend(fresh)
            folded = replay(self.file, self.events)
            for name in State.__slots__:
                setattr(self.state, name, getattr(folded, name))
        else:
            for event in fresh:
                self.events.append(event)
                apply(self.state, event)
        return bool(fresh) or restarted
