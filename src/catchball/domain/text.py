"""Text from users and files, made safe to print on a terminal.

Control characters (escape sequences, bells, carriage returns) and bidi controls are shown
as visible `\\xNN` / `\\uNNNN` escapes instead of being sent to the terminal. Markup is not this module's
concern: the TUI renders text through `Content`/`Text`, which never interprets it.

Also `LazyPattern`, a regular expression compiled when first used, for patterns that cost a
start time to compile and may never be needed in it.
"""

from __future__ import annotations

import re

# C0/C1 controls, line/paragraph separators, and the bidi controls that reorder what follows
# (they could make "evil.toml" read as "lmot.live" in a list): shown, never obeyed
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


class LazyPattern:
    """A regular expression compiled when first used: its methods (match, sub, finditer...) are
    the compiled pattern's. For patterns that take long to compile in a module every start
    imports (`numbers`' long ones: about 8 ms) or that are needed only when something goes
    wrong (`record`'s, which explain a validation error)."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str):
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(*self._args)
        return getattr(compiled, name)


def visible(text: str, keep_newlines: bool = False, json: bool = False) -> str:
    """`text` with every control character as a visible escape (`\\x1b`, `\\u202e`); tabs kept.

    With `json`, every escape is `\\uNNNN`: inside a JSON string that is the same character,
    so JSON stays valid and means the same while the terminal is safe.
    """
    def sub(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 and not json else f"\\u{code:04x}"

    out = _CONTROL.sub(sub, text)
    return out if keep_newlines else out.replace("\n", "\\n")


def one_line(text: str, width: int | None = None) -> str:
    flat = " ".join(visible(text, keep_newlines=True).split())
    if width is not None and len(flat) > width:
        return flat[: max(0, width - 1)] + "…"
    return flat
