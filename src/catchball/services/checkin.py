"""The quarter's rhythm, between the TUI/CLI and store/domain: finding a quarter's planning session
and its check-ins, starting a weekly check-in (with values sent ahead), and the board's data.

A check-in is a session like any other: its own folder, `kind = "check-in"` and `planning = <the
planning session's folder>` in its session.toml, and a copy of the quarter's OKR as it stood when
it began (`[quarter]`), so that its record stands on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..domain import events as ev
from ..domain.fold import replay
from ..domain.model import (
    SCHEMA_VERSION,
    Level,
    Mode,
    SessionFile,
    SessionInfo,
    SessionKind,
)
from ..domain.record import validated
from ..domain.quarter import checkin_day, is_checkin, quarter_of, quarter_okr
from ..domain.quarter_board import build_board
from ..domain.quarter_values import ValuesFileError, parse_values, resolve_values
from ..domain.state import State
from ..store.agendas import load_agenda
from ..store.errors import SessionNotFound, StoreError
from ..store.live import LiveSession
from ..store.session_dir import open_session, read_session_file, resolve
from ..store.user_files import read_user_file


@dataclass(frozen=True)
class Quarter:
    """A planning session and the check-ins that name it, read-only."""

    folder: Path
    planning: State
    checkins: list[tuple[str, State]]

    def board(self, today: date) -> dict:
        return build_board(self.folder.name, self.planning, self.checkins, today)


def _folders(sessions_dir: Path) -> list[Path]:
    try:
        return sorted(p for p in sessions_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []


def _headers(sessions_dir: Path) -> list[tuple[Path, SessionFile]]:
    """Every readable session.toml (cheap: the logs are not read)."""
    out = []
    for folder in _folders(sessions_dir):
        try:
            out.append((folder, read_session_file(folder)))
        except StoreError:
            continue
    return out


def _state(folder: Path) -> State:
    opened = open_session(folder)
    return replay(opened.file, opened.log.events)


def find_planning(sessions_dir: Path, name: str | None) -> Path:
    """The planning session named, or the latest finished one (room mode) in the sessions dir."""
    if name:
        folder = resolve(sessions_dir, name)
        file = read_session_file(folder)
        if is_checkin(file.session):
            if file.session.planning:
                return resolve(sessions_dir, file.session.planning)
            raise SessionNotFound(f"{folder.name} is a check-in that names no planning session.")
        return folder
    candidates = [(f.session.created, folder) for folder, f in _headers(sessions_dir)
                  if not is_checkin(f.session) and f.session.mode is Mode.ROOM]
    for _, folder in sorted(candidates, reverse=True):
        try:
            state = _state(folder)
        except StoreError:
            continue
        if state.finished and state.key_results:
            return folder
    raise SessionNotFound(f"No finished planning session with key results in {sessions_dir}: "
                          "name one (catchball checkin SESSION).")


def load_quarter(sessions_dir: Path, planning_folder: Path) -> Quarter:
    planning = _state(planning_folder)
    if is_checkin(planning.session.session):
        raise StoreError(f"{planning_folder.name} is a check-in; name its planning session.")
    checkins = []
    for folder, file in _headers(sessions_dir):
        if is_checkin(file.session) and file.session.planning == planning_folder.name:
            try:
                checkins.append((folder.name, _state(folder)))
            except StoreError:
                continue
    return Quarter(planning_folder, planning, checkins)


def build_checkin_file(quarter: Quarter, day: date, now: datetime, agenda: str = "checkin") -> SessionFile:
    planning = quarter.planning.session
    info = planning.session
    start, end = quarter_of(info)
    okr = quarter_okr(quarter.planning, [s for _, s in sorted(
        quarter.checkins, key=lambda c: c[1].session.session.checkin_date or c[1].session.session.created.date())])
    if not okr.key_results:
        raise ValueError(f"{quarter.folder.name} has no key results to check in on.")
    return validated(SessionFile(
        session=SessionInfo(schema=SCHEMA_VERSION, id="new", title=f"Check-in: {info.title}"[:500], created=now,
                            level=Level(info.level), mode=Mode.ROOM, kind=SessionKind.CHECKIN,
                            quarter_start=start, quarter_end=end, planning=quarter.folder.name,
                            checkin_date=day),
        agenda=load_agenda(agenda), participants=planning.participants, quarter=okr))


def read_values(path: Path, okr) -> list[dict]:
    return resolve_values(parse_values(read_user_file(path, ValuesFileError), str(path)), okr, str(path))


def start_checkin(sessions_dir: Path, quarter: Quarter, day: date, now: datetime, values: list[dict] = (),
                  agenda: str = "checkin") -> LiveSession:
    """Create the check-in's folder, start it, and record the values sent ahead (ordinary,
    undoable events, shown in the values phase)."""
    file = build_checkin_file(quarter, day, now, agenda)
    live = LiveSession.create(sessions_dir, file, now)
    for fields in values:
        live.record(ev.KrCheckedIn, now, **fields)
    return live


def outside_quarter(quarter: Quarter, day: date) -> str | None:
    """A sentence when `day` is not inside the quarter (the check-in is still allowed)."""
    start, end = quarter_of(quarter.planning.session.session)
    if day < start:
        return f"{day} is before the quarter starts ({start})."
    if day > end:
        return f"{day} is after the quarter ended ({end})."
    return None


def carry_quarter(sessions_dir: Path, planning_folder: Path, today: date):
    """What a planning session's quarter hands to the next (`model.Carried`): its key results with
    the check-ins' last value, proposed grade and confidence, its winning logic, the parking lot
    (its parked objectives and the check-ins' parked ideas), the retro's lessons and the actions."""
    from ..domain.carry import carried

    quarter = load_quarter(sessions_dir, planning_folder)
    return carried(quarter.planning, [s for _, s in sorted(quarter.checkins, key=lambda c: (checkin_day(c[1].session.session),
                                                                    c[1].session.session.created))],
                   quarter.board(today))


def carry_draft(sessions_dir: Path, name: str, today: date):
    """The new-session draft that carries a quarter forward (`catchball new --from`, the review
    browser's `f`): `session_factory.carry_forward` with everything `carry_quarter` hands on.
    ValueError with a sentence when there is nothing to carry."""
    from .session_factory import carry_forward

    folder = find_planning(sessions_dir, name)
    opened = open_session(folder)
    return carry_forward(opened.file, replay(opened.file, opened.log.events), folder.name,
                         carry_quarter(sessions_dir, folder, today))
