"""The result side of a practice run's feedback: which of the scenario's BAD findings the room
repaired (or kept on purpose, with the reason), which remain, and the pet projects that had to go.

The scenario is read as it was seeded, the session as the coach reads it now (`coach.coach_state`,
as the live panel and the report show it); a repaired key result is named by its current text.
"""

from __future__ import annotations

from . import quality
from .coach import coach_state
from .scenario import Scenario
from .state import State


def flat(text: str) -> str:
    """`text` on one line, its runs of white space as one space."""
    return " ".join(text.split())


def short(text: str, width: int = 48) -> str:
    line = flat(text)
    return line if len(line) <= width else line[: width - 1] + "…"


def quote(text: str, width: int = 48) -> str:
    """`text` on one line, cut to `width`, in quotation marks."""
    return f"\u201c{short(text, width)}\u201d"


# -- key results ------------------------------------------------------------------------------------
def _seeded_krs(scenario: Scenario, state: State) -> list[int | None]:
    """The key-result id each of the scenario's key results was seeded as (None if not found)."""
    added = [e for e in state.history if e.kind == "kr_added"]
    ids: list[int | None] = []
    used: set[int] = set()
    for kr in scenario.key_results:
        match = next((e.seq for e in added if e.text == kr.text and e.seq not in used), None)
        if match is not None:
            used.add(match)
        ids.append(match)
    return ids


def _codes(findings: list[quality.Finding]) -> list[str]:
    return list(dict.fromkeys(f.code for f in findings if f.kept is None))


def _findings(scenario: Scenario, state: State) -> tuple[list[list[str]], dict[int, list[str]], list[str]]:
    """Initial codes per scenario KR (the scenario read as it was seeded), current codes per
    state KR id and current objective codes (the coach's reading of the session, as the live
    panel and the report show it; findings kept on purpose are left out here)."""
    draft = scenario.drafts[0]
    logic = [quality.LogicPoint(w.text, w.element.value) for w in scenario.winning_logic]
    links = [i for i, w in enumerate(scenario.winning_logic) if not draft.links or w.element in draft.links]
    initial = quality.lint_okr(quality.OkrDraft(
        draft.text,
        [quality.KrDraft(k.text, k.owner, k.metric, k.baseline, k.target, k.confidence, weekly=True)
         for k in scenario.key_results],
        logic, 1, scenario.level.value, links=links,
        teams=list(dict.fromkeys(p.team for p in scenario.participants))))
    coach = coach_state(state)
    now_codes = {kr_id: _codes(fs) for kr_id, fs in coach.key_results.items()}
    return [_codes(fs) for fs in initial.key_results], now_codes, _codes(coach.objective)


def repairs(scenario: Scenario, state: State) -> tuple[list[str], list[str]]:
    """(repaired, remaining): each a line naming the finding's code and the key result it is in."""
    init_codes, now_codes, objective_codes = _findings(scenario, state)
    kept = {(x.kr, x.code): x.reason for x in state.exceptions}
    repaired: list[str] = []
    remaining: list[str] = []
    ids = _seeded_krs(scenario, state)
    for n, (kr, codes, kr_id) in enumerate(zip(scenario.key_results, init_codes, ids, strict=False), start=1):
        live = state.key_results.get(kr_id) if kr_id is not None else None
        where = f"KR {n} {quote(kr.text)}"
        if live is not None and flat(live.text) != flat(kr.text):
            where = f"KR {n} {quote(live.text)} (was {quote(kr.text, 32)})"  # named as it reads now
        current = now_codes.get(kr_id) if live is not None else None
        if kr.should_go:
            if live is None:
                repaired.append(f"pet project dropped: {where}")
            else:
                remaining.append(f"pet project still in: {where}: {flat(kr.should_go)}")
        for code in codes:
            if current is None:
                repaired.append(f"{code} in {where}: key result dropped")
            elif (kr_id, code) in kept:
                repaired.append(f"{code} in {where}: kept on purpose ({short(kept[(kr_id, code)], 40)})")
            elif code in current:
                remaining.append(f"{code} in {where}")
            else:
                repaired.append(f"{code} in {where}")
        for code in current or []:
            if code not in codes and (kr_id, code) not in kept:
                remaining.append(f"{code} in {where} (new)")
    seeded = {i for i in ids if i is not None}
    for kr in state.key_results.values():
        if kr.id not in seeded:
            for code in now_codes.get(kr.id, []):
                if (kr.id, code) not in kept:
                    remaining.append(f"{code} in added KR {quote(kr.text)}")
    for code in objective_codes:
        remaining.append(f"{code} in the objective")
    if not state.key_results:
        remaining.append("no key results: nothing measures the objective")
    return repaired, remaining
