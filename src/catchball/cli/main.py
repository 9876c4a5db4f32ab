"""The command line. Imports stay inside the commands: `catchball --help` loads no Textual."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from .. import __version__
from .app import sessions_dir as _sessions_dir

if TYPE_CHECKING:  # argparse loads only when there are arguments to parse
    import argparse

APP_COMMANDS = ("new", "resume", "practice", "review", "replay", "join", "follow", "serve", "checkin")  # the ones that open the app


def _resolve(args: argparse.Namespace, name: str) -> Path:
    from ..store.session_dir import resolve

    return resolve(_sessions_dir(args), name)


def cmd_list(args: argparse.Namespace) -> int:
    from ..domain.text import one_line
    from ..store.session_index import iter_sessions

    root = _sessions_dir(args)
    header = False
    damaged = 0
    for row in iter_sessions(root):  # each row printed as soon as it is read
        if not header:
            header = True
            print(f"{'SESSION':<40} {'LEVEL':<8} {'MODE':<9} {'STATUS':<12} {'EVENTS':>6}  TITLE")
        name = one_line(row.folder.name)
        if row.summary is None:
            damaged += 1
            print(f"{name:<40} {'?':<8} {'?':<9} {'unreadable':<12} {'-':>6}  {one_line(row.error or '')}")
            continue
        info = row.summary
        damaged += bool(row.error)
        print(f"{name:<40} {info.level:<8} {info.mode:<9} {row.status:<12} {row.events:>6}  {one_line(info.title, 60)}",
              flush=True)
    if not header:
        print(f"No sessions in {root}.")
    return 1 if damaged else 0


def cmd_check(args: argparse.Namespace) -> int:
    from ..store.event_log import repair
    from ..store.session_dir import EVENTS_FILE, open_session

    if args.session:
        folders = [_resolve(args, args.session)]
    else:
        from ..store.session_index import session_folders

        root = _sessions_dir(args)
        folders = sorted(session_folders(root))
        if not folders:
            print(f"No sessions in {root}.")
            return 0
    status = 0
    for folder in folders:
        from ..store.errors import StoreError

        try:
            opened = open_session(folder)
        except StoreError as exc:
            print(str(exc), file=sys.stderr)
            status = 1
            continue
        except OSError as exc:
            print(f"{folder}: cannot be read ({exc.strerror or type(exc).__name__}).", file=sys.stderr)
            status = 1
            continue
        damage = opened.log.damage
        count = len(opened.log.events)
        if damage is None:
            print(f"{folder}: sound, {count} events.")
        elif args.repair and damage.torn:
            backup = repair(folder / EVENTS_FILE, damage)
            print(f"{folder}: repaired, kept {count} events; the damaged original is saved as {backup.name}.")
        else:
            print(damage.message, file=sys.stderr)
            if args.repair:
                print(f"{folder}: not repaired: the damage is not an interrupted last event, "
                      "so cutting the log there would lose later events; fix that line by hand.", file=sys.stderr)
            status = 1
    return status


def cmd_export(args: argparse.Namespace) -> int:
    import json

    from ..domain.fold import replay
    from ..domain.report import build_report
    from ..domain.report_md import render_markdown
    from ..store.session_dir import open_session

    opened = open_session(_resolve(args, args.session))
    state = replay(opened.file, opened.log.events)
    report = build_report(state)
    if args.format == "json":
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_markdown(report))
    if opened.log.damage is not None:
        print(opened.log.damage.message, file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # one sentence, exit 2, no usage dump
            sys.stderr.write(f"catchball: {message} (see catchball --help).\n")
            raise SystemExit(2)

    parser = _Parser(prog="catchball", description="Run a quarter's OKR planning in the room, on the shared screen.")
    parser.add_argument("--version", action="version", version=f"catchball {__version__}")
    parser.add_argument("--sessions-dir", metavar="DIR",
                        help="where sessions are saved (env CATCHBALL_SESSIONS_DIR, default ./sessions)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("list", help="sessions as a table on stdout")
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("check", help="validate sessions; exit 0 sound, 1 damaged")
    p.add_argument("session", nargs="?", metavar="SESSION", help="a session folder or slug (default: all)")
    p.add_argument("--repair", action="store_true",
                   help="cut an interrupted last event off the log, keeping a backup of the original")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("export", help="the session's report on stdout")
    p.add_argument("session", metavar="SESSION", help="a session folder or slug")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.set_defaults(func=cmd_export)
    from . import app, join, lint, practice, quarter, review

    lint.add_parser(sub)
    join.add_parsers(sub)
    app.add_parsers(sub, parser)
    practice.add_parsers(sub)
    review.add_parsers(sub)
    quarter.add_parsers(sub)
    for name in APP_COMMANDS:  # `--theme` works after the subcommand too
        if name in sub.choices:
            sub.choices[name].add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS,
                                           help="colour theme (remembered for next time)")
            sub.choices[name].add_argument("--themes-dir", metavar="DIR", type=Path, default=argparse.SUPPRESS,
                                           help="a folder of your own theme files")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:  # plain `catchball`: straight to the home screen, without building every subcommand
        from . import app

        return app.cmd_home(SimpleNamespace(sessions_dir=None, theme=None, themes_dir=None))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.func = getattr(args, "default_func", None)
        if args.func is None:
            parser.print_help()
            return 0
    from ..domain.agenda import AgendaError
    from ..store.errors import StoreError

    try:
        return int(args.func(args) or 0)
    except (StoreError, AgendaError, ValueError) as exc:
        print(f"catchball: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, (AgendaError, ValueError)) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
