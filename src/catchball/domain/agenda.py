"""Phase kinds, their prompts, and agenda templates parsed from TOML text.

Reading the template files is the store's job (`store.agendas`); this module only
validates what it is given.
"""

# (no `from __future__ import annotations`: msgspec would compile and evaluate the session
# file's annotations, as strings, the first time a session is opened; tests/test_first_frame.py)
from enum import StrEnum
from typing import Annotated

from .record import Meta, Record
from .toml_model import parse_toml


class PhaseKind(StrEnum):
    READINESS = "readiness"
    GRADING = "grading"
    RETRO = "retro"
    WINNING_LOGIC = "winning_logic"
    DRAFT = "draft"
    CATCHBALL = "catchball"
    FOCUS = "focus"
    KEY_RESULTS = "key_results"
    BACKBRIEF = "backbrief"
    COMMITMENTS = "commitments"
    # the weekly check-in (agendas/checkin.toml)
    WINS = "wins"
    VALUES = "values"
    PRIORITIES = "priorities"
    KPIS = "kpis"
    IDEAS = "ideas"


# Title, the question on the wall, and what the facilitator should keep in mind.
PHASE_TEXT: dict[PhaseKind, tuple[str, str]] = {
    PhaseKind.READINESS: ("Readiness", "Are we ready for OKRs at all?"),
    PhaseKind.GRADING: ("Last quarter: grading", "How far did each key result get? A rough number will do."),
    PhaseKind.RETRO: ("Last quarter: retrospective", "Why this grade? What got in the way? What did we learn?"),
    PhaseKind.WINNING_LOGIC: ("Winning logic", "Who do we serve, and why do we win?"),
    PhaseKind.DRAFT: ("Leader's draft", "Where should we go next quarter, and why?"),
    PhaseKind.CATCHBALL: ("Catchball", "What do you think?"),
    PhaseKind.FOCUS: ("Focus: the rule of one", "If we could only do one thing, which is it?"),
    PhaseKind.KEY_RESULTS: ("Key results", "How will we know, week by week, that it is working?"),
    PhaseKind.BACKBRIEF: ("Back-brief", "Tell us in your own words: where are we going, and how?"),
    PhaseKind.COMMITMENTS: ("Commitments & cadence", "What will each team do this week?"),
    PhaseKind.WINS: ("Last week's wins", "What did we ship or learn last week, whatever the numbers did?"),
    PhaseKind.VALUES: ("Key results: where we stand", "Where is each key result now, and how sure are we?"),
    PhaseKind.PRIORITIES: ("This week's priorities", "What will each team do this week, and what does it move?"),
    PhaseKind.KPIS: ("Health metrics", "Is the running business steady, or is a health metric at risk?"),
    PhaseKind.IDEAS: ("Can't we just...?", "Does the new idea serve our focus, or does it wait?"),
}


class Phase(Record, kw_only=True):
    """One timeboxed step of the agenda."""


    kind: PhaseKind
    minutes: Annotated[float, Meta(gt=0, le=600)]
    title: str | None = None
    rounds: Annotated[int, Meta(ge=1, le=9)] = 1

    @property
    def label(self) -> str:
        return self.title or PHASE_TEXT[self.kind][0]

    @property
    def prompt(self) -> str:
        return PHASE_TEXT[self.kind][1]


class Agenda(Record, kw_only=True):

    name: Annotated[str, Meta(min_length=1, max_length=80)]
    description: str = ""
    validation_threshold: Annotated[int, Meta(ge=0, le=5)] = 3
    phases: Annotated[tuple[Phase, ...], Meta(min_length=1)]

    @property
    def planned_minutes(self) -> float:
        return sum(p.minutes for p in self.phases)


class AgendaError(ValueError):
    """An agenda file that cannot be used, in one sentence."""


def parse_agenda(text: str, origin: str) -> Agenda:
    """Parse an agenda template. `origin` names the file in error messages."""
    return parse_toml(text, Agenda, origin, AgendaError)
