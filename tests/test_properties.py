"""Property tests: any events with any text round-trip through the TOML log unchanged, and
replaying the saved log rebuilds exactly the live state.

Text: any Unicode scalar value, i.e. every code point except the surrogates U+D800-U+DFFF.
A lone surrogate cannot be encoded as UTF-8, so neither TOML nor the file can hold it; the
records refuse one up front (record.build, see test_store), so the app can never
produce an event that fails to encode. Everything else is in: NUL and other control
characters, DEL, quotes, backslashes, `[/]` markup, newlines and CR, U+2028, very long text.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from _shared import BLNS_PATH
from hypothesis import HealthCheck, given, settings
from hypothesis import event as hyp_event
from hypothesis import strategies as st

from catchball.domain import events as ev
from catchball.domain.commands import Refused
from catchball.domain.fold import apply, replay
from catchball.domain.model import SessionFile, SessionInfo
from catchball.domain.record import to_dict
from catchball.domain.state import State
from catchball.store.agendas import load_agenda
from catchball.store.event_log import EventLog, load_events
from catchball.store.live import LiveSession
from catchball.store.session_dir import create_session, open_session, read_session_file

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
BLNS = BLNS_PATH
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- strategies ----------------------------------------------------------------------------
chars = st.characters(exclude_categories=("Cs",))  # every scalar value; no lone surrogates
TRICKY = ["", "\x00", "\x7f", '"', "'''", '"""', "\\", "\\u0041", "[/]", "[bold]x[/bold]", "[[events]]",
          "\n[[events]]\nseq = 1\n", "\r\n", "\r", "\u2028\u2029", "\t", "#", "a = 1", "\ufeff", "🦆" * 3,
          "e\u0301", "\U0010ffff", "Ω" * 300]
text = st.one_of(
    st.text(chars, max_size=40),
    st.sampled_from(TRICKY),
    st.lists(st.sampled_from(TRICKY) | st.text(chars, max_size=5), max_size=8).map("".join),
    st.builds(lambda c, n: c * n, chars, st.integers(1000, 20_000)),  # very long
)
name = st.one_of(st.text(chars, min_size=1, max_size=30), st.sampled_from(["Maya", "[/]", "\\", "\x00", "x" * 200]))
ref = st.integers(1, 60)
maybe = lambda s: st.none() | s  # noqa: E731
via = maybe(st.from_regex(r"[a-z0-9-]{1,20}#[1-9][0-9]{0,5}", fullmatch=True))  # a participant's item

FIELDS: dict[type, dict] = {
    ev.SessionStarted: {}, ev.SessionFinished: {}, ev.TimerPaused: {}, ev.TimerResumed: {},
    ev.RoundOpened: {}, ev.VotesRevealed: {}, ev.RoundClosed: {},
    ev.PhaseChanged: {"phase": st.integers(0, 12)},
    ev.PhaseLeftEarly: {"phase": st.integers(0, 12), "reason": text},
    ev.TimerExtended: {"minutes": st.floats(0.001, 120, allow_nan=False) | st.just(1.0)},
    ev.Undone: {"target": ref},
    ev.Noted: {"text": text, "by": maybe(name), "type": st.sampled_from(list(ev.ContributionType)), "via": via},
    ev.ReadinessAnswered: {"question": st.sampled_from(list(ev.ReadinessQuestion)),
                           "answer": st.sampled_from(list(ev.Answer)), "note": maybe(text)},
    ev.ReadinessOverridden: {"reason": text},
    ev.ActionRecorded: {"text": text, "owner": maybe(name), "question": maybe(st.sampled_from(list(ev.ReadinessQuestion)))},
    ev.CarriedActionDone: {"action": st.integers(0, 999), "text": text, "done": st.booleans()},
    ev.PriorKrAdded: {"text": text, "source": maybe(text), "last_value": maybe(st.text(chars, max_size=30)),
                      "proposed_grade": maybe(st.integers(0, 10).map(lambda n: n / 10)),
                      "confidence": maybe(st.integers(1, 10))},
    ev.KrGraded: {"kr": ref, "grade": st.integers(0, 10).map(lambda n: n / 10), "from_numbers": maybe(st.booleans())},
    ev.RetroNoted: {"kr": maybe(ref), "field": st.sampled_from(["why", "obstacles", "learned"]), "text": text},
    ev.WinningLogicAdded: {"element": st.sampled_from(list(ev.WinningElement)), "text": text,
                           "carried": maybe(st.booleans())},
    ev.WinningLogicRevised: {"item": ref, "text": text},
    ev.WinningLogicDropped: {"item": ref},
    ev.ObjectiveDrafted: {"text": text, "links": st.lists(ref, max_size=4)},
    ev.ObjectiveRevised: {"objective": ref, "text": text},
    ev.ObjectiveLinked: {"objective": ref, "element": ref, "linked": st.booleans()},
    ev.VoteCast: {"participant": name, "value": st.integers(0, 5), "via": via},
    ev.DotsCast: {"objective": ref, "dots": st.integers(-20, 20), "participant": maybe(name), "via": via},
    ev.FocusChosen: {"objective": ref},
    ev.ObjectiveParked: {"objective": ref, "reason": text},
    ev.KrAdded: {"text": text, "metric": maybe(text), "baseline": maybe(text), "target": maybe(text),
                 "owner": maybe(name), "weekly": st.booleans(), "confidence": st.integers(1, 10),
                 "reason": maybe(text)},
    ev.KrEdited: {"kr": ref, "text": maybe(text), "metric": maybe(text), "owner": maybe(name),
                  "weekly": maybe(st.booleans()), "confidence": maybe(st.integers(1, 10))},
    ev.KrRemoved: {"kr": ref},
    ev.ExceptionAccepted: {"kr": ref, "code": st.text(chars, min_size=1, max_size=40), "reason": text},
    ev.BackBriefGiven: {"team": name, "words": text, "how": maybe(text), "dependencies": maybe(text),
                        "worries": maybe(text)},
    ev.BackBriefMarked: {"team": name, "matches": st.booleans()},
    ev.CommitmentMade: {"team": name, "text": text},
    ev.CadenceSet: {"checkin": maybe(text), "celebration": maybe(text), "peer_teams": st.lists(name, max_size=4)},
    ev.FeedbackRecorded: {"text": text, "repaired": st.lists(text, max_size=3), "remaining": st.lists(text, max_size=3)},
    ev.ParticipantAdmitted: {"name": name, "team": name},
    ev.AnonymitySet: {"anonymous": st.booleans()},
    ev.KrCheckedIn: {"kr": st.integers(1, 99), "value": st.floats(allow_nan=False, allow_infinity=False),
                     "confidence": st.integers(1, 10), "note": maybe(text)},
    ev.PrioritySet: {"team": name, "text": text, "kr": maybe(st.integers(1, 99))},
    ev.PriorityDropped: {"priority": ref},
    ev.KpiChecked: {"kpi": text, "status": st.sampled_from(["steady", "at_risk"]), "note": maybe(text)},
    ev.IdeaRaised: {"text": text, "by": maybe(name)},
    ev.IdeaTested: {"idea": ref, "question": st.sampled_from(["focus", "logic", "say_no"]),
                    "answer": st.sampled_from(list(ev.Answer))},
    ev.IdeaParked: {"idea": ref, "reason": text},
    ev.OkrChanged: {"kr": maybe(st.integers(1, 99)), "text": text, "baseline": maybe(st.text(chars, max_size=40)),
                    "target": maybe(st.text(chars, max_size=40)), "reason": text.filter(bool), "idea": maybe(ref)},
}
assert set(FIELDS) == set(ev.EVENT_TYPES.values()), "every event kind has a strategy"

# an offset date-time anywhere, with microseconds (the log keeps milliseconds, in UTC)
moment = st.builds(
    lambda dt, minutes: dt.replace(tzinfo=timezone(timedelta(minutes=minutes))),
    st.datetimes(datetime(2000, 1, 2), datetime(2200, 1, 1)), st.integers(-14 * 60 + 1, 14 * 60 - 1))

event_spec = st.sampled_from(sorted(FIELDS, key=lambda c: c.__name__)).flatmap(
    lambda cls: st.tuples(st.just(cls), st.fixed_dictionaries(FIELDS[cls])))


@st.composite
def event_logs(draw, max_size: int = 25) -> list[ev.Event]:
    specs = draw(st.lists(event_spec, min_size=1, max_size=max_size))
    start = draw(moment)
    steps = draw(st.lists(st.integers(0, 10_000_000), min_size=len(specs), max_size=len(specs)))
    out, t = [], start
    for seq, ((cls, fields), step) in enumerate(zip(specs, steps), 1):
        t += timedelta(microseconds=step)
        out.append(cls(seq=seq, at=t, **fields))
    return out


def session(agenda: str = "quick", title: str = "Props") -> SessionFile:
    return SessionFile(session=SessionInfo(schema=1, id="p", title=title, created=T0), agenda=load_agenda(agenda))


def comparable(state: State) -> dict:
    return {slot: getattr(state, slot) for slot in State.__slots__}


# -- properties -----------------------------------------------------------------------------
@SETTINGS
@given(event_logs())
def test_any_events_round_trip_through_the_log(events):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.toml"
        log = EventLog(path)
        for e in events:
            log.append(e)
        log.close()
        loaded = load_events(path)
    assert loaded.damage is None
    assert loaded.events == events
    for a, b in zip(loaded.events, events):  # field by field, types included
        assert type(a) is type(b) and to_dict(a) == to_dict(b)
    # and the fold over the saved log equals the fold the live session did, event by event
    live = State(session=session("quarterly"))
    for e in events:
        apply(live, e)
    assert comparable(replay(live.session, loaded.events)) == comparable(live)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["note", "phase", "vote", "undo", "undo"]), st.integers(1, 30)), max_size=40))
def test_replay_takes_back_what_apply_takes_back_whatever_the_undos(steps):
    """`replay` finds the events still in effect in one pass, `apply` refolds at each undo: they
    agree for any undo (of the latest, of an earlier event, of one already taken back, of
    session_started or of an undo, of a seq not yet there), from a list or any iterable."""
    events: list[ev.Event] = [ev.SessionStarted(seq=1, at=T0)]
    for kind, n in steps:
        seq, when = len(events) + 1, T0 + timedelta(seconds=len(events))
        events.append(ev.Undone(seq=seq, at=when, target=n) if kind == "undo" else
                      ev.PhaseChanged(seq=seq, at=when, phase=n % 10) if kind == "phase" else
                      ev.VoteCast(seq=seq, at=when, participant="Maya", value=n % 6) if kind == "vote" else
                      ev.Noted(seq=seq, at=when, text=f"note {n}"))
    one_by_one = State(session=session("quarterly"))
    for e in events:
        apply(one_by_one, e)
    assert comparable(replay(one_by_one.session, events)) == comparable(one_by_one)
    assert comparable(replay(one_by_one.session, iter(events))) == comparable(one_by_one)
    assert comparable(replay(one_by_one.session, [])) == comparable(State(session=one_by_one.session))


def _action(data, state: State):
    """One command the facilitator could give now, referring to records that exist."""
    objectives = sorted(state.objectives) or [1]
    krs = sorted(state.key_results) or [1]
    prior = sorted(state.prior_krs) or [1]
    winning = sorted(state.winning) or [1]
    teams = sorted(state.backbriefs) or ["Checkout"]
    pick = lambda values: st.sampled_from(values)  # noqa: E731
    choices = {
        "undo": st.just({}),
        ev.PhaseChanged: st.fixed_dictionaries({"phase": st.integers(0, 9)}),
        ev.Noted: st.fixed_dictionaries({"text": text, "by": maybe(name), "type": pick(list(ev.ContributionType))}),
        ev.TimerPaused: st.just({}), ev.TimerResumed: st.just({}), ev.TimerExtended: st.just({}),
        ev.RoundOpened: st.just({}), ev.VotesRevealed: st.just({}), ev.RoundClosed: st.just({}),
        ev.VoteCast: st.fixed_dictionaries({"participant": pick(["Maya", "Jonas", "[/]"]), "value": st.integers(0, 5)}),
        ev.ReadinessAnswered: st.fixed_dictionaries(FIELDS[ev.ReadinessAnswered]),
        ev.ReadinessOverridden: st.fixed_dictionaries({"reason": text}),
        ev.PhaseLeftEarly: st.fixed_dictionaries({"phase": st.integers(0, 9), "reason": text}),
        ev.PriorKrAdded: st.fixed_dictionaries({"text": text}),
        ev.KrGraded: st.fixed_dictionaries({"kr": pick(prior), "grade": FIELDS[ev.KrGraded]["grade"]}),
        ev.RetroNoted: st.fixed_dictionaries({"kr": maybe(pick(prior)), "field": pick(["why", "learned"]), "text": text}),
        ev.WinningLogicAdded: st.fixed_dictionaries(FIELDS[ev.WinningLogicAdded]),
        ev.WinningLogicRevised: st.fixed_dictionaries({"item": pick(winning), "text": text}),
        ev.WinningLogicDropped: st.fixed_dictionaries({"item": pick(winning)}),
        ev.ObjectiveDrafted: st.fixed_dictionaries({"text": text}),
        ev.ObjectiveRevised: st.fixed_dictionaries({"objective": pick(objectives), "text": text}),
        ev.DotsCast: st.fixed_dictionaries({"objective": pick(objectives), "dots": st.integers(-3, 5)}),
        ev.FocusChosen: st.fixed_dictionaries({"objective": pick(objectives)}),
        ev.ObjectiveParked: st.fixed_dictionaries({"objective": pick(objectives), "reason": text}),
        ev.KrAdded: st.fixed_dictionaries({"text": text, "owner": maybe(name), "reason": maybe(text)}),
        ev.KrEdited: st.fixed_dictionaries({"kr": pick(krs), "text": maybe(text), "confidence": maybe(st.integers(1, 10))}),
        ev.KrRemoved: st.fixed_dictionaries({"kr": pick(krs)}),
        ev.ExceptionAccepted: st.fixed_dictionaries({"kr": pick(krs), "code": pick(["activity", "vague"]), "reason": text}),
        ev.BackBriefGiven: st.fixed_dictionaries({"team": pick(["Checkout", "Search", "[/]"]), "words": text}),
        ev.BackBriefMarked: st.fixed_dictionaries({"team": pick(teams), "matches": st.booleans()}),
        ev.CommitmentMade: st.fixed_dictionaries({"team": name, "text": text}),
        ev.CadenceSet: st.fixed_dictionaries(FIELDS[ev.CadenceSet]),
        ev.SessionFinished: st.just({}),
    }
    cls = data.draw(pick(list(choices)), label="command")
    return cls, data.draw(choices[cls], label="fields")


@SETTINGS
@given(st.data(), st.integers(1, 60))
def test_replay_of_the_saved_log_equals_the_live_state(data, steps):
    """Drive a real LiveSession (rules, undo and all), then reopen the folder and replay."""
    with tempfile.TemporaryDirectory() as tmp:
        live = LiveSession.create(Path(tmp), session("quarterly"), T0)
        now = T0
        for _ in range(steps):
            now += timedelta(milliseconds=data.draw(st.integers(0, 400_000), label="pause"))
            cls, fields = _action(data, live.state)
            try:
                live.undo(now) if cls == "undo" else live.record(cls, now, **fields)
            except Refused:
                pass
        live.close()
        reopened = open_session(live.folder)
    assert reopened.log.damage is None
    assert reopened.log.events == live.events
    rebuilt = replay(reopened.file, reopened.log.events)
    assert comparable(rebuilt) == comparable(live.state)
    from catchball.domain.timer import phase_timings, timer_view

    later = now + timedelta(minutes=7)
    assert timer_view(rebuilt, later) == timer_view(live.state, later)
    assert phase_timings(rebuilt, later) == phase_timings(live.state, later)
    hyp_event(f"recorded {min(len(live.events) // 10 * 10, 40)}+ events")
    hyp_event(f"kinds {min(len({e.kind for e in live.events}) // 5 * 5, 20)}+")


# -- the big list of naughty strings ----------------------------------------------------------
def naughty() -> list[str]:
    return json.loads(BLNS.read_text(encoding="utf-8"))


@pytest.mark.skipif(not BLNS.exists(), reason="naughty strings not available")
def test_every_naughty_string_round_trips_as_note_text(tmp_path):
    strings = naughty()
    path = tmp_path / "events.toml"
    log = EventLog(path)
    log.append(ev.SessionStarted(seq=1, at=T0))
    for seq, s in enumerate(strings, 2):
        log.append(ev.Noted(seq=seq, at=T0, text=s, by=s[:200] or None))
    log.close()
    loaded = load_events(path)
    assert loaded.damage is None
    assert [e.text for e in loaded.events[1:]] == strings
    assert [e.by for e in loaded.events[1:]] == [s[:200] or None for s in strings]


@pytest.mark.skipif(not BLNS.exists(), reason="naughty strings not available")
def test_every_naughty_string_round_trips_as_a_session_title(tmp_path):
    sessions = tmp_path / "sessions"
    titles = [s for s in naughty() if s]  # a title is never empty
    for title in titles:
        folder = create_session(sessions, session(title=title))
        assert folder.parent == sessions.resolve()
        assert read_session_file(folder).session.title == title
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sessions"]
    assert len(list(sessions.iterdir())) == len(titles)
