"""Snapshots of the review screens at 80x24 and 160x48 (deterministic: fixed sessions, fixed clock)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_review import copy_example, make_app, record_session

from catchball.tui.screens.replay_screen import ReplayScreen

SIZES = [(80, 24), (160, 48)]


@pytest.fixture(autouse=True)
def private_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path / "config"))


async def _loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_browser(snap_compare, tmp_path: Path, size) -> None:
    copy_example(tmp_path)
    record_session(tmp_path, "EVIL [/] title [@click=app.quit]Q[/] [$accent]x")
    assert snap_compare(make_app(tmp_path), terminal_size=size,
                        run_before=_loaded)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, tmp_path: Path, size) -> None:
    copy_example(tmp_path)

    async def run_before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("enter")
        await _loaded(pilot)  # the summary reads its session in a worker

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_replay_in_the_catchball_phase(snap_compare, tmp_path: Path, size) -> None:
    folder = copy_example(tmp_path)
    screen = ReplayScreen.open(folder)
    screen.playing = False

    async def run_before(pilot) -> None:
        await pilot.pause()
        for _ in range(5):
            await pilot.press("right_square_bracket")
        await pilot.press("right", "right", "right")
        await pilot.pause(0.2)

    assert snap_compare(make_app(tmp_path, screen), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_compare(snap_compare, tmp_path: Path, size) -> None:
    copy_example(tmp_path)
    record_session(tmp_path, "Next quarter", mode="room")

    async def run_before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("c", "down", "c")
        await _loaded(pilot)  # both sessions are read in workers before the comparison opens

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)
