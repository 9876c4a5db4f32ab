"""Phase 1's rules over the fold: the gate, its unanswered questions, and the follow-up actions.

Every prerequisite has a consequence. A gate question (strategy, leaders' alignment, empowered
teams, safety) answered no or partly closes the gate: OKRs would only expose that gap, so the
room fixes it first, stops here, or goes on and says why (`ReadinessOverridden`). A gate question
left unanswered does not pass silently either: leaving readiness asks about it. An action
question (overload, trust, leaders' time) answered no or partly lets the room go on with a
follow-up action owned by a named person.

An action names the question it follows up (`ActionRecorded.question`). Logs written before
that field existed do not: there the events still in effect are walked in order, and each
action covers the earliest question still left without one, as the app asked for them.
"""

from __future__ import annotations

from .model import ACTION_QUESTIONS, GATE_QUESTIONS, Answer, ReadinessQuestion
from .state import State

WEAK = (Answer.NO, Answer.PARTLY)

# What a weak answer means for the session, in a line each (the panel and the gate show them).
CONSEQUENCE: dict[ReadinessQuestion, str] = {
    ReadinessQuestion.STRATEGY: "every team's OKRs would copy the disagreement: agree how we win first",
    ReadinessQuestion.ALIGNED: "teams would hear a different story from each leader: leaders choose together first",
    ReadinessQuestion.EMPOWERED: "OKRs would become a list of approved tasks: hand the teams the how first",
    ReadinessQuestion.SAFETY: "every key result would stay green until it is too late: make bad news safe first",
    ReadinessQuestion.OVERLOAD: "go on, and name who lowers the work in progress, and how",
    ReadinessQuestion.TRUST: "go on, and name who works on the trust, and how",
    ReadinessQuestion.TIME: "go on, and name the leader who keeps the weekly check-in in the diary",
}


def gate_gaps(state: State) -> list[ReadinessQuestion]:
    """The gate questions answered no or partly."""
    return [q for q in GATE_QUESTIONS if q in state.readiness and state.readiness[q].answer in WEAK]


def unanswered_gates(state: State) -> list[ReadinessQuestion]:
    """The gate questions nobody has answered yet."""
    return [q for q in GATE_QUESTIONS if q not in state.readiness]


def gate_open(state: State) -> bool:
    """The hard rule: no gate question answered no or partly, unless the room chose to go on."""
    return state.override is not None or not gate_gaps(state)


def follow_ups(state: State) -> tuple[list[ReadinessQuestion], dict[int, ReadinessQuestion]]:
    """The action questions that still need an action, and the question each action follows up
    (by the action's seq; an action recorded when no question needed one has none)."""
    pending: list[ReadinessQuestion] = []
    covered: dict[ReadinessQuestion, int] = {}
    questions: dict[int, ReadinessQuestion] = {}
    for event in state.history:
        if event.kind == "readiness_answered" and event.question in ACTION_QUESTIONS:
            if event.answer in WEAK and event.question not in pending:
                pending.append(event.question)
            elif event.answer is Answer.YES and event.question in pending:
                pending.remove(event.question)
        elif event.kind == "action_recorded":
            question = event.question
            if question is None:
                question = next((q for q in pending if q not in covered), None)
            if question is not None:
                questions[event.seq] = question
                if question in pending:
                    covered.setdefault(question, event.seq)
    return [q for q in pending if q not in covered], questions
