"""Phase 4, winning logic: the strategy hypothesis, element by element, and apart from it the
health metrics (KPIs) that watch the running business.

Keys with the panel focused: up/down or 1-6 pick the element. The capture line adds an
entry to the picked element.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.model import WINNING_TEXT, ContributionType, WinningElement
from ....domain.state import State
from ....domain.text import one_line
from ..list_panel import ListPanel
from ..phase_panel import Command

ELEMENTS = list(WinningElement)
HYPOTHESIS = [e for e in ELEMENTS if e is not WinningElement.KPI]


class WinningLogicPanel(ListPanel):
    kind = PhaseKind.WINNING_LOGIC
    COMPONENT_CLASSES = {"pa--selected", "pa--muted", "pa--flag", "pa--good"}
    BINDINGS = [
        Binding("up", "move(-1)", "Element", show=False),
        Binding("down", "move(1)", "Element", show=False),
        *[Binding(str(i + 1), f"pick({i})", WINNING_TEXT[e], show=False) for i, e in enumerate(ELEMENTS)],
        Binding("tab", "to_capture", "Type", show=False),
    ]

    def __init__(self, state: State, read_only: bool = False, **kwargs) -> None:
        super().__init__(state, read_only=read_only, **kwargs)
        self.selected = 0

    @property
    def element(self) -> WinningElement:
        return ELEMENTS[self.selected]

    # -- keys ----------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self.action_pick(max(0, min(len(ELEMENTS) - 1, self.selected + step)))

    def action_pick(self, index: int) -> None:
        self.selected = index
        self.render_state()

    # -- the capture line -------------------------------------------------------------
    def capture(self, text: str, by: str | None, kind: ContributionType) -> list[Command] | None:
        return [(ev.WinningLogicAdded, {"element": self.element.value, "text": text})]

    def capture_hint(self) -> str:
        if self.element is WinningElement.KPI:
            return "A health metric (KPI) to keep watching: Enter adds it (Tab: ↑↓ or 1-6 picks another)"
        return f"{WINNING_TEXT[self.element]}: type it, Enter adds it (Tab: ↑↓ or 1-6 picks another)"

    # -- drawing ---------------------------------------------------------------------
    def _group(self, index: int, rows: list[Content]) -> Region:
        """Append one element's heading and entries; return the rows they take."""
        element = ELEMENTS[index]
        muted = self.get_visual_style("pa--muted", partial=True)
        items = [w for w in self.state.winning.values() if w.element is element]
        heading = Content.assemble("▸ " if index == self.selected else "  ", f"{index + 1} {WINNING_TEXT[element]}",
                                   (f"  ({len(items)})" if items else "  — nothing yet", muted))
        row = len(rows)
        rows.append(heading.stylize(self.get_visual_style("pa--selected", partial=True))
                    if index == self.selected else heading)
        rows.extend(Content.assemble("     · ", one_line(w.text)) for w in items)
        return Region(0, row, 1, 1 + len(items))

    def render_state(self) -> None:
        if not self.is_mounted:
            return
        muted = self.get_visual_style("pa--muted", partial=True)
        rows: list[Content] = []
        at = Region(0, 0, 1, 1)
        for index, element in enumerate(ELEMENTS):
            if element is WinningElement.KPI:
                rows.append(Content.styled(
                    "── health metrics, kept apart ──" if self.narrow else
                    "── kept apart: health metrics (KPIs) watch the running business; "
                    "an OKR sets out to change it ──",
                    muted))
            region = self._group(index, rows)
            if index == self.selected:
                at = region
        filled = sum(1 for e in HYPOTHESIS if any(w.element is e for w in self.state.winning.values()))
        kpis = sum(1 for w in self.state.winning.values() if w.element is WinningElement.KPI)
        status = Content.assemble(
            (f"Hypothesis {filled} of {len(HYPOTHESIS)} elements", self.get_visual_style(
                "pa--good" if filled == len(HYPOTHESIS) else "pa--flag", partial=True)),
            f" · {kpis} KPI{'s' if kpis != 1 else ''}",
            "" if self.narrow else " · the leader's draft will link objectives to these elements")
        self.show(status, rows, (
            "Tab: panel · ↑↓ or 1-6 element",
            "Tab/Esc: capture line ↔ panel · ↑↓ or 1-6 pick the element the capture line adds to"), at)
