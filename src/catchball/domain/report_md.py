"""The Markdown summary of a session, built from the report dict.

User text goes into Markdown as text: characters Markdown would read as formatting are
escaped, so a title like `**x**` or `[a](b)` prints as typed.
"""

from __future__ import annotations

import re

from .text import one_line

# every user text follows a prefix ("- ", "**", "1. "), so only inline syntax needs escaping
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>~])")


def md(text: object) -> str:
    """Escape user text for Markdown, on one line."""
    flat = one_line(str(text))
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _section(lines: list[str], title: str, body: list[str]) -> None:
    if body:
        lines += [f"## {title}", "", *body, ""]


def _findings_lines(findings: list[dict], indent: str) -> list[str]:
    """Every finding of the coach: open ones with their level, kept ones with the room's reason."""
    out = []
    for f in findings:
        if f.get("kept") is not None:
            out.append(f"{indent}- coach (kept on purpose): {f['code']}: {md(f['message'])} Reason: {md(f['kept'])}")
        else:
            out.append(f"{indent}- coach (open, {f['severity']}): {f['code']}: {md(f['message'])}")
    return out


def render_markdown(report: dict) -> str:
    lines = [f"# {md(report['title'])}", ""]
    done = "finished" if report["finished"] else "not finished"
    delta = report["schedule_delta_minutes"]
    pace = "on time" if abs(delta) < 0.5 else (f"{delta:+.0f} min behind" if delta > 0 else f"{-delta:.0f} min ahead")
    lines += [f"*Level:* {report['level']} · *mode:* {report['mode']} · *{done}*, {pace}", ""]
    if report["focused_objective"]:
        lines += ["## The objective for this quarter", "", f"**{md(report['focused_objective'])}**", ""]
        if report.get("objective_findings"):
            lines += [*_findings_lines(report["objective_findings"], ""), ""]
    if report.get("checkin"):
        from .quarter_report import checkin_markdown

        lines += checkin_markdown(report["checkin"], md)
    krs = []
    for i, kr in enumerate(report["key_results"], 1):
        parts = [f"{i}. {md(kr['text'])}"]
        details = [f"{k}: {md(kr[k])}" for k in ("metric", "baseline", "target", "owner") if kr.get(k)]
        details.append(f"confidence {kr['confidence']}/10")
        details.append("measured weekly" if kr["weekly"] else "not measured weekly")
        parts.append(f"   - {'; '.join(details)}")
        if kr.get("serves"):
            parts.append(f"   - serves {md(kr['serves'])}")
        parts += _findings_lines(kr["findings"], "   ")
        shown = {f["code"] for f in kr["findings"] if f.get("kept") is not None}
        for x in kr["exceptions"]:
            if x["code"] not in shown:
                parts.append(f"   - kept on purpose ({x['code']}): {md(x['reason'])}")
        krs += parts
    _section(lines, "Key results", krs)
    _section(lines, "Commitments this week", [f"- **{md(c['team'])}**: {md(c['text'])}"
                                               for c in report["commitments"]["this_week"]])
    cadence = report["commitments"]
    cad = []
    if cadence["checkin"]:
        cad.append(f"- Weekly check-in: {md(cadence['checkin'])}")
    if cadence["celebration"]:
        cad.append(f"- End-of-week celebration: {md(cadence['celebration'])}")
    if cadence["peer_teams"]:
        cad.append(f"- Peer review within 24 h by: {', '.join(md(t) for t in cadence['peer_teams'])}")
    _section(lines, "Cadence", cad)
    _section(lines, "Parking lot (not this quarter)", [f"- {md(p['objective'])}: {md(p['reason'])}"
                                                        for p in report["parking_lot"]])
    versions = []
    for o in report["objective_versions"]:
        for v in o["versions"]:
            when = "draft" if v["round"] == 0 else f"round {v['round']}"
            versions.append(f"- ({when}) {md(v['text'])}")
    _section(lines, "How the objective evolved", versions)
    _section(lines, "Confidence votes", [
        f"- Round {v['round']}: " + ", ".join(f"{md(k)} {n}" for k, n in v["votes"].items())
        + (" (validated)" if v["validated"] else " (not validated)") for v in report["votes"] if v["votes"]])
    _section(lines, "Back-briefs", [
        f"- **{md(b['team'])}** ({'matches' if b['matches'] else 'unmarked' if b['matches'] is None else 'does not match'}"
        f" the intent): {md(b['words'])}" for b in report["back_briefs"]])
    _section(lines, "Winning logic", [f"- {w['label']}: {md(w['text'])}" for w in report["winning_logic"]])
    ready = report["readiness"]
    body = [f"- {a['text']} **{a['answer']}**" + (f" ({md(a['note'])})" if a["note"] else "")
            for a in ready["answers"]]
    if ready["override"]:
        body.append(f"- Went on deliberately: {md(ready['override'])}")
    body += [f"- Action{' on ' + a['question'] if a['question'] else ''}: {md(a['text'])}"
             + (f" ({md(a['owner'])})" if a["owner"] else "") for a in ready["actions"]]
    _section(lines, "Readiness", body)
    _section(lines, "Last quarter's grades", [
        f"- {md(g['kr'])}: {g['grade']:.1f}" if g["grade"] is not None else f"- {md(g['kr'])}: not graded"
        for g in report["grades"]])
    _section(lines, "What we learned", [f"- ({r['field']}) " + (f"{md(r['kr'])}: " if r["kr"] else "") + md(r["text"])
                                        for r in report["retro"]])
    _section(lines, "Notes", [f"- [{n['phase']}] " + (f"{md(n['by'])} " if n["by"] else "")
                              + (f"({n['type']}) " if n["type"] != "note" else "") + md(n["text"])
                              for n in report["notes"]])
    if report.get("feedback"):
        _section(lines, "Practice feedback", [md(report["feedback"]["text"])])
    _section(lines, "Timing", ["| phase | planned min | actual min |", "|---|---:|---:|"] + [
        f"| {md(p['title'])} | {p['planned_minutes']:g} | {p['actual_minutes']:g} |" for p in report["phases"]])
    return "\n".join(lines).rstrip() + "\n"
