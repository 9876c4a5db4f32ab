"""A participant's own screen (`catchball join`): the phase, its question, the objective, the clock,
and a line to contribute from, each item marked recorded, refused (with the rule's sentence) or waiting.

Printable keys always write text into the line; F3 picks the kind of contribution, F4 opens
the private fist-of-five vote, F5 the dot vote in the focus phase, F6 a key result's check-in
(confidence, value, why) in a weekly check-in's values phase. Other people's votes are
never shown before the facilitator reveals them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Label, RichLog, Static

from ...domain.agenda import PhaseKind
from ...domain.model import ContributionType
from ...domain.quarter import current_okr
from ...domain.rounds import objective_number, round_about
from ...domain.text import one_line
from ...domain.timer import timer_view
from ...services.participant import RECORDED, REFUSED, WAITING, Participant, describe
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

KINDS = list(ContributionType)
MARK = {RECORDED: "✔ recorded", REFUSED: "✗ refused", WAITING: "… waiting", "taken back": "↶ taken back"}


class ParticipantScreen(Screen):
    CSS_PATH = str(Path(__file__).with_name("participant_screen.tcss"))
    BINDINGS = [
        Binding("f3", "kind(1)", "Kind"),
        Binding("shift+f3", "kind(-1)", "Kind", show=False),
        Binding("f4", "vote", "Vote"),
        Binding("f5", "dots", "Dots"),
        Binding("f6", "check_in", "Check in"),
    ]

    def __init__(self, participant: Participant, clock: Any) -> None:
        super().__init__()
        self.participant = participant
        self.clock = clock
        self.kind = 0
        self._shown_items: list[tuple] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="p-main"):
            yield Static(id="p-phase", markup=False)
            yield Static(id="p-prompt", markup=False)
            yield Static(id="p-objective", markup=False)
            yield Static(id="p-room", markup=False)
            yield RichLog(id="p-items", wrap=True, markup=False, highlight=False, min_width=8)
        with Horizontal(id="p-capture"):
            yield Label(id="p-kind", markup=False)
            yield Input(id="p-input", placeholder="What do you want the room to hear? Enter sends it",
                        select_on_focus=False, max_length=20_000)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.participant.state.session.session.title
        self.sub_title = f"you are {self.participant.name}"
        self.query_one("#p-items", RichLog).border_title = "Your items"
        self._paint_kind()
        self.render_all()
        self.query_one("#p-input", Input).focus()
        self.set_interval(0.5, self.poll)
        self.set_interval(1.0, self._paint_phase)

    # -- following the room ----------------------------------------------------------------
    def poll(self) -> None:
        if self.participant.poll():
            self.render_all()

    def render_all(self) -> None:
        self._paint_phase()
        state = self.participant.state
        self.query_one("#p-prompt", Static).update(Content(state.current_phase.prompt))
        self.query_one("#p-objective", Static).update(self._objective())
        self.query_one("#p-room", Static).update(self._room())
        self._paint_items()

    def _paint_phase(self) -> None:
        state = self.participant.state
        phase = state.current_phase
        title = f"{state.phase + 1}/{len(state.session.agenda.phases)}  {phase.label}"
        if phase.kind is PhaseKind.CATCHBALL and state.rounds:
            title += f" · round {state.rounds[-1].number} of {phase.rounds}"
        if state.finished:
            clock = "session finished"
        else:
            view = timer_view(state, self.clock.now())
            clock = f"{view.display} {view.word}"
        self.query_one("#p-phase", Static).update(Content(f"{title}  ·  {clock}"))

    def _objective(self) -> Content:
        state = self.participant.state
        if state.focus is not None and state.focus in state.objectives:
            obj = state.objectives[state.focus]
            return Content(f"◆ Focus (v{len(obj.versions)}): {one_line(obj.text, 300)}")
        live = [o for o in state.objectives.values() if o.id not in state.parked]
        okr = current_okr(state)
        if not live and okr is not None and okr.objective:  # a weekly check-in: the quarter's objective
            return Content(f"◆ The quarter's objective: {one_line(okr.objective, 300)}")
        if not live:
            return Content("No objective on the table yet.")
        return Content("\n").join(Content(f"Objective {objective_number(state, o.id)} (v{len(o.versions)}): "
                                          f"{one_line(o.text, 300)}") for o in live[:3])

    def _room(self) -> Content:
        p = self.participant
        state = p.state
        lines = []
        if not p.admitted:
            lines.append("You are not on this session's list: the facilitator has been asked to admit you. "
                         "Nothing is sent until then.")
        if state.phase in state.anonymous:
            lines.append("This phase is anonymous: your items are recorded without your name.")
        if state.current_phase.kind is PhaseKind.CATCHBALL and state.current_round is not None:
            rnd = state.current_round
            lines.append(f"Round {rnd.number} discusses {one_line(round_about(state, rnd), 300)}.")
            mine = p.my_vote()
            if rnd.revealed and rnd.votes:
                shown = ", ".join(f"{one_line(n, 40)} {v}" for n, v in rnd.votes)
                lines.append(f"Fist of five, revealed: {shown}")
            elif rnd.closed:
                lines.append("The round is closed.")
            else:
                yours = f"your vote: {mine} (only you see it until it is revealed)" if mine is not None \
                    else "you have not voted"
                lines.append(f"Fist of five, round {rnd.number}: {yours}. F4 votes.")
        if state.current_phase.kind is PhaseKind.FOCUS:
            mine = p.my_dots()
            lines.append(f"Dot vote: {sum(mine.values())} of your dots placed. F5 places them.")
        if state.current_phase.kind is PhaseKind.VALUES:
            lines.append("Key results: F6 sends how sure you are of one (1-10), and its value if you have it.")
        waiting = p.waiting()
        if waiting > 3:
            lines.append(f"{waiting} of your items wait: the room takes a few a second from each person, "
                         "so they are queued in order, none lost.")
        return Content("\n".join(lines))

    def _paint_items(self) -> None:
        rows = [(s.item.id, s.status, s.detail) for s in self.participant.statuses()[-50:]]
        if rows == self._shown_items:
            return
        self._shown_items = rows
        log = self.query_one("#p-items", RichLog)
        log.clear()
        for status in self.participant.statuses()[-50:]:
            line = f"{MARK[status.status]}  {one_line(describe(status.item, self.participant.state), 200)}"
            if status.detail:
                line += f" — {one_line(status.detail, 300)}"
            log.write(Text(line))
        log.scroll_end(animate=False)

    # -- sending ---------------------------------------------------------------------------------
    def _paint_kind(self) -> None:
        self.query_one("#p-kind", Label).update(Content(f"{KINDS[self.kind].value} ▸"))

    def action_kind(self, step: int) -> None:
        self.kind = (self.kind + step) % len(KINDS)
        self._paint_kind()

    def _can_send(self) -> bool:
        if not self.participant.admitted:
            self.notify("Not sent: the facilitator has not admitted you yet.", severity="warning")
            return False
        return True

    def _sent(self, what) -> None:
        try:
            what()
        except OSError as exc:
            self.notify(Content(f"Not sent: {exc.strerror or exc}."), severity="error", timeout=8)
            return
        self._paint_items()

    @on(Input.Submitted, "#p-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text or not self._can_send():
            return
        self._sent(lambda: self.participant.send_note(text, KINDS[self.kind], self.clock.now()))
        event.input.value = ""

    def action_vote(self) -> None:
        from .vote_screen import VoteScreen

        if not self._can_send():
            return

        def chosen(value: int | None) -> None:
            if value is not None:
                self._sent(lambda: self.participant.vote(value, self.clock.now()))

        self.app.push_screen(VoteScreen(self.participant.my_vote()), chosen)

    def action_check_in(self) -> None:
        from .checkin_screen import CheckinScreen

        state = self.participant.state
        okr = current_okr(state)
        if state.current_phase.kind is not PhaseKind.VALUES or okr is None or not okr.key_results:
            self.notify("Key results are checked in during a weekly check-in's values phase.", severity="warning")
            return
        if not self._can_send():
            return

        def chosen(got) -> None:
            if got is not None:
                kr, confidence, text = got
                self._sent(lambda: self.participant.check_in(kr, confidence, text, self.clock.now()))

        self.app.push_screen(CheckinScreen(state, list(okr.key_results)), chosen)

    def action_dots(self) -> None:
        from .dots_screen import DotsScreen

        if self._can_send():
            self.app.push_screen(DotsScreen(self.participant, self.clock))
