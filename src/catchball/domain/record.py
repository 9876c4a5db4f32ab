"""The base of every validated record (events, session.toml, inbox items and the files a user
writes: agendas, scenarios, OKR, theme and values files): msgspec Structs.

A record is validated where it comes in: `decode` when it is read (a log, a file, a device's
item) and `build` when the room makes one to keep (`commands.make`). Plain construction is the
code's own business and is not checked again. `error_sentence` turns msgspec's error into the
one short sentence the app shows, naming the field. A record's own checks (`__post_init__`) raise
ValueError, or `FieldError` to name the field they found wrong.
"""

# (no `from __future__ import annotations`: msgspec would compile and evaluate the session
# file's annotations, as strings, the first time a session is opened; tests/test_first_frame.py)
import re
from datetime import date, datetime
from typing import Any, TypeVar

import msgspec
from msgspec import Meta, Struct, ValidationError

from .text import LazyPattern, one_line

__all__ = ["FieldError", "Meta", "Record", "ValidationError", "build", "decode", "error_parts", "error_sentence",
           "replace", "to_dict", "to_json", "to_toml", "validated"]

R = TypeVar("R")


class Record(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A frozen record that refuses fields it does not know."""


class FieldError(ValueError):
    """A record's own check (`__post_init__`) that names the field it found wrong: the error's
    sentence then names `field` under the record (`script.3.text`), not the record alone."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(text)
        self.field = field


def decode(data: Any, kind: type[R] | Any, *, strict: bool = False) -> R:
    """`data` (as TOML gives it: dicts, lists, scalars, datetimes) as `kind`; ValidationError says what is wrong.

    Lax by default (`"5"` is read as 5 where a number is due); `strict` takes each value as the
    type it is (a file whose numbers must be numbers)."""
    return msgspec.convert(data, kind, strict=strict)


def build(cls: type[R], **fields: Any) -> R:
    """A new record of `cls`, validated like one read from a file (ValidationError when a field is wrong)."""
    return _checked(msgspec.to_builtins(fields), cls)


def validated(record: R) -> R:
    """`record` checked as if it had been read from a file: its copy, or ValidationError saying what is wrong."""
    return _checked(msgspec.to_builtins(record), type(record))


def _checked(data: Any, cls: type[R]) -> R:
    _refuse_surrogates(data, "$")
    return msgspec.convert(data, cls, strict=False)


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
    """A copy with some fields changed."""
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


# compiled when an error is first explained, not at import, which every start pays
_WHERE = LazyPattern(r" - at (?P<key>`key` in )?`\$(?P<path>[^`]*)`$")
_SAYINGS = (
    (LazyPattern(r"Expected `str` of length <= (\d+)"), r"at most \1 characters"),
    (LazyPattern(r"Expected `(?:array|object)` of length <= (\d+)"), r"at most \1 items"),
    (LazyPattern(r"Expected `(?:str|array|object)` of length >= 1"), "must not be empty"),
    (LazyPattern(r"Expected `str` of length >= (\d+)"), r"at least \1 characters"),
    (LazyPattern(r"Expected `(?:array|object)` of length >= (\d+)"), r"at least \1 items"),
    (LazyPattern(r"Expected `(?:int|float)` >= (\S+?)(?:\.0)?$"), r"must be at least \1"),
    (LazyPattern(r"Expected `(?:int|float)` <= (\S+?)(?:\.0)?$"), r"must be at most \1"),
    (LazyPattern(r"Expected `(?:int|float)` > (\S+?)(?:\.0)?$"), r"must be more than \1"),
    (LazyPattern(r"Expected `(?:int|float)` < (\S+?)(?:\.0)?$"), r"must be less than \1"),
    (LazyPattern(r"Expected `datetime` with a timezone component"),
     "expected an offset date-time with a timezone, e.g. 2026-11-22T09:00:00Z"),
    (LazyPattern(r"Expected `str` matching regex (.*)"), r"must match the pattern \1"),
    (LazyPattern(r"Invalid enum value (.*)"), r"\1 is not one of the allowed values"),
    (LazyPattern(r"Invalid value (.*)"), r"\1 is not one of the allowed values"),
    (LazyPattern(r"Expected `([^`]+)`, got `([^`]+)`"), lambda m: _expected(m[1], m[2])),
)
# msgspec's names of types, as a TOML file's writer knows them ("null": the field may be left out)
_WANTED = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false", "array": "a list",
           "object": "a table", "datetime": "a date-time", "date": "a date", "time": "a time"}
_GOT = {**_WANTED, "float": "a decimal number", "bool": "a true/false value", "null": "nothing"}


def _expected(wanted: str, got: str) -> str:
    """`expected text or a number, got a list`, from msgspec's `Expected `str | int`, got `array``."""
    types = [t for t in wanted.split(" | ") if t != "null" and not (t == "int" and "float" in wanted)]
    words = [_WANTED.get(t, t) for t in types] or ["nothing"]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
    return f"expected {listed}, got {_GOT.get(got, got)}"


_FIELD = LazyPattern(r"Object (?P<what>missing required|contains unknown) field `(?P<name>[^`]*)`")


def error_sentence(exc: ValidationError, kind: Any = None) -> str:
    """`field 'key_results.0.text': at most 20000 characters`, from msgspec's error (key names come from files).

    With `kind` (the type that was decoded) a value that is not one of a set says which it may be."""
    where, text = error_parts(exc, kind)
    text = one_line(text, 200)
    where = one_line(where, 80)
    return f"field '{where}': {text}" if where else f"field (top): {text}"


def error_parts(exc: ValidationError, kind: Any = None) -> tuple[str, str]:
    """(where, what) of msgspec's error: `key_results.0.text`, `at most 20000 characters` ("" where: the top)."""
    text = str(exc)
    match = _WHERE.search(text)
    path, where, key = "", "", False
    if match:
        text = text[:match.start()]
        path, key = match["path"], bool(match["key"])
        where = re.sub(r"\[(\d+)\]", r".\1", path).lstrip(".")  # key_results.0.text
    if isinstance(exc.__cause__, FieldError):  # a record's own check, in its own words
        field = exc.__cause__.field
        return (f"{where}.{field}" if where else field), text
    field = _FIELD.match(text)
    if field:  # the field is part of where, not of what
        where = f"{where}.{field['name']}" if where else field["name"]
        text = "is missing" if field["what"].startswith("missing") else "is not a field here"
    value = _NOT_ONE_OF.match(text)
    choices = _choices(kind, path, key) if value and kind is not None else None
    if value and choices:
        text = f"{'key ' if key else ''}{value[1]} is not one of {', '.join(choices)}"
    else:
        for pattern, saying in _SAYINGS:
            if pattern.match(text):
                text = pattern.sub(saying, text, count=1)
                break
    return where, text.replace("`", "")


_NOT_ONE_OF = LazyPattern(r"Invalid (?:enum )?value (.*)")
_STEP = LazyPattern(r"\.([^.\[]+)|\[([^\]]*)\]")


def _choices(kind: Any, path: str, key: bool) -> list[str] | None:
    """The values allowed at `path` in `kind` (an enum's or a Literal's), or None when it cannot tell."""
    from msgspec import inspect

    try:
        info: Any = inspect.type_info(kind)
    except (TypeError, ValueError):
        return None
    for name, _ in _STEP.findall(path):
        if name:
            struct = _member(info, inspect.StructType)
            info = next((f.type for f in struct.fields if f.encode_name == name), None) if struct else None
        else:
            info = _member(info, (inspect.ListType, inspect.VarTupleType, inspect.SetType, inspect.DictType))
            info = (info.value_type if isinstance(info, inspect.DictType) else info.item_type) if info else None
        if info is None:
            return None
    if key:
        mapping = _member(info, inspect.DictType)
        info = mapping.key_type if mapping else None
    info = _member(info, (inspect.EnumType, inspect.LiteralType))
    if isinstance(info, inspect.EnumType):
        return [str(member.value) for member in info.cls]
    return [str(v) for v in info.values] if info is not None else None


def _member(info: Any, types: Any) -> Any:
    """`info` if it is of `types`, or its one member of `types` if it is a union."""
    from msgspec import inspect

    while isinstance(info, inspect.Metadata):
        info = info.type
    members = info.types if isinstance(info, inspect.UnionType) else (info,)
    found = [m.type if isinstance(m, inspect.Metadata) else m for m in members]
    found = [m for m in found if isinstance(m, types)]
    return found[0] if len(found) == 1 else None
