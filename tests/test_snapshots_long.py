"""Every phase with long texts (a long objective, a long key result, long names) at 80x24 and 160x48.

What must stay in sight at 80x24 (issue 14): 4 rows of notes, the selected key result's fields,
the catchball vote; long words are cut with an ellipsis or wrapped, never pushing the log out.
"""

from __future__ import annotations

import pytest
from test_phases_b import START

from catchball.domain import events as ev
from catchball.services.session_factory import build_session_file, start_session
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock

SIZES = [(80, 24), (160, 48)]
PEOPLE = ["Anastasia Konstantinopoulou-Wellington:leader:Customer Experience and Retention",
          "Bartholomew Oyelaran-Fitzgerald:member:Growth Marketing Platform", "Cy:member:Core"]
OBJECTIVE = ("Make first-time readers come back every week, because a returning reader is worth three new "
             "ones and we keep losing them after their first purchase in the shop or on the web")
KR = ("Raise the share of first-time readers who buy a second book within 30 days across every channel, "
      "the web shop, the harbour kiosk and the partner cafés included, from 35% to 50%")
NOTE = ("We lose most of them between the first and the second purchase, and nobody owns that moment "
        "today: marketing thinks it is the shop's, the shop thinks it is marketing's")


def _session(tmp_path, phase: int):
    clock = FakeClock(START)
    file = build_session_file(title="Northwind Books: the quarter we win back the readers we lost last year",
                              agenda="quick", level="squad", participants=PEOPLE, now=START)
    live = start_session(tmp_path / "sessions", file, START)
    wl = live.record(ev.WinningLogicAdded, START, element="serve", text="Readers who buy six or more books a "
                     "year and tell their friends about the ones they loved most")
    first = live.record(ev.ObjectiveDrafted, START, text=OBJECTIVE, links=[wl.seq]).seq
    live.record(ev.ObjectiveDrafted, START, text="Open a second shop in the harbour", links=[])
    live.record(ev.PriorKrAdded, START, text=KR)
    if phase >= 5:
        live.record(ev.PhaseChanged, START, phase=5)
        live.record(ev.VoteCast, START, participant="Cy", value=4, objective=first)
    if phase >= 7:
        live.record(ev.FocusChosen, START, objective=first)
        live.record(ev.PhaseChanged, START, phase=7)
        live.record(ev.KrAdded, START, text=KR, metric="share of first-time readers buying again in 30 days",
                    owner="Customer Experience and Retention")
        live.record(ev.KrAdded, START, text="Cut the time to a second book from 30 to 21 days", owner="Core")
    if phase >= 8:
        live.record(ev.PhaseChanged, START, phase=8)
        live.record(ev.BackBriefGiven, START, team="Customer Experience and Retention", words=NOTE)
    if live.state.phase != phase:
        live.record(ev.PhaseChanged, START, phase=phase)
    for _ in range(5):
        live.record(ev.Noted, START, text=NOTE, by=PEOPLE[1].split(":")[0], type="challenge")
    clock.advance(45)
    return CatchballApp(tmp_path / "sessions", live=live, clock=clock)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("phase", range(10), ids=lambda p: f"phase{p + 1}")
def test_every_phase_with_long_texts(snap_compare, tmp_path, phase, size):
    assert snap_compare(_session(tmp_path, phase), terminal_size=size)
