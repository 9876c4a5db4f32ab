"""TOML text into a validated record, with one sentence naming the file and the field on failure.

Records are msgspec Structs (`domain.record`); the lint's OKR file, scenarios and theme files
are still pydantic models, read the same way (pydantic is imported only for those).
"""

from __future__ import annotations

from typing import Any, TypeVar

from msgspec import Struct
from msgspec import ValidationError as RecordError

from .record import decode, error_sentence
from .text import one_line
from .toml_text import TomlError, loads_toml, toml_error

__all__ = ["first_error", "parse_toml", "toml_error"]

M = TypeVar("M")


def first_error(exc: Exception) -> str:
    """`field 'key_results.0.text': what was wrong`, from a record's (or a pydantic model's) first error."""
    if isinstance(exc, RecordError):
        return error_sentence(exc)
    err = exc.errors()[0]  # type: ignore[attr-defined]  # a pydantic ValidationError
    where = one_line(".".join(str(p) for p in err["loc"] if not str(p).startswith("function-")), 80)
    msg = one_line(err["msg"].removeprefix("Value error, "), 200)  # key names come from the file
    return f"field '{where}': {msg}" if where else f"field (top): {msg}"


def parse_toml(text: str, model: type[M], origin: str, error: type[Exception] = ValueError) -> M:
    """Parse and validate; raise `error` with one sentence that starts with `origin`."""
    try:
        data: Any = loads_toml(text)
    except TomlError as exc:
        raise error(f"{origin}: {exc}.") from None
    if isinstance(model, type) and issubclass(model, Struct):
        try:
            return decode(data, model)
        except RecordError as exc:
            raise error(f"{origin}: {first_error(exc)}.") from None
    from pydantic import ValidationError

    try:
        return model.model_validate(data)  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise error(f"{origin}: {first_error(exc)}.") from None
