"""Snapshots of the participant's own screen (join) and the served join page, at 80x24 and 160x48."""

from __future__ import annotations

import pytest

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
    ben = InboxWriter(live.folder, "Ben")
    ben.send(kind="note", at=clock.now(), text="Is a month [b]long[/b] enough?", type="question")
    ben.send(kind="vote", at=clock.now(), value=4)
    ben.send(kind="dots", at=clock.now(), objective=1, dots=1)
    Ingest(live, 0.0).poll(clock.now(), 0.0)
    ben.send(kind="note", at=clock.now(), text="Not taken in yet")
    ben.close()
    clock.advance(42)
    return ParticipantApp(live.folder, "Ben", clock=clock)


async def settled(pilot) -> None:
    """The items log writes its lines once it knows its width: let it."""
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_participant_screen(snap_compare, new_live, clock, size):
    assert snap_compare(_participant(new_live, clock), terminal_size=size, run_before=settled)


def test_served_join_page(snap_compare, new_live, clock):
    live = new_live(people=["Ana:leader:Core", "Ben:member:Core", "Cy [b]x[/b]:member:Growth"])
    assert snap_compare(ParticipantApp(live.folder, None, code="K7PX2M", clock=clock), terminal_size=(80, 24))
