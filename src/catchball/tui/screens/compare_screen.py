"""Two sessions side by side (typically consecutive quarters of one team).

The earlier session is on the left. Its key results show the grade they got in the later
session's grading phase when they were carried forward (matched by their text).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static

from ...domain.state import State
from ...domain.text import one_line
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

WIDTH = 400  # characters of one item shown; a longer text ends in an ellipsis


def _grades_by_text(state: State) -> dict[str, float | None]:
    return {kr.text: state.grades.get(kr.id) for kr in state.prior_krs.values()}


def sections(name: str, state: State, later: State | None) -> list[tuple[str, list[str]]]:
    """The side of one session: (heading, lines). `later` is the session its KRs were carried to."""
    info = state.session.session
    carried = _grades_by_text(later) if later is not None else {}
    focus = state.objectives[state.focus].text if state.focus in state.objectives else None
    krs = []
    for kr in state.key_results.values():
        line = f"• {one_line(kr.text, WIDTH)}"
        if kr.text in carried:
            grade = carried[kr.text]
            line += f"  → graded {grade:.1f} next quarter" if grade is not None else "  → carried, not graded yet"
            prior = next((p for p in later.prior_krs.values() if p.text == kr.text), None)
            if prior is not None and prior.proposed_grade is not None:  # the room's estimate against the grade
                line += (f"; planned confidence {kr.confidence}/10, last check-in {prior.confidence}/10, "
                         f"numbers proposed {prior.proposed_grade:.1f}")
        krs.append(line)
    grades = [f"• {one_line(kr.text, WIDTH)}: " + (f"{state.grades[kr.id]:.1f}" if kr.id in state.grades
                                                    else "not graded")
              for kr in state.prior_krs.values()]
    parked = [f"• {one_line(state.objectives[i].text, WIDTH)}: {one_line(why, WIDTH)}"
              for i, why in state.parked.items() if i in state.objectives]
    retro = [f"• ({r.field}) {one_line(r.text, WIDTH)}" for r in state.retro]
    status = "finished" if state.finished else "not finished"
    return [
        (one_line(info.title, WIDTH), [f"{info.created:%Y-%m-%d} · {info.level.value} · {info.mode.value} · "
                                       f"{status} · {one_line(name, 80)}"]),
        ("Focused objective", [one_line(focus, WIDTH) if focus else "none chosen"]),
        ("Key results", krs or ["none"]),
        ("Grades of the quarter before", grades or ["none"]),
        ("Parked", parked or ["nothing"]),
        ("What the retro learned", retro or ["nothing recorded"]),
    ]


class CompareScreen(Screen):
    CSS_PATH = str(Path(__file__).with_name("review.tcss"))
    BINDINGS = [Binding("q,escape", "leave", "Back")]

    def __init__(self, name_a: str, state_a: State, name_b: str, state_b: State) -> None:
        super().__init__()
        self.sides = [(name_a, state_a, state_b), (name_b, state_b, None)]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="compare"):
            for n, (name, state, later) in enumerate(self.sides):
                with VerticalScroll(classes="compare-side", id=f"compare-{'ab'[n]}"):
                    for i, (heading, lines) in enumerate(sections(name, state, later)):
                        yield Label(Content(heading), classes="compare-title" if i == 0 else "compare-heading")
                        yield Static(Content("\n".join(lines)), classes="compare-body", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Compare sessions"
        self.sub_title = "earlier on the left"

    def action_leave(self) -> None:
        self.dismiss()
