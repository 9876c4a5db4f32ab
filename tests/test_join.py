"""Pilots: the participant's own app (join), the follower's mirror (follow), the served join page,
and the facilitator's screen taking participants' items in."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Input

from _shared import room
from catchball.domain import events as ev
from catchball.services.ingest import Ingest
from catchball.store.inbox import INBOX_DIR, InboxWriter, inbox_name, list_inboxes
from catchball.tui.app import CatchballApp
from catchball.tui.participant_app import ParticipantApp
from catchball.tui.screens.facilitate_screen import FacilitateScreen
from catchball.tui.screens.follow_screen import FollowScreen
from catchball.tui.screens.participant_screen import ParticipantScreen

HOSTILE = "evil [/] [@click=app.quit]Q[/] [$accent]x [B] [ bold]"


def screen_text(app) -> str:
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system=None,
                      record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def room_text(app) -> str:
    return " ".join(str(app.screen.query_one("#p-room").render()).split())


def items_text(app) -> str:
    log = app.screen.query_one("#p-items")
    return " ".join(" ".join(strip.text for strip in log.lines).split())


def to_phase(live, clock, kind: str) -> None:
    phases = [p.kind.value for p in live.state.session.agenda.phases]
    if kind in ("catchball", "focus") and not live.state.objectives:
        wl = live.record(ev.WinningLogicAdded, clock.now(), element="serve", text="Independent readers")
        live.record(ev.ObjectiveDrafted, clock.now(), text="Readers come back weekly", links=[wl.seq])
        live.record(ev.ObjectiveDrafted, clock.now(), text="Shops sell more gift cards", links=[wl.seq])
    live.record(ev.PhaseChanged, clock.now(), phase=phases.index(kind))


async def settle(pilot, ingest: Ingest, clock, t: float = 0.0) -> None:
    """The facilitator's poll, then the participant's (what their timers do twice a second)."""
    ingest.poll(clock.now(), t)
    pilot.app.screen.poll()
    await pilot.pause()


async def test_a_participant_types_a_contribution_of_a_kind_and_sees_it_recorded(new_live, clock):
    live = new_live()
    ingest = Ingest(live, 0.0)
    app = ParticipantApp(live.folder, "Ben", code=room(live.folder), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ParticipantScreen) and isinstance(app.focused, Input)
        await pilot.press("f3")  # challenge
        for ch in "qv05 xyz":  # printable keys always write text: none of them is a command
            await pilot.press("space" if ch == " " else ch)
        assert app.focused.value == "qv05 xyz"
        app.focused.value = HOSTILE
        await pilot.press("enter")
        await pilot.pause()
        assert "… waiting" in items_text(app)
        await settle(pilot, ingest, clock)
        noted = [e for e in live.events if e.kind == "noted"][-1]
        assert (noted.text, noted.by, noted.type.value) == (HOSTILE, "Ben", "challenge")
        assert noted.via.endswith("#1")
        assert f"✔ recorded challenge: {HOSTILE}" in items_text(app)  # literally, no markup
        live.record(ev.Undone, clock.now(), target=noted.seq)
        await settle(pilot, ingest, clock)
        assert "↶ taken back" in items_text(app)


async def test_a_refused_item_shows_the_rules_sentence(new_live, clock):
    live = new_live()
    ingest = Ingest(live, 0.0)
    app = ParticipantApp(live.folder, "Ben", code=room(live.folder), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("4", "enter")
        await pilot.pause()
        await settle(pilot, ingest, clock)
        assert "✗ refused your vote: 4 — The fist-of-five vote happens in a catchball round" in items_text(app)
        assert not any(e.kind == "vote_cast" for e in live.events)


async def test_votes_stay_private_until_revealed(new_live, clock):
    live = new_live()
    to_phase(live, clock, "catchball")
    live.record(ev.VoteCast, clock.now(), participant="Ana", value=1)  # typed by the facilitator
    ingest = Ingest(live, 0.0)
    app = ParticipantApp(live.folder, "Ben", code=room(live.folder), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "you have not voted" in room_text(app)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("3", "enter")
        await pilot.pause()
        await settle(pilot, ingest, clock)
        assert "your vote: 3 (only you see it until it is revealed)" in room_text(app)
        shown = screen_text(app)
        assert "Ana" not in shown
        vote = [e for e in live.events if e.kind == "vote_cast"][-1]
        assert (vote.participant, vote.value) == ("Ben", 3)
        live.record(ev.VotesRevealed, clock.now())
        await settle(pilot, ingest, clock)
        assert "revealed: Ana 1, Ben 3" in room_text(app)


async def test_the_participant_sees_which_objective_the_round_discusses(new_live, clock):
    live = new_live()
    to_phase(live, clock, "catchball")  # two objectives on the table: round 1 names none yet
    ingest = Ingest(live, 0.0)
    app = ParticipantApp(live.folder, "Ben", code=room(live.folder), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Round 1 discusses an objective not named yet." in room_text(app)
        second = list(live.state.objectives)[1]
        live.record(ev.VoteCast, clock.now(), participant="Ana", value=4, objective=second)  # votes name it
        await settle(pilot, ingest, clock)
        assert "Round 1 discusses objective 2 «Shops sell more gift cards»." in room_text(app)
        hostile = live.record(ev.ObjectiveDrafted, clock.now(), text=HOSTILE, links=[]).seq
        live.record(ev.RoundOpened, clock.now(), objective=hostile)  # the facilitator's F7 on it
        await settle(pilot, ingest, clock)
        assert f"Round 2 discusses objective 3 «{HOSTILE[:47]}…»." in room_text(app)  # literally, never markup
        assert "round 2 of" in screen_text(app)


async def test_the_facilitator_sees_who_voted_from_a_device_never_the_value(new_live, clock, tmp_path):
    live = new_live()
    to_phase(live, clock, "catchball")
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    ben.send(kind="vote", at=clock.now(), value=2)
    ben.send(kind="note", at=clock.now(), text="Sent from Ben's laptop", type="risk")
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FacilitateScreen)
        screen._take_inboxes()  # what its half-second timer does
        await pilot.pause()
        votes = str(screen.query_one("#cb-votes").render())
        assert "Ben • voted" in votes and "Ben 2" not in votes
        assert "^ risk Ben: Sent from Ben's laptop" in " ".join(screen_text(app).split())
    ben.close()


async def test_a_stranger_waits_to_be_admitted_and_the_admission_is_recorded(new_live, clock, tmp_path):
    live = new_live()
    participant = ParticipantApp(live.folder, "Zoe", code=room(live.folder), clock=clock)
    async with participant.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "not on this session's list" in room_text(participant)
        participant.focused.value = "let me in"
        await pilot.press("enter")
        await pilot.pause()
        assert participant.participant.writer.items == []  # nothing is sent before admission
        facilitator = CatchballApp(live.folder.parent, live=live, clock=clock)
        async with facilitator.run_test(size=(80, 24)) as fpilot:
            await fpilot.pause()
            assert facilitator.screen.asking == ["Zoe"]
            commands = [c.title for c in facilitator.get_system_commands(facilitator.screen)]
            assert "Admit Zoe" in commands
            facilitator.screen.admit("Zoe")
            await fpilot.pause()
        assert live.events[-1].kind == "participant_admitted" and live.events[-1].name == "Zoe"
        participant.screen.poll()
        await pilot.pause()
        assert "not on this session's list" not in room_text(participant)
        participant.focused.value = "thanks"
        await pilot.press("enter")
        await pilot.pause()
        assert [i.text for i in participant.participant.writer.items] == ["thanks"]


async def test_an_anonymous_phase_is_said_to_the_participant(new_live, clock):
    live = new_live()
    live.record(ev.AnonymitySet, clock.now(), anonymous=True)
    app = ParticipantApp(live.folder, "Ben", code=room(live.folder), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "recorded without your name" in room_text(app)


async def test_dots_from_a_device_in_focus(new_live, clock):
    live = new_live()
    to_phase(live, clock, "focus")
    ingest = Ingest(live, 0.0)
    app = ParticipantApp(live.folder, "Ben", code=room(live.folder), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("down", "enter", "enter")  # two dots on the second candidate
        await pilot.pause()
        ingest.poll(clock.now(), 0.0)
        app.screen._poll()
        await pilot.pause()
        second = list(live.state.objectives)[1]
        assert live.state.dots == {second: 2}
        assert "2 of 3 placed" in str(app.screen.query_one("#dots-status").render())
        await pilot.press("delete")
        await pilot.press("escape")
        await pilot.pause()
        ingest.poll(clock.now(), 10.0)
        assert live.state.dots == {second: 1}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


async def test_follow_mirrors_the_shared_screen_and_writes_nothing(new_live, clock, tmp_path):
    live = new_live()
    to_phase(live, clock, "catchball")
    live.record(ev.VoteCast, clock.now(), participant="Ana", value=1)
    before = _snapshot(live.folder)
    screen = FollowScreen.open(live.folder)
    app = CatchballApp(tmp_path / "sessions", clock=clock, start=screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        live.record(ev.Noted, clock.now(), text=HOSTILE)
        screen.poll()
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert HOSTILE in text
        assert "Ana • voted" in text and "Ana 1" not in text  # hidden until revealed
        assert "Next phase" not in text  # a follower has none of the facilitator's keys
    after = _snapshot(live.folder)
    assert {k: v for k, v in after.items() if k != "events.toml"} == \
        {k: v for k, v in before.items() if k != "events.toml"}
    assert after["events.toml"].startswith(before["events.toml"])  # only the facilitator's note was added


async def test_the_served_page_writes_nothing_without_the_join_code(new_live, clock):
    live = new_live()
    code = room(live.folder)
    app = ParticipantApp(live.folder, None, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Ben
        await pilot.pause()
        app.focused.value = "WRONG1"
        await pilot.press("enter")
        await pilot.pause()
        assert "not the room's join code: nothing was written" in str(app.screen.query_one("#join-status").render())
        assert list_inboxes(live.folder) == []
        app.focused.value = code.lower()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantScreen) and app.participant.name == "Ben"
        assert list_inboxes(live.folder) == [inbox_name("Ben")]


def test_join_without_a_name_is_a_usage_error(new_live, capsys, monkeypatch):
    from catchball.cli import main

    live = new_live()
    assert main(["join", str(live.folder)]) == 2
    assert "join needs --as NAME" in capsys.readouterr().err
    assert main(["--sessions-dir", str(live.folder.parent / "none"), "follow"]) == 1
    assert "No unfinished session" in capsys.readouterr().err


async def test_the_shared_screen_shows_how_to_join_while_serve_runs(new_live, clock, tmp_path):
    from catchball.store.room import SERVE_FILE, clear_serving, read_serving, write_serving
    from catchball.tui.screens.join_info_screen import JoinInfoScreen

    live = new_live()
    code = room(live.folder)
    assert read_serving(live.folder) is None
    write_serving(live.folder, "http://127.0.0.1:8000/", code)  # what a running serve leaves
    assert read_serving(live.folder) == ("http://127.0.0.1:8000/", code)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        facilitate = app.screen
        assert "Show how to join" in [c.title for c in app.get_system_commands(facilitate)]
        facilitate.show_join_info()
        await pilot.pause()
        assert isinstance(app.screen, JoinInfoScreen)
        text = screen_text(app)
        assert "http://127.0.0.1:8000/" in text and f"--code {code}" in text and "█" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is facilitate
    (live.folder / INBOX_DIR / SERVE_FILE).write_text('url = "x"\ncode = "y"\npid = 999999999\n')
    assert read_serving(live.folder) is None  # a serve that died says nothing
    clear_serving(live.folder)
    assert not (live.folder / INBOX_DIR / SERVE_FILE).exists()


def test_a_participants_dot_is_listed_by_the_objectives_number_not_its_id(new_live, clock):
    # the facilitator's screen names objectives 1, 2...; the item list said "#4", the event's own seq
    from catchball.domain.intake import InboxItem
    from catchball.services.participant import describe

    live = new_live()
    wl = live.record(ev.WinningLogicAdded, clock.now(), element="serve", text="Readers")
    first = live.record(ev.ObjectiveDrafted, clock.now(), text="Readers come back weekly", links=[wl.seq])
    second = live.record(ev.ObjectiveDrafted, clock.now(), text="Shops sell more gift cards", links=[wl.seq])
    assert second.seq != 2
    dot = InboxItem(id=1, at=clock.now(), kind="dots", objective=second.seq, dots=1)
    assert describe(dot, live.state) == "+1 dot on objective 2"
    gone = InboxItem(id=2, at=clock.now(), kind="dots", objective=999, dots=-1)
    assert describe(gone, live.state) == "-1 dot on an objective not on the table"
    assert first.seq in live.state.objectives


async def test_a_second_app_for_the_same_participant_says_why_and_leaves(new_live, clock, capsys):
    """Their inbox is open in another app: the second one ends at once with status 1 and says so
    (its screen is opened as the app starts, before anything is drawn)."""
    from catchball.services.participant import Participant

    live = new_live()
    first = Participant(live.folder, "Ben", room(live.folder))
    try:
        app = ParticipantApp(live.folder, "Ben", code=room(live.folder), clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
        assert app.return_code == 1 and app.participant is None
        said = capsys.readouterr()
        assert "catchball:" in said.out + said.err, said
    finally:
        first.close()
