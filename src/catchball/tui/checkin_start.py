"""Starting a weekly check-in from the app (home screen, review browser): dated today."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.content import Content


def start_checkin_now(app: App, planning: Path) -> None:
    """Open a check-in of `planning` dated today; a sentence on screen when it cannot start."""
    from ..services.checkin import load_quarter, outside_quarter, start_checkin
    from ..store.errors import StoreError

    now = app.clock.now()
    try:
        quarter = load_quarter(app.sessions_dir, planning)
        live = start_checkin(app.sessions_dir, quarter, now.date(), now)
    except (StoreError, ValueError, OSError) as exc:
        app.notify(Content(f"No check-in started: {exc}"), severity="error", timeout=8)
        return
    note = outside_quarter(quarter, now.date())
    app.notify(Content(f"Check-in of {now.date()} for {planning.name}." + (f" Note: {note}" if note else "")),
               timeout=6)
    app.open_live(live)
