"""The one place a TOML text is parsed: a compiled parser when installed, tomllib otherwise.

`rtoml` (Rust, TOML 1.0) parses an event log about 4x faster than the standard library's
pure-Python `tomllib` (see the README's Performance section); it is a dependency, and when
it is missing (a platform without its wheel) `tomllib` does the work. Either way the result
is what `tomllib` gives, and every refusal is `tomllib`'s, with its message:

- a text the compiled parser refuses is parsed again by `tomllib`, which raises its own
  `TOMLDecodeError` (line and column included) or, should it accept it, is the answer;
- the one input found where rtoml accepts what tomllib refuses (a leading byte-order mark)
  is refused here before parsing;
- rtoml's offset date-times carry its own `TzInfo` class (it cannot be deep-copied or
  pickled): each is given the standard library's `timezone` with the same offset, so
  every value is of the type `tomllib` returns (this walk costs about half the parse);
- nesting too deep for either parser is a `TOMLDecodeError`, never a `RecursionError`.

`parse_event_log` is the event log's own, faster path (see there).
"""

from __future__ import annotations

import tomllib
from datetime import datetime, timezone
from typing import Any

import msgspec

try:  # pragma: no cover - which branch runs depends on the installation
    import rtoml as _fast

    _FAST_TZ = type(_fast.loads("t = 2000-01-01T00:00:00Z")["t"].tzinfo)
except ImportError:  # pragma: no cover
    _fast = None
    _FAST_TZ = None

TOMLDecodeError = tomllib.TOMLDecodeError


def _reference(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise TOMLDecodeError("values are nested too deeply") from None


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document in `text`, as `tomllib.loads` reads it; raises `TOMLDecodeError`."""
    if _fast is None or text.startswith("\ufeff"):
        return _reference(text)
    try:
        data = _fast.loads(text)
    except (_fast.TomlParsingError, RecursionError, ValueError):
        return _reference(text)
    if _FAST_TZ is not timezone:
        _standard_timezones(data)
    return data


def parse_event_log(text: str) -> dict[str, Any]:
    """An event log's TOML text, bounded as every read is, at the cost of the compiled parse alone.

    Raises `TomlError` (nested too deep) or `TOMLDecodeError`. Two steps of `parse_toml` that
    cost as much as half the parse are left out here, because the events' validation does them:
    - the nesting scan before parsing: rtoml bounds its own recursion (deeper nesting, in
      brackets, inline tables or dotted keys, is a `TomlParsingError`, then the scan and tomllib
      below answer as for any file), and an event is flat: anything nested that rtoml accepts
      fails the validation of the event it is in, whose slow path reads event by event,
      nesting scan first;
    - the walk over every value for rtoml's time zones: only the events' `at` may be a
      date-time (any other field refuses one), so only the events' `at` are given the standard
      library's `timezone`, all at once (`_standard_event_times`); each event still makes its own
      `at` a UTC `datetime` with millisecond precision as it is decoded (`EventBase.__post_init__`).
    Without rtoml it is `nesting_problem` and then `tomllib`, as before.
    """
    if _fast is not None and not text.startswith("\ufeff"):
        try:
            data = _fast.loads(text)
        except (_fast.TomlParsingError, RecursionError, ValueError):
            data = None
        if data is not None:
            if _FAST_TZ is not timezone:
                _standard_event_times(data)
            return data
    from ..domain.toml_text import nesting_problem

    problem = nesting_problem(text)
    if problem is not None:
        raise problem
    return _reference(text)


def _standard_event_times(data: dict[str, Any]) -> None:
    """Give the events' `at` (`data["events"][i]["at"]`) the standard `timezone` of their offset,
    in place, in two native passes (msgspec writes each as RFC 3339 text and reads it back).

    Done in Python, event by event, this took more than half the events' validation (rtoml's
    `TzInfo` answers `utcoffset` slowly). The round trip is exact (rtoml keeps microseconds, and
    minutes in an offset). Anything else, an event that is not a table or has no `at`, an `at` that is
    not a date-time or its text, leaves every event as it was: the events' validation then reads
    and refuses it as it always did.
    """
    records = data.get("events")
    if type(records) is not list:
        return
    try:
        times = msgspec.convert(msgspec.to_builtins([record["at"] for record in records]), list[datetime])
    except (TypeError, KeyError, IndexError, msgspec.ValidationError):
        return
    for record, at in zip(records, times):
        record["at"] = at


def _standard_timezones(data: dict[str, Any]) -> None:
    """Give every offset date-time the standard `timezone` of its offset, in place."""
    utc = timezone.utc
    stack: list = [data]
    while stack:
        node = stack.pop()
        for key, value in (node.items() if type(node) is dict else enumerate(node)):
            kind = type(value)
            if kind is dict or kind is list:
                stack.append(value)
            elif kind is datetime and type(value.tzinfo) is _FAST_TZ:
                offset = value.utcoffset()
                node[key] = value.replace(tzinfo=utc if not offset else timezone(offset))
