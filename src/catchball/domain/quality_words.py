"""The word classes of the OKR coach: verbs that name work or change, nouns for outputs,
results, metrics and artifacts, built once at import time (see ``quality_rules.py``)."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- words

WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")

IRREGULAR = {
    "build": ("built",),
    "rebuild": ("rebuilt",),
    "write": ("wrote", "written"),
    "rewrite": ("rewrote", "rewritten"),
    "run": ("ran",),
    "hold": ("held",),
    "send": ("sent",),
    "make": ("made",),
    "begin": ("began", "begun"),
    "set": ("set",),
    "teach": ("taught",),
    "give": ("gave", "given"),
    "speak": ("spoke", "spoken"),
    "meet": ("met",),
    "do": ("did", "done"),
    "undertake": ("undertook", "undertaken"),
    "put": ("put",),
    "draw": ("drew", "drawn"),
}
DOUBLING = re.compile(r"^(?:[^aeiou]*[aeiou])[bdgklmnprt]$")  # ship -> shipped, plan -> planned


def verb_forms(base: str) -> set[str]:
    """Inflected forms of a regular English verb (plus a few irregular ones)."""
    out = {base}
    if re.search(r"(?:s|sh|ch|x|z|o)$", base):
        out.add(base + "es")
    elif re.search(r"[^aeiou]y$", base):
        out.add(base[:-1] + "ies")
    else:
        out.add(base + "s")
    if base.endswith("e"):
        out.update({base + "d", (base[:-1] if not base.endswith("ee") else base) + "ing"})
    elif re.search(r"[^aeiou]y$", base):
        out.update({base[:-1] + "ied", base + "ing"})
    else:
        out.update({base + "ed", base + "ing"})
        if DOUBLING.match(base) and len(base) <= 4:
            out.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    out.update(IRREGULAR.get(base, ()))
    return out


def lemma_table(bases: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for base in bases.split():
        for form in verb_forms(base):
            table.setdefault(form, base)
    return table


# Verbs that name work to be done: a deliverable, an event, a task, an input.
DELIVERY_VERBS = lemma_table(
    """
    launch relaunch ship release deliver complete finish finalize finalise build rebuild
    implement write rewrite create design redesign develop deploy migrate transition move
    port switch upgrade update hold run host organize organise publish post hire recruit
    train introduce establish conduct document fix add enable integrate install refactor
    replace audit assess evaluate review research investigate explore analyze analyse define
    draft prepare plan schedule attend present speak talk meet interview email send contact
    start begin produce record film prototype pilot test configure code translate localize
    localise rebrand open submit negotiate provide offer teach coach mentor consolidate
    standardize standardise revamp overhaul rework refresh revise map outline brainstorm
    set roll kick reach clean make do pass obtain undertake put draw sunset deprecate retire
    adopt support certify collect gather distribute visit survey file close exhibit enrol enroll
    mail digitise digitize automate modernise modernize procure execute organize organise
    finalize finalise install complete consolidate standardize standardise translate expand
    """
)
# Particles that must follow for the verb to count ("roll out", not "roll").
PHRASAL_REQUIRED = {"set": "up", "roll": "out", "kick": "off", "reach": "out", "clean": "up"}
# Verbs that only count as work when they open the key result (imperative), since
# as a later word they are too often a noun ("the test suite", "a review score").
LEAD_ONLY = frozenset(
    "test review post record set map plan draft pilot code present run make do put open "
    "start begin pass reach clean kick roll move switch offer draw research support file close "
    "visit survey mail exhibit expand adopt collect gather distribute".split()
)
# Verbs whose count of people or deals is a result ("Onboard 300 clients", "Close 40 deals")
# but whose count of anything else is the team's own work ("Close 150 tickets").
ACQUIRE_VERBS = frozenset("onboard close land sign win acquire convert book".split())
# Work items and the team's own people: counting them counts effort, not a result.
WORK_ITEMS = frozenset("ticket tickets task tasks issue issues story stories bug bugs item items "
                       "action actions".split())
STAFF_NOUNS = frozenset(
    """
    contractor contractors engineer engineers designer designers hire hires freelancer freelancers
    intern interns agent agents rep reps representative representatives consultant consultants
    vendor vendors supplier suppliers manager managers recruit recruits trainer trainers
    analyst analysts volunteers volunteer
    """.split()
)

# Nouns made from task verbs: "Migration of X" names the same work as "Migrate X".
_NOMINAL_IRREGULAR = {
    "define": ("definition",), "publish": ("publication",), "deliver": ("delivery",),
    "introduce": ("introduction",), "produce": ("production",), "reduce": (), "execute": ("execution",),
    "complete": ("completion",), "procure": ("procurement",), "expand": ("expansion",),
    "adopt": ("adoption",), "prepare": ("preparation",), "install": ("installation",),
    "set": ("setup", "set-up"), "roll": ("rollout", "roll-out"), "kick": ("kickoff", "kick-off"),
    "clean": ("cleanup", "clean-up"), "sign": ("signoff", "sign-off"), "write": ("writing",),
    "go": ("go-live",), "analyze": ("analysis",), "analyse": ("analysis",), "revise": ("revision",),
    "transition": ("transition",), "pass": (), "do": (), "make": (), "put": (), "draw": (),
    "record": ("recording",), "post": ("posting",), "reach": (), "support": (), "offer": (),
    "open": ("opening",), "start": (), "begin": (), "move": (), "switch": ("switchover",),
}


def nominal_forms(base: str) -> set[str]:
    """Nouns naming the act of ``base``: -ation, -ion, -ment, -al, -ing and the bare verb."""
    if base in _NOMINAL_IRREGULAR:
        return set(_NOMINAL_IRREGULAR[base])
    out = {base, base + "s", base + "ment", base + "ing"}
    if base.endswith("e"):
        out.add(base[:-1] + "ing")
    if base.endswith(("ate", "ite")):
        out.add(base[:-1] + "ion")
    elif base.endswith(("ise", "ize")):
        out.add(base[:-1] + "ation")
    elif base.endswith("ete"):
        out.add(base[:-1] + "ion")
    elif base.endswith("ure"):
        out.add(base[:-1] + "ation")
    elif base.endswith("ct"):
        out.add(base + "ion")
    elif not base.endswith("e"):
        out.add(base + "ation")
    return out

# Verbs and adjectives that name a movement in a measure.
CHANGE_WORDS = lemma_table(
    """
    increase grow raise boost lift improve double triple quadruple halve reduce decrease
    lower cut drop shrink minimize minimise maximize maximise accelerate shorten speed
    expand eliminate eradicate achieve reach hit attain generate acquire retain convert
    earn gain win sign secure attract save onboard rise fall decline drive optimize
    optimise enhance strengthen better widen deepen climb exceed surpass beat
    """
) | {w: w for w in ("more less fewer faster slower higher lower greater better happier easier quicker cheaper "
                  "safer simpler smoother shorter healthier").split()}
VAGUE_WORDS = frozenset(
    "improve enhance optimize optimise better strengthen boost increase grow raise reduce "
    "decrease lower maximize maximise minimize minimise accelerate drive expand deepen "
    "happier easier quicker cheaper safer simpler smoother shorter healthier "
    "more less fewer faster higher greater lift streamline".split()
)

# Nouns for things a team makes (counting them counts output, not outcome).
OUTPUT_NOUNS = frozenset(
    """
    feature features webinar webinars workshop workshops post posts article articles blog
    blogs video videos episode episodes podcast podcasts component components integration
    integrations release releases sprint sprints meeting meetings session sessions training
    trainings course courses campaign campaigns email emails newsletter newsletters demo
    demos prototype prototypes report reports page pages task tasks story stories
    talk talks presentation presentations experiment experiments
    interview interviews test tests case-study case-studies whitepaper
    whitepapers ebook ebooks guide guides tutorial tutorials template templates screen
    screens mockup mockups wireframe wireframes dashboard dashboards doc docs document
    documents pr prs commit commits deploy deploys deployment deployments
    tweet tweets hackathon hackathons meetup meetups conference conferences
    """.split()
)
# Left out on purpose: reviews, calls, tickets, sessions, events. Outsiders produce
# those too ("25 reviews in the app store"), and a delivery verb ("conduct 10 reviews")
# already marks the team's own.

# Nouns for what the world does or who does it (counting them counts results).
RESULT_NOUNS = frozenset(
    """
    user users customer customers client clients visitor visitors member members subscriber
    subscribers employee employees staff driver drivers developer developers buyer buyers
    shopper shoppers patient patients student students learner learners reader readers
    viewer viewers player players partner partners account accounts merchant merchants
    seller sellers host hosts guest guests rider riders people person teams signups sign-ups
    registrations leads lead downloads installs installations mentions referrals deals orders
    purchases sales bookings renewals trials conversions followers fans mau dau wau arr mrr
    revenue dollars paying adopters advocates promoters households families companies
    organizations organisations businesses clinics schools stores shops restaurants
    """.split()
)
METRIC_NOUNS = frozenset(
    """
    rate rates ratio score scores nps csat ces satisfaction retention churn attrition
    conversion activation adoption engagement uptime downtime availability latency time
    times duration speed revenue arr mrr sales margin margins profit cost costs spend traffic
    visits views usage share coverage accuracy incidents incident errors error defects bugs
    complaints volume frequency growth ltv cac aov roi throughput velocity efficiency
    productivity utilization utilisation occupancy percent percentage mau dau wau mttr mtbf
    response resolution backlog signups sign-ups registrations leads downloads installs
    sessions rating ratings stickiness lifetime value count number level quality loss
    losses savings reach impressions clicks ctr bounce tickets volume waiting wait
    """.split()
)
# Things one improves by working on them (so "improve the X" is a task).
ARTIFACT_NOUNS = frozenset(
    """
    template templates page pages website site app apps flow flows ui ux design handling
    documentation docs tool tools tooling dashboard dashboards workflow workflows pipeline
    pipelines infrastructure architecture codebase code process processes guide guides
    playbook playbooks materials content framework frameworks module modules api apis
    checklist checklists form forms policy policies handbook wiki backlog roadmap
    """.split()
)
NUMBER_WORDS = frozenset(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion dozen half double twice triple
    """.split()
)
STOP_LEAD = frozenset(
    "we i you they our team squad will shall must should to also then first successfully "
    "fully finally and please let's lets".split()
)
PREPOSITIONS = frozenset(
    "of on in at for from to by with within without per across into onto over under "
    "about via through during before after until than as".split()
)
