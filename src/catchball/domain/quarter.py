"""The quarter's rhythm: the dates a planning session plans, and the quarter's OKR as a check-in
starts from it (`quarter_okr`). The board itself (values against the line, grades, flags) is
`domain.quarter_board`.

Pure functions: today's date is always passed in.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .model import QuarterKr, QuarterOkr, SessionInfo, SessionKind, WinningElement
from .record import replace
from .state import State

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")
_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|–|—)\s*(\d{4}-\d{2}-\d{2})\s*$")


def calendar_quarter(year: int, q: int) -> tuple[date, date]:
    start = date(year, 3 * (q - 1) + 1, 1)
    end = date(year + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def next_quarter(day: date) -> tuple[date, date]:
    """The calendar quarter after the one `day` is in: the one a planning session usually plans."""
    q = (day.month - 1) // 3 + 1
    return calendar_quarter(day.year + (q == 4), q % 4 + 1)


def parse_quarter(text: str) -> tuple[date, date]:
    """ "2027-Q1" (a calendar quarter) or "2027-01-06..2027-03-28"; ValueError in one sentence."""
    match = _QUARTER.match(text)
    if match:
        return calendar_quarter(int(match[1]), int(match[2]))
    match = _RANGE.match(text)
    if match:
        try:
            start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        except ValueError:
            raise ValueError(f"The quarter {text!r} has a date that does not exist.") from None
        if end <= start:
            raise ValueError(f"The quarter {text!r} ends before it starts.")
        if (end - start).days > 200:
            raise ValueError(f"The quarter {text!r} is longer than two seasons: plan a quarter at a time.")
        return start, end
    raise ValueError(f"The quarter must read like 2027-Q1 or 2027-01-04..2027-03-26, not {text!r}.")


def quarter_label(start: date, end: date) -> str:
    """ "2027-Q1" for a calendar quarter, else "2027-01-06..2027-03-28"."""
    q = (start.month - 1) // 3 + 1
    if (start, end) == calendar_quarter(start.year, q):
        return f"{start.year}-Q{q}"
    return f"{start:%Y-%m-%d}..{end:%Y-%m-%d}"


def quarter_of(info: SessionInfo) -> tuple[date, date]:
    """The quarter a session plans (or a check-in belongs to): as stated, else the next calendar
    quarter after the day it was held (sessions recorded before quarters were stated)."""
    if info.quarter_start is not None and info.quarter_end is not None:
        return info.quarter_start, info.quarter_end
    return next_quarter(info.created.date())


def checkin_day(info: SessionInfo) -> date:
    return info.checkin_date or info.created.date()


def is_checkin(info: SessionInfo) -> bool:
    return info.kind is SessionKind.CHECKIN


def quarter_okr(planning: State, checkins: list[State] = ()) -> QuarterOkr:
    """The quarter's OKR: the planning session's focus and key results (numbered from 1 as shown),
    with the considered changes made at the check-ins (oldest first) applied."""
    objective = planning.objectives[planning.focus].text if planning.focus in planning.objectives else None
    krs = [QuarterKr(number=i, text=kr.text, baseline=kr.baseline, target=kr.target, owner=kr.owner,
                     confidence=kr.confidence)
           for i, kr in enumerate(planning.key_results.values(), 1)]
    for checkin in checkins:
        for change in checkin.okr_changes:
            if change.kr is None:
                objective = change.text
            elif 1 <= change.kr <= len(krs):
                old = krs[change.kr - 1]
                krs[change.kr - 1] = replace(old, **{
                    "text": change.text, "baseline": change.baseline or old.baseline,
                    "target": change.target or old.target})
    winning = list(planning.winning.values())
    return QuarterOkr(
        objective=objective, key_results=tuple(krs),
        kpis=tuple(w.text for w in winning if w.element is WinningElement.KPI),
        say_no=tuple(w.text for w in winning if w.element is WinningElement.SAY_NO),
        winning_logic=tuple(w.text for w in winning if w.element not in (WinningElement.KPI,
                                                                          WinningElement.SAY_NO)),
    )


def current_okr(state: State) -> QuarterOkr | None:
    """A check-in's OKR as it stands now: its copy of the quarter's, with its own changes applied."""
    okr = state.session.quarter
    if okr is None or not state.okr_changes:
        return okr
    krs = {kr.number: kr for kr in okr.key_results}
    objective = okr.objective
    for change in state.okr_changes:
        if change.kr is None:
            objective = change.text
        elif change.kr in krs:
            old = krs[change.kr]
            krs[change.kr] = replace(old, **{"text": change.text, "baseline": change.baseline or old.baseline,
                                                    "target": change.target or old.target})
    return replace(okr, objective=objective, key_results=tuple(krs.values()))
