"""The footer of every screen: Textual's `Footer`, rebuilt only when the keys it shows change.

Textual's footer rebuilds its keys after every focus or binding change (four or five times
while a screen starts, though the keys it shows are the same), and each new key then restyles
itself twice: its `compact` starts True (the class `-compact` is added), then is bound to the
footer's False (the class is removed). Each restyle matches the whole stylesheet, for the key
and its two parts. This footer shows exactly what Textual's shows.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import (
    FooterKey,  # the key widget Footer.compose yields (not exported)
)


class KeyFooter(Footer):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._composed: tuple | None = None  # the keys the current children show

    def _keys(self) -> tuple:
        """What Footer.compose reads: each shown binding as the footer draws it, in order."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        return (self.show_command_palette, app.ENABLE_COMMAND_PALETTE, *(
            (key, binding.action, binding.description, binding.group, app.get_key_display(binding), enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette))

    def compose(self) -> ComposeResult:
        keys = self._keys()
        shown = False
        for widget in super().compose():
            shown = True
            if isinstance(widget, FooterKey) and not self.compact and not widget.has_class("-command-palette"):
                # bound to the footer's compact (False) on mount: start it there, so that it
                # neither adds nor removes `-compact` (the palette's key is not bound: it keeps it)
                widget.set_reactive(FooterKey.compact, False)
            yield widget
        self._composed = keys if shown else None

    async def recompose(self) -> None:
        if self._composed is not None and self.is_attached and self._keys() == self._composed:
            return  # a focus or binding change that changes nothing shown
        await super().recompose()
