"""A review session: the queue of extracted claims (``status.queue``) one item at a time, each decision
written to the reviews file as it is made (atomically, ``inputs.reviews``), undo, and what a decision
would make of the route's map status, drawn by the build's own rules (``output.build.with_extracted_status``).
No terminal here: ``review.tui`` draws a session, ``corridors review --accept/--reject`` uses its decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from corridors import settings
from corridors.extract import collect
from corridors.geo.gazetteer import Gazetteer, default_gazetteer, fold
from corridors.inputs.reviews import Review, current, load_reviews, save_reviews
from corridors.inputs.stubs import Found, append_stub, stub
from corridors.model import Mention, StatusEntry
from corridors.output.build import Built, with_extracted_status
from corridors.status.queue import Item, Proposal, highlights, proposals, queue


def decision_on(item: Item, body: str, decision: str, reviewed: str, **changes) -> Review:
    """The analyst's ``decision`` (accept | reject | correct) on ``item``, whose document's text is
    ``body``, made on the day ``reviewed``; ``changes``: status, corrected_route, event_date, note."""
    start = body.index(item.quote)
    fields = {"status": item.status, **changes}
    end = start + len(item.quote)
    return Review(item.doc, item.route, item.quote, start, end, decision, reviewed=reviewed, **fields)


def locate(names: tuple[str, ...], gazetteer: Gazetteer) -> list[Found]:
    """A candidate's places, in order and once each, as the gazetteer finds them."""
    found = []
    for name in dict.fromkeys(names):
        iso = gazetteer.countries.get(fold(name))
        hits = [] if iso else gazetteer.candidates(name)
        own = [e for e in hits if fold(e.name) == fold(name)]  # Islamabad itself, not Chattogram's old name
        entry = max(own or hits, key=lambda e: e.population, default=None)
        if iso:
            found.append(Found(name, iso, "a country: name a place in it"))
        elif entry is None:
            found.append(Found(name, "", "not in the gazetteer: its country, lon and lat"))
        else:
            found.append(Found(entry.name, entry.country, lon=entry.lon, lat=entry.lat))
    return found


@dataclass(frozen=True)
class Shown:
    """What the screen shows of the item under review."""

    item: Item
    spans: list[tuple[int, int, str]]
    now: str  # the route's map status with the decisions made so far
    on_accept: str
    on_reject: str


@dataclass
class Session:
    """The queue of a build, the decisions made on it so far and where the analyst stands."""

    built: Built
    path: Path  # the reviews file
    today: str
    routes_path: Path | None = None  # the route file "make this a route" appends to
    earlier: list[Review] = field(init=False)  # the decisions the file held when the session began
    items: list[Item | Proposal] = field(init=False)
    made: list[tuple[int, Review]] = field(default_factory=list)  # (item index, decision), in the order made
    position: int = 0
    notes: dict[int, str] = field(default_factory=dict)  # item index -> the note for its decision
    made_routes: set[str] = field(default_factory=set)  # the ids of the stubs appended to the route file

    def __post_init__(self) -> None:
        self.earlier = load_reviews(self.path)
        self.sources = {s.id: s for s in self.built.sources}
        found = collect((e.mentions, e.candidates) for e in self.built.extractions.values())
        self.mentions: list[Mention] = found[0]
        self.items = [*queue(self.built.collection["features"]), *proposals(found[1])]
        self.features = {f["id"]: f["properties"] for f in self.built.collection["features"]}

    @property
    def item(self) -> Item | Proposal | None:
        """The item under review (None: the end of the queue)."""
        return self.items[self.position] if self.position < len(self.items) else None

    def decide(self, decision: str, **changes) -> Review:
        """Decide the item under review, write every decision to the file and move to the next item."""
        item = self.item
        if not isinstance(item, Item):
            msg = "not a claim: nothing to decide"
            raise TypeError(msg)
        note = {"note": self.notes[self.position]} if self.notes.get(self.position) else {}
        review = decision_on(item, self.sources[item.doc].body, decision, self.today, **note, **changes)
        self.made.append((self.position, review))
        self._save()
        self.position += 1
        return review

    def make_route(self, gazetteer: Gazetteer | None = None) -> str:
        """Append a stub of the candidate corridor under review to the route file (``inputs.stubs``),
        move to the next item, and return the new route's id."""
        item = self.item
        if not isinstance(item, Proposal) or self.routes_path is None:
            msg = "not a candidate corridor, or no route file"
            raise TypeError(msg)
        places = locate(item.places, gazetteer or default_gazetteer())
        taken = {r.id for r in self.built.routes} | self.made_routes
        candidate = {"phrase": item.phrase, "text": item.text, "doc": item.doc, "quote": item.quote}
        rid, text = stub(candidate, places, taken, self.today)
        append_stub(self.routes_path, text, settings.MAX_YAML_BYTES)
        self.made_routes.add(rid)
        self.position += 1
        return rid

    def skip(self) -> None:
        self.position = min(self.position + 1, len(self.items))

    def undo(self) -> Review | None:
        """Take back the last decision (from the file too) and stand on its item again."""
        if not self.made:
            return None
        self.position, review = self.made.pop()
        self._save()
        return review

    def _save(self) -> None:
        save_reviews([*self.earlier, *(r for _, r in self.made)], self.path)

    def drawn(self, route: str | None = None, extra: Review | None = None) -> dict[str, StatusEntry]:
        """Route id -> the entry its map status rests on, once the file's decisions, this session's
        and ``extra`` are applied (every route, or only ``route``)."""
        reviews = [*self.earlier, *(r for _, r in self.made), *([extra] if extra else [])]
        decided, _ = current(reviews, {doc: s.body for doc, s in self.sources.items()}, self.path)
        routes = [r for r in self.built.routes if route in (None, r.id)]
        mentions = [m for m in self.mentions if route in (None, m.route)]
        return {r.id: r.current for r in with_extracted_status(routes, mentions, self.sources, decided)}

    def unreviewed(self) -> int:
        """How many map statuses still rest on a reading no person confirmed."""
        return sum(e.source == "extracted" for e in self.drawn().values())

    def shown(self) -> Shown | None:
        """The claim under review as the screen shows it (None: the end of the queue, or a candidate)."""
        item = self.item
        if not isinstance(item, Item):
            return None
        p = self.features[item.route]
        words = [p["name"], *p["aliases"], *(w["name"] for w in p["waypoints"])]
        cue = next((c["cue"] for c in p["status_claims"] if c["doc"] == item.doc and c["source"] == "extracted"), None)
        body = self.sources[item.doc].body
        status = {
            decision: self.drawn(item.route, decision_on(item, body, decision, self.today))[item.route].status
            for decision in ("accept", "reject")
        }
        now = self.drawn(item.route)[item.route].status
        return Shown(item, highlights(item.quote, words, cue), now, *status.values())
