"""Shared fixtures: an isolated user config, fixed clocks, and sessions made through the store."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
PEOPLE = ["Ana:leader:Core", "Ben:member:Core"]


@pytest.fixture(scope="session")
def _css_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                     _css_cache_dir: Path) -> None:
    """No user theme or remembered choice from the developer's machine leaks into a test. The
    parsed stylesheets' cache (store/css_cache.py) is the test run's own, shared by its apps as
    by a user's successive starts: most tests' apps start from it, as a user's do."""
    monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("CATCHBALL_CACHE_DIR", str(_css_cache_dir))


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text fields do not blink in tests: a snapshot must not depend on when the cursor was drawn."""
    from textual.widgets import Input

    monkeypatch.setattr(Input.cursor_blink, "_default", False)


@pytest.fixture
def clock():
    from catchball.tui.clock import FakeClock

    return FakeClock(START)


@pytest.fixture
def new_live(tmp_path: Path, clock):
    """Start a session in tmp_path/sessions; returns a factory taking the same words as `catchball new`."""
    from catchball.services.session_factory import build_session_file, start_session

    made = []

    def make(title: str = "Acme Q1", agenda: str = "quick", level: str = "squad", people=PEOPLE, **kwargs):
        file = build_session_file(title=title, agenda=agenda, level=level, participants=list(people),
                                  now=clock.now(), **kwargs)
        live = start_session(tmp_path / "sessions", file, clock.now())
        made.append(live)
        return live

    yield make
    for live in made:
        live.close()
