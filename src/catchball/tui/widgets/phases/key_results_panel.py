"""Phase 8, key results: the editor, with the coach reading along as the text is typed.

The capture line adds a key result; while it is typed the coach's findings show live
(the panel watches the capture field's value). With the panel focused, up/down select a
key result and keys arm the capture line for one of its fields: `e` wording, `m` metric,
`b` baseline, `t` target, `o` owning team; `w` toggles measurable weekly, `+`/`-` move the
confidence, `x` keeps a finding as an exception (with a reason; `x` again picks the next
code), `d` removes it. A 4th or 5th key result asks for its reason first; a 6th is refused.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input, Static

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.commands import HARD_MAX_KEY_RESULTS, MAX_KEY_RESULTS
from ....domain.model import ContributionType
from ....domain.records import KeyResult
from ..capture_bar import CaptureBar
from ..phase_panel import Command, PhasePanel
from . import kr_editor as ed
from .findings_view import caret_line, finding_entries, highlighted

FIELD_KEYS = {"e": "text", "m": "metric", "b": "baseline", "t": "target", "o": "owner"}
LABEL = "typing › "


class KeyResultsPanel(PhasePanel):
    kind = PhaseKind.KEY_RESULTS
    DEFAULT_CLASSES = "pb-panel"
    COMPONENT_CLASSES = {"pb--sel", "pb--muted", "pb--head", "pb--mode", "pb--ok", "pb--bad", "pb--span",
                         "pb--error", "pb--warning", "pb--info"}
    BINDINGS = [
        Binding("up", "select(-1)", "Select", show=False),
        Binding("down", "select(1)", "Select", show=False),
        *[Binding(key, f"field('{name}')", ed.FIELD_LABELS[name], show=False) for key, name in FIELD_KEYS.items()],
        Binding("w", "weekly", "Weekly", show=False),
        Binding("plus,equals_sign", "confidence(1)", "+conf"),
        Binding("minus", "confidence(-1)", "-conf"),
        Binding("x", "keep", "Keep finding"),
        Binding("d,delete", "remove", "Remove", show=False),
        Binding("enter", "type_reason", "Type reason", show=False),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = 0
        self.mode: str | None = None  # None: add; a field name; "keep": a reason for an exception
        self.keep_code: str | None = None
        self.draft = ""
        self._known: set[int] = set(self.state.key_results)

    def compose(self) -> ComposeResult:
        yield Static(id="kr-head", classes="pb-line")
        yield Static(id="kr-list", classes="pb-line")
        yield Static(id="kr-text", classes="pb-line")
        yield Static(id="kr-findings", classes="pb-wrap")
        yield Static(id="kr-keys", classes="pb-line pb-keys")

    def on_mount(self) -> None:
        fields = self.screen.query("#capture-input")
        if fields:
            self.watch(fields.first(Input), "value", self._typed, init=False)

    def _typed(self, value: str) -> None:
        was_typing = bool(self.draft.strip())
        self.draft = value
        if self.is_mounted:
            if was_typing != bool(value.strip()):
                self.render_state()
            else:
                self._render_detail()

    # -- selection -------------------------------------------------------------------------
    def _krs(self) -> list[KeyResult]:
        return ed.key_results(self.state)

    def _selected(self) -> KeyResult | None:
        krs = self._krs()
        if not krs:
            return None
        self.selected = max(0, min(self.selected, len(krs) - 1))
        return krs[self.selected]

    # -- the capture line ------------------------------------------------------------------
    def capture(self, text: str, by: str | None, kind: ContributionType) -> list[Command] | None:
        kr = self._selected()
        if self.mode in ed.FIELDS and kr is not None:
            self._pending = True
            return [(ev.KrEdited, {"kr": kr.id, self.mode: text})]
        if self.mode == "keep" and kr is not None and self.keep_code:
            self._pending = True
            return [(ev.ExceptionAccepted, {"kr": kr.id, "code": self.keep_code, "reason": text})]
        if MAX_KEY_RESULTS <= len(self.state.key_results) < HARD_MAX_KEY_RESULTS:
            self._ask_reason(text)
            return []
        return [(ev.KrAdded, {"text": text})]

    def _ask_reason(self, text: str) -> None:
        from ...screens.reason_screen import ReasonScreen

        def done(reason: str | None) -> None:
            if reason:
                self.command(ev.KrAdded, text=text, reason=reason)
                return
            fields = self.screen.query("#capture-input")
            if fields:
                fields.first(Input).value = text
            self.notify("Not added: more than three key results needs a reason.", severity="warning")

        n = len(self.state.key_results) + 1
        self.app.push_screen(ReasonScreen(
            f"Key result number {n}?",
            "Three is the advice: each one more thins the team's attention. If this one cannot wait "
            "for next quarter, say why; the reason is kept with the key result.",
            "Why this key result is needed now"), done)

    def capture_hint(self) -> str:
        kr = self._selected()
        if self.mode in ed.FIELDS and kr is not None:
            extra = f" ({', '.join(self.state.session.teams)})" if self.mode == "owner" else ""
            return f"The {ed.FIELD_LABELS[self.mode]} of KR {self.selected + 1}{extra}, Enter saves, Esc cancels"
        if self.mode == "keep" and self.keep_code:
            return f"Why the room keeps '{self.keep_code}' on KR {self.selected + 1}, Enter records it"
        return "Type a key result: the coach reads along. Enter adds it; Tab to edit its fields"

    def watch_revision(self) -> None:
        new = [kr_id for kr_id in self.state.key_results if kr_id not in self._known]
        self._known = set(self.state.key_results)
        if new:
            self.selected = list(self.state.key_results).index(new[-1])
        super().watch_revision()  # disarms a mode whose line was recorded, then repaints

    def _mode_changed(self, mode: str | None) -> None:
        if mode != "keep":
            self.keep_code = None

    # -- rendering ---------------------------------------------------------------------------------
    def _compact(self) -> bool:
        return self.app.size.height < 40

    def render_state(self) -> None:
        objective, per_kr = ed.recorded_findings(self.state)
        krs = self._krs()
        self._selected()
        head = [(f"Key results {len(krs)} of {MAX_KEY_RESULTS}", ".pb--head")]
        if len(krs) >= MAX_KEY_RESULTS:
            head.append(f" (hard limit {HARD_MAX_KEY_RESULTS}; more needs a reason)")
        for f in objective:
            head.append((f" · objective: {f.code}", f".pb--{f.severity}"))
        self.query_one("#kr-head", Static).update(Content.assemble(*head))
        lines: list[Content] = []
        for i, kr in enumerate(krs):
            fs = per_kr.get(kr.id, [])
            kept = ed.accepted(self.state, kr.id)
            open_ = [f for f in fs if f.code not in kept]
            flags = f"✖{sum(f.severity == 'error' for f in open_)} ▲{sum(f.severity != 'error' for f in open_)}"
            if kept:
                flags += f" ✔{len(kept)}"
            row = Content.assemble("▸ " if i == self.selected else "  ", f"{i + 1} ", kr.text,
                                   (f"  {ed.meta(kr)} · {flags}", ".pb--muted"))
            lines.append(row.stylize(".pb--sel") if i == self.selected and self.has_focus else row)
        if not krs:
            lines.append(Content.assemble(("No key results yet: type one below.", ".pb--muted")))
        kr_list = self.query_one("#kr-list", Static)
        kr_list.update(Content("\n").join(lines))
        # a small screen shows the coach, not the list, while a new key result is typed
        kr_list.display = not (self._compact() and self.draft.strip() and self.mode is None)
        if self._compact():
            keys = "e text m metric b base t target o owner w weekly +- conf x keep d drop"
        else:
            keys = ("↑↓ select · e wording · m metric · b baseline · t target · o owner · w weekly · "
                    "+ - confidence · x keep a finding · d remove")
        self.query_one("#kr-keys", Static).update(Content(keys))
        self._render_detail(per_kr)

    def _render_detail(self, per_kr: dict | None = None) -> None:
        """The text under the coach's eye (the one typed, or the selected key result) and its findings."""
        kr = self._selected()
        typing = self.draft.strip() and self.mode in (None, *ed.FIELDS)
        if typing and self.mode is None:
            text, findings, kept = self.draft, ed.live_findings(self.state, self.draft), {}
            label = "✎ new KR: "
        elif typing and kr is not None:
            findings = ed.live_findings(self.state, self.draft, kr.id, self.mode)
            text = self.draft if self.mode == "text" else kr.text
            kept, label = ed.accepted(self.state, kr.id), f"✎ KR {self.selected + 1} {self.mode}: "
        elif kr is not None:
            if per_kr is None:
                per_kr = ed.recorded_findings(self.state)[1]
            text, findings, kept = kr.text, per_kr.get(kr.id, []), ed.accepted(self.state, kr.id)
            label = f"KR {self.selected + 1}: "
        else:
            self.query_one("#kr-text", Static).update(Content(""))
            self.query_one("#kr-findings", Static).update(
                Content("The coach reads each key result as it is typed: Big, Activity, Disconnected."))
            return
        pad = " " * len(label)
        carets = caret_line(text, findings)
        rows = [Content.assemble((label, ".pb--head"), highlighted(text, findings))]
        if carets.strip():
            rows.append(Content(pad + carets))
        if self.mode in ("metric", "baseline", "target", "owner") and kr is not None:
            rows.append(Content.assemble((f"✎ {ed.FIELD_LABELS[self.mode]}: ", ".pb--mode"), self.draft))
        elif self.mode == "keep" and self.keep_code:
            more = " (x: next code, Enter: type it)" if self.has_focus else ""
            rows.append(Content.assemble((f"✎ KEEPING '{self.keep_code}': type why{more}", ".pb--mode")))
        elif kr is not None and not typing:
            rows.append(Content.assemble(("   " + self._fields(kr), ".pb--muted")))
        self.query_one("#kr-text", Static).update(Content("\n").join(rows))
        compact = self._compact()
        body = finding_entries(findings, kept, limit=1 if compact else None)
        if not findings and text.strip():
            body = Content.assemble(("✔ The coach has nothing to add.", ".pb--ok"))
        self.query_one("#kr-findings", Static).update(body)

    @staticmethod
    def _fields(kr: KeyResult) -> str:
        return (f"metric {kr.metric or '—'} · baseline {kr.baseline or '—'} · target {kr.target or '—'} · "
                f"owner {kr.owner or '—'} · {'weekly' if kr.weekly else 'not weekly'} · "
                f"confidence {kr.confidence}/10")

    # -- keys --------------------------------------------------------------------------------------
    def action_select(self, step: int) -> None:
        krs = self._krs()
        if krs:
            self.selected = (self.selected + step) % len(krs)
            self.render_state()

    def _need_kr(self) -> KeyResult | None:
        kr = self._selected()
        if kr is None:
            self.notify("Add a key result first: type it in the capture line.", severity="warning")
        return kr

    def action_field(self, name: str) -> None:
        kr = self._need_kr()
        if kr is not None and not self.read_only:
            self._set_mode(name, prefill=getattr(kr, name) or "")

    def action_weekly(self) -> None:
        kr = self._need_kr()
        if kr is not None:
            self.command(ev.KrEdited, kr=kr.id, weekly=not kr.weekly)

    def action_confidence(self, step: int) -> None:
        kr = self._need_kr()
        if kr is None:
            return
        value = kr.confidence + step
        if not 1 <= value <= 10:
            self.notify("Confidence goes from 1 to 10.", severity="warning")
            return
        self.command(ev.KrEdited, kr=kr.id, confidence=value)

    def action_keep(self) -> None:
        kr = self._need_kr()
        if kr is None or self.read_only:
            return
        codes = ed.acceptable(self.state, kr.id, ed.recorded_findings(self.state)[1].get(kr.id, []))
        if not codes:
            self.notify("Nothing here can be kept as an exception: only an activity finding (a hard-won "
                        "milestone), no-metric (an honestly qualitative goal) or a missing baseline (a new "
                        "measure) can be.", severity="warning")
            return
        several = len(codes) > 1
        if self.mode == "keep" and self.keep_code in codes:
            code = codes[(codes.index(self.keep_code) + 1) % len(codes)]
        else:
            code = codes[0]
        # several codes: stay here so that x picks the next one, Enter goes to type the reason
        self._set_mode("keep", focus_input=not several)
        self.keep_code = code
        bars = self.screen.query(CaptureBar)
        if bars:
            bars.first().set_placeholder(self.capture_hint())
        self.render_state()

    def action_type_reason(self) -> None:
        if self.mode == "keep":
            self.screen.query_one("#capture-input", Input).focus()

    def action_remove(self) -> None:
        kr = self._need_kr()
        if kr is not None:
            self.command(ev.KrRemoved, kr=kr.id)
