"""`catchball quarter` (the quarter board on stdout) and `catchball checkin` (the weekly check-in)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from .app import run_app, sessions_dir


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a date reads YYYY-MM-DD, e.g. 2027-01-15, not {text!r}") from None


def _today() -> date:
    return datetime.now(timezone.utc).date()


def cmd_quarter(args: argparse.Namespace) -> int:
    from ..domain.text import one_line
    from ..services.checkin import find_planning, load_quarter

    root = sessions_dir(args)
    quarter = load_quarter(root, find_planning(root, args.session))
    board = quarter.board(args.as_of or _today())
    if args.json:
        sys.stdout.write(json.dumps(board, indent=2, ensure_ascii=False) + "\n")
        return 0
    if args.md:
        from ..domain.quarter_board_text import board_markdown

        sys.stdout.write(board_markdown(board))
        return 0
    for line in board_lines(board, one_line):
        print(line)
    return 0


def board_lines(board: dict, one_line) -> list[str]:
    from ..domain.quarter import quarter_label
    from ..domain.quarter_board import FLAG_WORDS
    from ..domain.quarter_board_text import board_rows

    start, end = date.fromisoformat(board["start"]), date.fromisoformat(board["end"])
    lines = [f"{one_line(board['title'], 70)} · {quarter_label(start, end)} ({board['start']} to {board['end']})"
             f" · as of {board['as_of']}",
             f"Objective: {one_line(board['objective'] or '(no focused objective)', 100)}",
             f"Check-ins: {', '.join(c['date'] for c in board['checkins']) or 'none yet'}", ""]
    lines.append(f"{'#':<3}{'key result':<40} {'baseline':>9} {'target':>9} {'last':>9} {'line':>9} "
                 f"{'grade':>5}  confidence  flags")
    for row in board_rows(board):
        conf = " ".join([c for c in row["confidences"] if c != "-"][-4:]) or "-"
        lines.append(f"{row['number']:<3}{one_line(row['text'], 40):<40} {one_line(row['baseline'], 9):>9} "
                     f"{one_line(row['target'], 9):>9} {row['last']:>9} {row['line']:>9} "
                     f"{row['grade']:>5}  {conf:<10}  {', '.join(row['flags']) or '-'}")
        if row["problem"]:
            lines.append(f"   numbers cannot be read: {row['problem']}")
    if board["flags"]:
        lines += ["", "Flags:"]
        lines += [f"  {f['code']}: " + (f"key result {f['kr']}: " if f.get("kr") else "")
                  + (one_line(f["text"], 100) if f["code"] in ("same-priority", "kpi-at-risk")
                     else FLAG_WORDS[f["code"]]) for f in board["flags"]]
    return lines


def cmd_checkin(args: argparse.Namespace) -> int:
    from ..services.checkin import (
        find_planning,
        load_quarter,
        outside_quarter,
        read_values,
        start_checkin,
    )

    root = sessions_dir(args)
    quarter = load_quarter(root, find_planning(root, args.session))
    day = args.date or _today()
    from ..domain.quarter import quarter_okr

    values = read_values(args.values, quarter_okr(quarter.planning)) if args.values else []
    warning = outside_quarter(quarter, day)
    interactive = not args.record_only and sys.stdin.isatty() and sys.stdout.isatty()
    if not interactive and not values:
        raise ValueError("Without a terminal to run the check-in in, give the values to record: "
                         "--values FILE (with --record-only).")
    if warning:
        print(f"catchball: note: {warning}", file=sys.stderr)
    now = datetime.now(timezone.utc)
    live = start_checkin(root, quarter, day, now, values, agenda=args.agenda)
    if interactive:
        return run_app(args, live=live)
    from ..domain import events as ev

    try:
        live.record(ev.SessionFinished, now)
    finally:
        live.close()
    print(f"{live.folder}: check-in of {day} for {quarter.folder.name}, {len(values)} "
          f"value{'s' if len(values) != 1 else ''} recorded, finished.")
    return 0


def add_parsers(sub) -> None:
    p = sub.add_parser("quarter", help="the quarter board: values against the line, grades, flags")
    p.add_argument("session", nargs="?", metavar="SESSION",
                   help="the planning session (or one of its check-ins); default the latest finished one")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="one JSON object on stdout")
    out.add_argument("--md", action="store_true", help="the board as Markdown on stdout")
    p.add_argument("--as-of", type=_day, metavar="YYYY-MM-DD", help="the board as on that day (default today)")
    p.set_defaults(func=cmd_quarter)
    p = sub.add_parser("checkin", help="the weekly check-in of a quarter's planning session")
    p.add_argument("session", nargs="?", metavar="SESSION",
                   help="the planning session; default the latest finished one")
    p.add_argument("--values", type=Path, metavar="FILE",
                   help="TOML: [[key_results]] kr, value, confidence, note; recorded at the start")
    p.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="the day the check-in is for (default today)")
    p.add_argument("--agenda", default="checkin", metavar="NAME|FILE", help="checkin (default), or a file")
    p.add_argument("--record-only", action="store_true",
                   help="record the values and finish, without opening the app (for scripts)")
    p.set_defaults(func=cmd_checkin)
