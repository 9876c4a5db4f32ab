"""Phase 1's rules over the fold: the gate's gaps and which follow-up action covers which question.

An action names the question it follows up (`ActionRecorded.question`). Logs written before
that field existed do not: there the events still in effect are walked in order, and each
action covers the earliest question still left without one, as the app asked for them.
"""

from __future__ import annotations

from .model import ACTION_QUESTIONS, GATE_QUESTIONS, Answer, ReadinessQuestion
from .state import State

WEAK = (Answer.NO, Answer.PARTLY)


def gate_gaps(state: State) -> list[ReadinessQuestion]:
    """The gate questions answered no or partly."""
    return [q for q in GATE_QUESTIONS if q in state.readiness and state.readiness[q].answer in WEAK]


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
