"""Phase 10, commitments and cadence: what each team does this week, and the rhythm after.

up/down select a team; the capture line records its commitment for this week. `k` (check-in
slot), `e` (end-of-week celebration) and `p` (peer teams, comma-separated) arm the capture
line for the cadence, recorded with the other two fields kept as they are.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.model import ContributionType
from ..phase_panel import Command, PhasePanel

FIELD_KEYS = {"k": "checkin", "e": "celebration", "p": "peer_teams"}
LABELS = {"checkin": "weekly check-in", "celebration": "end-of-week celebration",
          "peer_teams": "peer review within 24 h"}
HINTS = {"checkin": "when, and short: the top 2-3 initiatives and a confidence",
         "celebration": "when the week's wins get their moment",
         "peer_teams": "about three peer teams, comma-separated, who review within a day"}
PACE = "Settle the plan within days, not weeks: a plan that drags on is late before it starts."


def split_teams(text: str) -> list[str]:
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]


class CommitmentsPanel(PhasePanel):
    kind = PhaseKind.COMMITMENTS
    DEFAULT_CLASSES = "pb-panel"
    COMPONENT_CLASSES = {"pb--sel", "pb--muted", "pb--head", "pb--mode", "pb--ok"}
    BINDINGS = [
        Binding("up", "select(-1)", "Team", show=False),
        Binding("down", "select(1)", "Team", show=False),
        *[Binding(key, f"field('{name}')", LABELS[name].split()[0].capitalize(), show=False)
          for key, name in FIELD_KEYS.items()],
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = 0
        self.mode: str | None = None  # None: a commitment; or a cadence field

    def compose(self) -> ComposeResult:
        yield Static(id="co-teams", classes="pb-line")
        yield Static(id="co-cadence", classes="pb-line")
        yield Static(id="co-pace", classes="pb-wrap pb-keys")
        yield Static(id="co-keys", classes="pb-line pb-keys")

    def _teams(self) -> list[str]:
        teams = list(self.state.session.teams)
        return teams + [c.team for c in self.state.commitments if c.team not in teams]

    def _team(self) -> str | None:
        teams = self._teams()
        if not teams:
            return None
        self.selected %= len(teams)
        return teams[self.selected]

    # -- the capture line -----------------------------------------------------------------
    def capture(self, text: str, by: str | None, kind: ContributionType) -> list[Command] | None:
        if self.mode in LABELS:
            cadence = self.state.cadence
            fields = {"checkin": cadence.checkin if cadence else None,
                      "celebration": cadence.celebration if cadence else None,
                      "peer_teams": list(cadence.peer_teams) if cadence else []}
            fields[self.mode] = split_teams(text) if self.mode == "peer_teams" else text
            self._pending = True
            return [(ev.CadenceSet, {k: v for k, v in fields.items() if v is not None})]
        team = self._team()
        if team is None:
            return None
        return [(ev.CommitmentMade, {"team": team, "text": text})]

    def capture_hint(self) -> str:
        if self.mode in LABELS:
            return f"The {LABELS[self.mode]}: {HINTS[self.mode]}. Enter saves, Esc cancels"
        return f"What {self._team() or 'the team'} commits to this week, Enter records it (Tab: k e p)"


    # -- rendering --------------------------------------------------------------------------
    def render_state(self) -> None:
        lines: list[Content] = [Content.assemble(("This week", ".pb--head"))]
        for i, team in enumerate(self._teams()):
            mine = [c.text for c in self.state.commitments if c.team == team]
            done = Content(" · ".join(mine)) if mine else Content.assemble(("— not yet", ".pb--muted"))
            row = Content.assemble("▸ " if i == self.selected else "  ", (team + ": ", ".pb--head"), done)
            lines.append(row.stylize(".pb--sel") if i == self.selected and self.has_focus else row)
        if len(lines) == 1:
            lines.append(Content("This session has no teams: add participants with a team."))
        self.query_one("#co-teams", Static).update(Content("\n").join(lines))
        cadence = self.state.cadence
        rows: list[Content] = []
        for key, name in FIELD_KEYS.items():
            value = getattr(cadence, name) if cadence else None
            if name == "peer_teams":
                value = ", ".join(value) if value else None
                if value:
                    value += f" ({len(cadence.peer_teams)} team{'s' if len(cadence.peer_teams) != 1 else ''})"
            label = f"{key} {LABELS[name]}: "
            if self.mode == name:
                rows.append(Content.assemble((f"✎ {LABELS[name]}: typing in the capture line", ".pb--mode")))
            else:
                rows.append(Content.assemble((label, ".pb--head"),
                                             value if value else ("— not set", ".pb--muted")))
        self.query_one("#co-cadence", Static).update(Content("\n").join(rows))
        self.query_one("#co-pace", Static).update(Content(PACE))
        self.query_one("#co-keys", Static).update(
            Content("↑↓ team · type: its commitment · k check-in · e celebration · p peers"))

    # -- keys -----------------------------------------------------------------------------------
    def action_select(self, step: int) -> None:
        teams = self._teams()
        if teams:
            self.selected = (self.selected + step) % len(teams)
            self._set_mode(None, focus_input=False)

    def action_field(self, name: str) -> None:
        if self.read_only:
            return
        cadence = self.state.cadence
        current = getattr(cadence, name) if cadence else None
        prefill = ", ".join(current) if name == "peer_teams" and current else (current or "")
        self._set_mode(name, prefill=prefill)
