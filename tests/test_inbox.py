"""Participants' inboxes and their ingestion: exactly once, in order, refusals, crashes, floods."""

from __future__ import annotations

import json
import os
import socket
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _shared import BLNS_PATH, room
from catchball.domain import events as ev
from catchball.domain.intake import Bucket, DOTS_PER_PERSON, ingested
from catchball.domain.fold import replay
from catchball.services.ingest import Ingest
from catchball.store.errors import SessionLocked
from catchball.store.follow import Following
from catchball.store.inbox import INBOX_DIR, ITEMS_FILE, LOCK_FILE, InboxWriter, inbox_name, read_refusals
from catchball.store.live import LiveSession
from conftest import START


def _catchball_phase(live: LiveSession, clock) -> None:
    phases = [p.kind.value for p in live.state.session.agenda.phases]
    live.record(ev.WinningLogicAdded, clock.now(), element="serve", text="Independent readers")
    live.record(ev.ObjectiveDrafted, clock.now(), text="Readers find their next book with us")
    live.record(ev.PhaseChanged, clock.now(), phase=phases.index("catchball"))


def _vias(live: LiveSession) -> list[str]:
    return [e.via for e in live.events if e.via]


def test_items_are_recorded_once_in_order_named_after_their_sender(new_live, clock):
    live = new_live()
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    for text in ("first", "second", "third"):
        ben.send(kind="note", at=clock.now(), text=text, type="challenge")
    ingest = Ingest(live, 0.0)
    out = ingest.poll(clock.now(), 0.0)
    assert [e.text for e in out.recorded] == ["first", "second", "third"]
    assert {e.by for e in out.recorded} == {"Ben"} and {e.type.value for e in out.recorded} == {"challenge"}
    assert _vias(live) == [f"{inbox_name('Ben')}#{n}" for n in (1, 2, 3)]
    assert ingest.poll(clock.now(), 10.0).recorded == []  # nothing twice
    ben.close()


def test_a_refusal_goes_back_with_the_rules_sentence_and_is_not_taken_twice(new_live, clock):
    live = new_live()
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    ben.send(kind="vote", at=clock.now(), value=4)  # readiness: no round to vote in
    ben.send(kind="note", at=clock.now(), text="then a note")
    out = Ingest(live, 0.0).poll(clock.now(), 0.0)
    assert out.refused == [("Ben", "The fist-of-five vote happens in a catchball round; this is not one.")]
    assert [r.item for r in read_refusals(live.folder, ben.inbox)] == [1]
    assert [e.kind for e in out.recorded] == ["noted"]
    # a facilitator who restarts takes neither again
    folder = live.folder
    live.close()
    again = LiveSession.open(folder)
    out = Ingest(again, 0.0).poll(clock.now(), 0.0)
    assert out.recorded == [] and out.refused == []
    again.close()
    ben.close()


def test_a_vote_and_dots_are_the_senders_own(new_live, clock):
    live = new_live()
    _catchball_phase(live, clock)
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    ben.send(kind="vote", at=clock.now(), value=2)
    ingest = Ingest(live, 0.0)
    (vote,) = ingest.poll(clock.now(), 0.0).recorded
    assert (vote.kind, vote.participant, vote.value) == ("vote_cast", "Ben", 2)
    phases = [p.kind.value for p in live.state.session.agenda.phases]
    live.record(ev.PhaseChanged, clock.now(), phase=phases.index("focus"))
    objective = next(iter(live.state.objectives))
    for _ in range(DOTS_PER_PERSON + 1):
        ben.send(kind="dots", at=clock.now(), objective=objective, dots=1)
    out = ingest.poll(clock.now(), 100.0)
    assert len(out.recorded) == DOTS_PER_PERSON and all(e.participant == "Ben" for e in out.recorded)
    assert out.refused == [("Ben", f"You have placed all your {DOTS_PER_PERSON} dots: take one back to move it.")]
    assert live.state.dots[objective] == DOTS_PER_PERSON
    ben.close()


def test_a_stranger_is_refused_until_admitted_and_the_admission_is_recorded(new_live, clock):
    live = new_live()
    zoe = InboxWriter(live.folder, "Zoe", room(live.folder))
    zoe.send(kind="note", at=clock.now(), text="hello")
    ingest = Ingest(live, 0.0)
    out = ingest.poll(clock.now(), 0.0)
    assert out.strangers == ["Zoe"] and out.recorded == []
    assert "not on this session's list" in out.refused[0][1]
    live.record(ev.ParticipantAdmitted, clock.now(), name="Zoe")
    zoe.send(kind="note", at=clock.now(), text="hello again")
    (note,) = ingest.poll(clock.now(), 10.0).recorded
    assert note.by == "Zoe" and "Zoe" in replay(live.state.session, live.events).people()
    zoe.close()


def test_an_anonymous_phase_records_no_name(new_live, clock):
    live = new_live()
    live.record(ev.AnonymitySet, clock.now(), anonymous=True)
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    ben.send(kind="note", at=clock.now(), text="a worry I would rather not sign")
    (note,) = Ingest(live, 0.0).poll(clock.now(), 0.0).recorded
    assert note.by is None and note.via


def test_a_flood_is_slowed_not_dropped_and_keeps_its_order(new_live, clock):
    live = new_live()
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    for n in range(1, 21):
        ben.send(kind="note", at=clock.now(), text=f"item {n}")
    ingest = Ingest(live, 0.0)
    first = ingest.poll(clock.now(), 0.0)
    assert len(first.recorded) == 5
    assert first.notices and "Ben sends more than" in first.notices[0] and "none lost" in first.notices[0]
    assert ingest.poll(clock.now(), 0.0).recorded == []  # no token left at the same instant
    assert len(ingest.poll(clock.now(), 1.0).recorded) == 2  # two a second
    t = 1.0
    while ingest.waiting():
        t += 1.0
        ingest.poll(clock.now(), t)
    assert [e.text for e in live.events if e.kind == "noted"] == [f"item {n}" for n in range(1, 21)]
    ben.close()


def test_bucket_refills_at_its_rate_and_caps_at_its_burst():
    bucket = Bucket(0.0, burst=3, per_second=2.0)
    assert [bucket.take(0.0) for _ in range(4)] == [True, True, True, False]
    assert bucket.take(0.5) and not bucket.take(0.5)
    assert sum(bucket.take(100.0) for _ in range(10)) == 3


def test_a_participant_crash_mid_write_loses_only_the_unsent_item(new_live, clock):
    live = new_live()
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    ben.send(kind="note", at=clock.now(), text="sent whole")
    ben.close()
    items = live.folder / INBOX_DIR / inbox_name("Ben") / ITEMS_FILE
    with items.open("ab") as f:  # a torn append: the app died inside its write, before "sent"
        f.write(b'\n[[items]]\nkind = "note"\nat = 2026-11-22T09:00:00Z\ntext = "half')
    ingest = Ingest(live, 0.0)
    assert [e.text for e in ingest.poll(clock.now(), 0.0).recorded] == ["sent whole"]
    again = InboxWriter(live.folder, "Ben", room(live.folder))  # restarted: the torn tail is cut, numbering goes on
    assert again.next_id == 2
    again.send(kind="note", at=clock.now(), text="after the crash")
    assert [e.text for e in ingest.poll(clock.now(), 10.0).recorded] == ["after the crash"]
    again.close()


def test_a_facilitator_crash_picks_up_what_waited_exactly_once(new_live, clock):
    live = new_live()
    folder = live.folder
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    ben.send(kind="note", at=clock.now(), text="taken before the crash")
    Ingest(live, 0.0).poll(clock.now(), 0.0)
    ben.send(kind="note", at=clock.now(), text="sent while the facilitator was down")
    live.opened.writer.close()  # a crash: nothing else written; the kernel drops a dead
    live.opened.lock.release()  # process's flock, and its lock file stays behind:
    (folder / ".lock").write_text("999999999 " + socket.gethostname() + "\n")  # a dead holder
    resumed = LiveSession.open(folder)
    out = Ingest(resumed, 0.0).poll(clock.now(), 0.0)
    assert [e.text for e in out.recorded] == ["sent while the facilitator was down"]
    texts = [e.text for e in resumed.events if e.kind == "noted"]
    assert texts == ["taken before the crash", "sent while the facilitator was down"]
    resumed.close()
    ben.close()


def test_one_writer_per_inbox(new_live, clock):
    live = new_live()
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    with pytest.raises(SessionLocked, match="Ben's inbox is already open"):
        InboxWriter(live.folder, "Ben", room(live.folder))
    ben.close()
    lock = live.folder / INBOX_DIR / inbox_name("Ben") / LOCK_FILE
    lock.write_text("999999999 " + socket.gethostname() + "\n")  # left by a crashed app
    InboxWriter(live.folder, "Ben", room(live.folder)).close()


def test_inbox_names_are_paths_of_our_own_making():
    names = json.loads(BLNS_PATH.read_text(encoding="utf-8"))[:200] + ["../../etc", "Ana", "ana", "ANA"]
    made = {inbox_name(n) for n in names if n}
    assert all("/" not in m and ".." not in m and m.strip() == m for m in made)
    assert len({inbox_name("Ana"), inbox_name("ana"), inbox_name("ANA")}) == 3


def test_hostile_text_from_a_participant_is_recorded_literally(new_live, clock):
    live = new_live()
    strings = [s for s in json.loads(BLNS_PATH.read_text(encoding="utf-8")) if s.strip()][:150]
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    for s in strings:
        ben.send(kind="note", at=clock.now(), text=s)
    ingest = Ingest(live, 0.0)
    t = 0.0
    while True:
        ingest.poll(clock.now(), t)
        if not ingest.waiting() and len([e for e in live.events if e.kind == "noted"]) >= len(strings):
            break
        t += 10.0
    assert [e.text for e in live.events if e.kind == "noted"] == [s.strip() for s in strings]
    ben.close()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_following_mirrors_the_log_and_writes_nothing(new_live, clock):
    live = new_live()
    live.close()
    live = LiveSession.open(live.folder)
    follower = Following(live.folder)
    live.record(ev.Noted, clock.now(), text="typed by the facilitator")
    before = _snapshot(live.folder)
    assert follower.poll()
    assert [n.text for n in follower.state.notes] == ["typed by the facilitator"]
    assert not follower.poll()
    assert _snapshot(live.folder) == before  # reading wrote nothing, took no lock of its own
    live.record(ev.Undone, clock.now(), target=live.events[-1].seq)
    before = _snapshot(live.folder)
    assert follower.poll() and follower.state.notes == []
    assert _snapshot(live.folder) == before
    assert follower.state.notes == replay(live.state.session, live.events).notes
    live.close()


def test_following_never_takes_a_half_written_event(new_live, clock):
    live = new_live()
    live.record(ev.Noted, clock.now(), text="whole")
    follower = Following(live.folder)
    log = live.folder / "events.toml"
    whole = log.read_bytes()
    with log.open("ab") as f:
        f.write(b'\n[[events]]\nkind = "noted"\nat = 2026-11-22T09:00:00Z\ntext = "torn"\nseq = ')
    assert not follower.poll() or [n.text for n in follower.state.notes] == ["whole"]
    with log.open("ab") as f:
        f.write(f"{len(live.events) + 1}\n".encode())
    assert follower.poll() and [n.text for n in follower.state.notes] == ["whole", "torn"]
    assert log.read_bytes().startswith(whole)


# -- the property: any interleaving of sends, polls and crashes takes every item exactly once, in order
steps = st.lists(st.sampled_from(["ben", "ana", "poll", "crash_facilitator", "crash_participant", "tick"]),
                 max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_any_interleaving_takes_every_item_exactly_once_in_order(tmp_path_factory, steps):
    from catchball.services.session_factory import build_session_file, start_session

    root = tmp_path_factory.mktemp("s")
    file = build_session_file(title="t", agenda="quick", level="squad",
                              participants=["Ana:leader:Core", "Ben:member:Core"], now=START)
    live = start_session(root, file, START)
    folder = live.folder
    writers = {"ben": InboxWriter(folder, "Ben", room(folder)), "ana": InboxWriter(folder, "Ana", room(folder))}
    sent = {"ben": [], "ana": []}
    ingest, t = Ingest(live, 0.0), 0.0
    for step in steps:
        at = START + timedelta(seconds=t)
        if step in writers:
            item = writers[step].send(kind="note", at=at, text=f"{step} {writers[step].next_id}")
            sent[step].append(item.text)
        elif step == "poll":
            ingest.poll(at, t)
        elif step == "tick":
            t += 1.0
        elif step == "crash_facilitator":
            live.opened.writer.close()
            (folder / ".lock").unlink()
            live = LiveSession.open(folder)
            ingest = Ingest(live, t)
        else:
            writers["ben"].close()
            writers["ben"] = InboxWriter(folder, "Ben", room(folder))
    for _ in range(100):  # let everything drain
        t += 10.0
        ingest.poll(START + timedelta(seconds=t), t)
    notes = [e for e in live.events if e.kind == "noted"]
    for who, name in (("ben", "Ben"), ("ana", "Ana")):
        assert [e.text for e in notes if e.by == name] == sent[who]
    assert len(set(_vias(live))) == len(_vias(live))
    assert ingested(live.events) == {inbox_name(n): len(sent[k]) for k, n in (("ben", "Ben"), ("ana", "Ana"))
                                     if sent[k]}
    live.close()
    for w in writers.values():
        w.close()
    os.sync()


def test_a_new_session_leaves_a_gitignore_that_keeps_live_files_out_of_git(new_live, clock, tmp_path):
    import shutil
    import subprocess

    live = new_live()
    InboxWriter(live.folder, "Ben", room(live.folder)).send(kind="note", at=clock.now(), text="x")
    sessions = live.folder.parent
    assert (sessions / ".gitignore").is_file()
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(sessions)], check=True)
    name = live.folder.name
    paths = [f"{name}/inbox/{inbox_name('Ben')}/items.toml", f"{name}/.lock", f"{name}/events.toml",
             f"{name}/session.toml"]
    done = subprocess.run(["git", "-C", str(sessions), "check-ignore", *paths], capture_output=True, text=True)
    assert done.stdout.split() == paths[:2]  # the live files are ignored, the record is not
