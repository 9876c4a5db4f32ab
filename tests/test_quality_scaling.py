"""The coach reads a key result in time linear in its length (issue 19): typing a long key
result costs each key no more than a fixed amount per character already typed.

No clocks here: the coach's own Python lines are counted with a tracer (a deterministic
count of work), and the count for a text four times longer must stay near four times, not
sixteen. Timings live in benchmarks/coach_typing.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from catchball.domain import quality
from catchball.domain import quality_rules as R
from catchball.domain.quality_stems import shared_stems
from catchball.domain.quality import KrDraft, OkrDraft, lint_kr, lint_okr

SRC = Path(quality.__file__).resolve().parent


def _lines_run(fn) -> int:
    """How many lines of the coach's modules run during ``fn()``."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        name = Path(frame.f_code.co_filename).name
        if name.startswith("quality") and Path(frame.f_code.co_filename).parent == SRC:
            return local
        return None

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


SHAPES = {
    "sentence": "Increase weekly active clinics from 1,200 to 1,500 by making onboarding faster for small teams. ",
    "numbers": "12 users and 30% of 40 clinics ",
    "from-runs": "from 1 to 2 ",
    "versions": "Migrate Postgres 16 to v2 in Q3 2027 under SOC 2 ",
    "outputs": "5 new features shipped, 20 blog posts written, ",
    "keep-verbs": "maintain uptime above 99% and ",
    "long-lead": "Launch very ",
    "money": "$1,000 in new revenue and ",
    "comparators": "under 5 ",
    "nominal": "Migration of the rollout of ",
}


def _text(shape: str, n: int) -> str:
    piece = SHAPES[shape]
    return (piece * (n // len(piece) + 1))[:n]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_lint_kr_work_grows_linearly_with_the_text(shape):
    small = _lines_run(lambda: lint_kr(_text(shape, 500)))
    large = _lines_run(lambda: lint_kr(_text(shape, 2000)))
    assert large <= 6 * max(small, 50), (shape, small, large)  # linear: about 4x; quadratic: 16x


@pytest.mark.parametrize("shape", ["sentence", "numbers", "nominal"])
def test_lint_okr_work_grows_linearly_with_the_text(shape):
    logic = ["We serve small clinics", "Onboarding in a day", "No marketplace for outside sellers"]

    def run(n):
        return lambda: lint_okr(OkrDraft("Make onboarding effortless for clinics",
                                         [KrDraft(_text(shape, n), owner="Core")], winning_logic=logic,
                                         teams=["Core"]))

    small, large = _lines_run(run(500)), _lines_run(run(2000))
    assert large <= 6 * max(small, 50), (shape, small, large)


class _NoSlices(list):
    def __getitem__(self, item):
        assert not isinstance(item, slice), "the token list was copied"
        return super().__getitem__(item)


def test_words_after_a_number_are_read_without_copying_the_token_list():
    text = "Publish 20 blog posts and 30 videos for 400 clinics"
    toks = _NoSlices(R.words(text))
    assert [w for _, _, w in R._following(toks, text.index("20") + 2, 3)] == ["blog", "posts", "and"]
    assert R.output_count(text, toks) is not None
    assert R.result_count(text, toks)


def test_shared_stems_matches_prefixes_both_ways():
    assert shared_stems({"activ"}, {"activation"}) == {"activ"}
    assert shared_stems({"activation"}, {"activ"}) == {"activation"}
    assert shared_stems({"act"}, {"activation"}) == set()  # under four letters: exact only
    assert shared_stems({"x" * 3000}, {"y" * 3000}) == set()
