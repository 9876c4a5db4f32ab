"""The floor: the smallest Textual app, showing "ready" in its first frame.

With `--input`, a focused `Input` under the "ready" line (the floor for typing latency).
"""

import sys

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class Minimal(App[None]):
    def __init__(self, with_input: bool) -> None:
        super().__init__()
        self.with_input = with_input

    def compose(self) -> ComposeResult:
        yield Static("ready")
        if self.with_input:
            yield Input()


if __name__ == "__main__":
    Minimal("--input" in sys.argv).run()
