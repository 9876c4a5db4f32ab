"""The Markdown summary of a session, built from the report dict.

User text goes into Markdown as text: everything Markdown would read as structure is
escaped, so a key result "# Raise NPS" stays a line of text (not a heading), "1. Grow" is
not a nested list, `&lt;b&gt;` prints as typed, and a URL does not become a link. Bidi
controls are shown as visible escapes: a report cannot be made to read backwards.
"""

from __future__ import annotations

import re

from .text import one_line
from .timer import format_duration, format_minutes

# characters that open inline structure anywhere in a line: emphasis, code, links, HTML,
# entities, tables, strikethrough, headings' closing hashes
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>~&#@])")
# a URL scheme's "://" and a domain's dot between letters would be turned into links
_LINKISH = re.compile(r"(?<=[^\W\d_]):(?=//)|(?<=[^\W\d_])\.(?=[^\W\d_])")
# what opens a block at the start of a line (or right after a list marker): a list, a rule
_BLOCK_START = re.compile(r"^(?:(-)(?=[\s-]|$)|([+=])(?=\s|$)|(\d{1,9})([.)])(?=\s|$))")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: object) -> str:
    """User text as a reader of the report sees it: on one line, control and bidi characters visible."""
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", one_line(str(text)))


def md(text: object) -> str:
    """Escape user text for Markdown, on one line: it renders as exactly `shown(text)`."""
    out = _MD_SPECIAL.sub(r"\\\1", shown(text))
    out = _LINKISH.sub(lambda m: "\\" + m.group(), out)
    return _BLOCK_START.sub(lambda m: m.group(3) + "\\" + m.group(4) if m.group(3) else "\\" + m.group(), out)


def strong(text: object) -> str:
    """Bold user text; blank text is not wrapped (`****` would be a horizontal rule)."""
    escaped = md(text)
    return f"**{escaped}**" if escaped else escaped


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


def _when(iso: str | None) -> str:
    """"2026-11-22 09:00 UTC" from an ISO date-time (the report's times are as recorded)."""
    if not iso:
        return ""
    date, _, rest = iso.partition("T")
    offset = "UTC" if rest.endswith(("+00:00", "Z")) else rest[12:] if len(rest) > 8 else ""
    return f"{date} {rest[:5]} {offset}".strip()


def _header(report: dict) -> list[str]:
    lines = [f"# {md(report['title'])}", ""]
    done = "finished" if report["finished"] else "not finished"
    delta = report["schedule_delta_minutes"]
    pace = "on time" if abs(delta) < 0.5 else (f"{format_minutes(delta)} min behind" if delta > 0
                                                else f"{format_minutes(-delta)} min ahead")
    lines += [f"*Level:* {report['level']} · *mode:* {report['mode']} · *{done}*, {pace}", ""]
    started = _when(report.get("started_at")) or _when(report["created"])
    span = f"*Date:* {started}"
    if report.get("finished_at"):
        span += f" to {_when(report['finished_at'])[11:] or _when(report['finished_at'])}"
    span += f" · *duration:* {format_duration(report.get('duration_minutes', 0) * 60)}"
    lines += [span, ""]
    people = [f"{md(p['name'])} ({p['role']}, {md(p['team'])})" for p in report["participants"]]
    if people:
        lines += ["*Participants:* " + ", ".join(people), ""]
    return lines


def _objective_history(report: dict) -> list[str]:
    """Every objective with its versions, the focused one last: the story ends where the room did."""
    order = {"parked": 0, "candidate": 1, "focused": 2}
    objectives = sorted(report["objective_versions"], key=lambda o: order.get(o.get("status", "candidate"), 1))
    body = []
    for n, o in enumerate(objectives, 1):
        status = o.get("status", "candidate")
        links = [f"{label}: {md(text)}" for label, text in zip(o.get("link_labels", []), o["links"])]
        body.append(f"- Objective {n} ({status}), linked to " + ("; ".join(links) if links else "nothing (disconnected)"))
        if o.get("vote"):
            body.append(f"   - vote: {md(o['vote'])}")
        for v in o["versions"]:
            when = "draft" if v["round"] == 0 else f"round {v['round']}"
            body.append(f"   - ({when}) {md(v['text'])}")
    return body


def _grade_line(g: dict) -> str:
    """A grade and where it came from: confirmed from the numbers, or set by hand (beside the proposal)."""
    if g["grade"] is None:
        how = f" (the numbers propose {g['proposed']:.1f})" if g.get("proposed") is not None else ""
        return f"- {md(g['kr'])}: not graded{how}"
    line = f"- {md(g['kr'])}: {g['grade']:.1f}"
    if g.get("from_numbers"):
        return line + f", confirmed from the numbers (last {md(g['last_value'] or '-')})"
    if g.get("proposed") is not None:
        return line + f", set by hand (the numbers proposed {g['proposed']:.1f})"
    return line  # no numbers were measured: every grade is the room's own


def _back_brief(b: dict) -> list[str]:
    verdict = "matches" if b["matches"] else "unmarked" if b["matches"] is None else "does not match"
    lines = [f"- {strong(b['team'])} ({verdict} the intent): {md(b['words'])}"]
    for key, label in (("how", "how"), ("dependencies", "depends on"), ("worries", "worries")):
        if b.get(key):
            lines.append(f"   - {label}: {md(b[key])}")
    return lines


def render_markdown(report: dict) -> str:
    lines = _header(report)
    if report["focused_objective"]:
        lines += ["## The objective for this quarter", "", strong(report["focused_objective"]), ""]
        if report.get("objective_findings"):
            lines += [*_findings_lines(report["objective_findings"], ""), ""]
    if report.get("checkin"):
        from .quarter_report import checkin_markdown

        lines += checkin_markdown(report["checkin"], md)
    krs = []
    for i, kr in enumerate(report["key_results"], 1):
        parts = [f"{i}. {md(kr['text'])}"]
        read = set(kr.get("read_from_text", ()))
        details = [f"{k}: {md(kr[k])}" + (" (read from the wording)" if k in read else "")
                   for k in ("metric", "baseline", "target", "owner") if kr.get(k)]
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
    _section(lines, "Commitments this week", [f"- {strong(c['team'])}: {md(c['text'])}"
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
    _section(lines, "Left open at the end", [f"- {md(gap)}" for gap in report.get("open_at_the_end", [])])
    _section(lines, "Parking lot (not this quarter)", [f"- {md(p['objective'])}: {md(p['reason'])}"
                                                        for p in report["parking_lot"]])
    _section(lines, "Dot votes", [f"- {n} dot{'' if n == 1 else 's'}: {md(text)}"
                                  for text, n in sorted(report["dots"].items(), key=lambda kv: -kv[1])])
    _section(lines, "How the objective evolved", _objective_history(report))
    _section(lines, "Confidence votes", [
        f"- Round {v['round']}" + (f" on {md(v['about'])}" if v.get("about") else "") + ": "
        + ", ".join(f"{md(k)} {n}" for k, n in v["votes"].items())
        + (" (validated)" if v["validated"] else " (not validated)") for v in report["votes"] if v["votes"]])
    _section(lines, "Back-briefs", [line for b in report["back_briefs"] for line in _back_brief(b)])
    _section(lines, "Winning logic", [f"- {w['label']}: {md(w['text'])}" for w in report["winning_logic"]])
    ready = report["readiness"]
    body = [f"- {a['text']} **{a['answer']}**" + (f" ({md(a['note'])})" if a["note"] else "")
            for a in ready["answers"]]
    if ready["override"]:
        body.append(f"- Went on deliberately: {md(ready['override'])}")
    body += [f"- Action{' on ' + a['question'] if a['question'] else ''}: {md(a['text'])}"
             + (f" ({md(a['owner'])})" if a["owner"] else "") for a in ready["actions"]]
    body += [f"- Carried from last quarter: {md(a['text'])}" + (f" ({md(a['owner'])})" if a["owner"] else "")
             + (" **done**" if a["done"] else " (still open)") for a in ready["carried_actions"]]
    _section(lines, "Readiness", body)
    _section(lines, "Last quarter's grades", [_grade_line(g) for g in report["grades"]])
    _section(lines, "What we learned", [f"- ({r['field']}) " + (f"{md(r['kr'])}: " if r["kr"] else "") + md(r["text"])
                                        for r in report["retro"]])
    _section(lines, "Notes", [f"- \\[{md(n['phase'])}\\] " + (f"{md(n['by'])} " if n["by"] else "")
                              + (f"({n['type']}) " if n["type"] != "note" else "") + md(n["text"])
                              for n in report["notes"]])
    if report.get("feedback"):
        _section(lines, "Practice feedback", [md(report["feedback"]["text"])])
    _section(lines, "Timing", ["| phase | planned min | actual min |", "|---|---:|---:|"] + [
        f"| {md(p['title'])} | {format_minutes(p['planned_minutes'])} | {format_minutes(p['actual_minutes'])} |"
        for p in report["phases"]])
    _section(lines, "Left before its time", [f"- {md(p['title'])}: {md(p['left_early'])}"
                                             for p in report["phases"] if p.get("left_early")])
    return "\n".join(lines).rstrip() + "\n"
