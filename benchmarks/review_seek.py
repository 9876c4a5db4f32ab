"""Open and seek times of the review side on a long session (issue 6).

    python benchmarks/review_seek.py [--events 10000] [--runs 5]

Builds a session of N events in a temp dir (written in one go, not one fsync per event),
then prints medians: open (load + validate + fold), building the replay checkpoints,
random seeks, one step back, and a jump to the next phase.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from time import perf_counter

from catchball.domain import events as ev
from catchball.domain.fold import replay
from catchball.domain.replay_cursor import ReplayCursor
from catchball.services.session_factory import build_session_file
from catchball.store.event_log import encode
from catchball.store.session_dir import EVENTS_FILE, create_session, open_session

START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
PEOPLE = ["Maya Okafor:leader:Checkout", "Jonas Berg:member:Checkout", "Leo Martins:member:Search"]


def build(sessions_dir: Path, n: int) -> Path:
    file = build_session_file(title="Seek benchmark", agenda="quarterly", level="product", participants=PEOPLE,
                              now=START)
    folder = create_session(sessions_dir, file)
    at = START
    out = [ev.SessionStarted(seq=1, at=at)]
    per_phase = max(1, n // 10)
    while len(out) < n:
        seq = len(out) + 1
        at += timedelta(seconds=7)
        if seq % per_phase == 0 and seq // per_phase < 10:
            out.append(ev.PhaseChanged(seq=seq, at=at, phase=seq // per_phase))
        elif seq % 97 == 0:
            out.append(ev.ObjectiveDrafted(seq=seq, at=at, text=f"Objective draft {seq}"))
        elif seq % 53 == 0:
            out.append(ev.Undone(seq=seq, at=at, target=seq - 1))
        else:
            out.append(ev.Noted(seq=seq, at=at, text=f"Contribution {seq}: what changes for readers?",
                                by="Jonas Berg", type="question"))
    (folder / EVENTS_FILE).write_bytes(b"".join(encode(e) for e in out))
    return folder


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(6)
    with tempfile.TemporaryDirectory() as tmp:
        folder = build(Path(tmp), args.events)
        size = (folder / EVENTS_FILE).stat().st_size
        opens, folds, builds, seeks, backs, jumps = [], [], [], [], [], []
        for _ in range(args.runs):
            t0 = perf_counter()
            opened = open_session(folder)
            t1 = perf_counter()
            replay(opened.file, opened.log.events)
            t2 = perf_counter()
            opens.append(t2 - t0)
            folds.append(t2 - t1)
            cursor = ReplayCursor(opened.file, opened.log.events)
            t0 = perf_counter()
            cursor.phase_starts()  # folds once, keeping a checkpoint every `interval` events
            builds.append(perf_counter() - t0)
            for _ in range(200):
                i = rng.randrange(len(cursor) + 1)
                t0 = perf_counter()
                cursor.seek(i)
                seeks.append(perf_counter() - t0)
                t0 = perf_counter()
                cursor.step(-1)
                backs.append(perf_counter() - t0)
                t0 = perf_counter()
                cursor.seek(cursor.next_phase_position())
                jumps.append(perf_counter() - t0)
        print(f"session: {args.events} events, events.toml {size / 1e6:.1f} MB, "
              f"checkpoint every {cursor.interval} events, {args.runs} runs")
        print(f"{'measure':<44}{'median':>11}{'max':>11}")
        for label, values in (
            ("open (load + validate + fold)", opens),
            ("  of which the fold", folds),
            ("build checkpoints (first seek to the end)", builds),
            ("seek to a random position", seeks),
            ("step back one event", backs),
            ("jump to the next phase", jumps),
        ):
            print(f"{label:<44}{ms(statistics.median(values)):>11}{ms(max(values)):>11}")


if __name__ == "__main__":
    main()
