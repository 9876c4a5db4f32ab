"""Sessions for the benchmarks, written straight to disk (one write, not one fsync per event)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from catchball.domain import events as ev
from catchball.services.session_factory import build_session_file
from catchball.store.event_log import encode
from catchball.store.session_dir import EVENTS_FILE, create_session

START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
PEOPLE = ["Maya Okafor:leader:Checkout", "Jonas Berg:member:Checkout", "Priya Nair:member:Checkout",
          "Leo Martins:member:Search", "Aiko Tanaka:member:Search"]
NAMES = [p.split(":")[0] for p in PEOPLE]
TYPES = ["note", "question", "challenge", "tweak", "support", "risk"]
CATCHBALL_PHASE = 5
PHASES = 10


def session_file(title: str = "Benchmark session", now: datetime = START):
    return build_session_file(title=title, agenda="quarterly", level="product", participants=PEOPLE, now=now)


def _note_fields(seq: int) -> dict:
    return {"by": NAMES[seq % len(NAMES)], "type": TYPES[seq % len(TYPES)],
            "text": f"Contribution {seq}: what changes for regular readers if we ship the carousel first?"}


def mixed_events(n: int, start: datetime = START, undo_every: int = 1000) -> list[ev.Event]:
    """`n` events walking the whole quarterly agenda: mostly notes, plus each phase's own kinds,
    pauses, and an undo every `undo_every` events (a realistic, not a best-case, log)."""
    events: list[ev.Event] = []

    def add(cls, **fields):
        seq = len(events) + 1
        events.append(cls(seq=seq, at=start + timedelta(seconds=3 * seq), **fields))

    add(ev.SessionStarted)
    per_phase = max(1, (n - 1) // PHASES)
    phase, objectives, krs = 0, [], []
    while len(events) < n:
        seq = len(events) + 1
        if seq % per_phase == 0 and phase < PHASES - 1:
            phase += 1
            add(ev.PhaseChanged, phase=phase)
        elif undo_every and seq % undo_every == 0 and events[-1].kind not in ev.NOT_UNDOABLE:
            add(ev.Undone, target=events[-1].seq)
        elif seq % 97 == 0:
            add(ev.TimerPaused)
        elif seq % 97 == 1 and seq > 1:
            add(ev.TimerResumed)
        elif phase == 4 and seq % 7 == 0:
            add(ev.ObjectiveDrafted, text=f"Make finding a second book effortless ({seq})")
            objectives.append(seq)
        elif phase == 5 and objectives and seq % 11 == 0:
            add(ev.ObjectiveRevised, objective=objectives[-1], text=f"Revised objective wording {seq}")
        elif phase == 5 and seq % 5 == 0:
            add(ev.VoteCast, participant=NAMES[seq % len(NAMES)], value=seq % 6)
        elif phase == 7 and seq % 9 == 0:
            add(ev.KrAdded, text=f"Increase second purchases within 30 days from 18% to {20 + seq % 10}%",
                metric="second purchase within 30 days", baseline="18%", target="25%", owner="Checkout")
            krs.append(len(events))
        elif phase == 7 and krs and seq % 9 == 4:
            add(ev.KrEdited, kr=krs[-1], confidence=1 + seq % 10)
        else:
            add(ev.Noted, **_note_fields(seq))
    return events


def notes_in_catchball(n_notes: int, start: datetime = START) -> list[ev.Event]:
    """Started, moved to the catchball phase, then `n_notes` contributions recorded there."""
    events: list[ev.Event] = [ev.SessionStarted(seq=1, at=start),
                              ev.PhaseChanged(seq=2, at=start + timedelta(seconds=1), phase=CATCHBALL_PHASE)]
    for i in range(n_notes):
        seq = len(events) + 1
        events.append(ev.Noted(seq=seq, at=start + timedelta(seconds=2 + i), **_note_fields(seq)))
    return events


def write_session(sessions_dir: Path, events: list[ev.Event], title: str = "Benchmark session",
                  now: datetime = START) -> Path:
    """A session folder holding `events` in its log, as the app would have appended them."""
    folder = create_session(sessions_dir, session_file(title, now))
    (folder / EVENTS_FILE).write_bytes(b"".join(encode(e) for e in events))
    return folder
