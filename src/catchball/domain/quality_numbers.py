"""Which digits in a key result are amounts, and which are parts of a name.

A quantity is a number with a unit, a percent, a currency or a count of something, or the
two ends of a from/to. The digits of a version ("v2", "Postgres 16", "Python 3.12"), a year
("2027", "FY2027"), a quarter or half ("Q3", "H2"), a date ("30 June"), a numbered label
("phase 2", "week 8") or a standard's name ("SOC 2", "ISO 27001") are not: they name a
thing and say nothing about how much of it.

``mask_names(text)`` returns the text with the digits of such names replaced by ``#`` (same
length, so every span found in the masked text points at the same words of the original);
the coach's quantity rules then read the masked text. Pure and linear in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .quality_words import METRIC_NOUNS, OUTPUT_NOUNS, RESULT_NOUNS

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# Units and multipliers that may be glued to a number: "100k", "2x", "30min", "5ms", "1st".
_GLUED_UNITS = re.compile(
    r"(?:k|m|b|bn|mn|x|ms|s|sec|secs|h|hr|hrs|min|mins|d|w|wk|wks|mo|yr|yrs|pp|pt|pts|gb|mb|tb|kb|kg|km|"
    r"st|nd|rd|th|am|pm)(?![^\W\d_])",
    re.I,
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A number right after a label names an item of a series: "phase 2", "week 8", "version 3".
_LABEL = re.compile(
    r"\b(?:v|ver|version|versions|release|rel|phase|phases|stage|stages|step|steps|sprint|sprints|wave|"
    r"gen|generation|type|tier|article|section|chapter|part|week|month|day|iteration|milestone|round|"
    r"cohort|batch|series|model|level|no|number|room|gate|route|line|floor|building|track|grade|"
    r"iso|soc|pci|dss|iec|nist|gdpr|hipaa|wcag|tls|ssl|http|ipv|oauth)\.?\s*$",
    re.I,
)
_RANGE_AFTER_LABEL = re.compile(r"\s*(?:to|through|and|-|\u2013|&)\s*\d+(?:\.\d+)*", re.I)
_YEAR_BEFORE = re.compile(
    r"\b(?:in|by|for|of|since|until|till|before|after|during|the|this|next|last|fy|end|early|mid|late|"
    r"spring|summer|autumn|fall|winter|" + _MONTHS + r"|q[1-4]|h[12])\W*$",
    re.I,
)
_DATE_AFTER_MONTH = re.compile(r"\b(?:" + _MONTHS + r")\.?\s*$", re.I)
_MONTH_AFTER = re.compile(r"\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?:" + _MONTHS + r")\b", re.I)
_UNIT_AFTER = re.compile(
    r"\s*(?:%|percent|per\s*cent|pp\b|points?\b|x\b|times\b|[kmb]\b|k?\s*(?:users?|customers?)\b|"
    r"(?:ms|s|sec|seconds?|min|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?|quarters?)\b|"
    r"(?:usd|eur|gbp|dollars?|euros?|pounds?)\b)",
    re.I,
)
_CAPITALISED_NAME = re.compile(r"(?:^|[\s(/])((?=[\w.+-]*[A-Z])[A-Za-z][\w.+-]*[A-Za-z+])\s+$")
_SENTENCE_START = re.compile(r"^[\s\-*\u2022>#:.()\d]*$")
_WORD_AFTER = re.compile(r"\s*(?:[-\u2010-\u2014]\s*)?([^\W\d_]+)")
_COUNTED = RESULT_NOUNS | OUTPUT_NOUNS | METRIC_NOUNS


def _word_after(text: str, end: int) -> str:
    m = _WORD_AFTER.match(text, end)
    return m.group(1).lower() if m else ""


def _is_name_number(text: str, start: int, end: int) -> int:
    """0 when the number at ``text[start:end]`` is an amount, else the end of the name
    it belongs to (a label's range "phases 1 to 3" ends after the 3)."""
    before = text[max(0, start - 40):start]
    after = text[end:end + 30]
    # currency or sign in front: always an amount
    if before and before[-1] in "$\u20ac\u00a3\u00a5+~<>\u2264\u2265":
        return 0
    if _UNIT_AFTER.match(after) and not after.startswith(("-", "\u2013")):
        return 0
    # glued to letters: "v2", "Q3", "FY2027", "IPv6", "p95", "4HANA" (but not "100k", "2x")
    if before[-1:].isalpha():
        return end
    if after[:1].isalpha() and not _GLUED_UNITS.match(after):
        return end
    # a compound adjective: "7-day", "3-D", "30-day"
    if re.match(r"[-\u2010\u2011]\s?[^\W\d_]", after):
        return end
    # "24/7"-like pairs and ratios are left alone
    if _LABEL.search(before):
        m = _RANGE_AFTER_LABEL.match(text, end)
        return m.end() if m else end
    if _DATE_AFTER_MONTH.search(before) or _MONTH_AFTER.match(after):
        return end
    digits = text[start:end]
    if re.fullmatch(r"(?:19|20)\d\d", digits):
        if (_YEAR_BEFORE.search(before) or not after.strip() or after[:1] in ",.;:)!?"
                or re.match(r"\s*[-\u2013/]\s*\d", after)):
            return end
    # a number after a capitalised name that is not the sentence's first word:
    # "Postgres 16", "ISO 27001", "Windows 11", "SOC 2" (a count would name what it counts)
    m = _CAPITALISED_NAME.search(before)
    if m and not _SENTENCE_START.match(before[:m.start(1)]):
        name = m.group(1).lower()
        if name not in METRIC_NOUNS and name not in RESULT_NOUNS and _word_after(text, end) not in _COUNTED:
            return end
    return 0


@lru_cache(maxsize=64)
def mask_names(text: str) -> str:
    """``text`` with the digits of versions, years, quarters, dates, labels and standards'
    names replaced by ``#`` (same length)."""
    out: list[str] = []
    last = 0
    pos = 0
    for m in _NUMBER.finditer(text):
        if m.start() < pos:
            continue
        stop = _is_name_number(text, m.start(), m.end())
        if stop:
            out.append(text[last:m.start()])
            out.append(re.sub(r"\d", "#", text[m.start():stop]))
            last = pos = stop
    out.append(text[last:])
    return "".join(out)
