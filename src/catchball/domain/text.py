"""Text from users and files, made safe to print on a terminal.

Control characters (escape sequences, bells, carriage returns) are shown as visible
`\\xNN` escapes instead of being sent to the terminal. Markup is not this module's
concern: the TUI renders text through `Content`/`Text`, which never interprets it.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str, keep_newlines: bool = False) -> str:
    def sub(match: re.Match[str]) -> str:
        return f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100 else f"\\u{ord(match.group()):04x}"

    out = _CONTROL.sub(sub, text)
    return out if keep_newlines else out.replace("\n", "\\n")


def one_line(text: str, width: int | None = None) -> str:
    flat = " ".join(visible(text, keep_newlines=True).split())
    if width is not None and len(flat) > width:
        return flat[: max(0, width - 1)] + "…"
    return flat
