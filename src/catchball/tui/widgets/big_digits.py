"""A scalable block-digit clock for big rooms, where Textual's 3-row `Digits` is too small.

Each glyph is a 3x5 bitmap drawn with full blocks; `scale` multiplies it. The timer panel
shows this instead of `Digits` when the terminal has room (see TimerPanel.on_resize).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

_FONT = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", " ##", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": ("   ", " # ", "   ", " # ", "   "),
    "+": ("   ", " # ", "###", " # ", "   "),
    " ": ("   ", "   ", "   ", "   ", "   "),
    # the join code's letters (no I, O: they read as 1, 0), each told apart from the digits
    "A": ("###", "# #", "###", "# #", "# #"), "B": ("## ", "# #", "## ", "# #", "## "),
    "C": ("###", "#  ", "#  ", "#  ", "###"), "D": ("## ", "# #", "# #", "# #", "## "),
    "E": ("###", "#  ", "## ", "#  ", "###"), "F": ("###", "#  ", "## ", "#  ", "#  "),
    "G": ("###", "#  ", "# #", "# #", "## "), "H": ("# #", "# #", "###", "# #", "# #"),
    "J": ("  #", "  #", "  #", "# #", " # "), "K": ("# #", "# #", "## ", "# #", "# #"),
    "L": ("#  ", "#  ", "#  ", "#  ", "###"), "M": ("# #", "###", "###", "# #", "# #"),
    "N": ("## ", "# #", "# #", "# #", "# #"), "P": ("## ", "# #", "## ", "#  ", "#  "),
    "Q": (" # ", "# #", "# #", "## ", " ##"), "R": ("## ", "# #", "## ", "# #", "# #"),
    "S": (" ##", "#  ", " # ", "  #", "## "), "T": ("###", " # ", " # ", " # ", " # "),
    "U": ("# #", "# #", "# #", "# #", "###"), "V": ("# #", "# #", "# #", "# #", " # "),
    "W": ("# #", "# #", "###", "###", "# #"), "X": ("# #", "# #", " # ", "# #", "# #"),
    "Y": ("# #", "# #", " # ", " # ", " # "), "Z": ("###", "  #", " # ", "#  ", "###"),
}
ROWS = 5


def render_lines(text: str, scale: int) -> list[str]:
    """The text as block-letter lines: each pixel is 2*scale columns by scale rows."""
    lines = []
    for row in range(ROWS):
        pixels = " ".join(_FONT.get(ch, _FONT[" "])[row] for ch in text)
        line = "".join(("█" if p == "#" else " ") * 2 * scale for p in pixels)
        lines.extend([line] * scale)
    return lines


class BigDigits(Widget):
    value = reactive("00:00")  # (every glyph is as wide: the width follows the number of characters)
    scale = reactive(1, layout=True)

    def update(self, value: str) -> None:
        """A new time. The screen is laid out again only when the width changes, which it does
        not from one second to the next."""
        resized = len(value) != len(self.value)
        self.value = value
        if resized:
            self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        return max((len(line) for line in render_lines(self.value, self.scale)), default=0)

    def get_content_height(self, container, viewport, width: int) -> int:
        return ROWS * self.scale

    def render_line(self, y: int) -> Strip:
        lines = render_lines(self.value, self.scale)
        if y >= len(lines):
            return Strip.blank(self.size.width, self.rich_style)
        return Strip([Segment(lines[y].ljust(self.size.width), self.rich_style)])
