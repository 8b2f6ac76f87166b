"""The built GeoJSON as a contract: what ``corridors build`` writes and the dashboard reads.

Pydantic v2 in strict mode: exact types (no string for a number or a boolean, no number for a
string), statuses, modes, roles and strengths from the project's vocabularies, real calendar
dates, finite coordinates on the globe, bounded strings, and every document a route names
present in ``documents``. Extra keys are kept and ignored (nothing reads them), so a slimmer or
richer build (documents without ``body``, a route's ``quote_count``) still validates.
"""

from __future__ import annotations

import json
import reprlib
from typing import Annotated, Literal, NotRequired, TypedDict

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from corridors import settings
from corridors.model import MODES, PARTS, ROLES, STATUSES, calendar_date

#: Years a date may have: the Timeline's date axis (pandas) holds 1677-2262.
YEARS = (1800, 2199)
#: At most this many characters of an offending value are shown in an error.
SHOWN = 100

#: pydantic's words for a wrong type, in JSON's words.
_JSON_WORDS = {
    "model_type": "expected a JSON object",
    "model_attributes_type": "expected a JSON object",
    "dict_type": "expected a JSON object",
    "list_type": "expected a JSON array",
    "string_type": "expected a string",
    "bool_type": "expected true or false",
    "int_type": "expected an integer",
    "float_type": "expected a number",
}
_REPR = reprlib.Repr()  # keyword arguments only from Python 3.12
_REPR.maxlevel, _REPR.maxdict, _REPR.maxlist, _REPR.maxstring, _REPR.maxother = 2, 4, 4, SHOWN, SHOWN


def _date(value: str) -> str:
    if not YEARS[0] <= calendar_date(value).year <= YEARS[1]:
        msg = f"year outside {YEARS[0]}-{YEARS[1]}"
        raise ValueError(msg)
    return value


def _maybe_date(value: str) -> str:
    return _date(value) if value else value


def _text(max_length: int, min_length: int = 0):
    """A bounded string (pydantic refuses a lone surrogate, "\\ud800" in JSON, in a bounded string)."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length)]


Name = _text(500, 1)
Text = _text(500)
Long = _text(20_000)
Url = _text(2_000)
RouteId = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100)]
Lang = Annotated[str, Field(pattern=r"^[a-z]{2}$")]  # ISO 639-1
DocId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=200)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
IsoDate = Annotated[str, AfterValidator(_date)]
MaybeDate = Annotated[str, AfterValidator(_maybe_date)]  # '' for an undated document
Status = Literal[tuple(STATUSES)]
Mode = Literal[MODES]
Role = Literal[ROLES]
Part = Literal[PARTS]
Strength = Literal["fact", "plan", "idea"]
Km = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Lon = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Lat = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
Confidence = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


def _list(item, min_length: int = 0, max_length: int | None = None):
    """A list that stops at its first bad item: a file of a million bad items is one error, not a
    million (pydantic would otherwise build them all)."""
    return Annotated[list[item], Field(min_length=min_length, max_length=max_length, fail_fast=True)]


def _position(value: list[float]) -> list[float]:
    lon, lat = value
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        msg = "not [longitude, latitude] on the globe (-180..180, -90..90)"
        raise ValueError(msg)
    return value


Position = Annotated[_list(float, 2, 2), AfterValidator(_position)]


def _month_count(value: list) -> list:
    """``[month, status or "none", mentions]``: a row of the Timeline."""
    month, status, n = value
    if not (isinstance(month, str) and len(month) <= 7):
        msg = "the month must be YYYY-MM or YYYY"
        raise ValueError(msg)
    _date(month)
    if status not in (*STATUSES, "none"):
        msg = f"the status must be one of {', '.join(STATUSES)} or none"
        raise ValueError(msg)
    if type(n) is not int or n < 1:
        msg = "the count of mentions must be a positive integer"
        raise ValueError(msg)
    return value


MonthCount = Annotated[list, Field(min_length=3, max_length=3), AfterValidator(_month_count)]


def _at_least(model: BaseModel, key: str, given: int) -> None:
    """A count the file gives (it may leave it out) is at least the number of items it lists."""
    if key in model.model_fields_set and getattr(model, key) < given:
        msg = f"{key} {getattr(model, key)} is less than the {given} given"
        raise ValueError(msg)


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", allow_inf_nan=False)


class LineString(_Model):
    type: Literal["LineString"]
    coordinates: _list(Position, 2)


class MultiLineString(_Model):
    type: Literal["MultiLineString"]
    coordinates: _list(_list(Position, 2), 1)


class Entry(_Model):
    """A status entry of a route's history: the words of a document that back a status."""

    date: IsoDate
    event_date: MaybeDate
    reported_date: MaybeDate
    date_approximate: bool
    status: Status
    quote: Long
    doc: DocId | Literal[""]
    cue: Text | None
    strength: Strength
    source: Literal["curated", "reviewed", "extracted", "inferred"]
    agreeing: _list(DocId)
    disputed: _list(DocId)
    agreeing_count: Count = 0  # all agreeing documents, when ``agreeing`` lists only the first
    confidence: Confidence  # how likely the claim is right: 1 for a person's word

    @model_validator(mode="after")
    def _backed(self) -> Entry:
        _at_least(self, "agreeing_count", len(self.agreeing))
        if self.source == "inferred":
            return self
        if not (self.doc and self.quote and self.reported_date):
            msg = f"a {self.source} status needs a doc, a quote and a reported_date"
            raise ValueError(msg)
        return self


class Claim(Entry):
    """A status claim of the timeline, with why it did not set the status ('' if it did)."""

    reason: Text


class Quote(_Model):
    """Words of a document about a route: ``text == body[start:end]``."""

    doc: DocId
    title: Name
    outlet: Text
    date: MaybeDate
    date_approximate: bool
    url: Url
    lang: Lang = "en"  # absent in a GeoJSON written before languages were recorded
    text: _text(20_000, 1)
    start: Count
    end: Count
    status: Status | None
    cue: Text | None
    evidence: Text
    strength: Strength | None
    confidence: Confidence  # how likely the reading is right: 1 for a curated quote
    before: Long  # the words around the quote in its document, for the card's excerpt
    after: Long

    @model_validator(mode="after")
    def _span(self) -> Quote:
        if self.end - self.start != len(self.text):
            msg = f"start..end ({self.start}..{self.end}) is not the length of the text ({len(self.text)})"
            raise ValueError(msg)
        return self


class Waypoint(_Model):
    name: Name
    country: Country
    role: Role
    lon: Lon
    lat: Lat
    coord_source: Text
    coord_note: Text


class LengthSource(_Model):
    """Where a reported length comes from: a document's words (``doc``, ``quote``), or a source cited
    by ``title`` and ``url``."""

    doc: DocId | Literal[""]
    quote: Long
    title: Text
    outlet: Text
    date: MaybeDate
    url: Url
    note: Text  # what the figure measures ("more than 1,200 km, to Kashgar")

    @model_validator(mode="after")
    def _sourced(self) -> LengthSource:
        if not (self.doc and self.quote) and not (self.title and self.url):
            msg = "a reported length needs a doc and its quote, or a title and a url"
            raise ValueError(msg)
        return self


class Note(_Model):
    """A note for readers, shown from ``date`` on ('' : always)."""

    text: Long
    date: MaybeDate


class Properties(_Model):
    id: RouteId
    name: Name
    aliases: _list(Name)
    modes: _list(Mode, 1)
    status: Status
    status_date: IsoDate
    status_date_approximate: bool
    status_quote: Long
    status_doc: DocId | Literal[""]
    status_basis: Literal["curated", "reviewed", "auto"]  # a person's word, or a reading at or above AUTO_ACCEPT
    status_confidence: Confidence
    pending: _list(Claim) = Field(default_factory=list)  # claims below AUTO_ACCEPT that no one reviewed
    status_history: _list(Entry, 1)
    status_claims: _list(Claim) = Field(default_factory=list)  # absent when a store keeps the claims
    countries: _list(Country, 1)
    length_km: Km  # the line drawn of the route itself (its "route" segments): schematic, straight legs
    drawn_length_km: Km  # the whole line drawn, the wider corridor's context segments included
    reported_length_km: Km | None = None  # the length a source states; None: no source states one
    reported_length_source: LengthSource | None = None
    segment_parts: _list(Part)
    waypoints: _list(Waypoint, 2)
    geometry_precision: Text
    notes: _list(Note)
    first_mentioned: MaybeDate
    sources: _list(DocId) = Field(default_factory=list)  # absent when a store keeps them
    quotes: _list(Quote, 1)
    quote_count: Count = 0  # all quotes of the route, when ``quotes`` holds only the strongest
    document_count: Count = 0
    last_mentioned: MaybeDate = ""
    mentions_by_month: _list(MonthCount) = Field(default_factory=list)  # the Timeline's rows

    @model_validator(mode="after")
    def _counted(self) -> Properties:
        _at_least(self, "quote_count", len(self.quotes))
        if (self.reported_length_km is None) != (self.reported_length_source is None):
            msg = "reported_length_km and reported_length_source go together"
            raise ValueError(msg)
        return self


class Feature(_Model):
    type: Literal["Feature"]
    id: RouteId
    geometry: LineString | MultiLineString = Field(discriminator="type")
    properties: Properties

    @model_validator(mode="after")
    def _same_id(self) -> Feature:
        if self.properties.id != self.id:
            msg = f"properties.id {self.properties.id!r} is not the feature's id {self.id!r}"
            raise ValueError(msg)
        return self


class Copy(_Model):
    """Another copy of a document's story (syndicated, or added twice): not read, quoted nor counted."""

    id: DocId
    title: Name
    outlet: Text
    date: MaybeDate
    url: Url


class Document(_Model):
    id: DocId
    title: Name
    outlet: Text
    author: Text
    date: MaybeDate
    date_approximate: bool
    url: Url
    lang: Lang = "en"  # absent in a GeoJSON written before languages were recorded
    body: _text(settings.MAX_DOCUMENT_BYTES) = ""  # absent when a store keeps the bodies (never null)
    also_published_by: _list(Copy) = Field(default_factory=list)  # absent when the story has one copy


class Collection(_Model):
    """The whole file. ``documents`` comes first: a plain GeoJSON file is told by its absence."""

    documents: _list(Document, 1)
    type: Literal["FeatureCollection"]
    features: _list(Feature, 1)

    @model_validator(mode="after")
    def _references(self) -> Collection:
        docs = _unique("documents", [d.id for d in self.documents])
        _unique("features", [f.id for f in self.features])
        bodies = {d.id: d.body for d in self.documents if "body" in d.model_fields_set}
        for i, feature in enumerate(self.features):
            p, at = feature.properties, f"features[{i}].properties"
            named = [("status_doc", p.status_doc)] if p.status_doc else []
            named += [(f"sources[{j}]", doc) for j, doc in enumerate(p.sources)]
            for key, entries in (("status_history", p.status_history), ("status_claims", p.status_claims)):
                for j, e in enumerate(entries):
                    named += [(f"{key}[{j}].doc", e.doc)] if e.doc else []
                    named += [(f"{key}[{j}].agreeing[{k}]", doc) for k, doc in enumerate(e.agreeing)]
                    named += [(f"{key}[{j}].disputed[{k}]", doc) for k, doc in enumerate(e.disputed)]
            named += [(f"quotes[{j}].doc", q.doc) for j, q in enumerate(p.quotes)]
            for key, doc in named:
                if doc not in docs:
                    msg = f"{at}.{key}: names no document of `documents` ({_shown(doc)})"
                    raise ValueError(msg)
            for j, q in enumerate(p.quotes):
                body = bodies.get(q.doc)
                if body is not None and body[q.start : q.end] != q.text:
                    msg = f"{at}.quotes[{j}].text: not the words at {q.start}..{q.end} of document {q.doc!r}"
                    raise ValueError(msg)
        return self


# -- The same contract as typed dicts: what the build, the filters, the cards and the map hold after the
# file is checked (they pass the JSON's dicts on, not the models). tests/test_geojson.py checks that each has
# the fields of its model above, no more, no less.


class EntryDict(TypedDict):
    date: str
    event_date: str
    reported_date: str
    date_approximate: bool
    status: str
    quote: str
    doc: str
    cue: str | None
    strength: str
    source: Literal["curated", "reviewed", "extracted", "inferred"]
    agreeing: list[str]
    disputed: list[str]
    agreeing_count: NotRequired[int]
    confidence: float


class ClaimDict(EntryDict):
    reason: str


class QuoteDict(TypedDict):
    doc: str
    title: str
    outlet: str
    date: str
    date_approximate: bool
    url: str
    lang: NotRequired[str]
    text: str
    start: int
    end: int
    status: str | None
    cue: str | None
    evidence: str
    strength: str | None
    confidence: float
    before: str
    after: str


class WaypointDict(TypedDict):
    name: str
    country: str
    role: str
    lon: float
    lat: float
    coord_source: str
    coord_note: str


class LengthSourceDict(TypedDict):
    doc: str
    quote: str
    title: str
    outlet: str
    date: str
    url: str
    note: str


class NoteDict(TypedDict):
    text: str
    date: str


class PropertiesDict(TypedDict):
    id: str
    name: str
    aliases: list[str]
    modes: list[str]
    status: str
    status_date: str
    status_date_approximate: bool
    status_quote: str
    status_doc: str
    status_basis: Literal["curated", "reviewed", "auto"]
    status_confidence: float
    pending: NotRequired[list[ClaimDict]]
    status_history: list[EntryDict]
    status_claims: NotRequired[list[ClaimDict]]
    countries: list[str]
    length_km: float
    drawn_length_km: float
    reported_length_km: NotRequired[float | None]
    reported_length_source: NotRequired[LengthSourceDict | None]
    segment_parts: list[str]
    waypoints: list[WaypointDict]
    geometry_precision: str
    notes: list[NoteDict]
    first_mentioned: str
    sources: NotRequired[list[str]]
    quotes: list[QuoteDict]
    quote_count: NotRequired[int]
    document_count: NotRequired[int]
    last_mentioned: NotRequired[str]
    mentions_by_month: NotRequired[list[list]]


class FeatureDict(TypedDict):
    type: Literal["Feature"]
    id: str
    geometry: dict
    properties: PropertiesDict


class CopyDict(TypedDict):
    id: str
    title: str
    outlet: str
    date: str
    url: str


class DocumentDict(TypedDict):
    id: str
    title: str
    outlet: str
    author: str
    date: str
    date_approximate: bool
    url: str
    lang: NotRequired[str]
    body: NotRequired[str]
    also_published_by: NotRequired[list[CopyDict]]


class CollectionDict(TypedDict):
    documents: list[DocumentDict]
    type: Literal["FeatureCollection"]
    features: list[FeatureDict]


#: A route as a view shows it: its feature and the status entry in force on the view's date.
RouteAt = tuple[FeatureDict, EntryDict]

#: Each model and the typed dict that names its fields.
TYPED = {Entry: EntryDict, Claim: ClaimDict, Quote: QuoteDict, Waypoint: WaypointDict, LengthSource: LengthSourceDict,
         Note: NoteDict, Properties: PropertiesDict, Feature: FeatureDict, Copy: CopyDict, Document: DocumentDict,
         Collection: CollectionDict}  # fmt: skip


def _unique(key: str, ids: list[str]) -> set[str]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            msg = f"{key}[{i}].id: a second item with this id ({_shown(value)})"
            raise ValueError(msg)
        seen.add(value)
    return seen


def validate(data: object) -> Collection:
    """The collection ``data`` (as ``json.loads`` gives it) describes; ``ValidationError`` if none."""
    return Collection.model_validate(data, strict=True)


def describe(err: ValidationError) -> str:
    """The first problem of ``err`` in one line: where in the file (``features[3].properties.status``),
    what is wrong, and at most ``SHOWN`` characters of the value found there."""
    first = err.errors(include_url=False)[0]
    where = _where(first["loc"]) or ("" if first["type"] == "value_error" else "top level")
    problem = _JSON_WORDS.get(first["type"], first["msg"].removeprefix("Value error, "))
    if first["type"] == "missing":
        problem = "missing"
        if first["loc"] == ("documents",) and first["input"].get("type") == "FeatureCollection":
            problem += ": a plain GeoJSON file, with no documents to quote"
    elif where and not (first["type"] == "value_error" and isinstance(first["input"], dict)):  # not a whole object
        problem += f" ({_shown(first['input'])})"
    more = err.error_count() - 1
    text = f"{where}: {problem}" if where else problem
    return text + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")


def _where(loc: tuple) -> str:
    """('features', 3, 'geometry', 'LineString', 'coordinates', 0) -> 'features[3].geometry.coordinates[0]'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part not in ("LineString", "MultiLineString"):  # the tag of the geometry union
            out += f".{part}" if out else str(part)
    return out


def _shown(value: object) -> str:
    """A value as it reads in the file, cut to ``SHOWN`` characters."""
    if isinstance(value, str):
        text = json.dumps(value[: SHOWN + 1], ensure_ascii=False)
    elif isinstance(value, dict | list):
        text = _REPR.repr(value)
    else:
        text = json.dumps(value)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
