"""SIGTERM (a shutdown, `kill`) and SIGHUP (the terminal closed) close a running session
cleanly: the lock is released and every event recorded before the signal is in the log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from test_store import SRC, recorded

from catchball.store.event_log import load_events
from catchball.store.session_dir import EVENTS_FILE, LOCK_FILE, open_session

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs Unix signals")

APP = r"""
import sys
from datetime import datetime, timezone
from pathlib import Path
from catchball.domain import events as ev
from catchball.store.live import LiveSession
from catchball.tui import app as app_module
from catchball.tui.app import CatchballApp

class Running(CatchballApp):
    CSS_PATH = [str(Path(app_module.__file__).with_name(name)) for name in CatchballApp.CSS_PATH]

    def on_mount(self):
        super().on_mount()
        self.live.record(ev.Noted, datetime(2026, 11, 22, 11, 0, tzinfo=timezone.utc), text="said just before")
        self.call_after_refresh(lambda: print("ready", flush=True))

live = LiveSession.open(Path(sys.argv[1]))
app = Running(Path(sys.argv[1]).parent, live=live)
app.run(headless=True)
print("left with", app.return_code, flush=True)
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_closes_the_session_cleanly(tmp_path, name):
    folder = recorded(tmp_path)
    before = len(load_events(folder / EVENTS_FILE).events)
    env = dict(os.environ, PYTHONPATH=SRC, CATCHBALL_CONFIG_DIR=str(tmp_path / "config"))
    script = tmp_path / "running_app.py"
    script.write_text(APP, encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script), str(folder)], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        assert (folder / LOCK_FILE).exists()
        child.send_signal(getattr(signal, name))
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
    number = int(getattr(signal, name))
    assert f"left with {128 + number}" in out, (out, err)  # the app left by its own hand, not killed
    assert "Traceback" not in err, err
    assert not (folder / LOCK_FILE).exists()  # released
    loaded = load_events(folder / EVENTS_FILE)
    assert loaded.damage is None and len(loaded.events) == before + 1
    assert loaded.events[-1].text == "said just before"
    open_session(folder, write=True).close()  # free for the next writer at once


STUCK = APP.replace('''        self.call_after_refresh(lambda: print("ready", flush=True))''', '''        self.call_after_refresh(self.stuck)

    def stuck(self):
        # what a lost terminal does to Textual: the main thread waits for good on the screen's
        # output queue, outside the event loop, so a handler run by the loop never runs
        import threading
        lock = threading.Lock()
        lock.acquire()
        print("ready", flush=True)
        lock.acquire()''')


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_an_app_stuck_outside_its_loop_still_leaves_on_a_signal_and_releases_the_session(tmp_path, name):
    folder = recorded(tmp_path)
    env = dict(os.environ, PYTHONPATH=SRC, CATCHBALL_CONFIG_DIR=str(tmp_path / "config"))
    script = tmp_path / "stuck_app.py"
    script.write_text(STUCK, encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script), str(folder)], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        child.send_signal(getattr(signal, name))
        child.communicate(timeout=60)  # without the watchdog: the app never leaves (TimeoutExpired)
    finally:
        child.kill()
    assert child.returncode == 128 + int(getattr(signal, name))  # its own exit, not the kill above
    assert not (folder / LOCK_FILE).exists()  # released
    assert load_events(folder / EVENTS_FILE).events[-1].text == "said just before"
