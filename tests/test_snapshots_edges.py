"""Snapshots of the end of a session (asking, finished) and the new-session form, at 80x24 and 160x48."""

from __future__ import annotations

import pytest

from catchball.domain import events as ev
from catchball.domain.model import Carried
from catchball.services.session_factory import NewSessionDraft
from catchball.tui.app import CatchballApp
from catchball.tui.screens.new_session_screen import NewSessionScreen

SIZES = [(80, 24), (160, 48)]
ids = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
PEOPLE = ["Ana:leader:Core", "Ben:member:Growth"]


def _last_phase(new_live, clock, tmp_path):
    live = new_live(title="Acme [b]Q1[/b]", people=PEOPLE)
    for phase in range(1, 10):
        clock.advance(70)
        live.record(ev.PhaseChanged, clock.now(), phase=phase)
        if phase == 4:
            draft = live.record(ev.ObjectiveDrafted, clock.now(), text="Readers find a [b]second[/b] book", links=[])
        if phase == 6:
            live.record(ev.FocusChosen, clock.now(), objective=draft.seq)
        if phase == 7:
            live.record(ev.KrAdded, clock.now(), text="Raise second purchases from 18% to 25%", owner="Core")
    live.record(ev.CommitmentMade, clock.now(), team="Core", text="Track second purchases weekly")
    return CatchballApp(tmp_path / "sessions", live=live, clock=clock)


@ids
def test_end_of_session_asks_first(snap_compare, new_live, clock, tmp_path, size):
    assert snap_compare(_last_phase(new_live, clock, tmp_path), terminal_size=size, press=["ctrl+n"])


@ids
def test_finished_session_summary_and_timer(snap_compare, new_live, clock, tmp_path, size):
    app = _last_phase(new_live, clock, tmp_path)
    assert snap_compare(app, terminal_size=size, press=["ctrl+n", "enter"])


@ids
def test_finished_timer_on_the_facilitation_screen(snap_compare, new_live, clock, tmp_path, size):
    app = _last_phase(new_live, clock, tmp_path)
    assert snap_compare(app, terminal_size=size, press=["ctrl+n", "enter", "escape"])


@ids
def test_new_session_form_refuses_in_sentences(snap_compare, clock, tmp_path, size):
    assert snap_compare(CatchballApp(tmp_path / "sessions", clock=clock), terminal_size=size,
                        press=["enter", "ctrl+s"])


@ids
def test_new_session_form_carried_forward(snap_compare, clock, tmp_path, size):
    draft = NewSessionDraft(title="Acme Q1 (next quarter)", level="product", participants=PEOPLE,
                            carried=Carried(prior_key_results=("Raise second purchases from 18% to 25%",)),
                            carried_from="2026-11-22-acme-q1")
    app = CatchballApp(tmp_path / "sessions", clock=clock, start=NewSessionScreen(draft))
    assert snap_compare(app, terminal_size=size)
