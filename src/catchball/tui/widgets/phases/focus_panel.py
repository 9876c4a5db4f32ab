"""Phase 7, focus, the rule of one: dot votes, the one focused objective, the parking lot.

Panel keys: up/down select a candidate, right/left add or take back a dot, F4 (or Enter on
the panel) chooses the focus (the rules refuse a second one: park the current focus first),
F5 parks the selected candidate: the capture line's next text is the reason it waits, and
ctrl+z takes the parking back.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.records import Objective
from ....domain.text import one_line
from ..capture_target import Target
from ..phase_panel import PhasePanel


class FocusPanel(PhasePanel):
    kind = PhaseKind.FOCUS
    BINDINGS = [
        Binding("up", "select(-1)", "Select", show=False),
        Binding("down", "select(1)", "Select", show=False),
        Binding("right", "dots(1)", "+dot", show=False),
        Binding("left", "dots(-1)", "-dot", show=False),
        Binding("f4,enter", "focus_objective", "Focus"),
        Binding("f5", "park", "Park"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = 0
        self.mode: str | None = None  # "park": the next capture is why the selected one waits
        self._parking: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="fo-status", classes="phase-wrap")
        yield Static(id="fo-candidates", classes="phase-line")
        yield Static(id="fo-parked", classes="phase-line")
        yield Static(id="fo-keys", classes="phase-wrap phase-keys")

    # -- the objectives, candidates first, then the parking lot --------------------------
    def _candidates(self) -> list[Objective]:
        return [o for o in self.state.objectives.values() if o.id not in self.state.parked]

    def _parked(self) -> list[Objective]:
        return [self.state.objectives[i] for i in self.state.parked if i in self.state.objectives]

    def _all(self) -> list[Objective]:
        return self._candidates() + self._parked()

    def _selected(self) -> Objective | None:
        everything = self._all()
        if not everything:
            return None
        self.selected %= len(everything)
        return everything[self.selected]

    # -- where the capture line's text goes ------------------------------------------------
    def default_target(self) -> Target:
        return Target(("note", self.state.phase), "note",
                      "Notes on the choice; Tab: the panel (←→ dots, F4 focus, F5 park)",
                      lambda text, by, kind: [(ev.Noted, {"text": text, "by": by, "type": kind})])

    def armed_target(self) -> Target | None:
        obj = self.state.objectives.get(self._parking) if self._parking is not None else None
        if self.mode != "park" or obj is None:
            return None
        ref = obj.id
        return Target(("park", ref), "why it waits (parking)",
                      "Why does it wait? (not this quarter, keep-the-lights-on...) Enter parks it, Esc cancels",
                      lambda text, by, kind: [(ev.ObjectiveParked, {"objective": ref, "reason": text})],
                      armed=True, done=f"Parked «{one_line(obj.text, 60)}». ctrl+z takes it back.")

    def _mode_changed(self, mode: str | None) -> None:
        if mode is None:
            self._parking = None

    # -- rendering ---------------------------------------------------------------------------
    def render_state(self) -> None:
        self._selected()
        self.query_one("#fo-status", Static).update(self._status())
        self.query_one("#fo-candidates", Static).update(self._candidate_lines())
        self.query_one("#fo-parked", Static).update(self._parked_lines())
        self.query_one("#fo-keys", Static).update(
            Content("Tab: panel · ↑↓ select · → ← dot · F4/Enter focus · F5 park (ctrl+z undoes)"))

    def _status(self) -> Content:
        candidates = self._candidates()
        if self.mode == "park" and self._parking in self.state.objectives:
            return Content.assemble(("✎ PARKING: type why it waits in the capture line, Enter", ".phase--mode"))
        if self.state.focus is not None:
            return Content.assemble(("◆ FOCUS chosen.", ".phase--good"),
                                    " One per quarter: to change it, park it first (F5).")
        if not self.state.objectives:
            return Content("No objectives yet: the leader's draft (phase 5) proposes them.")
        if not candidates:
            return Content("No candidates: every objective is parked. Choose one back with F4.")
        if len(candidates) == 1:
            return Content("Exactly one candidate: no dot vote needed. Press F4 to make it the focus.")
        return Content(f"{len(candidates)} candidates: dot-vote with → and ←, then F4 on the winner.")

    def _row(self, index: int, text: Content) -> Content:
        marker = "▸ " if index == self.selected else "  "
        row = Content(marker) + text
        return row.stylize(".phase--selected") if index == self.selected else row

    def _candidate_lines(self) -> Content:
        lines: list[Content] = [Content.assemble(("Candidates", ".phase--head"))]
        for i, obj in enumerate(self._candidates()):
            dots = self.state.dots.get(obj.id, 0)
            # the count before the text: a long objective is cut at the end, never its dots
            dot_text = f"{dots}{' ' + '●' * min(dots, 5) if dots else ''} "
            if obj.id == self.state.focus:
                body = Content.assemble((dot_text, ".phase--muted"), ("◆ FOCUS", ".phase--good"), " ", obj.text)
            else:
                body = Content.assemble((dot_text, ".phase--muted"), "○ ", obj.text)
            lines.append(self._row(i, body))
        return Content("\n").join(lines)

    def _parked_lines(self) -> Content:
        parked = self._parked()
        if not parked:
            return Content.assemble(("Parking lot: empty", ".phase--muted"))
        offset = len(self._candidates())
        lines: list[Content] = [Content.assemble(("Parking lot (not this quarter)", ".phase--head"))]
        for i, obj in enumerate(parked):
            body = Content.assemble("P ", obj.text, (" — " + self.state.parked[obj.id], ".phase--muted"))
            lines.append(self._row(offset + i, body))
        return Content("\n").join(lines)

    # -- keys --------------------------------------------------------------------------------
    def action_select(self, step: int) -> None:
        everything = self._all()
        if everything:
            self.selected = (self.selected + step) % len(everything)
            self.render_state()

    def action_dots(self, step: int) -> None:
        obj = self._selected()
        if obj is None:
            return
        if obj.id in self.state.parked:
            self.notify("That one is parked: dots go to the candidates.", severity="warning")
            return
        if step < 0 and self.state.dots.get(obj.id, 0) == 0:
            self.notify("It has no dots to take back.", severity="warning")
            return
        self.command(ev.DotsCast, objective=obj.id, dots=step)

    def action_focus_objective(self) -> None:
        obj = self._selected()
        if obj is not None:
            self.command(ev.FocusChosen, objective=obj.id)

    def action_park(self) -> None:
        obj = self._selected()
        if obj is None or self.read_only:
            return
        if obj.id in self.state.parked:
            self.notify("It is already in the parking lot.", severity="warning")
            return
        self._parking = obj.id
        self.arm("park")
