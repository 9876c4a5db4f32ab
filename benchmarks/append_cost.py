"""Append cost against the length of the log: it must not grow with the log.

    PYTHONPATH=src python benchmarks/append_cost.py [--dir DIR] [--samples 200]

Times `EventLog.append` (one os.write + fsync each) on a log that already holds 10 events
and on one that holds 10,000, and prints the median of each and their ratio. Run it on the
disk the sessions live on (`--dir`): fsync dominates and depends on the device.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from catchball.domain import events as ev
from catchball.store.event_log import EventLog

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def note(seq: int) -> ev.Noted:
    return ev.Noted(seq=seq, at=T0 + timedelta(seconds=seq), text=f"Contribution number {seq}: what do you think?",
                    by="Maya Okafor", type="question")


def prefill(path: Path, count: int) -> None:
    """Write `count` events without fsync (the setup is not what is measured)."""
    from catchball.store.event_log import encode

    with path.open("wb") as f:
        f.write(encode(ev.SessionStarted(seq=1, at=T0)))
        for seq in range(2, count + 1):
            f.write(encode(note(seq)))


def median_append_ms(folder: Path, existing: int, samples: int) -> tuple[float, int]:
    path = folder / f"events-{existing}.toml"
    prefill(path, existing)
    size = path.stat().st_size
    log = EventLog(path)
    times = []
    try:
        for seq in range(existing + 1, existing + samples + 1):
            event = note(seq)
            start = time.perf_counter()
            log.append(event)
            times.append(time.perf_counter() - start)
    finally:
        log.close()
    return statistics.median(times) * 1000, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None, help="where to write the logs (default: a temp dir)")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        rows = [(n, *median_append_ms(folder, n, args.samples)) for n in (10, 10_000)]
    print(f"{'events in log':>14} {'log size':>10} {'median append (ms)':>19}")
    for n, ms, size in rows:
        print(f"{n:>14,} {size / 1024:>8.0f} K {ms:>19.3f}")
    print(f"ratio 10,000 / 10: {rows[1][1] / rows[0][1]:.2f}")


if __name__ == "__main__":
    main()
