"""Record the example session under sessions/ through the domain and the store.

    python scripts/record_example.py [--sessions-dir DIR]

Deterministic: a fixed start time and fixed offsets, so re-recording after a format
change gives the same folder and the same events.
"""

from __future__ import annotations

import argparse
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from catchball.domain import events as ev
from catchball.domain.model import Level, Participant, SessionFile, SessionInfo
from catchball.store.agendas import load_agenda
from catchball.store.live import LiveSession

START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
TITLE = "Northwind Books: Q1 2027 planning"


def record(sessions_dir: Path) -> Path:
    agenda = load_agenda("quarterly")
    people = [Participant.parse(s) for s in (
        "Maya Okafor:leader:Checkout", "Jonas Berg:member:Checkout", "Priya Nair:member:Checkout",
        "Leo Martins:member:Search", "Aiko Tanaka:member:Search")]
    file = SessionFile(
        session=SessionInfo(schema=1, id="example", title=TITLE, created=START, level=Level.PRODUCT),
        agenda=agenda, participants=tuple(people),
        carried={"prior_key_results": (
            "Raise checkout conversion on mobile from 1.8% to 2.4%",
            "Cut median page load on product pages from 3.1 s to 1.5 s",
            "Grow repeat purchases within 60 days from 22% to 27% of buyers",
        )},
    )
    clock = {"t": START}

    def at(seconds: float) -> datetime:
        clock["t"] += timedelta(seconds=seconds)
        return clock["t"]

    target = sessions_dir / f"{START:%Y-%m-%d}-northwind-books-q1-2027-planning"
    if target.exists():
        shutil.rmtree(target)
    live = LiveSession.create(sessions_dir, file, START)
    r = live.record

    # 1 readiness
    r(ev.ReadinessAnswered, at(40), question="strategy", answer="yes", note="Strategy memo from October")
    r(ev.ReadinessAnswered, at(30), question="aligned", answer="yes")
    r(ev.ReadinessAnswered, at(30), question="empowered", answer="partly", note="Search still takes tickets from sales")
    r(ev.ReadinessAnswered, at(25), question="safety", answer="yes")
    r(ev.ReadinessAnswered, at(25), question="overload", answer="partly", note="Two migrations in flight")
    r(ev.ActionRecorded, at(20), text="Stop one of the two migrations before the quarter starts", owner="Maya Okafor")
    r(ev.ReadinessAnswered, at(25), question="trust", answer="yes")
    r(ev.PhaseChanged, at(100), phase=1)
    # 2 grading
    krs = [e.seq for e in [r(ev.PriorKrAdded, at(5), text=t, source="carried") for t in file.carried.prior_key_results]]
    for kr, grade, pause in zip(krs, (0.7, 1.0, 0.2), (120, 90, 150)):
        r(ev.KrGraded, at(pause), kr=kr, grade=grade)
    r(ev.PhaseChanged, at(160), phase=2)
    # 3 retro
    r(ev.RetroNoted, at(300), kr=krs[0], field="why", text="Apple Pay landed in week 9; the lift came late")
    r(ev.RetroNoted, at(240), kr=krs[1], field="why", text="1.0 because the CDN switch alone did it: the target was too easy")
    r(ev.RetroNoted, at(200), kr=krs[1], field="learned", text="Ask what a stretch would be before fixing a target")
    r(ev.RetroNoted, at(260), kr=krs[2], field="obstacles", text="The loyalty e-mail was blocked by legal for six weeks")
    r(ev.RetroNoted, at(300), kr=krs[2], field="learned", text="Measure repeat purchase weekly, not at quarter end")
    r(ev.Noted, at(240), text="Grades are for learning: nobody's review depends on them", by="Maya Okafor")
    r(ev.PhaseChanged, at(120), phase=3)
    # 4 winning logic
    wl = {}
    for element, text, pause in (
        ("serve", "Readers who buy more than six books a year", 120),
        ("offer", "The fastest way from a recommendation to a book in hand", 150),
        ("win", "Independent-bookshop taste at online speed", 160),
        ("say_no", "No marketplace for third-party sellers this year", 140),
        ("belief", "Readers who find a second book within a week become regulars", 130),
        ("kpi", "Monthly active buyers (health, keep steady)", 90),
        ("kpi", "Checkout error rate below 0.5%", 80),
    ):
        wl[element] = r(ev.WinningLogicAdded, at(pause), element=element, text=text).seq
    r(ev.PhaseChanged, at(60), phase=4)
    # 5 draft
    o1 = r(ev.ObjectiveDrafted, at(200), text="Be the easiest place to find your next book",
           links=[wl["offer"], wl["belief"]]).seq
    o2 = r(ev.ObjectiveDrafted, at(180), text="Modernise the search platform", links=[wl["win"]]).seq
    r(ev.PhaseChanged, at(120), phase=5)
    # 6 catchball, round 1
    for who, kind, text, pause in (
        ("Jonas Berg", "question", "Easiest for whom: new visitors or our regulars?", 90),
        ("Leo Martins", "challenge", "Modernising search is a project, not an objective", 80),
        ("Priya Nair", "risk", "Recommendations depend on the catalogue clean-up Search owns", 100),
        ("Aiko Tanaka", "tweak", "Say 'second book' instead of 'next book': that is the belief", 90),
    ):
        r(ev.Noted, at(pause), text=text, by=who, type=kind)
    r(ev.ObjectiveRevised, at(60), objective=o1, text="Make finding a second book effortless for our regular readers")
    for who, value in (("Maya Okafor", 4), ("Jonas Berg", 3), ("Priya Nair", 2), ("Leo Martins", 4), ("Aiko Tanaka", 3)):
        r(ev.VoteCast, at(8), participant=who, value=value)
    r(ev.VotesRevealed, at(5))
    r(ev.RoundClosed, at(20))
    # round 2
    r(ev.RoundOpened, at(10))
    r(ev.Noted, at(120), text="If Search owns the catalogue KR, I can live with the dependency", by="Priya Nair", type="support")
    r(ev.ObjectiveRevised, at(90), objective=o1,
      text="Make finding a second book effortless for our regular readers this quarter")
    for who, value in (("Maya Okafor", 4), ("Jonas Berg", 4), ("Priya Nair", 3), ("Leo Martins", 4), ("Aiko Tanaka", 5)):
        r(ev.VoteCast, at(8), participant=who, value=value)
    r(ev.VotesRevealed, at(5))
    r(ev.RoundClosed, at(20))
    r(ev.PhaseChanged, at(30), phase=6)
    # 7 focus
    r(ev.DotsCast, at(30), objective=o1, dots=4)
    r(ev.DotsCast, at(20), objective=o2, dots=1)
    r(ev.FocusChosen, at(60), objective=o1)
    r(ev.ObjectiveParked, at(60), objective=o2,
      reason="Keep-the-lights-on work: the search upgrade runs as planned maintenance, not an OKR")
    r(ev.PhaseChanged, at(200), phase=7)
    # 8 key results
    k1 = r(ev.KrAdded, at(300), text="Increase buyers who purchase a second book within 30 days from 18% to 25%",
           metric="second purchase within 30 days", baseline="18%", target="25%", owner="Checkout",
           confidence=5).seq
    r(ev.KrAdded, at(240), text="Reduce median time from search to add-to-basket from 95 s to 60 s",
      metric="median search-to-basket time", baseline="95 s", target="60 s", owner="Search", confidence=6)
    k3 = r(ev.KrAdded, at(200), text="Launch the new recommendations carousel", owner="Checkout", confidence=9).seq
    r(ev.Noted, at(60), text="The coach flags the carousel as an activity: what changes for readers when it ships?",
      by="Jonas Berg", type="challenge")
    r(ev.KrEdited, at(120), kr=k3, text="Raise the share of sessions that click a recommendation from 4% to 9%",
      metric="recommendation click-through", baseline="4%", target="9%", confidence=5)
    r(ev.KrEdited, at(40), kr=k1, confidence=6)
    r(ev.PhaseChanged, at(120), phase=8)
    # 9 back-brief
    r(ev.BackBriefGiven, at(240), team="Checkout",
      words="Regular readers should find and buy their second book without friction",
      how="Recommendations at checkout and in the order e-mail", dependencies="Clean catalogue data from Search",
      worries="The legal review of e-mail content")
    r(ev.BackBriefMarked, at(30), team="Checkout", matches=True)
    r(ev.BackBriefGiven, at(240), team="Search", words="Make search faster for everyone",
      how="Upgrade the search cluster", worries="Capacity")
    r(ev.BackBriefMarked, at(30), team="Search", matches=False)
    r(ev.Noted, at(60), text="Search heard 'faster for everyone': we re-stated the regular-reader intent",
      by="Maya Okafor")
    r(ev.BackBriefGiven, at(120), team="Search", words="Help regular readers get from a search to a book they want faster",
      how="Tune ranking for repeat buyers; fix the catalogue gaps", dependencies="Checkout's click data",
      worries="Ranking changes need a week of data")
    r(ev.BackBriefMarked, at(30), team="Search", matches=True)
    r(ev.PhaseChanged, at(60), phase=9)
    # 10 commitments
    r(ev.CommitmentMade, at(60), team="Checkout", text="Ship the click tracking for recommendations by Friday")
    r(ev.CommitmentMade, at(60), team="Search", text="List the ten worst catalogue gaps by Thursday")
    r(ev.CadenceSet, at(90), checkin="Mondays 09:30, 15 minutes, top 3 initiatives and confidence",
      celebration="Fridays 16:00 demo and cake", peer_teams=["Payments", "Mobile", "Data"])
    r(ev.SessionFinished, at(30))
    live.close()
    return live.folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions-dir", type=Path, default=Path(__file__).resolve().parents[1] / "sessions")
    folder = record(parser.parse_args().sessions_dir)
    print(folder)


if __name__ == "__main__":
    main()
