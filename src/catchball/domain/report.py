"""The report of a session: a dict for JSON, and Markdown to send to the room the same day."""

from __future__ import annotations

from datetime import datetime

from .model import READINESS_TEXT, WINNING_TEXT
from .quarter_report import checkin_report
from .readiness import follow_ups
from .record import to_json
from .rounds import objective_label, objective_vote, verdict
from .session_end import end_summary
from .state import State
from .timer import phase_timings, schedule_delta, session_seconds


def _minutes(value: float) -> float:
    return round(value, 1)


def findings_dict(f) -> dict:
    """A finding as the report gives it: its code, level (severity), message, question and span,
    and whether the room kept it on purpose, with the reason."""
    return f.to_dict() | {"accepted": f.kept is not None}


def coach_report(state: State) -> dict:
    """The coach's findings for the report: the same function the live panel calls."""
    from .coach import coach_state  # the coach; imported late to keep the report light

    coached = coach_state(state)
    return {
        "objective": [findings_dict(f) for f in coached.objective],
        "key_results": {kr_id: [findings_dict(f) for f in fs] for kr_id, fs in coached.key_results.items()},
        "serves": coached.serves,
    }


def _grade(state: State, kr) -> dict:
    """A grade; for a key result the check-ins measured, also what the numbers proposed and whether
    the room confirmed that (`from_numbers`) or set the grade by hand."""
    entry = {"kr": kr.text, "grade": state.grades.get(kr.id)}
    if kr.proposed_grade is not None:
        entry.update(proposed=kr.proposed_grade, last_value=kr.last_value,
                     from_numbers=kr.id in state.from_numbers if kr.id in state.grades else None)
    return entry


def build_report(state: State, now: datetime | None = None) -> dict:
    info = state.session.session
    now = now or state.finished_at or state.last_at or info.created
    objectives = state.objectives
    _, action_questions = follow_ups(state)
    coach = coach_report(state)
    left_early = {exit.phase: exit.reason for exit in state.early_exits}  # why the room left a box early
    return {
        "title": info.title,
        "level": info.level.value,
        "mode": info.mode.value,
        "created": info.created.isoformat(),
        "started_at": state.started_at.isoformat() if state.started_at else None,
        "finished_at": state.finished_at.isoformat() if state.finished_at else None,
        "finished": state.finished,
        "duration_minutes": _minutes(session_seconds(state, now) / 60.0),
        "schedule_delta_minutes": _minutes(schedule_delta(state, now)),
        "participants": [to_json(p) for p in state.session.participants],
        "phases": [
            {"kind": state.session.agenda.phases[t.index].kind.value, "title": t.label,
             "planned_minutes": _minutes(t.planned_minutes), "actual_minutes": _minutes(t.actual_minutes),
             "visited": t.visited, "left_early": left_early.get(t.index)}
            for t in phase_timings(state, now)
        ],
        "readiness": {
            "answers": [{"question": a.question.value, "text": READINESS_TEXT[a.question],
                         "answer": a.answer.value, "note": a.note} for a in state.readiness.values()],
            "override": state.override,
            "actions": [{"text": a.text, "owner": a.owner,
                         "question": q.value if (q := action_questions.get(a.seq)) else None}
                        for a in state.actions],
            "carried_actions": [{"text": a.text, "owner": a.owner, "done": i in state.carried_done}
                                for i, a in enumerate(state.session.carried.actions)],
        },
        "grades": [_grade(state, kr) for kr in state.prior_krs.values()],
        "retro": [{"kr": state.prior_krs[r.kr].text if r.kr in state.prior_krs else None,
                   "field": r.field, "text": r.text} for r in state.retro],
        "winning_logic": [{"element": w.element.value, "label": WINNING_TEXT[w.element], "text": w.text}
                          for w in state.winning.values()],
        "objective_versions": [
            {"objective": o.id, "links": [state.winning[i].text for i in o.links if i in state.winning],
             "link_labels": [WINNING_TEXT[state.winning[i].element] for i in o.links if i in state.winning],
             "status": "focused" if o.id == state.focus else "parked" if o.id in state.parked else "candidate",
             "vote": objective_vote(state, o.id) if state.rounds else None,
             "versions": [{"round": v.round, "text": v.text, "at": v.at.isoformat()} for v in o.versions]}
            for o in objectives.values()
        ],
        "votes": [{"round": r.number, "objective": objectives[r.objective].text if r.objective in objectives else None,
                   "about": objective_label(state, r.objective) if r.objective in objectives else None, "votes": dict(r.votes), "revealed": r.revealed,
                   "validated": verdict(r, state.session.agenda.validation_threshold).validated}
                  for r in state.rounds],
        "dots": {objectives[i].text: n for i, n in state.dots.items() if i in objectives},
        "focused_objective": objectives[state.focus].text if state.focus in objectives else None,
        "objective_findings": coach["objective"],
        "parking_lot": [{"objective": objectives[i].text, "reason": why}
                        for i, why in state.parked.items() if i in objectives],
        "key_results": [
            {"text": kr.text, "metric": kr.metric, "baseline": kr.baseline, "target": kr.target,
             "owner": kr.owner, "confidence": kr.confidence, "weekly": kr.weekly, "reason": kr.reason,
             "read_from_text": list(kr.from_text),
             "serves": coach["serves"].get(kr.id),
             "findings": coach["key_results"].get(kr.id, []),
             "exceptions": [{"code": x.code, "reason": x.reason} for x in state.exceptions if x.kr == kr.id]}
            for kr in state.key_results.values()
        ],
        "back_briefs": [{"team": b.team, "words": b.words, "how": b.how, "dependencies": b.dependencies,
                         "worries": b.worries, "matches": b.matches} for b in state.backbriefs.values()],
        "commitments": {
            "this_week": [{"team": c.team, "text": c.text} for c in state.commitments],
            "checkin": state.cadence.checkin if state.cadence else None,
            "celebration": state.cadence.celebration if state.cadence else None,
            "peer_teams": list(state.cadence.peer_teams) if state.cadence else [],
        },
        "notes": [{"phase": state.session.agenda.phases[n.phase].kind.value, "by": n.by, "type": n.type.value,
                   "round": n.round, "text": n.text, "at": n.at.isoformat()} for n in state.notes],
        "checkin": checkin_report(state),
        "open_at_the_end": list(end_summary(state, now).gaps),
        "feedback": ({"text": state.feedback.text, "repaired": list(state.feedback.repaired),
                      "remaining": list(state.feedback.remaining)} if state.feedback else None),
    }
