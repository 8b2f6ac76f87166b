"""A route's status timeline from dated claims, as a careful analyst draws it. Pure functions.

1. One claim per document and route: the strongest (fact > plan > idea), ties to the latest event date.
2. Across documents, in date order: stages only advance (potential → proposed → agreed →
   under_construction → operational); a later, weaker mention of a stage already reached does not
   set the route back. Only a reported regression (suspended, cancelled) moves it back, and from
   there only a reported fact (a restart, or any stage reported as done) moves it again.
3. Curated entries speak for their document (its extracted claims are left out) and follow the same
   rules, except that a curated restatement of the status in force is an entry of its own.
4. Construction needs more than one text saying it began (Global Energy Monitor counts it once
   physical work is seen): when ``settings.CONSTRUCTION_DOUBTS`` later documents report an agreement
   being signed as a fact, the route is back at agreed.
5. Staleness (after Global Energy Monitor's "cancelled – inferred 4 y"): a route still short of
   construction with nothing new for ``settings.INFERRED_CANCELLED_YEARS`` before the latest
   document gets an *inferred* cancelled entry (no quote, no document).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from corridors import settings
from corridors.model import Mention, StatusEntry
from corridors.status.confidence import claim_confidence

STAGES = ("potential", "proposed", "agreed", "under_construction", "operational")
#: Sources of a person's word: the route file, or a decision on an extracted claim (``inputs.reviews``).
PERSON = ("curated", "reviewed")
#: The basis of a status, by the source of the entry that set it (GeoJSON ``status_basis``).
BASIS = {"curated": "curated", "reviewed": "reviewed", "extracted": "auto", "inferred": "auto"}
REGRESSIONS = ("suspended", "cancelled")
_STRENGTH = {"idea": 0, "plan": 1, "fact": 2}


@dataclass(frozen=True)
class Decision:
    """A claim of the timeline, whether it set the status, and why not if it did not."""

    entry: StatusEntry
    kept: bool
    reason: str


def document_statuses(mentions: list[Mention]) -> dict[tuple[str, str], Mention]:
    """(doc, route) -> the mention whose claim stands for the document: the strongest, then the
    latest event date (an undated claim is as of the document's date), then the highest stage. A
    document that schedules the route's start for a later date announces it: its undated report of
    the route as operational ("launched flights") is read as that plan."""
    scheduled = {(m.doc, m.route) for m in mentions if m.strength == "plan" and m.target_date}
    best: dict[tuple[str, str], Mention] = {}
    for m in mentions:
        if (m.doc, m.route) in scheduled and m.status == "operational" and m.strength == "fact" and not m.event_date:
            m = replace(m, status="proposed", strength="plan")  # "launched flights" that start on a later date
        if m.status and (key := (m.doc, m.route)) and (key not in best or _rank(m) > _rank(best[key])):
            best[key] = m
    for m in mentions:  # the same status, told with the date it was reached: "signed in February 2021"
        key = (m.doc, m.route)
        chosen = best.get(key)
        if (
            chosen
            and not chosen.event_date
            and m.event_date
            and (m.status, m.strength) == (chosen.status, chosen.strength)
        ):
            best[key] = max(m, best[key], key=lambda x: x.event_date)
    return best


def _rank(m: Mention) -> tuple:
    stage = STAGES.index(m.status) if m.status in STAGES else len(STAGES)
    return _STRENGTH.get(m.strength or "fact", 2), m.event_date or "~", stage


def curated(entries: tuple[StatusEntry, ...], reported: dict[str, str]) -> list[StatusEntry]:
    """Curated entries with their document's date as reported date, an own date as event date, and
    a strength by status (a potential route is an idea, a proposed one a plan)."""
    return [
        replace(
            e, reported_date=reported[e.doc], event_date=e.date if e.date != reported[e.doc] else "", cue=None,
            strength={"potential": "idea", "proposed": "plan"}.get(e.status, "fact"),
        )
        for e in entries
    ]  # fmt: skip


def claims_by_route(mentions: list[Mention], reported: dict[str, str]) -> dict[str, list[StatusEntry]]:
    """Each route's extracted claims, one per dated document, as status entries (route id -> claims),
    each with its confidence (``claim_confidences``)."""
    chosen = {key: m for key, m in document_statuses(mentions).items() if reported.get(key[0])}
    confidence = claim_confidences(mentions, chosen, reported)
    out: dict[str, list[StatusEntry]] = {}
    for (doc, rid), m in sorted(chosen.items()):
        date = m.event_date or reported[doc]
        out.setdefault(rid, []).append(
            StatusEntry(
                date, m.status, m.quote, doc, source="extracted", event_date=m.event_date,
                reported_date=reported[doc], strength=m.strength or "fact", cue=m.cue,
                confidence=confidence[(doc, rid)],
            )
        )  # fmt: skip
    return out


def claim_confidences(
    mentions: list[Mention], chosen: dict[tuple[str, str], Mention], reported: dict[str, str]
) -> dict[tuple[str, str], float]:
    """(doc, route) -> the confidence of each document's claim in ``chosen``: the other mentions of
    its document that say the same and the other documents' claims that agree raise it; those of
    documents published within ``settings.DISPUTE_DAYS`` that say another status lower it."""
    said: dict[tuple[str, str], list[str | None]] = {}
    for m in mentions:
        said.setdefault((m.doc, m.route), []).append(m.status)
    out = {}
    for (doc, rid), m in chosen.items():
        others = [(c.status, d) for (d, r), c in chosen.items() if r == rid and d != doc]
        agreeing = sum(status == m.status for status, _ in others)
        disputing = sum(
            status != m.status and abs(_days(reported[d]) - _days(reported[doc])) <= settings.DISPUTE_DAYS
            for status, d in others
        )
        out[(doc, rid)] = claim_confidence(m, max(said[(doc, rid)].count(m.status) - 1, 0), agreeing, disputing)
    return out


def decide(curated: list[StatusEntry], claims: list[StatusEntry]) -> list[Decision]:
    """Every entry in date order, with whether it set the status and why not."""
    curated_docs = {e.doc for e in curated}
    entries = sorted([*curated, *claims], key=lambda e: (e.date, e.reported_date, e.source in PERSON, e.doc))
    decisions: list[Decision] = []
    state: int | None = None  # index in decisions of the entry in force
    doubting: set[str] = set()  # documents that report an agreement as done after construction was claimed
    agreeing: dict[int, set[str]] = {}  # index in decisions -> later documents of the same status
    disputed: dict[int, set[str]] = {}
    for entry in entries:
        current = decisions[state].entry if state is not None else None
        reason = _outranked(entry, current, curated_docs)
        if reason.startswith("weaker") and _doubts(entry, current):
            doubting.add(entry.doc)
            if len(doubting) >= settings.CONSTRUCTION_DOUBTS:
                reason = ""  # construction counts once work is seen going on, not when one text says it began
        if (entry.source not in PERSON and entry.doc in curated_docs) or _pending(entry):
            pass  # the curator's word on this document, not a second voice
        elif reason and current and entry.status == current.status:
            agreeing.setdefault(state, set()).add(entry.doc)
        elif reason and current and _disputes(entry, current):
            disputed.setdefault(state, set()).add(entry.doc)
        decisions.append(Decision(entry, not reason, reason))
        if not reason:
            state, doubting = len(decisions) - 1, set()
    for i in agreeing.keys() | disputed.keys():
        decisions[i] = replace(decisions[i], entry=_with(decisions[i].entry, agreeing.get(i, ()), disputed.get(i, ())))
    return decisions


def history(curated: list[StatusEntry], claims: list[StatusEntry], latest: str) -> list[StatusEntry]:
    """Every entry in date order, each with the reason it did not set the status ('' if it did),
    and an inferred one where the route went quiet."""
    decisions = decide(curated, claims)
    kept = [d.entry for d in decisions if d.kept]
    return [replace(d.entry, reason=d.reason) for d in decisions] + _inferred(kept, [*curated, *claims], latest)


def as_dict(entry: StatusEntry, approximate: bool) -> dict:
    """A status entry as the GeoJSON holds it (see COMMON contract)."""
    return {
        "date": entry.date,
        "event_date": entry.event_date,
        "reported_date": entry.reported_date,
        "date_approximate": approximate,
        "status": entry.status,
        "quote": entry.quote,
        "doc": entry.doc,
        "cue": entry.cue,
        "strength": entry.strength,
        "source": entry.source,
        "agreeing": list(entry.agreeing),
        "disputed": list(entry.disputed),
        "confidence": entry.confidence,
    }


_FIELDS = ("date", "status", "quote", "doc", "source", "event_date", "reported_date", "strength", "cue", "confidence")


def replay(claims: list[dict], day: str) -> list[dict]:
    """The status history as it stood on ``day`` (ISO), drawn again from the GeoJSON's
    ``status_claims`` published by then: no later document outranks, agrees or disputes."""
    kept = [c for c in claims_as_of(claims, day) if not c["reason"]]
    return [{k: v for k, v in c.items() if k != "reason"} for c in sorted(kept, key=lambda c: (c["date"],
            c["source"] in PERSON))]  # fmt: skip


def claims_as_of(claims: list[dict], day: str) -> list[dict]:
    """The GeoJSON's ``status_claims`` published by ``day``, each with the reason it did not set
    the status then ('' if it did)."""
    known = [c for c in claims if c["source"] != "inferred" and (c.get("reported_date") or c["date"]) <= day]
    entries = [StatusEntry(**{k: c[k] for k in _FIELDS if k in c}) for c in known]
    approximate = {(c["doc"], c["source"], c["date"], c["status"]): c.get("date_approximate", False) for c in known}
    drawn = history([e for e in entries if e.source in PERSON], [e for e in entries if e.source not in PERSON], day)
    return [
        {**as_dict(e, approximate.get((e.doc, e.source, e.date, e.status), True)), "reason": e.reason} for e in drawn
    ]


def _outranked(entry: StatusEntry, current: StatusEntry | None, curated_docs: set[str]) -> str:
    if entry.source == "extracted" and entry.doc in curated_docs:
        return "curated over: the curator speaks for this document"
    if _pending(entry):
        if not entry.confidence:
            return "rejected by a review"
        return f"pending: confidence {entry.confidence:.2f} below settings.AUTO_ACCEPT, not reviewed"
    if current is None:
        return ""
    if entry.status == current.status:  # the curator's restatement is an entry of its own
        return "" if entry.source in PERSON else f"agrees with {current.doc}"
    if entry.status in REGRESSIONS:
        return "" if entry.strength == "fact" else f"weaker: a {entry.strength}, not a reported {entry.status}"
    if current.status in REGRESSIONS:
        return "" if entry.strength == "fact" else f"weaker: a {entry.strength} after {current.status}, no restart"
    if STAGES.index(entry.status) > STAGES.index(current.status):
        return ""
    return f"weaker: {entry.status} after {current.status} ({current.doc}); stages only advance"


def _pending(entry: StatusEntry) -> bool:
    """An extracted claim below ``settings.AUTO_ACCEPT`` (a rejected one has confidence 0): no person
    confirmed it and it is not likely enough to move the map."""
    return entry.source == "extracted" and entry.confidence < settings.AUTO_ACCEPT


def _doubts(entry: StatusEntry, current: StatusEntry) -> bool:
    """A later document reporting an agreement as done, while construction is said to be under way."""
    return current.status == "under_construction" and entry.status == "agreed" and entry.strength == "fact"


def _disputes(entry: StatusEntry, current: StatusEntry) -> bool:
    """A claim of the same strength, reported within ``settings.DISPUTE_DAYS`` of the one in force."""
    if entry.strength != current.strength or entry.source != "extracted":
        return False
    return abs(_days(entry.reported_date) - _days(current.reported_date)) <= settings.DISPUTE_DAYS


def _with(entry: StatusEntry, agreeing: Iterable[str], disputed: Iterable[str]) -> StatusEntry:
    return replace(
        entry,
        agreeing=tuple(sorted({*entry.agreeing, *agreeing} - {"", entry.doc})),
        disputed=tuple(sorted({*entry.disputed, *disputed} - {""})),
    )


def _inferred(kept: list[StatusEntry], entries: list[StatusEntry], latest: str) -> list[StatusEntry]:
    if not kept or kept[-1].status not in STAGES[:3] or not latest:
        return []
    last = max(e.reported_date or e.date for e in entries)
    years = settings.INFERRED_CANCELLED_YEARS
    if _days(latest) - _days(last) < years * 365.25:
        return []
    date = f"{int(last[:4]) + years:04d}{last[4:]}"
    return [StatusEntry(date, "cancelled", "", "", source="inferred", reported_date=date, strength="idea")]


def _days(iso: str) -> float:
    """Days since year 0 of an ISO date, partial dates from their first day."""
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return parts[0] * 365.25 + (parts[1] - 1) * 30.44 + parts[2] - 1
