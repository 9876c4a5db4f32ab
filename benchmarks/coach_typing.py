"""What one key costs the coach while a long key result is typed (issue 19).

    PYTHONPATH=src python benchmarks/coach_typing.py [--length 4000] [--repeats 5]

The live key-results panel asks the coach for the findings of the text being typed on every
key (`kr_editor.live_findings`, in the example session's context). This times that call at
a range of text lengths (the fastest of `--repeats`, as the machine may be shared), prints the cost per key at each length and
its growth, and estimates the whole cost of typing a `--length` character key result key by
key (the sum over every prefix, by the trapezoid rule over the measured lengths).
A per-key cost linear in the length gives about 2x per doubling; a quadratic one 4x.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from catchball.domain.fold import replay
from catchball.store.session_dir import open_session
from catchball.tui.widgets.phases import kr_editor as ed

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-11-22-northwind-books-q1-2027-planning"
WORDS = ("Increase the share of regular readers who buy a second book within 30 days from 18% to 25% "
         "by making search faster, so that 1,200 more buyers find their next book in under 60 s; ").split()


def text_of(n: int) -> str:
    out, i = [], 0
    while sum(map(len, out)) + len(out) < n:
        out.append(WORDS[i % len(WORDS)])
        i += 1
    return " ".join(out)[:n]


def per_key_ms(state, n: int, repeats: int) -> float:
    """Each repeat is a new text (as each key makes one), ending in a different letter."""
    times = []
    for r in range(repeats):
        text = text_of(n - 1) + "abcdefghijklmnopqrstuvwxyz"[r % 26]
        t0 = time.perf_counter()
        ed.live_findings(state, text)
        times.append(time.perf_counter() - t0)
    return min(times) * 1e3  # the least disturbed run: the machine is shared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=4000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    opened = open_session(EXAMPLE)
    state = replay(opened.file, opened.log.events)
    ed.live_findings(state, text_of(100))  # warm up the rule tables
    lengths = sorted({50, 100, 250, 500, 1000, 2000, args.length})
    cost = {n: per_key_ms(state, n, args.repeats) for n in lengths}
    previous = None
    for n in lengths:
        growth = f"  x{cost[n] / cost[previous]:.2f} for x{n / previous:.1f} length" if previous else ""
        print(f"{n:>6} chars: {cost[n]:8.2f} ms per key{growth}")
        previous = n
    total = sum((cost[a] + cost[b]) / 2 * (b - a) for a, b in zip(lengths, lengths[1:])) + cost[lengths[0]] * lengths[0]
    print(f"typing {args.length} characters key by key: about {total / 1e3:.1f} s of coach time")


if __name__ == "__main__":
    main()
