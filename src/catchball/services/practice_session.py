"""Starting a practice run: a session in `mode = "practice"`, seeded from its scenario.

Seeding happens once, at the start, through the live session as ordinary events:
last quarter's key results to grade (`PriorKrAdded`, source "scenario"), the scenario's
winning logic (`WinningLogicAdded`), its draft objective(s) linked to the named elements, or
to all of them (`ObjectiveDrafted`), and its BAD key results (`KrAdded`). Seeding everything at the start keeps the log plain: the practitioner sees
the material in every phase, replays show it from the first event, and nothing depends on
a driver noticing a phase change. Participants, level and title come from the scenario.

Speed: the agenda (`quick` unless told) is rebuilt with every timebox divided by the
speed factor F; the scripted minutes are divided by the same F when they are checked.
The factor is not stored: it is read back by comparing the saved agenda with the one
of the same name (`agenda_speed`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..domain import events as ev
from ..domain.agenda import Agenda
from ..domain.record import decode, replace, to_dict, to_toml
from ..domain.scenario import Scenario, agenda_speed
from ..store.agendas import load_agenda
from ..store.live import LiveSession
from .session_factory import build_session_file, start_session

MIN_SPEED, MAX_SPEED = 0.25, 60.0


def scaled_agenda(agenda: Agenda, speed: float) -> Agenda:
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ValueError(f"The speed factor must be between {MIN_SPEED:g} and {MAX_SPEED:g}, not {speed:g}.")
    if speed == 1:
        return agenda
    data = to_toml(agenda)
    data["description"] = (agenda.description + f" Timeboxes shortened {speed:g} times for practice.").strip()
    for phase in data["phases"]:
        phase["minutes"] = phase["minutes"] / speed
    return decode(data, Agenda)


def build_practice_file(scenario: Scenario, now: datetime, agenda: str = "quick", speed: float = 1.0):
    file = build_session_file(title=f"Practice: {scenario.title}", agenda=agenda, level=scenario.level.value,
                              participants=[p.spec for p in scenario.participants], now=now,
                              mode="practice", scenario=scenario.id)
    return replace(file, agenda=scaled_agenda(file.agenda, speed))


def seed(live: LiveSession, scenario: Scenario, now: datetime) -> None:
    for prior in scenario.last_quarter:
        live.record(ev.PriorKrAdded, now, text=prior.text, source="scenario")
    elements: dict[str, list[int]] = {}
    for line in scenario.winning_logic:
        event = live.record(ev.WinningLogicAdded, now, element=line.element, text=line.text)
        elements.setdefault(line.element.value, []).append(event.seq)
    every = [seq for seqs in elements.values() for seq in seqs]
    for draft in scenario.drafts:
        links = [seq for e in draft.links for seq in elements[e.value]] if draft.links else every
        live.record(ev.ObjectiveDrafted, now, text=draft.text, links=links)
    for kr in scenario.key_results:
        fields = to_dict(kr, exclude_none=True, exclude={"should_go"})
        live.record(ev.KrAdded, now, reason="seeded by the practice scenario" if len(live.state.key_results) >= 3
                    else None, **fields)


def start_practice(sessions_dir: Path, scenario: Scenario, now: datetime, agenda: str = "quick",
                   speed: float = 1.0) -> LiveSession:
    live = start_session(sessions_dir, build_practice_file(scenario, now, agenda, speed), now)
    seed(live, scenario, now)
    return live


def session_speed(live: LiveSession) -> float:
    """The speed factor a practice session was started with (1 when it cannot tell)."""
    agenda = live.state.session.agenda
    try:
        return agenda_speed(agenda, load_agenda(agenda.name))
    except ValueError:
        return 1.0


def briefing_text(scenario: Scenario) -> str:
    people = "\n".join(f"  {p.name}: {p.role.value}, {p.team}" for p in scenario.participants)
    last = ""
    if scenario.last_quarter:
        ended = "\n".join(f"  {' '.join(k.text.split())}: {' '.join(k.ended.split())}" for k in scenario.last_quarter)
        last = f"Last quarter's key results, and where they ended:\n{ended}\n\n"
    return (f"{scenario.title}\n\n{' '.join(scenario.organisation.split())}\n\n"
            f"{' '.join(scenario.briefing.split())}\n\n{last}In the room (simulated):\n{people}\n\n"
            "Their lines appear in the capture log as the timers run. Test the readiness questions first; "
            "if the ground is not there, stopping at the gate (F10 when it asks) can be the right answer. "
            "Feedback comes when the session ends, and judges how you ran it as well as the OKR it produced.")
