"""Phase 8, key results: the editor, with the coach reading along as the text is typed.

Plain typing adds a key result (a 4th or 5th asks for its reason first; a 6th is refused);
while it is typed the coach's findings show live. Panel keys (none of them a letter): up/down
select a key result; F4 (or Enter on the panel) edits its wording, and F4 again the next field
(metric, baseline, target, owning team), each in the capture line; F5 toggles measurable
weekly; left/right move the confidence; F6 keeps a finding as an exception, with a reason
(F6 again: the next code); Delete removes it (ctrl+z brings it back).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.commands import HARD_MAX_KEY_RESULTS, MAX_KEY_RESULTS
from ....domain.model import ContributionType
from ....domain.records import KeyResult
from ..capture_target import Ask, Plan, Target
from ..phase_panel import PhasePanel
from . import kr_editor as ed
from .findings_view import SEVERITY_STYLE, caret_line, finding_entries, highlighted


class KeyResultsPanel(PhasePanel):
    kind = PhaseKind.KEY_RESULTS
    BINDINGS = [
        Binding("up", "select(-1)", "Select", show=False),
        Binding("down", "select(1)", "Select", show=False),
        Binding("f4,enter", "edit", "Edit field"),
        Binding("f5", "weekly", "Weekly"),
        Binding("right", "confidence(1)", "+conf", show=False),
        Binding("left", "confidence(-1)", "-conf", show=False),
        Binding("f6", "keep", "Keep finding"),
        Binding("delete", "remove", "Remove"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = 0
        self.mode: str | None = None  # None: add; a field name; "keep": a reason for an exception
        self.editing: int | None = None  # the key result the mode is for
        self.keep_code: str | None = None
        self.draft = ""
        self.draft_key: tuple = ("kr-new",)
        self._known: set[int] = set(self.state.key_results)

    def compose(self) -> ComposeResult:
        yield Static(id="kr-head", classes="phase-line")
        yield Static(id="kr-list", classes="phase-line")
        yield Static(id="kr-text", classes="phase-line")
        yield Static(id="kr-fields", classes="phase-wrap phase-fields")
        yield Static(id="kr-findings", classes="phase-wrap")
        yield Static(id="kr-keys", classes="phase-line phase-keys")

    def typed(self, text: str, target: Target) -> None:
        was_typing = bool(self.draft.strip())
        self.draft, self.draft_key = text, target.key
        if self.is_mounted:
            if was_typing != bool(text.strip()):
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

    def _number(self, kr_id: int | None) -> int:
        ids = list(self.state.key_results)
        return ids.index(kr_id) + 1 if kr_id in ids else 0

    # -- where the capture line's text goes ----------------------------------------------------
    def default_target(self) -> Target:
        count = len(self.state.key_results)
        label = f"key result {count + 1}" + (" (needs a reason)" if count >= MAX_KEY_RESULTS else "")
        return Target(("kr-new",), label,
                      "Type a key result: the coach reads along. Enter adds it; Tab: the panel (F4 edits)",
                      self._add)

    def _add(self, text: str, by: str | None, kind: ContributionType) -> Plan:
        count = len(self.state.key_results)
        if MAX_KEY_RESULTS <= count < HARD_MAX_KEY_RESULTS:
            return Ask(f"Key result number {count + 1}?",
                       "Three is the advice: each one more thins the team's attention. If this one cannot wait "
                       "for next quarter, say why; the reason is kept with the key result.",
                       "Why this key result is needed now",
                       lambda reason: [(ev.KrAdded, {"text": text, "reason": reason})],
                       "Not added: more than three key results needs a reason.")
        return [(ev.KrAdded, {"text": text})]

    def armed_target(self) -> Target | None:
        kr = self.state.key_results.get(self.editing) if self.editing is not None else None
        if kr is None:
            return None
        n = self._number(kr.id)
        if self.mode in ed.FIELDS:
            field = self.mode
            extra = f" ({', '.join(self.state.session.teams)})" if field == "owner" else ""
            return Target(("kr-field", kr.id, field), f"KR {n} {ed.FIELD_LABELS[field]}",
                          f"The {ed.FIELD_LABELS[field]} of KR {n}{extra}: Enter saves, Esc cancels, "
                          "F4 the next field",
                          lambda text, by, kind: [(ev.KrEdited, {"kr": kr.id, field: text})],
                          armed=True, prefill=getattr(kr, field) or "")
        if self.mode == "keep" and self.keep_code:
            code = self.keep_code
            return Target(("kr-keep", kr.id, code), f"why KR {n} keeps '{code}'",
                          f"Why the room keeps '{code}' on KR {n}: Enter records it, Esc cancels, F6 the next code",
                          lambda text, by, kind: [(ev.ExceptionAccepted, {"kr": kr.id, "code": code,
                                                                          "reason": text})],
                          armed=True)
        return None

    def watch_revision(self) -> None:
        new = [kr_id for kr_id in self.state.key_results if kr_id not in self._known]
        self._known = set(self.state.key_results)
        if new:
            self.selected = list(self.state.key_results).index(new[-1])
        if self.editing is not None and self.editing not in self.state.key_results:
            self.disarm()
        super().watch_revision()
        self.post_message(self.TargetChanged())

    def _mode_changed(self, mode: str | None) -> None:
        if mode != "keep":
            self.keep_code = None
        if mode is None:
            self.editing = None

    # -- rendering ---------------------------------------------------------------------------------
    def _compact(self) -> bool:
        return self.app.size.height < 40

    def render_state(self) -> None:
        objective, per_kr = ed.recorded_findings(self.state)
        krs = self._krs()
        self._selected()
        head = [(f"Key results {len(krs)} of {MAX_KEY_RESULTS}", ".phase--head")]
        if len(krs) >= MAX_KEY_RESULTS:
            head.append(f" (hard limit {HARD_MAX_KEY_RESULTS}; more needs a reason)")
        for f in objective:
            head.append((f" · objective: {f.code}", SEVERITY_STYLE.get(f.severity, ".phase--flag")))
        self.query_one("#kr-head", Static).update(Content.assemble(*head))
        lines: list[Content] = []
        for i, kr in enumerate(krs):
            fs = per_kr.get(kr.id, [])
            kept = ed.accepted(self.state, kr.id)
            open_ = [f for f in fs if f.code not in kept]
            flags = f"✖{sum(f.severity == 'error' for f in open_)} ▲{sum(f.severity != 'error' for f in open_)}"
            if kept:
                flags += f" ✔{len(kept)}"
            if self._compact():  # one line each: the selected one's fields are in full below the list
                row = Content.assemble("▸ " if i == self.selected else "  ", f"{i + 1} ", (flags, ".phase--muted"),
                                       " ", kr.text)
            else:
                row = Content.assemble("▸ " if i == self.selected else "  ", f"{i + 1} ", kr.text)
            lines.append(row.stylize(".phase--selected") if i == self.selected else row)
            if not self._compact():
                # the fields on a line of their own, so that a long wording cannot push them out of sight
                lines.append(Content.assemble(("    " + ed.meta(kr) + f" · {flags}", ".phase--muted")))
        if not krs:
            lines.append(Content.assemble(("No key results yet: type one below.", ".phase--muted")))
        kr_list = self.query_one("#kr-list", Static)
        kr_list.update(Content("\n").join(lines))
        # a small screen shows the coach, not the list, while a new key result is typed
        kr_list.display = not (self._compact() and self.draft.strip() and self.draft_key[0] == "kr-new")
        if self._compact():
            keys = "Tab: panel · ↑↓ · F4/Enter edit (again: next field) · F5 weekly · ←→ conf · F6 keep · Del"
        else:
            keys = ("Tab: panel · ↑↓ select · F4 or Enter: edit the wording, F4 again: metric, baseline, target, "
                    "owner · F5 weekly · ←→ confidence · F6 keep a finding · Delete removes (ctrl+z undoes)")
        self.query_one("#kr-keys", Static).update(Content(keys))
        self._render_detail(per_kr)

    def _render_detail(self, per_kr: dict | None = None) -> None:
        """The text under the coach's eye (the one typed, or the selected key result) and its findings."""
        kr = self._selected()
        kind = self.draft_key[0] if self.draft.strip() else None
        field_kr = self.state.key_results.get(self.draft_key[1]) if kind == "kr-field" else None
        if kind == "kr-new":
            text, findings, kept = self.draft, ed.live_findings(self.state, self.draft), {}
            label = "✎ new KR: "
        elif field_kr is not None:
            field = self.draft_key[2]
            kr = field_kr
            findings = ed.live_findings(self.state, self.draft, kr.id, field)
            text = self.draft if field == "text" else kr.text
            kept, label = ed.accepted(self.state, kr.id), f"✎ KR {self._number(kr.id)} {field}: "
        elif kr is not None:
            if per_kr is None:
                per_kr = ed.recorded_findings(self.state)[1]
            text, findings, kept = kr.text, per_kr.get(kr.id, []), ed.accepted(self.state, kr.id)
            label = f"KR {self.selected + 1}: "
        else:
            self.query_one("#kr-text", Static).update(Content(""))
            self.query_one("#kr-fields", Static).display = False
            self.query_one("#kr-findings", Static).update(
                Content("The coach reads each key result as it is typed: Big, Activity, Disconnected."))
            return
        pad = " " * len(label)
        carets = caret_line(text, findings)
        rows = [Content.assemble((label, ".phase--head"), highlighted(text, findings))]
        if carets.strip():
            rows.append(Content(pad + carets))
        if field_kr is not None and self.draft_key[2] != "text":
            rows.append(Content.assemble((f"✎ {ed.FIELD_LABELS[self.draft_key[2]]}: ", ".phase--mode"), self.draft))
        elif self.mode == "keep" and self.keep_code:
            rows.append(Content.assemble((f"✎ KEEPING '{self.keep_code}': type why (F6: next code, Esc: cancel)",
                                          ".phase--mode")))
        elif self.mode in ed.FIELDS and self.editing is not None:
            rows.append(Content.assemble((f"✎ EDITING KR {self._number(self.editing)} "
                                          f"{ed.FIELD_LABELS[self.mode]} in the capture line (Esc: cancel)",
                                          ".phase--mode")))
        fields = self.query_one("#kr-fields", Static)
        # every field of the selected key result, wrapped: never cut after the first one
        fields.display = kr is not None and kind is None and not (self.mode in ed.FIELDS or self.mode == "keep")
        if fields.display:
            fields.update(Content.assemble((self._fields(kr), ".phase--muted")))
        self.query_one("#kr-text", Static).update(Content("\n").join(rows))
        compact = self._compact()
        body = finding_entries(findings, kept, limit=1 if compact else None)
        if not findings and text.strip():
            body = Content.assemble(("✔ The coach has nothing to add.", ".phase--good"))
        self.query_one("#kr-findings", Static).update(body)

    @staticmethod
    def _fields(kr: KeyResult) -> str:
        return (f"baseline {kr.baseline or '—'} → target {kr.target or '—'} · owner {kr.owner or '—'} · "
                f"confidence {kr.confidence}/10 · {'weekly' if kr.weekly else 'not weekly'} · "
                f"metric {kr.metric or '—'}")

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

    def action_edit(self) -> None:
        """F4: edit the wording; pressed again on the same key result, the next field."""
        kr = self._need_kr()
        if kr is None or self.read_only:
            return
        field = "text"
        if self.mode in ed.FIELDS and self.editing == kr.id:
            field = ed.FIELDS[(ed.FIELDS.index(self.mode) + 1) % len(ed.FIELDS)]
        self.editing = kr.id
        self.arm(field)

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
        if self.mode == "keep" and self.editing == kr.id and self.keep_code in codes:
            code = codes[(codes.index(self.keep_code) + 1) % len(codes)]
        else:
            code = codes[0]
        self.editing = kr.id
        self.mode = "keep"  # the code first: arm() announces the target it makes
        self.keep_code = code
        self.arm("keep")

    def action_remove(self) -> None:
        kr = self._need_kr()
        if kr is not None:
            self.command(ev.KrRemoved, kr=kr.id,
                         done=f"Removed key result {self.selected + 1}: «{kr.text}». ctrl+z brings it back.")
