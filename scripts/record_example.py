"""Record the example session under sessions/ by driving the real app with a Pilot.

    python scripts/record_example.py [--sessions-dir DIR]

Every phase is walked by keys, as a facilitator would, on a fake clock that advances
between steps, so the record is deterministic and its timings believable. Re-run it
whenever the file format changes.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
from datetime import datetime, timezone
from pathlib import Path

from textual.widgets import Input

from catchball.services.session_factory import build_session_file, start_session
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock
from catchball.tui.widgets.capture_bar import CaptureBar

START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
TITLE = "Northwind Books: Q1 2027 planning"
PEOPLE = ["Maya Okafor:leader:Checkout", "Jonas Berg:member:Checkout", "Priya Nair:member:Checkout",
          "Leo Martins:member:Search", "Aiko Tanaka:member:Search"]
CARRIED = ("Raise checkout conversion on mobile from 1.8% to 2.4%",
           "Cut median page load on product pages from 3.1 s to 1.5 s",
           "Grow repeat purchases within 60 days from 22% to 27% of buyers")


class Room:
    """The facilitator's hands: the capture line and the panel keys."""

    def __init__(self, pilot, clock: FakeClock) -> None:
        self.pilot = pilot
        self.clock = clock

    async def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)
        await self.pilot.pause()

    async def say(self, text: str, who: str | None = None, kind: str = "note", after: float = 30) -> None:
        await self.wait(after)
        screen = self.pilot.app.screen
        bar = screen.query_one(CaptureBar)
        field = screen.query_one("#capture-input", Input)
        if not field.has_focus:
            field.focus()
            await self.pilot.pause()
        while bar.speaker != who:
            await self.pilot.press("down")
        while bar.contribution.value != kind:
            await self.pilot.press("f3")
        field.value = ""
        field.insert_text_at_cursor(text)
        await self.pilot.press("enter")
        await self.pilot.pause()

    async def keys(self, *keys: str, after: float = 10) -> None:
        """Panel keys: the panel takes the focus first (Escape from the capture line)."""
        await self.wait(after)
        if isinstance(self.pilot.app.focused, Input):
            await self.pilot.press("escape")
        await self.pilot.press(*keys)
        await self.pilot.pause()

    async def next_phase(self, after: float = 30) -> None:
        await self.wait(after)
        await self.pilot.press("ctrl+n")
        await self.pilot.pause()


async def walk(room: Room) -> None:
    # 1 readiness
    await room.say("We wrote the strategy memo in October and everyone has read it", "Maya Okafor", after=20)
    await room.keys("y", "y", "p", "y", "p", after=60)  # strategy .. overload; trust is picked next
    await room.say("Stop one of the two migrations before the quarter starts", "Maya Okafor", after=40)
    await room.keys("y", after=30)  # trust
    await room.keys("up", "up", "up", after=5)  # teams empowered
    await room.say("Search still takes tickets straight from sales", "Leo Martins", after=20)
    await room.next_phase(after=40)
    # 2 grading: the carried key results, one key each
    await room.keys("7", after=120)
    await room.keys("t", after=90)
    await room.keys("2", after=150)
    await room.say("1.0 on page load: the CDN switch alone did it", "Jonas Berg", after=20)
    await room.next_phase(after=60)
    # 3 retro: per key result, read the grade
    await room.keys("w", after=20)
    await room.say("Apple Pay landed in week 9; the lift came late", "Priya Nair", after=280)
    await room.keys("down", "w", after=10)
    await room.say("The CDN switch alone did it: the target was too easy", "Jonas Berg", after=230)
    await room.keys("l", after=10)
    await room.say("Ask what a stretch would be before fixing a target", "Maya Okafor", after=190)
    await room.keys("down", "o", after=10)
    await room.say("The loyalty e-mail was held by legal for six weeks", "Aiko Tanaka", after=250)
    await room.keys("l", after=10)
    await room.say("Measure repeat purchase weekly, not at quarter end", "Leo Martins", after=290)
    await room.next_phase(after=120)
    # 4 winning logic
    for key, text, after in (
        ("1", "Readers who buy more than six books a year", 120),
        ("2", "The fastest way from a recommendation to a book in hand", 150),
        ("3", "Independent-bookshop taste at online speed", 160),
        ("4", "No marketplace for third-party sellers this year", 140),
        ("5", "Readers who find a second book within a week become regulars", 130),
        ("6", "Monthly active buyers (health: keep steady)", 90),
        ("6", "Checkout error rate below 0.5%", 80),
    ):
        await room.keys(key, after=5)
        await room.say(text, "Maya Okafor", after=after)
    await room.next_phase(after=60)
    # 5 the leader's draft, linked to the winning logic
    await room.keys("down", "space", "down", "down", "down", "space", after=30)  # offer, belief
    await room.say("Be the easiest place to find your next book", "Maya Okafor", after=170)
    await room.keys("up", "up", "space", after=20)  # why we win
    await room.say("Modernise the search platform", "Maya Okafor", after=160)
    await room.next_phase(after=120)
    # 6 catchball, round 1
    for who, kind, text, after in (
        ("Jonas Berg", "question", "Easiest for whom: new visitors or our regulars?", 90),
        ("Leo Martins", "challenge", "Modernising search is a project, not an objective", 80),
        ("Priya Nair", "risk", "Recommendations depend on the catalogue clean-up Search owns", 100),
        ("Aiko Tanaka", "tweak", "Say 'second book' instead of 'next book': that is the belief", 90),
    ):
        await room.say(text, who, kind, after=after)
    await room.keys("r", after=30)
    await room.say("Make finding a second book effortless for our regular readers", "Maya Okafor", after=30)
    await room.keys("4", "3", "2", "4", "3", after=40)
    await room.keys("v", after=5)
    await room.keys("c", after=20)
    # round 2
    await room.keys("n", after=10)
    await room.say("If Search owns the catalogue key result, I can live with the dependency", "Priya Nair",
                   "support", after=120)
    await room.keys("r", after=30)
    await room.say("Make finding a second book effortless for our regular readers this quarter", "Maya Okafor",
                   after=60)
    await room.keys("4", "4", "3", "4", "5", after=40)
    await room.keys("v", after=5)
    await room.keys("c", after=20)
    await room.next_phase(after=30)
    # 7 focus: dots, one focus, the rest parked with a reason
    await room.keys("+", "+", "+", "+", after=30)
    await room.keys("down", "+", after=20)
    await room.keys("up", "f", after=40)
    await room.keys("down", "p", after=30)
    await room.say("Keep-the-lights-on work: the search upgrade runs as planned maintenance, not an OKR",
                   "Maya Okafor", after=30)
    await room.next_phase(after=150)
    # 8 key results, with the coach
    await room.say("Increase buyers who purchase a second book within 30 days from 18% to 25%", after=300)
    for key, text in (("m", "second purchase within 30 days"), ("b", "18%"), ("t", "25%"), ("o", "Checkout")):
        await room.keys(key, after=5)
        await room.say(text, after=15)
    await room.keys("+", after=10)
    await room.say("Reduce median time from search to add-to-basket from 95 s to 60 s", after=200)
    for key, text in (("m", "median search-to-basket time"), ("b", "95 s"), ("t", "60 s"), ("o", "Search")):
        await room.keys(key, after=5)
        await room.say(text, after=15)
    await room.say("Launch the new recommendations carousel", after=150)  # the coach flags it
    await room.keys("e", after=60)  # the room rewrites it as a result
    await room.say("Raise the share of sessions that click a recommendation from 4% to 9%", after=80)
    for key, text in (("m", "recommendation click-through"), ("b", "4%"), ("t", "9%"), ("o", "Checkout")):
        await room.keys(key, after=5)
        await room.say(text, after=15)
    await room.next_phase(after=60)
    # 9 back-brief, beside the leader's intent
    await room.say("Regular readers should find and buy their second book without friction", after=180)
    for key, text in (("h", "Recommendations at checkout and in the order e-mail"),
                      ("d", "Clean catalogue data from Search"), ("c", "The legal review of e-mail content")):
        await room.keys(key, after=5)
        await room.say(text, after=40)
    await room.keys("m", after=20)
    await room.keys("down", after=5)
    await room.say("Help regular readers get from a search to a book they want, faster", after=200)
    for key, text in (("h", "Tune ranking for repeat buyers; fix the catalogue gaps"),
                      ("d", "Checkout's click data"), ("c", "Ranking changes need a week of data")):
        await room.keys(key, after=5)
        await room.say(text, after=40)
    await room.keys("m", after=20)
    await room.next_phase(after=60)
    # 10 commitments and cadence
    await room.say("Ship the click tracking for recommendations by Friday", after=60)
    await room.keys("down", after=5)
    await room.say("List the ten worst catalogue gaps by Thursday", after=60)
    for key, text in (("k", "Mondays 09:30, 15 minutes: top 3 initiatives and confidence"),
                      ("e", "Fridays 16:00: demo and cake"), ("p", "Payments, Mobile, Data")):
        await room.keys(key, after=5)
        await room.say(text, after=30)
    await room.next_phase(after=30)  # the last phase: the session is finished


async def record(sessions_dir: Path) -> Path:
    clock = FakeClock(START)
    file = build_session_file(title=TITLE, agenda="quarterly", level="product", participants=PEOPLE,
                              now=clock.now(), prior_key_results=CARRIED)
    target = sessions_dir / f"{START:%Y-%m-%d}-northwind-books-q1-2027-planning"
    if target.exists():
        shutil.rmtree(target)
    live = start_session(sessions_dir, file, clock.now())
    app = CatchballApp(sessions_dir, live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await walk(Room(pilot, clock))
        if not live.state.finished:
            raise SystemExit(f"the walk ended in phase {live.state.phase + 1}, not finished")
        await pilot.press("ctrl+q")
    return live.folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions-dir", type=Path, default=Path(__file__).resolve().parents[1] / "sessions")
    print(asyncio.run(record(parser.parse_args().sessions_dir)))


if __name__ == "__main__":
    main()
