"""TOML text into a pydantic model, with one sentence naming the file and the field on failure."""

from __future__ import annotations

import tomllib
from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def first_error(exc: ValidationError) -> str:
    """`field 'key_results.0.text': what was wrong`, from the first of pydantic's errors."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
    msg = err["msg"].removeprefix("Value error, ")
    return f"field '{where}': {msg}" if where else f"field (top): {msg}"


def toml_error(exc: tomllib.TOMLDecodeError, text: str) -> str:
    """tomllib's message, with "end of document" turned into the file's last line number."""
    last_line = text.rstrip("\n").count("\n") + 1
    return str(exc).replace("at end of document", f"at the end of the file, line {last_line}")


def parse_toml(text: str, model: type[M], origin: str, error: type[Exception] = ValueError) -> M:
    """Parse and validate; raise `error` with one sentence that starts with `origin`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{origin}: not valid TOML ({toml_error(exc, text)}).") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(f"{origin}: {first_error(exc)}.") from None
