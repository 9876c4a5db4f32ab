"""Numbers with units in the words of a key result: "18%", "95 s", "$40k", "under 2 h".

Two things, pure and small:

- `parse_quantity(text)` reads ONE quantity written on its own (a baseline or target field,
  a check-in value): an optional bound ("under", "at least", "<=", "~"), an optional
  currency sign, the number (thousands commas, decimals, a `k`/`M`/`bn` scale, a trailing
  `+`), then an optional unit ("%", "percent", "pp", "s", "min", "hours", "days", "x",
  "EUR"...), an optional "per X" or "/X", and a few trailing words kept as a label
  ("500 users"). `None` when the text is not such a quantity.
- `from_to(text)` finds the baseline and target a sentence states: "from 35% to 50%",
  "40 -> 60" (or "→"), "to under 2 h from 5 h", "from $40k to $55k", "from 12 to 7 days"
  (the unit written once serves both sides).

`Quantity.base()` puts a value on a common scale within its dimension (durations in
seconds), so values written in different units can be compared ("2 hrs" and "30 min").

Thousands are grouped by commas or spaces ("1,200", "1 200"); a comma before one or two digits is
a decimal comma ("1,5 h").

"m" after a number means million after a currency sign or when a noun follows ("$1.2m",
"10m users"), and minutes otherwise ("45m").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from .text import LazyPattern

__all__ = ["Quantity", "FromTo", "parse_quantity", "find_quantities", "read_value", "first_quantity", "noun_at", "from_to",
           "format_number", "format_quantity", "in_unit", "show_value"]

# -- the vocabulary -------------------------------------------------------------------------

_BOUNDS: dict[str, str] = {}
for _words, _sign in (
    ("under|below|less than|fewer than|lower than|<", "<"),
    ("at most|no more than|not more than|maximum of|maximum|max|up to|<=|\u2264", "<="),
    ("over|above|more than|greater than|higher than|>", ">"),
    ("at least|no less than|not less than|minimum of|minimum|min|>=|\u2265", ">="),
    ("about|around|approximately|approx\\.?|roughly|circa|~|\u2248", "~"),
):
    for _w in _words.split("|"):
        _BOUNDS[_w] = _sign

_CURRENCY_SIGNS = {"$": "$", "\u20ac": "\u20ac", "\u00a3": "\u00a3", "\u00a5": "\u00a5"}
_CURRENCY_WORDS = {"usd": "$", "dollars": "$", "dollar": "$", "eur": "\u20ac", "euros": "\u20ac",
                   "euro": "\u20ac", "gbp": "\u00a3", "pounds": "\u00a3", "jpy": "\u00a5", "yen": "\u00a5"}

_UNITS: dict[str, str] = {}
for _names, _canon in (
    ("%|percent|per cent|pct", "%"),
    ("pp|percentage points|percentage point", "pp"),
    ("pt|pts|point|points", "pt"),
    ("ms|msec|msecs|millisecond|milliseconds", "ms"),
    ("s|sec|secs|second|seconds", "s"),
    ("min|mins|minute|minutes", "min"),
    ("h|hr|hrs|hour|hours", "h"),
    ("d|day|days", "d"),
    ("wk|wks|week|weeks", "wk"),
    ("mo|mth|mths|month|months", "mo"),
    ("yr|yrs|year|years", "yr"),
    ("x|times", "x"),
):
    for _n in _names.split("|"):
        _UNITS[_n] = _canon
# words after "45m" that do not make it "45 million" (a noun does: "10m users")
_NOT_NOUNS = frozenset("to from by in within per and or at on for a an the of than".split())

SECONDS = {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0, "wk": 604800.0,
           "mo": 2629800.0, "yr": 31557600.0}
_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mm": 1e6, "bn": 1e9, "b": 1e9}
_SCALE_SUFFIX = ((1e9, "bn"), (1e6, "M"), (1e3, "k"))


def _alternation(words) -> str:
    return "|".join(w if w.endswith("\\.?") else re.escape(w) for w in sorted(words, key=len, reverse=True))


_BOUND_RE = r"(?P<bound>(?:" + _alternation(_BOUNDS) + r"))"
_NUMBER_RE = (
    r"(?P<sign>[-\u2212])?(?P<cur>[$\u20ac\u00a3\u00a5]|(?:usd|eur|gbp)(?=\s?[\d.]))?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:\.\d+)?(?![\d,])"
    r"|\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s?(?P<scale>bn|mn|mm|[kKmMbB])(?![^\W\d_]))?"
    r"(?P<plus>\+)?"
)
_UNIT_WORDS = sorted(set(_UNITS) | set(_CURRENCY_WORDS), key=len, reverse=True)
_UNIT_RE = (
    r"(?:(?P<usp>\s?)(?P<unit>%|"
    + "|".join(re.escape(u) for u in _UNIT_WORDS if u != "%")
    + r")(?![^\W\d_]))?"
)
_PER_RE = r"(?:\s?/\s?(?P<per>[^\W\d_]+|\d+)|\s+per\s+(?P<perw>[^\W\d_]+))?"
_QUANTITY = (
    r"(?:" + _BOUND_RE + r"\s*)?" + _NUMBER_RE + _UNIT_RE + r"(?P<plus2>\+)?" + _PER_RE
)
# compiled when first used (this and the three below: about 8 ms): a resumed session's inbox poll
# imports this module just after the first frame, while the facilitator types
_QUANTITY_RE = LazyPattern(r"(?<![\w.,])" + _QUANTITY, re.I)
_LABEL_RE = re.compile(r"\s*(?P<label>[^\W\d_][\w\-' ]{0,60}?)?\s*", re.I)
_ARROW = r"\s*(?:->|=>|\u2192|\u27f6|\u2794|\u21d2)\s*"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as a key result states it.

    `value` has its scale applied ("$40k" is 40000); `unit` is canonical ("%", "pp", "pt",
    "ms", "s", "min", "h", "d", "wk", "mo", "yr", "x", a currency sign, or "" for a count);
    `per` is what it is counted per ("quarter" in "8/quarter", "5" in "4.2/5"); `bound` is
    "", "<", "<=", ">", ">=" or "~"; `label` holds words after it ("users"); `text` is the
    words it was read from, as written.
    """

    value: float
    unit: str = ""
    per: str = ""
    bound: str = ""
    label: str = ""
    text: str = ""

    @property
    def dimension(self) -> str:
        """What the value measures: "time", "%", a currency sign, "count"... (with its `per`)."""
        kind = "time" if self.unit in SECONDS else (self.unit or "count")
        return f"{kind}/{self.per}" if self.per else kind

    def base(self) -> float:
        """The value on its dimension's common scale: durations in seconds, the rest as is."""
        return self.value * SECONDS.get(self.unit, 1.0)

    def comparable(self, other: Quantity) -> bool:
        return self.dimension == other.dimension

    def __str__(self) -> str:
        return format_quantity(self)


@dataclass(frozen=True, slots=True)
class FromTo:
    """The baseline and target a sentence states, and where it says them."""

    baseline: Quantity
    target: Quantity
    span: tuple[int, int]


def format_number(value: float, digits: int = 2) -> str:
    """A number as a person writes it: no trailing zeros, thousands commas ("40,000", "0.35")."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    rounded = round(value, digits)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.{digits}f}".rstrip("0").rstrip(".")


def format_quantity(q: Quantity, digits: int = 2) -> str:
    """The canonical way to write a quantity: "35%", "$40k", "2 h", "under 2 h", "8/quarter"."""
    sign = "-" if q.value < 0 and round(q.value, digits) != 0 else ""
    value = abs(q.value)
    if q.unit in _CURRENCY_SIGNS:
        number = format_number(value, digits)
        for size, suffix in _SCALE_SUFFIX:
            scaled = value / size
            if value >= size and abs(round(scaled, 2) - scaled) < 1e-9:
                number = format_number(scaled) + suffix
                break
        body = f"{sign}{q.unit}{number}"
    elif q.unit in ("%", "x"):
        body = f"{sign}{format_number(value, digits)}{q.unit}"
    elif q.unit:  # a canonical unit, or the noun a count counts ("1,350 orders")
        body = f"{sign}{format_number(value, digits)} {q.unit}"
    else:
        body = f"{sign}{format_number(value, digits)}"
    if q.per:
        body += f"/{q.per}"
    words = {"<": "under ", "<=": "at most ", ">": "over ", ">=": "at least ", "~": "about "}
    return words.get(q.bound, "") + body


def _quantity(m: re.Match[str], text: str) -> Quantity | None:
    raw = m.group("num")
    try:
        if re.fullmatch(r"\d+,\d{1,2}", raw):  # a decimal comma: "1,5 h", "21,5%"
            raw = raw.replace(",", ".")
        value = float(re.sub(r"[, \u00a0\u202f]", "", raw))
    except ValueError:  # pragma: no cover - the pattern only lets digits through
        return None
    if m.group("sign"):
        value = -value
    currency = m.group("cur") or ""
    currency = _CURRENCY_WORDS.get(currency.lower(), currency)
    unit_word = (m.group("unit") or "").lower()
    unit_word = " ".join(unit_word.split())
    unit = _UNITS.get(unit_word, "")
    if unit_word in _CURRENCY_WORDS:
        currency = currency or _CURRENCY_WORDS[unit_word]
    scale = m.group("scale") or ""
    if scale:
        low = scale.lower()
        rest = text[m.end():]
        after = re.match(r"\s*([^\W\d_]+)", rest)
        noun_follows = bool(after) and not unit and after.group(1).lower() not in _NOT_NOUNS
        if low == "m" and not currency and not noun_follows and scale == "m":
            unit = unit or "min"  # "45m": minutes; "$1.2m", "10m users", "2M": million
        else:
            value *= _SCALES[low]
    if currency:
        unit = currency
    bound = _BOUNDS.get(" ".join((m.group("bound") or "").lower().split()), "")
    if not bound and (m.group("plus") or m.group("plus2")):
        bound = ">="
    per = m.group("per") or m.group("perw") or ""
    if per and per.lower() in ("s", "sec", "second", "min", "minute", "h", "hr", "hour", "d", "day",
                                "wk", "week", "mo", "month", "yr", "year", "quarter", "qtr", "q"):
        per = {"q": "quarter", "qtr": "quarter", "s": "second", "sec": "second", "min": "minute",
               "h": "hour", "hr": "hour", "d": "day", "wk": "week", "mo": "month", "yr": "year"}.get(
            per.lower(), per.lower())
    return Quantity(value=value, unit=unit, per=per, bound=bound, text=m.group().strip())


def parse_quantity(text: str) -> Quantity | None:
    """The one quantity `text` consists of (with a bound, a unit, a few words after it), or None."""
    if not isinstance(text, str) or len(text) > 500:
        return None
    stripped = text.strip()
    m = _QUANTITY_RE.match(stripped)
    if m is None:
        return None
    q = _quantity(m, stripped)
    if q is None:
        return None
    tail = _LABEL_RE.fullmatch(stripped[m.end():])
    if tail is None:
        return None
    label = " ".join((tail.group("label") or "").split())
    return replace(q, label=label, text=stripped)


def find_quantities(text: str) -> list[tuple[Quantity, tuple[int, int]]]:
    """Every quantity written in `text`, with its span, in order."""
    out = []
    for m in _QUANTITY_RE.finditer(text):
        q = _quantity(m, text)
        if q is not None:
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            out.append((q, (start, m.end())))
    return out


# -- a value in a line, and in a key result's unit (the quarter's check-ins and board) ---------------

_NOUN_RE = re.compile(r"[ \t]*(?P<noun>[^\W\d_][\w\-']*)")


def read_value(text: str | None) -> tuple[Quantity, int] | None:
    """The first quantity written in `text` and where its number and unit end: a check-in's "21% the
    e-mail test moved it", a field's "18% of buyers". A count keeps the word after it as its label
    ("1,200 orders": 1200, label "orders"), unless that word is a preposition ("5 to go")."""
    if not isinstance(text, str):
        return None
    text = text[:5000]
    for m in _QUANTITY_RE.finditer(text):
        q = _quantity(m, text)
        if q is None:  # pragma: no cover - the pattern only lets digits through
            continue
        if q.unit or q.per:
            return q, m.end()
        return replace(q, label=noun_at(text, m.end())), m.end()
    return None


def noun_at(text: str, at: int) -> str:
    """The word a count at `at` counts ("orders" after "1,200"), or "" for none or a preposition."""
    noun = _NOUN_RE.match(text, at)
    return noun["noun"] if noun and noun["noun"].lower() not in _NOT_NOUNS else ""


def first_quantity(text: str | None) -> Quantity | None:
    """The first quantity written in `text` (see `read_value`), or None when it states no number."""
    read = read_value(text)
    return read[0] if read else None


def in_unit(q: Quantity, unit: str) -> float | None:
    """`q`'s value in `unit` (canonical): as is when either has no unit or both are the same; durations
    convert ("2 min" is 120 in "s"); None when they measure different things ("%" and "s")."""
    if not q.unit or not unit or q.unit == unit:
        return q.value
    if q.unit in SECONDS and unit in SECONDS:
        return q.value * SECONDS[q.unit] / SECONDS[unit]
    return None


def show_value(value: float, unit: str = "") -> str:
    """A value in a unit as a person writes it: 18 and "%" -> "18%", 95 and "s" -> "95 s", 1350 and
    "orders" -> "1,350 orders" (up to four decimals)."""
    return format_quantity(Quantity(value, unit), digits=4)


# -- from X to Y ------------------------------------------------------------------------------

_GAP = r"(?:[^\d.;:!?\n]{0,40}?\s)?"  # "from 30+ minutes per shift to ...": a few words, no number
_FROM_TO = LazyPattern(
    r"\bfrom\s+(?P<a>" + _QUANTITY.replace("(?P<", "(?P<a_") + r")" + _GAP
    + r"(?:(?:down|up|all the way)\s+)?to\s+(?P<b>" + _QUANTITY.replace("(?P<", "(?P<b_") + r")", re.I)
_TO_FROM = LazyPattern(
    r"\bto\s+(?P<b>" + _QUANTITY.replace("(?P<", "(?P<b_") + r")" + _GAP
    + r"from\s+(?P<a>" + _QUANTITY.replace("(?P<", "(?P<a_") + r")", re.I)
_ARROW_RE = LazyPattern(
    r"(?<![\w.,])(?P<a>" + _QUANTITY.replace("(?P<", "(?P<a_") + r")" + _ARROW
    + r"(?P<b>" + _QUANTITY.replace("(?P<", "(?P<b_") + r")", re.I)


def _with_unit_of(q: Quantity, other: Quantity) -> Quantity:
    """`q` written without a unit borrows the unit the sentence gave the other side."""
    if q.unit or not other.unit:
        return q if q.per or not other.per else replace(q, per=other.per, text=f"{q.text}/{other.per}")
    if other.unit in _CURRENCY_SIGNS:
        text = other.unit + q.text if not q.bound else q.text
    elif other.unit in ("%", "x"):
        text = q.text + other.unit
    else:
        written = re.search(r"[^\W\d_]+\s*$", other.text)
        text = f"{q.text} {written.group().strip() if written else other.unit}"
    per = q.per or other.per
    if per and not q.per:
        text += f"/{per}"
    return replace(q, unit=other.unit, per=per, text=text)


def _reads_back(q: Quantity) -> Quantity:
    """`q` with words that read back as `q` on their own: the fold fills a baseline or target field
    with them ("1m" before "users" is a million, alone it is a minute: "1,000,000" then)."""
    back = parse_quantity(q.text)
    if back is None or (back.value, back.unit, back.per, back.bound) != (q.value, q.unit, q.per, q.bound):
        return replace(q, text=format_quantity(q, digits=6))
    return q


def from_to(text: str) -> FromTo | None:
    """The first "from X to Y" (or "to Y from X", "X -> Y") in `text` with two quantities."""
    if not isinstance(text, str):
        return None
    text = text[:5000]
    found = []
    for pattern in (_FROM_TO, _TO_FROM, _ARROW_RE):
        m = pattern.search(text)
        if m is not None:
            found.append(m)
    if not found:
        return None
    m = min(found, key=lambda x: x.start())
    a = _QUANTITY_RE.match(text, m.start("a"))
    b = _QUANTITY_RE.match(text, m.start("b"))
    if a is None or b is None:  # pragma: no cover - the same pattern matched just now
        return None
    qa, qb = _quantity(a, text), _quantity(b, text)
    if qa is None or qb is None:  # pragma: no cover
        return None
    qa, qb = _reads_back(_with_unit_of(qa, qb)), _reads_back(_with_unit_of(qb, qa))
    return FromTo(baseline=qa, target=qb, span=(m.start(), m.end()))
