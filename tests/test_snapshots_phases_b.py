"""Snapshots of the panels of phases 6-10 at 80x24 and 160x48 (fixed clock, no user config)."""

from __future__ import annotations

import pytest
from test_phases_b import (
    BACKBRIEF,
    CATCHBALL,
    COMMITMENTS,
    FOCUS,
    HOSTILE,
    KRS,
    START,
    make_session,
)

from catchball.domain import events as ev
from catchball.tui.app import CatchballApp

SIZES = [(80, 24), (160, 48)]
ids = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def _app(tmp_path, live, clock) -> CatchballApp:
    clock.advance(45)
    return CatchballApp(tmp_path / "sessions", live=live, clock=clock)


@ids
def test_catchball_panel(snap_compare, tmp_path, size):
    live, clock, (obj,) = make_session(tmp_path, CATCHBALL)
    live.record(ev.Noted, START, text="Weekly is too often [b]really[/b]", by="Ben", type="challenge")
    live.record(ev.ObjectiveRevised, START, objective=obj, text="Make new readers come back every week")
    live.record(ev.VoteCast, START, participant="Ana", value=4)
    live.record(ev.VoteCast, START, participant="Ben", value=2)
    assert snap_compare(_app(tmp_path, live, clock), terminal_size=size)


@ids
def test_focus_panel(snap_compare, tmp_path, size):
    live, clock, ids_ = make_session(tmp_path, FOCUS, focus=False,
                                     objectives=("Readers come back weekly", "Open a second warehouse", HOSTILE))
    live.record(ev.DotsCast, START, objective=ids_[0], dots=3)
    live.record(ev.DotsCast, START, objective=ids_[2], dots=1)
    live.record(ev.FocusChosen, START, objective=ids_[0])
    live.record(ev.ObjectiveParked, START, objective=ids_[1], reason="Keep-the-lights-on work")
    assert snap_compare(_app(tmp_path, live, clock), terminal_size=size, press=["escape"])


@ids
def test_key_results_panel(snap_compare, tmp_path, size):
    extra = [(ev.KrAdded, {"text": "Raise weekly returning readers from 1200 to 1500", "owner": "Core"}),
             (ev.KrAdded, {"text": "Cut time to a second book from 30 days to 21 days", "confidence": 9})]
    live, clock, _ = make_session(tmp_path, KRS, extra=extra)
    typed = [c if c != " " else "space" for c in "Launch the new onboarding flow"]
    assert snap_compare(_app(tmp_path, live, clock), terminal_size=size, press=typed)


@ids
def test_backbrief_panel(snap_compare, tmp_path, size):
    extra = [(ev.BackBriefGiven, {"team": "Core", "words": "Get readers to a second book, fast " + HOSTILE,
                                  "how": "A weekly digest and better picks", "worries": "Legal review of e-mails"}),
             (ev.BackBriefMarked, {"team": "Core", "matches": False})]
    live, clock, _ = make_session(tmp_path, BACKBRIEF, extra=extra)
    assert snap_compare(_app(tmp_path, live, clock), terminal_size=size)


@ids
def test_commitments_panel(snap_compare, tmp_path, size):
    extra = [(ev.CommitmentMade, {"team": "Core", "text": "Draft the digest with two readers"}),
             (ev.CadenceSet, {"checkin": "Monday 9:30, 15 minutes", "peer_teams": ["Search", "Data", "Ops"]})]
    live, clock, _ = make_session(tmp_path, COMMITMENTS, extra=extra)
    assert snap_compare(_app(tmp_path, live, clock), terminal_size=size)
