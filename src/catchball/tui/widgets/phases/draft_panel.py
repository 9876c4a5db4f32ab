"""Phase 5, the leader's draft: candidate objectives, each tied to the winning logic.

Panel keys: up/down pick an element of the winning logic, Enter marks or unmarks it. The
capture line drafts an objective linked to the marked elements; one with no link is still
recorded, and shown flagged Disconnected: the coach flags, the room decides. Left/right pick
an objective already drafted instead of the next one: Enter then links or unlinks the element
for it, recorded at once (an `objective_linked` event, one ctrl+z away).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.model import WINNING_TEXT, ContributionType, WinningElement
from ....domain.records import WinningItem
from ....domain.state import State
from ....domain.text import one_line
from ..capture_target import Plan, Target
from ..list_panel import ListPanel
from .carried_rows import carried_rows

SHORT: dict[WinningElement, str] = {
    WinningElement.SERVE: "serve", WinningElement.OFFER: "offer", WinningElement.WIN: "win",
    WinningElement.SAY_NO: "say no", WinningElement.BELIEF: "belief", WinningElement.KPI: "KPI",
}


class DraftPanel(ListPanel):
    kind = PhaseKind.DRAFT
    BINDINGS = [
        Binding("up", "move(-1)", "Element", show=False),
        Binding("down", "move(1)", "Element", show=False),
        Binding("left", "objective(-1)", "Objective", show=False),
        Binding("right", "objective(1)", "Objective", show=False),
        Binding("enter", "toggle", "Link"),
    ]

    def __init__(self, state: State, read_only: bool = False, **kwargs) -> None:
        super().__init__(state, read_only=read_only, **kwargs)
        self.selected = 0
        self.marked: set[int] = set()
        self.relinking: int | None = None  # a drafted objective whose links Enter edits (None: the next one)
        self._drafted = len(state.objectives)

    @property
    def items(self) -> list[WinningItem]:
        """What an objective can be tied to: the hypothesis, not the health metrics."""
        return [w for w in self.state.winning.values() if w.element is not WinningElement.KPI]

    # -- keys ----------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self.selected = max(0, min(len(self.items) - 1, self.selected + step))
        self.render_state()

    def action_objective(self, step: int) -> None:
        """Whose links Enter edits: the next objective, or one already drafted (O1, O2...)."""
        choices: list[int | None] = [None, *self.state.objectives]
        at = choices.index(self.relinking) if self.relinking in choices else 0
        self.relinking = choices[(at + step) % len(choices)]
        self._changed()

    def action_toggle(self) -> None:
        items = self.items
        if not items:
            self.notify("There is no winning logic to link to: PageUp goes back to it.")
            return
        item = items[self.selected]
        objective = self.state.objectives.get(self.relinking) if self.relinking is not None else None
        if objective is None:
            self.marked ^= {item.id}
            self._changed()
            return
        linked = item.id not in objective.links
        number = list(self.state.objectives).index(objective.id) + 1
        what = f"{WINNING_TEXT[item.element]}: {one_line(item.text, 60)}"
        done = (f"Linked O{number} to {what} (ctrl+z takes it back)." if linked
                else f"Unlinked O{number} from {what} (ctrl+z puts the link back).")
        self.command(ev.ObjectiveLinked, done=done, objective=objective.id, element=item.id, linked=linked)

    # -- where the capture line's text goes -------------------------------------------
    def _links(self) -> list[int]:
        return sorted(ref for ref in self.marked if ref in self.state.winning)

    def default_target(self) -> Target:
        count = len(self._links())
        if count:
            hint = f"The leader's objective, linked to {count} marked element{'s' * (count > 1)}: Enter drafts it"
        else:
            hint = "The leader's objective: Tab, Enter marks what it serves first (unlinked = Disconnected)"
        return Target(("objective",), f"objective ({count} link{'s' * (count != 1)})", hint, self._draft)

    def _draft(self, text: str, by: str | None, kind: ContributionType) -> Plan:
        return [(ev.ObjectiveDrafted, {"text": text, "links": self._links()})]

    def watch_revision(self) -> None:
        count = len(self.state.objectives)
        if count > self._drafted:
            self.marked = set()  # the marks were for the objective just drafted
        self._drafted = count
        super().watch_revision()
        self.post_message(self.TargetChanged())

    # -- drawing ---------------------------------------------------------------------
    def render_state(self) -> None:
        if not self.is_mounted:
            return
        muted = self.get_visual_style("phase--muted", partial=True)
        flag = self.get_visual_style("phase--flag", partial=True)
        good = self.get_visual_style("phase--good", partial=True)
        winning = self.state.winning
        rows: list[Content] = carried_rows("Last quarter's parking lot (candidates):",
                                           self.state.session.carried.parking_lot, muted)
        objectives = list(self.state.objectives.values())
        relinking = self.state.objectives.get(self.relinking) if self.relinking is not None else None
        for number, objective in enumerate(objectives, 1):
            links = [winning[ref] for ref in objective.links if ref in winning]
            head = Content.assemble(f"{'▶' if objective is relinking else '◆'} O{number} ", one_line(objective.text))
            rows.append(head.stylize(self.get_visual_style("phase--selected", partial=True))
                        if objective is relinking else head)
            if links:
                names = " · ".join(SHORT[w.element] if self.narrow else
                                   f"{WINNING_TEXT[w.element]}: {one_line(w.text)}" for w in links)
                rows.append(Content.assemble("    ", ("↳ linked", good), " ", names))
            else:
                rows.append(Content.assemble("    ", ("⚠ DISCONNECTED", flag),
                                             ("" if self.narrow else ": no link to the winning logic", muted)))
        if not objectives:
            rows.append(Content.styled("No objective drafted yet.", muted))
        if relinking is not None:
            number = objectives.index(relinking) + 1
            rows.append(Content.styled(f"Links of O{number} (Enter: link/unlink, recorded)" if self.narrow else
                                       f"Links of O{number} (Enter links or unlinks, recorded; ←→ another):", muted))
        else:
            rows.append(Content.styled("Link the next objective to (Enter marks)" if self.narrow else
                                       "Link the next objective to (Enter marks; ←→ a drafted one):", muted))
        chosen = set(relinking.links) if relinking is not None else self.marked
        items = self.items
        self.selected = max(0, min(self.selected, len(items) - 1))
        at = len(rows) - 1
        for i, item in enumerate(items):
            mark = "[x]" if item.id in chosen else "[ ]"
            line = Content.assemble("▸ " if i == self.selected else "  ", mark, " ",
                                    (f"{SHORT[item.element] if self.narrow else WINNING_TEXT[item.element]}: ",
                                     muted), one_line(item.text))
            if i == self.selected:
                at = len(rows)
                line = line.stylize(self.get_visual_style("phase--selected", partial=True))
            rows.append(line)
        if not items:
            rows.append(Content.styled("  (no winning logic: PageUp goes back to phase 4)", muted))
        disconnected = sum(1 for o in objectives if not any(ref in winning for ref in o.links))
        status = Content.assemble(
            f"{len(objectives)} candidate{'s' * (len(objectives) != 1)}",
            (f" · ⚠ {disconnected} disconnected", flag) if disconnected else "",
            f" · {len(self.marked)} marked" if self.marked else "",
            "" if self.narrow else " · the coach flags, the room decides")
        self.show(status, rows, (
            "↑↓ element · ←→ objective · Enter link",
            "Tab: line ↔ panel · ↑↓ element · Enter marks a link for the next objective · ←→ a drafted one: "
            "Enter (un)links"),
            Region(0, at, 1, 1))
