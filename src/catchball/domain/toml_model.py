"""TOML text into a pydantic model, with one sentence naming the file and the field on failure."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .text import one_line
from .toml_text import TomlError, loads_toml, toml_error

__all__ = ["first_error", "parse_toml", "toml_error"]

M = TypeVar("M", bound=BaseModel)


def first_error(exc: ValidationError) -> str:
    """`field 'key_results.0.text': what was wrong`, from the first of pydantic's errors."""
    err = exc.errors()[0]
    where = one_line(".".join(str(p) for p in err["loc"] if not str(p).startswith("function-")), 80)
    msg = one_line(err["msg"].removeprefix("Value error, "), 200)  # key names come from the file
    return f"field '{where}': {msg}" if where else f"field (top): {msg}"


def parse_toml(text: str, model: type[M], origin: str, error: type[Exception] = ValueError) -> M:
    """Parse and validate; raise `error` with one sentence that starts with `origin`."""
    try:
        data = loads_toml(text)
    except TomlError as exc:
        raise error(f"{origin}: {exc}.") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(f"{origin}: {first_error(exc)}.") from None
