"""Building a new session from what the user typed: shared by `catchball new` and the form."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..domain.events import PriorKrAdded
from ..domain.model import (
    SCHEMA_VERSION,
    Level,
    Mode,
    Participant,
    SessionFile,
    SessionInfo,
)
from ..store.agendas import load_agenda
from ..store.live import LiveSession
from ..store.sharing import ensure_gitignore


def build_session_file(*, title: str, agenda: str, level: str, participants: list[str], now: datetime,
                       mode: str = "room", scenario: str | None = None,
                       prior_key_results: tuple[str, ...] = (), carried_from: str | None = None,
                       quarter: str | None = None, measured: tuple = ()) -> SessionFile:
    """Raise ValueError with one sentence when something typed is not usable.

    `quarter` ("2027-Q1" or "2027-01-04..2027-03-26") is the quarter the session plans; by default
    the calendar quarter after `now`.
    """
    from ..domain.quarter import next_quarter, parse_quarter

    start, end = parse_quarter(quarter) if quarter and quarter.strip() else next_quarter(now.date())
    title = title.strip() or f"Planning {now:%Y-%m-%d}"
    try:
        people = tuple(Participant.parse(spec) for spec in participants)
    except ValueError as exc:
        raise ValueError(f"Participant: {exc}.") from None
    names = [p.name for p in people]
    if len(set(names)) != len(names):
        raise ValueError("Two participants have the same name: give each one a distinct name.")
    if level not in {lv.value for lv in Level}:
        raise ValueError(f"Level must be squad, product or senior, not {level!r}.")
    return SessionFile(
        session=SessionInfo(schema=SCHEMA_VERSION, id="new", title=title[:500], created=now, level=Level(level),
                            mode=Mode(mode), scenario=scenario, carried_from=carried_from,
                            quarter_start=start, quarter_end=end),
        agenda=load_agenda(agenda), participants=people,
        carried={"prior_key_results": prior_key_results, "measured": measured},
    )


def start_session(sessions_dir: Path, file: SessionFile, now: datetime) -> LiveSession:
    """Create the folder, start the clock, and put carried key results up for grading."""
    source = file.session.carried_from or "carried"
    measured = {m.text: m for m in file.carried.measured}
    first = []
    for text in file.carried.prior_key_results:
        m = measured.get(text)
        extra = {k: v for k, v in (m.model_dump(exclude={"text"}) if m else {}).items() if v is not None}
        first.append((PriorKrAdded, {"text": text, "source": source, **extra}))
    live = LiveSession.create(sessions_dir, file, now, first)
    try:
        ensure_gitignore(sessions_dir)
    except OSError:  # a nicety: the session itself is saved, and a full disk is said on the next write
        pass
    return live
