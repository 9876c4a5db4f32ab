"""Snapshots of the panels of phases 1-5 at 80x24 and 160x48.

Deterministic: a fixed session time, a FakeClock, and an empty config folder so that no
remembered theme leaks in. Regenerate with `--snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from catchball.domain import events as ev
from catchball.services.session_factory import build_session_file, start_session
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock

START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
CARRIED = ("Raise mobile checkout conversion from 1.8% to 2.4%", "Cut median page load from 3.1 s to 1.5 s",
           "Grow repeat purchases within 60 days from 22% to 27% of buyers")
SIZES = [(80, 24), (160, 48)]


def _readiness(live) -> None:
    r = live.record
    r(ev.ReadinessAnswered, START, question="strategy", answer="yes", note="Strategy memo from October")
    r(ev.ReadinessAnswered, START, question="aligned", answer="partly", note="Sales reads it differently")
    r(ev.ReadinessAnswered, START, question="empowered", answer="yes")
    r(ev.ReadinessAnswered, START, question="safety", answer="yes")
    r(ev.ReadinessAnswered, START, question="overload", answer="no", note="Two migrations in flight")


def _grades(live) -> list[int]:
    krs = list(live.state.prior_krs)
    live.record(ev.KrGraded, START, kr=krs[0], grade=0.7)
    live.record(ev.KrGraded, START, kr=krs[1], grade=1.0)
    return krs


def _grading(live) -> None:
    _grades(live)
    live.record(ev.PriorKrAdded, START, text="Hire two engineers [/] [@click=app.quit]x", source="typed")
    live.record(ev.PhaseChanged, START, phase=1)


def _retro(live) -> None:
    krs = _grades(live)
    live.record(ev.KrGraded, START, kr=krs[2], grade=0.2)
    live.record(ev.PhaseChanged, START, phase=2)
    live.record(ev.RetroNoted, START, kr=krs[0], field="why", text="Apple Pay landed in week 9")
    live.record(ev.RetroNoted, START, kr=krs[1], field="why", text="The CDN switch alone did it: too easy")
    live.record(ev.RetroNoted, START, kr=krs[1], field="learned", text="Ask what a stretch would be")
    live.record(ev.RetroNoted, START, kr=krs[2], field="obstacles", text="Legal blocked the e-mail for six weeks")


def _winning(live) -> list[int]:
    seqs = [live.record(ev.WinningLogicAdded, START, element=element, text=text).seq for element, text in (
        ("serve", "Readers who buy more than six books a year"),
        ("offer", "The fastest way from a recommendation to a book in hand"),
        ("win", "Independent-bookshop taste at online speed"),
        ("say_no", "No marketplace for third-party sellers this year"),
        ("kpi", "Checkout error rate below 0.5%"),
    )]
    return seqs


def _winning_logic(live) -> None:
    live.record(ev.PhaseChanged, START, phase=3)
    _winning(live)


def _draft(live) -> None:
    seqs = _winning(live)
    live.record(ev.PhaseChanged, START, phase=4)
    live.record(ev.ObjectiveDrafted, START, text="Be the easiest place to find your next book",
                links=[seqs[1], seqs[2]])
    live.record(ev.ObjectiveDrafted, START, text="Modernise the search platform")


PHASES = {"readiness": _readiness, "grading": _grading, "retro": _retro, "winning_logic": _winning_logic,
          "draft": _draft}
KEYS = {"readiness": ("tab", "down"), "grading": ("tab", "down"), "retro": ("tab", "down", "o"),
        "winning_logic": ("tab", "3"), "draft": ("tab", "down", "space")}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("phase", list(PHASES))
def test_panel_snapshot(phase, size, snap_compare, tmp_path, monkeypatch):
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path / "config"))
    file = build_session_file(title="Northwind Books: Q1 planning", agenda="quick", level="product",
                              participants=["Maya:leader:Checkout", "Jonas:member:Checkout"], now=START,
                              prior_key_results=CARRIED)
    live = start_session(tmp_path / "sessions", file, START)
    PHASES[phase](live)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=FakeClock(START))

    async def before(pilot) -> None:
        await pilot.pause()
        await pilot.press(*KEYS[phase])
        await pilot.pause()
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=size, run_before=before)
    finally:
        live.close()
