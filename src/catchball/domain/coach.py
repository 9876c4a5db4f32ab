"""The coach on a session: a `State` read into the one coach function (`quality.lint_okr`).

Everything that shows a key result's findings calls `coach_state` (or `coach_typed` for the
text being typed): the live key-results panel, the review summary and the Markdown/JSON
report. `catchball lint --okr` calls `lint_okr` on a file holding the same context. The
context is the whole of it: the fields (metric, baseline, target, weekly, confidence), the
owner and the session's teams, the focused objective with its drafted links, the winning
logic with what it says no to, the number of key results and the findings kept on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .quality import Finding, KrDraft, LogicPoint, OkrDraft, OkrReport, element_label, lint_okr
from .records import KeyResult
from .state import State


@dataclass(frozen=True)
class SessionCoach:
    """The coach's reading of a session: objective-level findings, each key result's
    findings (kept ones carry the reason) and the winning-logic element it serves."""

    objective: list[Finding]
    key_results: dict[int, list[Finding]]
    serves: dict[int, str | None]


def focused_objective(state: State):
    """The focused objective, or the only/first drafted one before the room chose."""
    if state.focus is not None and state.focus in state.objectives:
        return state.objectives[state.focus]
    return next(iter(state.objectives.values()), None)


def kept(state: State, kr_id: int) -> dict[str, str]:
    """The codes the room chose to keep on key result `kr_id`, with their reasons."""
    return {x.code: x.reason for x in state.exceptions if x.kr == kr_id}


def draft_of(state: State, kr: KeyResult) -> KrDraft:
    return KrDraft(text=kr.text, owner=kr.owner, metric=kr.metric, baseline=kr.baseline, target=kr.target,
                   confidence=kr.confidence, weekly=kr.weekly, kept=kept(state, kr.id))


def okr_of(state: State, drafts: list[KrDraft]) -> OkrDraft:
    ids = list(state.winning)
    objective = focused_objective(state)
    links = None
    if objective is not None:
        links = [ids.index(ref) for ref in objective.links if ref in state.winning]
    return OkrDraft(
        objective=objective.text if objective is not None else "",
        key_results=drafts,
        winning_logic=[LogicPoint(w.text, w.element.value) for w in state.winning.values()],
        focused_objectives=1,
        level=state.session.session.level.value,
        links=links,
        teams=[t for t in state.session.teams if t],
    )


def _serves(okr: OkrDraft, report: OkrReport, i: int) -> str | None:
    idx = report.serves[i] if i < len(report.serves) else None
    return element_label(okr.winning_logic[idx]) if idx is not None else None


def coach_state(state: State) -> SessionCoach:
    """The findings of every recorded key result, read together in the session's context."""
    krs = list(state.key_results.values())
    okr = okr_of(state, [draft_of(state, kr) for kr in krs])
    report = lint_okr(okr)
    return SessionCoach(
        objective=report.objective,
        key_results={kr.id: fs for kr, fs in zip(krs, report.key_results)},
        serves={kr.id: _serves(okr, report, i) for i, kr in enumerate(krs)},
    )


def coach_typed(state: State, text: str, editing: int | None = None, field: str = "text") -> list[Finding]:
    """Findings for what is being typed: a new key result (as the next one; `no-owner` waits
    until it is added, as only then can an owner be given), or one field of key result
    `editing` with the rest as recorded."""
    krs = list(state.key_results.values())
    drafts = [draft_of(state, kr) for kr in krs]
    if editing is not None and editing in state.key_results:
        index = [kr.id for kr in krs].index(editing)
        drafts[index] = replace(drafts[index], **{field: text})
        return lint_okr(okr_of(state, drafts), only=index).key_results[index]
    if not text.strip():
        return []
    drafts.append(KrDraft(text=text, weekly=True))
    found = lint_okr(okr_of(state, drafts), only=len(drafts) - 1).key_results[-1]
    return [f for f in found if f.code != "no-owner"]  # an owner can only be given once it is added
