"""TOML text into a validated record, with one sentence naming the file and the field on failure.

What a file holds (an agenda, a scenario, the lint's OKR file, quarter values) is a msgspec
record (`domain.record`); a ValueError a record's own check raises is reported the same way.
"""

from __future__ import annotations

from typing import Any, TypeVar

from .record import ValidationError, decode, error_sentence
from .toml_text import TomlError, loads_toml, toml_error

__all__ = ["parse_toml", "toml_error"]

M = TypeVar("M")


def parse_toml(text: str, model: type[M], origin: str, error: type[Exception] = ValueError,
               *, strict: bool = False) -> M:
    """Parse and validate; raise `error` with one sentence that starts with `origin`.

    `strict`: each value must be of its field's type as it is (no `"5"` for 5, no 5.0 for 5)."""
    try:
        data: Any = loads_toml(text)
    except TomlError as exc:
        raise error(f"{origin}: {exc}.") from None
    try:
        return decode(data, model, strict=strict)
    except ValidationError as exc:
        raise error(f"{origin}: {error_sentence(exc, model)}.") from None
