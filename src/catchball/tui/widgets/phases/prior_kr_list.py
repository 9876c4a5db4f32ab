"""The list of last quarter's key results that grading and the retrospective both walk."""

from __future__ import annotations

from ....domain.records import PriorKr
from ..list_panel import ListPanel


class PriorKrListPanel(ListPanel):
    selected = 0

    @property
    def krs(self) -> list[PriorKr]:
        return list(self.state.prior_krs.values())

    @property
    def current(self) -> PriorKr | None:
        krs = self.krs
        return krs[min(self.selected, len(krs) - 1)] if krs else None

    def action_move(self, step: int) -> None:
        self.selected = max(0, min(len(self.krs) - 1, self.selected + step))
        self.render_state()
