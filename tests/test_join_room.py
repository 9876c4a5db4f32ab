"""The room's gates and its anonymity: the join code gates every write (terminal and page), an
anonymous item names nobody, a check-in's confidence comes from a device, the facilitator's F2
reaches the admitted, the join screen fits 80x24, and every inbox read is bounded."""

from __future__ import annotations

import os

from test_checkin_tui import checkin
from test_join import screen_text, settle

from _shared import room
from catchball.domain import events as ev
from catchball.services.ingest import Ingest
from catchball.store.follow import Following
from catchball.store.inbox import (
    INBOX_DIR,
    ITEMS_FILE,
    WHO_FILE,
    InboxWriter,
    WrongCode,
    inbox_name,
    list_inboxes,
)
from catchball.store.live import LiveSession
from catchball.store.room import write_serving
from catchball.tui.app import CatchballApp
from catchball.tui.participant_app import ParticipantApp
from catchball.tui.screens.join_info_screen import JoinInfoScreen
from catchball.tui.screens.participant_screen import ParticipantScreen


# -- the join code gates writing --------------------------------------------------------------
def test_a_wrong_code_writes_nothing(new_live):
    live = new_live()
    try:
        InboxWriter(live.folder, "Ben", "NOPE42")
    except WrongCode as wrong:
        assert "has no join code yet" in str(wrong)  # no facilitator has opened the session for joining
    else:
        raise AssertionError("an inbox was opened without a join code")
    code = room(live.folder)
    for given in ("NOPE42", "", None, code + "X"):
        try:
            InboxWriter(live.folder, "Ben", given)
        except WrongCode as wrong:
            assert str(wrong) == "That is not the room's join code: nothing was written."
        else:
            raise AssertionError(f"{given!r} opened an inbox")
    assert list_inboxes(live.folder) == []
    InboxWriter(live.folder, "Ben", f"  {code.lower()} ").close()  # case and spaces aside
    assert list_inboxes(live.folder) == [inbox_name("Ben")]


def test_an_inbox_written_without_the_code_is_not_taken_in(new_live, clock):
    """A participant's app that skipped the code (or a hand-made inbox) records nothing."""
    live = new_live()
    folder = live.folder / INBOX_DIR / inbox_name("Ben")
    folder.mkdir(parents=True)
    (folder / WHO_FILE).write_text('name = "Ben"\n')
    (folder / ITEMS_FILE).write_text(f'\n[[items]]\nkind = "note"\nat = {clock.now().isoformat()}\ntext = "sneaked in"\n'
                                     'id = 1\n')
    ingest = Ingest(live, 0.0)
    out = ingest.poll(clock.now(), 0.0)
    assert out.recorded == [] and not [e for e in live.events if e.kind == "noted"]
    assert out.notices == ["An inbox in Ben's name was written without the room's join code: "
                           "nothing from it is taken in."]
    assert ingest.poll(clock.now(), 5.0).notices == []  # said once


def test_a_terminal_join_without_a_session_name_refuses_a_wrong_code(new_live, capsys):
    from catchball.cli import main

    live = new_live()
    room(live.folder)
    assert main(["--sessions-dir", str(live.folder.parent), "join", "--as", "Ben", "--code", "WRONG1"]) == 2
    assert "That is not the room's join code: nothing was written." in capsys.readouterr().err
    assert list_inboxes(live.folder) == []


async def test_a_terminal_join_without_code_asks_for_it(new_live, clock):
    live = new_live()
    code = room(live.folder)
    app = ParticipantApp(live.folder, "Ben", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Join the session as Ben" in screen_text(app)
        app.focused.value = "WRONG1"
        await pilot.press("enter")
        await pilot.pause()
        status = str(app.screen.query_one("#join-status").render())
        assert status == "That is not the room's join code: nothing was written (4 tries left)."
        assert list_inboxes(live.folder) == []
        app.focused.value = code
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantScreen) and list_inboxes(live.folder) == [inbox_name("Ben")]


# -- an anonymous phase names nobody ----------------------------------------------------------
async def test_an_anonymous_item_names_its_sender_nowhere_and_is_taken_once(new_live, clock):
    live = new_live()
    live.record(ev.AnonymitySet, clock.now(), anonymous=True)
    ingest = Ingest(live, 0.0)
    app = ParticipantApp(live.folder, "Ben", code=room(live.folder), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for text in ("a worry I would rather not sign", "and a second one"):
            app.focused.value = text
            await pilot.press("enter")
            await pilot.pause()
        await settle(pilot, ingest, clock)
        assert "✔ recorded a worry I would rather not sign" in " ".join(screen_text(app).split())
        assert "✔ recorded and a second one" in " ".join(screen_text(app).split())
    notes = [e for e in live.events if e.kind == "noted"]
    assert [n.by for n in notes] == [None, None]
    assert len({n.via for n in notes}) == 2 and all(n.via.startswith("anonymous#") for n in notes)
    log = (live.folder / "events.toml").read_text(encoding="utf-8")
    assert "Ben" not in log and inbox_name("Ben") not in log and "ben" not in log.lower()
    folder = live.folder
    live.close()
    again = LiveSession.open(folder)  # the facilitator restarts: nothing is taken twice
    out = Ingest(again, 0.0).poll(clock.now(), 0.0)
    assert out.recorded == [] and out.refused == []
    again.close()


# -- a check-in's confidence from a device ----------------------------------------------------
def test_a_participant_checks_in_a_key_result(tmp_path):
    live, clock = checkin(tmp_path, phase=1)
    name = live.state.people()[1]
    maya = InboxWriter(live.folder, name, room(live.folder))
    maya.send(kind="checkin", at=clock.now(), kr=1, confidence=6, text="21% the e-mail test moved it")
    maya.send(kind="checkin", at=clock.now(), kr=1, confidence=4)  # how sure, the value as it stands
    maya.send(kind="checkin", at=clock.now(), kr=2, confidence=5, text="21%")  # key result 2 is in seconds
    maya.send(kind="checkin", at=clock.now(), kr=3, confidence=5)  # no value yet this week
    maya.send(kind="checkin", at=clock.now(), kr=9, confidence=5, text="3")
    out = Ingest(live, 0.0).poll(clock.now(), 0.0)
    first, second = out.recorded
    assert (first.kind, first.kr, first.value, first.confidence, first.note, first.by) == \
        ("kr_checked_in", 1, 21.0, 6, "the e-mail test moved it", name)
    assert (second.value, second.confidence, second.note, second.by) == (21.0, 4, "the e-mail test moved it", name)
    assert live.state.checkin_values[1].confidence == 4
    reasons = [reason for _, reason in out.refused]
    assert reasons[0].startswith("Key result 2 is measured in s, not %")
    assert reasons[1].startswith("Key result 3 has no value yet this week")
    assert reasons[2].startswith("The quarter has no key result 9")
    live.record(ev.PhaseChanged, clock.now(), phase=2)
    maya.send(kind="checkin", at=clock.now(), kr=1, confidence=7, text="22%")
    ingest = Ingest(live, 0.0)
    assert ingest.poll(clock.now(), 0.0).refused == [
        (name, "Key results are checked in during a weekly check-in's values phase; this is not it.")]
    maya.close()


async def test_the_participant_checks_in_with_f6(tmp_path):
    live, clock = checkin(tmp_path, phase=1)
    name = live.state.people()[1]
    ingest = Ingest(live, 0.0)
    app = ParticipantApp(live.folder, name, code=room(live.folder), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "F6 sends how sure you are" in screen_text(app)
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("down", "enter")  # key result 2
        await pilot.pause()
        await pilot.press("7", "tab")
        app.focused.value = "88 s the new index helped"
        await pilot.press("enter")
        await pilot.pause()
        await settle(pilot, ingest, clock)
        got = live.state.checkin_values[2]
        assert (got.value, got.confidence, got.note) == (88.0, 7, "the new index helped")
        assert live.events[-1].by == name
        assert "✔ recorded key result 2: confidence 7/10" in " ".join(screen_text(app).split())


# -- the facilitator's F2 reaches the admitted ------------------------------------------------
async def test_the_speaker_list_takes_in_the_admitted(new_live, clock, tmp_path):
    live = new_live()
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.admit("Zoe")
        await pilot.pause()
        bar = screen.query_one("#capture")
        seen = []
        for _ in range(len(live.state.people()) + 1):
            await pilot.press("f2")
            seen.append(bar.speaker)
        assert "Zoe" in seen
        while bar.speaker != "Zoe":
            await pilot.press("f2")
        screen.query_one("#capture-input").value = "glad to be here"
        await pilot.press("enter")
        await pilot.pause()
        assert live.events[-1].kind == "noted" and live.events[-1].by == "Zoe"
        await pilot.press("ctrl+z", "ctrl+z")  # the note, then the admission
        await pilot.pause()
        assert "Zoe" not in bar.people and bar.speaker is None


# -- the join screen fits the room's terminal -------------------------------------------------
async def _resize(pilot, width: int, height: int) -> None:
    """Resize, then let the screen's resize handler and the layout after it run (a loaded machine
    may need more than one pass)."""
    await pilot.resize_terminal(width, height)
    for _ in range(50):
        await pilot.pause()
        if tuple(pilot.app.screen.size) == (width, height):
            break
    await pilot.pause()
    await pilot.pause()


def _box_inside(app) -> bool:
    box = app.screen.query_one("#ji-box").region
    width, height = app.size
    return box.x >= 0 and box.y >= 0 and box.right <= width and box.bottom <= height


async def test_the_qr_code_fits_80x24_and_a_smaller_window_says_so(new_live, clock, tmp_path):
    live = new_live()
    code = room(live.folder)
    for url in ("http://127.0.0.1:8000/", "http://192.168.100.200:8000/"):
        write_serving(live.folder, url, code)
        app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.screen.show_join_info()
            await pilot.pause()
            assert isinstance(app.screen, JoinInfoScreen)
            text = screen_text(app)
            assert app.screen.query_one("#ji-qr").display and _box_inside(app)
            assert url in text and " ".join(code) in text and f"--code {code}" in text and "▀" in text
            assert "too small" not in text
            await _resize(pilot, 60, 20)
            text = screen_text(app)
            assert not app.screen.query_one("#ji-qr").display and _box_inside(app)
            assert "This window is too small for the QR code" in text and url in text
            assert app.screen.query_one("#ji-big").display  # the code drawn large instead
            await _resize(pilot, 160, 48)
            assert "██  ██" in screen_text(app) and _box_inside(app)  # two columns a module
    live.close()


# -- every inbox read is bounded ---------------------------------------------------------------
def test_an_items_file_that_is_not_a_file_is_a_sentence(new_live, clock):
    live = new_live()
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    ben.close()
    items = live.folder / INBOX_DIR / ben.inbox / ITEMS_FILE
    items.unlink()
    items.mkdir()  # a folder where the items should be
    out = Ingest(live, 0.0).poll(clock.now(), 0.0)
    assert out.recorded == [] and any("is a folder, not a file" in n for n in out.notices)


def test_a_follower_is_not_blocked_by_a_pipe(new_live, clock):
    live = new_live()
    following = Following(live.folder)
    events = live.folder / "events.toml"
    os.replace(events, live.folder / "kept.toml")
    os.mkfifo(events)  # an open() for reading would wait for a writer forever
    try:
        assert following.poll() is False  # what was read stands; the follower is told why no more comes
        assert following.state.session.session.title == "Acme Q1" and following.events == live.events
        assert "is a pipe (FIFO), not a regular file" in (following.problem or "")
    finally:
        events.unlink()
        os.replace(live.folder / "kept.toml", events)


def test_the_qr_code_is_segnos_own_drawing():
    """Our half-block lines are what segno draws in a terminal (light modules as blocks)."""
    import io

    import segno

    from catchball.services.join_code import qr_lines

    url = "http://192.168.100.200:8000/"
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    assert qr_lines(url, compact=True) == out.getvalue().rstrip("\n").split("\n")
    full = qr_lines(url, compact=False)
    assert len(full) == segno.make(url, error="m").symbol_size(border=2)[1] and len(full[0]) == 2 * len(full)


def test_an_anonymous_check_in_names_nobody(tmp_path):
    live, clock = checkin(tmp_path, phase=1)
    live.record(ev.AnonymitySet, clock.now(), anonymous=True)
    maya = InboxWriter(live.folder, live.state.people()[1], room(live.folder))
    maya.send(kind="checkin", at=clock.now(), kr=1, confidence=3, text="19% nobody owns the e-mail test")
    (event,) = Ingest(live, 0.0).poll(clock.now(), 0.0).recorded
    assert (event.kind, event.by, event.confidence) == ("kr_checked_in", None, 3)
    assert event.via.startswith("anonymous#")
    maya.close()


def test_an_inbox_that_becomes_readable_again_is_taken_in(new_live, clock):
    """A file that cannot be read for a while (here a folder in its place) is said once, then read
    again when it is a file once more: nothing it holds is lost."""
    live = new_live()
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    ben.send(kind="note", at=clock.now(), text="kept")
    ben.close()
    items = live.folder / INBOX_DIR / ben.inbox / ITEMS_FILE
    kept = items.with_name("kept.toml")
    os.replace(items, kept)
    items.mkdir()
    ingest = Ingest(live, 0.0)
    first = ingest.poll(clock.now(), 0.0)
    assert first.recorded == [] and len(first.notices) == 1
    assert ingest.poll(clock.now(), 1.0).notices == []  # said once
    items.rmdir()
    os.replace(kept, items)
    assert [e.text for e in ingest.poll(clock.now(), 2.0).recorded] == ["kept"]
