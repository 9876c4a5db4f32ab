"""The summary of a session: its Markdown report, rendered in the app, exportable with `e`."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Markdown, Static

from ...domain.report import build_report
from ...domain.report_md import render_markdown
from ...domain.state import State
from ...domain.text import one_line
from ...store.errors import StoreError
from ...store.exports import export_report
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

MAX_SHOWN_LINES = 1500  # the Markdown widget builds a widget per block: show a long report's head only


def shown_markdown(text: str) -> tuple[str, int]:
    """The part of the report to show, and how many lines were left out."""
    lines = text.splitlines()
    if len(lines) <= MAX_SHOWN_LINES:
        return text, 0
    return "\n".join(lines[:MAX_SHOWN_LINES]) + "\n", len(lines) - MAX_SHOWN_LINES


class SummaryScreen(Screen):
    CSS_PATH = str(Path(__file__).with_name("review.tcss"))
    BINDINGS = [Binding("e", "export", "Export"), Binding("q,escape", "leave", "Back")]

    def __init__(self, folder: Path, state: State, damage: str | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.state = state
        self.damage = damage
        self.report = render_markdown(build_report(state))

    def compose(self) -> ComposeResult:
        shown, left_out = shown_markdown(self.report)
        yield TitleBar()
        notes = []
        if self.damage:
            notes.append(f"Damaged log: this is the report of its readable part. {one_line(self.damage, 500)}")
        if left_out:
            notes.append(f"The report is long: {left_out} more lines are not shown here; e exports all of it.")
        notice = Static(Content("\n".join(notes)), id="summary-notice", markup=False)
        notice.display = bool(notes)
        yield notice
        with VerticalScroll(id="summary-scroll"):
            yield Markdown(shown, id="summary", open_links=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = one_line(self.state.session.session.title, 200)
        self.sub_title = "summary"
        self.query_one("#summary-scroll").focus()

    def action_export(self) -> None:
        try:
            path = export_report(self.folder, self.report, ".md")
        except StoreError as exc:
            self.notify(Content(str(exc)), severity="error", timeout=8)
            return
        self.notify(Content(f"Exported the report to {path}."), timeout=8)

    def action_leave(self) -> None:
        self.app.back()
