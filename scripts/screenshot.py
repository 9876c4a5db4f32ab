"""Export the README's screenshot: the example session in its key-results phase, the coach live.

    python scripts/screenshot.py [OUT.svg]
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from textual.widgets import Input

from catchball.store.live import LiveSession
from catchball.store.session_dir import open_session
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-11-22-northwind-books-q1-2027-planning"


async def shoot(out: Path) -> None:
    events = open_session(EXAMPLE).log.events
    cut = next(i for i, e in enumerate(events) if e.kind == "kr_added" and "Launch" in e.text)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / EXAMPLE.name
        shutil.copytree(EXAMPLE, folder)
        raw = (folder / "events.toml").read_text(encoding="utf-8")
        keep = raw.split("\n[[events]]\n")[: cut + 1]  # the header chunk, then `cut` events
        (folder / "events.toml").write_text("\n[[events]]\n".join(keep), encoding="utf-8")
        live = LiveSession.open(folder)
        clock = FakeClock(live.state.last_at + timedelta(seconds=40))
        app = CatchballApp(Path(tmp), live=live, clock=clock)
        async with app.run_test(size=(120, 36)) as pilot:
            field = app.screen.query_one("#capture-input", Input)
            field.insert_text_at_cursor("Launch the new recommendations carousel")
            await pilot.pause(0.5)
            app.save_screenshot(filename=out.name, path=str(out.parent))
        live.close()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.svg"
    asyncio.run(shoot(target.resolve()))
    print(target)
