"""domain.record: msgspec records validated where they come in, with one sentence naming the field."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catchball.domain import events as ev
from catchball.domain.model import SessionInfo
from catchball.domain.agenda import PhaseKind
from catchball.domain.record import (
    FieldError,
    Record,
    ValidationError,
    build,
    decode,
    error_parts,
    error_sentence,
    to_toml,
    validated,
)
from catchball.store.agendas import load_agenda
from catchball.store.toml_read import parse_event_log

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def _sentence(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return error_sentence(caught.value)


def test_build_validates_what_plain_construction_leaves_to_the_code():
    assert _sentence(lambda: build(ev.Noted, seq=1, at=T0, text="x" * 20_001)) == \
        "field 'text': at most 20000 characters"
    assert _sentence(lambda: build(ev.VoteCast, seq=1, at=T0, participant="Ana", value=6)) == \
        "field 'value': must be at most 5"
    assert _sentence(lambda: build(ev.Noted, seq=1, at=T0)) == "field 'text': is missing"
    assert _sentence(lambda: build(ev.Noted, seq=1, at=T0, text="a", colour="red")) == \
        "field 'colour': is not a field here"
    assert "timezone" in _sentence(lambda: build(ev.Noted, seq=1, at=T0.replace(tzinfo=None), text="a"))
    assert "steps of 0.1" in _sentence(lambda: build(ev.KrGraded, seq=1, at=T0, kr=1, grade=0.25))
    assert "lone surrogate" in _sentence(lambda: build(ev.Noted, seq=1, at=T0, text="a\ud800"))


def test_a_nested_field_is_named_by_its_path():
    data = to_toml(load_agenda("quick"))
    data["phases"][1]["kind"] = "dance"
    assert _sentence(lambda: decode(data, type(load_agenda("quick")))) == \
        "field 'phases.1.kind': 'dance' is not one of the allowed values"


def test_events_know_their_kind_and_normalise_their_time():
    event = build(ev.Noted, seq=3, at=T0 + timedelta(microseconds=1_234_567), text="hello")
    assert event.kind == "noted" and ev.EVENT_TYPES["noted"] is ev.Noted
    assert event.at == T0 + timedelta(seconds=1, milliseconds=234) and event.at.tzinfo is timezone.utc
    assert ev.event_to_record(event) == {"kind": "noted", "at": event.at, "text": "hello", "type": "note", "seq": 3}


def test_a_log_parsed_by_the_compiled_parser_gives_utc_times_once_decoded():
    text = '[[events]]\nkind = "noted"\nat = 2026-11-22T10:00:00.5+01:00\ntext = "a"\nseq = 1\n'
    (event,) = ev.decode_events(parse_event_log(text)["events"])
    assert event.at.tzinfo is timezone.utc and event.at == T0 + timedelta(milliseconds=500)


def test_validated_checks_a_record_made_in_code():
    info = SessionInfo(schema=1, id="x", title="", created=T0)  # construction itself does not check
    assert _sentence(lambda: validated(info)) == "field 'title': must not be empty"
    good = SessionInfo(schema=1, id="x", title="Q1", created=T0)
    assert validated(good) == good


@given(st.text(max_size=200))
def test_any_text_that_builds_round_trips_through_toml_records(text):
    try:
        event = build(ev.Noted, seq=1, at=T0, text=text)
    except ValidationError:
        assert any(0xD800 <= ord(c) <= 0xDFFF for c in text)
        return
    assert ev.decode_event(ev.event_to_record(event)) == event


def test_a_wrong_type_is_said_in_a_file_writers_words():
    assert _sentence(lambda: build(ev.Noted, seq=1, at=T0, text=5)) == "field 'text': expected text, got a whole number"
    assert _sentence(lambda: build(ev.VoteCast, seq=1, at=T0, participant="Ana", value="high")) == \
        "field 'value': expected a whole number, got text"


def test_given_the_type_decoded_a_value_not_allowed_is_told_the_ones_that_are():
    data = to_toml(load_agenda("quick"))
    data["phases"][1]["kind"] = "dance"
    with pytest.raises(ValidationError) as caught:
        decode(data, type(load_agenda("quick")))
    allowed = ", ".join(kind.value for kind in PhaseKind)
    assert error_sentence(caught.value, type(load_agenda("quick"))) == \
        f"field 'phases.1.kind': 'dance' is not one of {allowed}"


class _Pair(Record, kw_only=True):
    left: str
    by: dict[PhaseKind, int] = {}

    def __post_init__(self) -> None:
        if self.left == "right":
            raise FieldError("left", "must not be right")


class _Pairs(Record, kw_only=True):
    pairs: list[_Pair]


def test_a_records_own_check_names_its_field_and_a_bad_key_is_named_as_one():
    with pytest.raises(ValidationError) as caught:
        decode({"pairs": [{"left": "a"}, {"left": "right"}]}, _Pairs)
    assert error_sentence(caught.value) == "field 'pairs.1.left': must not be right"
    with pytest.raises(ValidationError) as caught:
        decode({"pairs": [{"left": "a", "by": {"dance": 1}}]}, _Pairs)
    assert error_sentence(caught.value, _Pairs).startswith("field 'pairs.0.by': key 'dance' is not one of ")
    assert error_parts(caught.value) == ("pairs.0.by", "'dance' is not one of the allowed values")


def test_strict_decoding_takes_no_text_for_a_number():
    assert decode({"pairs": [{"left": "a", "by": {"catchball": "3"}}]}, _Pairs).pairs[0].by == {PhaseKind.CATCHBALL: 3}
    with pytest.raises(ValidationError) as caught:
        decode({"pairs": [{"left": "a", "by": {"catchball": "3"}}]}, _Pairs, strict=True)
    assert error_sentence(caught.value) == "field 'pairs.0.by[...]': expected a whole number, got text"
