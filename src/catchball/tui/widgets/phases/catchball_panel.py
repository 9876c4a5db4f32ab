"""Phase 6, catchball: the objective and its versions, the room's contributions, the vote.

The room's contributions go through the capture line as notes typed with F3 (challenge,
question, tweak, support, risk); this panel only counts them. F8 arms the capture line
for the leader's revision of the selected objective, shown as a word diff against the
version before it. The fist-of-five vote is typed by the facilitator: F4 (or Enter on the
panel) arms the line for the votes from the selected person on, in order ("4 3 5"); they stay
hidden until F5 reveals them; F6 closes the round, F7 opens another.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from ....domain import events as ev
from ....domain.agenda import PhaseKind
from ....domain.commands import Refused
from ....domain.model import ContributionType
from ....domain.records import Objective, Round
from ....domain.rounds import objective_label, objective_vote, verdict, vote_refusal
from ..capture_target import Plan, Target
from ..phase_panel import PhasePanel
from ..timer_panel import SHORT

CONTRIBUTION_TYPES = [t for t in ContributionType if t is not ContributionType.NOTE]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The words of `new` against `old`: ("=", kept), ("-", removed), ("+", added)."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out


def diff_content(old: str, new: str) -> Content:
    """A word diff marked by symbols ([-gone-] [+new+]) and by style, never by colour alone."""
    parts: list[str | tuple[str, str]] = []
    for op, words in word_diff(old, new):
        if parts:
            parts.append(" ")
        if op == "=":
            parts.append(words)
        elif op == "-":
            parts.append(("[-" + words + "-]", ".phase--del"))
        else:
            parts.append(("[+" + words + "+]", ".phase--ins"))
    return Content.assemble(*parts)


class CatchballPanel(PhasePanel):
    kind = PhaseKind.CATCHBALL
    BINDINGS = [
        Binding("up", "voter(-1)", "Who votes", show=False),
        Binding("down", "voter(1)", "Who votes", show=False),
        Binding("left", "objective(-1)", "Objective", show=False),
        Binding("right", "objective(1)", "Objective", show=False),
        Binding("f4,enter", "votes", "Votes"),
        Binding("f5", "reveal", "Reveal"),
        Binding("f6", "close_round", "Close round"),
        Binding("f7", "new_round", "New round"),
        Binding("f8", "revise", "Revise"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.voter = 0
        self.selected = 0
        self.mode: str | None = None  # "revise": the leader's new wording; "votes": the fists, in order
        self.revising: int | None = None
        self.vote_order: list[str] = []
        self.voting_on: int | None = None  # the objective the armed votes are for

    def compose(self) -> ComposeResult:
        yield Static(id="cb-round", classes="phase-line")
        yield Static(id="cb-objective", classes="phase-wrap")
        yield Static(id="cb-votes", classes="phase-wrap")
        yield Static(id="cb-keys", classes="phase-line phase-keys")

    # -- what is on the table ----------------------------------------------------------
    def _objectives(self) -> list[Objective]:
        return [o for o in self.state.objectives.values() if o.id not in self.state.parked]

    def _current(self) -> Objective | None:
        objectives = self._objectives()
        if not objectives:
            return None
        self.selected %= len(objectives)
        return objectives[self.selected]

    def _people(self) -> list[str]:
        return self.state.people()

    # -- where the capture line's text goes ------------------------------------------------
    def default_target(self) -> Target:
        return Target(("note", self.state.phase), "what the room says",
                      "What does the room say? F3 types it (challenge, question...), F2 who said it",
                      lambda text, by, kind: [(ev.Noted, {"text": text, "by": by, "type": kind})])

    def armed_target(self) -> Target | None:
        if self.mode == "revise":
            objective = self.state.objectives.get(self.revising) if self.revising is not None else None
            if objective is None:
                return None
            ref = objective.id
            return Target(("revise", ref), "the objective's new wording",
                          "The leader's new wording of the objective, Enter saves it as a new version (Esc: cancel)",
                          lambda text, by, kind: [(ev.ObjectiveRevised, {"objective": ref, "text": text})],
                          armed=True, prefill=objective.text)
        if self.mode == "votes" and self.vote_order:
            order, about = self.vote_order, self.voting_on
            return Target(("votes", tuple(order), about), f"votes of {', '.join(order)}",
                          f"Fist of five (0-5) of {', '.join(order)}, in that order, e.g. 4 3 5: Enter records "
                          "them, hidden until F5", lambda text, by, kind: self._votes(order, text, about), armed=True)
        return None

    @staticmethod
    def _votes(order: list[str], text: str, objective: int | None = None) -> Plan:
        values = re.findall(r"\d+", text)
        if not values or len(values) > len(order) or any(int(v) > 5 for v in values) \
                or re.search(r"[^\d\s,;/]", text):
            raise Refused(f"Votes are numbers from 0 to 5, one per person in this order: {', '.join(order)}.")
        return [(ev.VoteCast, {"participant": name, "value": int(v), "objective": objective})
                for name, v in zip(order, values)]

    # -- rendering ---------------------------------------------------------------------------
    def render_state(self) -> None:
        phase = self.state.current_phase
        rnd = self.state.current_round
        threshold = self.state.session.agenda.validation_threshold
        limit = phase.rounds if phase.kind is PhaseKind.CATCHBALL else 0
        number = rnd.number if rnd else 0
        status = "closed" if rnd and rnd.closed else "open"
        counts = self._contribution_counts(number)
        on = ""
        if rnd is not None and len(self._objectives()) > 1:
            on = (f" · on objective {self._number(rnd.objective)}" if rnd.objective
                  else " · objective not named yet (F4 names it)")
        head = Content.assemble((f"Round {number} of {limit}", ".phase--head"), f" · {status}{on}", counts)
        self.query_one("#cb-round", Static).update(head)
        self.query_one("#cb-objective", Static).update(self._objective_view())
        self.query_one("#cb-votes", Static).update(self._vote_view(threshold, limit))
        keys = "Tab: panel · ↑↓ who · F4 type votes · F5 reveal · F6 close · F7 round · F8 revise"
        if len(self._objectives()) > 1:
            keys += " · ←→ objective"
        self.query_one("#cb-keys", Static).update(Content(keys))

    def _contribution_counts(self, number: int) -> Content:
        notes = [n for n in self.state.phase_notes() if n.round == number]
        parts = [f"{sum(1 for n in notes if n.type is t)} {t.value}" for t in CONTRIBUTION_TYPES
                 if any(n.type is t for n in notes)]
        return Content(" · heard: " + ", ".join(parts)) if parts else Content(" · F3 types what you hear")

    def _objective_view(self) -> Content:
        objective = self._current()
        if objective is None:
            return Content("No objective yet: go back to the leader's draft (PageUp) and write one.")
        many = len(self._objectives())
        versions = objective.versions
        label = f"Objective {self.selected + 1}/{many} · " if many > 1 else "Objective · "
        latest = versions[-1]
        when = "leader's draft" if latest.round == 0 else f"revised in round {latest.round}"
        head = Content.assemble((f"{label}v{len(versions)} ({when})", ".phase--head"))
        if len(versions) == 1:
            body = Content(latest.text)
        else:
            body = diff_content(versions[-2].text, latest.text)
        room = self._room_for_text()
        if room is not None and len(body.plain) > room:  # a short terminal: the votes stay in sight
            body = body[:room - 1] + Content("…")
        lines = [head, Content("  ") + body]
        if self.mode == "revise":
            lines.append(Content.assemble(("✎ REVISING: type the new wording in the capture line, Enter saves, "
                                           "Esc cancels", ".phase--mode")))
        return Content("\n").join(lines)

    def on_resize(self) -> None:
        self.render_state()

    def _room_for_text(self) -> int | None:
        """On a short terminal, the objective gets three lines, so the vote below it stays in sight."""
        if self.app.size.height >= SHORT or self.size.width < 10:
            return None
        return 3 * (self.size.width - 4) - 2

    def _vote_view(self, threshold: int, limit: int) -> Content:
        rnd = self.state.current_round
        people = self._people()
        if rnd is None:
            return Content("No round is open.")
        if not people:
            return Content("Fist of five: this session has no participants to vote.")
        objective = self._current()
        if objective is not None and rnd.objective is not None and rnd.objective != objective.id:
            return self._elsewhere(rnd, objective, limit)
        self.voter %= len(people)
        votes = rnd.vote_map()
        about = " on this objective" if len(self._objectives()) > 1 else ""
        parts: list[str | tuple[str, str] | Content] = [(f"Fist of five{about} ", ".phase--head")]
        for i, name in enumerate(people):
            if name not in votes:
                mark = "·"
            elif rnd.revealed:
                mark = str(votes[name]) + ("▼" if votes[name] < threshold else "")
            else:
                mark = "• voted"
            cell = f"{'▸' if i == self.voter else ' '}{name} {mark}"
            parts.append((cell, ".phase--selected") if i == self.voter else cell)
            parts.append("  ")
        lines = [Content.assemble(*parts)]
        if self.mode == "votes":
            lines.append(Content.assemble((f"✎ VOTES of {', '.join(self.vote_order)}: type them in the capture "
                                           "line, e.g. 4 3 5, Enter (Esc: cancel)", ".phase--mode")))
        lines.append(self._verdict(rnd, threshold, limit, len(people)))
        return Content("\n").join(lines)

    def _elsewhere(self, rnd: Round, objective: Objective, limit: int) -> Content:
        """The selected objective is not the one the open round discusses: its own standing instead."""
        left = limit - len(self.state.rounds)
        after = (f"F6 closes round {rnd.number}, F7 opens one on this objective" if left > 0 and not rnd.closed
                 else f"F7 opens round {len(self.state.rounds) + 1} on this objective" if left > 0
                 else "no rounds left for it")
        return Content("\n").join([
            Content.assemble(("Fist of five ", ".phase--head"),
                             f"· round {rnd.number} discusses objective {self._number(rnd.objective)}, not this one"),
            Content.assemble(("This objective: ", ".phase--muted"), objective_vote(self.state, objective.id),
                             f" · {after}"),
        ])

    def _number(self, objective: int | None) -> str:
        ids = [o.id for o in self._objectives()]
        return str(ids.index(objective) + 1) if objective in ids else objective_label(self.state, objective)

    def _verdict(self, rnd: Round, threshold: int, limit: int, people: int) -> Content:
        left = limit - len(self.state.rounds)
        result = verdict(rnd, threshold)
        if not rnd.revealed:
            return Content(f"{result.votes} of {people} voted, hidden until F5 reveals them")
        if not result.votes:
            return Content("Revealed, but nobody has voted yet.")
        if result.validated:
            return Content.assemble(("✔ " + result.sentence(threshold), ".phase--good"))
        after = (f"F7 opens round {len(self.state.rounds) + 1} of {limit}" if left > 0
                 else f"no rounds left (the agenda allows {limit}): decide with the room")
        return Content.assemble(("✗ " + result.sentence(threshold), ".phase--flag"), f" · {after}")

    # -- keys ------------------------------------------------------------------------------------
    def action_voter(self, step: int) -> None:
        people = self._people()
        if people:
            self.voter = (self.voter + step) % len(people)
            self.render_state()

    def action_objective(self, step: int) -> None:
        objectives = self._objectives()
        if objectives:
            self.selected = (self.selected + step) % len(objectives)
            self.render_state()

    def action_votes(self) -> None:
        people = self._people()
        if not people:
            self.notify("This session has no participants to vote.", severity="warning")
            return
        objective = self._current()
        refusal = vote_refusal(self.state, objective.id if objective else None)
        if refusal:
            self.notify(refusal, severity="warning", timeout=6)
            return
        self.voter %= len(people)
        self.vote_order = people[self.voter:] + people[:self.voter]
        self.voting_on = objective.id if objective else None
        self.arm("votes")

    def action_reveal(self) -> None:
        self.command(ev.VotesRevealed)

    def action_close_round(self) -> None:
        self.command(ev.RoundClosed)

    def action_new_round(self) -> None:
        objective = self._current()
        self.command(ev.RoundOpened, objective=objective.id if objective else None)

    def action_revise(self) -> None:
        objective = self._current()
        if objective is None:
            self.notify("There is no objective to revise yet.", severity="warning")
            return
        self.revising = objective.id
        self.arm("revise")
