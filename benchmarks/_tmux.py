"""A private tmux server to run the apps in, as a user's terminal does (80x24 unless told).

The benchmarks time what the pane shows: `capture-pane` is polled until a marker is on the
screen. A poll is one tmux client call (a few ms, more on a busy machine); both sides of a
ratio are timed the same way, and `capture_ms` reports the poll's own cost.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_SCRIPT = Path(sys.executable).with_name("catchball")
# `catchball` as a user types it: the console script next to this interpreter
CATCHBALL = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "catchball.cli"]
MINIMAL = [sys.executable, str(HERE / "minimal_app.py")]
MINIMAL_INPUT = [sys.executable, str(HERE / "minimal_app.py"), "--input"]


class NotShown(RuntimeError):
    """A marker did not show in time (the step is retried, then reported as not measured)."""


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


class Tmux:
    def __init__(self, workdir: Path) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed")
        self.socket = f"catchball-bench-{os.getpid()}"
        self.workdir = workdir
        self.n = 0
        self.pids: list[int] = []  # each run's process (its group's leader: tmux starts each pane so)
        self.left_behind: list[int] = []  # runs still alive GRACE seconds after their terminal closed
        # a server kept up for the whole run, so that no app pays for starting it
        self.run("new-session", "-d", "-s", "keep", "-x", "80", "-y", "24", "sleep 36000")

    def run(self, *args: str, capture: bool = False) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], check=not capture, capture_output=True, text=True)
        return done.stdout

    def start(self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)) -> tuple[str, float]:
        """Start `argv` in a new session; returns its name and the perf_counter just before."""
        self.n += 1
        name = f"run{self.n}"
        command = "exec " + " ".join(_quote(a) for a in argv)
        extra = [x for k, v in env.items() for x in ("-e", f"{k}={v}")]
        t0 = time.perf_counter()
        self.run("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), "-c", str(self.workdir),
                 *extra, command)
        return name, t0

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name, capture=True)

    def wait_for(self, name: str, marker: str, t0: float, timeout: float = 60.0) -> float:
        """Seconds from `t0` until `marker` shows."""
        return self.wait_until(name, lambda screen: marker in screen, t0, timeout, repr(marker))

    def wait_until(self, name: str, shown, t0: float, timeout: float = 60.0, what: str = "the screen") -> float:
        """Seconds from `t0` until `shown(screen text)` is true."""
        screen = ""
        while time.perf_counter() - t0 < timeout:
            screen = self.screen(name)
            if shown(screen):
                return time.perf_counter() - t0
            time.sleep(0.002)
        raise NotShown(f"{what} did not show within {timeout:.0f} s; the screen:\n{screen}")

    def keys(self, name: str, text: str, literal: bool = True) -> float:
        t0 = time.perf_counter()
        self.run("send-keys", "-t", name, *(["-l", text] if literal else [text]))
        return t0

    def resize(self, name: str, width: int, height: int) -> float:
        t0 = time.perf_counter()
        self.run("resize-window", "-t", name, "-x", str(width), "-y", str(height))
        return t0

    def pid(self, name: str) -> int:
        return int(self.run("list-panes", "-t", name, "-F", "#{pane_pid}", capture=True).split()[0])

    def kill(self, name: str) -> None:
        """Close the session as a user closes the terminal; the app must leave by itself (it
        gets SIGHUP). What is still running after `GRACE` seconds is counted in `left_behind`
        and its whole process group is ended, so the next run meets neither its lock nor its CPU use."""
        pid = None
        try:
            pid = self.pid(name)
        except (ValueError, IndexError):
            pass
        self.run("kill-session", "-t", name, capture=True)
        if pid is not None:
            self.pids.append(pid)
            if not end_group(pid, GRACE):
                self.left_behind.append(pid)

    def time_to_marker(self, argv: list[str], marker: str, env: dict[str, str], timeout: float = 60.0,
                       size: tuple[int, int] = (80, 24)) -> float:
        name, t0 = self.start(argv, env, size)
        try:
            return self.wait_for(name, marker, t0, timeout)
        finally:
            self.kill(name)

    def close(self) -> None:
        """End the server, then every process group it started; returns nothing, but afterwards
        `alive()` lists any process of a run still there (it must be none)."""
        self.run("kill-server", capture=True)
        for pid in self.pids:
            end_group(pid, 0.0)

    def alive(self) -> list[int]:
        return [pid for pid in self.pids if _running(pid)]


GRACE = 8.0  # seconds an app has to leave by itself once its terminal is gone (its own watchdog: 5 s)


def _running(pid: int) -> bool:
    """Whether the process exists and is not a zombie (tmux reaps its panes' processes)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def end_group(pid: int, grace: float) -> bool:
    """Wait up to `grace` s for `pid` to leave; then SIGTERM, and SIGKILL, its process group.
    True when it left by itself."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and _running(pid):
        time.sleep(0.02)
    if not _running(pid):
        _signal_group(pid, signal.SIGKILL)  # anything it started and left in its group
        return True
    for sig, wait in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 2.0)):
        _signal_group(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and _running(pid):
            time.sleep(0.02)
        if not _running(pid):
            break
    return False


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)  # the pane's process leads its own group (tmux makes it a session)
    except (ProcessLookupError, PermissionError):
        pass


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM of a running process (its own peak resident memory), MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
