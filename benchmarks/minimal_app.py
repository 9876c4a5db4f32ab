"""The floor for `startup_ratio`: the smallest Textual app, showing "ready" in its first frame."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("ready")


if __name__ == "__main__":
    Minimal().run()
