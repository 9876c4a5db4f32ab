"""Phase 3, retrospective: per key result of last quarter, why this grade, what got in the way,
what we learned, with a prompt that reads the grade rather than its colour.

Keys with the panel focused: up/down pick a key result; w / o / l pick the field (why,
obstacles, learned), left/right cycle it. The capture line records a note in that field.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.coaching import grade_prompt
from ....domain.model import ContributionType
from ....domain.state import State
from ....domain.text import one_line
from ..phase_panel import Command
from .grading_panel import grade_content
from .prior_kr_list import PriorKrListPanel

FIELDS = ("why", "obstacles", "learned")
FIELD_LABEL = {"why": "why this grade", "obstacles": "what got in the way", "learned": "what we learned"}
FIELD_ASK = {"why": "Why this grade?", "obstacles": "What got in the way?", "learned": "What did we learn?"}


class RetroPanel(PriorKrListPanel):
    kind = PhaseKind.RETRO
    COMPONENT_CLASSES = {"pa--selected", "pa--muted", "pa--flag", "pa--good", "pa--bar"}
    BINDINGS = [
        Binding("up", "move(-1)", "Key result", show=False),
        Binding("down", "move(1)", "Key result", show=False),
        Binding("w", "field('why')", "Why"),
        Binding("o", "field('obstacles')", "Obstacles"),
        Binding("l", "field('learned')", "Learned"),
        Binding("left", "cycle(-1)", "Field", show=False),
        Binding("right", "cycle(1)", "Field", show=False),
        Binding("tab", "to_capture", "Type", show=False),
    ]

    def __init__(self, state: State, read_only: bool = False, **kwargs) -> None:
        super().__init__(state, read_only=read_only, **kwargs)
        self.selected = 0
        self.field = "why"

    # -- keys ----------------------------------------------------------------------
    def action_field(self, name: str) -> None:
        self.field = name
        self.render_state()

    def action_cycle(self, step: int) -> None:
        self.field = FIELDS[(FIELDS.index(self.field) + step) % len(FIELDS)]
        self.render_state()

    # -- the capture line -------------------------------------------------------------
    def capture(self, text: str, by: str | None, kind: ContributionType) -> list[Command] | None:
        kr = self.current
        return [(ev.RetroNoted, {"kr": kr.id if kr else None, "field": self.field, "text": text})]

    def capture_hint(self) -> str:
        kr = self.current
        if kr is None:
            return f"{FIELD_ASK[self.field]} (no key results from last quarter) Enter records it"
        grade = self.state.grades.get(kr.id)
        shown = f"{grade:.1f}" if grade is not None else "ungraded"
        return f"{FIELD_ASK[self.field]} ({shown}: {one_line(kr.text, 30)}) Enter records it · Tab: w/o/l"

    # -- drawing ---------------------------------------------------------------------
    def _notes(self, kr: int | None, rows: list[Content]) -> None:
        muted = self.get_visual_style("pa--muted", partial=True)
        for field in FIELDS:
            for note in (r for r in self.state.retro if r.kr == kr and r.field == field):
                rows.append(Content.assemble("    ", (f"{field}: ", muted), one_line(note.text)))

    def render_state(self) -> None:
        if not self.is_mounted:
            return
        krs = self.krs
        self.selected = max(0, min(self.selected, len(krs) - 1))
        selected = self.get_visual_style("pa--selected", partial=True)
        muted = self.get_visual_style("pa--muted", partial=True)
        rows: list[Content] = []
        at = Region(0, 0, 1, 1)
        for i, kr in enumerate(krs):
            grade = self.state.grades.get(kr.id)
            line = Content.assemble("▸ " if i == self.selected else "  ", grade_content(self, grade, self.narrow),
                                    one_line(kr.text))
            start = len(rows)
            rows.append(line.stylize(selected) if i == self.selected else line)
            rows.append(Content.styled(f"  ? {grade_prompt(grade)}", muted))
            self._notes(kr.id, rows)
            if i == self.selected:
                at = Region(0, start, 1, len(rows) - start)
        if not krs:
            rows.append(Content.styled("No key results from last quarter: notes go under General.", muted))
        known = {kr.id for kr in krs}
        if any(r.kr not in known for r in self.state.retro):
            rows.append(Content.styled("  General", muted))
            for kr_ref in dict.fromkeys(r.kr for r in self.state.retro if r.kr not in known):
                self._notes(kr_ref, rows)
        tabs: list[Content | str] = ["Field: " if not self.narrow else ""]
        for field in FIELDS:
            label = field if self.narrow else f"{field[0]} {FIELD_LABEL[field]}"
            tabs.append(Content.styled(f"[{label}]", selected) if field == self.field else f" {label} ")
            tabs.append(" ")
        status = [Content.assemble(*tabs),
                  Content.styled("Grades are for learning, never for performance reviews.", muted)]
        self.show(status, rows, (
            "Tab: panel · ↑↓ KR · w/o/l or ←→ field",
            "Tab/Esc: capture line ↔ panel · ↑↓ pick a key result · w why · o obstacles · l learned · ←→ field"),
            at)
