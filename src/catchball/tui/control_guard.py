"""Terminal control characters in user and file text are shown, never sent to the terminal.

Textual's `Content` and Rich's `Text` drop only a handful of control codes (bell,
backspace, ...) and pass ESC through, so a note or a session title holding `\\x1b[2J`
would clear the room's screen. Both libraries look those codes up in one translation
table each; `install()` adds every other C0 and C1 control to them, mapped to a visible
stand-in (the Unicode control pictures: ESC shows as ␛), so text is rendered literally
wherever it is drawn. Newline and tab keep their meaning. The saved text is untouched.
"""

from __future__ import annotations

import rich.control
import textual.content

KEEP = {0x09, 0x0A}  # tab and newline are layout, not control


def _picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls have no picture of their own


STAND_INS = {code: _picture(code) for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)] if code not in KEEP}


def install() -> None:
    """Extend both libraries' tables (idempotent). Called when the app module is imported."""
    for table in (textual.content._CONTROL_STRIP_TRANSLATE, rich.control._CONTROL_STRIP_TRANSLATE):
        for code, stand_in in STAND_INS.items():
            if code not in table:  # the few they already strip stay stripped
                table[code] = stand_in
