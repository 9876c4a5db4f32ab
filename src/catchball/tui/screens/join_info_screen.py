"""What the shared screen shows so the room can join: the served address, its QR code and the join code."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ...services.join_code import qr_text


class JoinInfoScreen(ModalScreen[None]):
    CSS_PATH = "join_info_screen.tcss"
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, serving: tuple[str, str] | None) -> None:
        super().__init__()
        self.serving = serving

    def compose(self) -> ComposeResult:
        with Vertical(id="ji-box"):
            if self.serving is None:
                yield Static("Nobody can join from a browser yet: run `catchball serve` for this session "
                             "(in another terminal), then open this again. In a terminal: "
                             "`catchball join --as NAME`.", markup=False)
                return
            url, code = self.serving
            yield Static("Join from your own device", id="ji-title", markup=False)
            yield Static(url, id="ji-url", markup=False)
            yield Static("join code  " + " ".join(code), id="ji-code", markup=False)
            qr = qr_text(url)
            if qr:
                yield Static(qr, id="ji-qr", markup=False)
            yield Static("Esc closes", id="ji-hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
