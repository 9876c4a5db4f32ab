"""A weekly check-in's part of the session report (JSON and Markdown): the values against the
line, the priorities, the health metrics, the ideas and the considered changes."""

from __future__ import annotations

from .quarter import checkin_day, current_okr, quarter_of
from .quarter_board import week_view
from .numbers import show_value
from .state import State


def checkin_report(state: State) -> dict | None:
    """None for a session that is not a check-in."""
    okr = state.session.quarter
    info = state.session.session
    if okr is None:
        return None
    start, end = quarter_of(info)
    day = checkin_day(info)
    now = current_okr(state)
    krs = []
    for kr in now.key_results:
        got = state.checkin_values.get(kr.number)
        view = week_view(kr, got.value if got else None, start, end, day)
        krs.append({"number": kr.number, "text": kr.text, "baseline": kr.baseline, "target": kr.target,
                    "unit": view["unit"], "value": got.value if got else None,
                    "confidence": got.confidence if got else None, "note": got.note if got else None,
                    "expected": view["expected"], "proposed_grade": view["grade"], "behind_pace": view["behind"],
                    "problem": view["problem"]})
    return {
        "date": day.isoformat(), "planning": info.planning, "quarter_start": start.isoformat(),
        "quarter_end": end.isoformat(), "objective": now.objective, "key_results": krs,
        "priorities": [{"team": p.team, "text": p.text, "kr": p.kr} for p in state.priorities.values()],
        "kpis": [{"kpi": k.kpi, "status": k.status, "note": k.note} for k in state.kpi_checks.values()],
        "ideas": [{"text": i.text, "by": i.by, "tests": {q: a.value for q, a in i.tests}, "parked": i.parked,
                   "changed": i.changed} for i in state.ideas.values()],
        "changes": [{"kr": c.kr, "text": c.text, "reason": c.reason} for c in state.okr_changes],
    }


def checkin_markdown(report: dict, md) -> list[str]:
    """The check-in's sections, in Markdown; `md` escapes user text."""
    lines = [f"## Weekly check-in of {report['date']}", "",
             f"Quarter {report['quarter_start']} to {report['quarter_end']}, planned in {md(report['planning'])}.", ""]
    if report["objective"]:
        lines += [f"**{md(report['objective'])}**", ""]
    for kr in report["key_results"]:
        unit = kr["unit"] or ""
        if kr["value"] is None:
            state = "no value this week"
        else:
            state = f"{show_value(kr['value'], unit)}, confidence {kr['confidence']}/10"
            if kr["proposed_grade"] is not None:
                state += f", proposes {kr['proposed_grade']:.1f}"
        if kr["problem"]:
            line = f"numbers cannot be read: {kr['problem']}"
        else:
            line = f"the line at {show_value(round(kr['expected'], 2), unit)}" + (
                " (behind the line)" if kr["behind_pace"] else "")
        lines.append(f"{kr['number']}. {md(kr['text'])}: {state}; {line}"
                     + (f". Why: {md(kr['note'])}" if kr["note"] else ""))
    lines.append("")
    if report["priorities"]:
        lines += ["### This week's priorities", ""] + [
            f"- **{md(p['team'])}**: {md(p['text'])}" + (f" (key result {p['kr']})" if p["kr"] else " (no key result)")
            for p in report["priorities"]] + [""]
    if report["kpis"]:
        lines += ["### Health metrics", ""] + [
            f"- {md(k['kpi'])}: {'at risk' if k['status'] == 'at_risk' else 'steady'}"
            + (f" ({md(k['note'])})" if k["note"] else "") for k in report["kpis"]] + [""]
    if report["ideas"]:
        lines += ["### Can't we just...?", ""]
        for idea in report["ideas"]:
            end = (f"parked: {md(idea['parked'])}" if idea["parked"] else
                   "taken as a change of the OKR" if idea["changed"] else "open")
            tests = ", ".join(f"{q.replace('_', ' ')} {a}" for q, a in idea["tests"].items())
            lines.append(f"- {md(idea['text'])}: {end}" + (f" (tested: {tests})" if tests else ""))
        lines.append("")
    if report["changes"]:
        lines += ["### Changes of the quarter's OKR", ""] + [
            f"- {'the objective' if c['kr'] is None else 'key result ' + str(c['kr'])}: {md(c['text'])}. "
            f"Why: {md(c['reason'])}" for c in report["changes"]] + [""]
    return lines
