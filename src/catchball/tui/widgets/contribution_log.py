"""What the room said in this phase: one line per note, newest last, rendered literally."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import RichLog

from ...domain.model import ContributionType
from ...domain.records import Note
from ...domain.state import State
from ...domain.text import one_line

TYPE_MARK = {
    ContributionType.NOTE: "·",
    ContributionType.CHALLENGE: "! challenge",
    ContributionType.QUESTION: "? question",
    ContributionType.TWEAK: "~ tweak",
    ContributionType.SUPPORT: "+ support",
    ContributionType.RISK: "^ risk",
}


def note_line(note: Note) -> Text:
    line = Text()
    if note.round:
        line.append(f"R{note.round} ", style="dim")
    if note.type is not ContributionType.NOTE:
        line.append(f"{TYPE_MARK[note.type]} ", style="bold")
    if note.by:
        line.append(one_line(note.by), style="bold")
        line.append(": ")
    line.append(one_line(note.text))
    return line


class ContributionLog(RichLog):
    """Appends new notes as they come; rebuilds only when one is taken back or the phase changes."""

    revision = reactive(0, repaint=False)  # the watcher writes the new lines

    def __init__(self, state: State, **kwargs) -> None:
        # min_width: RichLog wraps at 78 columns at least by default, which crops a narrow log
        super().__init__(wrap=True, markup=False, highlight=False, auto_scroll=True, min_width=8, **kwargs)
        self.state = state
        self._shown: list[int] = []
        self._phase: int | None = None
        self.border_title = "What the room said"

    def on_mount(self) -> None:
        self._sync()

    def watch_revision(self) -> None:
        self._sync()

    def on_resize(self) -> None:
        """Lines are wrapped when written: a new width writes them again."""
        self._shown = []
        self._sync()

    def _sync(self) -> None:
        if not self.is_mounted:
            return
        notes = self.state.phase_notes()
        seqs = [n.seq for n in notes]
        if self._phase != self.state.phase or not self._shown or seqs[: len(self._shown)] != self._shown:
            self.clear()
            self._shown = []
            self._phase = self.state.phase
        fresh = notes[len(self._shown):]
        for note in fresh:
            self.write(note_line(note), scroll_end=False)
            self._shown.append(note.seq)
        if fresh:
            # at once, in the frame that shows the new line: write()'s own scroll waits for a
            # refresh and so costs a second frame (about 45 ms later at 120x40)
            self.scroll_end(animate=False, immediate=True, x_axis=False)
        if not notes and not self._shown:
            self.border_subtitle = "Type below and press Enter"
        else:
            self.border_subtitle = f"{len(notes)} noted"
