"""What a finished quarter hands to the next one (`model.Carried`), from its planning session, its
check-ins and the quarter board: the key results with what was measured (to be graded), the
winning logic (to revise, not retype), the parking lot with its reasons (parked objectives and the
check-ins' parked ideas: candidates for the next focus), the retrospective's lessons and the
follow-up actions with their owners (those it was handed and did not mark done, then its own).

Pure: the caller reads the sessions and builds the board; `carried` only chooses what goes on.
"""

from __future__ import annotations

from .model import Carried, CarriedItem, CarriedKr, CarriedWinning
from .quarter_board import value_text
from .state import State


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def measured_krs(board: dict | None, planning: State) -> tuple[tuple[str, ...], tuple[CarriedKr, ...]]:
    """The quarter's key results as the board shows them (the latest versions) with the last value,
    the grade it proposes and the last confidence; the planning session's own without a board."""
    if board is None or not board["key_results"]:
        return tuple(kr.text for kr in planning.key_results.values()), ()
    texts, measured = [], []
    for kr in board["key_results"]:
        texts.append(kr["text"])
        if kr["values"]:
            last = kr["values"][-1]
            measured.append(CarriedKr(text=kr["text"], last_value=value_text(kr, last["value"])[:200],
                                      proposed_grade=kr["proposed_grade"], confidence=last["confidence"]))
    return tuple(texts), tuple(measured)


def carried(planning: State, checkins: list[State], board: dict | None = None) -> Carried:
    """Everything worth keeping from `planning` and its `checkins` (oldest first)."""
    texts, measured = measured_krs(board, planning)
    winning = tuple(CarriedWinning(element=w.element.value, text=w.text) for w in planning.winning.values())
    parking: list[CarriedItem] = []
    seen: set[str] = set()
    for ref, reason in planning.parked.items():
        objective = planning.objectives.get(ref)
        if objective is not None and _key(objective.text) not in seen:
            seen.add(_key(objective.text))
            parking.append(CarriedItem(text=objective.text, reason=reason or None))
    for state in checkins:
        for idea in state.ideas.values():
            if idea.parked is not None and _key(idea.text) not in seen:
                seen.add(_key(idea.text))
                parking.append(CarriedItem(text=idea.text, reason=idea.parked or None))
    lessons = []
    for note in planning.retro:
        if note.field == "learned" and note.text.strip():
            about = planning.prior_krs.get(note.kr) if note.kr is not None else None
            lessons.append(CarriedItem(text=note.text, about=about.text if about else None))
    still_open = [a for i, a in enumerate(planning.session.carried.actions) if i not in planning.carried_done]
    actions: list[CarriedItem] = []
    for item in still_open + [CarriedItem(text=a.text, owner=(a.owner or None) and a.owner[:200])
                              for a in planning.actions if a.text.strip()]:
        if _key(item.text) not in {_key(a.text) for a in actions}:
            actions.append(item)
    return Carried(prior_key_results=texts, measured=measured, winning_logic=winning,
                   parking_lot=tuple(parking), lessons=tuple(lessons), actions=tuple(actions))
