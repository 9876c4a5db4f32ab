"""Phase 10, commitments and cadence: what each team does this week, and the rhythm after.

Panel keys: up/down select a team; the capture line records its commitment for this week.
F4 (or Enter on the panel) arms the capture line for the cadence: the check-in slot, F4 again
the end-of-week celebration, then the peer teams (comma-separated), each recorded with the
other two fields kept as they are.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ..capture_target import Plan, Target
from ..phase_panel import PhasePanel

FIELDS = ("checkin", "celebration", "peer_teams")
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
    BINDINGS = [
        Binding("up", "select(-1)", "Team", show=False),
        Binding("down", "select(1)", "Team", show=False),
        Binding("f4,enter", "field", "Cadence"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = 0
        self.mode: str | None = None  # None: a commitment; or a cadence field

    def compose(self) -> ComposeResult:
        yield Static(id="co-teams", classes="phase-line")
        yield Static(id="co-cadence", classes="phase-line")
        yield Static(id="co-pace", classes="phase-wrap phase-keys")
        yield Static(id="co-keys", classes="phase-line phase-keys")

    def _teams(self) -> list[str]:
        teams = list(self.state.session.teams)
        return teams + [c.team for c in self.state.commitments if c.team not in teams]

    def _team(self) -> str | None:
        teams = self._teams()
        if not teams:
            return None
        self.selected %= len(teams)
        return teams[self.selected]

    # -- where the capture line's text goes -------------------------------------------------
    def default_target(self) -> Target:
        team = self._team()
        if team is None:
            return super().default_target()
        return Target(("commitment", team), f"{team}'s commitment",
                      f"What {team} commits to this week, Enter records it (Tab: the panel, F4 cadence)",
                      lambda text, by, kind: [(ev.CommitmentMade, {"team": team, "text": text})])

    def _cadence(self, field: str, text: str) -> Plan:
        cadence = self.state.cadence
        fields = {"checkin": cadence.checkin if cadence else None,
                  "celebration": cadence.celebration if cadence else None,
                  "peer_teams": list(cadence.peer_teams) if cadence else []}
        fields[field] = split_teams(text) if field == "peer_teams" else text
        return [(ev.CadenceSet, {k: v for k, v in fields.items() if v is not None})]

    def armed_target(self) -> Target | None:
        field = self.mode
        if field not in LABELS:
            return None
        current = getattr(self.state.cadence, field) if self.state.cadence else None
        prefill = ", ".join(current) if field == "peer_teams" and current else (current or "")
        return Target(("cadence", field), LABELS[field],
                      f"The {LABELS[field]}: {HINTS[field]}. Enter saves, Esc cancels, F4 the next",
                      lambda text, by, kind: self._cadence(field, text), armed=True, prefill=prefill)

    # -- rendering --------------------------------------------------------------------------
    def render_state(self) -> None:
        lines: list[Content] = [Content.assemble(("This week", ".phase--head"))]
        for i, team in enumerate(self._teams()):
            mine = [c.text for c in self.state.commitments if c.team == team]
            done = Content(" · ".join(mine)) if mine else Content.assemble(("— not yet", ".phase--muted"))
            row = Content.assemble("▸ " if i == self.selected else "  ", (team + ": ", ".phase--head"), done)
            lines.append(row.stylize(".phase--selected") if i == self.selected else row)
        if len(lines) == 1:
            lines.append(Content("This session has no teams: add participants with a team."))
        self.query_one("#co-teams", Static).update(Content("\n").join(lines))
        cadence = self.state.cadence
        rows: list[Content] = []
        for name in FIELDS:
            value = getattr(cadence, name) if cadence else None
            if name == "peer_teams":
                value = ", ".join(value) if value else None
                if value:
                    value += f" ({len(cadence.peer_teams)} team{'s' if len(cadence.peer_teams) != 1 else ''})"
            label = f"{LABELS[name]}: "
            if self.mode == name:
                rows.append(Content.assemble((f"✎ {LABELS[name]}: typing in the capture line", ".phase--mode")))
            else:
                rows.append(Content.assemble((label, ".phase--head"),
                                             value if value else ("— not set", ".phase--muted")))
        self.query_one("#co-cadence", Static).update(Content("\n").join(rows))
        self.query_one("#co-pace", Static).update(Content(PACE))
        self.query_one("#co-keys", Static).update(
            Content("Tab: panel · ↑↓ team · type: its commitment · F4 check-in, again: celebration, peers"))

    # -- keys -----------------------------------------------------------------------------------
    def action_select(self, step: int) -> None:
        teams = self._teams()
        if teams:
            self.selected = (self.selected + step) % len(teams)
            self._changed()

    def action_field(self) -> None:
        field = FIELDS[(FIELDS.index(self.mode) + 1) % len(FIELDS)] if self.mode in FIELDS else FIELDS[0]
        self.arm(field)
