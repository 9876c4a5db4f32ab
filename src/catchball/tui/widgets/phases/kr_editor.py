"""The key-results editor's reading of the state: the coach's findings in context.

Pure functions over a `State`: which objective the key results serve, the drafts the coach
reads (the recorded key results, optionally with the text being typed), and which findings
may still be kept as an exception.
"""

from __future__ import annotations

from dataclasses import replace

from ....domain.quality import (
    ACCEPTABLE_EXCEPTION_CODES,
    Finding,
    KrDraft,
    OkrDraft,
    OkrReport,
    lint_okr,
)
from ....domain.records import KeyResult
from ....domain.state import State

FIELDS = ("text", "metric", "baseline", "target", "owner")
FIELD_LABELS = {"text": "wording", "metric": "metric", "baseline": "baseline (today)",
                "target": "target", "owner": "owning team (one)"}


def objective_text(state: State) -> str:
    """The focused objective's latest wording, or '' before the room chose one."""
    obj = state.objectives.get(state.focus) if state.focus is not None else None
    return obj.text if obj else ""


def key_results(state: State) -> list[KeyResult]:
    return list(state.key_results.values())


def draft_of(kr: KeyResult) -> KrDraft:
    return KrDraft(text=kr.text, owner=kr.owner, metric=kr.metric, baseline=kr.baseline,
                   target=kr.target, confidence=kr.confidence)


def coach(state: State, drafts: list[KrDraft]) -> OkrReport:
    return lint_okr(OkrDraft(
        objective=objective_text(state),
        key_results=drafts,
        winning_logic=[w.text for w in state.winning.values()],
        focused_objectives=1,
        level=state.session.session.level.value,
    ))


def recorded_findings(state: State) -> tuple[list[Finding], dict[int, list[Finding]]]:
    """The objective's findings, and each recorded key result's, read together."""
    krs = key_results(state)
    report = coach(state, [draft_of(kr) for kr in krs])
    return report.objective, {kr.id: fs for kr, fs in zip(krs, report.key_results)}


def live_findings(state: State, text: str, editing: int | None = None, field: str = "text") -> list[Finding]:
    """Findings for what is being typed: a new key result, or one field of key result `editing`."""
    krs = key_results(state)
    drafts = [draft_of(kr) for kr in krs]
    if editing is not None and editing in state.key_results:
        index = [kr.id for kr in krs].index(editing)
        drafts[index] = replace(drafts[index], **{field: text})
        return coach(state, drafts).key_results[index]
    if not text.strip():
        return []
    drafts.append(KrDraft(text=text))
    return coach(state, drafts).key_results[-1]


def accepted(state: State, kr_id: int) -> dict[str, str]:
    """The codes the room chose to keep on key result `kr_id`, with their reasons."""
    return {x.code: x.reason for x in state.exceptions if x.kr == kr_id}


def acceptable(state: State, kr_id: int, findings: list[Finding]) -> list[str]:
    """Codes present on the key result that may be kept with a reason, and are not kept yet."""
    kept = accepted(state, kr_id)
    codes: list[str] = []
    for f in findings:
        if f.code in ACCEPTABLE_EXCEPTION_CODES and f.code not in kept and f.code not in codes:
            codes.append(f.code)
    return codes


def meta(kr: KeyResult) -> str:
    """The fields of a key result in a few words."""
    parts = [kr.owner or "no owner"]
    if kr.baseline or kr.target:
        parts.append(f"{kr.baseline or '?'}→{kr.target or '?'}")
    parts.append("weekly" if kr.weekly else "not weekly")
    parts.append(f"{kr.confidence}/10")
    return " · ".join(parts)
