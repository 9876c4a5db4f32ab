"""The facilitator's coaching, in our own words: F1 per phase (shaded by the session's level),
the grade's word and the question the retrospective asks about it.

Each level gets a hint in the phases where its typical failure shows: a squad takes on more
than one team can deliver and does what it can rather than what it should; product
leadership gets over-optimistic, lost in shipping, and lets the team structure shape the
objectives; senior management sets objectives that are out of reach or unclear (the
back-brief is the check), runs new work as a Gantt chart, and starts side projects.
"""

from __future__ import annotations

from .agenda import PhaseKind
from .model import Level

HELP: dict[PhaseKind, str] = {
    PhaseKind.READINESS: (
        "Before anyone writes an objective, test the ground it will stand on. Ask each question and take "
        "the room's honest answer: yes, partly or no.\n\n"
        "The first question is not whether a strategy document exists. It is whether everyone here would "
        "tell the same story of how we win, and nobody disputes it.\n\n"
        "A shared strategy, leaders who chose it together, teams free to decide how, and the safety to say "
        "that something is failing are the foundation. Without one of them, OKRs bring the gap into the "
        "open but do not mend it: stop and fix it first, or go on knowingly and say why (recorded).\n\n"
        "Overload, low trust and leaders without time for the weekly rhythm do not stop the session, but "
        "they sink quarters: record an action and the person who owns it."
    ),
    PhaseKind.GRADING: (
        "Ten minutes at most, so that grading cannot eat the retrospective.\n\n"
        "Give each of last quarter's key results a number from 0.0 to 1.0: how far we moved towards the "
        "change we wanted. A rough figure is enough; arguing over decimals means the grade has become "
        "more important than the learning. The why belongs to the next phase."
    ),
    PhaseKind.RETRO: (
        "The long part of closing a quarter. Read the number, not its colour: a full grade may mean the "
        "target was too safe or we measured the wrong thing; a very low one may mean it was out of reach "
        "from the start, or again the wrong measure.\n\n"
        "For each key result: why this grade, what got in the way, what we learned and carry into the next "
        "quarter. Grades serve learning, never anyone's performance review or pay: tie them to those and "
        "the next targets will quietly be set low."
    ),
    PhaseKind.WINNING_LOGIC: (
        "Make the strategy hypothesis explicit: who we serve, what we offer them, why we win, what we "
        "refuse to do, and what we believe that might turn out wrong. The refusals are where the real "
        "choices show.\n\n"
        "Name the health metrics (KPIs) too, and keep them apart: KPIs watch the running business; an OKR "
        "sets out to change it."
    ),
    PhaseKind.DRAFT: (
        "The leader proposes the objective, or a few candidates, as an idea for the room to test, not an "
        "order. Each one must trace back to an element of the winning logic; one that does not is "
        "disconnected, however attractive it sounds. Say what should be true, and leave the how to the "
        "teams."
    ),
    PhaseKind.CATCHBALL: (
        "Pass the draft to the team and ask: what do you think? The people doing the work often see the "
        "problem better than the leader; their challenges are the point of the exercise. Capture every "
        "challenge, question, tweak, word of support and risk, with who said it.\n\n"
        "The leader revises; every revision is a new version. Close the round with a fist-of-five vote, "
        "each person's own, hidden until revealed. The objective is owned when nobody is below the "
        "threshold; otherwise throw the ball again, within the agenda's rounds."
    ),
    PhaseKind.FOCUS: (
        "One objective for the quarter. If several candidates survived, dot-vote, then choose.\n\n"
        "Everything else goes to the parking lot with a reason: not this quarter, or keep-the-lights-on "
        "work that does not need an OKR."
    ),
    PhaseKind.KEY_RESULTS: (
        "Up to three key results. Each one: a metric, where it stands today, where it should be, one team "
        "that owns it, measurable every week, and a confidence near 5 out of 10.\n\n"
        "Watch the coach: a task or a deliverable is not a result; a number you cannot read every week "
        "cannot steer; a figure with no starting point cannot show a change; a confidence of 9 or 10 "
        "means the target is probably too safe."
    ),
    PhaseKind.BACKBRIEF: (
        "Each team says back, in its own words, where we are going and how it will get there: its critical "
        "few activities, what it depends on, what worries it. The objective read out word for word is not "
        "a back-brief: it shows nothing about what the team understood.\n\n"
        "Compare with the leader's intent. A mismatch is good news found early: throw the ball again."
    ),
    PhaseKind.COMMITMENTS: (
        "What does each team do this week? Agree the weekly check-in (short: the top two or three "
        "initiatives and a confidence), the end-of-week celebration, and which peer teams review the OKR "
        "within a day instead of an approval chain. Planning should take days, not weeks."
    ),
    PhaseKind.WINS: (
        "Open with what went well: something shipped, something learned, a number that moved. Two "
        "minutes, whatever the key results did: a team that only hears about gaps stops checking in."
    ),
    PhaseKind.VALUES: (
        "For each key result: this week's number, and the owner's confidence from 1 to 10 that it reaches "
        "its target, with one line on why: what would move it, what blocks it.\n\n"
        "This is not a status report. The question is what we change this week. Watch the line from the "
        "baseline to the target: a value well short of it, or a confidence falling two weeks in a row, is "
        "worth a minute; a green number may still mean the target was too easy."
    ),
    PhaseKind.PRIORITIES: (
        "Each team names two or three priorities for this week, each tied to the key result it moves. "
        "Work that moves none of them is worth a question. A priority that has not changed for three "
        "weeks is stuck, or it is a project in disguise: ask which."
    ),
    PhaseKind.KPIS: (
        "The health metrics from the winning logic keep the lights on: say for each whether it is steady "
        "or at risk. Keeping a KPI steady is not the OKR; but an OKR pursued while a KPI breaks is a bad "
        "trade the room should see."
    ),
    PhaseKind.IDEAS: (
        "\"Can't we just...?\": a new idea gets three questions before it gets any time. Does it serve the "
        "focused objective? Does it fit the winning logic? Does it touch anything we said no to?\n\n"
        "Then decide in the open: park it with a reason, or change the quarter's OKR on purpose, as a "
        "new version with its reason. Never let it eat the focus silently."
    ),
}

LEVEL_LABEL: dict[Level, str] = {
    Level.SQUAD: "For a squad",
    Level.PRODUCT: "For product leadership",
    Level.SENIOR: "For senior management",
}

LEVEL_HINTS: dict[Level, dict[PhaseKind, str]] = {
    Level.SQUAD: {
        PhaseKind.DRAFT: "the pull is towards what the team can do rather than what it should. Check the "
                         "objective against the winning logic, not against the backlog.",
        PhaseKind.KEY_RESULTS: "Big usually means more than this one team can deliver. If another team "
                               "has to ship for a key result to move, it needs a different owner or a "
                               "smaller scope.",
        PhaseKind.BACKBRIEF: "hold the how loosely: first plans rarely survive contact with the work. Ask "
                             "which activities add up to the objective, and which only keep people busy.",
    },
    Level.PRODUCT: {
        PhaseKind.DRAFT: "watch for objectives that copy the org chart, one per team. That is the team "
                         "structure talking, not the customer: ask which outcome needs teams to work "
                         "across their lines.",
        PhaseKind.FOCUS: "the pull is to give every team an objective of its own. One focus that several "
                         "teams serve together beats a set that mirrors who reports to whom.",
        PhaseKind.KEY_RESULTS: "optimism creeps in here. Test each target against what the teams have "
                               "really delivered before, and ask what users will do differently, not "
                               "what will ship.",
    },
    Level.SENIOR: {
        PhaseKind.DRAFT: "objectives go wrong by being out of reach for the capacity there is, or too "
                         "unclear to act on. Say what should be true by the end of the quarter; leave "
                         "the how to the units.",
        PhaseKind.FOCUS: "ideas that start with \u201ccan't we just\u2026\u201d steal time from the agreed "
                         "focus. Park them with a reason, or change the strategy on purpose.",
        PhaseKind.KEY_RESULTS: "milestones and dates from a programme plan are a plan, not a result. Only "
                               "work done before, with a known outcome, can be run that way.",
        PhaseKind.BACKBRIEF: "this is the check against objectives that are unrealistic or unclear. Each "
                             "unit says what it understood its mission to be and how it plans to get "
                             "there; listen for gaps before anyone commits.",
    },
}


def phase_help(kind: PhaseKind, level: Level) -> str:
    """The phase's coaching, and the level's hint where its failure shows in this phase."""
    text = HELP[kind]
    hint = LEVEL_HINTS.get(level, {}).get(kind)
    return f"{text}\n\n{LEVEL_LABEL[level]}: {hint}" if hint else text


# -- grades ------------------------------------------------------------------------------------
def grade_word(grade: float | None) -> str:
    """How far a key result moved towards its outcome, in a word (never colour alone, never 'done')."""
    if grade is None:
        return "ungraded"
    if grade >= 1.0:
        return "reached"
    if grade >= 0.7:
        return "close"
    if grade >= 0.4:
        return "partway"
    return "far off"


def grade_prompt(grade: float | None) -> str:
    """What the retrospective asks about a grade: read the number, not the colour."""
    if grade is None:
        return "No grade yet: PageUp goes back to grading, or talk it through anyway."
    if grade >= 1.0:
        return "Reached in full: was the target too easy, or did we measure the wrong thing?"
    if grade <= 0.3:
        return "Far off: out of reach from the start, blocked on the way, or the wrong measure?"
    return "Partway: what moved it, and what held it back?"
