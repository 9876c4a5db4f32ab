"""TOML text into a pydantic model, with one sentence naming the file and the field on failure."""

from __future__ import annotations

import tomllib
from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def first_error(exc: ValidationError) -> str:
    """`field a.b.c: what was wrong`, from the first of pydantic's errors."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-")) or "(top)"
    return f"field {where}: {err['msg'].removeprefix('Value error, ')}"


def parse_toml(text: str, model: type[M], origin: str, error: type[Exception] = ValueError) -> M:
    """Parse and validate; raise `error` with one sentence that starts with `origin`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{origin}: not valid TOML ({exc}).") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(f"{origin}: {first_error(exc)}.") from None
