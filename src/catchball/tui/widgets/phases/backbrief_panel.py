"""Phase 9, back-brief: each team says the objective back, beside the leader's intent.

Panel keys: up/down select a team. The capture line records the team's own words; F4 (or
Enter on the panel) arms it for how, F4 again for dependencies, then worries. F5 marks the
back-brief as matching the intent, F6 as not matching; a mismatch offers F7: back to
catchball for another round, when the agenda has one left.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.records import BackBrief
from ..capture_target import Plan, Target
from ..phase_panel import PhasePanel

FIELDS = ("how", "dependencies", "worries")
LABELS = {"words": "in their words", "how": "how", "dependencies": "depends on", "worries": "worries"}
NARROW = 100  # below this many columns the two sides stack


class BackBriefPanel(PhasePanel):
    kind = PhaseKind.BACKBRIEF
    BINDINGS = [
        Binding("up", "select(-1)", "Team", show=False),
        Binding("down", "select(1)", "Team", show=False),
        Binding("f4,enter", "field", "How/depends/worries"),
        Binding("f5", "mark(True)", "Matches"),
        Binding("f6", "mark(False)", "Differs"),
        Binding("f7", "again", "Another round"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = 0
        self.mode: str | None = None  # None: the team's words; or "how", "dependencies", "worries"
        self.editing: str | None = None  # the team the mode is for

    def compose(self) -> ComposeResult:
        yield Static(id="bb-teams", classes="phase-line")
        with Horizontal(id="bb-compare"):
            yield Static(id="bb-team", classes="phase-wrap")
            yield Static(id="bb-intent", classes="phase-wrap")
        yield Static(id="bb-verdict", classes="phase-wrap")
        yield Static(id="bb-keys", classes="phase-line phase-keys")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    # -- teams --------------------------------------------------------------------------
    def _teams(self) -> list[str]:
        teams = list(self.state.session.teams)
        return teams + [t for t in self.state.backbriefs if t not in teams]

    def _team(self) -> str | None:
        teams = self._teams()
        if not teams:
            return None
        self.selected %= len(teams)
        return teams[self.selected]

    def _brief(self) -> BackBrief | None:
        team = self._team()
        return self.state.backbriefs.get(team) if team else None

    # -- where the capture line's text goes ----------------------------------------------------
    def _given(self, team: str, field: str, text: str) -> Plan:
        old = self.state.backbriefs.get(team)
        fields = {"words": old.words if old else "", "how": old.how if old else None,
                  "dependencies": old.dependencies if old else None, "worries": old.worries if old else None}
        fields[field] = text
        return [(ev.BackBriefGiven, {"team": team, **{k: v for k, v in fields.items() if v is not None}})]

    def default_target(self) -> Target:
        team = self._team()
        if team is None:
            return super().default_target()
        return Target(("bb", team, "words"), f"{team}'s words",
                      f"{team} says the objective back in its own words, Enter records it (Tab: the panel)",
                      lambda text, by, kind: self._given(team, "words", text))

    def armed_target(self) -> Target | None:
        team, field = self.editing, self.mode
        if team is None or field not in FIELDS:
            return None
        brief = self.state.backbriefs.get(team)
        return Target(("bb", team, field), f"{team}: {LABELS[field]}",
                      f"{team}: {LABELS[field]}, Enter saves, Esc cancels, F4 the next field",
                      lambda text, by, kind: self._given(team, field, text), armed=True,
                      prefill=(getattr(brief, field) if brief else None) or "")

    def _mode_changed(self, mode: str | None) -> None:
        if mode is None:
            self.editing = None

    # -- rendering ---------------------------------------------------------------------------
    def _catchball(self) -> int | None:
        return next((i for i, p in enumerate(self.state.session.agenda.phases) if p.kind is PhaseKind.CATCHBALL),
                    None)

    def _rounds_left(self) -> tuple[int, int]:
        index = self._catchball()
        limit = self.state.session.agenda.phases[index].rounds if index is not None else 0
        return max(0, limit - len(self.state.rounds)), limit

    def render_state(self) -> None:
        team = self._team()
        cells: list[str | tuple[str, str]] = [("Teams ", ".phase--head")]
        for i, name in enumerate(self._teams()):
            brief = self.state.backbriefs.get(name)
            mark = ("—" if brief is None else "?" if brief.matches is None
                    else "✔ match" if brief.matches else "✗ differs")
            cell = f"{'▸' if i == self.selected else ' '}{name} {mark}"
            cells.append((cell, ".phase--selected") if i == self.selected else cell)
            cells.append("  ")
        self.query_one("#bb-teams", Static).update(Content.assemble(*cells))
        self.query_one("#bb-team", Static).update(self._team_view(team))
        self.query_one("#bb-intent", Static).update(self._intent_view())
        self.query_one("#bb-verdict", Static).update(self._verdict())
        self.query_one("#bb-keys", Static).update(
            Content("Tab: panel · ↑↓ team · type: their words · F4 how, again: depends, worries · "
                    "F5 matches · F6 differs · F7 another round"))

    def _team_view(self, team: str | None) -> Content:
        if team is None:
            return Content("This session has no teams: add participants with a team.")
        brief = self.state.backbriefs.get(team)
        lines = [Content.assemble((f"{team} says", ".phase--head"))]
        for name in ("words", "how", "dependencies", "worries"):
            value = getattr(brief, name) if brief else None
            label = f"{LABELS[name]}: " if name != "words" else ""
            if self.mode == name and self.editing == team:
                lines.append(Content.assemble((f"✎ {LABELS[name]}: typing in the capture line", ".phase--mode")))
            elif value:
                lines.append(Content.assemble((label, ".phase--muted"), value))
            elif name == "words":
                lines.append(Content.assemble(("(not yet: type what they say)", ".phase--muted")))
        return Content("\n").join(lines)

    def _intent_view(self) -> Content:
        obj = self.state.objectives.get(self.state.focus) if self.state.focus is not None else None
        if obj is None:
            objs = [o for o in self.state.objectives.values() if o.id not in self.state.parked]
            obj = objs[-1] if objs else None
        head = "Leader's intent (the focus)" if obj and obj.id == self.state.focus else "Leader's intent"
        text = obj.text if obj else "No objective yet."
        return Content("\n").join([Content.assemble((head, ".phase--head")), Content(text)])

    def _verdict(self) -> Content:
        brief = self._brief()
        if brief is None or brief.matches is None:
            return (Content.assemble(("Does it match the intent? F5 yes, F6 no.", ".phase--muted")) if brief
                    else Content(""))
        if brief.matches:
            return Content.assemble(("✔ MATCHES the leader's intent", ".phase--good"))
        left, limit = self._rounds_left()
        offer = (f"F7: back to catchball for round {limit - left + 1} of {limit}" if left
                 else f"no catchball rounds left (all {limit} used): align here and note the gap")
        return Content.assemble(("✗ DOES NOT MATCH the intent", ".phase--flag"), " · ", offer)

    # -- keys -----------------------------------------------------------------------------------
    def action_select(self, step: int) -> None:
        teams = self._teams()
        if teams:
            self.selected = (self.selected + step) % len(teams)
            self._changed()

    def action_field(self) -> None:
        team, brief = self._team(), self._brief()
        if team is None or self.read_only:
            return
        if brief is None or not brief.words:
            self.notify("Start with the team's own words: type them in the capture line.", severity="warning")
            return
        field = "how"
        if self.mode in FIELDS and self.editing == team:
            field = FIELDS[(FIELDS.index(self.mode) + 1) % len(FIELDS)]
        self.editing = team
        self.arm(field)

    def action_mark(self, matches: bool) -> None:
        team = self._team()
        if team is not None:
            self.command(ev.BackBriefMarked, team=team, matches=matches)

    def action_again(self) -> None:
        brief = self._brief()
        if brief is None or brief.matches is not False:
            self.notify("Another round is for a back-brief that does not match (F6).", severity="warning")
            return
        index = self._catchball()
        left, limit = self._rounds_left()
        if index is None:
            self.notify("This agenda has no catchball phase to go back to.", severity="warning")
            return
        if not left:
            self.notify(f"The agenda allows {limit} catchball rounds and all are used: "
                        "settle the difference here, and record it.", severity="warning", timeout=6)
            return
        if not self.read_only:
            # entering catchball for the first time opens round 1 by itself
            again = [(ev.RoundOpened, {"objective": self.state.focus})] if self.state.rounds else []
            self.post_message(self.Commanded([(ev.PhaseChanged, {"phase": index}), *again]))
