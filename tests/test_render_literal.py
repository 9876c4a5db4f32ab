"""Every place that shows user or file text shows it literally: markup in a title, a draft, a
key result being typed, a team's words or the leader's intent is text, never styling or a link.
(Switch any of these render sites to markup and this fails: `[b]x[/b]` would show as `x`.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from _shared import blns_strings
from test_phases_b import BACKBRIEF, CATCHBALL, COMMITMENTS, FOCUS, KRS, START, make_session, screen_text
from test_review import loaded, make_app, record_session

from catchball.domain import events as ev
from catchball.tui.app import CatchballApp

# one word each (a diff or a wrap never splits them), each one that markup would change
PROBES = ["[b]p0[/b]", "[red]p1[/]", "[@click=app.quit]p2[/]", "[link=https://x.example]p3[/link]",
          "[$accent]p4", "[i]p5[/i]", "[reverse]p6[/]", "[on_red]p7[/]", "[/]p8", "[bold_italic]p9[/]"]


def markup_strings() -> list[str]:
    """The naughty strings that markup would change, shortened to one word."""
    return [s.split()[0][:40] for s in blns_strings() if "[" in s and "]" in s and s.split()]


def shows(text: str, probes: list[str]) -> list[str]:
    """The probes that are NOT shown literally."""
    flat = " ".join(text.split())
    return [p for p in probes if p not in flat]


async def _screen(app: CatchballApp, size=(200, 60), before=None) -> str:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if before is not None:
            await before(pilot)
            await pilot.pause()
        return screen_text(app)


async def test_the_first_draft_and_its_revision_in_the_catchball_panel(tmp_path):
    live, clock, (obj,) = make_session(tmp_path, CATCHBALL, objectives=(" ".join(PROBES[:5]),))
    text = await _screen(CatchballApp(tmp_path / "sessions", live=live, clock=clock))
    assert shows(text, PROBES[:5]) == []  # the first draft alone
    live.record(ev.ObjectiveRevised, START, objective=obj, text=" ".join(PROBES[5:]))
    text = await _screen(CatchballApp(tmp_path / "sessions", live=live, clock=clock))
    assert shows(text, PROBES) == []  # the first draft's words and the revision's, as a diff


async def test_the_leaders_intent_and_the_teams_words_in_the_backbrief(tmp_path):
    words = " ".join(PROBES[5:])
    extra = [(ev.BackBriefGiven, {"team": "Core", "words": words, "how": PROBES[0], "worries": PROBES[1]})]
    live, clock, _ = make_session(tmp_path, BACKBRIEF, objectives=(" ".join(PROBES[2:5]),), extra=extra)
    text = await _screen(CatchballApp(tmp_path / "sessions", live=live, clock=clock))
    assert shows(text, PROBES) == []


async def test_the_key_result_being_typed_in_the_findings_view(tmp_path):
    live, clock, _ = make_session(tmp_path, KRS, extra=[(ev.KrAdded, {"text": " ".join(PROBES[5:])})])
    typed = "Launch " + " ".join(PROBES[:5])

    async def type_kr(pilot):
        pilot.app.screen.query_one("#capture-input").value = typed

    text = await _screen(CatchballApp(tmp_path / "sessions", live=live, clock=clock), before=type_kr)
    flat = " ".join(text.split())
    assert shows(text, PROBES[5:]) == []  # the saved key result
    assert flat.count(PROBES[0]) >= 2, flat  # typed: in the capture line and in the findings view


@pytest.mark.parametrize("phase", [FOCUS, COMMITMENTS])
async def test_objectives_and_commitments(tmp_path, phase):
    extra = [(ev.CommitmentMade, {"team": "Core", "text": " ".join(PROBES[5:])})] if phase == COMMITMENTS else []
    live, clock, _ = make_session(tmp_path, phase, objectives=(" ".join(PROBES[:5]), "Second one"),
                                  focus=phase != FOCUS, extra=extra)
    text = await _screen(CatchballApp(tmp_path / "sessions", live=live, clock=clock))
    assert shows(text, PROBES[:5] if phase == FOCUS else PROBES[5:]) == []


async def test_notes_and_naughty_strings_in_the_log(tmp_path):
    strings = markup_strings()[:12] + PROBES
    live, clock, _ = make_session(tmp_path, CATCHBALL)
    for text in strings:
        live.record(ev.Noted, START, text=text, by="Ana")
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    text = await _screen(app, size=(200, 80))
    assert shows(text, PROBES[-8:]) == []


async def test_titles_in_the_review_browser_and_the_compare_screen(tmp_path: Path):
    from catchball.tui.screens.compare_screen import CompareScreen

    for i in range(0, len(PROBES), 2):  # short titles: the browser's column shows them whole
        record_session(tmp_path, " ".join(PROBES[i:i + 2]), mode="room")
    app = make_app(tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await loaded(pilot)
        assert shows(screen_text(app), PROBES) == []  # the browser
        await pilot.press("c", "down", "c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        missing = shows(screen_text(app), PROBES)
        assert len(missing) == len(PROBES) - 4, missing  # the two titles compared, side by side, whole
