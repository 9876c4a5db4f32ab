"""What the shared screen shows so the room can join: the join code (always), and while
`catchball serve` runs, its address and a QR code of it.

The QR code takes the largest size the window has room for (two columns a module, or half
blocks at 80x24); when even that does not fit, the screen says so plainly and shows the
address and the code large instead.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...services.join_code import qr_lines
from ..widgets.big_digits import render_lines

CHROME_W, CHROME_H = 8, 6  # the box's border and padding, the title and the hint line
TEXT_W = 34  # the text column beside the QR code, at the least


class JoinInfoScreen(ModalScreen[None]):
    CSS_PATH = "join_info_screen.tcss"
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, serving: tuple[str, str] | None, code: str) -> None:
        super().__init__()
        self.url = serving[0] if serving else None
        self.code = code
        self._qr = {compact: qr_lines(self.url, compact) for compact in (False, True)} if self.url else {}

    def compose(self) -> ComposeResult:
        terminal = f"In a terminal:\ncatchball join --as NAME --code {self.code}"
        with Vertical(id="ji-box"):
            yield Static("Join from your own device", id="ji-title", markup=False)
            yield Static(id="ji-small", markup=False)
            with Horizontal(id="ji-row"):
                yield Static(id="ji-qr", markup=False)
                with Vertical(id="ji-text"):
                    if self.url:
                        yield Static(Content(self.url), id="ji-url")
                    else:
                        yield Static("No browser page yet: `catchball serve` (in another terminal) opens one.",
                                     id="ji-noserve", markup=False)
                    yield Static("join code", id="ji-label", markup=False)
                    yield Static(Content(" ".join(self.code)), id="ji-code")
                    yield Static(Content("\n".join(render_lines(self.code, 1))), id="ji-big")
                    yield Static(Content(terminal), id="ji-terminal")
            yield Static("Esc closes", id="ji-hint", markup=False)

    def on_mount(self) -> None:
        self._fit(*self.app.size)

    def on_resize(self, event) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        """The largest QR code that fits beside the text; none, said plainly, when none does."""
        big = render_lines(self.code, 1)
        big_w = len(big[0]) if big else 0
        lines: list[str] = []
        for compact in (False, True):
            qr = self._qr.get(compact) or []
            if qr and len(qr[0]) + TEXT_W + CHROME_W <= width and len(qr) + CHROME_H <= height:
                lines = qr
                break
        qr_w = len(lines[0]) + 2 if lines else 0
        self.query_one("#ji-qr", Static).update(Content("\n".join(lines)))
        self.query_one("#ji-qr").display = bool(lines)
        small = self.query_one("#ji-small", Static)
        if self.url and not lines:
            need = self._qr.get(True) or [""]
            small.update(f"This window is too small for the QR code\n(it needs {len(need[0]) + TEXT_W + CHROME_W}"
                         f"x{len(need) + CHROME_H}): type the address below.")
        small.display = bool(self.url) and not lines
        fits_big = qr_w + big_w + CHROME_W <= width and len(big) + 8 + (0 if lines else 2) <= height
        self.query_one("#ji-big").display = fits_big
        self.query_one("#ji-code").display = not fits_big

    def action_close(self) -> None:
        self.dismiss(None)
