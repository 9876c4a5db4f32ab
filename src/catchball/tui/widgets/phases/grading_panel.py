"""Phase 2, grading: last quarter's key results, each graded 0.0-1.0 in one keystroke.

Panel keys (none of them a letter or digit): up/down pick a key result; right/left move its
grade by 0.1; F4 (or Enter on the panel) arms the capture line for the grade typed as a
number (0.7), then the next key result is picked; F5 arms it to add a key result of last
quarter that was not carried in; F6 confirms the grade the quarter's numbers propose (a key
result carried forward with its check-ins' last value), recorded as confirmed from the numbers,
and picks the next one. Plain typing is a note of the phase.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.coaching import grade_word
from ....domain.commands import Refused
from ....domain.state import State
from ....domain.text import one_line
from ..capture_target import Plan, Target
from ..phase_panel import PhasePanel
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
    return Content.assemble(number, " ", (bar, panel.get_visual_style("phase--bar", partial=True)),
                            " ", f"{word:<8} ")


def proposal_text(kr, state: State | None = None, narrow: bool = False) -> str:
    """What the quarter's check-ins measured, for the room to confirm (F6) or change; on a line of its
    own under the key result, so that it shows at any width."""
    if kr.proposed_grade is None:
        return ""
    conf = (f" · {kr.confidence}/10" if narrow else f" · confidence {kr.confidence}/10") if kr.confidence else ""
    if state is not None and kr.id in state.from_numbers:
        return (f"from the numbers ✓ (last {kr.last_value}{conf})" if narrow else
                f"confirmed from the numbers: last {kr.last_value}{conf}")
    return (f"numbers: {kr.proposed_grade:.1f} (last {kr.last_value}{conf}) · F6" if narrow else
            f"the numbers propose {kr.proposed_grade:.1f}: last {kr.last_value}{conf} · F6 takes it")


class GradingPanel(PriorKrListPanel):
    kind = PhaseKind.GRADING
    BINDINGS = [
        Binding("up", "move(-1)", "Key result", show=False),
        Binding("down", "move(1)", "Key result", show=False),
        Binding("right", "step(1)", "+0.1", show=False),
        Binding("left", "step(-1)", "-0.1", show=False),
        Binding("f4,enter", "grade", "Grade"),
        Binding("f5", "add", "Add KR"),
        Binding("f6", "confirm", "Confirm the numbers' grade"),
    ]

    def __init__(self, state: State, read_only: bool = False, **kwargs) -> None:
        super().__init__(state, read_only=read_only, **kwargs)
        self.selected = 0
        self.grading: int | None = None  # the key result the typed grade is for

    # -- keys ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F6 is offered only where the numbers propose a grade."""
        if action == "confirm":
            return any(kr.proposed_grade is not None for kr in self.krs)
        return True

    def action_grade(self) -> None:
        kr = self.current
        if kr is None:
            self.notify("Add last quarter's key results first: F5, type one, Enter.")
            return
        self.grading = kr.id
        self.arm("grade")

    def action_step(self, step: int) -> None:
        kr = self.current
        if kr is None:
            return
        old = self.state.grades.get(kr.id)
        tenths = round((old if old is not None else 0.0) * 10) + (step if old is not None or step > 0 else 0)
        tenths = max(0, min(10, tenths))
        if old is None or tenths != round(old * 10):
            self.command(ev.KrGraded, kr=kr.id, grade=tenths / 10)

    def action_confirm(self) -> None:
        """Take the grade the numbers propose for the picked key result, then pick the next one."""
        kr = self.current
        if kr is None or kr.proposed_grade is None:
            self.notify("No grade proposed by the numbers here: set it with ←→ or F4.")
            return
        self.command(ev.KrGraded, done=f"Graded {kr.proposed_grade:.1f} from the numbers. ctrl+z takes it back.",
                     kr=kr.id, grade=kr.proposed_grade, from_numbers=True)
        self.action_move(1)

    def action_add(self) -> None:
        """Arm the capture line: the next Enter adds a key result of last quarter."""
        self.arm("add")

    # -- where the capture line's text goes ------------------------------------------------
    def armed_target(self) -> Target | None:
        if self.mode == "add":
            return Target(("prior-kr",), "last quarter's key result",
                          "Last quarter's key result: type it, Enter adds it for grading (Esc: cancel)",
                          lambda text, by, kind: [(ev.PriorKrAdded, {"text": text, "source": "typed"})],
                          armed=True)
        kr = self.state.prior_krs.get(self.grading) if self.grading is not None else None
        if self.mode == "grade" and kr is not None:
            ref = kr.id
            return Target(("grade", ref), f"grade of «{one_line(kr.text, 24)}»",
                          "The grade from 0.0 to 1.0, e.g. 0.7: Enter records it (Esc: cancel)",
                          lambda text, by, kind: self._graded(ref, text), armed=True)
        return None

    def _graded(self, ref: int, text: str) -> Plan:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            value = -1.0
        if not 0.0 <= value <= 1.0 or abs(value * 10 - round(value * 10)) > 1e-9:
            raise Refused("A grade is a number from 0.0 to 1.0 in tenths, e.g. 0.7.")
        ids = [kr.id for kr in self.krs]
        if ref in ids and ids.index(ref) == self.selected:
            self.action_move(1)
        return [(ev.KrGraded, {"kr": ref, "grade": round(value, 1)})]

    def watch_revision(self) -> None:
        if self.mode == "add" and len(self.krs) > self.selected + 1:
            self.selected = len(self.krs) - 1
        super().watch_revision()

    def default_target(self) -> Target:
        hint = ("A note, Enter records it · to add last quarter's key results: F5" if not self.krs else
                "A note, Enter records it · F6 takes the numbers' grade, F4 types one" if self._proposals() else
                "A note, Enter records it · F4 types a grade, Tab: the panel (←→ grade)")
        return Target(("note", self.state.phase), "note", hint,
                      lambda text, by, kind: [(ev.Noted, {"text": text, "by": by, "type": kind})])

    def _proposals(self) -> int:
        return sum(1 for kr in self.krs if kr.proposed_grade is not None)

    # -- drawing ---------------------------------------------------------------------
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
            line = Content.assemble("▸ " if i == self.selected else "  ",
                                    grade_content(self, self.state.grades.get(kr.id), self.narrow), one_line(kr.text))
            proposal = proposal_text(kr, self.state, self.narrow)
            if i == self.selected:
                at = Region(0, len(rows), 1, 2 if proposal else 1)
            rows.append(line.stylize(selected) if i == self.selected else line)
            if proposal:
                rows.append(Content.assemble("      ", (proposal, muted)))
        if not krs:
            rows.append(Content.styled("No key results from last quarter yet.", muted))
            rows.append(Content.styled("F5: the next line you type adds one.", muted))
        graded = sum(1 for kr in krs if kr.id in self.state.grades)
        proposed = self._proposals()
        if bool(proposed) != getattr(self, "_offered", False):
            self._offered = bool(proposed)
            self.refresh_bindings()
        confirmed = sum(1 for kr in krs if kr.id in self.state.from_numbers)
        status = [Content.assemble((f"Graded {graded} of {len(krs)}", self.get_visual_style(
            "phase--good" if krs and graded == len(krs) else "phase--flag", partial=True)),
            f" · {confirmed} of {proposed} from the numbers" if proposed else "",
            " · rough is fine" if self.narrow else
            " · a rough number is fine: the discussion belongs to the retrospective")]
        self.show(status, rows, (
            "Tab · ↑↓ ←→ · F4 type · F6 numbers" if proposed else
            "Tab: panel · ↑↓ · ←→ ±0.1 · F4 type grade · F5 add",
            "Tab: capture line ↔ panel · ↑↓ pick · ←→ grade ±0.1 · F4/Enter type the grade · F5 add a KR"
            + (" · F6 confirm the numbers' grade" if proposed else "")),
            at)
