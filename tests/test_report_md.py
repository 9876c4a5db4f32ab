"""The Markdown report: everything a reader needs, and user text that can never change its structure.

Every user text of a session is set to one hostile string (../shared/naughty/blns.json),
the report is parsed with markdown-it (the parser Textual's Markdown widget uses), and its
token structure must be that of the same session with a plain word, with the text reading
back exactly as typed (on one line, control and bidi characters made visible).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from _shared import BLNS_PATH
from markdown_it import MarkdownIt

from catchball.domain import commands
from catchball.domain import events as ev
from catchball.domain.fold import apply
from catchball.domain.model import Participant, Role, SessionFile, SessionInfo
from catchball.domain.report import build_report
from catchball.domain.report_md import md, render_markdown, shown
from catchball.domain.state import State
from catchball.store.agendas import load_agenda

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
PLAIN = "Zq"
PARSERS = {"gfm-like": MarkdownIt("gfm-like"), "commonmark": MarkdownIt("commonmark").enable("table")}


def session_with(text: str, title: str | None = None) -> State:
    """A finished session in which every user text (and a team name) is `text`."""
    file = SessionFile(
        session=SessionInfo(schema=1, id="t", title=title or text, created=T0),
        agenda=load_agenda("quick"),
        participants=(Participant(name="Ana", role=Role.LEADER, team=text), Participant(name="Ben", team="Core")))
    state = State(session=file)
    clock = iter(range(0, 10_000, 30))

    def do(cls, **fields):
        event = commands.make(state, cls, T0 + timedelta(seconds=next(clock)), **fields)
        commands.check(state, event)
        apply(state, event)
        return event

    do(ev.SessionStarted)
    do(ev.ReadinessAnswered, question="empowered", answer="partly", note=text)
    do(ev.ReadinessOverridden, reason=text)
    do(ev.ActionRecorded, text=text, owner="Ana", question="overload")
    do(ev.PhaseChanged, phase=1)
    prior = do(ev.PriorKrAdded, text=text, source="typed")
    do(ev.KrGraded, kr=prior.seq, grade=0.5)
    do(ev.PhaseChanged, phase=2)
    do(ev.RetroNoted, kr=prior.seq, field="why", text=text)
    do(ev.PhaseLeftEarly, phase=2, reason=text)
    do(ev.PhaseChanged, phase=3)
    win = do(ev.WinningLogicAdded, element="serve", text=text)
    do(ev.PhaseChanged, phase=4)
    first = do(ev.ObjectiveDrafted, text=text, links=[win.seq])
    second = do(ev.ObjectiveDrafted, text="Another objective", links=[])
    do(ev.PhaseChanged, phase=5)
    do(ev.ObjectiveRevised, objective=first.seq, text=text)
    do(ev.VoteCast, participant="Ana", value=4)
    do(ev.PhaseChanged, phase=6)
    do(ev.DotsCast, objective=first.seq, dots=3)
    do(ev.FocusChosen, objective=first.seq)
    do(ev.ObjectiveParked, objective=second.seq, reason=text)
    do(ev.PhaseChanged, phase=7)
    kr = do(ev.KrAdded, text=text, metric=text, baseline=text, target=text, owner=text)
    do(ev.ExceptionAccepted, kr=kr.seq, code="activity", reason=text)
    do(ev.PhaseChanged, phase=8)
    do(ev.BackBriefGiven, team=text, words=text, how=text, dependencies=text, worries=text)
    do(ev.BackBriefMarked, team=text, matches=True)
    do(ev.PhaseChanged, phase=9)
    do(ev.CommitmentMade, team=text, text=text)
    do(ev.CadenceSet, checkin=text, celebration=text, peer_teams=[text])
    do(ev.Noted, text=text, by="Ana")
    do(ev.SessionFinished)
    return state


def markdown_of(state: State) -> str:
    report = build_report(state)
    report["objective_findings"] = []  # the coach's findings differ with the text; their escaping is md() too
    for kr in report["key_results"]:
        kr["findings"], kr["serves"] = [], None
    return render_markdown(report)


def structure(tokens) -> list[tuple]:
    return [(t.type, t.tag, t.nesting, t.level, tuple(c.type for c in t.children or ())) for t in tokens]


def inline_texts(tokens) -> list[str]:
    return ["".join(c.content for c in t.children or ()) for t in tokens if t.type == "inline"]


def _naughty() -> list[str]:
    if not BLNS_PATH.is_file():
        pytest.skip(f"the naughty strings are not at {BLNS_PATH}")
    strings = json.loads(BLNS_PATH.read_text(encoding="utf-8"))
    # a name or team must have a visible character; blank texts cannot be recorded as words
    return [s for s in strings if shown(s).strip() and len(s) <= 200]


@pytest.mark.parametrize("parser", PARSERS)
def test_no_naughty_string_changes_the_report_s_structure(parser):
    md_it = PARSERS[parser]
    plain_tokens = md_it.parse(markdown_of(session_with(PLAIN)))
    expected_structure = structure(plain_tokens)
    plain_texts = inline_texts(plain_tokens)
    changed = []
    for text in _naughty():
        tokens = md_it.parse(markdown_of(session_with(text)))
        if structure(tokens) != expected_structure:
            changed.append(("structure", text))
        elif inline_texts(tokens) != [t.replace(PLAIN, shown(text)) for t in plain_texts]:
            changed.append(("text", text))
    assert not changed, f"{len(changed)} strings changed the report, e.g. {changed[:5]}"


@pytest.mark.parametrize(("text", "seen"), [
    ("# Raise NPS", "# Raise NPS"),
    ("1. Grow", "1. Grow"),
    ("&lt;b&gt;", "&lt;b&gt;"),
    ("<b>bold</b> <script>x</script>", "<b>bold</b> <script>x</script>"),
    ("a | b `c` *d* _e_ [f](g) ~~h~~", "a | b `c` *d* _e_ [f](g) ~~h~~"),
    ("> quoted", "> quoted"),
    ("- item", "- item"),
    ("+ item", "+ item"),
    ("---", "---"),
    ("see https://example.com and www.example.org", "see https://example.com and www.example.org"),
    ("write to a@b.com", "write to a@b.com"),
    ("abc\u202edef", "abc\\u202edef"),
    ("two\nlines", "two lines"),
])
def test_a_key_result_reads_back_as_typed(text, seen):
    tokens = PARSERS["gfm-like"].parse(f"1. {md(text)}\n   - baseline: {md(text)}\n\n# {md(text)}\n")
    assert [t.type for t in tokens if t.nesting != -1 and t.type != "inline"] == [
        "ordered_list_open", "list_item_open", "paragraph_open", "bullet_list_open", "list_item_open",
        "paragraph_open", "heading_open"]
    texts = inline_texts(tokens)
    assert texts == [seen, f"baseline: {seen}", seen]
    html = PARSERS["gfm-like"].render(f"{md(text)}\n")
    assert "<b>" not in html and "<script>" not in html and "<a " not in html


def test_the_report_carries_what_a_reader_needs():
    state = session_with("Core team")
    text = render_markdown(build_report(state))
    assert "*Participants:* Ana (leader, Core team), Ben (member, Core)" in text
    assert "*Date:* 2026-11-22 09:00 UTC to 09:16 UTC · *duration:* 16 min" in text
    assert "   - how: Core team" in text and "   - depends on: Core team" in text
    assert "   - worries: Core team" in text
    assert "## Dot votes\n\n- 3 dots: Core team" in text
    assert "linked to Who we serve: Core team" in text


def test_the_objective_s_history_ends_on_the_focused_one():
    """The focused objective was drafted first and a parked one after it: the history still ends on the focus."""
    state = session_with("Core team")
    report = build_report(state)
    lines = render_markdown(report).split("## How the objective evolved")[1].split("\n## ")[0].strip().splitlines()
    focused = report["focused_objective"]
    assert lines[-1].endswith(md(focused))
    assert [line for line in lines if line.startswith("- Objective")] == [
        "- Objective 1 (parked), linked to nothing (disconnected)",
        "- Objective 2 (focused), linked to Who we serve: Core team"]


def test_what_is_left_open_is_in_the_report_as_on_the_screen():
    from catchball.domain.session_end import end_summary

    state = session_with("Core team")
    report = build_report(state)
    assert report["open_at_the_end"] == list(end_summary(state, state.finished_at).gaps)
    assert report["open_at_the_end"] == ["No back-brief from Core.", "No commitment for this week from Core."]
    text = render_markdown(report)
    assert "## Left open at the end\n\n- No back-brief from Core.\n- No commitment for this week from Core." in text


def test_why_the_room_left_a_phase_early_is_in_both_reports():
    """A recorded reason for leaving the retro early was in the log only (found by the tmux check)."""
    report = build_report(session_with("A rehearsal, the real one is Monday"))
    retro = [p for p in report["phases"] if p["kind"] == "retro"]
    assert [p["left_early"] for p in retro] == ["A rehearsal, the real one is Monday"]
    assert all(p["left_early"] is None for p in report["phases"] if p["kind"] != "retro")
    text = markdown_of(session_with("A rehearsal, the real one is Monday"))
    assert "## Left before its time" in text and "A rehearsal, the real one is Monday" in text
