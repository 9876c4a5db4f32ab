"""The coach on a key result in its context: its fields, owner and the session's teams, the
objective and the winning logic (with its links and what it says no to), the number of key
results, and the findings the room kept on purpose. ``lint_okr`` in ``quality.py`` is the
one entry; this module holds its parts.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import quality_rules as R
from . import quality_strategy as S
from .quality_findings import Finding, finding
from .quality_numbers import mask_names

BIG_RATIO = 3.0

_OWNER_SPLIT = re.compile(r"\s*(?:,|;|\s&\s|\+|/|\band\b|\bplus\b)\s*", re.I)
_OWNER_MANY = re.compile(
    r"\b(?:all|every|multiple|several|both|many|various)\b.*\b(?:teams?|squads?|departments?|groups?|units?)\b"
    r"|\beveryone\b|\bwhole\s+company\b|\bcompany[\s-]wide\b",
    re.I,
)
_TEAM_SUFFIX = re.compile(r"\s+(?:team|squad|unit|group|department|dept\.?)$", re.I)


def owner_teams(owner: str) -> list[str]:
    return [p.strip() for p in _OWNER_SPLIT.split(owner) if p and p.strip()]


def _team_key(name: str) -> str:
    return _TEAM_SUFFIX.sub("", " ".join(name.split())).casefold()


_AMOUNT = re.compile(r"[$\u20ac\u00a3\u00a5]?\s?\d[\d,.]*(?:\s?%|\s?[kKmMbB]\b|\s?[^\W\d_]+)?")


def _amount_text(raw: str) -> str:
    """The amount a baseline or target names, as written: "from 12,000 " -> "12,000",
    "to 2 days, and more" -> "2 days"."""
    m = _AMOUNT.search(raw)
    return " ".join(m.group().split()) if m else " ".join(raw.split())


def ratio(text: str, baseline: str | None, target: str | None) -> tuple[float, str, str] | None:
    """How many times the target is the baseline (either way), with the two amounts."""
    if filled(baseline) and filled(target):
        raw = (mask_names(str(baseline)), mask_names(str(target)))
    else:
        raw = R.from_to_amounts(mask_names(text))  # already masked: the text's own names
        if raw is None:
            return None
    from .numbers import first_quantity  # the one reader of amounts, loaded with the coach

    a, b = first_quantity(raw[0]), first_quantity(raw[1])
    if a is None or b is None or (a.unit and b.unit and not a.comparable(b)):
        return None
    x, y = a.base(), b.base()  # durations in seconds: "2 h" against "30 min"
    if x <= 0 or y <= 0:
        return None
    return max(x / y, y / x), _amount_text(raw[0]), _amount_text(raw[1])


def filled(value: object) -> bool:
    return value is not None and bool(str(value).strip())


def field_findings(kr, base: list[Finding], level: str) -> list[Finding]:
    """The text's findings, less those a filled field answers."""
    out = list(base)
    if filled(kr.baseline):
        out = [f for f in out if f.code != "no-baseline"]
    numbers = filled(kr.baseline) and filled(kr.target)
    if filled(kr.metric) or numbers:
        out = [f for f in out if f.code != "no-metric"]
    if numbers:
        out = [f for f in out if f.code != "vague"]
    return out


def owner_findings(kr, teams: list[str], level: str) -> list[Finding]:
    text = kr.text
    whole = (0, len(text))
    out: list[Finding] = []
    owner = (kr.owner or "").strip()
    many = False
    if not owner:
        out.append(finding("no-owner", "No team owns this key result yet.", whole, level))
    else:
        parts = owner_teams(owner)
        many = len(parts) > 1 or _OWNER_MANY.search(owner) is not None
        if many:
            out.append(finding(
                "big", f"Owned by \u201c{owner}\u201d: one key result should have one owning team.", whole, level))
        elif teams:
            known = {_team_key(t) for t in teams if t and t.strip()}
            strangers = [p for p in parts if _team_key(p) not in known]
            if strangers:
                out.append(finding(
                    "unknown-owner", f"\u201c{strangers[0]}\u201d is not one of the teams in this session "
                    f"({', '.join(t for t in teams if t)}).", whole, level))
    if not many:
        m = R.SCOPE_BIG_RE.search(text)
        if m:
            out.append(finding("big", f"\u201c{m.group()}\u201d spreads this across teams.", m.span(), level))
            many = True
    if not many:
        r = ratio(text, kr.baseline, kr.target)
        if r and r[0] > BIG_RATIO:
            out.append(finding(
                "big", f"Going from {r[1]} to {r[2]} is a {r[0]:.0f}x jump; check it fits one quarter.",
                whole, level, question="big-size"))
    return out


def rhythm_findings(kr, level: str) -> list[Finding]:
    whole = (0, len(kr.text))
    out: list[Finding] = []
    if kr.weekly is False:
        out.append(finding("not-weekly", "Marked as not measured weekly.", whole, level))
    if kr.confidence is not None and kr.confidence in (9, 10):
        out.append(finding("sandbag", f"Confidence {kr.confidence}/10: this target may be too safe.", whole, level))
    return out


def contradicts(text: str, refused: list[S.Refusal], level: str, what: str) -> list[Finding]:
    r = S.contradiction(text, refused)
    if r is None:
        return []
    return [finding("contradicts", f"{what} does what the winning logic says no to: \u201c{r.text}\u201d.",
                    (0, len(text)), level)]


def keep(findings: list[Finding], kept: dict[str, str]) -> list[Finding]:
    """Mark the findings the room kept on purpose with its reason."""
    if not kept:
        return findings
    return [replace(f, kept=kept[f.code]) if f.code in kept else f for f in findings]
