"""Domain unit tests: the fold and undo, timer arithmetic with an injected now, the rules.

No disk here except the packaged agenda templates (read through `store.agendas`).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from catchball.domain.record import ValidationError, build, replace

from catchball.domain import commands
from catchball.domain import events as ev
from catchball.domain.agenda import AgendaError, PhaseKind
from catchball.domain.commands import Refused
from catchball.domain.fold import apply, replay
from catchball.domain import quarter_records, records
from catchball.domain.model import Participant, Role, SessionFile, SessionInfo
from catchball.domain.state import State
from catchball.domain.timer import TimerMode, phase_timings, schedule_delta, timer_view
from catchball.store.agendas import agenda_names, load_agenda

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def session_file(agenda: str = "quarterly") -> SessionFile:
    return SessionFile(
        session=SessionInfo(schema=1, id="t", title="Test", created=T0),
        agenda=load_agenda(agenda),
        participants=(Participant.parse("Maya:leader:Checkout"), Participant.parse("Jonas:member:Search")),
    )


class Room:
    """A session driven like the app does: make, check, apply; the log kept beside."""

    def __init__(self, agenda: str = "quarterly") -> None:
        self.file = session_file(agenda)
        self.state = State(session=self.file)
        self.log: list[ev.Event] = []
        self.do(ev.SessionStarted, 0)

    def do(self, cls: type[ev.Event], seconds: float, **fields) -> ev.Event:
        event = commands.make(self.state, cls, at(seconds), **fields)
        commands.check(self.state, event)
        apply(self.state, event)
        self.log.append(event)
        return event

    def undo(self, seconds: float) -> ev.Event:
        target = self.state.undoable()
        if target is None:
            raise Refused("There is nothing left to undo.")
        return self.do(ev.Undone, seconds, target=target.seq)

    def goto(self, phase: int, seconds: float) -> ev.Event:
        return self.do(ev.PhaseChanged, seconds, phase=phase)

    def replayed(self) -> State:
        return replay(self.file, self.log)


def comparable(state: State) -> dict:
    return {name: getattr(state, name) for name in State.__slots__ if name != "history"}


# -- fold and undo -------------------------------------------------------------------
def test_undo_phase_advance_puts_time_back_into_previous_phase():
    room = Room()
    room.goto(1, 300)  # 5 minutes in readiness
    room.goto(2, 420)  # 2 minutes in grading
    assert room.state.phase_seconds[1] == 120
    room.undo(480)
    assert room.state.phase == 1
    assert room.state.phase_seconds[1] == 0  # grading is open again, not closed
    assert room.state.visited[2] is False
    rows = phase_timings(room.state, at(600))
    assert rows[1].current and rows[1].actual_minutes == pytest.approx(5.0)  # 300 s -> now
    assert rows[0].actual_minutes == pytest.approx(5.0)
    assert comparable(room.replayed()) == comparable(room.state)


def test_undo_twice_takes_back_two_actions_in_order():
    room = Room()
    a = room.do(ev.Noted, 10, text="first")
    b = room.do(ev.Noted, 20, text="second")
    room.do(ev.Noted, 30, text="third")
    room.undo(40)
    assert [n.text for n in room.state.notes] == ["first", "second"]
    assert room.state.undoable() == b
    room.undo(50)
    assert [n.text for n in room.state.notes] == ["first"]
    assert room.state.undoable() == a
    assert room.state.last_seq == 6
    assert comparable(room.replayed()) == comparable(room.state)


def test_nothing_to_undo_is_refused():
    room = Room()
    assert room.state.undoable() is None  # session_started cannot be taken back
    with pytest.raises(Refused, match="nothing left to undo"):
        room.undo(5)
    room.do(ev.Noted, 5, text="x")
    room.undo(6)
    with pytest.raises(Refused, match="nothing left to undo"):
        room.undo(7)
    # an Undone pointing at something else than the latest action is refused too
    room.do(ev.Noted, 8, text="y")
    bad = commands.make(room.state, ev.Undone, at(9), target=2)
    with pytest.raises(Refused):
        commands.check(room.state, bad)


def test_undo_of_an_undone_target_in_replay_is_ignored():
    room = Room()
    room.do(ev.Noted, 10, text="a")
    room.undo(11)
    # replaying a stale undo (target no longer in effect) changes nothing
    stale = ev.Undone(seq=room.state.last_seq + 1, at=at(12), target=2)
    before = comparable(room.state)
    apply(room.state, stale)
    after = comparable(room.state)
    assert after.pop("last_seq") == before.pop("last_seq") + 1
    after.pop("last_at"), before.pop("last_at")
    assert after == before


def test_the_folds_records_are_frozen_equal_by_their_fields_hashable_and_unordered():
    """The records a state is made of (msgspec Structs, dataclasses before): what the screens,
    reports and undo rely on stays: equal by fields, hashable, no order, changed only by copy."""
    kinds = [c for m in (records, quarter_records) for c in vars(m).values()
             if isinstance(c, type) and c.__module__ == m.__name__]
    assert len(kinds) == 21 and all(c.__struct_config__.frozen for c in kinds)
    a, b = records.KeyResult(1, "x"), records.KeyResult(id=1, text="x")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1 and a != records.KeyResult(2, "x")
    assert a != records.AcceptedException(1, "x", "y") and records.Action(1, "x", None) != (1, "x", None)
    with pytest.raises(AttributeError):
        a.text = "y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        assert a < b
    assert replace(a, text="y") == records.KeyResult(1, "y") and a.text == "x"
    assert records.Cadence().peer_teams == () and records.Round(1, at(0)).votes == ()


def test_notes_the_bulk_of_a_log_are_not_tracked_by_the_collector_and_hold_only_scalars():
    """`Noted` and `Note` are `gc=False` (the collector's pass after a load walks a tenth of the
    objects): safe only while they hold nothing that could lead back to them."""
    import gc

    from msgspec import inspect

    scalars = (inspect.StrType, inspect.IntType, inspect.FloatType, inspect.BoolType, inspect.DateTimeType,
               inspect.EnumType, inspect.NoneType)
    for cls in (ev.Noted, records.Note):
        for field in inspect.type_info(cls).fields:
            kind = field.type.type if isinstance(field.type, inspect.Metadata) else field.type
            for member in kind.types if isinstance(kind, inspect.UnionType) else (kind,):
                member = member.type if isinstance(member, inspect.Metadata) else member
                assert isinstance(member, scalars), (cls, field.name, member)
    note = ev.decode_event({"kind": "noted", "at": at(1), "seq": 1, "text": "a", "type": "risk"})
    assert not gc.is_tracked(note) and not gc.is_tracked(records.Note(1, at(1), 0, "a", None, note.type))


# -- the timer, with now injected ----------------------------------------------------
def test_timer_running_warning_overtime():
    room = Room()
    room.goto(1, 0)  # grading: 10 minutes
    view = timer_view(room.state, at(60))
    assert view.mode is TimerMode.RUNNING and view.remaining == 540 and view.display == "09:00"
    assert timer_view(room.state, at(479.9)).mode is TimerMode.RUNNING
    view = timer_view(room.state, at(480.5))
    assert view.mode is TimerMode.WARNING and view.remaining == 119.5 and view.display == "02:00"
    assert view.word == "last two minutes"
    assert timer_view(room.state, at(600)).mode is TimerMode.WARNING  # exactly zero left
    view = timer_view(room.state, at(665))
    assert view.mode is TimerMode.OVERTIME and view.overtime == 65 and view.display == "+01:05"
    assert view.word == "OVERTIME"


def test_timer_short_timebox_warns_in_its_last_quarter():
    room = Room()  # readiness: 5 minutes, so the warning is the last 75 s
    assert timer_view(room.state, at(180.5)).mode is TimerMode.RUNNING
    view = timer_view(room.state, at(225))
    assert view.mode is TimerMode.WARNING and view.word == "almost done" and view.display == "01:15"


def test_timer_paused_freezes_and_resume_subtracts_the_pause():
    room = Room()
    room.do(ev.TimerPaused, 100)
    for now in (100, 200, 5000):
        view = timer_view(room.state, at(now))
        assert view.mode is TimerMode.PAUSED and view.elapsed == 100
    room.do(ev.TimerResumed, 400)  # paused for 300 s
    view = timer_view(room.state, at(450))
    assert view.mode is TimerMode.RUNNING and view.elapsed == 150 and view.remaining == 150
    room.do(ev.TimerPaused, 460)
    room.do(ev.TimerResumed, 500)
    assert timer_view(room.state, at(600)).elapsed == 600 - 300 - 40


def test_timer_extend_adds_minutes_and_resets_on_next_phase():
    room = Room()
    room.do(ev.TimerExtended, 280)
    view = timer_view(room.state, at(330))
    assert view.planned == 360 and view.extended == 1 and view.mode is TimerMode.WARNING
    assert view.remaining == 30
    room.do(ev.TimerExtended, 331, minutes=2.5)
    assert timer_view(room.state, at(331)).planned == 6 * 60 + 150
    room.goto(1, 400)
    view = timer_view(room.state, at(460))
    assert view.extended == 0 and view.planned == 600 and view.elapsed == 60


def test_timer_idle_and_finished():
    state = State(session=session_file())
    assert timer_view(state, at(10)).mode is TimerMode.IDLE
    room = Room("quick")
    room.goto(1, 50)
    room.do(ev.SessionFinished, 5530)
    view = timer_view(room.state, at(9999))
    # the session's actual duration, not the last phase's planned time ("01:00 finished")
    assert view.mode is TimerMode.FINISHED and view.elapsed == 5530
    assert view.display == "92:10" and view.word == "FINISHED"
    assert timer_view(room.replayed(), at(1)) == view, "a replay's end shows the same"


@pytest.mark.parametrize(("minutes", "text"), [
    (5, "5"), (1 / 3, "0.3"), (20 / 3, "6.7"), (12.5, "13"), (12.4, "12"), (0, "0"), (0.04, "0"),
    (9.96, "10"), (119.96, "120"), (-2.5, "-2.5"), (-0.01, "0")])
def test_minutes_are_formatted_once_for_everyone(minutes, text):
    from catchball.domain.timer import format_minutes

    assert format_minutes(minutes) == text


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0 s"), (40.4, "40 s"), (60, "1 min"), (12 * 60 + 20, "12 min"), (3600, "1 h"), (5530, "1 h 32 min")])
def test_durations_in_words(seconds, text):
    from catchball.domain.timer import format_duration

    assert format_duration(seconds) == text


def test_timer_across_a_restart_gives_the_same_figures():
    room = Room()
    room.do(ev.Noted, 30, text="x")
    room.do(ev.TimerPaused, 60)
    room.do(ev.TimerResumed, 90)
    room.do(ev.TimerExtended, 100)
    room.goto(1, 200)
    room.do(ev.TimerPaused, 250)
    for now in (at(250), at(1000)):
        restarted = room.replayed()  # the app restarting on the saved log
        assert timer_view(restarted, now) == timer_view(room.state, now)
        assert phase_timings(restarted, now) == phase_timings(room.state, now)
        assert schedule_delta(restarted, now) == schedule_delta(room.state, now)
    view = timer_view(room.replayed(), at(1000))
    assert view.mode is TimerMode.PAUSED and view.elapsed == 50
    room.do(ev.TimerResumed, 1000)
    assert timer_view(room.replayed(), at(1030)).elapsed == 80


def test_schedule_delta_counts_phases_left_and_overtime_only():
    room = Room()  # readiness 5, grading 10
    room.goto(1, 420)  # readiness took 7: 2 behind
    assert schedule_delta(room.state, at(480)) == pytest.approx(2.0)
    assert schedule_delta(room.state, at(420 + 660)) == pytest.approx(3.0)  # grading 1 over


# -- catchball rounds --------------------------------------------------------------
def _to_catchball(room: Room) -> None:
    room.goto(5, 10)
    assert room.state.current_phase.kind is PhaseKind.CATCHBALL


def test_round_one_opens_on_entering_catchball_and_notes_carry_it():
    room = Room()
    assert room.state.rounds == []
    _to_catchball(room)
    assert len(room.state.rounds) == 1 and room.state.rounds[0].opened_at == at(10)
    note = room.do(ev.Noted, 20, text="What about mobile?", by="Jonas", type="question")
    assert room.state.notes[-1].round == 1 and room.state.notes[-1].seq == note.seq
    room.goto(6, 30)
    room.goto(5, 40)  # coming back does not open another round
    assert len(room.state.rounds) == 1


def test_round_timebox_restarts_and_round_limit_is_refused():
    room = Room()
    _to_catchball(room)
    room.do(ev.RoundOpened, 100)
    assert room.state.rounds[0].closed and room.state.rounds[1].number == 2
    assert timer_view(room.state, at(160)).elapsed == 60  # the timebox restarts per round
    room.do(ev.RoundOpened, 200)
    with pytest.raises(Refused, match="3 catchball rounds"):
        room.do(ev.RoundOpened, 300)
    assert phase_timings(room.state, at(300))[5].planned_minutes == 30  # 10 x 3 rounds


def test_round_opened_outside_catchball_is_refused():
    room = Room()
    with pytest.raises(Refused, match="catchball phase"):
        room.do(ev.RoundOpened, 5)


def test_votes_validate_with_the_threshold():
    room = Room()
    _to_catchball(room)
    for who, value in (("Maya", 4), ("Jonas", 3)):
        room.do(ev.VoteCast, 20, participant=who, value=value)
    rnd = room.state.current_round
    assert rnd.vote_map() == {"Maya": 4, "Jonas": 3} and not rnd.revealed
    assert rnd.validated(3) and not rnd.validated(4)
    room.do(ev.VoteCast, 25, participant="Jonas", value=2)  # a changed vote replaces the old one
    assert room.state.current_round.vote_map() == {"Maya": 4, "Jonas": 2}
    assert not room.state.current_round.validated(room.file.agenda.validation_threshold)
    room.do(ev.VotesRevealed, 30)
    assert room.state.current_round.revealed
    room.do(ev.RoundClosed, 40)
    with pytest.raises(Refused, match="Open a catchball round"):
        room.do(ev.VoteCast, 50, participant="Maya", value=5)
    room.do(ev.RoundOpened, 60)
    assert room.state.current_round.votes == () and not room.state.current_round.validated(3)


def test_vote_values_are_fist_of_five():
    with pytest.raises(ValidationError):
        build(ev.VoteCast, seq=2, at=T0, participant="Maya", value=6)


# -- focus, key results, readiness gate ------------------------------------------------
def _objectives(room: Room) -> tuple[int, int]:
    room.goto(4, 10)
    o1 = room.do(ev.ObjectiveDrafted, 20, text="One").seq
    o2 = room.do(ev.ObjectiveDrafted, 30, text="Two").seq
    return o1, o2


def test_focus_refuses_a_second_objective():
    room = Room()
    o1, o2 = _objectives(room)
    room.goto(6, 40)
    room.do(ev.FocusChosen, 50, objective=o1)
    with pytest.raises(Refused, match="One focused objective"):
        room.do(ev.FocusChosen, 60, objective=o2)
    room.do(ev.FocusChosen, 61, objective=o1)  # choosing the same one again is fine
    room.do(ev.ObjectiveParked, 70, objective=o1, reason="not now")
    assert room.state.focus is None and room.state.parked == {o1: "not now"}
    room.do(ev.FocusChosen, 80, objective=o2)
    assert room.state.focus == o2
    with pytest.raises(Refused, match="no objective #99"):
        room.do(ev.FocusChosen, 90, objective=99)


def test_key_result_limits():
    room = Room()
    room.goto(7, 10)
    for i in range(3):
        room.do(ev.KrAdded, 20 + i, text=f"KR {i}")
    with pytest.raises(Refused, match="record why"):
        room.do(ev.KrAdded, 30, text="KR 4")
    with pytest.raises(Refused, match="record why"):
        room.do(ev.KrAdded, 30, text="KR 4", reason="   ")
    room.do(ev.KrAdded, 31, text="KR 4", reason="regulator asks for it")
    room.do(ev.KrAdded, 32, text="KR 5", reason="and this")
    with pytest.raises(Refused, match="hard limit"):
        room.do(ev.KrAdded, 33, text="KR 6", reason="please")
    assert len(room.state.key_results) == 5
    first = next(iter(room.state.key_results))
    room.do(ev.KrRemoved, 34, kr=first)
    room.do(ev.KrAdded, 35, text="KR 6", reason="room again")
    assert len(room.state.key_results) == 5


@pytest.mark.parametrize("question", ["strategy", "aligned", "empowered", "safety"])
@pytest.mark.parametrize("answer", ["no", "partly"])
def test_readiness_gate_until_overridden(question, answer):
    room = Room()
    room.do(ev.ReadinessAnswered, 10, question=question, answer=answer)
    with pytest.raises(Refused, match="Not ready"):
        room.goto(1, 20)
    with pytest.raises(Refused):
        room.goto(9, 20)
    room.do(ev.ReadinessOverridden, 30, reason="We go on and fix it in parallel")
    room.goto(1, 40)
    assert room.state.phase == 1


def test_readiness_gate_open_on_yes_and_other_questions():
    room = Room()
    room.do(ev.ReadinessAnswered, 10, question="strategy", answer="no")
    room.do(ev.ReadinessAnswered, 11, question="strategy", answer="yes")  # changed its mind
    room.do(ev.ReadinessAnswered, 12, question="trust", answer="no")  # an action question
    room.do(ev.ReadinessAnswered, 13, question="time", answer="no")  # leaders' time: an action question too
    room.goto(1, 20)
    assert room.state.phase == 1


def test_undoing_the_override_closes_the_gate_again():
    room = Room()
    room.do(ev.ReadinessAnswered, 10, question="aligned", answer="no")
    room.do(ev.ReadinessOverridden, 11, reason="go")
    room.undo(12)
    with pytest.raises(Refused):
        room.goto(1, 20)


# -- Participant.parse ------------------------------------------------------------------
@pytest.mark.parametrize(("spec", "name", "role", "team"), [
    ("Maya Okafor:leader:Checkout", "Maya Okafor", Role.LEADER, "Checkout"),
    ("Jonas:LEADER:Core", "Jonas", Role.LEADER, "Core"),
    ("  Priya : member : Search  ", "Priya", Role.MEMBER, "Search"),
])
def test_participant_parse(spec, name, role, team):
    assert Participant.parse(spec) == Participant(name=name, role=role, team=team)


@pytest.mark.parametrize(("spec", "says"), [
    ("Ana", "\u201cAna\u201d needs a role and a team: write Name:role:team, e.g. Ana:leader:Core"),
    ("Ana:leader", "\u201cAna:leader\u201d needs a team: write Name:role:team"),
    ("Leo::Search", "\u201cLeo::Search\u201d needs a role: write Name:role:team"),
    ("Aiko:member:", "needs a team"),
    ("", "\u201can empty line\u201d has no name"),
    (":leader:X", "has no name"),
    ("  :x", "has no name"),
    ("A:b:c:d", "has more than three parts"),
    ("A:boss:X", "\u201cboss\u201d is not a role: write leader or member"),
    ("x" * 201 + ":leader:Core", "name is at most 200 characters"),
    ("Ana:leader:" + "x" * 201, "team is at most 200 characters"),
])
def test_participant_parse_says_the_format(spec, says):
    with pytest.raises(ValueError) as refused:
        Participant.parse(spec)
    assert says in str(refused.value)


# -- agenda templates -------------------------------------------------------------------
def test_quarterly_agenda():
    agenda = load_agenda("quarterly")
    assert [p.kind.value for p in agenda.phases] == [
        "readiness", "grading", "retro", "winning_logic", "draft", "catchball", "focus",
        "key_results", "backbrief", "commitments"]
    assert [p.minutes for p in agenda.phases] == [5, 10, 30, 15, 10, 10, 10, 20, 15, 5]
    assert agenda.phases[5].rounds == 3
    assert all(p.rounds == 1 for i, p in enumerate(agenda.phases) if i != 5)
    assert agenda.validation_threshold == 3


def test_quick_agenda_same_phases_short_minutes():
    quick, quarterly = load_agenda("quick"), load_agenda("quarterly")
    assert [p.kind for p in quick.phases] == [p.kind for p in quarterly.phases]
    assert all(1 <= p.minutes <= 2 for p in quick.phases)
    assert {"quarterly", "quick"} <= set(agenda_names())


def test_agenda_errors_are_one_sentence(tmp_path):
    with pytest.raises(AgendaError, match="No agenda 'nope'"):
        load_agenda("nope")
    # a .toml path that is not there is named as a missing file (as for scenarios), not as an unknown agenda
    with pytest.raises(AgendaError, match="missing.toml: no such file"):
        load_agenda(str(tmp_path / "missing.toml"))
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[phases]]\nkind = "dance"\nminutes = 5\n', encoding="utf-8")
    with pytest.raises(AgendaError) as info:
        load_agenda(str(bad))
    assert str(bad) in str(info.value) and "phases.0.kind" in str(info.value) and "\n" not in str(info.value)


# -- readiness follow-ups ----------------------------------------------------------------
def test_an_action_covers_the_question_it_names_not_the_first_one_waiting():
    from catchball.domain.readiness import follow_ups

    room = Room()
    room.do(ev.ReadinessAnswered, 1, question="overload", answer="no")
    room.do(ev.ReadinessAnswered, 2, question="trust", answer="partly")
    action = room.do(ev.ActionRecorded, 3, text="Leaders join the Friday demo", question="trust", owner="Ana")
    missing, questions = follow_ups(room.state)
    assert missing == [ev.ReadinessQuestion.OVERLOAD]
    assert questions == {action.seq: ev.ReadinessQuestion.TRUST}


def test_actions_of_older_logs_without_a_question_cover_the_waiting_questions_in_order():
    from catchball.domain.readiness import follow_ups
    from catchball.domain.report import build_report

    room = Room()
    room.do(ev.ReadinessAnswered, 1, question="overload", answer="no")
    room.do(ev.ReadinessAnswered, 2, question="trust", answer="no")
    first = room.do(ev.ActionRecorded, 3, text="Stop one migration")
    missing, questions = follow_ups(room.state)
    assert missing == [ev.ReadinessQuestion.TRUST] and questions == {first.seq: ev.ReadinessQuestion.OVERLOAD}
    second = room.do(ev.ActionRecorded, 4, text="Stop one migration")  # the same words twice
    missing, questions = follow_ups(room.state)
    assert missing == [] and questions[second.seq] is ev.ReadinessQuestion.TRUST
    report = build_report(room.state)
    assert [a["question"] for a in report["readiness"]["actions"]] == ["overload", "trust"]


def test_grading_keeps_its_timebox_other_phases_can_be_extended():
    room = Room()
    room.do(ev.TimerExtended, 10)  # readiness: one more minute is fine
    room.goto(1, 60)
    assert room.state.current_phase.kind is PhaseKind.GRADING
    with pytest.raises(Refused, match="retrospective"):
        room.do(ev.TimerExtended, 70)
    room.goto(2, 600)
    room.do(ev.TimerExtended, 610)  # the retro itself may run over


def test_every_event_type_has_a_fold_handler() -> None:
    """The fold dispatches on the event's type through a table: a new event type without a
    handler would be silently ignored by every replay."""
    from catchball.domain import events as ev
    from catchball.domain.handlers import _HANDLERS

    unhandled = {kind for kind, cls in ev.EVENT_TYPES.items() if cls not in _HANDLERS}
    assert unhandled == {"undone"}  # undo is the fold's own business (domain.fold.apply)


# -- readiness: every prerequisite has a consequence -------------------------------------------
def test_every_readiness_question_is_a_gate_or_asks_for_an_action_and_old_ids_stay_valid():
    from catchball.domain.model import ACTION_QUESTIONS, GATE_QUESTIONS, READINESS_SHORT, READINESS_TEXT
    from catchball.domain.readiness import CONSEQUENCE

    questions = list(ev.ReadinessQuestion)
    # ids written in older logs keep their meaning (new questions only ever come after them)
    assert [q.value for q in questions[:6]] == ["strategy", "aligned", "empowered", "safety", "overload", "trust"]
    assert set(GATE_QUESTIONS) | set(ACTION_QUESTIONS) == set(questions)
    assert not set(GATE_QUESTIONS) & set(ACTION_QUESTIONS)
    assert set(GATE_QUESTIONS) == {ev.ReadinessQuestion(q) for q in ("strategy", "aligned", "empowered", "safety")}
    assert ev.ReadinessQuestion.TIME in ACTION_QUESTIONS, "leaders' time is asked"
    assert "competen" in READINESS_TEXT[ev.ReadinessQuestion.TRUST] or "do the work" in READINESS_TEXT[
        ev.ReadinessQuestion.TRUST], "trust asks about people trusted to do the work"
    for q in questions:
        assert READINESS_TEXT[q].endswith("?") and READINESS_SHORT[q] and CONSEQUENCE[q]
    first = READINESS_TEXT[ev.ReadinessQuestion.STRATEGY].lower()
    assert "how we win" in first and "contest" in first and "written down" not in first


def test_an_unowned_follow_up_action_is_refused():
    room = Room()
    room.do(ev.ReadinessAnswered, 1, question="time", answer="no")
    with pytest.raises(Refused, match="owner"):
        room.do(ev.ActionRecorded, 2, text="Keep Monday 9:00 free", question="time")
    room.do(ev.ActionRecorded, 2, text="Keep Monday 9:00 free", question="time", owner="Gwen")


def test_leaving_readiness_asks_about_gaps_and_unanswered_gate_questions():
    from catchball.domain.leaving import leave_ask

    room = Room()
    ask = leave_ask(room.state, at(5))
    assert ask is not None and ask.records == "readiness_overridden" and not ask.can_stop
    assert "shared strategy" in ask.heading and "safe to fail" in ask.heading
    for n, q in enumerate(("strategy", "aligned", "empowered")):
        room.do(ev.ReadinessAnswered, 1 + n, question=q, answer="yes")
    ask = leave_ask(room.state, at(5))
    assert ask is not None and "safe to fail" in ask.heading and "shared strategy" not in ask.heading
    room.do(ev.ReadinessAnswered, 6, question="safety", answer="partly")
    ask = leave_ask(room.state, at(7))
    assert ask.can_stop and ask.heading.startswith("Not ready") and "bad news" in ask.explanation
    room.do(ev.ReadinessAnswered, 8, question="safety", answer="yes")
    assert leave_ask(room.state, at(9)) is None, "all gates answered yes: nothing to ask"
    room.do(ev.ReadinessAnswered, 10, question="overload", answer="no")
    assert leave_ask(room.state, at(11)) is None, "an action question does not hold the gate"


def test_leaving_the_retro_before_half_its_time_asks_and_the_reason_is_undoable():
    from catchball.domain.leaving import leave_ask

    room = Room()
    room.do(ev.ReadinessOverridden, 1, reason="rehearsal")
    room.goto(1, 2)
    room.goto(2, 60)  # retro: 30 minutes planned
    assert leave_ask(room.state, at(61)) is None, "nothing from last quarter: nothing to cut short"
    room.do(ev.PriorKrAdded, 61, text="Raise repeat orders from 52% to 60%")
    ask = leave_ask(room.state, at(60 + 14 * 60))
    assert ask is not None and ask.records == "phase_left_early" and "14:00 of 30:00" in ask.heading
    with pytest.raises(Refused):
        room.do(ev.PhaseLeftEarly, 60 + 14 * 60, phase=2, reason="  ")
    room.do(ev.PhaseLeftEarly, 60 + 14 * 60, phase=2, reason="The room is needed elsewhere")
    assert [(x.phase, x.reason) for x in room.state.early_exits] == [(2, "The room is needed elsewhere")]
    room.undo(60 + 14 * 60 + 1)
    assert room.state.early_exits == []
    assert leave_ask(room.state, at(60 + 15 * 60)) is None, "half the timebox used: no question"
