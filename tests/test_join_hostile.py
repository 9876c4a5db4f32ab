"""Hostile text from a participant's device renders literally on every screen: the participant's
own, the facilitator's shared screen and a follower's mirror (markup, variables, escapes)."""

from __future__ import annotations

from test_join import screen_text

from _shared import blns_strings, room
from catchball.domain.model import ContributionType
from catchball.domain.text import one_line
from catchball.tui.app import CatchballApp
from catchball.tui.participant_app import ParticipantApp
from catchball.tui.screens.follow_screen import FollowScreen

RISKY = set("[]$\\<>&%{}@:")


def _flat(app) -> str:
    return "".join(screen_text(app).split())


async def test_hostile_text_from_a_device_is_shown_literally_everywhere(new_live, clock, tmp_path):
    strings = [s for s in blns_strings() if s == one_line(s) and s.isprintable() and s.isascii()
               and 3 <= len(s) <= 40 and RISKY & set(s)]
    strings += ["[b]not bold[/b]", "[@click=app.quit]Q[/]", "[$accent]x[/]", "[/] closes nothing", "$text-muted"]
    assert len(strings) > 20
    live = new_live()
    participant = ParticipantApp(live.folder, "Ben", code=room(live.folder), clock=clock)
    facilitator = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    follow = FollowScreen.open(live.folder)
    follower = CatchballApp(tmp_path / "sessions", clock=clock, start=follow)
    t = 1e9  # the facilitator's own poll paces with time.monotonic(); these polls come later, refilled
    async with participant.run_test(size=(160, 48)) as ppilot, \
            facilitator.run_test(size=(160, 48)) as fpilot, follower.run_test(size=(160, 48)) as opilot:
        await fpilot.pause()
        for at in range(0, len(strings), 5):
            batch = strings[at:at + 5]
            for text in batch:
                participant.participant.send_note(text, ContributionType.NOTE, clock.now())
            t += 10.0
            facilitator.screen._ingest.poll(clock.now(), t)  # what its half-second timer does
            assert [e.text for e in live.events if e.kind == "noted"][-len(batch):] == [s.strip() for s in batch]
            facilitator.screen.refresh_state()
            participant.screen.poll()
            follow.poll()
            for pilot in (ppilot, fpilot, opilot):
                await pilot.pause()
            shown = {"participant": _flat(participant), "facilitator": _flat(facilitator), "follower": _flat(follower)}
            for text in batch:
                for where, screen in shown.items():
                    assert "".join(text.split()) in screen, f"{text!r} is not shown literally on the {where}'s screen"
