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

HERE = Path(__file__).resolve().parent
MINIMAL = ([sys.executable, str(HERE / "minimal_app.py")], "ready")
CATCHBALL = ([sys.executable, "-m", "catchball.cli"], "New session…")


class Tmux:
    def __init__(self, workdir: Path) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed: startup_ratio needs it")
        self.socket = f"catchball-bench-{os.getpid()}"
        self.workdir = workdir
        self.n = 0
        # a server kept up for the whole run, so that no app pays for starting it
        self.run("new-session", "-d", "-s", "keep", "-x", "80", "-y", "24", "sleep 3600")

    def run(self, *args: str, capture: bool = False) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], check=not capture,
                              capture_output=True, text=True)
        return done.stdout

    def time_to_marker(self, argv: list[str], marker: str, env: dict[str, str], timeout: float = 30.0) -> float:
        self.n += 1
        name = f"run{self.n}"
        command = " ".join(_quote(a) for a in argv)
        extra = [x for k, v in env.items() for x in ("-e", f"{k}={v}")]
        t0 = time.perf_counter()
        self.run("new-session", "-d", "-s", name, "-x", "80", "-y", "24", "-c", str(self.workdir), *extra, command)
        try:
            while time.perf_counter() - t0 < timeout:
                screen = self.run("capture-pane", "-p", "-t", name, capture=True)
                if marker in screen:
                    return time.perf_counter() - t0
                time.sleep(0.005)
            raise RuntimeError(f"{argv}: {marker!r} did not appear within {timeout} s; screen:\n{screen}")
        finally:
            self.run("kill-session", "-t", name, capture=True)

    def close(self) -> None:
        self.run("kill-server", capture=True)


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


def startup(root: Path, repeats: int) -> dict:
    sessions = root / "startup-sessions"
    config = root / "startup-config"
    sessions.mkdir()
    config.mkdir()
    env = {"CATCHBALL_CONFIG_DIR": str(config), "CATCHBALL_SESSIONS_DIR": str(sessions),
           "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    tmux = Tmux(root)
    try:
        for argv, marker in (MINIMAL, CATCHBALL):  # warm the disk cache and the .pyc files; not counted
            tmux.time_to_marker(argv, marker, env)
        minimal, catchball, ratios = [], [], []
        for i in range(repeats):
            pair = [MINIMAL, CATCHBALL] if i % 2 == 0 else [CATCHBALL, MINIMAL]
            got = {id(p): tmux.time_to_marker(p[0], p[1], env) for p in pair}
            minimal.append(got[id(MINIMAL)])
            catchball.append(got[id(CATCHBALL)])
            ratios.append(got[id(CATCHBALL)] / got[id(MINIMAL)])
    finally:
        tmux.close()
    from _measure import median

    return {"startup_ratio": median(catchball) / median(minimal), "startup_ms": median(catchball) * 1e3,
            "startup_minimal_ms": median(minimal) * 1e3, "startup_ratio_pairwise": median(ratios)}
