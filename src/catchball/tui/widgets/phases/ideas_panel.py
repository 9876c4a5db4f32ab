"""Check-in, "can't we just...?": a new idea tested against the focus, the winning logic and what we
say no to, then parked with a reason or taken as a considered change of the quarter's OKR.

The capture line raises an idea (a challenge, question... typed with F3 stays a note). Keys with
the panel focused: up/down pick one of the three questions, left/right answer it (no, partly,
yes); F6 parks the idea (the next line is the reason); F7 picks what a change would rewrite (the
objective or a key result); F8 takes the idea as a change: the capture line holds the current
wording to rewrite, and Enter asks for the reason before anything is recorded.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.model import Answer, ContributionType
from ....domain.quarter import current_okr
from ....domain.quarter_records import Idea
from ....domain.text import one_line
from ..capture_target import Ask, Plan, Target, note_target
from ..list_panel import ListPanel

QUESTIONS = (("focus", "Does it serve the focused objective?"),
             ("logic", "Does it fit the winning logic?"),
             ("say_no", "Does it stay clear of what we say no to?"))
ANSWERS = (Answer.NO, Answer.PARTLY, Answer.YES)


class IdeasPanel(ListPanel):
    kind = PhaseKind.IDEAS
    BINDINGS = [
        Binding("up", "move(-1)", "Question", show=False),
        Binding("down", "move(1)", "Question", show=False),
        Binding("left", "answer(-1)", "Answer", show=False),
        Binding("right", "answer(1)", "Answer", show=False),
        Binding("f6", "park", "Park"),
        Binding("f7", "target", "Change what"),
        Binding("f8", "change", "Change OKR"),
        Binding("tab", "to_capture", "Type", show=False),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = 0
        self.target = 0  # 0: the objective; n: key result n
        self.about: int | None = None  # the idea a named mode parks or takes as a change

    @property
    def idea(self) -> Idea | None:
        return next(reversed(self.state.ideas.values()), None)

    def _open(self) -> Idea | None:
        idea = self.idea
        return idea if idea is not None and idea.parked is None and not idea.changed else None

    # -- keys --------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self.selected = max(0, min(len(QUESTIONS) - 1, self.selected + step))
        self.render_state()

    def action_answer(self, step: int) -> None:
        idea = self._open()
        if idea is None:
            self.notify("Type the idea in the capture line first.")
            return
        question = QUESTIONS[self.selected][0]
        old = idea.answer(question)
        index = 1 if old is None else max(0, min(2, ANSWERS.index(old) + step))
        if old is None or ANSWERS[index] != old:
            self.command(ev.IdeaTested, idea=idea.seq, question=question, answer=ANSWERS[index].value)

    def action_park(self) -> None:
        idea = self._open()
        if idea is None:
            self.notify("There is no open idea to park.")
            return
        self.about = idea.seq
        self.arm("park")

    def action_target(self) -> None:
        okr = current_okr(self.state)
        options = [0] + ([kr.number for kr in okr.key_results] if okr else [])
        self.target = options[(options.index(self.target) + 1) % len(options)] if self.target in options else 0
        self.render_state()

    def action_change(self) -> None:
        idea = self._open()
        self.about = idea.seq if idea is not None else None
        self.arm("change")

    def _mode_changed(self, mode: str | None) -> None:
        if mode is None:
            self.about = None

    def _target_text(self) -> str:
        okr = current_okr(self.state)
        if okr is None:
            return ""
        if self.target == 0:
            return okr.objective or ""
        return next((kr.text for kr in okr.key_results if kr.number == self.target), "")

    # -- where the capture line's text goes ----------------------------------------------------
    def default_target(self) -> Target:
        return Target(("idea",), "new idea",
                      "Can't we just...? Type the idea, Enter raises it (Tab: test it, F6 park, F8 change)",
                      self._raise)

    @staticmethod
    def _raise(text: str, by: str | None, kind: ContributionType) -> Plan:
        if kind is not ContributionType.NOTE:  # a challenge, a question... typed with F3 stays a note
            return note_target().build(text, by, kind)
        return [(ev.IdeaRaised, {"text": text, **({"by": by} if by else {})})]

    def armed_target(self) -> Target | None:
        idea = self.state.ideas.get(self.about) if self.about is not None else None
        if self.mode == "park" and idea is not None:
            ref = idea.seq
            return Target(("idea-park", ref), "why the idea waits",
                          "Why it waits (the reason is recorded), Enter parks the idea · Esc cancels",
                          lambda text, by, kind: [(ev.IdeaParked, {"idea": ref, "reason": text})], armed=True,
                          done=f"Parked «{one_line(idea.text, 60)}». ctrl+z takes it back.")
        if self.mode == "change":
            number, what = self.target, "the objective" if self.target == 0 else f"key result {self.target}"
            ref = idea.seq if idea is not None else None
            short = "objective" if number == 0 else f"KR {number}"  # the label beside the line is narrow
            return Target(("okr-change", number, ref), f"new {short} wording",
                          "The new wording, Enter (then the reason) · Esc cancels",
                          lambda text, by, kind: self._change(number, ref, what, text),
                          armed=True, prefill=self._target_text())
        return None

    @staticmethod
    def _change(number: int, idea: int | None, what: str, text: str) -> Plan:
        fields = {"text": text, **({"kr": number} if number else {}), **({"idea": idea} if idea else {})}
        return Ask(f"A new version of {what}", "The quarter's OKR changes on purpose, never silently: say why. "
                   "The reason is recorded with the new version.", "Why we change it",
                   lambda reason: [(ev.OkrChanged, {**fields, "reason": reason})],
                   "Not changed: a change of the OKR says why (the new wording stays in the line).")

    # -- drawing ----------------------------------------------------------------------------------
    def render_state(self) -> None:
        if not self.is_mounted:
            return
        muted = self.get_visual_style("phase--muted", partial=True)
        flag = self.get_visual_style("phase--flag", partial=True)
        good = self.get_visual_style("phase--good", partial=True)
        okr = current_okr(self.state)
        rows: list[Content] = []
        if okr is not None:
            rows.append(Content.assemble(("Focus: ", muted), one_line(okr.objective or "(none)", 90)))
            if okr.say_no:
                rows.append(Content.assemble(("We say no to: ", muted), one_line("; ".join(okr.say_no), 90)))
        idea = self.idea
        if idea is None:
            rows.append(Content.styled("No idea raised yet: type it in the capture line.", muted))
        else:
            state = ("parked: " + one_line(idea.parked, 60) if idea.parked else
                     "taken as a change of the OKR" if idea.changed else "open")
            rows.append(Content.assemble(("Idea: ", muted), one_line(idea.text, 70), "  ",
                                         (state, good if idea.changed or idea.parked else flag)))
            for i, (key, text) in enumerate(QUESTIONS):
                answer = idea.answer(key)
                style = good if answer is Answer.YES else flag if answer is Answer.NO else muted
                row = Content.assemble("▸ " if i == self.selected else "  ",
                                       (f"{answer.value if answer else '-':<7}", style), text)
                rows.append(row.stylize(self.get_visual_style("phase--selected", partial=True))
                            if i == self.selected else row)
        what = "the objective" if self.target == 0 else f"key result {self.target}"
        mode = {"park": "✎ parking: type the reason", "change": f"✎ changing {what}: type the new wording"}
        if self.mode in mode:
            status = Content.styled(mode[self.mode], self.get_visual_style("phase--mode", partial=True))
        else:
            status = Content(f"{len(self.state.ideas)} idea(s) · {len(self.state.okr_changes)} change(s) · "
                             f"F8 would change {what}")
        self.show(status, rows, ("Tab: panel · ↑↓ ←→ test · F6 park · F7/F8 change",
                                 "Tab/Esc: capture line ↔ panel · ↑↓ question · ←→ no/partly/yes · F6 park · "
                                 "F7 what to change · F8 change it"), Region(0, len(rows) - 1, 1, 1))
