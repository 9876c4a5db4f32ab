"""Check-in, the health metrics (KPIs) from the winning logic: steady, or at risk.

Keys with the panel focused: up/down pick a health metric; left marks it steady, right at risk.
The capture line adds a note to the selected metric once it is marked (otherwise a note of the
phase).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.model import ContributionType
from ....domain.text import one_line
from ..capture_target import Plan, Target, note_target
from ..list_panel import ListPanel

WORDS = {"steady": "steady", "at_risk": "AT RISK", None: "not checked"}


class KpisPanel(ListPanel):
    kind = PhaseKind.KPIS
    BINDINGS = [
        Binding("up", "move(-1)", "Metric", show=False),
        Binding("down", "move(1)", "Metric", show=False),
        Binding("left", "mark('steady')", "Steady"),
        Binding("right", "mark('at_risk')", "At risk"),
        Binding("tab", "to_capture", "Type", show=False),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = 0

    @property
    def kpis(self) -> list[str]:
        quarter = self.state.session.quarter
        return list(quarter.kpis) if quarter else []

    @property
    def current(self) -> str | None:
        kpis = self.kpis
        return kpis[min(self.selected, len(kpis) - 1)] if kpis else None

    def action_move(self, step: int) -> None:
        self.selected = max(0, min(len(self.kpis) - 1, self.selected + step))
        self.render_state()

    def action_mark(self, status: str) -> None:
        kpi = self.current
        if kpi is None:
            self.notify("The winning logic names no health metric.")
            return
        old = self.state.kpi_checks.get(kpi)
        if old is None or old.status != status:
            self.command(ev.KpiChecked, kpi=kpi, status=status, **({"note": old.note} if old and old.note else {}))

    # -- where the capture line's text goes ---------------------------------------------------
    def default_target(self) -> Target:
        kpi = self.current
        if kpi is None:
            return note_target("No health metrics in the winning logic: a note, Enter records it",
                               phase=self.state.phase)
        if kpi not in self.state.kpi_checks:
            return note_target("Tab, then ← steady or → at risk; or a note, Enter records it", phase=self.state.phase)
        return Target(("kpi-note", kpi), f"note on {one_line(kpi, 20)}",
                      f"A note on {one_line(kpi, 40)}, Enter records it",
                      lambda text, by, kind: self._note(kpi, text, by, kind))

    def _note(self, kpi: str, text: str, by: str | None, kind: ContributionType) -> Plan:
        check = self.state.kpi_checks.get(kpi)
        if check is None or kind is not ContributionType.NOTE:
            return note_target().build(text, by, kind)
        return [(ev.KpiChecked, {"kpi": kpi, "status": check.status, "note": text})]

    def render_state(self) -> None:
        if not self.is_mounted:
            return
        muted = self.get_visual_style("phase--muted", partial=True)
        rows: list[Content] = []
        for i, kpi in enumerate(self.kpis):
            check = self.state.kpi_checks.get(kpi)
            status = check.status if check else None
            style = self.get_visual_style("phase--flag" if status == "at_risk" else
                                          "phase--good" if status == "steady" else "phase--muted", partial=True)
            row = Content.assemble("▸ " if i == self.selected else "  ", (f"{WORDS[status]:<12}", style),
                                   one_line(kpi, 60))
            if check and check.note:
                row = Content.assemble(row, ("  · " + one_line(check.note, 60), muted))
            rows.append(row.stylize(self.get_visual_style("phase--selected", partial=True))
                        if i == self.selected else row)
        if not rows:
            rows.append(Content.styled("The winning logic names no health metric (KPI).", muted))
        at_risk = sum(1 for c in self.state.kpi_checks.values() if c.status == "at_risk")
        status_line = Content("Keeping a KPI steady is not the OKR; an OKR that breaks one is a bad trade."
                              + (f" {at_risk} at risk." if at_risk else ""))
        self.show(status_line, rows, ("Tab: panel · ↑↓ · ← steady · → at risk",
                                      "Tab/Esc: capture line ↔ panel · ↑↓ metric · ← steady · → at risk"),
                  Region(0, self.selected, 1, 1))
