"""`catchball practice`: list the scenarios, or rehearse one alone. Textual loads only to run it."""

from __future__ import annotations

import argparse


def cmd_practice(args: argparse.Namespace) -> int:
    from ..domain.text import one_line
    from ..store.scenarios import list_scenarios, load_scenario, scenario_ids

    if args.list:
        scenarios = list_scenarios()
        width = max(len(s.id) for s in scenarios)
        for scenario in scenarios:
            print(f"{scenario.id:<{width}}  {scenario.level.value:<8} {one_line(scenario.title)}")
        return 0
    scenario = load_scenario(args.scenario or scenario_ids()[0])
    from ..services.practice_session import start_practice
    from ..tui.app import CatchballApp
    from ..tui.clock import RoomClock
    from ..tui.practice_driver import PracticeScreen
    from .app import sessions_dir

    clock = RoomClock()
    live = start_practice(sessions_dir(args), scenario, clock.now(), agenda=args.agenda, speed=args.speed)
    app = CatchballApp(sessions_dir(args), live=live, clock=clock, theme=args.theme, themes_dir=args.themes_dir,
                       start=PracticeScreen(live, scenario, clock, args.speed))
    app.run()
    app.close_live()
    return app.return_code or 0


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"the speed factor must be a number, not {text!r}") from None
    if not 0.25 <= value <= 60:
        raise argparse.ArgumentTypeError(f"the speed factor must be between 0.25 and 60, not {value:g}")
    return value


def add_parsers(sub) -> None:
    p = sub.add_parser("practice", help="rehearse a session alone against a scenario",
                       description="Run a practice session: a fictional team whose lines arrive as the timers run, "
                                   "BAD key results to repair, and feedback at the end.")
    p.add_argument("scenario", nargs="?", metavar="ID|FILE", help="a scenario id (see --list) or a .toml file")
    p.add_argument("--list", action="store_true", help="print the scenarios, one per line, id first")
    p.add_argument("--speed", type=_speed, default=1.0, metavar="F",
                   help="shrink every timebox (and the script) by F, e.g. 2 for half the time")
    p.add_argument("--agenda", default="quick", metavar="NAME|FILE", help="quick (default), quarterly, or a file")
    p.set_defaults(func=cmd_practice)
