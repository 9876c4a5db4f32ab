"""Catchball rounds and the objective each one discusses: votes and VALIDATED belong to a round.

A round names its objective when it is opened on one (F7 with that objective selected) or, for
the round the phase opens by itself, with its first vote. The panel, the Markdown and JSON
reports and the end-of-session summary all ask these functions, so they cannot disagree on
which objective a vote was about.
"""

from __future__ import annotations

from dataclasses import dataclass

from .records import Round
from .state import State


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a round's vote says, once revealed."""

    votes: int
    revealed: bool
    lowest: int | None
    below: tuple[str, ...]  # who voted under the threshold
    validated: bool

    def sentence(self, threshold: int) -> str:
        if not self.votes:
            return "no votes yet"
        if not self.revealed:
            return f"{self.votes} vote{'' if self.votes == 1 else 's'}, hidden until revealed"
        if self.validated:
            return f"VALIDATED: lowest {self.lowest}, nobody below {threshold}"
        return f"NOT YET: lowest {self.lowest}; below {threshold}: {', '.join(self.below)}"


def verdict(rnd: Round, threshold: int) -> Verdict:
    votes = rnd.vote_map()
    below = tuple(name for name, value in votes.items() if value < threshold)
    return Verdict(len(votes), rnd.revealed, min(votes.values()) if votes else None, below,
                   rnd.revealed and bool(votes) and not below)


def rounds_on(state: State, objective: int) -> list[Round]:
    """The rounds that discussed `objective`, in order."""
    return [r for r in state.rounds if r.objective == objective]


def objective_number(state: State, objective: int) -> int:
    """An objective's place among the session's objectives, from 1: how the room names it."""
    return list(state.objectives).index(objective) + 1


def objective_label(state: State, objective: int | None) -> str:
    """How a round's objective is named next to its votes: its place among the objectives and its words."""
    if objective is None or objective not in state.objectives:
        return "no objective named"
    number = objective_number(state, objective)
    words = " ".join(state.objectives[objective].text.split())
    return f"objective {number} «{words if len(words) <= 48 else words[:47] + '…'}»"


def sole_candidate(state: State) -> int | None:
    """The one objective on the table (not parked), if there is exactly one."""
    sole = None
    for i in state.objectives:  # stops at the second: a long log's every vote must not walk them all
        if i not in state.parked:
            if sole is not None:
                return None
            sole = i
    return sole


def round_about(state: State, rnd: Round) -> str:
    """What a round discusses, in words anyone in the room reads the same: the objective it names (as
    `objective_label` names it beside the votes), the only one on the table while no vote has named
    it yet, or that it is not named yet."""
    objective = rnd.objective if rnd.objective is not None else sole_candidate(state)
    if objective is None or objective not in state.objectives:
        return "an objective not named yet"
    return objective_label(state, objective)


def objective_vote(state: State, objective: int) -> str:
    """One objective's standing in the vote: its last round's verdict, or that it was not yet discussed."""
    rounds = rounds_on(state, objective)
    if not rounds:
        return "not yet discussed in a catchball round"
    last, threshold = rounds[-1], state.session.agenda.validation_threshold
    return f"round {last.number}: {verdict(last, threshold).sentence(threshold)}"


def vote_refusal(state: State, objective: int | None) -> str | None:
    """Why votes for `objective` cannot go into the open round (None: they can)."""
    rnd = state.current_round
    if rnd is None or rnd.closed:
        return "Open a catchball round first."
    if objective is not None and objective not in state.objectives:
        return f"There is no objective #{objective} in this session."
    if objective is not None and rnd.objective is not None and objective != rnd.objective:
        return (f"Round {rnd.number} discusses {objective_label(state, rnd.objective)}: its votes are for that "
                "one. Close the round (F6) and open one on this objective (F7).")
    return None
