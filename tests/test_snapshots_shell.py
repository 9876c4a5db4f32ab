"""Snapshots of the home and facilitation screens at 80x24 and 160x48 (and in the projector theme)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catchball.domain import events as ev
from catchball.tui.app import CatchballApp

SIZES = [(80, 24), (160, 48)]


async def scanned(pilot) -> None:
    """The home screen lists sessions from a worker thread: wait for it."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, new_live, clock, tmp_path, size, monkeypatch):
    new_live(title="Core team [b]Q1[/b]").close()
    monkeypatch.chdir(tmp_path)  # the header names the sessions dir: keep it the same on every run
    assert snap_compare(CatchballApp(Path("sessions"), clock=clock), terminal_size=size, run_before=scanned)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_session_form(snap_compare, clock, tmp_path, size):
    assert snap_compare(CatchballApp(tmp_path / "sessions", clock=clock), terminal_size=size, press=["enter"])


def _facilitating(new_live, clock, tmp_path, theme=None):
    live = new_live(title="Acme [/] Q1 planning", people=["Ana:leader:Core", "Ben:member:Core", "Cy:member:Growth"])
    clock.advance(20)
    live.record(ev.Noted, clock.now(), text="We have a strategy memo [@click=app.quit]", by="Ana")
    live.record(ev.PhaseChanged, clock.now(), phase=2)
    clock.advance(95)
    live.record(ev.Noted, clock.now(), text="The CDN switch made 1.0 easy", by="Ben", type="challenge")
    live.record(ev.TimerPaused, clock.now())
    clock.advance(5)
    return CatchballApp(tmp_path / "sessions", live=live, clock=clock, theme=theme)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_facilitation(snap_compare, new_live, clock, tmp_path, size):
    assert snap_compare(_facilitating(new_live, clock, tmp_path), terminal_size=size)


def test_facilitation_projector_theme(snap_compare, new_live, clock, tmp_path):
    assert snap_compare(_facilitating(new_live, clock, tmp_path, theme="projector"), terminal_size=(80, 24))


def test_phase_help(snap_compare, new_live, clock, tmp_path):
    assert snap_compare(_facilitating(new_live, clock, tmp_path), terminal_size=(80, 24), press=["f1"])
