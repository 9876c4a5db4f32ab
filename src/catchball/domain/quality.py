"""The OKR coach: reads key results and says why they are Big, Activity-focused or
Disconnected (the BAD checks), and what to ask the room instead.

Pure Python, standard library only; no I/O, no clock. ``lint_okr`` is the one function that
computes a key result's findings in its full context; the live key-results panel, the
review summary, the Markdown/JSON report and ``catchball lint --okr`` all call it (through
``coach.py`` for a session's state). ``lint_kr`` reads one text on its own (``catchball
lint TEXT``).

Spans
    ``Finding.span`` is ``(start, end)``, character offsets into the text the finding
    is attached to (the key result for per-KR findings, the objective for
    objective-level ones). Findings tied to particular words cover those words.
    Findings about the text as a whole, or about context outside it (owner, weekly,
    confidence, number of key results, winning logic), always use ``(0, len(text))``.

Order
    Findings come in a stable order: by code in the order of ``CODES``, then by span.

Rules worth knowing (``quality_kr.py`` for one text, ``quality_context.py`` and
``quality_strategy.py`` for the context, ``quality_numbers.py`` for what counts as an amount)
    quantity   a number with a unit, percent, currency or a count, or a from/to shape; never
               the digits of a version (v2, Postgres 16), year (2027), quarter (Q3), date,
               numbered label (phase 2) or standard's name (SOC 2, ISO 27001).
    activity   the key result opens with a delivery verb (launch, build, hire, certify,
               collect...) and states no measured change; it is a nominalised task
               ("Migration of", "Rollout of"); it counts outputs or inputs ("20 blog posts",
               "Close 150 tickets", "50 reps certified"); a delivery verb follows the subject;
               it names a milestone state (certified, in beta, on time, SOC 2 readiness) or a
               team-output measure (test coverage, story points); it asks to improve an
               artifact, or names a deliverable or nothing measurable at all.
    big        the owner names more than one team, the text spans teams, or the target is
               more than 3x the baseline either way (fields first, else "from X to Y").
    disconnected  the objective: no drafted link to the winning logic (when links were
               drawn), else no meaning word shared with it; a key result: no meaning word
               shared with the objective or any element (generic words such as "customers"
               do not count). ``OkrReport.serves`` says which element each key result serves.
    contradicts   the objective or a key result does what a "say no" element refuses.
    too-many   more than ``MAX_KEY_RESULTS`` (3) key results, or more than one focused
               objective; both are objective-level findings.
    sandbag    confidence of 9 or 10 out of 10.
    not-weekly / no-owner / unknown-owner   the KR's weekly flag is off; it has no owner;
               its owner is not one of the session's teams (when the teams are known).
    kept       a finding the room keeps on purpose carries the reason (``Finding.kept``);
               only ``ACCEPTABLE_EXCEPTION_CODES`` may be kept from the key-results panel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import quality_context as C
from . import quality_rules as R
from . import quality_strategy as S
from .quality_findings import (
    ACCEPTABLE_EXCEPTION_CODES,
    CODES,
    HELP,
    LEVELS,
    QUESTIONS,
    SEVERITIES,
    SEVERITY,
    Finding,
    check_level,
    finding,
    sort_findings,
)
from .quality_kr import lint_text
from .quality_strategy import ELEMENT_LABELS, LogicPoint

MAX_KEY_RESULTS = 3
BIG_RATIO = C.BIG_RATIO


@dataclass
class KrDraft:
    text: str
    owner: str | None = None
    metric: str | None = None
    baseline: str | None = None
    target: str | None = None
    confidence: int | None = None
    weekly: bool | None = None  # None: not known (a bare text)
    kept: dict[str, str] = field(default_factory=dict)  # code -> the room's reason


@dataclass
class OkrDraft:
    objective: str
    key_results: list[KrDraft]
    winning_logic: list[str | LogicPoint] = field(default_factory=list)
    focused_objectives: int = 1
    level: str = "squad"
    links: list[int] | None = None  # indices into winning_logic the objective was drafted to serve
    teams: list[str] = field(default_factory=list)  # the session's teams; empty: not known


@dataclass
class OkrReport:
    """Findings for a whole OKR: ``objective`` holds objective-level findings (spans into the
    objective text); ``key_results[i]`` holds the findings of the i-th key result (spans into
    its text); ``serves[i]`` is the index into the winning logic of the element it serves."""

    objective: list[Finding]
    key_results: list[list[Finding]]
    serves: list[int | None] = field(default_factory=list)

    def all_findings(self) -> list[Finding]:
        out = list(self.objective)
        for fs in self.key_results:
            out.extend(fs)
        return out

    @property
    def clean(self) -> bool:
        """Nothing open: no finding, or only findings the room kept on purpose."""
        return all(f.kept is not None for f in self.all_findings())

    def to_dict(self) -> dict:
        return {
            "objective": [f.to_dict() for f in self.objective],
            "key_results": [[f.to_dict() for f in fs] for fs in self.key_results],
            "serves": list(self.serves),
        }


def lint_kr(text: str, level: str = "squad") -> list[Finding]:
    """Check one key result's text on its own. ``level`` (squad | product | senior) changes
    the questions, never the codes. Raises ValueError only for an unknown level."""
    check_level(level)
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    if not text.strip():
        return []
    # Blank out a list marker or "KR1:" label (same length, so spans stay true) so
    # that its digits do not read as a quantity.
    k = R.lead_prefix_end(text)
    body = " " * k + text[k:] if k else text
    return list(lint_text(body, level))


def _points(okr: OkrDraft) -> list[LogicPoint]:
    return [p if isinstance(p, LogicPoint) else LogicPoint(p or "") for p in okr.winning_logic]


def element_label(point: LogicPoint) -> str:
    return f"{ELEMENT_LABELS.get(point.element, ELEMENT_LABELS[''])}: {point.text}"


def lint_okr(okr: OkrDraft, only: int | None = None) -> OkrReport:
    """Check a whole OKR: each key result on its own and in context (fields, owner and teams,
    target reach, weekly, confidence, the winning logic and what it says no to, kept
    findings), plus the objective. With ``only``, just that key result is read (the others
    get no findings): what the live panel needs on each key typed into it."""
    level = check_level(okr.level)
    points = _points(okr)
    eligible = [i for i, p in enumerate(points) if (p.text or "").strip() and not S.is_say_no(p)]
    refused = S.refusals(points)
    linked = None if okr.links is None else [i for i in okr.links if i in eligible]

    obj = okr.objective or ""
    whole = (0, len(obj))
    objective: list[Finding] = []
    n = len(okr.key_results)
    if n > MAX_KEY_RESULTS:
        objective.append(finding("too-many", f"{n} key results: keep to {MAX_KEY_RESULTS} or fewer.", whole, level))
    if okr.focused_objectives > 1:
        objective.append(finding(
            "too-many", f"{okr.focused_objectives} focused objectives: pick one for the quarter.", whole, level))
    if eligible and obj.strip():
        if linked is not None:
            if not linked:
                objective.append(finding(
                    "disconnected", "Drafted with no link to the winning logic: say which element it serves.",
                    whole, level))
        elif not any(S.connects(obj, points[i].text) for i in eligible):
            objective.append(finding(
                "disconnected", "The objective serves no element of the winning logic that we can see.",
                whole, level))
    objective += C.contradicts(obj, refused, level, "The objective")

    per_kr: list[list[Finding]] = []
    serves: list[int | None] = []
    for k, kr in enumerate(okr.key_results):
        if only is not None and k != only:
            per_kr.append([])
            serves.append(None)
            continue
        text = kr.text or ""
        fs = C.field_findings(kr, lint_kr(text, level), level)
        fs += C.owner_findings(kr, okr.teams, level)
        fs += C.rhythm_findings(kr, level)
        idx = None
        if eligible and text.strip():
            idx = S.serves(text, points, linked or [])
            if idx is None and obj.strip() and S.connects(text, obj):
                idx = linked[0] if linked else S.serves(obj, points, [])
                if idx is None:
                    idx = eligible[0]
            if idx is None:
                fs.append(finding(
                    "disconnected", "Serves no element of the winning logic and shares no aim with the "
                    "objective; say which element it moves.", (0, len(text)), level))
        fs += C.contradicts(text, refused, level, "This key result")
        per_kr.append(C.keep(sort_findings(fs), kr.kept or {}))
        serves.append(idx)
    return OkrReport(objective=sort_findings(objective), key_results=per_kr, serves=serves)


__all__ = [
    "ACCEPTABLE_EXCEPTION_CODES", "CODES", "HELP", "LEVELS", "MAX_KEY_RESULTS", "BIG_RATIO", "QUESTIONS",
    "SEVERITIES", "SEVERITY", "ELEMENT_LABELS", "Finding", "KrDraft", "LogicPoint", "OkrDraft", "OkrReport",
    "element_label", "lint_kr", "lint_okr",
]
