"""The quarter board: per key result its values week by week against the straight line from
baseline to target, the confidence, a proposed grade, and flags with stable codes.

`build_board` is the one function the CLI (`catchball quarter --json`), the board screen and the
reports all show; everything is computed from the planning session, its check-ins and a date.

The line: on day d of a quarter running from `start` to `end`, the expected value is
baseline + (target - baseline) * (d - start) / (end - start), held at the baseline before the
start and at the target after the end. Progress is (value - baseline) / (target - baseline), so a
key result that goes down (95 s to 60 s) reads the same way as one that goes up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from .agenda import PhaseKind
from .model import QuarterKr
from .quarter import checkin_day, quarter_of, quarter_okr
from .numbers import Quantity, first_quantity, from_to, in_unit, noun_at, show_value
from .state import State

STALE_DAYS = 14
BEHIND_BY = 0.1  # a tenth of the way from baseline to target
SAME_PRIORITY_WEEKS = 3

FLAG_WORDS = {
    "behind-pace": "behind the line: short of where the straight line from baseline to target is by now",
    "confidence-falling": "confidence falling two check-ins running",
    "stale": f"no value for {STALE_DAYS // 7} weeks",
    "same-priority": f"a team's priority unchanged for {SAME_PRIORITY_WEEKS} weeks: stuck, or a project?",
    "kpi-at-risk": "a health metric is at risk",
}


@dataclass(frozen=True, slots=True)
class Numbers:
    """A key result's baseline and target as numbers (the target in the baseline's unit), or why
    they cannot be read."""

    baseline: Quantity | None
    target: Quantity | None
    problem: str | None = None

    @property
    def measure(self) -> str:
        """The canonical unit values are compared in ("%", "s", "$"...; "" for a count)."""
        return (self.baseline and self.baseline.unit) or (self.target and self.target.unit) or ""

    @property
    def unit(self) -> str:
        """The unit values are shown in: the measure, or the noun a count counts ("orders")."""
        return self.measure or (self.baseline and self.baseline.label) or (self.target and self.target.label) or ""


def _counting(q: Quantity, noun: str) -> Quantity:
    """A count stated in a sentence ("from 1,200 to 1,500 orders") takes the noun after it."""
    return q if q.unit or q.per or not noun else replace(q, label=noun)


def read_numbers(kr: QuarterKr) -> Numbers:
    """The key result's baseline and target, read by `domain.numbers` as the coach reads them: the
    typed fields first, then a "from X to Y" in its words."""
    base, target = first_quantity(kr.baseline), first_quantity(kr.target)
    if base is None or target is None:
        pair = from_to(kr.text)
        if pair is not None:
            base, target = base or pair.baseline, target or _counting(pair.target, noun_at(kr.text, pair.span[1]))
    if base is None or target is None:
        missing = " and ".join(w for w, q in (("baseline", base), ("target", target)) if q is None)
        return Numbers(base, target, f"no number to read in its {missing}: progress cannot be shown")
    converted = in_unit(target, base.unit)
    if converted is None:
        return Numbers(base, target, f"its baseline is in {base.unit} but its target in {target.unit}")
    if base.unit and target.unit != base.unit:  # "2 h" to "30 min": the target in hours
        target = replace(target, value=converted, unit=base.unit)
    if base.value == target.value:
        return Numbers(base, target, "its target is its baseline: there is no way to go")
    return Numbers(base, target)


def fraction_of_quarter(start: date, end: date, day: date) -> float:
    if day <= start:
        return 0.0
    if day >= end:
        return 1.0
    return (day - start).days / (end - start).days


def expected_value(base: float, target: float, start: date, end: date, day: date) -> float:
    """The straight line from baseline (at the start) to target (at the end), on `day`."""
    f = fraction_of_quarter(start, end, day)
    return base * (1 - f) + target * f  # exactly the baseline at the start and the target at the end


def progress(base: float, target: float, value: float) -> float:
    """How far `value` has come from the baseline to the target (0 at the baseline, 1 at the target)."""
    return (value - base) / (target - base)


def proposed_grade(base: float, target: float, value: float) -> float:
    """The progress in tenths from 0.0 to 1.0 (halves round up: 0.25 proposes 0.3)."""
    p = progress(base, target, value)
    return max(0, min(10, math.floor(p * 10 + 0.5 + 1e-9))) / 10


def behind_pace(base: float, target: float, value: float, expected: float) -> bool:
    """Short of the line by more than a tenth of the way from baseline to target."""
    return progress(base, target, expected) - progress(base, target, value) > BEHIND_BY + 1e-9


def confidence_falling(confidences: list[int]) -> bool:
    """Lower at two check-ins running: the last three readings strictly falling."""
    return len(confidences) >= 3 and confidences[-3] > confidences[-2] > confidences[-1]


def _same(text: str) -> str:
    return " ".join(text.casefold().split())


def stuck_priorities(weeks: list[list[tuple[str, str, int | None]]]) -> list[tuple[str, str, int | None]]:
    """(team, text, kr) priorities that appear in each of the last three check-ins that set any."""
    weeks = [w for w in weeks if w][-SAME_PRIORITY_WEEKS:]
    if len(weeks) < SAME_PRIORITY_WEEKS:
        return []
    later = [{(team, _same(text)) for team, text, _ in week} for week in weeks[:-1]]
    return [(team, text, kr) for team, text, kr in weeks[-1] if all((team, _same(text)) in w for w in later)]


def _round(value: float) -> float:
    return round(value, 6) + 0.0


def build_board(planning_name: str, planning: State, checkins: list[tuple[str, State]], today: date) -> dict:
    """The quarter as one dict (the JSON of `catchball quarter --json`).

    `checkins` are (folder name, folded state) of the check-in sessions naming this planning
    session, in any order; they are shown by date, oldest first.
    """
    start, end = quarter_of(planning.session.session)
    ordered = sorted(checkins, key=lambda c: (checkin_day(c[1].session.session), c[1].session.session.created))
    okr = quarter_okr(planning, [s for _, s in ordered])
    days = [checkin_day(s.session.session) for _, s in ordered]
    as_of = min(max(today, start), end)
    if days and days[-1] > as_of:
        as_of = days[-1]
    weeks = [[(p.team, p.text, p.kr) for p in s.priorities.values()] for _, s in ordered]
    stuck = stuck_priorities(weeks)
    key_results = [_kr_entry(kr, ordered, days, start, end, as_of, stuck) for kr in okr.key_results]
    kpis = _kpis(okr.kpis, ordered, days)
    flags = [{"code": code, "kr": kr["number"], "text": FLAG_WORDS[code]}
             for kr in key_results for code in kr["flags"]]
    flags += [{"code": "same-priority", "kr": kr, "team": team, "text": f"{team}: {text}"} for team, text, kr in stuck
              if kr is None]
    flags += [{"code": "kpi-at-risk", "kpi": k["text"], "text": f"{FLAG_WORDS['kpi-at-risk']}: {k['text']}"}
              for k in kpis if k["status"] == "at_risk"]
    return {
        "planning": planning_name,
        "title": planning.session.session.title,
        "objective": okr.objective,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "as_of": as_of.isoformat(),
        "checkins": [_checkin_entry(name, state, day) for (name, state), day in zip(ordered, days)],
        "key_results": key_results,
        "kpis": kpis,
        "changes": [{"date": day.isoformat(), "session": name, "kr": c.kr, "text": c.text, "reason": c.reason}
                    for (name, state), day in zip(ordered, days) for c in state.okr_changes],
        "flags": flags,
    }


def _kr_entry(kr: QuarterKr, ordered: list[tuple[str, State]], days: list[date], start: date, end: date,
              as_of: date, stuck: list[tuple[str, str, int | None]]) -> dict:
    numbers = read_numbers(kr)
    values = []
    for (_, state), day in zip(ordered, days):
        got = state.checkin_values.get(kr.number)
        if got is not None:
            values.append({"date": day.isoformat(), "value": got.value, "confidence": got.confidence,
                           "note": got.note})
    last_day = date.fromisoformat(values[-1]["date"]) if values else as_of
    entry = {
        "number": kr.number, "text": kr.text, "owner": kr.owner,
        "baseline": numbers.baseline.value if numbers.baseline else None,
        "target": numbers.target.value if numbers.target else None,
        "unit": numbers.unit, "baseline_text": kr.baseline, "target_text": kr.target,
        "readable": numbers.problem is None, "problem": numbers.problem,
        "planned_confidence": kr.confidence, "values": values,
        "expected": None, "expected_at": last_day.isoformat(), "expected_today": None,
        "progress": None, "proposed_grade": None, "flags": [],
    }
    flags: list[str] = []
    if numbers.problem is None:
        week = week_view(kr, values[-1]["value"] if values else None, start, end, last_day)
        entry["expected"] = _round(week["expected"])
        entry["expected_today"] = _round(expected_value(numbers.baseline.value, numbers.target.value, start, end,
                                                        as_of))
        if values:
            entry["progress"] = _round(week["progress"])
            entry["proposed_grade"] = week["grade"]
            if week["behind"]:
                flags.append("behind-pace")
    if confidence_falling([kr.confidence] + [v["confidence"] for v in values]):
        flags.append("confidence-falling")
    if (as_of - (last_day if values else start)).days >= STALE_DAYS:
        flags.append("stale")
    if any(linked == kr.number for _, _, linked in stuck):
        flags.append("same-priority")
    entry["flags"] = flags
    return entry


def week_view(kr: QuarterKr, value: float | None, start: date, end: date, day: date) -> dict:
    """One key result on one day: where the line is, and (given a value) its progress, the grade it
    proposes and whether it is behind the line. The board and the check-in's panel both show this."""
    numbers = read_numbers(kr)
    view = {"unit": numbers.unit, "problem": numbers.problem, "expected": None, "progress": None,
            "grade": None, "behind": False}
    if numbers.problem is not None:
        return view
    base, target = numbers.baseline.value, numbers.target.value
    view["expected"] = expected_value(base, target, start, end, day)
    if value is not None:
        view["progress"] = progress(base, target, value)
        view["grade"] = proposed_grade(base, target, value)
        view["behind"] = behind_pace(base, target, value, view["expected"])
    return view


def _kpis(kpis: tuple[str, ...], ordered: list[tuple[str, State]], days: list[date]) -> list[dict]:
    rows = []
    for text in kpis:
        status, when, note = None, None, None
        for (_, state), day in zip(ordered, days):
            check = state.kpi_checks.get(text)
            if check is not None:
                status, when, note = check.status, day.isoformat(), check.note
        rows.append({"text": text, "status": status, "date": when, "note": note})
    return rows


def _checkin_entry(name: str, state: State, day: date) -> dict:
    wins = [n.text for n in state.notes if state.session.agenda.phases[n.phase].kind is PhaseKind.WINS]
    return {
        "date": day.isoformat(), "session": name, "finished": state.finished,
        "values": len(state.checkin_values), "wins": wins,
        "priorities": [{"team": p.team, "text": p.text, "kr": p.kr} for p in state.priorities.values()],
        "ideas": [{"text": i.text, "parked": i.parked, "changed": i.changed} for i in state.ideas.values()],
    }


def value_text(entry: dict, value: float | None) -> str:
    """A value of this key result as the room writes it ("21%", "82 s")."""
    return "-" if value is None else show_value(round(value, 2), entry.get("unit") or "")
