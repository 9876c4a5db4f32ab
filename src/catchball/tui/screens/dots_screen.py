"""The participant's dot vote in the focus phase: Enter puts a dot on the highlighted objective,
Delete takes one back. The room's rules (dots per person, parked objectives) refuse the rest."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.intake import DOTS_PER_PERSON
from ...domain.text import one_line


class DotsScreen(ModalScreen[None]):
    CSS_PATH = "participant_screen.tcss"
    BINDINGS = [
        Binding("escape", "close", "Done"),
        Binding("delete,backspace", "take_back", "Take a dot back"),
    ]

    def __init__(self, participant: Any, clock: Any) -> None:
        super().__init__()
        self.participant = participant
        self.clock = clock

    def compose(self) -> ComposeResult:
        with Vertical(id="dots-box", classes="p-modal"):
            yield Static(f"Your dots ({DOTS_PER_PERSON}): Enter adds one to the highlighted objective, "
                         "Delete takes one back, Esc when done", classes="p-modal-title", markup=False)
            yield OptionList(id="dots-list")
            yield Static(id="dots-status", markup=False)

    def on_mount(self) -> None:
        self._fill()
        self.set_interval(0.5, self._poll)

    def _poll(self) -> None:
        if self.participant.poll():
            self._fill()

    def _candidates(self) -> list:
        state = self.participant.state
        return [o for o in state.objectives.values() if o.id not in state.parked]

    def _fill(self) -> None:
        mine = self.participant.my_dots()
        options = self.query_one(OptionList)
        keep = options.highlighted
        options.clear_options()
        for obj in self._candidates():
            dots = mine.get(obj.id, 0)
            options.add_option(Option(Content(f"{'●' * dots or '○'}  {one_line(obj.text, 200)}"), id=str(obj.id)))
        if self._candidates():
            options.highlighted = min(keep or 0, len(self._candidates()) - 1)
        waiting = self.participant.waiting()
        status = f"{sum(mine.values())} of {DOTS_PER_PERSON} placed (as recorded)"
        self.query_one("#dots-status", Static).update(status + (f", {waiting} waiting" if waiting else ""))

    def _send(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        objective = int(options.get_option_at_index(options.highlighted).id)
        try:
            self.participant.dot(objective, step, self.clock.now())
        except OSError as exc:
            self.notify(Content(f"Not sent: {exc.strerror or exc}."), severity="error")
        self._fill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._send(1)

    def action_take_back(self) -> None:
        self._send(-1)

    def action_close(self) -> None:
        self.dismiss(None)
