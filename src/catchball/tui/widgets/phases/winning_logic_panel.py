"""Phase 4, winning logic: the strategy hypothesis, element by element, and apart from it the
health metrics (KPIs) that watch the running business.

Panel keys: up/down pick the element (Tab gets to the panel), left/right one of its entries;
F4 revises the picked entry (the capture line starts from its text), Delete drops it (ctrl+z
brings it back). The capture line adds an entry to the picked element. A session carried
forward starts with last quarter's winning logic in place, to revise rather than retype, and
shows the lessons last quarter's retrospective drew.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.model import WINNING_TEXT, WinningElement
from ....domain.records import WinningItem
from ....domain.state import State
from ....domain.text import one_line
from ..capture_target import Target
from ..list_panel import ListPanel
from .carried_rows import carried_rows

ELEMENTS = list(WinningElement)
HYPOTHESIS = [e for e in ELEMENTS if e is not WinningElement.KPI]


class WinningLogicPanel(ListPanel):
    kind = PhaseKind.WINNING_LOGIC
    BINDINGS = [
        Binding("up", "move(-1)", "Element", show=False),
        Binding("down", "move(1)", "Element", show=False),
        Binding("left", "entry(-1)", "Entry", show=False),
        Binding("right", "entry(1)", "Entry", show=False),
        Binding("f4", "revise", "Revise"),
        Binding("delete", "drop", "Drop"),
    ]

    def __init__(self, state: State, read_only: bool = False, **kwargs) -> None:
        super().__init__(state, read_only=read_only, **kwargs)
        self.selected = 0
        self.entry = 0  # the picked entry of the selected element
        self.revising: int | None = None  # the entry the armed capture line revises

    @property
    def element(self) -> WinningElement:
        return ELEMENTS[self.selected]

    def entries(self, element: WinningElement | None = None) -> list[WinningItem]:
        element = element or self.element
        return [w for w in self.state.winning.values() if w.element is element]

    @property
    def current(self) -> WinningItem | None:
        items = self.entries()
        return items[min(self.entry, len(items) - 1)] if items else None

    # -- keys ----------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self.action_pick(max(0, min(len(ELEMENTS) - 1, self.selected + step)))

    def action_pick(self, index: int) -> None:
        if index != self.selected:
            self.entry = 0
        self.selected = index
        self.render_state()

    def action_entry(self, step: int) -> None:
        self.entry = max(0, min(len(self.entries()) - 1, self.entry + step))
        self.render_state()

    def action_revise(self) -> None:
        item = self.current
        if item is None:
            self.notify("Nothing to revise here yet: type an entry, Enter adds it.")
            return
        self.revising = item.id
        self.arm("revise")

    def action_drop(self) -> None:
        item = self.current
        if item is not None:
            self.command(ev.WinningLogicDropped, done=f"Dropped «{one_line(item.text, 60)}». ctrl+z brings it back.",
                         item=item.id)

    def _mode_changed(self, mode: str | None) -> None:
        if mode is None:
            self.revising = None

    def armed_target(self) -> Target | None:
        item = self.state.winning.get(self.revising) if self.revising is not None else None
        if self.mode == "revise" and item is not None:
            ref = item.id
            return Target(("winning-revise", ref), f"revise «{one_line(item.text, 24)}»",
                          "Revise the entry: Enter records the new words (Esc: cancel)",
                          lambda text, by, kind: [(ev.WinningLogicRevised, {"item": ref, "text": text})],
                          armed=True, prefill=item.text)
        return None

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
        muted = self.get_visual_style("phase--muted", partial=True)
        items = self.entries(element)
        heading = Content.assemble("▸ " if index == self.selected else "  ", f"{index + 1} {WINNING_TEXT[element]}",
                                   (f"  ({len(items)})" if items else "  — nothing yet", muted))
        row = len(rows)
        rows.append(heading.stylize(self.get_visual_style("phase--selected", partial=True))
                    if index == self.selected else heading)
        picked = min(self.entry, len(items) - 1) if index == self.selected else -1
        for i, w in enumerate(items):
            origin = ("" if not w.carried or self.narrow else "  (last quarter, revised)" if w.revised
                      else "  (last quarter)")
            bullet = "▹" if i == picked else "↻" if w.carried and not w.revised else "·"
            rows.append(Content.assemble(f"     {bullet} ", one_line(w.text), (origin, muted)))
        return Region(0, row, 1, 1 + len(items))

    def render_state(self) -> None:
        if not self.is_mounted:
            return
        muted = self.get_visual_style("phase--muted", partial=True)
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
        rows += carried_rows("What last quarter's retrospective taught:", self.state.session.carried.lessons, muted)
        filled = sum(1 for e in HYPOTHESIS if any(w.element is e for w in self.state.winning.values()))
        kpis = sum(1 for w in self.state.winning.values() if w.element is WinningElement.KPI)
        carried = sum(1 for w in self.state.winning.values() if w.carried and not w.revised)
        status = Content.assemble(
            (f"Hypothesis {filled} of {len(HYPOTHESIS)} elements", self.get_visual_style(
                "phase--good" if filled == len(HYPOTHESIS) else "phase--flag", partial=True)),
            f" · {kpis} KPI{'s' if kpis != 1 else ''}",
            (f" · ↻ {carried}" if self.narrow else
             f" · ↻ {carried} as last quarter left {'it' if carried == 1 else 'them'}") if carried else "",
            "" if self.narrow or carried else " · the leader's draft will link objectives to these elements")
        self.show(status, rows, (
            "Tab: panel · ↑↓ ←→ · F4 revise · Del drop",
            "Tab: capture line ↔ panel · ↑↓ the element the line adds to · ←→ an entry · F4 revise · "
            "Delete drop"), at)
