"""Following a live session from outside: its log read as it grows, never written, never locked.

The participant's app and `catchball follow` both hold a `Following`: `poll()` takes one
stat, reads only the bytes added since, folds the whole new events into the state (the
same fold as the facilitator's) and says whether anything changed. The state
object stays the same one, so screens that hold it see it move.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..domain.events import EVENT_ADAPTER, Event
from ..domain.model import SessionFile
from ..domain.fold import apply, replay
from ..domain.state import State
from ..domain.toml_model import first_error
from .session_dir import EVENTS_FILE, read_session_file
from .tail import Tail


class Following:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file: SessionFile = read_session_file(folder)
        self.events: list[Event] = []
        self.state: State = replay(self.file, [])
        self.problem: str | None = None
        self._tail = Tail(folder / EVENTS_FILE, "events", "seq")
        self.poll()

    def poll(self) -> bool:
        """Take in what the log gained since the last look; True when the state changed."""
        if not self._tail.changed():
            return False
        records, restarted, problem = self._tail.read()
        if restarted:  # the log was cut back (a repair): read it again from the start
            self.events = []
        fresh: list[Event] = []
        for record in records:
            try:
                event = EVENT_ADAPTER.validate_python(record)
            except ValidationError as exc:
                problem = f"event {len(self.events) + len(fresh) + 1}: {first_error(exc)}"
                break
            if event.seq != len(self.events) + len(fresh) + 1:
                problem = f"event {event.seq} is out of order"
                break
            fresh.append(event)
        self.problem = f"{self.folder / EVENTS_FILE}: {problem}." if problem else None
        if len(fresh) > 50 or restarted:  # one fold of the whole log, into the same state object
            self.events.extend(fresh)
            folded = replay(self.file, self.events)
            for name in State.__slots__:
                setattr(self.state, name, getattr(folded, name))
        else:
            for event in fresh:
                self.events.append(event)
                apply(self.state, event)
        return bool(fresh) or restarted
