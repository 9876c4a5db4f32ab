"""The quarter board's words: one row of shown strings per key result (`board_rows`), which the board
screen, `catchball quarter` (text), `catchball quarter --md` and the JSON's numbers all agree on
(a test holds them equal), and the board as Markdown (`board_markdown`).
"""

from __future__ import annotations

from datetime import date

from .quarter import quarter_label
from .quarter_board import FLAG_WORDS, value_text
from .report_md import md
from .text import one_line


def board_rows(board: dict) -> list[dict]:
    """Per key result what every view of the board shows, as strings: its baseline and target as
    written, the last value, the line at the last value's date, the proposed grade, the values and
    confidences at each check-in ("-" where it was not checked in) and the flag codes."""
    dates = [c["date"] for c in board["checkins"]]
    rows = []
    for kr in board["key_results"]:
        by_date = {v["date"]: v for v in kr["values"]}
        last = kr["values"][-1]["value"] if kr["values"] else None
        rows.append({
            "number": kr["number"], "text": kr["text"],
            "baseline": kr["baseline_text"] or value_text(kr, kr["baseline"]),
            "target": kr["target_text"] or value_text(kr, kr["target"]),
            "last": value_text(kr, last),
            "line": value_text(kr, kr["expected"]),
            "grade": f"{kr['proposed_grade']:.1f}" if kr["proposed_grade"] is not None else "-",
            "values": [value_text(kr, by_date[d]["value"]) if d in by_date else "-" for d in dates],
            "confidences": [str(by_date[d]["confidence"]) if d in by_date else "-" for d in dates],
            "planned_confidence": str(kr["planned_confidence"]),
            "flags": list(kr["flags"]),
            "problem": None if kr["readable"] else kr["problem"],
        })
    return rows


def _cell(text: str) -> str:
    return md(text)  # on one line, with "|" escaped too


def board_markdown(board: dict) -> str:
    """The board as a Markdown document (user text escaped: it can never change the document)."""
    start, end = date.fromisoformat(board["start"]), date.fromisoformat(board["end"])
    dates = [c["date"] for c in board["checkins"]]
    lines = [f"# Quarter board: {md(one_line(board['title']))}", "",
             f"{quarter_label(start, end)}, {board['start']} to {board['end']}, as of {board['as_of']}.", "",
             f"**Objective:** {md(one_line(board['objective'] or '(no focused objective)'))}", "",
             f"**Check-ins:** {', '.join(dates) or 'none yet'}", "",
             "| # | key result | baseline | target | last | the line | grade | confidence | flags |",
             "|---:|---|---:|---:|---:|---:|---:|---|---|"]
    for row in board_rows(board):
        confidence = " ".join([row["planned_confidence"], *row["confidences"]])
        lines.append(f"| {row['number']} | {_cell(row['text'])} | {_cell(row['baseline'])} | "
                     f"{_cell(row['target'])} | {_cell(row['last'])} | {_cell(row['line'])} | {row['grade']} | "
                     f"{confidence} | {', '.join(row['flags']) or '-'} |")
    unreadable = [row for row in board_rows(board) if row["problem"]]
    if unreadable:
        lines += [""] + [f"- Key result {row['number']}: numbers cannot be read: {md(row['problem'])}"
                         for row in unreadable]
    if dates:
        lines += ["", "## Week by week", "", "| # | " + " | ".join(dates) + " |",
                  "|---:|" + "---:|" * len(dates)]
        for row in board_rows(board):
            cells = [f"{_cell(v)} ({c})" if v != "-" else "-" for v, c in zip(row["values"], row["confidences"])]
            lines.append(f"| {row['number']} | " + " | ".join(cells) + " |")
    if board["flags"]:
        lines += ["", "## Flags", ""]
        for flag in board["flags"]:
            about = f"key result {flag['kr']}: " if flag.get("kr") else ""
            words = flag["text"] if flag["code"] in ("same-priority", "kpi-at-risk") else FLAG_WORDS[flag["code"]]
            lines.append(f"- `{flag['code']}`: {about}{md(one_line(words))}")
    return "\n".join(lines) + "\n"
