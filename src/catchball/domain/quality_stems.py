"""Stems for the coach's word matching (``quality_strategy.py``): a key result's words against the
winning logic and what the strategy says no to. A cheap suffix stripper and a prefix match, no
dictionary: "activation" and "activate" meet at "activ".
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

STOPWORDS = frozenset(
    """
    a an the and or but of on in at for from to by with within without per across into onto
    over under about via through during before after until than as is are be been being was
    were will shall should must can could would may might do does did done we our us you your
    they their them it its this that these those all any each every more most less least
    fewer new first last next end quarter quarters week weeks weekly month months monthly day
    days daily year years yearly annual q1 q2 q3 q4 increase increased increasing reduce reduced
    reducing improve improved improving grow growing raise achieve reach hit get make keep
    maintain rate rates number numbers percent percentage score total average median target
    level from least most at least one two three four five six seven eight nine ten zero
    """.split()
)
_SUFFIXES = (
    "ations", "ation", "ities", "ity", "ments", "ment", "ness", "ings", "ing", "ions", "ion",
    "ers", "er", "ies", "ied", "es", "ed", "ly", "al", "ive", "s", "e", "y",
)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    w = word.lower().replace("\u2019", "'")
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def shared_stems(a: set[str], b: set[str]) -> set[str]:
    """Stems of ``a`` that match a stem of ``b``, exactly or as a prefix of at least four
    letters either way ("activ" ~ "activation"). Linear in the sizes of both sets (a sorted
    list and bisection, never every pair)."""
    ordered = sorted(b)
    out: set[str] = set()
    for x in a:
        if x in b:
            out.add(x)
            continue
        if len(x) >= 4:
            i = bisect_left(ordered, x)
            if i < len(ordered) and ordered[i].startswith(x):
                out.add(x)
                continue
        if any(x[:k] in b for k in range(4, len(x))):
            out.add(x)
    return out

