"""Where the team's shared test data lives: `shared/` beside the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

_BESIDE = Path(__file__).resolve().parents[2] / "shared"
SHARED = _BESIDE if _BESIDE.is_dir() else Path("/work/shared")
BLNS_PATH = SHARED / "naughty" / "blns.json"
CORPUS_PATH = SHARED / "kr-corpus" / "dev_krs.tsv"


def blns_strings() -> list[str]:
    """The naughty strings that are not blank; skips the calling test when shared/ is absent
    (call it inside a test, never at import, so a missing shared/ is a skip, not a collection error)."""
    if not BLNS_PATH.is_file():
        pytest.skip(f"naughty strings not found at {BLNS_PATH} (shared/ is expected beside the repo)")
    return [s for s in json.loads(BLNS_PATH.read_text(encoding="utf-8")) if s.strip()]


def room(folder: Path) -> str:
    """The session's join code, made as the facilitator's screen makes it (a participant needs it)."""
    from catchball.services.join_code import join_code
    from catchball.store.room import room_code

    return room_code(folder, join_code)


def seen_cells(line: list[tuple]) -> list[tuple]:
    """What a person sees, cell by cell (a segment's split differs between two widgets and one,
    and so do the mouse offsets in the styles): a character's colours and attributes, and a blank
    cell's background (its text colour shows nothing; Textual gives blank cells one or none)."""
    cells = []
    for text, style in line:
        for char in text:
            if char == " " and not (style.underline or style.reverse or style.strike):
                cells.append((char, style.bgcolor))
            else:
                cells.append((char, style.color, style.bgcolor, *(bool(getattr(style, attribute)) for attribute in (
                    "bold", "dim", "italic", "underline", "reverse", "strike"))))
    return cells


async def seen_line(app, size: tuple[int, int], row: int, hover: tuple[int, int] | None = None) -> list[tuple]:
    """`seen_cells` of one line of `app`'s screen once it has settled (the pointer at `hover`)."""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        if hover is not None:
            await pilot.hover(offset=hover)
            await pilot.pause()
        strip = app.screen._compositor.render_strips()[row]
        return seen_cells([(segment.text, segment.style) for segment in strip])
