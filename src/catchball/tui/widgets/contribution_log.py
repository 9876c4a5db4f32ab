"""What the room said in this phase: one line per note, newest last, rendered literally.

Only a window of the latest notes is written (a phase of 10,000 notes opens as fast as one
of 100); scrolling to the top brings in the earlier ones, a window at a time. A resize
rewrites the notes written so far, never the whole phase.
"""

from __future__ import annotations

from rich.measure import measure_renderables
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

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
# notes written when a phase opens, and brought in per scroll to the top: at least this many,
# and twice the terminal's height (a note is a line or more), so the window always fills the
# log. Each written note is rendered at once (about 1 ms), so the window is what a phase costs
# to open, to jump to in a replay, or to rewrite on a resize.
WINDOW = 60


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


def earlier_line(count: int) -> Text:
    return Text(f"↑ {count:,} earlier notes: scroll up to show them", style="dim italic")


class ContributionLog(ScrollView, can_focus=True):
    """Appends new notes as they come; rewrites its window only when one is taken back, the
    phase changes, the width changes or earlier notes are brought in.

    It writes and draws its lines as Textual's RichLog does (wrapped to the log's width, at
    least `min_width`), without RichLog: its module imports rich.pretty, which imports attrs
    when installed, about 8 ms before a resumed session's first frame. Its look is RichLog's
    (facilitate_screen.tcss, ContributionLog)."""

    revision = reactive(0, repaint=False)  # the watcher writes the new lines

    def __init__(self, state: State, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lines: list[Strip] = []  # the written lines, wrapped
        self._line_cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(1024)
        self._deferred: list[tuple[Text, bool]] = []  # written before the width was known
        self._size_known = False
        self._widest_line_width = 0
        self.min_width = 8
        self.state = state
        self._start = 0  # index in the phase's notes of the first note written
        self._shown: list[int] = []  # seqs of the notes written, from `_start` on
        self._phase: int | None = None
        self._width = 0
        self._at_end = True
        self.writes = 0  # notes written since mounting (the benchmark reads it)
        self._first = True  # the first window holds what the log shows; the rest comes after the first frame
        self.border_title = "What the room said"

    def on_mount(self) -> None:
        self._sync()

    def watch_revision(self) -> None:
        self._sync()

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Textual gives the log its size in the layout that comes before a screen's first frame,
        and the Resize event after that frame: the notes that waited for the width are written
        here, so that the first frame shows them (Textual's RichLog shows them a frame later)."""
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if not self._size_known and size.width:
            self._known(size)
        return resized

    def _known(self, size: Size) -> None:
        self._width = size.width
        self._size_known = True
        if self._deferred:
            notes = self.state.phase_notes()
            if self._first:
                self._fill_first(notes)
            else:
                self._rewrite(notes, self._start)

    def on_resize(self, event: events.Resize) -> None:
        """Lines are wrapped when written: a new width writes the window again."""
        if not self._size_known:
            if event.size.width:
                self._known(event.size)
            return
        if event.size.width != self._width:
            self._width = event.size.width
            self._rewrite(self.state.phase_notes(), self._start)
        elif self._at_end:
            self.scroll_end(animate=False, immediate=True, x_axis=False)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._at_end = new >= self.max_scroll_y

    # scrolling up past the top (wheel or keys) brings in the earlier notes
    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self.scroll_y <= 0:
            self.show_earlier()

    def action_scroll_up(self) -> None:
        self._earlier_at_top(super().action_scroll_up)

    def action_page_up(self) -> None:
        self._earlier_at_top(super().action_page_up)

    def action_scroll_home(self) -> None:
        self._earlier_at_top(lambda: self.scroll_home(animate=False, immediate=True))

    def _earlier_at_top(self, scroll) -> None:
        if self.scroll_y <= 0:
            self.show_earlier()
        else:
            scroll()

    def show_earlier(self) -> None:
        """Bring in the window of notes before the first one written, keeping the view still."""
        if self._start <= 0:
            return
        before = len(self.lines)
        self._rewrite(self.state.phase_notes(), max(0, self._start - self._window()), follow=False)
        self.scroll_to(y=max(0, len(self.lines) - before), animate=False, immediate=True)

    def _window(self) -> int:
        return max(WINDOW, 2 * self.app.size.height)

    def _fill_first(self, notes: list[Note]) -> None:
        """The first window: as many notes as the log has rows (the terminal's, until the log
        has a size), since a note is a line or more. Rendering a note costs about 0.1 ms: a
        whole window before a resume's first frame would be about 8 ms of it. Once they are
        rendered, the rest of the window follows the first frame."""
        self._rewrite(notes, max(0, len(notes) - max(1, self.size.height or self.app.size.height)))
        if self._size_known:
            self._first = False
            if self._start:
                after = getattr(self.app, "after_first_frame", None) or self.call_after_refresh
                after(self._widen)

    def _widen(self) -> None:
        """After the first frame: the rest of the window, so that scrolling up finds it written."""
        notes = self.state.phase_notes()
        start = max(0, len(notes) - self._window())
        if self.is_mounted and self._phase == self.state.phase and start < self._start:
            self._rewrite(notes, start, follow=self._at_end)

    def _rewrite(self, notes: list[Note], start: int, follow: bool = True) -> None:
        self.clear()
        self._phase = self.state.phase
        self._start = start
        self._shown = []
        if start:
            self.write(earlier_line(start), scroll_end=False)
        self._append(notes[start:], follow)

    def _append(self, fresh: list[Note], follow: bool = True) -> None:
        if self._size_known:
            self._write_now([note_line(note) for note in fresh])
            self._shown.extend(note.seq for note in fresh)
        last = len(fresh) - 1
        for i, note in enumerate(fresh if not self._size_known else ()):
            # before the size is known the writes wait: the last one then scrolls as it lands
            self.write(note_line(note), scroll_end=follow and i == last)
            self._shown.append(note.seq)
        self.writes += len(fresh)
        if fresh and follow and self._size_known:
            # at once, in the frame that shows the new line: write()'s own scroll waits for a
            # refresh and so costs a second frame (about 45 ms later at 120x40)
            self.scroll_end(animate=False, immediate=True, x_axis=False)

    # -- the lines, as RichLog keeps and draws them -------------------------------------------
    def write(self, text: Text, scroll_end: bool = True) -> None:
        """One line of text at the end (kept until the width is known, as RichLog does)."""
        if not self._size_known:
            self._deferred.append((text.copy(), scroll_end))
            return
        self._write_now([text])
        if scroll_end:
            self.scroll_end(animate=False, immediate=False, x_axis=False)

    def clear(self) -> None:
        self.lines.clear()
        self._line_cache.clear()
        self._widest_line_width = 0
        self._deferred.clear()
        self.virtual_size = Size(0, 0)
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.virtual_size.width if self._size_known else container.width

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        y += scroll_y
        if y >= len(self.lines):
            line = Strip.blank(width, self.rich_style)
        else:
            key = (y, scroll_x, width, self._widest_line_width)
            line = self._line_cache.get(key)
            if line is None:
                line = self._line_cache[key] = self.lines[y].crop_extend(scroll_x, scroll_x + width, self.rich_style)
        return line.apply_style(self.rich_style)

    def _write_now(self, lines: list[Text]) -> None:
        """`write()` of many lines, the size known: each is rendered as `write()` renders it
        (wrapped to the log's width), and the virtual size is set once, not once a line (each
        set is a layout pass: a window of notes cost 2-4 ms a note that way)."""
        console = self.app.console
        options = console.options
        width = self.scrollable_content_region.width
        for text in lines:
            text.expand_tabs()
            render_width = max(min(measure_renderables(console, options, [text]).maximum, width), self.min_width)
            rendered = list(Segment.split_lines(console.render(text, options.update_width(render_width))))
            if not rendered:
                self._widest_line_width = max(render_width, self._widest_line_width)
                self.lines.append(Strip.blank(render_width))
                continue
            strips = Strip.from_lines(rendered)
            for strip in strips:
                strip.adjust_cell_length(render_width)
            self.lines.extend(strips)
            self._widest_line_width = max(self._widest_line_width,
                                          max(sum(segment.cell_length for segment in line) for line in rendered))
        self.virtual_size = Size(self._widest_line_width, len(self.lines))

    def _sync(self) -> None:
        if not self.is_mounted:
            return
        notes = self.state.phase_notes()
        start, shown = self._start, self._shown
        written = notes[start:start + len(shown)]
        if self._phase != self.state.phase or not shown or len(written) != len(shown) \
                or written[-1].seq != shown[-1] or [n.seq for n in written] != shown:
            if self._first:
                self._fill_first(notes)
            else:
                self._rewrite(notes, max(0, len(notes) - self._window()))
        else:
            self._append(notes[start + len(shown):])
        if not notes:
            self.border_subtitle = "Type below and press Enter"
        else:
            self.border_subtitle = f"{len(notes)} noted"
