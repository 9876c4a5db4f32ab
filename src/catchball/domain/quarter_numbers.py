"""Numbers as a room writes them: "18%", "95 s", "$40k", "1,200 orders", "€1.5m".

`read_quantity` reads the first number of a text with its unit (or None); `from_to` finds a
key result's "from X to Y" when its baseline and target fields are empty; `same_unit` says
whether two units are the same measure ("s" and "seconds"). Pure functions, no I/O.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

CURRENCIES = {"$": "$", "€": "€", "£": "£", "¥": "¥", "usd": "$", "eur": "€", "gbp": "£"}
MULTIPLIERS = {"k": 1e3, "K": 1e3, "M": 1e6, "m": 1e6, "bn": 1e9, "B": 1e9}
SYNONYMS = {
    "%": "%", "percent": "%", "pct": "%", "per cent": "%", "pp": "%", "points": "%",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "ms": "ms", "millisecond": "ms", "milliseconds": "ms",
    "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d",
}
NUMBER = re.compile(
    r"(?P<lead>[-−](?=[$€£¥]))?"
    r"(?P<cur>[$€£¥]|\b(?:USD|EUR|GBP)\s?)?"
    r"(?P<sign>[-−+])?"
    r"(?P<num>\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<mult>bn|k|K|M|B|m(?![a-zA-Z]))?"
    r"(?:\s?(?P<unit>%|‰|[A-Za-z][A-Za-z/]{0,15}))?"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str = ""  # normalised: "%", "s", "$"...; "" for a plain count

    def show(self, value: float | None = None) -> str:
        """A value in this quantity's unit, as a person would write it."""
        return show_value(self.value if value is None else value, self.unit)


def _unit(word: str | None) -> str:
    if not word:
        return ""
    low = word.lower()
    return SYNONYMS.get(low, low if len(word) > 1 else word)


def read_quantity(text: str | None) -> Quantity | None:
    """The first number in `text` with its unit, or None when there is no number to read."""
    if not text:
        return None
    match = NUMBER.search(text)
    if match is None:
        return None
    digits = re.sub(r"[,\u202f\u00a0 ]", "", match["num"])
    value = float(digits)
    if match["sign"] in ("-", "−") or match["lead"]:
        value = -value
    cur = match["cur"]
    mult = match["mult"]
    unit_word = match["unit"]
    if mult == "m" and not cur:  # "5m" without a currency reads as minutes or metres, not millions
        mult, unit_word = None, "m" + (unit_word or "")
    if mult:
        value *= MULTIPLIERS[mult]
    if not math.isfinite(value):
        return None
    if cur:
        return Quantity(value, CURRENCIES[cur.strip().lower() if len(cur.strip()) > 1 else cur.strip()])
    if unit_word and unit_word.lower() in ("to", "from", "by", "of", "and", "or", "in", "per", "a", "an", "the"):
        unit_word = None
    return Quantity(value, _unit(unit_word))


_FROM = re.compile(r"\bfrom\s+", re.IGNORECASE)
_TO = re.compile(r"\s+to\s+", re.IGNORECASE)


def from_to(text: str | None) -> tuple[Quantity, Quantity] | None:
    """A key result's "from X to Y" (e.g. "from 95 s to 60 s"), when both ends read as numbers."""
    if not text:
        return None
    for start in _FROM.finditer(text):
        rest = text[start.end():]
        to = _TO.search(rest)
        if to is None or to.start() > 30:
            continue
        a, b = read_quantity(rest[:to.start()]), read_quantity(rest[to.end():to.end() + 30])
        if a is not None and b is not None:
            return a, b
    return None


def same_unit(a: str, b: str) -> bool:
    """Whether two normalised units measure the same thing ("" matches anything)."""
    return not a or not b or a == b


def show_value(value: float, unit: str = "") -> str:
    """18.0 and "%" -> "18%"; 95 and "s" -> "95 s"; 40000 and "$" -> "$40,000"."""
    if abs(value - round(value)) < 1e-9:
        number = f"{round(value):,}"
    else:
        number = f"{value:,.4f}".rstrip("0").rstrip(".")
    if unit in ("$", "€", "£", "¥"):
        return f"-{unit}{number[1:]}" if number.startswith("-") else f"{unit}{number}"
    if unit in ("%", "‰", ""):
        return number + unit
    return f"{number} {unit}"
