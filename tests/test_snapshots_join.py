"""Snapshots of the participant's own screen (join) and the served join page, at 80x24 and 160x48."""

from __future__ import annotations

import pytest

from _shared import room
from catchball.domain import events as ev
from catchball.services.ingest import Ingest
from catchball.store.inbox import InboxWriter
from catchball.tui.participant_app import ParticipantApp

SIZES = [(80, 24), (160, 48)]


def _participant(new_live, clock):
    live = new_live(title="Acme [/] Q1", people=["Ana:leader:Core", "Ben:member:Core", "Cy [b]x[/b]:member:Growth"])
    phases = [p.kind.value for p in live.state.session.agenda.phases]
    wl = live.record(ev.WinningLogicAdded, clock.now(), element="serve", text="Readers who buy six books a year")
    live.record(ev.ObjectiveDrafted, clock.now(), text="First-time readers come back within a month", links=[wl.seq])
    live.record(ev.PhaseChanged, clock.now(), phase=phases.index("catchball"))
    live.record(ev.VoteCast, clock.now(), participant="Ana", value=1)  # never shown to Ben before the reveal
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    ben.send(kind="note", at=clock.now(), text="Is a month [b]long[/b] enough?", type="question")
    ben.send(kind="vote", at=clock.now(), value=4)
    ben.send(kind="dots", at=clock.now(), objective=1, dots=1)
    Ingest(live, 0.0).poll(clock.now(), 0.0)
    ben.send(kind="note", at=clock.now(), text="Not taken in yet")
    ben.close()
    clock.advance(42)
    return ParticipantApp(live.folder, "Ben", code=room(live.folder), clock=clock)


async def settled(pilot) -> None:
    """The items log writes its lines once it knows its width: let it."""
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_participant_screen(snap_compare, new_live, clock, size):
    assert snap_compare(_participant(new_live, clock), terminal_size=size, run_before=settled)


def test_served_join_page(snap_compare, new_live, clock):
    live = new_live(people=["Ana:leader:Core", "Ben:member:Core", "Cy [b]x[/b]:member:Growth"])
    assert snap_compare(ParticipantApp(live.folder, None, clock=clock), terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_how_to_join_on_the_shared_screen(snap_compare, new_live, clock, tmp_path, size):
    """The join code, the address and its QR code: half blocks at 80x24, two columns a module at 160x48."""
    from catchball.store.room import CODE_FILE, INBOX_DIR, write_serving
    from catchball.tui.app import CatchballApp

    live = new_live()
    (live.folder / INBOX_DIR).mkdir(exist_ok=True)
    (live.folder / INBOX_DIR / CODE_FILE).write_text('code = "K7PX2M"\n')  # a fixed code for the picture
    write_serving(live.folder, "http://127.0.0.1:8000/", "K7PX2M")
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)

    async def show(pilot) -> None:
        await pilot.pause()
        app.screen.show_join_info()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=show)
