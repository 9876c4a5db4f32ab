"""The quarter's rhythm: numbers with units, the quarter's dates, the board's line, grades and
flags, check-in sessions (rules, undo, replay) and the `checkin` / `quarter` commands."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catchball.cli.main import main
from catchball.domain import events as ev
from catchball.domain.commands import Refused
from catchball.domain.fold import replay
from catchball.domain.model import QuarterKr
from catchball.domain.quarter import (
    calendar_quarter,
    next_quarter,
    parse_quarter,
    quarter_label,
)
from catchball.domain.quarter_board import (
    behind_pace,
    confidence_falling,
    expected_value,
    proposed_grade,
    read_numbers,
    stuck_priorities,
)
from catchball.domain.numbers import first_quantity, from_to, in_unit, show_value
from catchball.domain.quarter_values import OtherUnit, parse_value_line, read_checkin
from catchball.services.checkin import find_planning, load_quarter, start_checkin
from catchball.store.session_dir import open_session

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-11-22-northwind-books-q1-2027-planning"
NOW = datetime(2027, 1, 11, 9, 30, tzinfo=timezone.utc)
finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


# -- numbers (read by domain.numbers, the coach's reader too) --------------------------------------
@pytest.mark.parametrize("text, value, unit, label", [
    ("18%", 18, "%", ""), ("95 s", 95, "s", ""), ("$40k", 40_000, "$", ""), ("1,200 orders", 1200, "", "orders"),
    ("€1.5m", 1_500_000, "€", ""), ("0.5%", 0.5, "%", ""), ("22% of buyers", 22, "%", ""), ("3.1 seconds", 3.1, "s", ""),
    ("12 min", 12, "min", ""), ("-3", -3, "", ""), ("USD 40k", 40_000, "$", ""), ("1.5s", 1.5, "s", ""),
    ("5m", 5, "min", ""), ("30 points", 30, "pt", ""), ("12 pp", 12, "pp", ""), ("1\u202f200 orders", 1200, "", "orders"),
])
def test_numbers_read_with_their_unit(text, value, unit, label):
    q = first_quantity(text)
    assert (q.value, q.unit, q.label) == (pytest.approx(value), unit, label)


@pytest.mark.parametrize("text", ["", None, "none yet", "about a third"])
def test_no_number_reads_as_none(text):
    assert first_quantity(text) is None


def test_from_to_skips_words_that_are_not_numbers():
    found = from_to("Reduce median time from search to add-to-basket from 95 s to 60 s")
    assert (found.baseline.value, found.baseline.unit, found.target.value, found.target.unit) == (95, "s", 60, "s")
    assert from_to("Move the team from Berlin to Lisbon") is None


@given(finite, st.sampled_from(["", "%", "s", "$", "min", "h"]))
def test_shown_values_read_back(value, unit):
    value = round(value, 3)
    back = first_quantity(show_value(value, unit))
    assert (back.value, back.unit) == (pytest.approx(value, abs=1e-9), unit)


def test_a_count_shows_its_noun():
    assert show_value(1350, "orders") == "1,350 orders"
    kr = QuarterKr(number=1, text="Grow weekly orders from 1,200 to 1,500 orders")
    assert read_numbers(kr).unit == "orders" and read_numbers(kr).measure == ""
    assert read_checkin(kr, "1,350 orders 6 the new flow") == (1350, 6, "the new flow")
    assert read_checkin(kr, "1350 shipped by the new flow") == (1350, None, "shipped by the new flow")


def test_durations_convert_to_the_key_results_unit():
    kr = QuarterKr(number=2, text="Cut median time to basket", baseline="95 s", target="1 min")
    numbers = read_numbers(kr)
    assert numbers.problem is None and (numbers.target.value, numbers.target.unit) == (60, "s")
    assert read_checkin(kr, "1.5 min 7") == (90, 7, None)
    with pytest.raises(OtherUnit):
        read_checkin(kr, "80% 7")
    assert in_unit(first_quantity("2 h"), "min") == 120


def test_a_value_line_reads_value_confidence_and_why():
    q, confidence, note = parse_value_line("21% 6 the e-mail test moved it")
    assert (q.value, q.unit, confidence, note) == (21, "%", 6, "the e-mail test moved it")
    assert parse_value_line("21 the e-mail test")[2] == "the e-mail test"  # "the" is not a unit


def test_unreadable_numbers_say_why():
    kr = QuarterKr(number=1, text="Delight our readers", baseline="good", target="great")
    numbers = read_numbers(kr)
    assert numbers.problem and "baseline and target" in numbers.problem
    assert read_numbers(QuarterKr(number=1, text="x", baseline="18%", target="95 s")).problem
    assert read_numbers(QuarterKr(number=1, text="Cut load from 3.1 s to 1.5 s")).problem is None


# -- the quarter's dates ----------------------------------------------------------------------
def test_quarters():
    assert next_quarter(date(2026, 11, 22)) == (date(2027, 1, 1), date(2027, 3, 31))
    assert next_quarter(date(2027, 2, 1)) == (date(2027, 4, 1), date(2027, 6, 30))
    assert calendar_quarter(2027, 4) == (date(2027, 10, 1), date(2027, 12, 31))
    assert parse_quarter("2027-Q1") == parse_quarter("2027q1") == (date(2027, 1, 1), date(2027, 3, 31))
    assert parse_quarter("2027-01-04..2027-03-26") == (date(2027, 1, 4), date(2027, 3, 26))
    assert quarter_label(*parse_quarter("2027-Q3")) == "2027-Q3"
    for bad in ("2027-Q5", "Q1", "2027-03-01..2027-01-01", "2027-02-30..2027-03-01"):
        with pytest.raises(ValueError):
            parse_quarter(bad)


# -- the line, grades, flags --------------------------------------------------------------------
Q1 = (date(2027, 1, 1), date(2027, 3, 31))
days = st.integers(-30, 120).map(lambda n: Q1[0] + timedelta(days=n))
ends = st.tuples(finite, finite).filter(lambda p: abs(p[0] - p[1]) > 1e-3)


@given(ends, days)
def test_the_line_runs_from_baseline_to_target(pair, day):
    base, target = pair
    value = expected_value(base, target, *Q1, day)
    assert min(base, target) - 1e-6 <= value <= max(base, target) + 1e-6
    assert expected_value(base, target, *Q1, Q1[0]) == base
    assert expected_value(base, target, *Q1, Q1[1]) == pytest.approx(target)


@given(ends, finite)
def test_proposed_grade_is_progress_in_tenths(pair, value):
    base, target = pair
    grade = proposed_grade(base, target, value)
    assert 0.0 <= grade <= 1.0 and round(grade * 10) == pytest.approx(grade * 10)
    progress = (value - base) / (target - base)
    assert abs(grade - min(1.0, max(0.0, progress))) <= 0.05 + 1e-9


def test_grades_of_a_key_result_going_down():
    assert proposed_grade(95, 60, 95) == 0.0
    assert proposed_grade(95, 60, 80) == 0.4  # 15 of 35 seconds: 0.43
    assert proposed_grade(95, 60, 50) == 1.0
    assert proposed_grade(95, 60, 120) == 0.0
    assert proposed_grade(18, 25, 19.75) == 0.3  # exactly 0.25 rounds up


@given(ends, finite, finite)
def test_behind_pace_is_a_tenth_of_the_way_short(pair, value, expected):
    base, target = pair
    short = ((expected - base) - (value - base)) / (target - base)
    if short > 0.1 + 1e-6:
        assert behind_pace(base, target, value, expected)
    if short < 0.1 - 1e-6:
        assert not behind_pace(base, target, value, expected)


def test_confidence_falling_two_check_ins_running():
    assert confidence_falling([6, 5, 4])
    assert confidence_falling([7, 5, 6, 5, 3])
    assert not confidence_falling([6, 5, 5])
    assert not confidence_falling([5, 4])
    assert not confidence_falling([4, 6, 5])


def test_a_priority_unchanged_three_weeks_is_stuck():
    week = [("Search", "Fix the catalogue gaps", 2), ("Checkout", "E-mail test", 1)]
    moved = [("Search", "fix the  catalogue gaps", 2), ("Checkout", "Carousel copy", 1)]
    assert stuck_priorities([week, moved, week]) == [("Search", "Fix the catalogue gaps", 2)]
    assert stuck_priorities([week, week]) == []
    assert stuck_priorities([week, [], week, week]) == week


# -- check-in sessions: rules, undo, replay ---------------------------------------------------------
@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    root = tmp_path / "sessions"
    root.mkdir()
    shutil.copytree(EXAMPLE, root / EXAMPLE.name)
    return root


def test_a_check_in_records_values_and_undoes_them(sessions):
    quarter = load_quarter(sessions, find_planning(sessions, None))
    live = start_checkin(sessions, quarter, date(2027, 1, 11), NOW,
                         [{"kr": 1, "value": 19.0, "confidence": 6, "note": "the e-mail test"}])
    try:
        info = live.state.session.session
        assert info.kind.value == "check-in" and info.planning == EXAMPLE.name
        assert live.folder.name.startswith("2027-01-11-")
        assert live.state.checkin_values[1].value == 19.0
        with pytest.raises(Refused, match="no key result 7"):
            live.record(ev.KrCheckedIn, NOW, kr=7, value=1, confidence=5)
        for text in ("Fix gaps", "Tune ranking", "Ranking data"):
            live.record(ev.PrioritySet, NOW, team="Search", text=text, kr=2)
        with pytest.raises(Refused, match="3 priorities"):
            live.record(ev.PrioritySet, NOW, team="Search", text="A fourth", kr=2)
        idea = live.record(ev.IdeaRaised, NOW, text="Can't we just add audiobooks?")
        live.record(ev.IdeaTested, NOW, idea=idea.seq, question="say_no", answer="no")
        live.record(ev.IdeaParked, NOW, idea=idea.seq, reason="Not this quarter: focus on the second book")
        live.undo(NOW)
        assert live.state.ideas[idea.seq].parked is None
        live.record(ev.OkrChanged, NOW, kr=3, text="Raise recommendation clicks from 4% to 8%", target="8%",
                    reason="The carousel ships a month late", idea=idea.seq)
    finally:
        live.close()
    opened = open_session(live.folder)
    again = replay(opened.file, opened.log.events)
    assert again.checkin_values == live.state.checkin_values
    assert again.okr_changes == live.state.okr_changes
    board = load_quarter(sessions, find_planning(sessions, None)).board(date(2027, 1, 11))
    assert board["key_results"][2]["target"] == 8 and board["changes"][0]["reason"].startswith("The carousel")


def test_check_in_events_are_refused_in_a_planning_session(new_live, clock):
    live = new_live()
    with pytest.raises(Refused, match="weekly check-in"):
        live.record(ev.KrCheckedIn, clock.now(), kr=1, value=1, confidence=5)


# -- the commands, as the acceptance script drives them ---------------------------------------------
def _values(path: Path, rows: list[tuple]) -> Path:
    lines = []
    for kr, value, confidence in rows:
        shown = f'"{value}"' if isinstance(value, str) else repr(value)
        lines += ["[[key_results]]", f"kr = {kr}", f"value = {shown}", f"confidence = {confidence}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_three_check_ins_make_the_board(sessions, tmp_path, capsys):
    weeks = [("2027-01-11", [(1, 19, 6), (2, "90 s", 5), (3, 4.2, 7)]),
             ("2027-01-25", [(1, 19.5, 5), (2, 84, 5), (3, 4.4, 6)]),
             ("2027-02-08", [(1, "21%", 4), (2, 78, 6), (3, 4.6, 5)])]
    for i, (day, rows) in enumerate(weeks):
        code, out, err = _run(capsys, "--sessions-dir", str(sessions), "checkin", EXAMPLE.name, "--values",
                              str(_values(tmp_path / f"v{i}.toml", rows)), "--date", day, "--record-only")
        assert code == 0, err
    code, out, _ = _run(capsys, "--sessions-dir", str(sessions), "quarter", EXAMPLE.name, "--json")
    board = json.loads(out)
    assert (board["start"], board["end"]) == ("2027-01-01", "2027-03-31")
    assert [c["date"] for c in board["checkins"]] == [d for d, _ in weeks]
    kr1, kr2, kr3 = board["key_results"]
    assert [v["value"] for v in kr1["values"]] == [19, 19.5, 21]
    assert (kr1["baseline"], kr1["target"]) == (18, 25)
    line = 18 + 7 * 38 / 89  # 2027-02-08 is day 38 of 89
    assert kr1["expected"] == pytest.approx(line, abs=1e-4)
    assert kr1["proposed_grade"] == 0.4  # 3 of 7 points: 0.43
    assert kr1["flags"] == ["confidence-falling"]  # 21% against 20.99% on the line: on pace
    assert kr2["proposed_grade"] == 0.5 and kr2["flags"] == []  # 17 of 35 s; ahead of the line
    assert kr3["proposed_grade"] == 0.1 and kr3["flags"] == ["behind-pace", "confidence-falling"]
    code, out, _ = _run(capsys, "--sessions-dir", str(sessions), "check")
    assert code == 0 and out.count("sound") == 4


def test_values_file_errors_are_one_sentence(sessions, tmp_path, capsys):
    bad = _values(tmp_path / "bad.toml", [(4, 1, 5)])
    code, _, err = _run(capsys, "--sessions-dir", str(sessions), "checkin", "--values", str(bad), "--record-only")
    assert code == 2 and "no key result 4" in err and err.count("\n") == 1
    unit = _values(tmp_path / "unit.toml", [(2, "20%", 5)])
    code, _, err = _run(capsys, "--sessions-dir", str(sessions), "checkin", "--values", str(unit), "--record-only")
    assert code == 2 and "measured in s" in err
    assert not any(p.name.startswith("20") and "check-in" in p.name for p in sessions.iterdir())


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_a_check_in_replays_to_its_live_state(data):
    """Any run of check-in commands (refusals and undos included) reopens to the same state."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(EXAMPLE, root / EXAMPLE.name)
        live = start_checkin(root, load_quarter(root, root / EXAMPLE.name), date(2027, 1, 11), NOW)
        now = NOW
        for _ in range(data.draw(st.integers(1, 25), label="steps")):
            now += timedelta(seconds=data.draw(st.integers(0, 90)))
            ideas = sorted(live.state.ideas) or [1]
            choice = data.draw(st.sampled_from(["undo", "value", "priority", "drop", "kpi", "idea", "test", "park",
                                                "change"]))
            fields = {
                "value": (ev.KrCheckedIn, {"kr": data.draw(st.integers(1, 4)), "value": data.draw(finite),
                                           "confidence": data.draw(st.integers(1, 10))}),
                "priority": (ev.PrioritySet, {"team": data.draw(st.sampled_from(["Search", "Checkout"])),
                                              "text": data.draw(st.text(max_size=10)), "kr": 1}),
                "drop": (ev.PriorityDropped, {"priority": data.draw(st.sampled_from(sorted(live.state.priorities)
                                                                                    or [1]))}),
                "kpi": (ev.KpiChecked, {"kpi": "Monthly active buyers", "status": "at_risk"}),
                "idea": (ev.IdeaRaised, {"text": data.draw(st.text(max_size=10))}),
                "test": (ev.IdeaTested, {"idea": data.draw(st.sampled_from(ideas)), "question": "focus",
                                         "answer": "no"}),
                "park": (ev.IdeaParked, {"idea": data.draw(st.sampled_from(ideas)), "reason": "later"}),
                "change": (ev.OkrChanged, {"kr": data.draw(st.sampled_from([None, 1, 5])), "text": "v2",
                                           "reason": data.draw(st.sampled_from(["", " ", "why"]))}),
            }.get(choice)
            try:
                live.undo(now) if fields is None else live.record(fields[0], now, **fields[1])
            except (Refused, ValueError):
                pass
        live.close()
        opened = open_session(live.folder)
        again = replay(opened.file, opened.log.events)
        for name in ("checkin_values", "priorities", "kpi_checks", "ideas", "okr_changes", "history"):
            assert getattr(again, name) == getattr(live.state, name)


def test_the_shipped_check_ins_make_a_board(capsys):
    """sessions/ ships three recorded check-ins of the example (scripts/record_checkins.py)."""
    root = ROOT / "sessions"
    code, out, _ = _run(capsys, "--sessions-dir", str(root), "quarter", EXAMPLE.name, "--json", "--as-of", "2027-01-25")
    board = json.loads(out)
    assert code == 0 and [c["date"] for c in board["checkins"]] == ["2027-01-11", "2027-01-18", "2027-01-25"]
    assert [kr["flags"] for kr in board["key_results"]] == [["confidence-falling"], ["same-priority"], ["behind-pace"]]
    assert any(f["code"] == "kpi-at-risk" for f in board["flags"])
    for checkin in board["checkins"]:
        assert _run(capsys, "--sessions-dir", str(root), "check", checkin["session"])[0] == 0


def test_carrying_the_quarter_forward_brings_the_numbers_to_grading(capsys, tmp_path, monkeypatch):
    """`catchball new --from SESSION`: each key result comes with its last value and proposed grade."""
    root = tmp_path / "sessions"
    shutil.copytree(ROOT / "sessions", root)
    opened = []
    monkeypatch.setattr("catchball.cli.app.run_app", lambda args, live=None, **kw: opened.append(live) or 0)
    code, _, err = _run(capsys, "--sessions-dir", str(root), "new", "--from", EXAMPLE.name, "--title", "Q2")
    assert code == 0, err
    live = opened[0]
    try:
        prior = list(live.state.prior_krs.values())
        assert [(p.last_value, p.proposed_grade, p.confidence) for p in prior] == [
            ("19.4%", 0.2, 4), ("81 s", 0.4, 6), ("4.4%", 0.1, 5)]
        assert live.state.session.session.carried_from == EXAMPLE.name
        # no --participant, --agenda or --level: the room and its agenda come from the session carried
        before = open_session(ROOT / "sessions" / EXAMPLE.name).file
        assert live.state.session.participants == before.participants
        assert (live.state.session.agenda.name, live.state.session.session.level) == (
            before.agenda.name, before.session.level)
    finally:
        live.close()
