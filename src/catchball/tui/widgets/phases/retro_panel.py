"""Phase 3, retrospective: per key result of last quarter, why this grade, what got in the way,
what we learned, with a prompt that reads the grade rather than its colour.

Panel keys: up/down pick a key result; left/right cycle the field (why, obstacles, learned),
or F4 / F5 / F6 pick it (from the capture line too). The capture line records a note in
that field of that key result.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.coaching import grade_prompt
from ....domain.state import State
from ....domain.text import one_line
from ..capture_target import Target
from .grading_panel import grade_content
from .prior_kr_list import PriorKrListPanel

FIELDS = ("why", "obstacles", "learned")
FIELD_LABEL = {"why": "why this grade", "obstacles": "what got in the way", "learned": "what we learned"}
FIELD_ASK = {"why": "Why this grade?", "obstacles": "What got in the way?", "learned": "What did we learn?"}


class RetroPanel(PriorKrListPanel):
    kind = PhaseKind.RETRO
    BINDINGS = [
        Binding("up", "move(-1)", "Key result", show=False),
        Binding("down", "move(1)", "Key result", show=False),
        Binding("f4", "field('why')", "Why"),
        Binding("f5", "field('obstacles')", "Obstacles"),
        Binding("f6", "field('learned')", "Learned"),
        Binding("left", "cycle(-1)", "Field", show=False),
        Binding("right", "cycle(1)", "Field", show=False),
    ]

    def __init__(self, state: State, read_only: bool = False, **kwargs) -> None:
        super().__init__(state, read_only=read_only, **kwargs)
        self.selected = 0
        self.field = "why"

    # -- keys ----------------------------------------------------------------------
    def action_field(self, name: str) -> None:
        self.field = name
        self._changed()

    def action_cycle(self, step: int) -> None:
        self.field = FIELDS[(FIELDS.index(self.field) + step) % len(FIELDS)]
        self._changed()

    # -- the capture line -------------------------------------------------------------
    def default_target(self) -> Target:
        kr, field = self.current, self.field
        ref = kr.id if kr else None
        if kr is None:
            hint = f"{FIELD_ASK[field]} (no key results from last quarter) Enter records it"
            label = field
        else:
            grade = self.state.grades.get(kr.id)
            shown = f"{grade:.1f}" if grade is not None else "ungraded"
            hint = f"{FIELD_ASK[field]} ({shown}: {one_line(kr.text, 30)}) Enter records it · F4/F5/F6 field"
            label = f"{field} of «{one_line(kr.text, 20)}»"
        return Target(("retro", ref, field), label, hint,
                      lambda text, by, kind: [(ev.RetroNoted, {"kr": ref, "field": field, "text": text})])

    # -- drawing ---------------------------------------------------------------------
    def _notes(self, kr: int | None, rows: list[Content]) -> None:
        muted = self.get_visual_style("phase--muted", partial=True)
        for field in FIELDS:
            for note in (r for r in self.state.retro if r.kr == kr and r.field == field):
                rows.append(Content.assemble("    ", (f"{field}: ", muted), one_line(note.text)))

    def render_state(self) -> None:
        if not self.is_mounted:
            return
        krs = self.krs
        self.selected = max(0, min(self.selected, len(krs) - 1))
        selected = self.get_visual_style("phase--selected", partial=True)
        muted = self.get_visual_style("phase--muted", partial=True)
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
            label = field if self.narrow else f"F{FIELDS.index(field) + 4} {FIELD_LABEL[field]}"
            tabs.append(Content.styled(f"[{label}]", selected) if field == self.field else f" {label} ")
            tabs.append(" ")
        status = [Content.assemble(*tabs),
                  Content.styled("Grades are for learning, never for performance reviews.", muted)]
        self.show(status, rows, (
            "Tab: panel · ↑↓ KR · ←→ or F4/F5/F6 field",
            "Tab: capture line ↔ panel · ↑↓ pick a key result · ←→ field, or F4 why · F5 obstacles · F6 learned"),
            at)
