"""How the coach's findings look: the text with the words that triggered them marked
(reverse and underline, plus a caret line under them) and one entry per finding with its
severity as a word and a symbol, its code, message and question. Never colour alone.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

from ....domain.quality import Finding

SEVERITY_MARK = {"error": "✖ ERROR", "warning": "▲ WARN", "info": "ℹ INFO"}
# the panel's component class of each severity (written out: tests/test_house.py reads the names)
SEVERITY_STYLE = {"error": ".phase--error", "warning": ".phase--warning", "info": ".phase--info"}


def highlighted(text: str, findings: list[Finding]) -> Content:
    """The text, literally, with each finding's span marked."""
    content = Content(text)
    for f in findings:
        start, end = f.span
        if end > start and (start, end) != (0, len(text)):
            content = content.stylize(".phase--span", start, end)
    return content


def caret_line(text: str, findings: list[Finding]) -> str:
    """A line to print under `text`: ^ under the words a finding points at."""
    cells = [" "] * cell_len(text)
    for f in findings:
        start, end = f.span
        if end <= start or (start, end) == (0, len(text)):
            continue  # about the whole text: the entry says so, a line of carets would not help
        a, b = cell_len(text[:start]), cell_len(text[:end])
        for i in range(a, min(b, len(cells))):
            cells[i] = "^"
    return "".join(cells).rstrip()


def finding_entries(findings: list[Finding], kept: dict[str, str] | None = None,
                    limit: int | None = None, questions: int | None = None) -> Content:
    """One entry per finding: `✖ ERROR activity · message`, then `? question`.

    `limit` caps the entries (the rest are counted), `questions` how many show their question.
    """
    kept = dict(kept or {})
    kept.update({f.code: f.kept for f in findings if f.kept is not None})  # the coach marks kept findings
    findings = sorted(findings, key=lambda f: f.code in kept)  # open findings first, kept ones after
    shown = findings if limit is None else findings[:limit]
    lines: list[Content] = []
    for i, f in enumerate(shown):
        if f.code in kept:
            lines.append(Content.assemble(("✔ KEPT", ".phase--good"), f" {f.code} · ",
                                          ("reason: " + kept[f.code], ".phase--muted")))
            continue
        mark = (SEVERITY_MARK.get(f.severity, f.severity), SEVERITY_STYLE.get(f.severity, ".phase--flag"))
        lines.append(Content.assemble(mark, " ", (f.code, ".phase--head"), " · ", f.message))
        if questions is None or i < questions:
            lines.append(Content.assemble(("  ? ", ".phase--head"), f.question))
    rest = findings[len(shown):]
    if rest:
        codes = ", ".join(("✔" if f.code in kept else "") + f.code for f in rest)
        lines.append(Content.assemble(("  also: " + codes, ".phase--muted")))
    return Content("\n").join(lines)
