"""Word classes and detectors behind the OKR coach (see ``quality.py``).

Everything here is pure and cheap: compiled regular expressions and small
frozen sets built once at import time. Detectors return spans (start, end) as
character offsets into the text they were given, never a lowercased copy,
so a span always points at the words the person typed.

The rules are general shapes, not a list of known sentences:

* verb classes: *delivery* verbs (launch, build, write, hold, hire...) name work;
  *change* verbs (increase, reduce, grow...) name a movement in a measure;
  *keep* verbs (maintain, keep, sustain...) name a level to hold.
* quantity shapes: numbers with units and multipliers, percentages,
  number words, placeholders ("from X to Y"), comparators (under, at least, >).
* noun classes: *outputs* (features, posts, webinars: what a team makes),
  *results* (users, customers, leads, reviews: what the world does), *metrics*
  (rate, score, latency...), *artifacts* (template, page, process...), and
  *team-output measures* (test coverage, lint errors, story points...).

The value of an amount is read by ``numbers.py`` (the one reader of quantities); word stems for
matching a key result against the strategy are in ``quality_stems.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from operator import itemgetter

Span = tuple[int, int]

from .quality_words import (  # noqa: F401 - the word classes, re-exported for the rules
    ACQUIRE_VERBS,
    ARTIFACT_NOUNS,
    CHANGE_WORDS,
    DELIVERY_VERBS,
    DOUBLING,
    IRREGULAR,
    LEAD_ONLY,
    METRIC_NOUNS,
    NUMBER_WORDS,
    OUTPUT_NOUNS,
    PHRASAL_REQUIRED,
    PREPOSITIONS,
    RESULT_NOUNS,
    STAFF_NOUNS,
    STOP_LEAD,
    VAGUE_WORDS,
    WORD_RE,
    WORK_ITEMS,
    lemma_table,
    nominal_forms,
    verb_forms,
)

NOMINAL_TASKS: dict[str, str] = {}
for _base in sorted(set(DELIVERY_VERBS.values()) | {"onboard"}):
    for _noun in nominal_forms(_base):
        NOMINAL_TASKS.setdefault(_noun, _base)

# --------------------------------------------------------------------------- patterns

_NUM = r"[$\u20ac\u00a3\u00a5]?(?<![\d.,])\d+(?:[.,]\d+)*(?:\s?[kKmMbB](?![^\W\d_]))?\+?(?:\s?%)?"
NUM_RE = re.compile(_NUM)
PLACEHOLDER_RE = re.compile(r"(?:\b(?:from|to|by|of|at|reach|hit)\s+[XYZN]\b%?|\b[XYZN]\s?%)")
NUMBER_WORD_RE = re.compile(r"\b(?:" + "|".join(sorted(NUMBER_WORDS)) + r")\b", re.I)
QUANTITY_RE = re.compile(_NUM + "|" + PLACEHOLDER_RE.pattern + "|" + NUMBER_WORD_RE.pattern, re.I)

_Q = (
    r"(?:" + _NUM + r"|[XYZN]\b%?|(?:" + "|".join(sorted(NUMBER_WORDS))
    + r"|hourly|daily|weekly|fortnightly|monthly|quarterly|yearly|annually)\b)"
)
FROM_TO_RE = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+|~\s?)?" + _Q + r"[^.;]{0,60}?\bto\s+(?:under\s+|below\s+|over\s+|above\s+|at least\s+|at most\s+|less than\s+|more than\s+|~\s?)?" + _Q,
    re.I,
)
FROM_RE = re.compile(r"\bfrom\s+(?:about\s+|around\s+|~\s?)?" + _Q, re.I)
COMPARATOR_RE = re.compile(
    r"(?:\b(?:under|below|above|over|within|at\s+least|at\s+most|less\s+than|more\s+than|"
    r"fewer\s+than|no\s+more\s+than|maximum(?:\s+of)?|minimum(?:\s+of)?|max|min|up\s+to|zero|"
    r"no)\s+" + _Q + r"|[<>\u2264\u2265]=?\s?" + _Q + r"|\bzero\b|\b(?<![\d.])\d+(?:\.\d+)?\s?x\b)",
    re.I,
)
PERCENT_OF_PEOPLE_RE = re.compile(
    r"(?:(?<![\d.])\d+(?:\.\d+)?\s?%|\b\d+(?:\.\d+)?\s+percent|\b[XYZN]\s?%)\s+of\s+(?:[^\W\d_]+[\s-]+){0,3}?(?:"
    + "|".join(sorted(RESULT_NOUNS, key=len, reverse=True))
    + r")\b",
    re.I,
)
TARGET_RE = re.compile(
    r"\b(?:to|reach(?:es|ed|ing)?|hit(?:s|ting)?|achieve[sd]?|achieving|attain(?:s|ed)?|"
    r"exceed(?:s|ed)?|surpass(?:es|ed)?)\s+(?:at\s+least\s+|over\s+|above\s+|more\s+than\s+|"
    r"under\s+|below\s+|less\s+than\s+|[<>\u2264\u2265]=?\s?)?(?:" + _NUM + r"|[XYZN]\b%?)",
    re.I,
)
KPI_RE = re.compile(
    r"\b(?:maintain(?:s|ed|ing)?|keep(?:s|ing)?|kept|sustain(?:s|ed|ing)?|hold(?:s|ing)?|"
    r"stay(?:s|ing)?|remain(?:s|ing)?|preserv(?:e|es|ed|ing)|protect(?:s|ed|ing)?|"
    r"ensure[sd]?)\b[^.;\n]{0,60}?(?:\b(?:steady|stable|flat|constant|unchanged|level|the\s+same)\b|"
    r"(?:\b(?:at|above|below|under|over|within|at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|"
    r"less\s+than|more\s+than)\s+|[<>\u2264\u2265]=?\s?)(?:" + _NUM + r"|[XYZN]\b%?))",
    re.I,
)
MILESTONE_RE = re.compile(
    r"\b(?:in\s+beta|(?:open|closed|public|private)\s+beta|general(?:ly)?\s+availab\w*|go(?:es)?\s+live|"
    r"went\s+live|is\s+live|live\s+(?:in|on|at|for)\s|live\s+in\s+production|feature\s+parity|parity|on\s+time|on\s+schedule|"
    r"on\s+budget|becomes?\s+available|made\s+available|(?:is|are)\s+(?:done|complete|completed|"
    r"ready|finished|delivered|in\s+place)|sign[\s-]?off|signed\s+off|certified|certification|"
    r"compliant|compliance|approved|approval|go[\s-]to[\s-]market|MVP|accredit\w*|attest\w*|authori[sz]ation|authori[sz]ed|clearance|readiness)\b",
    re.I,
)
TEAM_OUTPUT_RE = re.compile(
    r"\b(?:(?:test|code|unit[\s-]test|branch|line)\s+coverage|lint(?:ing|er)?\s+(?:errors?|warnings?|issues?)|"
    r"story\s+points?|(?:team|sprint)\s+velocity|lines\s+of\s+code|(?:pull|merge)\s+requests?\s+"
    r"(?:merged|opened|reviewed)|PRs\s+merged|commits|(?:tickets|tasks|issues|stories|bugs)\s+"
    r"(?:closed|completed|resolved|fixed|done)|(?:closed|completed|resolved|fixed)\s+(?:tickets|tasks|"
    r"issues|stories|bugs)|features\s+(?:delivered|shipped|released|launched))\b",
    re.I,
)
SCOPE_BIG_RE = re.compile(
    r"\b(?:(?:all|every|each|multiple|several)\s+(?:teams|team|squads|squad|departments|department|"
    r"business\s+units|divisions|groups)|company[\s-]wide|organi[sz]ation[\s-]wide|cross[\s-]team|"
    r"across\s+(?:all\s+|the\s+)?(?:teams|squads|departments|the\s+company|the\s+organi[sz]ation))\b",
    re.I,
)
_LEAD_PREFIX_RE = re.compile(
    r"^\s*(?:(?:[-*\u2022\u00b7>#]+|\(?\d+[.):]|\(?[a-z][.)]|KR(?![^\W\d_])\s*\d*\s*[:.)\-\u2013\u2014]?|"
    r"key\s+result(?![^\W\d_])\s*\d*\s*[:.)\-]?)\s*)*",
    re.I,
)


# --------------------------------------------------------------------------- helpers

@lru_cache(maxsize=64)
def words(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, lowercased word) for every word of ``text`` (read once per text: the
    coach reads the text being typed in several rules on every key)."""
    return tuple((m.start(), m.end(), m.group().lower()) for m in WORD_RE.finditer(text))


def has_quantity(text: str) -> bool:
    return QUANTITY_RE.search(text) is not None


def strong_change(text: str, toks: list[tuple[int, int, str]]) -> bool:
    """A stated movement in a measure: from-X-to-Y, a change word with an amount,
    a threshold with an amount, or a share of people doing something."""
    if FROM_TO_RE.search(text) or PERCENT_OF_PEOPLE_RE.search(text):
        return True
    if has_quantity(text) and change_word(toks) is not None:
        return True
    if MONEY_RE.search(text):  # "Deliver $2M in new ARR" is a result, whatever the verb
        return True
    return COMPARATOR_RE.search(text) is not None


MONEY_RE = re.compile(
    r"[$\u20ac\u00a3\u00a5]\s?\d|(?<![\d.,])\d[\d.,]*\s?[kKmMbB]?\s?(?:USD|EUR|GBP|dollars|euros|pounds)\b|"
    r"(?<![\d.,])\d[\d.,]*\s?[kKmMbB]?\s+(?:in\s+)?(?:(?:new|net|annual|recurring|additional)\s+)*"
    r"(?:revenue|ARR|MRR|bookings|savings|pipeline)\b",
    re.I,
)


_ING_VERB_CONTEXT = frozenset("by while through in keep keeps start starts are is were was be been".split())


def change_word(toks, before: int | None = None) -> Span | None:
    """First change word (before offset ``before`` if given); "reach out" is not one."""
    for i, (s, e, w) in enumerate(toks):
        if before is not None and s >= before:
            break
        if w in CHANGE_WORDS and not (w.startswith("reach") and i + 1 < len(toks) and toks[i + 1][2] == "out"):
            if w.endswith("ing") and i > 0 and toks[i - 1][2] not in _ING_VERB_CONTEXT:
                continue  # a modifier ("20 onboarding workshops", "growing markets"), not a change
            return (s, e)
    return None


def result_count(text: str, toks: list[tuple[int, int, str]]) -> bool:
    """A number in front of people or things the world produces ("300 new clients")."""
    for m in NUM_RE.finditer(text):
        for _, _, w in _following(toks, m.end(), 3):
            if w in RESULT_NOUNS or w in METRIC_NOUNS:
                return True
    return False


_start = itemgetter(0)


def _following(toks, pos: int, limit: int):
    """Up to ``limit`` words after ``pos``, stopping at a preposition (no copy of the
    rest of the list: this runs once per number, so it must not cost the text's length)."""
    out = []
    i = bisect_left(toks, pos, key=_start)
    while i < len(toks) and len(out) < limit:
        tok = toks[i]
        if tok[2] in PREPOSITIONS:
            break
        out.append(tok)
        i += 1
    return out


def lead_prefix_end(text: str) -> int:
    """Length of a leading list marker or "KR1:" label."""
    return _LEAD_PREFIX_RE.match(text).end()


def lead_index(text: str, toks: list[tuple[int, int, str]]) -> int | None:
    """Index in ``toks`` of the word that opens the sentence, skipping list markers,
    "KR1:" labels and a subject like "We will"."""
    start = _LEAD_PREFIX_RE.match(text).end()
    for i, tok in enumerate(toks):
        if tok[0] < start:
            continue
        j = i
        while j < len(toks) and j - i < 3 and toks[j][2] in STOP_LEAD:
            j += 1
        return j if j < len(toks) else None
    return None


def delivery_verb(toks, i: int) -> Span | None:
    """Span of the delivery verb at token ``i`` (with its particle), if it is one."""
    w = toks[i][2]
    base = DELIVERY_VERBS.get(w)
    if base is None:
        return None
    particle = PHRASAL_REQUIRED.get(base)
    if particle is not None:
        if i + 1 < len(toks) and toks[i + 1][2] == particle:
            return (toks[i][0], toks[i + 1][1])
        return None
    return (toks[i][0], toks[i][1])


def later_delivery_verb(toks, lead: int | None) -> Span | None:
    """An inflected delivery verb after the subject ("Customer service completes
    training", "Feature X shipped"); base forms only after a modal ("will launch")."""
    for i, (s, e, w) in enumerate(toks):
        if i == lead:
            continue
        base = DELIVERY_VERBS.get(w)
        if base is None or base in LEAD_ONLY or base in PHRASAL_REQUIRED:
            continue
        prev = toks[i - 1][2] if i else ""
        if prev in {"the", "a", "an", "our", "their", "its", "new", "of", "this", "that"}:
            continue
        if w != base and not w.endswith("ing"):
            return (s, e)
        if w == base and prev in {"will", "shall", "must", "should", "we", "i", "they"}:
            return (s, e)
    return None


def output_count(text: str, toks) -> Span | None:
    """"N [adjectives] outputs" such as "20 blog posts" or "five features": the last
    known noun of the phrase decides ("1000 page views" counts views, a result)."""
    for m in QUANTITY_RE.finditer(text):
        if "%" in m.group():
            continue
        head = None
        for s, e, w in _following(toks, m.end(), 4):
            if w in OUTPUT_NOUNS:
                head = (e, True)
            elif w in RESULT_NOUNS or w in METRIC_NOUNS:
                head = (e, False)
        if head and head[1]:
            return (m.start(), head[0])
    return None


def artifact_head(toks, verb_index: int) -> Span | None:
    """Head noun of the object after a change verb, when it is an artifact."""
    obj = []
    for tok in toks[verb_index + 1:]:
        if tok[2] in PREPOSITIONS:
            break
        obj.append(tok)
    if obj and obj[-1][2] in ARTIFACT_NOUNS:
        return (obj[-1][0], obj[-1][1])
    return None


def has_metric_noun(toks) -> bool:
    return any(w in METRIC_NOUNS or w in RESULT_NOUNS for _, _, w in toks)


def from_to_amounts(text: str) -> tuple[str, str] | None:
    """The raw baseline and target of a "from X to Y" phrase."""
    m = FROM_TO_RE.search(text)
    if not m:
        return None
    chunk = m.group()
    cut = re.search(r"\bto\s", chunk[5:], re.I)
    if cut is None:
        return None
    k = 5 + cut.start()
    return chunk[: k], text[m.start() + k:]
