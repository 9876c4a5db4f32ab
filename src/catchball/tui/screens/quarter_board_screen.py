"""The quarter board: per key result its values week by week against the straight line from baseline
to target, the confidence at each check-in, the grade the last value proposes, and the flags in words.

Everything shown comes from `domain.quarter_board.build_board`, the same dict `catchball quarter
--json` prints. Read-only; the sessions are read in a worker thread.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...domain.quarter import quarter_label
from ...domain.quarter_board import FLAG_WORDS
from ...domain.quarter_board_text import board_rows
from ...domain.text import one_line
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

BLOCKS = "▁▂▃▄▅▆▇█"


def spark(fractions: list[float | None]) -> str:
    """Progress from baseline (0) to target (1) as one block per check-in; '·' where there is none."""
    out = []
    for f in fractions:
        if f is None:
            out.append("·")
        else:
            out.append(BLOCKS[max(0, min(len(BLOCKS) - 1, round(f * (len(BLOCKS) - 1))))])
    return " ".join(out)


def board_content(board: dict, width: int) -> Content:
    """The board as text (literal: every user string goes in as plain text)."""
    start, end = date.fromisoformat(board["start"]), date.fromisoformat(board["end"])
    dates = [c["date"] for c in board["checkins"]]
    lines: list[Content] = [
        Content.assemble(("Objective: ", "bold"), one_line(board["objective"] or "(no focused objective)")),
        Content(f"{quarter_label(start, end)}: {board['start']} to {board['end']} · as of {board['as_of']} · "
                f"{len(dates)} check-in{'s' if len(dates) != 1 else ''}"
                + (f" ({dates[0]} to {dates[-1]})" if dates else ": none yet, so nothing to draw")),
        Content(""),
    ]
    wide = max(30, width - 6)
    for kr, row in zip(board["key_results"], board_rows(board)):
        lines.append(Content.assemble((f"{row['number']}  ", "bold"), (one_line(row["text"], wide), "bold")))
        base, target = row["baseline"], row["target"]
        if row["problem"]:
            lines.append(Content.assemble(f"   {one_line(base or '?', 20)} → {one_line(target or '?', 20)} · ",
                                          ("numbers cannot be read: " + row["problem"], "$text-warning bold")))
        by_date = {v["date"]: v for v in kr["values"]}
        if not row["problem"]:
            lines.append(Content(f"   {one_line(base, 20)} → {one_line(target, 20)} · last {row['last']} · "
                                 f"the line {row['line']} · proposed grade {row['grade']}"))
            span = (kr["target"] - kr["baseline"]) or 1.0
            fractions = [((by_date[d]["value"] - kr["baseline"]) / span) if d in by_date else None for d in dates]
            line_fractions = [_line_fraction(start, end, d) for d in dates]
            shown = " ".join(row["values"])
            lines.append(Content(f"   measured  {spark(fractions) or '-':<{2 * len(dates)}}  {shown}"))
            lines.append(Content(f"   the line  {spark(line_fractions) or '-':<{2 * len(dates)}}  "
                                 "(baseline to target, straight)"))
        lines.append(Content(f"   confidence  planned {row['planned_confidence']}"
                             + (f", then {' '.join(row['confidences'])}" if dates else "") + " (out of 10)"))
        for code in row["flags"]:
            lines.append(Content.assemble("   ⚑ ", (code, "$text-warning bold"), f": {FLAG_WORDS[code]}"))
        if not row["flags"] and kr["values"]:
            lines.append(Content("   no flags"))
        lines.append(Content(""))
    others = [f for f in board["flags"] if "kr" not in f or f.get("kr") is None]
    for flag in others:
        lines.append(Content.assemble("⚑ ", (flag["code"], "$text-warning bold"), ": ", one_line(flag["text"], wide)))
    kpis = [k for k in board["kpis"] if k["status"]]
    if kpis:
        lines.append(Content("Health metrics at the last check-in that looked: " + "; ".join(
            f"{one_line(k['text'], 40)} {'AT RISK' if k['status'] == 'at_risk' else 'steady'}" for k in kpis)))
    return Content("\n").join(lines)


def _line_fraction(start: date, end: date, day: str) -> float:
    from ...domain.quarter_board import fraction_of_quarter

    return fraction_of_quarter(start, end, date.fromisoformat(day))


class QuarterBoardScreen(Screen):
    CSS_PATH = str(Path(__file__).with_name("review.tcss"))
    BINDINGS = [Binding("q,escape", "leave", "Back"), Binding("r", "reload", "Refresh")]

    def __init__(self, planning: Path) -> None:
        super().__init__()
        self.planning = planning
        self.board: dict | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="board-scroll"):
            yield Static(Content("Reading the quarter…"), id="board-body")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Quarter board"
        self.action_reload()

    def action_reload(self) -> None:
        self._load(self.app.sessions_dir, self.app.clock.now().date())

    @work(thread=True, exclusive=True, group="board")
    def _load(self, sessions_dir: Path, today: date) -> None:
        from ...services.checkin import load_quarter
        from ...store.errors import StoreError

        try:
            board = load_quarter(sessions_dir, self.planning).board(today)
        except (StoreError, ValueError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._show, board)

    def _failed(self, message: str) -> None:
        self.query_one("#board-body", Static).update(Content(f"The quarter cannot be read: {one_line(message)}"))

    def _show(self, board: dict) -> None:
        self.board = board
        self.sub_title = one_line(board["title"], 60)
        self.query_one("#board-body", Static).update(board_content(board, self.size.width))

    def on_resize(self) -> None:
        if self.board is not None:
            self.query_one("#board-body", Static).update(board_content(self.board, self.size.width))

    def action_leave(self) -> None:
        self.app.back()
