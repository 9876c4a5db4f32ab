"""The store and domain figures: append, load, peak RSS, lint, seek. No Textual here."""

from __future__ import annotations

import importlib
import os
import importlib.util
import json
import random
import statistics
import subprocess
import sys
import tomllib
from datetime import timedelta
from pathlib import Path
from time import perf_counter

import _fixtures as fx

from catchball.domain import events as ev
from catchball.domain.fold import replay
from catchball.store.session_dir import EVENTS_FILE, open_session


def median(values: list[float]) -> float:
    return statistics.median(values)


def p(values: list[float], q: float) -> float:
    """The q-quantile (0..1), nearest rank: p(v, .95) of 100 values is the 95th smallest."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


# -- append ------------------------------------------------------------------------------
def append(root: Path, big: int, appends: int, repeats: int) -> dict:
    """p50 of one `EventLog.append` (encode + one write + fsync), on a 10-event log and on a
    `big`-event log, interleaved so that both see the same disk and the same neighbours."""
    small_dir = fx.write_session(root, fx.mixed_events(10), "append small")
    big_dir = fx.write_session(root, fx.mixed_events(big), "append big")
    small, large = open_session(small_dir, write=True), open_session(big_dir, write=True)
    try:
        logs = {"small": (small, len(small.log.events)), "big": (large, len(large.log.events))}
        p50s: dict[str, list[float]] = {"small": [], "big": []}
        for r in range(repeats):
            times: dict[str, list[float]] = {"small": [], "big": []}
            for i in range(appends):
                order = ("small", "big") if (i + r) % 2 == 0 else ("big", "small")
                for name in order:
                    opened, count = logs[name]
                    count += 1
                    logs[name] = (opened, count)
                    event = ev.Noted(seq=count, at=fx.START + timedelta(days=1, seconds=count),
                                     text=f"Appended contribution {count}", by=fx.NAMES[0])
                    t0 = perf_counter()
                    opened.writer.append(event)
                    times[name].append(perf_counter() - t0)
            for name in times:
                p50s[name].append(median(times[name]))
        check = open_session(big_dir)  # the appended log still loads whole
        assert check.log.damage is None and len(check.log.events) == logs["big"][1]
    finally:
        small.close()
        large.close()
    small_ms, big_ms = median(p50s["small"]) * 1e3, median(p50s["big"]) * 1e3
    return {"append_p50_ms": small_ms, "append_p50_ms_10k": big_ms,
            "append_ratio_10k_vs_10": median([b / s for s, b in zip(p50s["small"], p50s["big"])])}


# -- load ----------------------------------------------------------------------------------
PARSERS = {"tomli": "tomli", "rtoml": "rtoml"}  # measured when installed; never project dependencies


def _open_fold(folder: Path, warm: bool = False) -> tuple[float, float]:
    """Seconds for open + fold, and for the fold. Cold (the default), the log is read from its
    TOML: no validated copy of it is in the (empty) cache folder. Warm, a copy is kept first, as
    the app keeps one after its first frame, and the opening reads it."""
    import tempfile

    previous = os.environ.get("CATCHBALL_CACHE_DIR")
    os.environ["CATCHBALL_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-", dir=folder.parent)
    try:
        if warm:
            open_session(folder).keep_log_copy()
        t0 = perf_counter()
        opened = open_session(folder)
        t1 = perf_counter()
        replay(opened.file, opened.log.events)
        done = perf_counter()
        from catchball.store.log_cache import FROM  # (shorter logs get no copy)

        copied = len(opened.log.events) if warm and len(opened.log.events) >= FROM else 0
        assert opened.log.copied == copied, (warm, opened.log.copied)
    finally:
        if previous is None:
            os.environ.pop("CATCHBALL_CACHE_DIR", None)
        else:
            os.environ["CATCHBALL_CACHE_DIR"] = previous
    return done - t0, done - t1


def load(root: Path, n: int, repeats: int, huge: int | None = None) -> dict:
    """`open_session` + `replay` of an n-event session, over the fastest parse of its log measured
    in the same loop (tomllib, and tomli and rtoml when installed); the ratio is the median of
    the per-repeat ratios. With `huge`, also the cost per event at that size (1 = linear)."""
    from catchball.store.toml_read import parse_event_log

    folder = fx.write_session(root, fx.mixed_events(n), "load")
    path = folder / EVENTS_FILE
    parsers = {"tomllib": tomllib.loads, "ours": parse_event_log}
    for name, module in PARSERS.items():
        if importlib.util.find_spec(module) is not None:
            parsers[name] = __import__(module).loads
    opened = open_session(folder)
    assert opened.log.damage is None and len(opened.log.events) == n
    raw: dict[str, list[float]] = {name: [] for name in parsers}
    full, ratios, folds = [], [], []
    for r in range(repeats):
        parsed = {}
        for name, loads in (list(parsers.items())[::-1] if r % 2 else parsers.items()):
            t0 = perf_counter()
            loads(path.read_text(encoding="utf-8"))
            parsed[name] = perf_counter() - t0
            raw[name].append(parsed[name])
        took, fold = _open_fold(folder)
        full.append(took)
        folds.append(fold)
        ratios.append(took / min(t for name, t in parsed.items() if name != "ours"))
    warm = [_open_fold(folder, warm=True)[0] for _ in range(repeats)]
    out = {"load_10k_ratio": median(ratios), "load_10k_ms": median(full) * 1e3,
           "load_10k_replay_ms": median(folds) * 1e3, "load_10k_warm_ms": median(warm) * 1e3}
    for name, times in raw.items():
        out[f"parse_10k_{name}_ms"] = median(times) * 1e3
    if huge:
        big = fx.write_session(root, fx.mixed_events(huge), "load huge")
        took = median([_open_fold(big)[0] for _ in range(2)])
        out["load_100k_ms"] = took * 1e3
        out["load_100k_warm_ms"] = median([_open_fold(big, warm=True)[0] for _ in range(2)]) * 1e3
        out["load_100k_per_event_vs_10k"] = (took / huge) / (median(full) / n)
    return out


# -- peak RSS -------------------------------------------------------------------------------
_RSS_CHILD = """
import resource, sys
from pathlib import Path

def peak_mb():
    # VmHWM is this process's own peak; ru_maxrss can carry the parent's peak over fork+exec
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from catchball.store.session_dir import open_session
from catchball.domain.fold import replay
before = peak_mb()
opened = open_session(Path(sys.argv[1]))
state = replay(opened.file, opened.log.events)
assert len(opened.log.events) == int(sys.argv[2])
print(before, peak_mb())
"""


def peak_rss(root: Path, n: int, repeats: int) -> dict:
    """Peak RSS (MB) of a fresh process that opened and replayed an n-event session."""
    folder = fx.write_session(root, fx.mixed_events(n), "rss")
    peaks, baselines = [], []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", _RSS_CHILD, str(folder), str(n)], check=True,
                             capture_output=True, text=True).stdout.split()
        baselines.append(float(out[0]))
        peaks.append(float(out[1]))
    return {"peak_rss_mb_10k": median(peaks), "rss_mb_after_imports": median(baselines)}


# -- lint ------------------------------------------------------------------------------------
_KR_SHAPES = [
    "Increase {m} from {a}% to {b}%",
    "Reduce median {m} from {a} s to {b} s",
    "Launch the new {m} dashboard",
    "Improve {m}",
    "Grow weekly active {m} from {a}k to {b}k by end of Q{q}",
    "Help the team deliver {m} and also cut costs on {m} by {a}%",
    "Keep {m} above {a}% while raising conversion to {b}%",
    "Ship {m} v{q} to all customers",
]
_METRICS = ["checkout conversion", "search latency", "repeat purchases", "page load", "support tickets",
            "buyers", "recommendation click-through", "NPS", "onboarding completion", "churn"]


def key_results(n: int, seed: int = 9) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(_KR_SHAPES).format(m=rng.choice(_METRICS), a=rng.randint(2, 40),
                                          b=rng.randint(41, 90), q=rng.randint(1, 4)) for _ in range(n)]


def lint(n: int, repeats: int) -> dict:
    from catchball.domain.quality import lint_kr

    texts = key_results(n)
    for text in texts[:20]:
        lint_kr(text)  # warm up the rule tables
    times = []
    for _ in range(repeats):
        t0 = perf_counter()
        for i, text in enumerate(texts):
            lint_kr(text, ("squad", "product", "senior")[i % 3])
        times.append(perf_counter() - t0)
    return {"lint_1000_ms": median(times) * 1e3 * 1000 / n}


# -- seek -------------------------------------------------------------------------------------
def seek(root: Path, n: int, seeks: int, repeats: int) -> dict:
    """Median time to show the state at a random event i of an n-event session: through
    `ReplayCursor` when it exists, else `replay(events[:i])`."""
    folder = fx.write_session(root, fx.mixed_events(n), "seek")
    opened = open_session(folder)
    events = opened.log.events
    rng = random.Random(4)
    targets = [rng.randint(1, n) for _ in range(seeks)]
    cursor_mod = None
    if importlib.util.find_spec("catchball.domain.replay_cursor") is not None:
        cursor_mod = importlib.import_module("catchball.domain.replay_cursor")
    method = "ReplayCursor.seek" if cursor_mod is not None else "replay(events[:i])"
    per_repeat = []
    for _ in range(repeats):
        times = []
        cursor = cursor_mod.ReplayCursor(opened.file, events) if cursor_mod is not None else None
        for i in targets:
            t0 = perf_counter()
            if cursor is not None:
                cursor.seek(i)
            else:
                replay(opened.file, events[:i])
            times.append(perf_counter() - t0)
        per_repeat.append(median(times))
    return {"seek_ms_10k": median(per_repeat) * 1e3, "_seek_method": method}


if __name__ == "__main__":  # a quick look without the TUI parts
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(load(Path(tmp), 1000, 3)))
