"""`catchball join`, `follow` and `serve`: taking part in, and watching, a session run elsewhere.

None of them takes the session's lock or writes its log: `join` writes only to the
participant's own inbox, `follow` writes nothing, and `serve` puts `join` (and `follow`) on
a web page through textual-serve, one app process per browser connection.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .app import sessions_dir

if TYPE_CHECKING:
    import argparse


def session_folder(args: argparse.Namespace) -> Path:
    """The session named, or the latest unfinished one."""
    from ..store.errors import SessionNotFound
    from ..store.session_dir import resolve
    from ..store.session_index import list_sessions

    root = sessions_dir(args)
    if args.session:
        return resolve(root, args.session)
    rows = [r for r in list_sessions(root) if r.resumable]
    if not rows:
        raise SessionNotFound(f"No unfinished session in {root} to join.")
    rows.sort(key=lambda r: r.summary.last_at or r.summary.created)
    return rows[-1].folder


def _run(app) -> int:
    app.run()
    if getattr(app, "participant", None) is not None:
        app.participant.close()
    return app.return_code or 0


def cmd_join(args: argparse.Namespace) -> int:
    from ..tui.participant_app import ParticipantApp

    folder = session_folder(args)
    if args.pick:  # the served page: the name and the code are asked for on the page
        return _run(ParticipantApp(folder, None, theme=args.theme, themes_dir=args.themes_dir))
    if not args.as_name or not args.as_name.strip():
        print("catchball: join needs --as NAME, your name as the session lists it.", file=sys.stderr)
        return 2
    from ..store.inbox import WrongCode, check_code
    from ..store.session_dir import read_session_file

    name = args.as_name.strip()
    if args.code is not None:
        try:
            check_code(folder, args.code)
        except WrongCode as wrong:
            print(f"catchball: {wrong}", file=sys.stderr)
            return 2
    if name not in [p.name for p in read_session_file(folder).participants]:
        print(f"{name} is not on this session's list: the facilitator sees your request and can admit you.",
              file=sys.stderr)
    return _run(ParticipantApp(folder, name, code=args.code, theme=args.theme, themes_dir=args.themes_dir))


def cmd_follow(args: argparse.Namespace) -> int:
    from ..tui.app import CatchballApp
    from ..tui.screens.follow_screen import FollowScreen

    screen = FollowScreen.open(session_folder(args))
    app = CatchballApp(sessions_dir(args), theme=args.theme, themes_dir=args.themes_dir, start=screen)
    app.run()
    return app.return_code or 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ..services.join_code import join_code
    from ..store.room import room_code
    from .serve import serve

    folder = session_folder(args).resolve()
    code = room_code(folder, join_code)  # the session's one code: the same in a terminal and on the page
    base = f"{shlex.quote(sys.executable)} -m catchball.cli"
    theme = f" --theme {shlex.quote(args.theme)}" if args.theme else ""
    join = f"{base} join {shlex.quote(str(folder))} --pick{theme}"
    follow = f"{base} follow {shlex.quote(str(folder))}{theme}"
    return serve(join, follow, host=args.host, port=args.port, code=code, title=folder.name, folder=folder)


def add_parsers(sub) -> None:
    import argparse

    p = sub.add_parser("join", help="take part from your own device: contribute and vote as yourself")
    p.add_argument("session", nargs="?", metavar="SESSION", help="a session folder or slug (default: the latest unfinished)")
    p.add_argument("--as", dest="as_name", metavar="NAME", help="your name, as the session lists it")
    p.add_argument("--code", metavar="CODE", help="the room's join code (the shared screen shows it; "
                   "without it, join asks)")
    p.add_argument("--pick", action="store_true", help=argparse.SUPPRESS)  # serve's page: ask name and code
    p.set_defaults(func=cmd_join)
    p = sub.add_parser("follow", help="a read-only live mirror of the shared screen")
    p.add_argument("session", nargs="?", metavar="SESSION", help="a session folder or slug (default: the latest unfinished)")
    p.set_defaults(func=cmd_follow)
    p = sub.add_parser("serve", help="the participant app in a browser, with a join code")
    p.add_argument("session", nargs="?", metavar="SESSION", help="a session folder or slug (default: the latest unfinished)")
    p.add_argument("--host", default="127.0.0.1", metavar="H",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, metavar="P", help="port (default 8000)")
    p.set_defaults(func=cmd_serve)
