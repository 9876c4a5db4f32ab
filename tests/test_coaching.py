"""The coaching texts: every phase and level has one, none stutters, each level speaks only of itself."""

from __future__ import annotations

import re

import pytest

from catchball.domain.agenda import PhaseKind
from catchball.domain.coaching import HELP, LEVEL_HINTS, LEVEL_LABEL, grade_prompt, grade_word, phase_help
from catchball.domain.model import Level

LEVEL_WORDS = {Level.SQUAD: ("squad",), Level.PRODUCT: ("product",), Level.SENIOR: ("senior", "executive")}


def _repeats(text: str) -> list[str]:
    """Word runs said twice in a row ("from from", "At squad level: At squad level")."""
    words = re.findall(r"[a-z']+", text.lower())
    found = []
    for n in range(1, 5):
        for i in range(len(words) - 2 * n + 1):
            if words[i:i + n] == words[i + n:i + 2 * n]:
                found.append(" ".join(words[i:i + n]))
    return found


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize("kind", list(PhaseKind))
def test_every_phase_and_level_has_coaching_without_stutter_naming_no_other_level(kind, level):
    text = phase_help(kind, level)
    assert text.strip() and text == text.strip()
    assert _repeats(text) == [], text
    hint = LEVEL_HINTS[level].get(kind)
    if hint is None:
        assert text == HELP[kind]
        return
    assert text.endswith(hint) and text.count(LEVEL_LABEL[level]) == 1
    assert not hint.lower().startswith(("at ", "for ", "in ")), "the label already says whose hint it is"
    for other, words in LEVEL_WORDS.items():
        if other is not level:
            for word in words:
                assert not re.search(rf"\b{word}", hint, re.IGNORECASE), (level, kind, word)


def test_each_level_has_a_hint_where_its_failure_shows():
    squad, product, senior = (LEVEL_HINTS[x] for x in (Level.SQUAD, Level.PRODUCT, Level.SENIOR))
    assert "one team" in squad[PhaseKind.KEY_RESULTS] and PhaseKind.DRAFT in squad
    # product leadership: the team structure mirrored in the objectives (the org chart), and over-optimism
    assert "org chart" in product[PhaseKind.DRAFT] and "team structure" in product[PhaseKind.DRAFT]
    assert "optimism" in product[PhaseKind.KEY_RESULTS]
    # senior: unrealistic or unclear objectives, checked by the back-brief; plans as key results; side projects
    assert PhaseKind.BACKBRIEF in senior and "unrealistic or unclear" in senior[PhaseKind.BACKBRIEF]
    assert "plan" in senior[PhaseKind.KEY_RESULTS] and "can't we just" in senior[PhaseKind.FOCUS]


def test_readiness_coaching_names_every_consequence():
    text = HELP[PhaseKind.READINESS].lower()
    for words in ("same story of how we win", "leaders", "decide how", "failing", "overload", "trust",
                  "time", "owns"):
        assert words in text, words
    assert "written down" not in text


def test_grade_words_speak_of_progress_not_of_tasks_done():
    words = [grade_word(g) for g in (None, 0.0, 0.3, 0.4, 0.7, 1.0)]
    assert words == ["ungraded", "far off", "far off", "partway", "close", "reached"]
    assert not {"complete", "strong", "done"} & set(words)
    assert all(len(w) <= 8 for w in words), "the grading panel pads the word to eight cells"
    assert "too easy" in grade_prompt(1.0) and "wrong thing" in grade_prompt(1.0)
    assert "out of reach" in grade_prompt(0.1) and "wrong measure" in grade_prompt(0.2)
    assert "held it back" in grade_prompt(0.5)
