"""Phase 4, winning logic: the strategy hypothesis, element by element, and apart from it the
health metrics (KPIs) that watch the running business.

Panel keys: up/down pick the element (Tab gets to the panel). The capture line adds an
entry to the picked element.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.model import WINNING_TEXT, WinningElement
from ....domain.state import State
from ....domain.text import one_line
from ..capture_target import Target
from ..list_panel import ListPanel

ELEMENTS = list(WinningElement)
HYPOTHESIS = [e for e in ELEMENTS if e is not WinningElement.KPI]


class WinningLogicPanel(ListPanel):
    kind = PhaseKind.WINNING_LOGIC
    COMPONENT_CLASSES = {"pa--selected", "pa--muted", "pa--flag", "pa--good"}
    BINDINGS = [
        Binding("up", "move(-1)", "Element", show=False),
        Binding("down", "move(1)", "Element", show=False),
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

    # -- where the capture line's text goes --------------------------------------------
    def default_target(self) -> Target:
        element = self.element
        if element is WinningElement.KPI:
            hint = "A health metric (KPI) to keep watching: Enter adds it (Tab: ↑↓ picks another element)"
        else:
            hint = f"{WINNING_TEXT[element]}: type it, Enter adds it (Tab: ↑↓ picks another element)"
        return Target(("winning", element.value), WINNING_TEXT[element], hint,
                      lambda text, by, kind: [(ev.WinningLogicAdded, {"element": element.value, "text": text})])

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
            "Tab: panel · ↑↓ element",
            "Tab: capture line ↔ panel · ↑↓ pick the element the capture line adds to"), at)
