"""`catchball review` and `catchball replay SESSION`: the review side, read-only (no lock taken)."""

from __future__ import annotations

import argparse
import math

from .app import run_app, sessions_dir


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--speed takes a number such as 1, 10 or 60, not {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"--speed must be 0 (as fast as possible) or more, not {text!r}")
    return value


def cmd_review(args: argparse.Namespace) -> int:
    from ..tui.screens.review_screen import ReviewScreen

    return run_app(args, start=ReviewScreen())


def cmd_replay(args: argparse.Namespace) -> int:
    from ..store.session_dir import resolve
    from ..tui.screens.replay_screen import ReplayScreen

    screen = ReplayScreen.open(resolve(sessions_dir(args), args.session), speed=args.speed)
    return run_app(args, start=screen)


def add_parsers(sub) -> None:
    p = sub.add_parser("review", help="browse past sessions: summary, replay, compare, carry forward")
    p.set_defaults(func=cmd_review)
    p = sub.add_parser("replay", help="replay a session at its own pace, read-only")
    p.add_argument("session", metavar="SESSION", help="a session folder or slug")
    p.add_argument("--speed", type=_speed, default=1.0, metavar="N",
                   help="times faster than the room (default 1; 0 = as fast as possible; long gaps are cut to 5 s)")
    p.set_defaults(func=cmd_replay)
