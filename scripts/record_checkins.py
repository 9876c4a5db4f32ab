"""Record three weekly check-ins of the example session under sessions/ by driving the real app.

    python scripts/record_checkins.py [--sessions-dir DIR]

Each check-in is opened as `catchball checkin` opens it and walked by keys, as a facilitator
would, on a fake clock (Monday 09:30 of weeks 2, 3 and 4 of the quarter), so that the record is
deterministic and the quarter board has something to show on a fresh install. Re-run it after
`record_example.py`, or whenever the file format changes.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
from datetime import datetime, timezone
from pathlib import Path

from record_example import Room

from catchball.services.checkin import load_quarter, start_checkin
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock

PLANNING = "2026-11-22-northwind-books-q1-2027-planning"
SEARCH_GAPS = "Fix the ten worst catalogue gaps"
WEEKS = [
    {
        "day": datetime(2027, 1, 11, 9, 30, tzinfo=timezone.utc),
        "wins": [("The click tracking for recommendations is live", "Jonas Berg")],
        "values": ["18.6% 6 the order e-mail went out on Thursday", "92 s 5 ranking for repeat buyers is not live yet",
                   "4.2% 6 tracking only since Friday"],
        "priorities": {"Checkout": [(1, "Test the second-book block in the order e-mail")],
                       "Search": [(2, SEARCH_GAPS), (2, "Rank repeat buyers' genres first")]},
        "kpis": [],
        "idea": None,
    },
    {
        "day": datetime(2027, 1, 18, 9, 30, tzinfo=timezone.utc),
        "wins": [("Five of the ten catalogue gaps are fixed", "Aiko Tanaka")],
        "values": ["19.1% 5 the e-mail test is small: two days of data", "86 s 6 repeat-buyer ranking is live",
                   "4.3% 5 the carousel sits below the fold on mobile"],
        "priorities": {"Checkout": [(3, "Move the carousel above the fold on mobile")],
                       "Search": [(2, SEARCH_GAPS)]},
        "kpis": [("left", 0), ("left", 1)],
        "idea": ("Can't we just add audiobooks to the shop?", "Leo Martins",
                 "Not this quarter: the focus is the second book, and audiobooks need a new supplier"),
    },
    {
        "day": datetime(2027, 1, 25, 9, 30, tzinfo=timezone.utc),
        "wins": [("The carousel moved up: clicks doubled on the first day", "Priya Nair")],
        "values": ["19.4% 4 legal still holds the second e-mail", "81 s 6 catalogue fixes show in search",
                   "4.4% 5 one good day is not a trend yet"],
        "priorities": {"Checkout": [(1, "Get legal's answer on the second e-mail by Wednesday")],
                       "Search": [(2, SEARCH_GAPS)]},
        "kpis": [("left", 0), ("right", 1)],
        "idea": None,
    },
]


async def walk(room: Room, week: dict) -> None:
    for text, who in week["wins"]:  # 1 wins: notes
        await room.say(text, who, after=40)
    await room.next_phase(after=40)
    for line in week["values"]:  # 2 values: each line records the selected key result, then the next
        await room.say(line, after=70)
    await room.next_phase(after=40)
    for n, (team, priorities) in enumerate(week["priorities"].items()):  # 3 priorities, tied to key results
        if n:
            await room.keys("down", after=5)
        for kr, text in priorities:
            link = room.pilot.app.screen.panel.link
            while link != kr:
                await room.keys("right", after=1)
                link = room.pilot.app.screen.panel.link
            await room.say(text, after=40)
    await room.next_phase(after=30)
    for key, index in week["kpis"]:  # 4 health metrics
        panel = room.pilot.app.screen.panel
        while panel.selected != index:
            await room.keys("down" if panel.selected < index else "up", after=1)
        await room.keys(key, after=15)
    await room.next_phase(after=30)
    if week["idea"]:  # 5 can't we just...?
        text, who, reason = week["idea"]
        await room.say(text, who, after=20)
        await room.keys("left", "left", after=30)  # serves the focus? partly at first, then no
        await room.keys("down", "right", after=20)  # fits the winning logic? partly
        await room.keys("down", "right", "left", after=20)  # clear of what we say no to? partly, then no
        await room.keys("f6", after=10)
        await room.say(reason, "Maya Okafor", after=30)
    await room.next_phase(after=30)  # the last phase: the check-in is finished


async def record(sessions_dir: Path) -> list[Path]:
    for old in sessions_dir.glob("2027-*-check-in-northwind-books-q1-2027-planning*"):
        shutil.rmtree(old)
    folders = []
    for week in WEEKS:
        clock = FakeClock(week["day"])
        quarter = load_quarter(sessions_dir, sessions_dir / PLANNING)
        live = start_checkin(sessions_dir, quarter, week["day"].date(), clock.now())
        app = CatchballApp(sessions_dir, live=live, clock=clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await walk(Room(pilot, clock), week)
            if not live.state.finished:
                raise SystemExit(f"the walk of {week['day']:%Y-%m-%d} ended in phase {live.state.phase + 1}")
            await pilot.press("ctrl+q")
        folders.append(live.folder)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions-dir", type=Path, default=Path(__file__).resolve().parents[1] / "sessions")
    for folder in asyncio.run(record(parser.parse_args().sessions_dir)):
        print(folder)


if __name__ == "__main__":
    main()
