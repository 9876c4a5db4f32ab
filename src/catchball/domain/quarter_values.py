"""The values a key result's owners send ahead of a check-in (`catchball checkin --values FILE`).

    [[key_results]]
    kr = 1              # the key result's number as shown, from 1
    value = 21          # or "21%", in the key result's unit
    confidence = 6      # 1-10
    note = "the e-mail test moved it"   # optional: the one-line why
"""

from __future__ import annotations

import math
import re
from typing import Annotated

from .record import Meta, Record

from .model import QuarterKr, QuarterOkr, Text
from .numbers import Quantity, first_quantity, in_unit, read_value
from .quarter_board import read_numbers
from .toml_model import parse_toml


class ValuesFileError(ValueError):
    """A values file that cannot be used, in one sentence."""


class ValueLine(Record, kw_only=True):

    kr: Annotated[int, Meta(ge=1, le=99)]
    value: float | Annotated[str, Meta(min_length=1, max_length=100)]
    confidence: Annotated[int, Meta(ge=1, le=10)]
    note: Text | None = None


class ValuesFile(Record, kw_only=True):

    key_results: Annotated[tuple[ValueLine, ...], Meta(min_length=1, max_length=99)]


def parse_values(text: str, origin: str) -> ValuesFile:
    return parse_toml(text, ValuesFile, origin, ValuesFileError)


def resolve_values(values: ValuesFile, okr: QuarterOkr, origin: str) -> list[dict]:
    """The fields of one `KrCheckedIn` per line, checked against the quarter's key results."""
    krs = {kr.number: kr for kr in okr.key_results}
    out: dict[int, dict] = {}
    for i, line in enumerate(values.key_results):
        where = f"{origin}: key_results[{i}]"
        kr = krs.get(line.kr)
        if kr is None:
            shown = ", ".join(str(n) for n in sorted(krs)) or "none"
            raise ValuesFileError(f"{where}: the quarter has no key result {line.kr} (its key results: {shown}).")
        if isinstance(line.value, str):
            numbers = read_numbers(kr)
            quantity = first_quantity(line.value)
            if quantity is None:
                raise ValuesFileError(f"{where}: no number to read in value {line.value!r}.")
            value = in_unit(quantity, numbers.measure)
            other = quantity.unit if value is None else _other_noun(quantity, numbers)
            if other:
                raise ValuesFileError(f"{where}: value {line.value!r} is in {other}, "
                                      f"but key result {line.kr} is measured in {numbers.unit}.")
        else:
            value = float(line.value)
        if not math.isfinite(value):
            raise ValuesFileError(f"{where}: the value must be a finite number.")
        if line.kr in out:
            raise ValuesFileError(f"{where}: key result {line.kr} has a value already in this file.")
        out[line.kr] = {"kr": line.kr, "value": value, "confidence": line.confidence,
                        **({"note": line.note} if line.note else {})}
    return list(out.values())


_CONFIDENCE = re.compile(r"^\s*[,;:·-]?\s*(?:conf(?:idence)?\.?\s*[:=]?\s*)?(10|[1-9])(?:\s*/\s*10)?(?![\d.%])")


def _other_noun(quantity: Quantity, numbers) -> str:
    """The noun of a count that is not the one the key result counts ("customers" for "orders")."""
    noun, counted = quantity.label.casefold(), numbers.unit.casefold()
    if numbers.measure or not noun or not counted or noun.rstrip("s") == counted.rstrip("s"):
        return ""
    return quantity.label


def parse_value_line(text: str, noun: str = "") -> tuple[Quantity, int | None, str | None] | None:
    """What the room says of a key result in one line: "21% 6 the e-mail test moved it" is the value,
    then a confidence 1-10 (optional: "conf 6", "6/10"), then the why. None when no value is there.
    `noun` is what a count counts: "1,350 orders 6" reads past it; another word starts the why."""
    read = read_value(text)
    if read is None:
        return None
    quantity, end = read
    rest = text[end:]
    if noun and quantity.label and quantity.label.casefold().rstrip("s") == noun.casefold().rstrip("s"):
        rest = rest.lstrip()[len(quantity.label):]
    confidence = None
    conf = _CONFIDENCE.match(rest)
    if conf:
        confidence = int(conf[1])
        rest = rest[conf.end():]
    note = rest.strip(" \t,;:·-–—") or None
    return quantity, confidence, note


class OtherUnit(ValueError):
    """A value in another unit than its key result's: one sentence."""


def read_checkin(kr: QuarterKr, text: str) -> tuple[float, int | None, str | None] | None:
    """What a line says of key result `kr` (typed in the room or sent from a participant's device):
    (value in the key result's unit, confidence or None, why or None); None when it holds no number;
    `OtherUnit` when the number measures something else than the key result ("%" for seconds)."""
    numbers = read_numbers(kr)
    read = parse_value_line(text, "" if numbers.measure else numbers.unit)
    if read is None:
        return None
    quantity, confidence, note = read
    value = in_unit(quantity, numbers.measure)
    if value is None:
        raise OtherUnit(f"Key result {kr.number} is measured in {numbers.unit}, not {quantity.unit}")
    return value, confidence, note
