"""catchball's performance budget, measured as the user sees it, as ratios and medians within one run.

    python benchmarks/run.py            # every figure as it is measured, then the table
    python benchmarks/run.py --json     # the same, then the figures as one JSON object (last line)
    python benchmarks/run.py --quick    # tiny sizes, one repeat: for the smoke test, not for figures
    python benchmarks/run.py --only resume,listing
    python benchmarks/run.py --pairs 3     # fewer repeats, for a machine too busy for the full run

Every ratio compares two things measured in the same run, in interleaved pairs. The machine
may be busy: before each step the run waits (up to a deadline) for a spare core, a step
that fails is tried once more, and a step that still cannot be measured is reported as such;
the run goes on. Not part of the test suite (tests/test_benchmarks_smoke.py only checks that
it still runs).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# key: (label, unit, budget or None)
FIGURES = {
    "startup_ratio": ("home screen, spawn to first frame / bare Textual app", "x", 1.3),
    "startup_ms": ("  catchball home screen, spawn to first frame", "ms", None),
    "startup_minimal_ms": ("  bare Textual app, spawn to first frame", "ms", None),
    "startup_settled_ms": ("  catchball home screen, spawn to session list read", "ms", None),
    **{f"resume_ratio_{n}": (f"resume {n:,} events, spawn to the phase / bare app", "x", budget)
       for n, budget in ((10, None), (100, None), (300, None), (1000, 1.5), (10000, 2.0), (100000, 4.0))},
    **{f"resume_ms_{n}": (f"  resume {n:,} events, spawn to the phase", "ms", None)
       for n in (10, 100, 300, 1000, 10000, 100000)},
    **{f"resume_cold_ms_{n}": (f"  resume {n:,} events, its first opening here (no validated copy yet)", "ms", None)
       for n in (10000, 100000)},
    "app_peak_rss_mb_10000": ("app's own peak RSS, 10,000 events resumed", "MB", None),
    "app_peak_rss_mb_100000": ("app's own peak RSS, 100,000 events resumed", "MB", None),
    **{k: v for n in (3, 10, 100, 1000) for k, v in (
        (f"review_first_row_ratio_{n}", (f"review, {n:,} sessions, spawn to first row / bare app", "x",
                                         1.5 if n == 1000 else None)),
        (f"review_first_row_ms_{n}", (f"  review, {n:,} sessions, spawn to first row", "ms", None)),
        (f"home_first_row_ratio_{n}", (f"home, {n:,} sessions, spawn to the newest to resume / bare", "x",
                                       1.5 if n == 1000 else None)),
        (f"review_first_row_cold_ms_{n}", (f"  review, {n:,} sessions, no index yet, to first row", "ms", None)),
    )},
    "replay_open_ms_100000": ("replay 100,000 events, spawn to first frame", "ms", None),
    "replay_end_ms_100000": ("  End (seek to the last event) to screen", "ms", 1000.0),
    "replay_step_back_ms_100000": ("  one step back to screen", "ms", 1000.0),
    "replay_resize_ms_100000": ("  resize 80x24 -> 120x40 to screen", "ms", 1000.0),
    "replay_open_ms_300": ("replay 300 events, spawn to first frame", "ms", None),
    "replay_end_ms_300": ("  End (seek to the last event) to screen", "ms", None),
    "typing_p95_ratio": ("typing in tmux, p95 / bare Input's p95 (timer running)", "x", 1.25),
    "typing_p95_ms": ("  catchball, 1,000 notes, key to screen, p95", "ms", None),
    "typing_bare_p95_ms": ("  bare Input, key to screen, p95", "ms", None),
    "enter_p95_ms": ("Enter (records a note, 1,000 notes) to screen, p95", "ms", 50.0),
    "timer_staleness_p95_ms": ("timer: a new second shows after it is due, p95 (tmux)", "ms", 100.0),
    "timer_staleness_p50_ms": ("  the same, p50", "ms", None),
    "capture_ms": ("  one tmux capture-pane (the instrument's own cost), p50", "ms", None),
    "timer_error_ms": ("timer error after 2 x 2.5 s blocked loop (headless)", "ms", 50.0),
    "append_p50_ms": ("append one event (write + fsync), 10-event log", "ms", 1.0),
    "append_ratio_10k_vs_10": ("append: 10,000-event log / 10-event log", "x", 1.2),
    "load_10k_ratio": ("open + fold 10,000 events / fastest parser's parse", "x", 1.5),
    "load_10k_ms": ("  open + fold 10,000 events", "ms", None),
    "load_10k_replay_ms": ("  of which the fold", "ms", None),
    "load_10k_warm_ms": ("  reopened: the log's validated copy kept (as after the app's first open)", "ms", None),
    "parse_10k_tomllib_ms": ("  tomllib.loads of that log", "ms", None),
    "parse_10k_tomli_ms": ("  tomli.loads (compiled wheel), if installed", "ms", None),
    "parse_10k_rtoml_ms": ("  rtoml.loads, if installed", "ms", None),
    "parse_10k_ours_ms": ("  store.toml_read.parse_event_log (what catchball uses)", "ms", None),
    "load_100k_ms": ("open + fold 100,000 events", "ms", None),
    "load_100k_warm_ms": ("  reopened: the log's validated copy kept", "ms", None),
    "load_100k_per_event_vs_10k": ("  cost per event, 100,000 / 10,000 (1 = linear)", "x", None),
    "peak_rss_mb_10k": ("peak RSS of a bare open + fold of 10,000 events", "MB", None),
    "lint_1000_ms": ("lint 1,000 key results", "ms", None),
    "seek_ms_10k": ("seek in replay, 10,000 events (median, in process)", "ms", None),
    "key_p95_ms": ("key to refreshed screen, p95, headless harness", "ms", None),
    "processes_left_behind": ("apps still running 8 s after their terminal closed (then killed)", "", 0),
    "processes_alive_after_teardown": ("processes of this run alive after tmux teardown", "", 0),
}

FULL = dict(repeats=7, pairs=7, pairs_big=3, startup_repeats=9, big=10_000, appends=100, resume=(10, 1000, 10000, 100000),
            sessions=(10, 100, 1000), replay=100_000, typing_notes=1000, typing_lines=4, timer_seconds=15.0,
            block=2.5, timer_repeats=3, lint=1000, seeks=20, key_notes=1000, key_lines=4, key_repeats=3,
            idle_wait=45.0, huge=100_000, marker_timeout=180.0)
QUICK = dict(repeats=1, pairs=1, pairs_big=1, startup_repeats=1, big=300, appends=5, resume=(10, 300), sessions=(3,),
             replay=300, typing_notes=50, typing_lines=1, timer_seconds=2.5, block=0.2, timer_repeats=1, lint=50,
             seeks=3, key_notes=50, key_lines=1, key_repeats=1, idle_wait=3.0, huge=None,
             marker_timeout=40.0)


def _cpu_idle(interval: float = 0.5) -> float:
    """Idle cores over `interval` seconds (from /proc/stat), e.g. 1.3 of 2."""
    def sample() -> tuple[int, int]:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        return sum(fields), fields[3] + fields[4]

    try:
        total0, idle0 = sample()
        time.sleep(interval)
        total1, idle1 = sample()
    except OSError:
        return float(os.cpu_count() or 1)
    return (os.cpu_count() or 1) * (idle1 - idle0) / max(1, total1 - total0)


def wait_for_idle(deadline: float, want: float = 1.0) -> float:
    """Wait until at least `want` cores are idle, at most `deadline` seconds; returns the idle seen."""
    end = time.monotonic() + deadline
    idle = _cpu_idle()
    while idle < want and time.monotonic() < end:
        idle = _cpu_idle(1.0)
    return idle


def show(key: str, value) -> str:
    label, unit, budget = FIGURES.get(key, (key, "", None))
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return f"{label} [{key}]: {value}"
    shown = f"{value:.2f}{unit}" if unit == "x" else f"{value:.1f} {unit}".rstrip()
    verdict = "" if budget is None else ("  ok" if value <= budget else "  OVER")
    limit = "" if budget is None else f"  budget {budget:g}{'x' if unit == 'x' else ' ' + unit}"
    return f"{label} [{key}]  {shown}{limit}{verdict}"


class Run:
    def __init__(self, size: dict, only: set[str] | None) -> None:
        self.size, self.only = size, only
        self.figures: dict = {}
        self.failed: dict[str, str] = {}
        self.busy: dict[str, float] = {}

    def report(self, got: dict) -> None:
        for key, value in got.items():
            self.figures[key] = value
            if not key.startswith("_"):
                print(show(key, value), flush=True)

    def step(self, name: str, fn) -> None:
        if self.only is not None and name.split(":")[0] not in self.only:
            return
        for attempt in (1, 2):
            idle = wait_for_idle(self.size["idle_wait"])
            self.busy[name] = idle
            t0 = time.perf_counter()
            try:
                got = fn()
            except Exception as exc:  # noqa: BLE001 - a step that fails is retried, then reported
                why = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                print(f"# {name}: attempt {attempt} failed ({why})", file=sys.stderr, flush=True)
                if os.environ.get("CATCHBALL_BENCH_TRACE"):
                    traceback.print_exc()
                self.failed[name] = why
                continue
            self.failed.pop(name, None)
            self.report(got or {})
            print(f"# {name}: {time.perf_counter() - t0:.1f} s ({idle:.1f} cores idle before)", file=sys.stderr,
                  flush=True)
            return
        print(f"NOT MEASURED {name}: {self.failed[name]}", flush=True)


def measure(size: dict, only: set[str] | None) -> Run:
    import _measure as m
    import _tui
    import _user
    from _tmux import Tmux

    run = Run(size, only)
    _user.TIMEOUT = size["marker_timeout"]
    with tempfile.TemporaryDirectory(prefix="catchball-bench-") as tmp:
        root = Path(tmp)
        os.environ["CATCHBALL_CONFIG_DIR"] = str(root / "config")  # never the user's remembered theme
        # nor the user's cache: the run's apps start cold, and each figure's warm-up run fills it
        # (parsed stylesheets, long logs' validated copies) as a user's first start does
        os.environ["CATCHBALL_CACHE_DIR"] = str(root / "cache")
        tmux = Tmux(root)
        quiet = lambda got: None  # noqa: E731 - the step's figures are reported by `Run.step`
        try:
            run.step("startup", lambda: __import__("_startup").startup(root, size["startup_repeats"]))
            for n in size["resume"]:
                pairs = size["pairs_big"] if n >= 10_000 else size["pairs"]
                run.step(f"resume:{n}", lambda n=n, pairs=pairs: _user.resume(root, tmux, n, pairs, quiet))
            for count in size["sessions"]:
                run.step(f"listing:{count}", lambda c=count: _user.listing(
                    root, tmux, c, size["pairs_big"] if c >= 1000 else size["pairs"], quiet,
                    cold=c == max(size["sessions"])))
            run.step("replay", lambda: _user.replay_large(root, tmux, size["replay"], quiet))
            run.step("typing", lambda: _user.typing(root, tmux, size["typing_notes"], size["typing_lines"], quiet))
            run.step("timer", lambda: _user.timer(root, tmux, size["timer_seconds"], quiet))
            run.step("timer_blocked", lambda: _tui.timer(root, size["block"], 2, size["timer_repeats"]))
            run.step("load", lambda: m.load(root, size["big"], size["repeats"], size["huge"]))
            run.step("append", lambda: m.append(root, size["big"], size["appends"], size["repeats"]))
            run.step("rss", lambda: m.peak_rss(root, size["big"], min(size["repeats"], 3)))
            run.step("lint", lambda: m.lint(size["lint"], size["repeats"]))
            run.step("seek", lambda: m.seek(root, size["big"], size["seeks"], min(size["repeats"], 3)))
            run.step("keys", lambda: _tui.key_latency(root, size["key_notes"], size["key_lines"], size["key_repeats"]))
        finally:
            tmux.close()
            left = sorted(set(tmux.left_behind + run.figures.pop("_left_behind", [])))
            alive = tmux.alive()
            run.report({"processes_left_behind": len(left), "processes_alive_after_teardown": len(alive)})
            if alive:
                print(f"NOT CLEAN: processes of this run still alive after teardown: {alive}", flush=True)
    return run


def table(run: Run, quick: bool) -> str:
    rows = [("figure", "value", "budget", "")]
    for key, (label, unit, budget) in FIGURES.items():
        if key not in run.figures:
            continue
        value = run.figures[key]
        shown = f"{value:.2f}{unit}" if unit == "x" else f"{value:.1f} {unit}"
        verdict = "" if budget is None else ("ok" if value <= budget else "OVER")
        limit = "" if budget is None else (f"{budget:g}{unit}" if unit == "x" else f"{budget:g} {unit}")
        rows.append((f"{label} [{key}]", shown, limit, verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    notes = [f"NOT MEASURED {name}: {why}" for name, why in run.failed.items()]
    from catchball.store import toml_read

    notes.append(f"TOML parser in use: {'rtoml' if toml_read._fast is not None else 'tomllib'}")
    if "_seek_method" in run.figures:
        notes.append(f"seek method: {run.figures['_seek_method']}")
    if "_timer_digits_match" in run.figures:
        notes.append(f"timer digits match the true remaining time: {run.figures['_timer_digits_match']}")
    busiest = min(run.busy.values(), default=None)
    if busiest is not None:
        notes.append(f"idle cores before a step: {busiest:.1f} at the least, of {os.cpu_count()}")
    if quick:
        notes.append("QUICK MODE: tiny sizes and one repeat; these figures are not the budget's")
    return "\n".join(lines + [""] + notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON object, last line")
    parser.add_argument("--quick", action="store_true", help="tiny sizes and one repeat (smoke test)")
    parser.add_argument("--only", help="comma-separated steps: startup,resume,listing,replay,typing,timer,"
                                       "timer_blocked,load,append,rss,lint,seek,keys")
    parser.add_argument("--pairs", type=int, metavar="N",
                        help="at most N interleaved pairs a figure (fewer than the full run's 7: on a busy machine)")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    size = dict(QUICK if args.quick else FULL)
    if args.pairs:
        for key in ("pairs", "pairs_big", "startup_repeats", "repeats"):
            size[key] = max(1, min(size[key], args.pairs))
    run = measure(size, only)
    print()
    print(table(run, args.quick))
    if args.json:
        public = {k: v for k, v in run.figures.items() if not k.startswith("_")}
        public["quick"] = args.quick
        public["not_measured"] = sorted(run.failed)
        print(json.dumps(public, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
