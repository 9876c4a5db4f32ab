"""What the coach can say: the codes, their severity, help lines and the questions for the room.

Pure data plus the ``Finding`` record; the rules live in ``quality_kr.py`` (one key result's
text) and ``quality_context.py`` (a key result in its OKR and session).
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("squad", "product", "senior")
CODES = (
    "activity", "no-metric", "vague", "no-baseline", "kpi",
    "big", "disconnected", "contradicts", "too-many", "sandbag",
    "not-weekly", "no-owner", "unknown-owner",
)
SEVERITIES = ("error", "warning", "info")

# Codes a room may keep on purpose, with a recorded reason: a binary milestone that is itself
# hard-won (passing an external audit), a goal that is honestly qualitative (judged by a
# customer panel rather than a counter), and a new measure whose baseline will only be known
# after the first weeks of the quarter.
ACCEPTABLE_EXCEPTION_CODES = frozenset({"activity", "no-metric", "no-baseline"})

HELP = {
    "activity": "Names work to do or a thing to deliver; a key result should show something changing for people.",
    "no-metric": "Nothing here can be counted or measured, so nobody could tell weekly whether it is on track.",
    "vague": "Asks for a change but never says how much, so any movement would count as success.",
    "no-baseline": "Gives a target but not where we stand today, so the size of the step is unknown.",
    "kpi": "Holds a health measure steady; that is a KPI to watch, not a change to make this quarter.",
    "big": "Needs more than one team, or a leap far past what the baseline suggests is reachable.",
    "disconnected": "Serves no element of the winning logic, so it is hard to say why it matters now.",
    "contradicts": "Does what the winning logic says no to: the trade-off is broken without anyone deciding it.",
    "too-many": "More than three key results, or more than one focused objective, spreads effort thin.",
    "sandbag": "Confidence of 9 or 10 out of 10 usually means the target is already in the bag.",
    "not-weekly": "Not measured weekly, so the team cannot steer by it; it only gets graded at the end.",
    "no-owner": "No team owns it, so nobody looks after the number from week to week.",
    "unknown-owner": "Owned by a team that is not in this session, so nobody here has agreed to it.",
}

SEVERITY = {
    "activity": "error", "no-metric": "error", "vague": "warning", "no-baseline": "warning",
    "kpi": "warning", "big": "error", "disconnected": "warning", "contradicts": "error",
    "too-many": "error", "sandbag": "info", "not-weekly": "warning", "no-owner": "warning",
    "unknown-owner": "warning",
}

# Questions for the room, by code and by level. Squads tend to overreach their own team,
# product leaders get lost in delivery and optimism, senior leaders drift into plan steps,
# slogans and side projects. Faithful to the sources: a miss must be safe (pressure for
# more stretch is what makes people sandbag), a key result is steered weekly, and some goals
# are honestly qualitative.
QUESTIONS = {
    "activity": {
        "squad": "Once this is done, what will our users do differently, and which number would show it?",
        "product": "If this went out and nothing changed for customers, would we call the quarter a win?",
        "senior": "Is this a step from the project plan? What result in the market should it buy us?",
    },
    "no-metric": {
        "squad": "What would we count each week to know we are getting closer?",
        "product": "Which number on our dashboard should move week by week if this works?",
        "senior": "What could the teams look at every week to steer by, or is this a qualitative goal "
                  "we agree to judge with care?",
    },
    "vague": {
        "squad": "By how much, and from what level today?",
        "product": "What size of change would make us say it worked, and what would feel too small?",
        "senior": "How much change, from which level today, would tell us the strategy is working?",
    },
    "no-baseline": {
        "squad": "Where are we today on this measure, and how soon can we find out?",
        "product": "Is this target a real step up from today, or close to where we already are?",
        "senior": "Do we know today's number, or is this target a guess?",
    },
    "kpi": {
        "squad": "Is holding this level new work for us, or should it live on the health dashboard?",
        "product": "What are we trying to change this quarter, beyond keeping this healthy?",
        "senior": "Is this a guard-rail to watch, rather than the change we ask for this quarter?",
    },
    "big": {
        "squad": "Which single team owns this, and can it move the number on its own?",
        "product": "Which one team answers for this, and what does it need from the others?",
        "senior": "Which unit owns this result, so that it is not everyone's and so no one's?",
    },
    "big-size": {
        "squad": "Can our team really make this jump in one quarter, or would a nearer target be more honest?",
        "product": "Is this target built on what the teams have shown they can do, or on hope?",
        "senior": "Can this be reached this quarter with the people and time we have, or is it a wish?",
    },
    "disconnected": {
        "squad": "How does this help the bet in our winning logic?",
        "product": "Which part of the strategy does this serve, and what would we stop to make room?",
        "senior": "Which part of the winning logic does this move, or is it a side project for the parking lot?",
    },
    "contradicts": {
        "squad": "Our winning logic says no to this: are we changing that decision, or dropping this?",
        "product": "This does what the strategy rules out: do we change the trade-off openly, or park this?",
        "senior": "This goes against what we said no to: is the strategy changing, or does this go to the "
                  "parking lot?",
    },
    "too-many": {
        "squad": "If we could move only one of these, which would it be?",
        "product": "Which of these can wait for next quarter without real harm?",
        "senior": "What is the one thing that must be true by the end of the quarter?",
    },
    "sandbag": {
        "squad": "Would we hit this without changing how we work? What would we aim for if missing it "
                 "carried no blame?",
        "product": "Is this set where it feels safe rather than where we think we could get? What if 0.7 "
                   "counted as a good result?",
        "senior": "Does anything make a miss feel risky here, such as reviews or bonuses tied to it? What "
                  "would the team aim for if falling short were safe?",
    },
    "not-weekly": {
        "squad": "What could we look at every week to see whether this is moving?",
        "product": "Which leading number can we check weekly, so this is steered and not only graded?",
        "senior": "If this is only known at the end of the quarter, what weekly signal lets the teams steer?",
    },
    "no-owner": {
        "squad": "Which team will look after this number every week?",
        "product": "Which one team owns this key result?",
        "senior": "Which unit answers for this key result?",
    },
    "unknown-owner": {
        "squad": "Is the owning team in the room? If not, which team here will own it?",
        "product": "Has the owning team agreed to this, or should a team in the room own it?",
        "senior": "Should this go to the unit that owns it to back-brief, or to a unit in the room?",
    },
}

CODE_RANK = {c: i for i, c in enumerate(CODES)}


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    span: tuple[int, int]
    question: str
    severity: str
    kept: str | None = None  # the room's reason, when it keeps this finding on purpose

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "span": [self.span[0], self.span[1]],
            "question": self.question,
            "severity": self.severity,
            "kept": self.kept,
        }


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return level


def finding(code: str, message: str, span: tuple[int, int], level: str, question: str | None = None) -> Finding:
    """A finding of ``code``; ``question`` picks another question set (e.g. "big-size")."""
    return Finding(code, message, span, QUESTIONS[question or code][level], SEVERITY[code])


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (CODE_RANK[f.code], f.span))
