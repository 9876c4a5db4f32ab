"""catchball's performance budget, measured as ratios and medians within one run.

    python benchmarks/run.py            # the table
    python benchmarks/run.py --json     # the table, then the figures as one JSON object (last line)
    python benchmarks/run.py --quick    # tiny sizes, one repeat: for the smoke test, not for figures

Every figure is measured several times and the median reported; each ratio compares two
things measured in the same run, interleaved. Not part of the test suite (see
tests/test_benchmarks_smoke.py, which only checks that it still runs).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# key: (label, unit, budget or None, what it measures)
FIGURES = {
    "startup_ratio": ("startup: home screen / minimal Textual app", "x", 1.3,
                      "spawn to first frame with the marker, in tmux, same method for both"),
    "startup_ms": ("  catchball home screen, spawn to first frame", "ms", None, ""),
    "startup_minimal_ms": ("  minimal Textual app, spawn to first frame", "ms", None, ""),
    "startup_settled_ms": ("  catchball home screen, spawn to session list read", "ms", None, ""),
    "append_p50_ms": ("append one event (write + fsync), 10-event log", "ms", 1.0, ""),
    "append_ratio_10k_vs_10": ("append: 10,000-event log / 10-event log", "x", 1.2, ""),
    "load_10k_ratio": ("open + replay 10,000 events / bare tomllib parse", "x", 1.3, ""),
    "load_10k_ms": ("  open + replay 10,000 events", "ms", None, ""),
    "parse_10k_tomllib_ms": ("  tomllib.loads of that log", "ms", None, ""),
    "parse_10k_tomli_ms": ("  tomli.loads (compiled wheel), if installed", "ms", None, ""),
    "parse_10k_rtoml_ms": ("  rtoml.loads, if installed", "ms", None, ""),
    "load_10k_replay_ms": ("  of which replay (the fold)", "ms", None, ""),
    "key_p95_ms": ("key to refreshed screen, p95 (typing + Enter)", "ms", 16.0, ""),
    "key_p50_type_ms": ("  typing a character, p50", "ms", None, ""),
    "key_p50_enter_ms": ("  Enter (records a note), p50", "ms", None, ""),
    "key_p95_first_frame_ms": ("  to the key's first frame, p95", "ms", None, ""),
    "key_p95_any_frame_ms": ("  to its last frame, identical repaints too, p95", "ms", None, ""),
    "timer_error_ms": ("timer error after 2 x 2.5 s blocked loop", "ms", 50.0, ""),
    "timer_staleness_ms": ("  age of the shown reading (tick is 250 ms)", "ms", None, ""),
    "peak_rss_mb_10k": ("peak RSS, 10,000 events loaded", "MB", None, ""),
    "rss_mb_after_imports": ("  RSS after imports, before loading", "MB", None, ""),
    "lint_1000_ms": ("lint 1,000 key results", "ms", None, ""),
    "seek_ms_10k": ("seek in replay, 10,000 events (median)", "ms", None, ""),
}

FULL = dict(repeats=7, startup_repeats=9, big=10_000, appends=100, key_notes=1000, key_lines=6,
            key_repeats=3, block=2.5, timer_repeats=3, lint=1000, seeks=20)
QUICK = dict(repeats=1, startup_repeats=1, big=300, appends=5, key_notes=50, key_lines=1,
             key_repeats=1, block=0.2, timer_repeats=1, lint=50, seeks=3)


def measure(size: dict, only: set[str] | None = None) -> dict:
    import _measure as m

    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="catchball-bench-") as tmp:
        root = Path(tmp)
        os.environ["CATCHBALL_CONFIG_DIR"] = str(root / "config")  # never the user's remembered theme

        def want(name: str) -> bool:
            return only is None or name in only

        steps = [
            ("startup", lambda: __import__("_startup").startup(root, size["startup_repeats"])),
            ("append", lambda: m.append(root, size["big"], size["appends"], size["repeats"])),
            ("load", lambda: m.load(root, size["big"], size["repeats"])),
            ("rss", lambda: m.peak_rss(root, size["big"], min(size["repeats"], 3))),
            ("lint", lambda: m.lint(size["lint"], size["repeats"])),
            ("seek", lambda: m.seek(root, size["big"], size["seeks"], min(size["repeats"], 3))),
            ("keys", lambda: __import__("_tui").key_latency(root, size["key_notes"], size["key_lines"],
                                                            size["key_repeats"])),
            ("timer", lambda: __import__("_tui").timer(root, size["block"], 2, size["timer_repeats"])),
        ]
        for name, step in steps:
            if want(name):
                t0 = time.perf_counter()
                figures.update(step())
                print(f"# {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return figures


def table(figures: dict, quick: bool) -> str:
    rows = [("figure", "value", "budget", "")]
    for key, (label, unit, budget, _) in FIGURES.items():
        if key not in figures:
            continue
        value = figures[key]
        shown = f"{value:.2f}{unit}" if unit == "x" else f"{value:.1f} {unit}"
        verdict = "" if budget is None else ("ok" if value <= budget else "OVER")
        limit = "" if budget is None else (f"{budget:g}{unit}" if unit == "x" else f"{budget:g} {unit}")
        rows.append((f"{label} [{key}]", shown, limit, verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    notes = [f"seek method: {figures['_seek_method']}"] if "_seek_method" in figures else []
    if "_timer_digits_match" in figures:
        notes.append(f"timer digits match the true remaining time: {figures['_timer_digits_match']}")
    if quick:
        notes.append("QUICK MODE: tiny sizes and one repeat; these figures are not the budget's")
    return "\n".join(lines + [""] + notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON object, last line")
    parser.add_argument("--quick", action="store_true", help="tiny sizes and one repeat (smoke test)")
    parser.add_argument("--only", help="comma-separated steps: startup,append,load,rss,lint,seek,keys,timer")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    figures = measure(QUICK if args.quick else FULL, only)
    print(table(figures, args.quick))
    if args.json:
        public = {k: v for k, v in figures.items() if not k.startswith("_")}
        public["quick"] = args.quick
        print(json.dumps(public, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
