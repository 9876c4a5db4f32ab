"""A writer killed with SIGKILL mid-append, 100 times: the log always loads, the damage is
at most a torn last event, and no event whose append returned is ever lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from catchball import cli
from catchball.domain import events as ev
from catchball.domain.model import SessionFile, SessionInfo
from catchball.store.agendas import load_agenda
from catchball.store.event_log import load_events
from catchball.store.live import LiveSession
from catchball.store.session_dir import EVENTS_FILE, LOCK_FILE, open_session

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(os, "mkfifo"), reason="needs fork and FIFOs")

SRC = str(Path(__file__).resolve().parents[1] / "src")
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
KILLS = 100
PER_SESSION = 2  # kills before a writer moves to a fresh session (keeps each log small to parse)

# One subprocess imports catchball once, then forks a fresh writer per kill (a new
# interpreter each time would cost most of the test's time in imports). Each writer appends
# notes of very different sizes (a big one spans many pages, so a kill can land inside its
# single write) and prints each seq on its FIFO only once its append returned.
FORKER = r"""
import os, random, signal, sys, traceback
from datetime import datetime, timedelta, timezone
from pathlib import Path
from catchball.domain import events as ev
from catchball.store.live import LiveSession

signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps killed writers at once


def write(folder, seed, out):
    live = LiveSession.open(Path(folder))
    rng = random.Random(seed)
    now = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
    print("ready", file=out, flush=True)
    while True:
        now += timedelta(milliseconds=rng.randint(1, 5000))
        size = rng.choice([1, 10, 100, 1000, 20000 if rng.random() < 0.2 else 3000])
        text = "".join(rng.choice('ab "\\\n[/]\u00e9\u2603\U0001F986') for _ in range(size))
        event = live.record(ev.Noted, now, text=text, by="Writer")
        print(event.seq, file=out, flush=True)


for line in sys.stdin:
    folder, seed, fifo = line.rstrip("\n").split("\t")
    pid = os.fork()
    if pid == 0:
        out = open(fifo, "w")
        try:
            write(folder, int(seed), out)
        except BaseException:
            print("error " + traceback.format_exc().replace("\n", " | "), file=out, flush=True)
        os._exit(1)
    print(pid, flush=True)
"""


def _session(folder_parent: Path, n: int) -> Path:
    file = SessionFile(session=SessionInfo(schema=1, id="c", title=f"Crash {n}", created=T0),
                       agenda=load_agenda("quick"))
    live = LiveSession.create(folder_parent, file, T0)
    live.close()
    return live.folder


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _one_kill(folder: Path, rng: random.Random, forker: subprocess.Popen, fifo: Path) -> dict:
    """Fork a writer, read some of its lines, SIGKILL it, then check what is on disk."""
    before = load_events(folder / EVENTS_FILE)
    if before.damage is not None:  # the previous kill tore the last event: repair it first
        assert before.damage.torn
        assert cli.main(["check", str(folder), "--repair"]) == 0
    os.mkfifo(fifo)
    forker.stdin.write(f"{folder}\t{rng.randrange(1 << 30)}\t{fifo}\n")
    forker.stdin.flush()
    pid = int(forker.stdout.readline())
    printed: list[int] = []
    with open(fifo, encoding="utf-8") as lines:
        try:
            first = lines.readline()
            assert first == "ready\n", first
            for _ in range(rng.randint(0, 12)):
                line = lines.readline()
                if not line:
                    break
                printed.append(int(line))
        finally:
            os.kill(pid, signal.SIGKILL)
        rest = lines.read()  # lines printed before the kill landed; EOF once the writer is dead
    fifo.unlink()
    deadline = time.monotonic() + 10
    while not _gone(pid):
        assert time.monotonic() < deadline, "the killed writer did not go away"
        time.sleep(0.001)
    assert "error" not in rest, rest
    printed += [int(x) for x in rest.split()]
    assert (folder / LOCK_FILE).exists()  # the dead writer's lock is left behind
    loaded = load_events(folder / EVENTS_FILE)  # never raises
    assert loaded.damage is None or loaded.damage.torn, loaded.damage
    seqs = {e.seq for e in loaded.events}
    assert set(printed) <= seqs, (sorted(set(printed) - seqs), loaded.damage)
    assert [e.seq for e in loaded.events] == list(range(1, len(loaded.events) + 1))
    return {"torn": loaded.damage is not None, "printed": len(printed), "events": len(loaded.events)}


def test_killed_writer_never_loses_an_appended_event(tmp_path):
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    forker = subprocess.Popen([sys.executable, "-c", FORKER], env=env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    folders: list[Path] = []
    results = []
    try:
        for i in range(KILLS):
            if i % PER_SESSION == 0:
                folders.append(_session(tmp_path, i))
            results.append(_one_kill(folders[-1], rng, forker, tmp_path / "writer.fifo"))
    finally:
        forker.stdin.close()
        forker.wait(timeout=30)
    assert len(results) == KILLS, f"seed {seed}"
    assert sum(r["printed"] for r in results) > 0

    # after the last kill: a torn log goes through check --repair, then a writer reopens
    # the session (taking over the dead writer's lock) and appends where the log left off
    for folder in folders:
        damage = load_events(folder / EVENTS_FILE).damage
        if damage is not None:
            assert cli.main(["check", str(folder)]) == 1
            assert cli.main(["check", str(folder), "--repair"]) == 0
            assert (folder / (EVENTS_FILE + ".damaged")).exists()
        assert cli.main(["check", str(folder)]) == 0
        opened = open_session(folder, write=True)
        assert not opened.read_only
        live = LiveSession(opened)
        count = len(live.events)
        live.record(ev.Noted, datetime(2027, 1, 1, tzinfo=timezone.utc), text="after the crash")
        live.close()
        after = load_events(folder / EVENTS_FILE)
        assert after.damage is None and len(after.events) == count + 1
        assert not (folder / LOCK_FILE).exists()
    print(f"seed {seed}: {sum(r['torn'] for r in results)} of {KILLS} kills tore the last event")
