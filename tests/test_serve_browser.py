"""End to end in a real browser: `catchball serve` on 127.0.0.1, headless Chromium driven by Selenium.

A participant opens the page, picks their name, types the join code, sends a contribution and
casts a vote; the facilitator's session (this test, holding the lock) takes both into its log.
`.ci/run` installs Chromium and its driver so this runs in CI; without them it skips, saying why.
The waits below are bounded polls for something to happen, not timing assertions.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from catchball.domain import events as ev
from catchball.services.ingest import Ingest
from catchball.store.inbox import INBOX_DIR, ITEMS_FILE
from catchball.store.room import read_serving

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if p), None)
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                                reason="Chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver; .ci/run does)")
WAIT = 90.0  # seconds, for a slow shared machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _until(what, timeout: float = WAIT, step: float = 0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = what()
        if value:
            return value
        time.sleep(step)
    return what()


@pytest.fixture
def served(new_live, clock):
    """A live session in its catchball phase, served on a free local port: (live, url, code)."""
    live = new_live()
    phases = [p.kind.value for p in live.state.session.agenda.phases]
    wl = live.record(ev.WinningLogicAdded, clock.now(), element="serve", text="Independent readers")
    live.record(ev.ObjectiveDrafted, clock.now(), text="Readers come back weekly", links=[wl.seq])
    live.record(ev.PhaseChanged, clock.now(), phase=phases.index("catchball"))
    port = _free_port()
    src = Path(__file__).resolve().parents[1] / "src"  # this checkout's code, in the served apps too
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")])))
    server = subprocess.Popen([sys.executable, "-m", "catchball.cli", "serve", str(live.folder), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                              start_new_session=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(server.stdout.readline, "")), daemon=True)
    reader.start()
    code = _until(lambda: next((m.group(1) for line in lines if (m := re.search(r"join code: (\w+)", line))), None))
    try:
        assert code, "serve printed no join code: " + "".join(lines)
        assert any("this machine only (127.0.0.1)" in line for line in lines)
        url = f"http://127.0.0.1:{port}/"
        assert _until(lambda: _listening(port)), "serve is not listening: " + "".join(lines)
        assert read_serving(live.folder) == (url, code)  # for the shared screen's "Show how to join"
        yield live, url, code
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)  # the server and the app processes it started
        except ProcessLookupError:
            pass
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="catchball-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,900",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_a_participant_in_the_browser_contributes_and_votes_into_the_facilitators_log(served, browser, clock):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    live, url, code = served
    browser.get(url)
    assert _until(lambda: "-first-byte" in (browser.find_element(By.TAG_NAME, "body").get_attribute("class") or "")), \
        "the served page never started its app"
    keys = browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    inbox = live.folder / INBOX_DIR

    def send(*what) -> None:
        for key in what:
            keys.send_keys(key)
            time.sleep(0.15)

    # the join screen: the names list has the focus; Ben is the second name; then the code
    joined = False
    for _ in range(3):  # the app may still be starting: keys before its first screen are lost
        time.sleep(2.0)
        send(Keys.HOME, Keys.DOWN, Keys.ENTER, code, Keys.ENTER)
        if _until(lambda: inbox.is_dir() and any(p.is_dir() for p in inbox.iterdir()), timeout=10.0):
            joined = True
            break
    assert joined, "the participant never got past the join screen"
    items = next(p for p in inbox.iterdir() if p.is_dir()) / ITEMS_FILE
    time.sleep(3.0)  # the participant's screen opens right after its inbox: keys sent before it are lost
    send("The target ignores the summer dip", Keys.ENTER)
    assert _until(lambda: items.exists() and b"summer dip" in items.read_bytes())
    send(Keys.F4)
    time.sleep(2.0)
    send("4", Keys.ENTER)
    assert _until(lambda: b'kind = "vote"' in items.read_bytes())

    ingest = Ingest(live, 0.0)
    t = 0.0

    def taken() -> bool:
        nonlocal t
        t += 1.0
        ingest.poll(clock.now(), t)
        return any(e.kind == "vote_cast" for e in live.events)

    assert _until(taken, timeout=10.0)
    noted = [e for e in live.events if e.kind == "noted"]
    vote = [e for e in live.events if e.kind == "vote_cast"]
    assert [(e.text, e.by) for e in noted] == [("The target ignores the summer dip", "Ben")]
    assert [(e.participant, e.value) for e in vote] == [("Ben", 4)]
    assert all(e.via for e in noted + vote)


def test_the_follow_page_loads(served, browser):
    from selenium.webdriver.common.by import By

    live, url, _ = served
    browser.get(url + "follow")
    assert _until(lambda: "-first-byte" in (browser.find_element(By.TAG_NAME, "body").get_attribute("class") or ""))
    # following wrote nothing: only serve's address and the session's join code are there
    assert sorted(p.name for p in (live.folder / INBOX_DIR).iterdir()) == [".code.toml", ".serve.toml"]
