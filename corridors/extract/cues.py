"""Status cues and the claims they make: the status a passage signals, how strongly (an event
reported as done, a plan, an idea) and when (the passage's own date expression)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from corridors.extract.clauses import own_span
from corridors.extract.dates import DateExpr, find_dates, nearest

Status = Literal["operational", "suspended", "under_construction", "agreed", "proposed", "potential", "cancelled"]
Strength = Literal["fact", "plan", "idea"]
#: How a cue moves a route: to a stage, back (regression), or forth again (restart).
Kind = Literal["stage", "regression", "restart"]
STRENGTHS: tuple[Strength, ...] = ("idea", "plan", "fact")  # weakest first

_VEHICLES = (
    r"(?:trucks?|lorr(?:y|ies)|trains?|flights?|ships?|vessels?|convoys?|consignments?|shipments?|cargo|goods"
    r"|bus(?:es)?|containers?|gas)"
)
# Status cues, most specific first: among the cues of one strength, the first row that matches wins.
# Rows: (status, kind, pattern). A stage cue in the future is a plan (proposed), under a modal an idea.
STATUS_CUES: list[tuple[Status, Kind, str]] = [
    (
        "cancelled",
        "regression",
        r"cancell?ed|scrapped|abandoned|shelved|mothballed|called off|terminated",
    ),
    ("operational", "restart", r"re-?opened|resum\w*|restored|revived?|restart\w*|relaunch\w*"),
    (
        "suspended",
        "regression",
        r"suspend\w*|halted|closed(?!-door)|closure|shut|shut down|stopped|paused|blocked|on hold|submerged?"
        r"|washed away|discontinued",
    ),
    (
        "under_construction",
        "stage",
        r"under construction|being built"
        r"|(?:construction|building|groundwork|earthworks?|track-?laying) (?:[\w-]+ ){0,8}?(?:began|begun|started"
        r"|commenced|is underway)"
        r"|(?:began|begun|started|commenced) (?:the )?construction|construction (?:is|was) (?:being )?carried out"
        r"|work (?:has|had) (?:begun|started)|ground-?breaking|broke ground|ground was broken|laid the foundation"
        r"|work on (?:[\w'’-]+ ){1,8}?(?:began|begun|started|commenced|is underway|is under way)"
        r"|\d[\d,.]* ?(?:km|kilomet(?:er|re)s?|miles?|per ?cent|%)\s+(?:[\w-]+ ){0,6}?completed"
        r"|(?:phase|section|stretch|segment|part) (?:[\w-]+ ){0,6}?(?:was|has been|have been|is|were) completed",
    ),
    (
        "operational",
        "stage",
        r"operational|operationali[sz]ed|in operation|launched|inaugurated|opened|in use|use today|currently used"
        r"|(?:was|were|been) commissioned|(?:is|are|became|now) (?:fully )?functional"
        r"|for the first time|(?:first|inaugural|maiden) (?:[\w-]+ ){0,2}?(?:shipments?|consignments?|cargo"
        r"|trains?|flights?|convoys?|trucks?|vessels?|ships?|passengers?)|trial (?:run|shipment|train|flight)s?"
        r"|pilot (?:run|shipment|train|flight)s?|now (?:runs?|operates?|connects?|fl(?:y|ies))"
        r"|can now (?:[\w-]+ ){0,2}?(?:fly|travel|ship|send|drive|reach|use)"
        rf"|(?:sent|dispatched|shipped) (?:a |an |the |its |their )?(?:first )?(?:[\w-]+ ){{0,2}}?{_VEHICLES}"
        r"|(?:began|begun|started|kicked off) (?:using|operating|running|carrying"
        r"|delivering|transporting|moving|shipping)|(?:daily|weekly|regular|scheduled) (?:flights?|services?|trains?)"
        rf"|{_VEHICLES} (?:[\w-]+ ){{0,8}}?"
        r"(?:arrived|reached|transported|delivered|covered|embarked|departed|entered|crossed|drove|travell?ed"
        r"|(?:are|is|were|was|have been|has been) (?:now )?(?:running|operating|plying|flowing)|pl(?:y|ies|ied)"
        r"|flow(?:s|ed)"
        r"|rolled|unloaded|made (?:the|its|their) (?:first )?(?:journey|trip|run))"
        r"|(?:expansion|upgrad\w*|widening|rehabilitation|moderni[sz]ation) (?:[\w-]+ ){0,6}?(?:is|are) (?:currently )?"
        r"(?:underway|under way|in progress|ongoing)",
    ),
    (
        "agreed",
        "stage",
        r"signed|inked|agreements?|protocols?|memorandum|mou|feasibility stud(?:y|ies)|agreed|accord|ratified"
        r"|(?:detailed|technical|engineering|route) surveys?|roadmap",
    ),
    ("operational", "stage", r"completed|completion"),  # of a survey, it is the survey's
    (
        "proposed",
        "stage",
        r"proposed|proposal|plans?|planned|planning|intend(?:s|ed)? to|aim(?:s|ed)? to|announced|announcement"
        r"|envisag\w*"
        r"|(?:will|would|shall) (?:be )?(?:able to )?(?:build|built|connect\w*|link\w*|launch\w*|start\w*|begin|open\w*"
        r"|operat\w*|run|flow|fly|travel|establish\w*|commence\w*)|(?:expected|set|scheduled) to"
        r"|due to (?:be|open|start|begin|launch|operate)",
    ),
    (
        "potential",
        "stage",
        r"potential|could|(?-i:may)|might|possible|possibility|possibly|options?|ideas?|prospects?|feasible"
        r"|consider(?:s|ing)|under consideration|studying|explor(?:es|ing)|floated|floating",
    ),
    ("potential", "stage", r"can be"),
    ("proposed", "stage", r"initiatives?|projects?"),  # weakest: a project may be anything
]
_CUES = [(status, kind, re.compile(rf"\b(?:{pattern})\b", re.I)) for status, kind, pattern in STATUS_CUES]
_FUTURE = re.compile(
    r"\b(?:will|would|shall|to be|(?:expected|set|scheduled|plans?|aims?|hopes?|intends?|ready|willing) to"
    r"|planned|proposed|once|if)\b",
    re.I,
)
_MODAL = re.compile(r"\b(?:could|might|(?-i:may)|can)\b(?:\s+\w+){0,3}\s*$", re.I)
_NEGATED = re.compile(
    r"(?:\b(?:not|never|no longer|yet to|no)|n['’]t|\bno\s+\w+\s+(?:has|have|was|were|is|are))"
    r"\s+(?:yet\s+)?(?:be(?:en)?\s+)?$",
    re.I,
)
# an agreement named before the verb that puts it in the future: "a memorandum … is expected to be signed"
_AHEAD = re.compile(
    r"(?:\s+[\w'’-]+){0,6}?\s+(?:(?:is|are)\s+(?:expected|set|scheduled|due|likely|planned)\s+to"
    r"|(?:will|would|shall|is to|are to)\s+be\s+(?:signed|inked|concluded|finali[sz]ed))\b",
    re.I,
)
_TODAY = re.compile(r"\btoday\b", re.I)
#: What an opening verb opened decides the stage it reports: "launched flights" is operational, "launched the
#: construction" a construction, "launched a feasibility study" an agreed study, "launched talks" a plan. The
#: object follows the verb ("launched the construction of …"), or is its subject ("work has been launched").
_OPENING = re.compile(r"launch\w*|inaugurat\w*|open(?:ed|s|ing)?|initiat\w*|kick(?:ed|s)? off", re.I)
_OPENED: tuple[tuple[Status, Strength, str], ...] = (
    ("under_construction", "fact", r"construction|building|groundwork|earthworks?|works?|track-?laying|laying"),
    ("agreed", "fact", r"(?:feasibility |technical |design )?(?:stud(?:y|ies)|surveys?)"),
    ("proposed", "plan", r"talks|negotiations?|consultations?|discussions?|tenders?|bidding|preparations?"),
)
_OPENED_AFTER = [
    (status, strength, re.compile(rf"\s+(?:(?:the|a|an|its|their|new|next|first|joint)\s+){{0,2}}(?:{words})\b", re.I))
    for status, strength, words in _OPENED
]
_OPENED_BEFORE = [
    (
        status,
        strength,
        re.compile(
            rf"\b(?:{words})(?:\s+(?:on|of|for|at)\s+[^,;]{{0,60}}?)?\s+"
            r"(?:(?:has|have|had|was|were|is|are)\s+)?(?:been\s+)?$",
            re.I,
        ),
    )
    for status, strength, words in _OPENED
]
_PLAN_STATUS = {"proposed", "agreed"}  # statuses that are plans however they are told


@dataclass(frozen=True)
class Claim:
    """What a passage says of a route's state: status, strength, the words, and the event date
    (ISO, '' when the text gives none or gives one after the document's date: a target, not an event)."""

    status: Status
    strength: Strength
    cue: str
    kind: Kind
    event_date: str = ""
    target_date: str = ""  # a date the text gives after the document's: when a plan is to happen


def strongest_claim(text: str, reported: str = "") -> Claim | None:
    """The strongest claim of ``text`` (see :func:`strongest`)."""
    dates: list[DateExpr] | None = None  # read once, and only for a passage with a cue

    def make(match: re.Match, status: Status, kind: Kind) -> Claim | None:
        nonlocal dates
        dates = find_dates(text, reported) if dates is None else dates
        return _claim(text, match, status, kind, _own_date(dates, text, *match.span()), reported)

    return strongest(_CUES, text, make)


def strongest(cues: list[tuple[Status, Kind, re.Pattern]], scanned: str, make) -> Claim | None:
    """The strongest claim ``make(match, status, kind)`` reads from the cues found in ``scanned`` (the first
    cue of each row speaks for the row): fact > plan > idea; among facts, the latest event (an undated
    one is as of the report: "construction began in 2009 … opened" is open); then the first in the cue
    table, a row's own status before another's reading of it ("will be launched" is the plan row's).
    Shared by the cue tables of every language."""
    found: list[tuple[tuple, Claim]] = []
    for row, (status, kind, pattern) in enumerate(cues):
        for match in pattern.finditer(scanned):
            if claim := make(match, status, kind):
                when = (claim.event_date or "~") if claim.strength == "fact" else ""
                found.append(((STRENGTHS.index(claim.strength), when, claim.status == status, -row), claim))
                break
    return max(found, key=lambda f: f[0])[1] if found else None


def _own_date(dates: list[DateExpr], text: str, start: int, end: int) -> str:
    """The date of the expression nearest to the cue ``text[start:end]`` within its own clause, or ''."""
    spans = own_span(text, start, end)
    return nearest([d for d in dates if any(a <= d.start and d.end <= b for a, b in spans)], start, end)


def status_cue(text: str) -> tuple[str | None, str | None]:
    """The status a passage signals and the words that signal it (its strongest claim)."""
    claim = strongest_claim(text)
    return (claim.status, claim.cue) if claim else (None, None)


def _claim(text: str, match: re.Match, status: Status, kind: Kind, event: str, reported: str) -> Claim | None:
    start, end = match.span()
    if _NEGATED.search(text, max(0, start - 30), start):
        return None  # "have not yet been restored" says the opposite
    cue = match.group(0)
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    # "will be launched"; and for an opening, words after it too ("the first flight is expected")
    future = bool(
        _FUTURE.search(before)
        or (status == "operational" and kind == "stage" and _FUTURE.search(after))
        or (status == "agreed" and _AHEAD.match(text, end))
    )
    target = ""
    if reported and event > reported:
        event, target = "", event  # a date to come is a target, not the date of an event
    today = future and bool(_TODAY.search(text)) and kind == "stage" and status == "operational"
    if status == "potential":
        return Claim(status, "idea", cue, kind, event)
    if kind == "restart" and not future and _opened(text, start, end, after=False) == ("under_construction", "fact"):
        return Claim("under_construction", "fact", cue, kind, event)  # "work on the pipeline has resumed"
    if status == "operational" and kind == "stage" and _OPENING.fullmatch(cue):
        opened = _opened(text, start, end)
        if opened and not future:
            return Claim(opened[0], opened[1], cue, kind, event, target)
        if opened:
            return Claim("proposed", "plan", cue, kind, event, target)
    if status == "proposed" or (status in _PLAN_STATUS and future):
        return Claim("proposed" if future else status, "plan", cue, kind, event, target)
    if _MODAL.search(before):
        return Claim("potential", "idea", cue, kind, event) if kind == "stage" else None
    if future and not today:
        if kind == "restart":
            return Claim("suspended", "fact", cue, kind, event)  # "will resume": stopped now
        return Claim("proposed", "plan", cue, "stage", event, target) if kind == "stage" else None
    return Claim(status, "fact", cue, kind, reported if today else event)


def _opened(text: str, start: int, end: int, after: bool = True) -> tuple[Status, Strength] | None:
    """The stage an opening verb at ``text[start:end]`` opened, when its object (``after``) or subject
    names one that is not a service (see ``_OPENED``); the subject read in the verb's own clause, past
    any aside ("work on the pipeline, which was halted in 2021, has resumed")."""
    for status, strength, pattern in _OPENED_AFTER if after else ():
        if pattern.match(text, end):
            return status, strength
    before = "".join(text[a : min(b, start)] for a, b in own_span(text, start, end) if a < start)[-80:]
    for status, strength, pattern in _OPENED_BEFORE:
        if pattern.search(before):
            return status, strength
    return None
