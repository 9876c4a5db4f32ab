"""Commands that open the app (new, resume). Textual is imported only when they run."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def sessions_dir(args: argparse.Namespace) -> Path:
    return Path(args.sessions_dir or os.environ.get("CATCHBALL_SESSIONS_DIR") or "sessions")


def run_app(args: argparse.Namespace, **kwargs) -> int:
    from ..tui.app import CatchballApp

    app = CatchballApp(sessions_dir(args), theme=args.theme, themes_dir=args.themes_dir, **kwargs)
    app.run()
    app.close_live()
    return app.return_code or 0


def cmd_home(args: argparse.Namespace) -> int:
    return run_app(args)


def cmd_new(args: argparse.Namespace) -> int:
    """With no title, participants or quarter, the new-session form; otherwise a usage error (exit 2)
    names everything missing: a title, a leader, two participants, their format.

    With `--from SESSION` the session carries that quarter forward: its key results with what the
    check-ins measured go to grading, its winning logic to revise, its parking lot, lessons and
    actions along; the title, agenda, level, participants and quarter default to what it implies.
    """
    from ..services.session_factory import NewSessionDraft, build_session_file, room_problems, start_session

    now = datetime.now(timezone.utc)
    title, people = args.title or "", args.participant or []
    agenda, level = args.agenda or "quarterly", args.level or "squad"
    draft = NewSessionDraft(agenda=agenda, level=level)
    if getattr(args, "from_session", None):
        from ..services.checkin import carry_draft

        draft = carry_draft(sessions_dir(args), args.from_session, now.date())
        # what the command line does not say comes from the session carried forward
        title, people = title or draft.title, people or draft.participants
        agenda, level = args.agenda or draft.agenda, args.level or draft.level
    elif not title and not people and not args.quarter:
        # nothing said on the command line: the new-session form, as the home screen's "New session…"
        from ..tui.screens.new_session_screen import NewSessionScreen

        return run_app(args, start=NewSessionScreen(draft))
    problems = room_problems(title, people)
    if problems:
        raise ValueError(" ".join(problems))
    file = build_session_file(title=title, agenda=agenda, level=level, participants=people, now=now,
                              quarter=args.quarter or draft.quarter, carried=draft.carried,
                              carried_from=draft.carried_from)
    live = start_session(sessions_dir(args), file, now)
    return run_app(args, live=live)


def cmd_resume(args: argparse.Namespace) -> int:
    from ..store.errors import SessionNotFound
    from ..store.live import LiveSession
    from ..store.session_dir import resolve

    root = sessions_dir(args)
    if args.session:
        folder = resolve(root, args.session)
    else:
        from ..store.session_index import list_sessions  # (a named session needs no listing)

        rows = [r for r in list_sessions(root) if r.resumable]
        if not rows:
            raise SessionNotFound(f"No unfinished session in {root} to resume.")
        rows.sort(key=lambda r: r.summary.last_at or r.summary.created)
        folder = rows[-1].folder
    live = LiveSession.open(folder, take_over=args.take_over)
    if live.opened.lock is not None and live.opened.lock.took_over is not None:
        print(f"Took {folder.name} over from {live.opened.lock.took_over.describe()} "
              "(recorded in its takeovers.log).", flush=True)
    return run_app(args, live=live)


def add_parsers(sub, parser: argparse.ArgumentParser) -> None:
    for p in (parser,):
        p.add_argument("--theme", metavar="NAME", help="colour theme (remembered for next time)")
        p.add_argument("--themes-dir", metavar="DIR", type=Path, help="a folder of your own theme files")
    parser.set_defaults(default_func=cmd_home)
    p = sub.add_parser("new", help="start a new session and open it")
    p.add_argument("--title", metavar="T", help="the session's title (needed)")
    p.add_argument("--agenda", metavar="NAME|FILE",
                   help="quarterly (default, or the carried session's), quick, or a file")
    p.add_argument("--level", choices=("squad", "product", "senior"), help="squad (default, or the carried session's)")
    p.add_argument("--participant", action="append", metavar="Name:role:team",
                   help="repeat for each person (at least two, one of them the leader); "
                        "role is leader or member, e.g. Ana:leader:Core")
    p.add_argument("--quarter", metavar="2027-Q1",
                   help="the quarter it plans (or START..END dates); default the next calendar quarter")
    p.add_argument("--from", dest="from_session", metavar="SESSION",
                   help="carry a quarter forward: its key results with what the check-ins measured go to "
                        "grading, its winning logic, parking lot, lessons and actions come along")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("resume", help="reopen the latest unfinished session, or the one named")
    p.add_argument("session", nargs="?", metavar="SESSION")
    p.add_argument("--take-over", action="store_true",
                   help="take the session over from a lock whose holder cannot be seen running "
                        "(another computer, or a reused process number); recorded in the session's takeovers.log")
    p.set_defaults(func=cmd_resume)
