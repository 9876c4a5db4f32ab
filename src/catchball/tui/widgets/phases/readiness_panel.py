"""Phase 1, readiness: the prerequisite questions, the gate, and the follow-up actions.

Panel keys (none of them a letter): up/down pick a question (Tab gets there from the capture
line), F4 / F5 / F6 answer it yes / partly / no, from the capture line too. The capture line's
text becomes the picked question's note; while overload, trust or leaders' time is "no" or
"partly" without an action, it asks for that action and its owner (F2 picks who). The rules
and their wording live in domain.readiness. Below the questions, the actions the quarter before
carried here: down picks one, F7 marks it done (again: open again), an event ctrl+z takes back.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.model import (
    ACTION_QUESTIONS,
    READINESS_SHORT,
    READINESS_TEXT,
    Answer,
    CarriedItem,
    ReadinessQuestion,
)
from ....domain.readiness import CONSEQUENCE, WEAK, follow_ups, gate_gaps, unanswered_gates
from ....domain.state import State
from ....domain.text import one_line
from ..capture_target import Target
from ..list_panel import ListPanel
from .carried_rows import item_line

QUESTIONS = list(ReadinessQuestion)
SHORT = READINESS_SHORT
MARK: dict[Answer | None, str] = {
    Answer.YES: "✓ yes   ", Answer.PARTLY: "~ partly", Answer.NO: "✗ no    ", None: "· ?     ",
}
class ReadinessPanel(ListPanel):
    kind = PhaseKind.READINESS
    BINDINGS = [
        Binding("up", "move(-1)", "Question", show=False),
        Binding("down", "move(1)", "Question", show=False),
        Binding("f4", "answer('yes')", "Yes"),
        Binding("f5", "answer('partly')", "Partly"),
        Binding("f6", "answer('no')", "No"),
        Binding("f7", "carried_done", "Done"),
    ]

    def __init__(self, state: State, read_only: bool = False, **kwargs) -> None:
        super().__init__(state, read_only=read_only, **kwargs)
        self.selected = 0

    # -- keys ----------------------------------------------------------------------
    @property
    def question(self) -> ReadinessQuestion | None:
        """The picked question (None while an action carried from last quarter is picked)."""
        return QUESTIONS[self.selected] if self.selected < len(QUESTIONS) else None

    @property
    def carried(self) -> tuple[CarriedItem, ...]:
        return self.state.session.carried.actions

    @property
    def carried_pick(self) -> int | None:
        """The carried action picked, by its place in `session.carried.actions`."""
        i = self.selected - len(QUESTIONS)
        return i if 0 <= i < len(self.carried) else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "carried_done" and not self.carried:
            return False  # nothing carried: no F7 in the footer
        return super().check_action(action, parameters)

    def action_move(self, step: int) -> None:
        self.selected = max(0, min(len(QUESTIONS) + len(self.carried) - 1, self.selected + step))
        self.render_state()

    def action_carried_done(self) -> None:
        i = self.carried_pick
        if i is None:
            if self.carried:
                self.notify("F7 marks an action carried from last quarter done: pick it with ↓ first.", timeout=4)
            return
        fields = {"action": i, "text": self.carried[i].text, "done": i not in self.state.carried_done}
        if not self.read_only:  # not self.command(): its own `done` is what to say once recorded
            self.post_message(self.Commanded([(ev.CarriedActionDone, fields)]))

    def action_answer(self, answer: str) -> None:
        q = self.question
        if q is None:
            self.notify("F4, F5 and F6 answer a question: pick one with ↑ first.", timeout=4)
            return
        old = self.state.readiness.get(q)
        note = old.note if old else None
        self.command(ev.ReadinessAnswered, question=q.value, answer=answer, note=note)
        if self.selected < len(QUESTIONS) - 1:
            self.selected += 1
        self.render_state()

    # -- the capture line -------------------------------------------------------------
    def default_target(self) -> Target:
        target = self._action_target()
        if target is not None:
            return Target(("readiness-action", target.value), f"action for {SHORT[target]}",
                          f"Action for {SHORT[target]}: what will we do? F2 picks its owner, Enter records it",
                          lambda text, by, kind: [(ev.ActionRecorded, {"text": text, "owner": by,
                                                                       "question": target.value})])
        q = self.question
        if q is None or q not in self.state.readiness:
            return super().default_target()
        return Target(("readiness-note", q.value), f"note on {SHORT[q]}",
                      f"Note on {SHORT[q]}: Enter records it (Tab: the panel, pick another)",
                      lambda text, by, kind: self._note(q, text))

    def _note(self, q: ReadinessQuestion, text: str):
        answered = self.state.readiness.get(q)
        if answered is None:
            return [(ev.Noted, {"text": text})]
        return [(ev.ReadinessAnswered, {"question": q.value, "answer": answered.answer.value, "note": text})]

    def _action_target(self) -> ReadinessQuestion | None:
        """The question the capture line's text is an action for: the picked one when it needs
        one, else the first that does (while an action question is picked)."""
        missing, _ = follow_ups(self.state)
        if not missing or self.question is None or self.question not in ACTION_QUESTIONS:
            return None
        return self.question if self.question in missing else missing[0]

    # -- drawing ---------------------------------------------------------------------
    def render_state(self) -> None:
        if not self.is_mounted:
            return
        style = self.get_visual_style
        missing, questions = follow_ups(self.state)
        gaps = gate_gaps(self.state)
        rows: list[Content] = []
        for i, q in enumerate(QUESTIONS):
            answer = self.state.readiness.get(q)
            value = answer.answer if answer else None
            flag = " "
            if q in gaps:
                flag = "⚠"
            elif q in missing:
                flag = "⚑"
            line = Content.assemble(
                "▸ " if i == self.selected else "  ", (MARK[value], style("phase--good" if value is Answer.YES
                                                                        else "phase--flag" if value in WEAK
                                                                        else "phase--muted", partial=True)),
                " ", (flag, style("phase--flag", partial=True)), " ", SHORT[q] if self.narrow else READINESS_TEXT[q])
            if answer and answer.note:
                line = Content.assemble(line, (" — ", style("phase--muted", partial=True)), one_line(answer.note))
            if i == self.selected:
                line = line.stylize(style("phase--selected", partial=True))
            rows.append(line)
        actions = self.state.actions
        if actions:
            rows.append(Content.styled("Follow-up actions:", style("phase--muted", partial=True)))
            for action in actions:
                q = questions.get(action.seq)
                owner = f" ({one_line(action.owner)})" if action.owner else ""
                rows.append(Content.assemble("  ⚑ ", f"{SHORT[q]}: " if q else "", one_line(action.text), owner))
        at = self.selected
        if self.carried:
            heading = "Open from last quarter (F7 done):" if self.narrow else \
                "Open from last quarter (↓ picks one, F7 marks it done):"
            rows.append(Content.styled(heading, style("phase--muted", partial=True)))
            for i, item in enumerate(self.carried):
                done = i in self.state.carried_done
                line = Content.assemble(
                    "▸ " if i == self.carried_pick else "  ",
                    ("✓ done " if done else "· ", style("phase--good" if done else "phase--muted", partial=True)),
                    item_line(item))
                if i == self.carried_pick:
                    at = len(rows)
                    line = line.stylize(style("phase--selected", partial=True))
                rows.append(line)
        self._show(rows, at, self._status(gaps, missing))

    def _status(self, gaps: list[ReadinessQuestion], missing: list[ReadinessQuestion]) -> list[Content]:
        flag = self.get_visual_style("phase--flag", partial=True)
        lines: list[Content] = []
        wide = self.narrow is False
        if gaps and self.state.override is None:
            names = " and ".join(SHORT[q] for q in gaps)
            lines.append(Content.assemble(("⚠ NOT READY", flag), f": {names} missing." if wide else f": {names}"))
            if wide:
                lines += [Content(f"  {SHORT[q]}: {CONSEQUENCE[q]}") for q in gaps]
            lines.append(Content("Fix it first (ctrl+n, F10 stops here), or go on anyway and say why (recorded)."
                                 if wide else "ctrl+n: stop here, or go on and say why"))
        elif self.state.override is None and (open_ := unanswered_gates(self.state)):
            names = " and ".join(SHORT[q] for q in open_)
            lines.append(Content(f"Not answered yet: {names} (ctrl+n asks about them)" if wide
                                 else f"Unanswered: {names}"))
        elif self.state.override is not None:
            lines.append(Content.assemble(("⚠ Going on deliberately: ", flag), one_line(self.state.override)))
        if missing:
            names = " and ".join(SHORT[q] for q in missing)
            lines.append(Content.assemble(("⚑ ACTION NEEDED", flag), f" for {names}: type it below with its "
                                          "owner (F2), Enter" if wide else f": {names}"))
        return lines

    def _show(self, rows: list[Content], at: int, status: list[Content]) -> None:
        # the last question brings the actions under it into view
        region = Region(0, at, 1, len(rows) - at if at == len(QUESTIONS) - 1 else 1)
        done = " · F7 done" if self.carried else ""
        self.show(status, rows, (
            "Tab ↑↓ · F4 yes F5 partly F6 no · F7 done" if self.carried else "Tab: panel · ↑↓ · F4 yes · F5 partly · F6 no",
            f"Tab: capture line ↔ panel · ↑↓ pick a question · F4 yes · F5 partly · F6 no{done} · ctrl+n next phase"),
            region)
