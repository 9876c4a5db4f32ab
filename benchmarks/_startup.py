"""`startup_ratio`: spawn to first frame, for catchball's home screen and a minimal Textual app.

Both are fresh processes started the same way in the same private tmux server (80x24),
timed from just before `tmux new-session` until `tmux capture-pane` shows the marker:
"ready" for the minimal app, the home menu's "New session…" for catchball. Runs alternate
between the two apps so that both see the same machine load.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _tmux import GRACE, _running, end_group

HERE = Path(__file__).resolve().parent
MINIMAL = ([sys.executable, str(HERE / "minimal_app.py")], "ready")
# `catchball` as a user types it: the console script next to this interpreter (a script run by the
# interpreter, as the minimal app is); `python -m catchball.cli` when it is not installed
_SCRIPT = Path(sys.executable).with_name("catchball")
CATCHBALL = ([str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "catchball.cli"], "New session…")
# the home screen lists resumable sessions once its scan (started after the first frame) is done
SETTLED = "No unfinished sessions"


class Tmux:
    def __init__(self, workdir: Path) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed: startup_ratio needs it")
        self.socket = f"catchball-bench-startup-{os.getpid()}"
        self.workdir = workdir
        self.n = 0
        self.pids: list[int] = []
        self.left_behind: list[int] = []
        # a server kept up for the whole run, so that no app pays for starting it
        self.run("new-session", "-d", "-s", "keep", "-x", "80", "-y", "24", "sleep 3600")

    def run(self, *args: str, capture: bool = False) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], check=not capture,
                              capture_output=True, text=True)
        return done.stdout

    def time_to_marker(self, argv: list[str], marker: str, env: dict[str, str], timeout: float = 30.0,
                       then: str | None = None) -> float:
        """Seconds until ``marker`` shows; with ``then``, also until that shows (as ``self.then``)."""
        self.n += 1
        name = f"run{self.n}"
        command = "exec " + " ".join(_quote(a) for a in argv)
        extra = [x for k, v in env.items() for x in ("-e", f"{k}={v}")]
        first = None
        t0 = time.perf_counter()
        self.run("new-session", "-d", "-s", name, "-x", "80", "-y", "24", "-c", str(self.workdir), *extra, command)
        pid = None
        try:
            pid = int(self.run("list-panes", "-t", name, "-F", "#{pane_pid}", capture=True).split()[0])
        except (ValueError, IndexError):
            pass
        try:
            while time.perf_counter() - t0 < timeout:
                screen = self.run("capture-pane", "-p", "-t", name, capture=True)
                if first is None and marker in screen:
                    first = time.perf_counter() - t0
                if first is not None and (then is None or then in screen):
                    self.then = time.perf_counter() - t0
                    return first
                time.sleep(0.005)
            raise RuntimeError(f"{argv}: {marker!r} did not appear within {timeout} s; screen:\n{screen}")
        finally:
            self.run("kill-session", "-t", name, capture=True)
            if pid is not None:  # the app leaves by itself (SIGHUP), or is counted and its group ended
                self.pids.append(pid)
                if not end_group(pid, GRACE):
                    self.left_behind.append(pid)

    def close(self) -> None:
        self.run("kill-server", capture=True)
        for pid in self.pids:
            end_group(pid, 0.0)


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


def startup(root: Path, repeats: int) -> dict:
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="startup-", dir=root))  # a retried step starts clean
    sessions = base / "startup-sessions"
    config = base / "startup-config"
    sessions.mkdir()
    config.mkdir()
    example = HERE.parent / "sessions"  # the recorded example (finished): the scan reads it whole
    for folder in example.iterdir() if example.is_dir() else ():
        if folder.is_dir():
            shutil.copytree(folder, sessions / folder.name)
    env = {"CATCHBALL_CONFIG_DIR": str(config), "CATCHBALL_SESSIONS_DIR": str(sessions),
           "CATCHBALL_CACHE_DIR": os.environ.get("CATCHBALL_CACHE_DIR", str(base / "cache")),
           "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    tmux = Tmux(root)
    try:
        # Warm the disk cache and the .pyc files; not counted. Python writes a module's .pyc on its
        # first import unless PYTHONDONTWRITEBYTECODE is set, as it is on some CI machines: then
        # an editable install would compile catchball's sources on every start, which no user
        # pays. The warm-up lets Python cache them as it normally does (an empty value is "unset").
        warm = {**env, "PYTHONDONTWRITEBYTECODE": ""}
        for argv, marker in (MINIMAL, CATCHBALL):
            tmux.time_to_marker(argv, marker, warm)
        minimal, catchball, settled, ratios = [], [], [], []
        for i in range(repeats):
            pair = [MINIMAL, CATCHBALL] if i % 2 == 0 else [CATCHBALL, MINIMAL]
            got = {}
            for p in pair:
                got[id(p)] = tmux.time_to_marker(p[0], p[1], env, then=SETTLED if p is CATCHBALL else None)
                if p is CATCHBALL:
                    settled.append(tmux.then)
            minimal.append(got[id(MINIMAL)])
            catchball.append(got[id(CATCHBALL)])
            ratios.append(got[id(CATCHBALL)] / got[id(MINIMAL)])
    finally:
        tmux.close()
    from _measure import median

    left = tmux.left_behind + [pid for pid in tmux.pids if _running(pid)]

    return {"startup_ratio": median(catchball) / median(minimal), "startup_ms": median(catchball) * 1e3,
            "startup_minimal_ms": median(minimal) * 1e3, "startup_ratio_pairwise": median(ratios),
            "startup_settled_ms": median(settled) * 1e3, "_left_behind": left}
