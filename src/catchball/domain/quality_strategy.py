"""How an objective or key result stands to the winning logic: which element it serves, and
whether it does what the winning logic says no to.

Connection is read through meaning words, not any shared word: a word every plan uses
("customers", "teams", "product") connects nothing on its own, and words of one concept
("fast", "time", "latency"; "find", "search") count as the same. Where the room drew links
in the draft phase (objective -> elements), those links decide the objective's connection.

A contradiction is a text that does what a "say no" item refuses: it names the refused
thing (the item's head noun, and most of its other words), does not itself negate or reduce
it, and, when the refusal is of something *new* or *more*, adds something too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import quality_rules as R
from .quality_stems import STOPWORDS, shared_stems, stem

ELEMENTS = ("serve", "offer", "win", "say_no", "belief", "kpi")
ELEMENT_LABELS = {
    "serve": "Who we serve", "offer": "What we offer", "win": "Why we win",
    "say_no": "What we say no to", "belief": "What we believe", "kpi": "Health metric (KPI)",
    "": "Winning logic",
}


@dataclass(frozen=True)
class LogicPoint:
    """One element of the winning logic; ``element`` is "" when not known (a plain line)."""

    text: str
    element: str = ""


GENERIC = frozenset(
    """
    customer customers user users client clients people person team teams company companies business
    businesses product products service services market markets value values work staff thing things
    our way ways part parts group groups unit units area areas program programme project projects
    digital-first best good great world
    """.split()
)
_CLUSTERS = {
    "~speed": "fast faster fastest quick quicker quickest quickly speed speedy time times slow slower "
              "latency wait waiting delay delays duration turnaround minutes seconds hours",
    "~find": "find finding finds search searches searching discover discovery browse browsing locate",
    "~buy": "buy buying buys buyer buyers purchase purchases purchasing order orders checkout basket "
            "add-to-basket add-to-cart cart shop shopping",
    "~keep": "retention retain retained churn renew renews renewal renewals loyal loyalty regular regulars "
             "repeat returning",
    "~cost": "cost costs price prices pricing cheap cheaper spend spending expense expenses saving savings",
    "~easy": "easy easier easiest effortless simple simpler simplest friction hassle painless",
    "~online": "online digital web website self-serve self-service internet",
    "~recommend": "recommendation recommendations recommend recommended suggestion suggestions personalised "
                  "personalized",
    "~reliable": "reliable reliability uptime outage outages downtime on-time punctual punctuality",
    "~happy": "satisfaction satisfied happy happier nps csat delight delighted",
}
_CONCEPT = {w: cid for cid, words in _CLUSTERS.items() for w in words.split()}

_NEGATION_START = re.compile(
    r"^\s*(?:we\s+)?(?:say\s+no\s+to|no|not|never|nothing|none|without|avoid|stop|do\s+not|don't|"
    r"will\s+not|won't|refuse|decline)\b",
    re.I,
)
_ITEM_SPLIT = re.compile(r"[;,/]|\n|\b(?:and|or|nor)\b", re.I)
_LEAD_NEGATION = re.compile(
    r"^\s*(?:(?:we\s+)?(?:say\s+no\s+to|will\s+not|won't|do\s+not|don't|never|refuse\s+to|avoid)|no|not|"
    r"nothing\s+(?:on|for)|any)\s+",
    re.I,
)
_ADDING_MODIFIERS = frozenset("new more additional extra another further".split())
_ADDING_WORDS = frozenset(
    """
    new more additional extra another open opens opening launch launches add adds adding buy buys buying
    build builds building introduce introduces start starts enter enters create creates expand expands
    acquire acquires extend extends grow grows increase increases allow allows let lets offer offers
    """.split()
)
_AGAINST_WORDS = frozenset(
    """
    no not never without avoid avoids stop stops reduce reduces cut cuts close closes retire retires sunset
    end ends drop drops eliminate eliminates remove removes exit exits lower lowers decrease decreases
    fewer less shut cancel cancels deprecate deprecates instead rather than zero
    """.split()
)


def is_say_no(point: LogicPoint) -> bool:
    if point.element:
        return point.element == "say_no"
    return _NEGATION_START.match(point.text or "") is not None


@lru_cache(maxsize=1024)
def concepts(text: str) -> frozenset[str]:
    """Meaning words of ``text``: content stems, concept ids for words of one concept, no
    generic words."""
    out: set[str] = set()
    for _, _, w in R.words(text):
        if w in _CONCEPT:
            out.add(_CONCEPT[w])
        elif len(w) >= 3 and w not in STOPWORDS and w not in GENERIC:
            out.add(stem(w))
    return frozenset(out)


def _shared(a: frozenset[str], b: frozenset[str]) -> set[str]:
    exact = {x for x in a if x.startswith("~") and x in b}
    return exact | shared_stems({x for x in a if not x.startswith("~")}, {y for y in b if not y.startswith("~")})


@dataclass(frozen=True)
class Refusal:
    head: str
    stems: frozenset[str]
    adding: bool
    text: str


def refusals(points: list[LogicPoint]) -> list[Refusal]:
    """The refused things of the "say no" elements, one per item of a list."""
    out: list[Refusal] = []
    for p in points:
        if not is_say_no(p):
            continue
        adding = False
        for raw in _ITEM_SPLIT.split(p.text or ""):
            item = _LEAD_NEGATION.sub("", raw.strip())
            item = _LEAD_NEGATION.sub("", item)
            toks = R.words(item)
            if not toks:
                continue
            if toks[0][2] in _ADDING_MODIFIERS:
                adding = True
            elif raw.strip() and _LEAD_NEGATION.match(raw.strip()):
                adding = False
            head = None
            for _, _, w in toks:
                if w in R.PREPOSITIONS:
                    break
                if len(w) >= 3 and w not in STOPWORDS and w not in _ADDING_MODIFIERS:
                    head = w
            stems = frozenset(stem(w) for _, _, w in toks
                              if len(w) >= 3 and w not in STOPWORDS and w not in _ADDING_MODIFIERS)
            if head is not None:
                out.append(Refusal(stem(head), stems, adding, item.strip()))
    return out


def contradiction(text: str, refused: list[Refusal]) -> Refusal | None:
    """The refusal ``text`` goes against, or None."""
    if not refused or not text.strip():
        return None
    toks = R.words(text)
    stems = [stem(w) for _, _, w in toks]
    have = set(stems)
    words = {w for _, _, w in toks}
    for r in refused:
        if r.head not in shared_stems({r.head}, have):
            continue
        shared = shared_stems(set(r.stems), have)
        if len(shared) < min(len(r.stems), 2) or len(shared) * 2 < len(r.stems):
            continue
        first = next(i for i, s in enumerate(stems) if shared_stems({s}, set(r.stems)))
        if any(w in _AGAINST_WORDS for _, _, w in toks[max(0, first - 4):first]):
            continue
        if r.adding and not (words & _ADDING_WORDS):
            continue
        return r
    return None


def serves(text: str, points: list[LogicPoint], prefer: list[int]) -> int | None:
    """Index of the element ``text`` serves best (preferring ``prefer``), or None."""
    mine = concepts(text)
    if not mine:
        return None
    best: tuple[int, int, int] | None = None
    for i, p in enumerate(points):
        if is_say_no(p):
            continue
        score = len(_shared(mine, concepts(p.text or "")))
        if score == 0:
            continue
        key = (score, 1 if i in prefer else 0, -i)
        if best is None or key > best:
            best = key
    return -best[2] if best else None


def connects(text: str, other: str) -> bool:
    return bool(_shared(concepts(text), concepts(other)))
