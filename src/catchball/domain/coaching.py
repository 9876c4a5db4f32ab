"""The facilitator's help for each phase (F1), in our own words, shaded by the session's level."""

from __future__ import annotations

from .agenda import PhaseKind
from .model import Level

HELP: dict[PhaseKind, str] = {
    PhaseKind.READINESS: (
        "Before writing a single objective, check the ground it stands on. Ask each question and take "
        "the room's honest answer: yes, partly or no.\n\n"
        "If the strategy is not explicit, or the leaders do not agree on it, OKRs will not fix that: they "
        "will only make the gap visible. Fix it first, or go on knowingly and say why (the app records it).\n\n"
        "Overload and low trust do not stop the session, but they sink quarters: record a follow-up action."
    ),
    PhaseKind.GRADING: (
        "Ten minutes, no more: grading must not eat the retrospective.\n\n"
        "Give each of last quarter's key results a number from 0.0 to 1.0. A rough estimate is fine; "
        "the discussion belongs to the next phase."
    ),
    PhaseKind.RETRO: (
        "Read the number, not the colour. A 1.0 may mean the target was too easy, or that we measured the "
        "wrong thing. A very low grade may mean the target was impossible, or again the wrong measure.\n\n"
        "For each key result: why this grade, what got in the way, what we learned. Grades are for "
        "learning, never for anyone's performance review."
    ),
    PhaseKind.WINNING_LOGIC: (
        "Make the strategy hypothesis explicit: who we serve, what we offer them, why we win, what we "
        "refuse to do, and what we believe that might turn out wrong.\n\n"
        "Name the health metrics (KPIs) too, and keep them apart: KPIs watch the running business; an OKR "
        "sets out to change it."
    ),
    PhaseKind.DRAFT: (
        "The leader proposes the objective, or a few candidates. Each one must trace back to an element "
        "of the winning logic; one that does not is disconnected, however attractive it sounds."
    ),
    PhaseKind.CATCHBALL: (
        "Pass the draft to the team and ask: what do you think? Capture every challenge, question, tweak, "
        "word of support and risk, with who said it.\n\n"
        "The leader revises; every revision is a new version. Close the round with a fist-of-five vote, "
        "hidden until revealed. The objective is owned when nobody is below the threshold; otherwise "
        "throw the ball again, within the agenda's rounds."
    ),
    PhaseKind.FOCUS: (
        "One objective for the quarter. If several candidates survived, dot-vote, then choose.\n\n"
        "Everything else goes to the parking lot with a reason: not this quarter, or keep-the-lights-on "
        "work that does not need an OKR."
    ),
    PhaseKind.KEY_RESULTS: (
        "Up to three key results. Each one: a metric, where it stands today, where it should be, one team "
        "that owns it, measurable every week, and a confidence near 5 out of 10.\n\n"
        "Watch the coach: a task or a deliverable is not a result; a number with no starting point cannot "
        "steer; a confidence of 9 or 10 means the target is probably too safe."
    ),
    PhaseKind.BACKBRIEF: (
        "Each team says back, in its own words, where we are going and how it will get there: its critical "
        "few activities, what it depends on, what worries it.\n\n"
        "Compare with the leader's intent. A mismatch is good news found early: throw the ball again."
    ),
    PhaseKind.COMMITMENTS: (
        "What does each team do this week? Agree the weekly check-in (short: the top two or three "
        "initiatives and a confidence), the end-of-week celebration, and which peer teams review the OKR "
        "within a day instead of an approval chain. Planning should take days, not weeks."
    ),
}

LEVEL_HINTS: dict[Level, dict[PhaseKind, str]] = {
    Level.SQUAD: {
        PhaseKind.KEY_RESULTS: "At squad level, Big usually means more than this one team can deliver: "
                               "each key result needs a single owning team.",
        PhaseKind.DRAFT: "A squad is tempted to do what it can rather than what it should: check the link "
                         "to the winning logic.",
    },
    Level.PRODUCT: {
        PhaseKind.KEY_RESULTS: "In product leadership, the trap is over-optimism and getting lost in "
                               "activity: ask what changes for users when the work is done.",
        PhaseKind.FOCUS: "Product leaders spread effort across every team's wish list: one objective.",
    },
    Level.SENIOR: {
        PhaseKind.DRAFT: "Senior objectives go wrong by being unrealistic or unclear, or by smuggling in "
                         "side projects ('can't we just...?'). Keep them few and tied to the strategy.",
        PhaseKind.KEY_RESULTS: "Watch for Gantt-chart thinking: milestones and dates are a plan, not a "
                               "result.",
    },
}


def phase_help(kind: PhaseKind, level: Level) -> str:
    text = HELP[kind]
    hint = LEVEL_HINTS.get(level, {}).get(kind)
    return f"{text}\n\nAt the {level.value} level: {hint}" if hint else text
