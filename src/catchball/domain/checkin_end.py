"""The end of a weekly check-in in a few lines (`session_end` shows them for a check-in instead of a
planning session's focus and commitments): what the room recorded this week, and what it left
open. Read from `quarter_report.checkin_report`, the same dict the check-in's report shows.
"""

from __future__ import annotations

from .numbers import show_value
from .quarter_report import checkin_report
from .state import State
from .text import one_line


def _numbers(numbers: list[int]) -> str:
    shown = [str(n) for n in numbers]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def checkin_decided(state: State) -> list[str]:
    """What the check-in recorded: each key result's value against the line, the priorities, the
    health metrics at risk, the ideas parked and the considered changes. Empty for a planning session."""
    report = checkin_report(state)
    if report is None:
        return []
    lines = []
    for kr in report["key_results"]:
        if kr["value"] is None:
            continue
        unit = kr["unit"] or ""
        line = f"KR {kr['number']}: {show_value(kr['value'], unit)}, confidence {kr['confidence']}/10"
        if kr["expected"] is not None:
            line += f", the line at {show_value(round(kr['expected'], 2), unit)}"
        if kr["proposed_grade"] is not None:
            line += f", proposes {kr['proposed_grade']:.1f}"
        lines.append(line + (" · BEHIND the line" if kr["behind_pace"] else ""))
    lines += [f"{p['team']} this week: {one_line(p['text'], 200)}" + (f" (KR {p['kr']})" if p["kr"] else "")
              for p in report["priorities"]]
    lines += [f"At risk: {one_line(k['kpi'], 200)}" for k in report["kpis"] if k["status"] == "at_risk"]
    lines += [f"Parked: {one_line(i['text'], 120)} ({one_line(i['parked'], 120)})" for i in report["ideas"]
              if i["parked"]]
    lines += [f"Changed {'KR ' + str(c['kr']) if c['kr'] else 'the objective'}: {one_line(c['text'], 120)} "
              f"({one_line(c['reason'], 120)})" for c in report["changes"]]
    return lines or ["Nothing recorded yet."]


def checkin_gaps(state: State) -> list[str]:
    """What a check-in leaves open, in sentences (empty for a planning session)."""
    report = checkin_report(state)
    if report is None:
        return []
    gaps = []
    missing = [kr["number"] for kr in report["key_results"] if kr["value"] is None]
    if missing:
        gaps.append(f"No value this week for key result{'s' if len(missing) > 1 else ''} {_numbers(missing)}.")
    teams = {p["team"] for p in report["priorities"]}
    quiet = [t for t in state.session.teams if t not in teams]
    if quiet:
        gaps.append("No priority this week from " + ", ".join(quiet) + ".")
    okr = state.session.quarter
    looked = {k["kpi"] for k in report["kpis"]}
    unseen = [k for k in (okr.kpis if okr else ()) if k not in looked]
    if unseen:
        gaps.append("Health metrics nobody looked at: " + "; ".join(one_line(k, 80) for k in unseen) + ".")
    gaps += [f"An idea neither parked nor taken: {one_line(i['text'], 120)}." for i in report["ideas"]
             if not i["parked"] and not i["changed"]]
    return gaps
