"""TOML text into Python values: the one place catchball parses TOML.

Sessions, events, themes, config, agendas, scenarios and OKR files all go through
`loads_toml`, which bounds the nesting depth before the parser sees the text, so a file of
100,000 `[` is a sentence, not a RecursionError.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

MAX_DEPTH = 32
"""The deepest nesting of arrays, inline tables and dotted tables catchball reads."""

# strings and comments are skipped whole (a `[` inside them is text), brackets are counted
_TOKENS = re.compile(r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]',
                     re.S)


class TomlError(ValueError):
    """Text that is not TOML catchball will read; str() is the reason, without the file name."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.line = line


def toml_error(exc: tomllib.TOMLDecodeError, text: str) -> str:
    """tomllib's message, with "end of document" turned into the file's last line number."""
    last_line = text.rstrip("\n").count("\n") + 1
    return str(exc).replace("at end of document", f"at the end of the file, line {last_line}")


def nesting_problem(text: str, limit: int = MAX_DEPTH) -> TomlError | None:
    """A `TomlError` when brackets nest deeper than `limit` (strings and comments aside); linear time."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, match.start()) + 1
                return TomlError(f"nested more than {limit} levels deep at line {line}, "
                                 f"deeper than catchball reads", line)
        elif token in "]}":
            depth = max(0, depth - 1)
    return None


def _too_deep(data: Any, limit: int) -> bool:
    """Whether the parsed value nests deeper than `limit` (dotted keys nest without brackets)."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False


def loads_toml(text: str, limit: int = MAX_DEPTH) -> dict[str, Any]:
    """Parse TOML text, depth-bounded; raise `TomlError` with the reason (no file name)."""
    text = text.removeprefix("\ufeff")  # a byte-order mark is not content
    problem = nesting_problem(text, limit)
    if problem is not None:
        raise problem
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlError(f"not valid TOML ({toml_error(exc, text)})") from None
    except RecursionError:  # a last line of defence; the scan above should have refused it
        raise TomlError(f"nested deeper than catchball reads (over {limit} levels)") from None
    if _too_deep(data, limit):
        raise TomlError(f"nested more than {limit} levels deep, deeper than catchball reads")
    return data
