"""Numbers with units in key results (domain.numbers), and baselines/targets read from a KR's words."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catchball.domain import commands
from catchball.domain import events as ev
from catchball.domain.model import Participant, SessionFile, SessionInfo
from catchball.domain.numbers import Quantity, format_number, format_quantity, from_to, parse_quantity
from catchball.domain.quality import KrDraft, OkrDraft, lint_okr
from catchball.domain.fold import apply, replay
from catchball.domain.state import State
from catchball.store.agendas import load_agenda

from _shared import CORPUS_PATH

# -- one quantity -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value", "unit", "bound", "per"), [
    ("18%", 18, "%", "", ""),
    ("18 %", 18, "%", "", ""),
    ("35 percent", 35, "%", "", ""),
    ("95 s", 95, "s", "", ""),
    ("95s", 95, "s", "", ""),
    ("2 h", 2, "h", "", ""),
    ("2 hrs", 2, "h", "", ""),
    ("30 minutes", 30, "min", "", ""),
    ("45m", 45, "min", "", ""),
    ("100ms", 100, "ms", "", ""),
    ("$40k", 40_000, "$", "", ""),
    ("$1.5M", 1_500_000, "$", "", ""),
    ("$1.2m", 1_200_000, "$", "", ""),
    ("€3.5bn", 3.5e9, "€", "", ""),
    ("40,000 EUR", 40_000, "€", "", ""),
    ("10,000", 10_000, "", "", ""),
    ("0.01%", 0.01, "%", "", ""),
    ("-3", -3, "", "", ""),
    ("under 2 h", 2, "h", "<", ""),
    ("at least 85%", 85, "%", ">=", ""),
    ("<= 300 ms", 300, "ms", "<=", ""),
    ("~40", 40, "", "~", ""),
    ("30+ minutes per shift", 30, "min", ">=", "shift"),
    ("8/quarter", 8, "", "", "quarter"),
    ("4.2/5", 4.2, "", "", "5"),
    ("3x", 3, "x", "", ""),
    ("12 pp", 12, "pp", "", ""),
])
def test_parse_quantity_reads_value_unit_bound(text, value, unit, bound, per):
    q = parse_quantity(text)
    assert q is not None, text
    assert q.value == pytest.approx(value)
    assert (q.unit, q.bound, q.per) == (unit, bound, per)
    assert q.text == text


def test_parse_quantity_keeps_a_noun_as_label_and_refuses_words():
    q = parse_quantity("500 users")
    assert (q.value, q.unit, q.label) == (500, "", "users")
    assert parse_quantity("10m users").value == 10_000_000
    for text in ("", "abc", "users 500", "X%", "soon", "v2 launch"):
        assert parse_quantity(text) is None, text


def test_durations_compare_on_one_scale():
    two_hours, thirty_min = parse_quantity("2 hrs"), parse_quantity("30 min")
    assert two_hours.comparable(thirty_min)
    assert two_hours.base() == 7200 and thirty_min.base() == 1800
    assert not parse_quantity("30%").comparable(parse_quantity("30"))
    assert parse_quantity("8/quarter").dimension == "count/quarter"


@pytest.mark.parametrize(("value", "text"), [
    (40000, "40,000"), (0.35, "0.35"), (2.0, "2"), (1 / 3, "0.33"), (-1.5, "-1.5"), (1234.5, "1,234.5"),
])
def test_format_number(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("$40k", "$40k"), ("$1.5M", "$1.5M"), ("$123,456", "$123,456"), ("35 percent", "35%"),
    ("2 hrs", "2 h"), ("under 2 h", "under 2 h"), ("8/quarter", "8/quarter"), ("at least 85 %", "at least 85%"),
])
def test_format_quantity_is_canonical(text, shown):
    assert format_quantity(parse_quantity(text)) == shown


_UNITS = st.sampled_from(["", "%", "$", "€", "s", "min", "h", "d", "wk", "x", "pp", "ms"])
_BOUNDS = st.sampled_from(["", "<", "<=", ">", ">=", "~"])
_VALUES = st.one_of(st.integers(0, 10_000_000).map(float),
                    st.decimals(0, 100_000, places=2).map(float))


@st.composite
def quantities(draw) -> Quantity:
    return Quantity(value=draw(_VALUES), unit=draw(_UNITS), bound=draw(_BOUNDS),
                    per=draw(st.sampled_from(["", "", "quarter", "week"])))


@settings(max_examples=300)
@given(quantities())
def test_format_then_parse_round_trips(q):
    back = parse_quantity(format_quantity(q))
    assert back is not None, format_quantity(q)
    assert back.value == pytest.approx(q.value, rel=1e-9, abs=0.005)
    assert (back.unit, back.bound, back.per) == (q.unit, q.bound, q.per)


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_parsing_any_text_never_raises(text):
    parse_quantity(text)
    found = from_to(text)
    if found is not None:
        start, end = found.span
        assert 0 <= start < end <= len(text)


# -- from X to Y -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "baseline", "target"), [
    ("Increase activation from 35% to 50%", "35%", "50%"),
    ("Lift NPS 40 → 60", "40", "60"),
    ("Lift NPS 40->60", "40", "60"),
    ("Cut time to resolve a ticket to under 2 h from 5 h", "5 h", "under 2 h"),
    ("Grow ARR from $40k to $55k", "$40k", "$55k"),
    ("Reduce cycle time from 12 to 7 days", "12 days", "7 days"),
    ("Raise onboarding from 41 to 65 percent", "41%", "65 percent"),
    ("Reduce P1 incidents from 8/quarter to 2/quarter", "8/quarter", "2/quarter"),
    ("Reduce waiting from 30+ minutes per shift to under 10 minutes", "30+ minutes per shift",
     "under 10 minutes/shift"),
    ("Increase sales from $100K to $1.5M.", "$100K", "$1.5M"),
    ("Increase users from 10,000 to 15,000.", "10,000", "15,000"),
    ("Cut load time from 4.5 s down to 2 s", "4.5 s", "2 s"),
])
def test_from_to_reads_baseline_and_target(text, baseline, target):
    found = from_to(text)
    assert found is not None, text
    assert (found.baseline.text, found.target.text) == (baseline, target)


@pytest.mark.parametrize("text", [
    "Talk to 5 customers", "Increase test coverage to 80%", "Ship in 2 to 3 weeks", "Migrate to version 3",
    "increase weekly visits from X to Y", "Reduce tickets by 30%", "",
])
def test_from_to_needs_two_stated_amounts(text):
    assert from_to(text) is None


@settings(max_examples=200)
@given(quantities(), quantities(), st.sampled_from(["from {a} to {b}", "to {b} from {a}", "{a} -> {b}",
                                                    "{a} → {b}", "from {a} down to {b}"]))
def test_from_to_finds_what_was_written(a, b, form):
    a = Quantity(a.value, a.unit, a.per, "", "", "")  # a baseline is a plain value
    sentence = "Move the metric " + form.format(a=format_quantity(a), b=format_quantity(b)) + " this quarter"
    found = from_to(sentence)
    assert found is not None, sentence
    assert found.baseline.value == pytest.approx(a.value, abs=0.005)
    assert found.target.value == pytest.approx(b.value, abs=0.005)
    assert found.target.bound == b.bound


def test_corpus_from_to_sentences_all_give_both_amounts():
    if not CORPUS_PATH.is_file():
        pytest.skip(f"dev corpus not found at {CORPUS_PATH}")
    rows = [line.split("\t")[0] for line in CORPUS_PATH.read_text(encoding="utf-8").splitlines()[1:]]
    stated = [r for r in rows if re.search(r"\bfrom\s+\S*\d[^.]*\bto\s", r)]
    assert stated, "the corpus has key results with from ... to"
    missed = [r for r in stated if from_to(r) is None]
    assert not missed


# -- the fold fills baseline and target that nobody typed ------------------------------------------

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def _room():
    file = SessionFile(session=SessionInfo(schema=1, id="t", title="T", created=T0), agenda=load_agenda("quick"),
                       participants=(Participant.parse("Ana:leader:Core"), Participant.parse("Ben:member:Core")))
    state = State(session=file)
    log: list = []

    def do(cls, **fields):
        event = commands.make(state, cls, T0 + timedelta(seconds=len(log)), **fields)
        commands.check(state, event)
        apply(state, event)
        log.append(event)
        return event

    do(ev.SessionStarted)
    return state, log, do


def test_a_key_result_s_words_fill_empty_baseline_and_target():
    state, log, do = _room()
    added = do(ev.KrAdded, text="Increase activation from 35% to 50%")
    kr = state.key_results[added.seq]
    assert (kr.baseline, kr.target, kr.from_text) == ("35%", "50%", ("baseline", "target"))
    do(ev.KrEdited, kr=added.seq, text="Increase activation from 30% to 45%")
    kr = state.key_results[added.seq]
    assert (kr.baseline, kr.target) == ("30%", "45%"), "values read from the text follow the text"
    do(ev.KrEdited, kr=added.seq, target="48%")
    do(ev.KrEdited, kr=added.seq, text="Increase activation from 20% to 40%")
    kr = state.key_results[added.seq]
    assert (kr.baseline, kr.target, kr.from_text) == ("20%", "48%", ("baseline",)), "a typed target stays"
    assert replay(state.session, log).key_results == state.key_results


def test_typed_fields_win_and_a_cleared_field_stays_clear():
    state, _, do = _room()
    added = do(ev.KrAdded, text="Grow ARR from $40k to $55k", baseline="$38k")
    kr = state.key_results[added.seq]
    assert (kr.baseline, kr.target, kr.from_text) == ("$38k", "$55k", ("target",))
    do(ev.KrEdited, kr=added.seq, target="")
    assert state.key_results[added.seq].target == ""
    plain = do(ev.KrAdded, text="Increase weekly active readers")
    assert (state.key_results[plain.seq].baseline, state.key_results[plain.seq].target) == (None, None)


def test_the_coach_reads_the_filled_fields():
    """The coach's size check reads baseline/target from the fields: filled from the words, it sees them."""
    state, _, do = _room()
    added = do(ev.KrAdded, text="Cut time to resolve a ticket to under 2 h from 5 h", owner="Core")
    kr = state.key_results[added.seq]
    assert (kr.baseline, kr.target) == ("5 h", "under 2 h")
    report = lint_okr(OkrDraft(objective="Support that answers first time", key_results=[
        KrDraft(text=kr.text, owner=kr.owner, baseline=kr.baseline, target=kr.target, confidence=5)]))
    assert "no-baseline" not in {f.code for f in report.key_results[0]}


def test_the_long_patterns_compile_when_first_used_not_at_import():
    """They take about 8 ms to compile; a resumed session's inbox poll imports this module just
    after the first frame, while the facilitator types, and may never read a number."""
    import subprocess
    import sys

    code = ("import catchball.domain.numbers as n\n"
            "from catchball.domain.text import LazyPattern\n"
            "lazy = [v for v in vars(n).values() if isinstance(v, LazyPattern)]\n"
            "assert len(lazy) == 4 and all(p._compiled is None for p in lazy), lazy\n"
            "assert n.parse_quantity('30 min').value == 30\n"
            "assert n._QUANTITY_RE._compiled is not None\n")
    subprocess.run([sys.executable, "-c", code], check=True)
