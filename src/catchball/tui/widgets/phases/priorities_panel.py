"""Check-in, this week's priorities: each team's two or three, each tied to the key result it moves.

The capture line records a priority for the selected team, linked to the key result shown.
Keys with the panel focused: up/down pick a team; left/right pick the key result the next
priority moves (or none, which the panel questions); Delete drops the team's last priority
(shown, ctrl+z brings it back).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.commands import MAX_PRIORITIES
from ....domain.model import ContributionType
from ....domain.quarter import current_okr
from ....domain.text import one_line
from ..capture_target import Plan, Target, note_target
from ..list_panel import ListPanel


class PrioritiesPanel(ListPanel):
    kind = PhaseKind.PRIORITIES
    BINDINGS = [
        Binding("up", "move(-1)", "Team", show=False),
        Binding("down", "move(1)", "Team", show=False),
        Binding("left", "link(-1)", "Key result", show=False),
        Binding("right", "link(1)", "Key result", show=False),
        Binding("delete", "drop", "Drop last"),
        Binding("tab", "to_capture", "Type", show=False),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = 0
        self.link = 1  # the key result the next priority moves (0: none)

    @property
    def teams(self) -> list[str]:
        teams = list(self.state.session.teams)
        return teams + [p.team for p in self.state.priorities.values() if p.team not in teams]

    @property
    def team(self) -> str | None:
        teams = self.teams
        return teams[min(self.selected, len(teams) - 1)] if teams else None

    def _numbers(self) -> list[int]:
        okr = current_okr(self.state)
        return [kr.number for kr in okr.key_results] if okr else []

    def action_move(self, step: int) -> None:
        self.selected = max(0, min(len(self.teams) - 1, self.selected + step))
        self.render_state()

    def action_link(self, step: int) -> None:
        options = [0] + self._numbers()
        self.link = options[(options.index(self.link) + step) % len(options)] if self.link in options else 1
        self.render_state()

    def action_drop(self) -> None:
        mine = [p for p in self.state.priorities.values() if p.team == self.team]
        if not mine:
            self.notify("This team has no priority to drop.")
            return
        self.command(ev.PriorityDropped, priority=mine[-1].seq)
        self.notify(Content(f"Dropped: {one_line(mine[-1].text, 60)} (ctrl+z brings it back)"), timeout=4)

    # -- where the capture line's text goes ---------------------------------------------------
    def default_target(self) -> Target:
        team = self.team
        if team is None:
            return note_target("This session has no teams: a note, Enter records it", phase=self.state.phase)
        link = self.link if self.link in self._numbers() else None
        moves = f"moving key result {link}" if link else "moving no key result"
        # the key result first: a long team name is what the label's ellipsis cuts
        return Target(("priority", team, link), f"{f'KR {link}' if link else 'no KR'} · {team} priority",
                      f"A priority of {team} this week, {moves} (Tab: ←→ change), Enter records it",
                      lambda text, by, kind: self._priority(team, link, text, by, kind))

    @staticmethod
    def _priority(team: str, link: int | None, text: str, by: str | None, kind: ContributionType) -> Plan:
        if kind is not ContributionType.NOTE:  # a challenge or a question about it: a note of the phase
            return note_target().build(text, by, kind)
        return [(ev.PrioritySet, {"team": team, "text": text, **({"kr": link} if link else {})})]

    def render_state(self) -> None:
        if not self.is_mounted:
            return
        okr = current_okr(self.state)
        texts = {kr.number: kr.text for kr in okr.key_results} if okr else {}
        muted = self.get_visual_style("phase--muted", partial=True)
        flag = self.get_visual_style("phase--flag", partial=True)
        rows: list[Content] = []
        top = 0
        for i, team in enumerate(self.teams):
            mine = [p for p in self.state.priorities.values() if p.team == team]
            head = Content.assemble("▸ " if i == self.selected else "  ", team,
                                    (f"  {len(mine)} of {MAX_PRIORITIES}", muted))
            if i == self.selected:
                top = len(rows)
                head = head.stylize(self.get_visual_style("phase--selected", partial=True))
            rows.append(head)
            for p in mine:
                link = (f"KR {p.kr} ", muted) if p.kr else ("no KR: why this week? ", flag)
                rows.append(Content.assemble("    · ", link, one_line(p.text, 60)))
        if not rows:
            rows.append(Content.styled("This session has no teams: add participants with a team.", muted))
        target = (f"key result {self.link}: {one_line(texts.get(self.link, ''), 50)}" if self.link
                  else "no key result")
        status = Content.assemble("Next priority moves ", (target, self.get_visual_style("phase--good", partial=True)))
        self.show(status, rows, ("Tab: panel · ↑↓ team · ←→ KR · Del drop",
                                 "Tab/Esc: capture line ↔ panel · ↑↓ team · ←→ the key result it moves · "
                                 "Delete drops the last"), Region(0, top, 1, 1))
