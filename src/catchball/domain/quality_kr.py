"""The coach on one key result's text: activity, no-metric, vague, no-baseline and kpi.

The rules read a copy of the text in which the digits of names (versions, years, quarters,
dates, standards: see ``quality_numbers.py``) are masked, so "SOC 2" or "Postgres 16" never
count as an amount; messages quote the text as typed. Spans are the same in both.
"""

from __future__ import annotations

from functools import lru_cache

from . import quality_rules as R
from .quality_findings import Finding, finding, sort_findings
from .quality_numbers import mask_names

Span = tuple[int, int]

# Words that may stand before a nominalised task: "the", "a successful", "full".
_NOMINAL_MODIFIERS = frozenset(
    "a an the successful successfully full complete first initial new final timely official smooth our "
    "company-wide organisation-wide organization-wide".split()
)
# Heads of a noun phrase that name something the team makes or sets up.
_DELIVERABLES = R.ARTIFACT_NOUNS | R.OUTPUT_NOUNS | frozenset(
    "handbook programme program portal system platform strategy plan hub centre center library "
    "board committee council forum scheme initiative project solution app".split()
)
_PARTICIPLE_END = ("ed",)


def _q(text: str, span: Span) -> str:
    return text[span[0]:span[1]]


def _nominal_task(toks, lead: int | None) -> Span | None:
    """"Migration of ...", "Successful launch of ...", "Development and launch of ..."."""
    if lead is None:
        return None
    i = lead
    while i < len(toks) and i - lead < 2 and toks[i][2] in _NOMINAL_MODIFIERS:
        i += 1
    if i >= len(toks) or toks[i][2] not in R.NOMINAL_TASKS:
        return None
    for j in range(i + 1, min(i + 4, len(toks))):
        w = toks[j][2]
        if w == "of":
            return (toks[i][0], toks[i][1])
        if w != "and" and w not in R.NOMINAL_TASKS:
            break
    return None


_DETERMINERS = frozenset(
    "every each all most more many our the a an new returning repeat active regular existing first-time "
    "half majority".split()
)
_AGENT_ENDINGS = ("ers", "ors", "ants", "ents", "ians", "ists", "ees")


def _people_subject(toks, lead: int | None) -> bool:
    """The sentence opens with people or organisations ("Dispatchers plan ...", "Every store
    reports ..."): a statement of behaviour, whose missing number is no-metric, not a task."""
    if lead is None:
        return False
    i = lead
    while i < len(toks) and i - lead < 3 and toks[i][2] in _DETERMINERS:
        i += 1
    for s, e, w in toks[i:i + 2]:
        if w in R.RESULT_NOUNS or w + "s" in R.RESULT_NOUNS or w.endswith(_AGENT_ENDINGS) or w in R.STAFF_NOUNS:
            return w not in R.NOMINAL_TASKS
    return False


def _noun_compound(text: str, toks, lead: int) -> bool:
    """A verb-looking first word that is a noun here: "Support tickets", "Review scores"
    (right next to each other: "Collect 300 customer ..." is a verb and its object)."""
    word = toks[lead][2]
    if R.DELIVERY_VERBS.get(word) not in R.LEAD_ONLY or lead + 1 >= len(toks):
        return False
    if text[toks[lead][1]:toks[lead + 1][0]].strip(" -"):
        return False
    nxt = toks[lead + 1][2]
    return nxt in R.METRIC_NOUNS or nxt in R.WORK_ITEMS or (nxt in R.RESULT_NOUNS and word not in ("visit", "survey"))


def _object_head(toks, start: int) -> tuple[int, str] | None:
    """Index and word of the last word of the object after ``start``, before a preposition."""
    head = None
    for j in range(start, min(start + 6, len(toks))):
        if toks[j][2] in R.PREPOSITIONS:
            break
        head = (j, toks[j][2])
    return head


def _lead_lemma(toks, lead: int | None) -> str | None:
    if lead is None:
        return None
    w = toks[lead][2]
    return R.DELIVERY_VERBS.get(w) or R.CHANGE_WORDS.get(w)


def _acquire_outcome(toks, lead: int | None) -> bool | None:
    """For a lead verb that can win customers or close work ("onboard", "close", "sign"):
    True when its object is people or deals the world gives us, False when it is the team's
    own work items, staff or outputs, None when the lead is no such verb."""
    if _lead_lemma(toks, lead) not in R.ACQUIRE_VERBS:
        return None
    head = _object_head(toks, lead + 1)
    if head is None:
        return None
    word = head[1]
    if word in R.STAFF_NOUNS or word in R.WORK_ITEMS or word in R.OUTPUT_NOUNS:
        return False
    return True if word in R.RESULT_NOUNS else None


def _passive_output(text: str, toks, lead: int | None) -> Span | None:
    """A count of things followed by a task verb's participle: "Ten newsletters sent",
    "50 reps certified". A share ("80% of tickets resolved") is not a count."""
    if lead is None:
        return None
    start = toks[lead][0] if toks else 0
    m = R.QUANTITY_RE.search(text, R.lead_prefix_end(text))
    if m is None or "%" in m.group() or m.start() > start or "%" in text[m.end():m.end() + 2]:
        return None
    count_end = m.end()
    seen = 0
    for s, e, w in toks:
        if s < count_end:
            continue
        seen += 1
        if seen > 6 or w in R.PREPOSITIONS:
            break
        base = R.DELIVERY_VERBS.get(w)
        if base and w != base and (w.endswith(_PARTICIPLE_END) or w in R.IRREGULAR.get(base, ())):
            return (s, e)
    return None


def _deliverable(toks, lead: int | None) -> Span | None:
    """A noun phrase naming a thing to have: "A new employee handbook"."""
    if lead is None:
        return None
    head = _object_head(toks, lead)
    if head is None or head[1] not in _DELIVERABLES:
        return None
    if any(R.DELIVERY_VERBS.get(w) and w != R.DELIVERY_VERBS[w] for _, _, w in toks[lead:head[0] + 1]):
        return None
    return (toks[head[0]][0], toks[head[0]][1])


def activity(orig: str, text: str, toks, lead: int | None) -> tuple[Span, str] | None:
    """Span and message for the activity finding, or None. ``text`` is the masked text."""
    whole = (0, len(text))
    m = R.TEAM_OUTPUT_RE.search(text)
    if m and not ("%" in text[:m.start()] and R.WORK_ITEMS & {w for _, _, w in R.words(m.group())}):
        return m.span(), f"\u201c{_q(orig, m.span())}\u201d measures the team's own output, not a change for users."
    strong = R.strong_change(text, toks)
    kpi = R.KPI_RE.search(text) is not None
    acquired = _acquire_outcome(toks, lead)
    if acquired is False and not R.FROM_TO_RE.search(text):
        span = (toks[lead][0], toks[lead][1])
        return span, f"\u201c{_q(orig, span)}\u201d counts the team's own work or people, not a result."
    span = R.delivery_verb(toks, lead) if lead is not None and not _noun_compound(text, toks, lead) else None
    if span and not strong and not kpi and acquired is None:
        return span, f"Opens with \u201c{_q(orig, span)}\u201d: work to be done rather than a result to reach."
    if strong:
        return None
    span = _nominal_task(toks, lead)
    if span:
        return span, f"\u201c{_q(orig, span)} of\u201d names a piece of work to finish, not a result to reach."
    span = R.output_count(text, toks) or _passive_output(text, toks, lead)
    if span:
        return span, f"\u201c{_q(orig, span)}\u201d counts what the team produces, not what changes because of it."
    quantified = R.has_quantity(text)
    results = R.result_count(text, toks)
    if "%" not in text and not results:
        m = R.MILESTONE_RE.search(text)
        if m:
            return m.span(), f"\u201c{_q(orig, m.span())}\u201d is a done-or-not-done milestone, not a measure to steer by."
    if not quantified and not results:
        span = R.later_delivery_verb(toks, lead)
        if span:
            return span, f"\u201c{_q(orig, span)}\u201d describes a delivery, not a change in behaviour."
    if not quantified and lead is not None and toks[lead][2] in R.VAGUE_WORDS:
        span = R.artifact_head(toks, lead)
        if span:
            return span, f"Working on the \u201c{_q(orig, span)}\u201d is a task; say what its users will do better."
    people = _people_subject(toks, lead)
    if not quantified and lead is not None and toks[lead][2] not in R.CHANGE_WORDS:
        span = _deliverable(toks, lead)
        if span:
            return span, f"Names a \u201c{_q(orig, span)}\u201d to have: a deliverable, not a change for people."
    if not quantified and R.change_word(toks) is None:
        if toks and not R.has_metric_noun(toks) and not people:
            return whole, "Names a thing to have or do, with no measure and no change to aim for."
    return None


@lru_cache(maxsize=256)
def lint_text(orig: str, level: str) -> tuple[Finding, ...]:
    """The single-KR findings of ``orig`` (a list marker or "KR1:" label already blanked).
    Remembered for the last texts read: the live panel reads the recorded key results again
    on every key typed into a new one."""
    text = mask_names(orig)
    toks = R.words(text)
    lead = R.lead_index(text, toks)
    out: list[Finding] = []

    act = activity(orig, text, toks, lead)
    if act:
        out.append(finding("activity", act[1], act[0], level))

    kpi = R.KPI_RE.search(text)
    if not R.has_quantity(text) and not R.FROM_TO_RE.search(text):
        vague = next(((s, e) for s, e, w in toks if R.CHANGE_WORDS.get(w) in R.VAGUE_WORDS), None)
        if vague:
            out.append(finding(
                "vague", f"\u201c{_q(orig, vague)}\u201d with no number: how much is enough?", vague, level))
        elif kpi is None:
            out.append(finding("no-metric", "There is no number or measure to track here.", (0, len(text)), level))

    if not R.FROM_RE.search(text):
        m = R.TARGET_RE.search(text)
        if m and m.group()[:2].lower() == "to" and R.change_word(toks, before=m.start()) is None:
            m = None  # "talk to 5 customers" names no target
        if m:
            out.append(finding(
                "no-baseline", f"\u201c{_q(orig, m.span())}\u201d is a target with no starting point.", m.span(), level))

    if kpi:
        out.append(finding(
            "kpi", f"\u201c{_q(orig, kpi.span())}\u201d keeps a health measure where it is instead of changing it.",
            kpi.span(), level))
    return tuple(sort_findings(out))
