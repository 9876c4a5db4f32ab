"""The key-results editor's reading of the state: the coach's findings in context.

Pure functions over a `State`. The findings come from the one coach function
(`domain.coach`, which the report and the review summary call too); here: which key results
there are, which findings are kept, and which may still be kept as an exception.
"""

from __future__ import annotations

from ....domain.coach import coach_state, coach_typed, kept
from ....domain.quality import ACCEPTABLE_EXCEPTION_CODES, Finding
from ....domain.records import KeyResult
from ....domain.state import State

FIELDS = ("text", "metric", "baseline", "target", "owner")
FIELD_LABELS = {"text": "wording", "metric": "metric", "baseline": "baseline (today)",
                "target": "target", "owner": "owning team (one)"}


def key_results(state: State) -> list[KeyResult]:
    return list(state.key_results.values())


def recorded_findings(state: State) -> tuple[list[Finding], dict[int, list[Finding]]]:
    """The objective's findings, and each recorded key result's: the one coach function
    the report and the review summary call too."""
    coached = coach_state(state)
    return coached.objective, coached.key_results


def live_findings(state: State, text: str, editing: int | None = None, field: str = "text") -> list[Finding]:
    """Findings for what is being typed: a new key result, or one field of key result `editing`."""
    return coach_typed(state, text, editing, field)


def accepted(state: State, kr_id: int) -> dict[str, str]:
    """The codes the room chose to keep on key result `kr_id`, with their reasons."""
    return kept(state, kr_id)


def acceptable(state: State, kr_id: int, findings: list[Finding]) -> list[str]:
    """Codes present on the key result that may be kept with a reason, and are not kept yet."""
    done = accepted(state, kr_id)
    codes: list[str] = []
    for f in findings:
        if f.code in ACCEPTABLE_EXCEPTION_CODES and f.code not in done and f.code not in codes:
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
