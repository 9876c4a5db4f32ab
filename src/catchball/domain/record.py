"""The base of every validated record (events, session.toml, inbox items): msgspec Structs.

A record is validated where it comes in: `decode` when it is read (a log, a file, a device's
item) and `build` when the room makes one to keep (`commands.make`). Plain construction is the
code's own business and is not checked again. `error_sentence` turns msgspec's error into the
one short sentence the app shows, naming the field.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, TypeVar

import msgspec
from msgspec import Meta, Struct, ValidationError

from .text import one_line

__all__ = ["Meta", "Record", "ValidationError", "build", "decode", "error_parts", "error_sentence", "replace", "to_dict", "to_json", "to_toml", "validated"]

R = TypeVar("R")


class Record(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A frozen record that refuses fields it does not know."""


def decode(data: Any, kind: type[R] | Any) -> R:
    """`data` (as TOML gives it: dicts, lists, scalars, datetimes) as `kind`; ValidationError says what is wrong."""
    return msgspec.convert(data, kind, strict=False)


def build(cls: type[R], **fields: Any) -> R:
    """A new record of `cls`, validated like one read from a file (ValidationError when a field is wrong)."""
    data = msgspec.to_builtins(fields)
    _refuse_surrogates(data, "$")
    return msgspec.convert(data, cls, strict=False)


def validated(record: R) -> R:
    """`record` checked as if it had been read from a file: its copy, or ValidationError saying what is wrong."""
    data = msgspec.to_builtins(record)
    _refuse_surrogates(data, "$")
    return msgspec.convert(data, type(record), strict=False)


def _refuse_surrogates(value: Any, where: str) -> None:
    """UTF-8 (and so TOML) cannot hold a lone surrogate: refuse one before it reaches a file."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError(f"Expected text in valid unicode (it holds a lone surrogate) - at `{where}`") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_surrogates(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _refuse_surrogates(item, f"{where}[{index}]")


def replace(record: R, **changes: Any) -> R:
    """A copy with some fields changed (what pydantic called model_copy(update=...))."""
    return msgspec.structs.replace(record, **changes)


def to_dict(record: Struct, *, exclude_none: bool = False, exclude: frozenset[str] | set[str] = frozenset()) -> dict:
    """The record's fields as a dict (nested records stay records), by field name."""
    return {k: v for k, v in msgspec.structs.asdict(record).items()
            if k not in exclude and not (exclude_none and v is None)}


def to_toml(record: Struct) -> dict:
    """The record as TOML writes it: by the file's field names, nested records as tables, no empty
    (None) fields, enums as their values, dates and times as they are."""
    return _without_none(msgspec.to_builtins(record, builtin_types=(datetime, date)))


def to_json(record: Struct) -> Any:
    """The record as JSON writes it (enums as values, dates as ISO text)."""
    return msgspec.to_builtins(record)


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_without_none(v) for v in value]
    return value


_WHERE = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_SAYINGS = (
    (re.compile(r"Expected `str` of length <= (\d+)"), r"at most \1 characters"),
    (re.compile(r"Expected `(?:array|object)` of length <= (\d+)"), r"at most \1 items"),
    (re.compile(r"Expected `(?:str|array|object)` of length >= 1"), "must not be empty"),
    (re.compile(r"Expected `str` of length >= (\d+)"), r"at least \1 characters"),
    (re.compile(r"Expected `(?:array|object)` of length >= (\d+)"), r"at least \1 items"),
    (re.compile(r"Expected `(?:int|float)` >= (\S+)"), r"must be at least \1"),
    (re.compile(r"Expected `(?:int|float)` <= (\S+)"), r"must be at most \1"),
    (re.compile(r"Expected `(?:int|float)` > (\S+)"), r"must be more than \1"),
    (re.compile(r"Expected `(?:int|float)` < (\S+)"), r"must be less than \1"),
    (re.compile(r"Expected `datetime` with a timezone component"),
     "expected an offset date-time with a timezone, e.g. 2026-11-22T09:00:00Z"),
    (re.compile(r"Invalid enum value (.*)"), r"\1 is not one of the allowed values"),
    (re.compile(r"Invalid value (.*)"), r"\1 is not one of the allowed values"),
)
_FIELD = re.compile(r"Object (?P<what>missing required|contains unknown) field `(?P<name>[^`]*)`")


def error_sentence(exc: ValidationError) -> str:
    """`field 'key_results.0.text': at most 20000 characters`, from msgspec's error (key names come from files)."""
    where, text = error_parts(exc)
    text = one_line(text, 200)
    where = one_line(where, 80)
    return f"field '{where}': {text}" if where else f"field (top): {text}"


def error_parts(exc: ValidationError) -> tuple[str, str]:
    """(where, what) of msgspec's error: `key_results.0.text`, `at most 20000 characters` ("" where: the top)."""
    text = str(exc)
    match = _WHERE.search(text)
    where = ""
    if match:
        text = text[:match.start()]
        where = re.sub(r"\[(\d+)\]", r".\1", match["path"]).lstrip(".")  # key_results.0.text
    field = _FIELD.match(text)
    if field:  # the field is part of where, not of what
        where = f"{where}.{field['name']}" if where else field["name"]
        text = "is missing" if field["what"].startswith("missing") else "is not a field here"
    for pattern, saying in _SAYINGS:
        if pattern.match(text):
            text = pattern.sub(saying, text, count=1)
            break
    return where, text.replace("`", "")
