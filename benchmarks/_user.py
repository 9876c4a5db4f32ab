"""The figures as the user sees them: spawned processes in a private tmux, the real clock, the
real terminal path, each against a bare Textual app started the same way, in interleaved pairs.

- resume: `catchball resume` of a log of N events until the phase's notes count shows;
- listing: `catchball review` / bare `catchball` with N sessions until the newest one's row shows
  (with the sessions' index in place, and once without it: the first start after an upgrade);
- replay: `catchball replay` of 100,000 events: End, one step back, a resize;
- typing: keys sent to the pane (`send-keys`) until they show, against a bare `Input`;
- timer: how long after a second is due the pane shows it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path

import _fixtures as fx
from _tmux import CATCHBALL, MINIMAL, MINIMAL_INPUT, Tmux, peak_rss_mb

from catchball.domain.fold import replay
from catchball.store.session_dir import EVENTS_FILE, SESSION_FILE, open_session

BARE_MARKER = "ready"
TIMEOUT = 120.0  # seconds for a marker to show (run.py sets it; quick mode waits less)
RESUME_SIZE = (120, 40)  # the notes log (its count and newest note are the marker) shows in every phase at this size


def fresh(root: Path, name: str) -> Path:
    """A new folder for one attempt of a step (a retried step starts clean)."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]


def _env(root: Path, sessions: Path) -> dict[str, str]:
    return {"CATCHBALL_CONFIG_DIR": str(root / "user-config"), "CATCHBALL_SESSIONS_DIR": str(sessions),
            "CATCHBALL_CACHE_DIR": os.environ.get("CATCHBALL_CACHE_DIR", str(root / "cache")),
            "PYTHONPATH": os.environ.get("PYTHONPATH", "")}


def _pairs(tmux: Tmux, repeats: int, bare, app) -> tuple[list[float], list[float], list[float]]:
    """`repeats` interleaved pairs (the order alternates); returns bare times, app times, ratios."""
    bares, apps, ratios = [], [], []
    for i in range(repeats):
        got = {}
        for which in (("bare", "app") if i % 2 == 0 else ("app", "bare")):
            got[which] = bare() if which == "bare" else app()
        bares.append(got["bare"])
        apps.append(got["app"])
        ratios.append(got["app"] / got["bare"])
    return bares, apps, ratios


def _phase_shown(folder: Path):
    """What shows the phase: the notes' count and the newest note itself (the count, in the log's
    border, can show a frame before the notes do), or the empty log's hint."""
    opened = open_session(folder)
    notes = replay(opened.file, opened.log.events).phase_notes()
    if not notes:
        return lambda screen: "Type below and press Enter" in screen
    count, newest = f"{len(notes)} noted", notes[-1].text[:16]
    return lambda screen: count in screen and newest in screen


def resume(root: Path, tmux: Tmux, n: int, repeats: int, report) -> dict:
    """`catchball resume` of an n-event session, spawn to the phase on screen: its notes' count and
    its newest note."""
    sessions = fresh(root, f"resume-{n}")
    folder = fx.write_session(sessions, fx.mixed_events(n), f"Resume {n}")
    shown = _phase_shown(folder)
    env = _env(root, sessions)
    argv = CATCHBALL + ["resume", str(folder)]
    rss: list[float] = []

    def app() -> float:
        name, t0 = tmux.start(argv, env, RESUME_SIZE)
        try:
            took = tmux.wait_until(name, shown, t0, timeout=TIMEOUT, what="the phase")
            time.sleep(0.3)
            peak = peak_rss_mb(tmux.pid(name))
            if peak:
                rss.append(peak)
            return took
        finally:
            tmux.kill(name)

    # warm-up (.pyc files, disk cache), staying on the screen a moment as a user does: a long log's
    # validated copy is kept then, after the first frame, as it is for a session opened before
    name, t0 = tmux.start(argv, env, RESUME_SIZE)
    try:
        tmux.wait_until(name, shown, t0, timeout=TIMEOUT, what="the phase")
        time.sleep(1.0)
    finally:
        tmux.kill(name)
    bares, apps, ratios = _pairs(tmux, repeats, lambda: tmux.time_to_marker(MINIMAL, BARE_MARKER, env,
                                                                            size=RESUME_SIZE), app)
    out = {f"resume_ratio_{n}": median(ratios), f"resume_ms_{n}": median(apps) * 1e3,
           f"resume_bare_ms_{n}": median(bares) * 1e3}
    copies = Path(env["CATCHBALL_CACHE_DIR"]) / "logs"
    if n >= 10_000 and copies.is_dir():  # the first opening of such a log on this machine: no copy yet
        shutil.rmtree(copies)
        name, t0 = tmux.start(argv, env, RESUME_SIZE)
        try:
            out[f"resume_cold_ms_{n}"] = tmux.wait_until(name, shown, t0, timeout=TIMEOUT, what="the phase") * 1e3
        finally:
            tmux.kill(name)
    if rss:
        out[f"app_peak_rss_mb_{n}"] = median(rss)
    report(out)
    return out


def _sessions(root: Path, count: int) -> tuple[Path, str]:
    """`count` small unfinished sessions; returns the folder and the newest one's title."""
    sessions = fresh(root, f"listing-{count}")
    first = fx.write_session(sessions, fx.notes_in_catchball(10), "Listing 0000")
    text = (first / SESSION_FILE).read_text(encoding="utf-8")
    for i in range(1, count):
        name = first.name.replace("listing-0000", f"listing-{i:04d}")
        folder = sessions / name
        folder.mkdir()
        (folder / SESSION_FILE).write_text(text.replace("Listing 0000", f"Listing {i:04d}")
                                           .replace("listing-0000", f"listing-{i:04d}"), encoding="utf-8")
        shutil.copyfile(first / EVENTS_FILE, folder / EVENTS_FILE)
    return sessions, f"Listing {count - 1:04d}"


def listing(root: Path, tmux: Tmux, count: int, repeats: int, report, cold: bool) -> dict:
    """Review and home with `count` sessions: spawn to the newest session's row on screen."""
    from catchball.store.session_index import INDEX_FILE

    sessions, newest = _sessions(root, count)
    env = _env(root, sessions)
    review = (CATCHBALL + ["review"], newest)
    home = (CATCHBALL + [], f"Resume: {newest}")
    out: dict = {}
    if cold:  # the first listing of these sessions reads every log (and writes the index)
        (sessions / INDEX_FILE).unlink(missing_ok=True)
        took = tmux.time_to_marker(*review, env, timeout=TIMEOUT)
        out[f"review_first_row_cold_ms_{count}"] = took * 1e3
        report(dict(out))
    tmux.time_to_marker(*review, env, timeout=TIMEOUT)  # warm-up (and the index, when not cold)
    for what, (argv, marker) in (("review", review), ("home", home)):
        bares, apps, ratios = _pairs(tmux, repeats, lambda: tmux.time_to_marker(MINIMAL, BARE_MARKER, env),
                                     lambda: tmux.time_to_marker(argv, marker, env, timeout=TIMEOUT))
        got = {f"{what}_first_row_ratio_{count}": median(ratios), f"{what}_first_row_ms_{count}": median(apps) * 1e3}
        report(got)
        out.update(got)
    return out


def replay_large(root: Path, tmux: Tmux, n: int, report) -> dict:
    """`catchball replay` of n events: End, one step back and a resize, to the screen showing them."""
    sessions = fresh(root, f"replay-{n}")
    folder = fx.write_session(sessions, fx.mixed_events(n), f"Replay {n}")
    env = _env(root, sessions)
    name, t0 = tmux.start(CATCHBALL + ["replay", str(folder)], env)
    out: dict = {}
    try:
        out[f"replay_open_ms_{n}"] = tmux.wait_for(name, f"/{n} ·", t0, timeout=TIMEOUT) * 1e3
        tmux.keys(name, "space", literal=False)  # pause, so that the position stays where it is put
        tmux.wait_for(name, "paused", time.perf_counter(), timeout=60)
        t0 = tmux.keys(name, "End", literal=False)
        out[f"replay_end_ms_{n}"] = tmux.wait_for(name, f"event {n}/{n}", t0, timeout=TIMEOUT) * 1e3
        t0 = tmux.keys(name, "Left", literal=False)
        out[f"replay_step_back_ms_{n}"] = tmux.wait_for(name, f"event {n - 1}/{n}", t0, timeout=TIMEOUT) * 1e3
        t0 = tmux.resize(name, 120, 40)
        status = f"event {n - 1}/{n}"
        out[f"replay_resize_ms_{n}"] = tmux.wait_until(  # the status line, then the bar, at the new width
            name, lambda screen: status in screen and len(screen.splitlines()) >= 38 and any(
                len(line.rstrip()) > 100 and "━" in line for line in screen.splitlines()),
            t0, timeout=TIMEOUT, what="the replay at 120x40") * 1e3
    finally:
        tmux.kill(name)
    report(out)
    return out


def _count(tmux: Tmux, name: str, text: str) -> int:
    return tmux.screen(name).count(text)


def _type_key(tmux: Tmux, name: str, key: str, shown: str, timeout: float = 30.0) -> float:
    """Send one key; seconds until `shown` is on the pane once more than before."""
    before = _count(tmux, name, shown)
    t0 = tmux.keys(name, key, literal=key != "Enter")
    while time.perf_counter() - t0 < timeout:
        if _count(tmux, name, shown) > before:
            return time.perf_counter() - t0
        time.sleep(0.001)
    raise TimeoutError(f"{shown!r} did not show after {key!r}")


LINES = ["zq-ship-the-carousel-first", "zq-who-owns-the-clean-up", "zq-legal-review-of-e-mails",
         "zq-say-second-book-instead"]


def typing(root: Path, tmux: Tmux, notes: int, lines: int, report) -> dict:
    """Keys sent to the pane until they show: catchball (catchball phase, `notes` notes, the timer
    running) and a bare Input, key by key in turns. Enter (records a note) to the new count."""
    sessions = fresh(root, "typing")
    folder = fx.write_session(sessions, fx.notes_in_catchball(notes), "Typing")
    env = _env(root, sessions)
    app, t0 = tmux.start(CATCHBALL + ["resume", str(folder)], env, RESUME_SIZE)  # the log's count shows
    bare, b0 = tmux.start(MINIMAL_INPUT, env, RESUME_SIZE)
    app_times, bare_times, enters = [], [], []
    count = notes
    try:
        tmux.wait_for(app, f"{count} noted", t0, timeout=TIMEOUT)
        tmux.wait_for(bare, BARE_MARKER, b0, timeout=60)
        time.sleep(1.0)
        for i in range(lines):
            line = LINES[i % len(LINES)]
            for k in range(1, len(line) + 1):
                shown, key = line[:k], line[k - 1]
                for which in (("bare", "app") if k % 2 else ("app", "bare")):
                    if which == "app":
                        app_times.append(_type_key(tmux, app, key, shown))
                    else:
                        bare_times.append(_type_key(tmux, bare, key, shown))
            count += 1
            enters.append(_type_key(tmux, app, "Enter", f"{count} noted"))
            tmux.keys(bare, "C-u", literal=False)  # the bare Input keeps its line: clear it
            time.sleep(0.2)
        rss = peak_rss_mb(tmux.pid(app))
    finally:
        tmux.kill(app)
        tmux.kill(bare)
    out = {"typing_p95_ratio": p95(app_times) / p95(bare_times), "typing_p95_ms": p95(app_times) * 1e3,
           "typing_bare_p95_ms": p95(bare_times) * 1e3, "typing_p50_ms": median(app_times) * 1e3,
           "enter_p95_ms": p95(enters) * 1e3, "_typing_keys": len(app_times)}
    if rss:
        out["app_peak_rss_mb_typing"] = rss
    report(out)
    return out


def timer(root: Path, tmux: Tmux, seconds: float, report) -> dict:
    """A new session's timer in the pane: how long after each second is due the pane shows it."""
    sessions = fresh(root, "timer-tmux")
    env = _env(root, sessions)
    name, t0 = tmux.start(CATCHBALL + ["new", "--title", "Timer", "--agenda", "quick", "--participant", "Ana:leader:Core",
                                       "--participant", "Ben:member:Core"], env)
    changes, capture = [], []
    try:
        tmux.wait_for(name, "Timer", t0, timeout=60)
        time.sleep(2.0)  # past the first frames: only the timer's seconds change the screen now
        (folder,) = [p for p in sessions.iterdir() if not p.name.startswith(".")]
        started = open_session(folder).log.events[0].at
        start = started.timestamp()
        last = tmux.screen(name)
        end = time.time() + seconds
        while time.time() < end:
            c0 = time.perf_counter()
            screen = tmux.screen(name)
            seen = time.time()
            capture.append(time.perf_counter() - c0)
            if screen != last:
                if os.environ.get("CATCHBALL_BENCH_TRACE"):
                    diff = [b for a, b in zip(last.splitlines(), screen.splitlines()) if a != b]
                    print(f"# change at {seen - start:.3f}: {diff[:2]}")
                last = screen
                changes.append(seen - start)
            time.sleep(0.001)
    finally:
        tmux.kill(name)
    stale = [t - int(t) for t in changes]  # how far past the whole second of the timebox it showed
    out = {"timer_staleness_p95_ms": p95(stale) * 1e3, "timer_staleness_p50_ms": median(stale) * 1e3,
           "capture_ms": median(capture) * 1e3, "_timer_changes": len(changes)}
    report(out)
    return out

