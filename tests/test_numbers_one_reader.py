"""One reader of numbers with units (issue #19): the quarter (board, check-ins, values files) reads a
quantity exactly as the coach and the fold read it (domain.numbers)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catchball.domain import events as ev
from catchball.domain.fold import apply
from catchball.domain.model import QuarterKr, SessionFile, SessionInfo
from catchball.domain.numbers import first_quantity, from_to, parse_quantity
from catchball.domain.quarter_board import read_numbers
from catchball.domain.state import State
from catchball.store.agendas import load_agenda

_NUMBERS = st.one_of(
    st.integers(0, 999).map(str),
    st.integers(1000, 9_999_999).map(lambda n: f"{n:,}"),
    st.decimals(0, 999, places=2).map(lambda d: f"{d:f}".rstrip("0").rstrip(".") or "0"),
)
_WRITTEN = st.one_of(
    st.tuples(st.just(""), _NUMBERS, st.sampled_from(["%", " %", " percent", " s", "s", " sec", " seconds", " min",
                                                       "m", " h", " hours", " days", "x", " pp", " points", "",
                                                       " orders", " users", " ms"])),
    st.tuples(st.sampled_from(["$", "€", "£", "USD ", "-$"]), _NUMBERS, st.sampled_from(["", "k", "m", "M", "bn"])),
    st.tuples(st.sampled_from(["-", "under ", "at least ", "~"]), _NUMBERS, st.sampled_from(["", "%", " s"])),
)
_TEXTS = _WRITTEN.map("".join)
_EXAMPLES = ["from 18% to 25%", "$40k", "1,200 orders", "95 s", "€1.5m", "5m", "-3", "USD 40k", "2 hrs",
             "30 points", "12 pp", "under 2 h", "1\u202f200"]


def _reading(q):
    return None if q is None else (pytest.approx(q.value), q.unit, q.per)


@settings(max_examples=300)
@given(_TEXTS)
def test_a_field_reads_the_same_for_the_quarter_and_the_coach(text):
    coach = parse_quantity(text)
    assert coach is not None, text
    assert _reading(first_quantity(text)) == _reading(coach)
    target = f"{coach.value + 1:g}{coach.unit if coach.unit not in ('$', '€', '£', '¥') else ''}"
    numbers = read_numbers(QuarterKr(number=1, text="Move it", baseline=text, target=target))
    assert (numbers.baseline.value, numbers.baseline.unit) == (pytest.approx(coach.value), coach.unit)


@settings(max_examples=200)
@given(_TEXTS, _TEXTS)
def test_a_sentence_reads_the_same_for_the_quarter_and_the_fold(a, b):
    sentence = f"Move the metric from {a} to {b} this quarter"
    coach = from_to(sentence)
    quarter = read_numbers(QuarterKr(number=1, text=sentence))
    if coach is None:
        assert quarter.baseline is None and quarter.target is None
        return
    assert (quarter.baseline.value, quarter.baseline.unit) == (coach.baseline.value, coach.baseline.unit)
    if quarter.target.unit == coach.target.unit:  # else a duration, in the baseline's unit
        assert quarter.target.value == coach.target.value
    # the planning fold fills baseline and target from the words; the quarter reads those fields the same way
    kr = _folded_kr(sentence)
    typed = read_numbers(QuarterKr(number=1, text=sentence, baseline=kr.baseline, target=kr.target))
    assert _reading(typed.baseline) == _reading(quarter.baseline)
    assert _reading(typed.target) == _reading(quarter.target)


@pytest.mark.parametrize("text", _EXAMPLES)
def test_the_brief_s_examples_read_once(text):
    pair = from_to(text)
    if pair is not None:
        quarter = read_numbers(QuarterKr(number=1, text=text))
        assert (quarter.baseline.value, quarter.target.value) == (pair.baseline.value, pair.target.value)
    else:
        assert _reading(first_quantity(text)) == _reading(parse_quantity(text))


@pytest.mark.parametrize("text, value, unit", [
    # where the quarter's old reader disagreed with the coach's, the quarter now reads as the coach does
    ("5m", 5, "min"),            # was 5 in "m"
    ("30 points", 30, "pt"),     # was 30 "%"
    ("12 pp", 12, "pp"),         # was 12 "%"
    ("1,200 orders", 1200, ""),  # was the unit "orders"; now a count labelled "orders"
    ("1\u202f200", 1200, ""),    # the coach did not read a thin space between thousands
    ("USD 40k", 40_000, "$"),    # the coach read 40k without a currency
])
def test_readings_that_changed(text, value, unit):
    q = first_quantity(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)
    assert (parse_quantity(text).value, parse_quantity(text).unit) == (pytest.approx(value), unit)


def _folded_kr(text: str):
    t0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
    state = State(session=SessionFile(session=SessionInfo(schema=1, id="t", title="T", created=t0),
                                      agenda=load_agenda("quick")))
    apply(state, ev.KrAdded(seq=1, at=t0, text=text))
    return state.key_results[1]


@pytest.mark.parametrize("text, baseline, target, jump", [
    ("Cut the time to ship from 2 months to 3 weeks", None, None, pytest.approx(2.9, abs=0.01)),  # was 2 against 1,814,400 s
    ("Serve more readers a week", "1 200", "600", 2.0),  # was 1 against 600
    ("Cut the wait", "1,5 h", "30 min", 3.0),
    ("Grow ARR", "$40k", "$160k", 4.0),
])
def test_the_coach_s_size_check_reads_amounts_through_the_one_reader(text, baseline, target, jump):
    from catchball.domain.quality_context import ratio

    assert ratio(text, baseline, target)[0] == jump


def test_decimal_commas_and_grouped_thousands():
    assert [first_quantity(t).value for t in ("1,5 h", "21,5%", "1,200", "1 200", "1,2345")] == [1.5, 21.5, 1200, 1200, 1]
