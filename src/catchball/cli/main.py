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
    from ..store.errors import StoreError
    from ..store.event_log import repair
    from ..store.reading import shown
    from ..store.session_dir import EVENTS_FILE, open_session
    from ..store.session_index import session_folders

    if args.session:
        folders = [_resolve(args, args.session)]
    else:
        root = _sessions_dir(args)
        folders = sorted(session_folders(root))
        if not folders:
            print(f"No sessions in {shown(root)}.")
            return 0
    status = 0
    for folder in folders:
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
            print(f"{shown(folder)}: sound, {count} events.")
        elif args.repair and damage.torn:
            try:
                backup = repair(folder / EVENTS_FILE, damage)
            except StoreError as exc:
                print(str(exc), file=sys.stderr)
                status = 1
                continue
            print(f"{shown(folder)}: repaired, kept {count} events; the damaged original is saved as "
                  f"{shown(backup.name)}. ({damage.message})")
        else:
            print(damage.message, file=sys.stderr)
            if args.repair:
                print(f"{shown(folder)}: not repaired: the damage is not an interrupted last event, "
                      "so cutting the log there would lose a whole event; fix that line by hand.", file=sys.stderr)
            status = 1
    return status


def cmd_export(args: argparse.Namespace) -> int:
    import json

    from ..domain.fold import replay
    from ..domain.report import build_report
    from ..domain.report_md import render_markdown
    from ..domain.text import visible
    from ..store.session_dir import open_session

    opened = open_session(_resolve(args, args.session))
    state = replay(opened.file, opened.log.events)
    report = build_report(state)
    if args.format == "json":  # \uNNNN escapes keep the JSON valid and the terminal safe
        sys.stdout.write(visible(json.dumps(report, indent=2, ensure_ascii=False), keep_newlines=True, json=True) + "\n")
    else:
        sys.stdout.write(render_markdown(report))
    if opened.log.damage is not None:
        print(opened.log.damage.message, file=sys.stderr)
        return 1
    return 0


class _Shown:
    """stdout or stderr as the commands see it: a control character in user or file text
    (an escape sequence, a bidi override) is written as a visible escape, never obeyed."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from ..domain.text import visible

        return self._stream.write(visible(text, keep_newlines=True))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


# the module that adds each subcommand's parser (the ones not listed are this module's own)
_ADDED_BY = {"lint": "lint", "join": "join", "follow": "join", "serve": "join", "new": "app", "resume": "app",
             "practice": "practice", "review": "review", "replay": "review", "quarter": "quarter", "checkin": "quarter"}
COMMANDS = (*_ADDED_BY, "list", "check", "export")  # every subcommand


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``command`` (the first argument, a subcommand's name), only
    that subcommand's parser, which parses its arguments the same way: building every
    subcommand imports their modules (the linter's findings among them), about 10 ms before
    the first frame of every app command."""
    import argparse
    import importlib

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # one sentence, exit 2, no usage dump
            sys.stderr.write(f"catchball: {message} (see catchball --help).\n")
            raise SystemExit(2)

    parser = _Parser(prog="catchball", description="Run a quarter's OKR planning in the room, on the shared screen.")
    parser.add_argument("--version", action="version", version=f"catchball {__version__}")
    parser.add_argument("--sessions-dir", metavar="DIR",
                        help="where sessions are saved (env CATCHBALL_SESSIONS_DIR, default ./sessions)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    whole = command not in COMMANDS
    if whole or command == "list":
        p = sub.add_parser("list", help="sessions as a table on stdout")
        p.set_defaults(func=cmd_list)
    if whole or command == "check":
        p = sub.add_parser("check", help="validate sessions; exit 0 sound, 1 damaged")
        p.add_argument("session", nargs="?", metavar="SESSION", help="a session folder or slug (default: all)")
        p.add_argument("--repair", action="store_true",
                       help="cut an interrupted last event off the log, keeping a backup of the original")
        p.set_defaults(func=cmd_check)
    if whole or command == "export":
        p = sub.add_parser("export", help="the session's report on stdout")
        p.add_argument("session", metavar="SESSION", help="a session folder or slug")
        p.add_argument("--format", choices=("md", "json"), default="md")
        p.set_defaults(func=cmd_export)
    for name in ("lint", "join", "app", "practice", "review", "quarter"):
        # app's: the top-level --theme every app command reads, and new and resume (cheap)
        if whole or name == "app" or _ADDED_BY.get(command) == name:
            module = importlib.import_module(f".{name}", __package__)
            if name == "lint":
                module.add_parser(sub)
            elif name == "app":
                module.add_parsers(sub, parser)
            else:
                module.add_parsers(sub)
    for name in APP_COMMANDS:  # `--theme` works after the subcommand too
        if name in sub.choices:
            sub.choices[name].add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS,
                                           help="colour theme (remembered for next time)")
            sub.choices[name].add_argument("--themes-dir", metavar="DIR", type=Path, default=argparse.SUPPRESS,
                                           help="a folder of your own theme files")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; exit 0 ok, 1 a finding or damage (or a disk error), 2 a usage error."""
    argv = sys.argv[1:] if argv is None else argv
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Shown(out), _Shown(err)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: list[str]) -> int:
    from ..tui.start_pause import end_start_pause, pause_for_start

    # until the app's first frame (the apps' on_ready); `serve` runs a web server, not an app
    command = next((a for a in argv if a in COMMANDS), None)
    if command is None or (command in APP_COMMANDS and command != "serve"):
        pause_for_start()
    try:
        return _command(argv)
    finally:
        end_start_pause()  # a command that ended before, or without, a first frame


def _command(argv: list[str]) -> int:
    if not argv:  # plain `catchball`: straight to the home screen, without building every subcommand
        from . import app

        args = SimpleNamespace(sessions_dir=None, theme=None, themes_dir=None, func=app.cmd_home)
    else:
        args = build_parser(argv[0]).parse_args(argv)
    if getattr(args, "command", "home") is None:
        args.func = getattr(args, "default_func", None)
        if args.func is None:
            build_parser().print_help()
            return 0
    # (an agenda's AgendaError is a ValueError: importing it here would load the agenda
    # records before the first frame of every command, the home screen's too)
    from ..store.errors import NoSuchSession, StoreError

    try:
        return int(args.func(args) or 0)
    except (StoreError, ValueError) as exc:
        print(f"catchball: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, (ValueError, NoSuchSession)) else 1
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a last net: the store turns the ones it knows into sentences
        from ..store.reading import os_reason, shown

        where = f" ({shown(exc.filename)})" if exc.filename else ""
        print(f"catchball: the disk refused{where}: {os_reason(exc)}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
