"""Phase 2, grading: last quarter's key results, each graded 0.0-1.0 in one keystroke.

Keys with the panel focused: up/down pick a key result; 0-9 grade it 0.0-0.9 and t (or =)
grades it 1.0, then the next one is picked; + and - move the grade by 0.1. The capture line
adds a key result of last quarter that was not carried in.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.coaching import grade_word
from ....domain.model import ContributionType
from ....domain.state import State
from ....domain.text import one_line
from ..phase_panel import Command, PhasePanel
from .prior_kr_list import PriorKrListPanel

BAR_WIDTH = 10


def grade_cells(grade: float | None, width: int = BAR_WIDTH) -> tuple[str, str]:
    """The grade as a number and a bar, e.g. ("0.7", "███████░░░"); half cells when narrow."""
    if grade is None:
        return " - ", "·" * width
    halves = round(grade * width * 2)
    bar = "█" * (halves // 2) + ("▌" if halves % 2 else "")
    return f"{grade:.1f}", bar + "░" * (width - len(bar))


def grade_content(panel: PhasePanel, grade: float | None, narrow: bool = False) -> Content:
    """Number, bar and word: the grade never rests on colour alone."""
    number, bar = grade_cells(grade, BAR_WIDTH // 2 if narrow else BAR_WIDTH)
    word = grade_word(grade)
    return Content.assemble(number, " ", (bar, panel.get_visual_style("pa--bar", partial=True)),
                            " ", f"{word:<8} ")


def proposal_text(kr) -> str:
    """What the quarter's check-ins measured, for the room to confirm or change."""
    if kr.proposed_grade is None:
        return ""
    conf = f", confidence {kr.confidence}/10" if kr.confidence else ""
    return f"  (numbers propose {kr.proposed_grade:.1f}: last {kr.last_value}{conf})"


class GradingPanel(PriorKrListPanel):
    kind = PhaseKind.GRADING
    COMPONENT_CLASSES = {"pa--selected", "pa--muted", "pa--flag", "pa--good", "pa--bar"}
    BINDINGS = [
        Binding("up", "move(-1)", "Key result", show=False),
        Binding("down", "move(1)", "Key result", show=False),
        *[Binding(str(d), f"grade({d})", f"0.{d}", show=False) for d in range(10)],
        Binding("t", "grade(10)", "1.0"),
        Binding("equals_sign", "grade(10)", "1.0", show=False),
        Binding("plus", "step(1)", "+0.1"),
        Binding("minus", "step(-1)", "-0.1"),
        Binding("a", "add", "Add KR"),
        Binding("tab", "to_capture", "Type", show=False),
    ]

    def __init__(self, state: State, read_only: bool = False, **kwargs) -> None:
        super().__init__(state, read_only=read_only, **kwargs)
        self.selected = 0
        self.adding = False  # `a` arms the capture line to add a key result of last quarter

    # -- keys ----------------------------------------------------------------------
    def action_grade(self, tenths: int) -> None:
        kr = self.current
        if kr is None:
            self.notify("Add last quarter's key results first: press a, type one, Enter.")
            return
        self.command(ev.KrGraded, kr=kr.id, grade=tenths / 10)
        self.action_move(1)

    def action_step(self, step: int) -> None:
        kr = self.current
        if kr is None:
            return
        old = self.state.grades.get(kr.id)
        tenths = round((old if old is not None else 0.0) * 10) + (step if old is not None or step > 0 else 0)
        tenths = max(0, min(10, tenths))
        if old is None or tenths != round(old * 10):
            self.command(ev.KrGraded, kr=kr.id, grade=tenths / 10)

    # -- the capture line -------------------------------------------------------------
    def action_add(self) -> None:
        """Arm the capture line: the next Enter adds a key result of last quarter."""
        self.adding = True
        self.render_state()
        self.action_to_capture()

    def capture(self, text: str, by: str | None, kind: ContributionType) -> list[Command] | None:
        if not self.adding:
            return None  # a note of the phase, like anything said in the room
        self.adding = False
        self.selected = len(self.krs)  # the new one, once recorded
        return [(ev.PriorKrAdded, {"text": text, "source": "typed"})]

    def capture_hint(self) -> str:
        if self.adding:
            return "Last quarter's key result: type it, Enter adds it for grading"
        if not self.krs:
            return "A note, Enter records it · to add last quarter's key results: Tab, then a"
        return "A note, Enter records it · Tab: grade with 0-9 (t = 1.0), a adds a key result"

    # -- drawing ---------------------------------------------------------------------
    def render_state(self) -> None:
        if not self.is_mounted:
            return
        krs = self.krs
        self.selected = max(0, min(self.selected, len(krs) - 1))
        selected = self.get_visual_style("pa--selected", partial=True)
        rows: list[Content] = []
        for i, kr in enumerate(krs):
            line = Content.assemble("▸ " if i == self.selected else "  ",
                                    grade_content(self, self.state.grades.get(kr.id), self.narrow),
                                    one_line(kr.text) + proposal_text(kr))
            rows.append(line.stylize(selected) if i == self.selected else line)
        muted = self.get_visual_style("pa--muted", partial=True)
        if not krs:
            rows.append(Content.styled("No key results from last quarter yet.", muted))
            rows.append(Content.styled("Tab, then a: the next line you type adds one.", muted))
        graded = sum(1 for kr in krs if kr.id in self.state.grades)
        status = [Content.assemble((f"Graded {graded} of {len(krs)}", self.get_visual_style(
            "pa--good" if krs and graded == len(krs) else "pa--flag", partial=True)),
            " · rough is fine" if self.narrow else
            " · a rough number is fine: the discussion belongs to the retrospective")]
        self.show(status, rows, (
            "Tab: panel · ↑↓ · 0-9 · t=1.0 · +/- · a add",
            "Tab/Esc: capture line ↔ panel · ↑↓ pick · 0-9 grade 0.0-0.9 · t or = 1.0 · +/- step · a add a KR"),
            Region(0, self.selected, 1, 1))
