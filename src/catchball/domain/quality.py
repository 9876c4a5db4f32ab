"""The OKR coach: reads key results and says why they are Big, Activity-focused or
Disconnected (the BAD checks), and what to ask the room instead.

Pure Python, standard library only; no I/O, no clock. Used live by the key-results
phase and by ``catchball lint``.

Spans
    ``Finding.span`` is ``(start, end)``, character offsets into the text the finding
    is attached to (the key result for per-KR findings, the objective for
    objective-level ones). Findings tied to particular words cover those words.
    Findings about the text as a whole, or about context outside it (owner,
    confidence, number of key results, winning logic), always use
    ``(0, len(text))``: never ``(0, 0)``.

Order
    Findings come in a stable order: by code in the order of ``CODES``, then by span.

Rules worth knowing (see ``quality_rules.py`` for the word classes)
    activity   flagged when the key result opens with a delivery verb (launch, build,
               write, hold, hire, roll out...) and states no measured change; when it
               counts outputs ("20 blog posts", "five features"); when a delivery verb
               follows the subject ("the app is released"); when it names a milestone
               state (in beta, on time, feature parity, certified) or a team-output
               measure (test coverage, lint errors, story points); when it asks to
               improve an artifact (a template, page, process) with no number; and when
               it names neither a measure nor any change at all.
    big        the owner field names more than one team ("Core and Growth", "Core,
               Growth", "all teams"), the key result itself spans teams ("company-wide",
               "across all teams"), or the target is more than 3x the baseline in either
               direction (e.g. 50 -> 200, 8 days -> 2 days). Baseline and target come
               from ``KrDraft.baseline``/``target`` when given, else from "from X to Y".
    disconnected  the objective or a key result shares no content word stem with any
               winning-logic element (skipped when the winning logic is empty).
    too-many   more than ``MAX_KEY_RESULTS`` (3) key results, or more than one focused
               objective; both are objective-level findings.
    sandbag    confidence of 9 or 10 out of 10.
"""

from __future__ import annotations

import re as _re
from dataclasses import dataclass, field

from catchball.domain import quality_rules as R

LEVELS = ("squad", "product", "senior")
CODES = (
    "activity", "no-metric", "vague", "no-baseline", "kpi",
    "big", "disconnected", "too-many", "sandbag",
)
SEVERITIES = ("error", "warning", "info")
MAX_KEY_RESULTS = 3
BIG_RATIO = 3.0

# Codes a facilitator may accept with a recorded reason: a binary milestone that is
# itself hard-won (passing an external audit), and a new measure whose baseline will
# only be known after the first weeks of the quarter.
ACCEPTABLE_EXCEPTION_CODES = frozenset({"activity", "no-baseline"})

HELP = {
    "activity": "Names work to do or a thing to deliver; a key result should show something changing for people.",
    "no-metric": "Nothing here can be counted or measured, so nobody could tell weekly whether it is on track.",
    "vague": "Asks for a change but never says how much, so any movement would count as success.",
    "no-baseline": "Gives a target but not where we stand today, so the size of the step is unknown.",
    "kpi": "Holds a health measure steady; that is a KPI to watch, not a change to make this quarter.",
    "big": "Needs more than one team, or a leap far past what the baseline suggests is reachable.",
    "disconnected": "Shares nothing with the winning logic, so it is hard to say why it matters now.",
    "too-many": "More than three key results, or more than one focused objective, spreads effort thin.",
    "sandbag": "Confidence of 9 or 10 out of 10 usually means the target is already in the bag.",
}

SEVERITY = {
    "activity": "error", "no-metric": "error", "vague": "warning", "no-baseline": "warning",
    "kpi": "warning", "big": "error", "disconnected": "warning", "too-many": "error",
    "sandbag": "info",
}

# Questions for the room, by code and by level: squads tend to overreach their own
# team, product leaders get lost in delivery and optimism, senior leaders drift into
# plan steps, unclear aims and side projects.
QUESTIONS = {
    "activity": {
        "squad": "Once this is done, what will our users do differently, and which number would show it?",
        "product": "If this went out and nothing changed for customers, would we call the quarter a win?",
        "senior": "Is this a step from the project plan? What result in the market should it buy us?",
    },
    "no-metric": {
        "squad": "What would we count each week to know we are getting closer?",
        "product": "Which number on our dashboard should move if this works?",
        "senior": "How will we know at the end of the quarter whether this happened?",
    },
    "vague": {
        "squad": "By how much, and from what level today?",
        "product": "What size of change would make us say it worked, and what would feel too small?",
        "senior": "Which figure would tell the board this is better, and by how much?",
    },
    "no-baseline": {
        "squad": "Where are we today on this measure, and how soon can we find out?",
        "product": "Is this target a real step up from today, or close to where we already are?",
        "senior": "Do we know today's number, or is this target a guess?",
    },
    "kpi": {
        "squad": "Is holding this level new work for us, or should it live on the health dashboard?",
        "product": "What are we trying to change this quarter, beyond keeping this healthy?",
        "senior": "Is this a guard-rail to watch, rather than the change we ask for this quarter?",
    },
    "big": {
        "squad": "Which single team owns this, and can it move the number on its own?",
        "product": "Is this target built on what the teams can really do, or on hope?",
        "senior": "Can this be done this quarter with the people and time we have?",
    },
    "disconnected": {
        "squad": "How does this help the bet in our winning logic?",
        "product": "Which part of the strategy does this serve, and what would we stop to make room?",
        "senior": "Is this a side project? Which belief in the winning logic does it test?",
    },
    "too-many": {
        "squad": "If we could move only one of these, which would it be?",
        "product": "Which of these can wait for next quarter without real harm?",
        "senior": "What is the one thing that must be true by the end of the quarter?",
    },
    "sandbag": {
        "squad": "Would we hit this without changing how we work? What would make it a stretch?",
        "product": "What target would put our confidence nearer 5 in 10?",
        "senior": "Is this ambitious enough to be worth a planning session?",
    },
}

_CODE_RANK = {c: i for i, c in enumerate(CODES)}


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    span: tuple[int, int]
    question: str
    severity: str

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "span": [self.span[0], self.span[1]],
            "question": self.question,
            "severity": self.severity,
        }


@dataclass
class KrDraft:
    text: str
    owner: str | None = None
    metric: str | None = None
    baseline: str | None = None
    target: str | None = None
    confidence: int | None = None


@dataclass
class OkrDraft:
    objective: str
    key_results: list[KrDraft]
    winning_logic: list[str] = field(default_factory=list)
    focused_objectives: int = 1
    level: str = "squad"


@dataclass
class OkrReport:
    """Findings for a whole OKR: ``objective`` holds objective-level findings (spans
    into the objective text); ``key_results[i]`` holds the findings of the i-th key
    result (spans into its text)."""

    objective: list[Finding]
    key_results: list[list[Finding]]

    def all_findings(self) -> list[Finding]:
        out = list(self.objective)
        for fs in self.key_results:
            out.extend(fs)
        return out

    @property
    def clean(self) -> bool:
        return not self.objective and not any(self.key_results)

    def to_dict(self) -> dict:
        return {
            "objective": [f.to_dict() for f in self.objective],
            "key_results": [[f.to_dict() for f in fs] for fs in self.key_results],
        }


def _check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return level


def _finding(code: str, message: str, span: tuple[int, int], level: str) -> Finding:
    return Finding(code, message, span, QUESTIONS[code][level], SEVERITY[code])


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (_CODE_RANK[f.code], f.span))


def _quote(text: str, span: tuple[int, int]) -> str:
    return text[span[0]:span[1]]


# --------------------------------------------------------------------------- single KR

def _activity(text: str, toks, lead: int | None) -> tuple[tuple[int, int], str] | None:
    """Span and message for the activity finding, or None."""
    whole = (0, len(text))
    m = R.TEAM_OUTPUT_RE.search(text)
    if m:
        return m.span(), f"\u201c{m.group()}\u201d measures the team's own output, not a change for users."
    strong = R.strong_change(text, toks)
    kpi = R.KPI_RE.search(text) is not None
    span = R.delivery_verb(toks, lead) if lead is not None else None
    if span and not strong and not kpi:
        return span, f"Opens with \u201c{_quote(text, span)}\u201d: work to be done rather than a result to reach."
    if strong:
        return None
    span = R.output_count(text, toks)
    if span:
        return span, f"\u201c{_quote(text, span)}\u201d counts what the team produces, not what changes because of it."
    quantified = R.has_quantity(text)
    if "%" not in text and not R.result_count(text, toks):
        m = R.MILESTONE_RE.search(text)
        if m:
            return m.span(), f"\u201c{m.group()}\u201d is a done-or-not-done milestone, not a measure to steer by."
    if not quantified and not R.result_count(text, toks):
        span = R.later_delivery_verb(toks, lead)
        if span:
            return span, f"\u201c{_quote(text, span)}\u201d describes a delivery, not a change in behaviour."
    if not quantified and lead is not None and toks[lead][2] in R.VAGUE_WORDS:
        span = R.artifact_head(toks, lead)
        if span:
            return span, f"Working on the \u201c{_quote(text, span)}\u201d is a task; say what its users will do better."
    if not quantified and not R.has_metric_noun(toks) and R.change_word(toks) is None:
        if toks:
            return whole, "Names a thing to have or do, with no measure and no change to aim for."
    return None


def lint_kr(text: str, level: str = "squad") -> list[Finding]:
    """Check one key result on its own. ``level`` (squad | product | senior) changes
    the questions, never the codes. Raises ValueError only for an unknown level."""
    _check_level(level)
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    if not text.strip():
        return []
    # Blank out a list marker or "KR1:" label (same length, so spans stay true) so
    # that its digits do not read as a quantity.
    k = R.lead_prefix_end(text)
    body = " " * k + text[k:] if k else text
    return _lint_body(body, level)


def _lint_body(text: str, level: str) -> list[Finding]:
    toks = R.words(text)
    lead = R.lead_index(text, toks)
    out: list[Finding] = []

    act = _activity(text, toks, lead)
    if act:
        out.append(_finding("activity", act[1], act[0], level))

    kpi = R.KPI_RE.search(text)
    if not R.has_quantity(text) and not R.FROM_TO_RE.search(text):
        vague = next(((s, e) for s, e, w in toks if R.CHANGE_WORDS.get(w) in R.VAGUE_WORDS), None)
        if vague:
            out.append(_finding(
                "vague", f"\u201c{_quote(text, vague)}\u201d with no number: how much is enough?", vague, level))
        elif kpi is None:
            out.append(_finding("no-metric", "There is no number or measure to track here.", (0, len(text)), level))

    if not R.FROM_RE.search(text):
        m = R.TARGET_RE.search(text)
        if m and m.group()[:2].lower() == "to" and R.change_word(toks, before=m.start()) is None:
            m = None  # "talk to 5 customers" names no target
        if m:
            out.append(_finding(
                "no-baseline", f"\u201c{m.group()}\u201d is a target with no starting point.", m.span(), level))

    m = kpi
    if m:
        out.append(_finding(
            "kpi", f"\u201c{m.group()}\u201d keeps a health measure where it is instead of changing it.",
            m.span(), level))
    return _sorted(out)


# --------------------------------------------------------------------------- whole OKR

def _owner_teams(owner: str) -> list[str]:
    parts = [p.strip() for p in _OWNER_SPLIT.split(owner) if p and p.strip()]
    return parts


_OWNER_SPLIT = _re.compile(r"\s*(?:,|;|\s&\s|\+|/|\band\b|\bplus\b)\s*", _re.I)
_OWNER_MANY = _re.compile(
    r"\b(?:all|every|multiple|several|both|many|various)\b.*\b(?:teams?|squads?|departments?|groups?|units?)\b"
    r"|\beveryone\b|\bwhole\s+company\b|\bcompany[\s-]wide\b",
    _re.I,
)


def _ratio(kr: KrDraft) -> tuple[float, str, str] | None:
    if kr.baseline and kr.target:
        raw = (kr.baseline, kr.target)
    else:
        raw = R.from_to_amounts(kr.text)
        if raw is None:
            return None
    a, b = R.parse_amount(raw[0]), R.parse_amount(raw[1])
    if a is None or b is None:
        return None
    (x, ux), (y, uy) = a, b
    if ux and uy and ux != uy:
        return None
    if x <= 0 or y <= 0:
        return None
    return max(x / y, y / x), raw[0].strip(), raw[1].strip()


def _kr_context(kr: KrDraft, level: str, logic_stems: set[str]) -> list[Finding]:
    text = kr.text
    whole = (0, len(text))
    out = list(lint_kr(text, level))
    if kr.baseline and str(kr.baseline).strip():
        out = [f for f in out if f.code != "no-baseline"]
    if kr.metric and str(kr.metric).strip():
        out = [f for f in out if f.code != "no-metric"]

    big_done = False
    if kr.owner and kr.owner.strip():
        teams = _owner_teams(kr.owner)
        if len(teams) > 1 or _OWNER_MANY.search(kr.owner):
            out.append(_finding(
                "big", f"Owned by \u201c{kr.owner.strip()}\u201d: one key result should have one owning team.",
                whole, level))
            big_done = True
    if not big_done:
        m = R.SCOPE_BIG_RE.search(text)
        if m:
            out.append(_finding("big", f"\u201c{m.group()}\u201d spreads this across teams.", m.span(), level))
            big_done = True
    if not big_done:
        r = _ratio(kr)
        if r and r[0] > BIG_RATIO:
            out.append(_finding(
                "big", f"Going from {r[1]} to {r[2]} is a {r[0]:.0f}x jump; check it fits one quarter.",
                whole, level))

    if logic_stems and text.strip() and not R.stems_overlap(R.content_stems(text), logic_stems):
        out.append(_finding(
            "disconnected", "Shares no words with the winning logic; say how it serves the strategy.",
            whole, level))

    if kr.confidence is not None and kr.confidence in (9, 10):
        out.append(_finding(
            "sandbag", f"Confidence {kr.confidence}/10: this target may be too safe.", whole, level))
    return _sorted(out)


def lint_okr(okr: OkrDraft) -> OkrReport:
    """Check a whole OKR: each key result on its own and in context (owner, target
    reach, link to the winning logic, confidence), plus the objective."""
    level = _check_level(okr.level)
    logic_stems: set[str] = set()
    for element in okr.winning_logic:
        logic_stems |= R.content_stems(element or "")

    obj_text = okr.objective or ""
    whole = (0, len(obj_text))
    objective: list[Finding] = []
    n = len(okr.key_results)
    if n > MAX_KEY_RESULTS:
        objective.append(_finding(
            "too-many", f"{n} key results: keep to {MAX_KEY_RESULTS} or fewer.", whole, level))
    if okr.focused_objectives > 1:
        objective.append(_finding(
            "too-many", f"{okr.focused_objectives} focused objectives: pick one for the quarter.", whole, level))
    if logic_stems and obj_text.strip() and not R.stems_overlap(R.content_stems(obj_text), logic_stems):
        objective.append(_finding(
            "disconnected", "The objective shares no words with the winning logic.", whole, level))

    return OkrReport(
        objective=_sorted(objective),
        key_results=[_kr_context(kr, level, logic_stems) for kr in okr.key_results],
    )


__all__ = [
    "ACCEPTABLE_EXCEPTION_CODES", "CODES", "HELP", "LEVELS", "MAX_KEY_RESULTS", "BIG_RATIO",
    "Finding", "KrDraft", "OkrDraft", "OkrReport", "lint_kr", "lint_okr",
]
