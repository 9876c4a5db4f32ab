"""The home screen's Practice: pick a scenario, and a practice session starts on the `quick` agenda."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...domain.agenda import AgendaError
from ...domain.scenario import ScenarioError
from ...domain.text import one_line
from ...store.errors import StoreError
from .help_screen import HelpScreen


class PracticePickerScreen(HelpScreen):
    """A modal list of the packaged scenarios (styled like the help page it extends)."""

    def __init__(self) -> None:
        super().__init__("Practice against a scenario", "")

    def compose(self) -> ComposeResult:
        from ...store.scenarios import list_scenarios

        with Vertical(id="help-box"):
            yield Label(Content(self.heading), id="help-heading")
            menu = OptionList(id="practice-menu")
            try:
                scenarios = list_scenarios()
            except ScenarioError as exc:
                scenarios = []
                self.notify(Content(str(exc)), severity="error", timeout=8)
            for s in scenarios:
                menu.add_option(Option(Content(f"{s.level.value:<8} {one_line(s.title, 70)}"), id=s.id))
            yield menu
            yield Label(Content("Enter starts a practice session · Esc closes"), id="help-close")

    def on_mount(self) -> None:
        menu = self.query_one("#practice-menu", OptionList)
        if menu.option_count:
            menu.highlighted = 0  # Enter starts the first one at once, as the hint says
        menu.focus()

    @on(OptionList.OptionSelected, "#practice-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        from ...services.practice_session import start_practice
        from ...store.scenarios import load_scenario
        from ..practice_driver import open_practice

        try:
            scenario = load_scenario(event.option.id or "")
            live = start_practice(self.app.sessions_dir, scenario, self.app.clock.now())
        except (ScenarioError, AgendaError, StoreError, ValueError) as exc:
            self.notify(Content(str(exc)), severity="error", timeout=8)
            return
        self.dismiss(None)
        open_practice(self.app, live, scenario)
