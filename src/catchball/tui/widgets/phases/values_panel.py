"""Check-in, key results: each one's value this week, the confidence 1-10 and a one-line why.

The capture line records the selected key result's value: "21% 6 the e-mail test moved it" (a
value, then a confidence, then the why; without a confidence the last one stands). Text without a
number is a note. Keys with the panel focused: up/down pick a key result, shift+up/shift+down move
its confidence by one. Each row shows where the straight line from baseline to target is on the
check-in's date, the grade the value proposes, and who sent it when it came from a participant's
own device ("confidence 6/10 · from Ana").
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.model import ContributionType, QuarterKr
from ....domain.quarter import checkin_day, current_okr, quarter_of
from ....domain.quarter_board import week_view
from ....domain.numbers import show_value
from ....domain.quarter_values import OtherUnit, read_checkin
from ....domain.text import one_line
from ..capture_target import Plan, Target, note_target
from ..list_panel import ListPanel


class ValuesPanel(ListPanel):
    kind = PhaseKind.VALUES
    BINDINGS = [
        Binding("up", "move(-1)", "Key result", show=False),
        Binding("down", "move(1)", "Key result", show=False),
        Binding("shift+up", "confidence(1)", "Confidence +1"),
        Binding("shift+down", "confidence(-1)", "Confidence -1"),
        Binding("tab", "to_capture", "Type", show=False),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = 0

    @property
    def krs(self) -> list[QuarterKr]:
        okr = current_okr(self.state)
        return list(okr.key_results) if okr else []

    @property
    def current(self) -> QuarterKr | None:
        krs = self.krs
        return krs[min(self.selected, len(krs) - 1)] if krs else None

    def _confidence(self, kr: QuarterKr) -> int:
        got = self.state.checkin_values.get(kr.number)
        return got.confidence if got else kr.confidence

    # -- keys ------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self.selected = max(0, min(len(self.krs) - 1, self.selected + step))
        self.render_state()

    def action_confidence(self, step: int) -> None:
        kr = self.current
        got = self.state.checkin_values.get(kr.number) if kr else None
        if got is None:
            self.notify("Record this key result's value first (type it in the capture line).")
            return
        confidence = max(1, min(10, got.confidence + step))
        if confidence != got.confidence:
            self.command(ev.KrCheckedIn, kr=kr.number, value=got.value, confidence=confidence,
                         **({"note": got.note} if got.note else {}))

    # -- where the capture line's text goes ---------------------------------------------------
    def default_target(self) -> Target:
        kr = self.current
        if kr is None:
            return note_target("This check-in has no key results: notes only, Enter records it",
                               phase=self.state.phase)
        number = kr.number
        return Target(("kr-value", number), f"KR {number} value",
                      f"Key result {number}: value, confidence 1-10, why (e.g. 21% 6 the test moved it), Enter",
                      lambda text, by, kind: self._value(number, text, by, kind))

    def _value(self, number: int, text: str, by: str | None, kind: ContributionType) -> Plan:
        """This week's value of key result `number`; text without a number (or typed as another
        kind of contribution) is a note of the phase."""
        kr = next((k for k in self.krs if k.number == number), None)
        if kr is None or kind is not ContributionType.NOTE:
            return note_target().build(text, by, kind)
        try:  # the same reading as a participant's check-in from their own device (domain.intake)
            read = read_checkin(kr, text)
        except OtherUnit as other:
            self.notify(Content(f"{other}: recorded as a note."), severity="warning")
            return note_target().build(text, by, kind)
        if read is None:
            return note_target().build(text, by, kind)  # no number in it: a note of the phase
        value, confidence, note = read
        fields = {"kr": kr.number, "value": value, "confidence": confidence or self._confidence(kr)}
        if note:
            fields["note"] = note
        missing = [k for k in self.krs if k.number not in self.state.checkin_values and k.number != kr.number]
        if missing:
            self.selected = self.krs.index(missing[0])
        return [(ev.KrCheckedIn, fields)]

    def _dates(self):
        info = self.state.session.session
        start, end = quarter_of(info)
        return start, end, checkin_day(info)

    # -- drawing --------------------------------------------------------------------------------
    def render_state(self) -> None:
        if not self.is_mounted:
            return
        krs = self.krs
        self.selected = max(0, min(self.selected, len(krs) - 1))
        muted = self.get_visual_style("phase--muted", partial=True)
        flag = self.get_visual_style("phase--flag", partial=True)
        good = self.get_visual_style("phase--good", partial=True)
        selected = self.get_visual_style("phase--selected", partial=True)
        rows: list[Content] = []
        top = 0
        for i, kr in enumerate(krs):
            got = self.state.checkin_values.get(kr.number)
            view = week_view(kr, got.value if got else None, *self._dates())
            unit = view["unit"] or ""
            head = Content.assemble("▸ " if i == self.selected else "  ", f"{kr.number} ",
                                    one_line(kr.text, max(20, self.size.width - 6)))
            if i == self.selected:
                top = len(rows)
                head = head.stylize(selected)
            rows.append(head)
            n = self.narrow
            parts: list = ["    ", f"{one_line(kr.baseline or '?', 12)}→{one_line(kr.target or '?', 12)}"]
            if view["problem"]:
                parts += ["  ", ("numbers unreadable" if n else f"numbers cannot be read: {view['problem']}", flag)]
            else:
                parts += [" line ", show_value(round(view["expected"], 1), unit)]
            sep = " · "
            if n:  # narrow: this week's numbers on a line of their own, so BEHIND is never cut off
                rows.append(Content.assemble(*parts))
                parts, sep = ["    "], ""
            if got is None:
                parts += [sep, ("no value yet", muted)]
            else:
                parts += [f"{sep}now ", (show_value(got.value, unit), good),
                          f" · {got.confidence}/10" if n else f" · confidence {got.confidence}/10"]
                if got.by:  # sent from a participant's own device: whose word it is
                    parts += [" · from ", one_line(got.by, 24)]
                if view["grade"] is not None:
                    parts += [f" · grade {view['grade']:.1f}"]
                if view["behind"]:
                    parts += ["  ", ("BEHIND" if n else "BEHIND the line", flag)]
            rows.append(Content.assemble(*parts))
            if got is not None and got.note:
                rows.append(Content.assemble("    why: ", one_line(got.note)))
        if not krs:
            rows.append(Content.styled("This check-in has no key results.", muted))
        done = sum(1 for kr in krs if kr.number in self.state.checkin_values)
        status = Content.assemble((f"Values {done} of {len(krs)}",
                                   good if krs and done == len(krs) else flag),
                                  " · what changes this week?" if self.narrow else
                                  " · not a status report: what do we change this week?")
        self.show(status, rows, ("Tab: panel · ↑↓ · shift+↑↓ confidence",
                                 "Tab/Esc: capture line ↔ panel · ↑↓ key result · shift+↑↓ confidence ±1"),
                  Region(0, top, 1, 3 if self.narrow else 2))
