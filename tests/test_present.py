import datetime as dt
import html
import json
import re
import tomllib
from pathlib import Path

import pytest

from corridors import settings
from corridors.web import filters
from corridors.web.filters import Options, View
from corridors.web.present import (
    STATUS_COLORS,
    badge,
    basis,
    blend,
    contrast,
    copy_link_html,
    excerpt,
    highlighted,
    lengths,
    link,
    literal,
    map_caption,
    marked,
    no_route,
    pending_summary,
    readable,
    route_card,
    safe_url,
    share_link_html,
    status_dates,
    status_phrase,
)

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "`; alert(3); `",
    "${alert(4)}",
    '" onmouseover="alert(5)',
    "\\`${alert(6)}",
]


def tags(out: str) -> list[str]:
    return re.findall(r"<[^>]*>", out)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_in_html_shows_as_text_and_makes_no_markup(payload):
    out = marked(payload, payload, payload)
    assert tags(out) == ["<mark>", "</mark>"] and html.unescape(out) == f"{payload}<mark>{payload}</mark>{payload}"
    out = highlighted(payload, [(0, len(payload), payload)])  # in an attribute too
    [opening, closing] = tags(out)
    assert closing == "</mark>" and html.unescape(opening) == f'<mark title="{payload}">'
    assert opening.count('"') == 2 and "'" not in opening


def card_of(text: str) -> str:
    """The Karakoram Highway's card with ``text`` as its name, notes, status quote, and a quote's title and words."""
    kkh, docs = _kkh()
    entry = {**kkh["properties"]["status_history"][-1], "quote": text}
    quote = {**kkh["properties"]["quotes"][0], "title": text, "outlet": text, "text": text, "url": "https://e.org/"}
    props = {**kkh["properties"], "name": text, "notes": [{"text": text, "date": ""}], "quotes": [quote]}
    return route_card({**kkh, "properties": props}, entry, docs, {})


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_route_card_shows_hostile_names_and_quotes_as_text(payload):
    card = card_of(payload)
    assert tags(card) == tags(card_of("plain"))
    assert html.unescape(card).count(payload) == 6


def test_only_http_links_are_links():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "data:text/html,x", "/relative", "", "http://"):
        assert safe_url(bad) is None
    assert link("x", "javascript:alert(1)") == "x"
    assert link("<b>", "https://e.org/").startswith('<a href="https://e.org/"')


def test_excerpt_marks_the_quoted_words():
    body = "Intro. The Karakoram Highway <b>reopened</b> in May. Outro."
    start = body.index("The Karakoram")
    end = body.index(" Outro")
    out = excerpt(body, start, end, context=5)
    assert "<mark>The Karakoram Highway &lt;b&gt;reopened&lt;/b&gt; in May.</mark>" in out


def test_highlighted_document_keeps_text_and_marks_spans():
    out = highlighted("a <x> b\nc", [(0, 1, "<route>"), (8, 9, "r2")])
    assert out == '<mark title="&lt;route&gt;">a</mark> &lt;x&gt; b<br><mark title="r2">c</mark>'


def test_route_card_shows_status_quote_and_sources():
    data = json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))
    docs = {d["id"]: d for d in data["documents"]}
    kkh = next(f for f in data["features"] if f["id"] == "karakoram")
    entry = kkh["properties"]["status_history"][-1]
    card = route_card(kkh, entry, docs, {"PK": "Pakistan", "CN": "China", "KG": "Kyrgyzstan", "KZ": "Kazakhstan"})
    assert "These are the primary routes we use today." in card
    assert "Pakistan → China → Kyrgyzstan → Kazakhstan" in card
    assert "2024-07 (approx.)" in card and "Khunjerab Pass" in card


SOURCE = {"doc": "", "quote": "", "title": "A road to Kashgar", "outlet": "The Example", "date": "2021-11-09",
          "url": "https://example.org/kkh", "note": "more than 1,200 km, to Kashgar"}  # fmt: skip


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"length_km": 822.9, "drawn_length_km": 1495.3},
         "no document gives its length; drawn: 823 km (1,495 km with the wider corridor), schematic"),
        ({"length_km": 735.0, "drawn_length_km": 735.0}, "no document gives its length; drawn: 735 km, schematic"),
        ({"length_km": 735.0}, "no document gives its length; drawn: 735 km, schematic"),
        ({"length_km": 820.5, "reported_length_km": 1200.0, "reported_length_source": SOURCE},
         "about 1,200 km (more than 1,200 km, to Kashgar: The Example, 2021-11-09); drawn: 820 km, schematic"),
    ],
    ids=["wider-corridor", "same-length", "older-file-without-drawn-length", "reported"],
)  # fmt: skip
def test_lengths_say_what_they_measure(props, expected):
    assert lengths({**props, "geometry_precision": "schematic"}).startswith(expected)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"source": "curated", "confidence": 1.0}, "a curator's reading of the quote"),
        ({"source": "reviewed", "confidence": 1.0}, "a reviewer's decision on the quote"),
        (
            {"source": "extracted", "confidence": 0.914},
            "a machine reading, not confirmed by a person (confidence 0.91)",
        ),
        ({"source": "inferred"}, "a machine reading, not confirmed by a person"),
    ],
)
def test_a_status_says_whether_a_person_confirmed_it(entry, expected):
    assert basis(entry) == expected


def test_pending_readings_are_counted_by_status():
    pending = [{"status": "suspended"}, {"status": "suspended"}, {"status": "operational"}]
    assert pending_summary(pending) == ["1 unreviewed reading says operational", "2 unreviewed readings say suspended"]


@pytest.mark.parametrize(
    ("entry", "phrase"),
    [
        ({"status": "operational", "doc": "d", "date": "2024-07", "event_date": "", "reported_date": "2024-07"},
         "reported operational in The Lens, July 2024"),
        ({"status": "operational", "doc": "d", "date": "2014-12", "event_date": "2014-12",
          "reported_date": "2014-12-03"}, "operational since December 2014 (The Lens, 3 December 2014)"),
        ({"status": "cancelled", "doc": "", "date": "2030", "event_date": "", "reported_date": "2030",
          "source": "inferred"}, "cancelled (inferred: nothing new reported)"),
        ({"status": "agreed", "doc": "d", "date": "2023"}, "reported agreed in The Lens, 2023"),
    ],
    ids=["reported-only", "event-date", "inferred", "old-entry"],
)  # fmt: skip
def test_status_phrase_separates_event_and_reported_dates(entry, phrase):
    assert status_phrase(entry, {"d": {"outlet": "The Lens", "title": "T"}}) == phrase


def test_route_card_says_what_the_status_rests_on():
    data = json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))
    docs = {d["id"]: d for d in data["documents"]}
    kkh = next(f for f in data["features"] if f["id"] == "karakoram")
    entry = kkh["properties"]["status_history"][-1]
    card = route_card(kkh, entry, docs, {})
    assert f"reported operational in {docs[entry['doc']]['outlet']}, July 2024" in html.unescape(card)
    inferred = {**entry, "status": "cancelled", "source": "inferred", "doc": "", "quote": "", "event_date": ""}
    assert "cancelled (inferred: nothing new reported):" in route_card(kkh, inferred, docs, {})


def test_a_document_without_an_address_says_no_link():
    from corridors.web.present import cited

    assert cited("A <title>", "") == 'A &lt;title&gt; <small class="no-link">(no link)</small>'
    assert cited("A title", "javascript:alert(1)").endswith("(no link)</small>")
    assert cited("A title", "https://e.org/a") == link("A title", "https://e.org/a")


def test_the_about_view_defines_every_status_as_the_readme_does():
    from corridors.model import STATUSES
    from corridors.web.present import STATUS_LABELS, about

    readme = (settings.DATA_DIR.parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Statuses", 1)[1].split("\n\n")[1]
    rows = dict(line.strip("| ").split(" | ") for line in table.splitlines()[2:])
    assert {k.strip("`"): v for k, v in rows.items()} == STATUSES
    text = about("2025-10-08")
    assert "Data as of 8 October 2025" in text and "schematic" in text and "CC BY 4.0" in text
    assert all(f"| {STATUS_LABELS[s]} | {m} |" in text for s, m in STATUSES.items())


def test_literal_markdown_shows_words_as_they_are():
    text = "[x](https://e.org) *b* `c` $x$ :smile: <b> \\ 1."
    assert literal(text) == r"\[x\]\(https\:\/\/e\.org\) \*b\* \`c\` \$x\$ \:smile\: \<b\> \\ 1\."


@pytest.mark.parametrize(
    ("entry", "dates"),
    [
        ({"status": "operational", "date": "2014-12", "event_date": "2014-12", "reported_date": "2014-12-03"},
         "since December 2014 · reported 3 December 2014"),
        ({"status": "operational", "date": "2024-07", "event_date": "", "reported_date": "2024-07"},
         "reported July 2024"),
        ({"status": "cancelled", "date": "2030", "source": "inferred"}, "inferred: nothing new reported"),
    ],
    ids=["event-and-reported", "reported-only", "inferred"],
)  # fmt: skip
def test_status_dates_keep_event_and_report_apart(entry, dates):
    assert status_dates(entry) == dates


def _kkh():
    data = json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))
    return next(f for f in data["features"] if f["id"] == "karakoram"), {d["id"]: d for d in data["documents"]}


def test_route_card_shows_both_sides_of_a_dispute():
    kkh, docs = _kkh()
    entry = {**kkh["properties"]["status_history"][-1], "disputed": ["004_612eeb51f7329b07"]}
    other = {**entry, "status": "suspended", "quote": "The pass was closed.", "doc": "004_612eeb51f7329b07",
             "source": "extracted", "disputed": []}  # fmt: skip
    feature = {**kkh, "properties": {**kkh["properties"], "status_claims": [entry, other]}}
    card = html.unescape(route_card(feature, entry, docs, {}))
    assert "Disputed:" in card and "The pass was closed." in card and entry["quote"] in card
    history = {**feature, "properties": {**feature["properties"], "status_history": [entry]}}
    in_history = html.unescape(route_card(history, entry, docs, {}))
    assert f"disputed by {docs['004_612eeb51f7329b07']['outlet']}" in in_history  # by its outlet, never its id
    assert "004_612eeb51f7329b07" not in in_history
    assert "Disputed:" not in route_card(feature, {**entry, "disputed": []}, docs, {})


def test_an_inferred_status_is_never_shown_as_a_quote():
    kkh, docs = _kkh()
    inferred = {"date": "2030", "event_date": "", "reported_date": "2030", "date_approximate": False,
                "status": "cancelled", "quote": "", "doc": "", "source": "inferred", "disputed": []}  # fmt: skip
    feature = {**kkh, "properties": {**kkh["properties"], "status_history": [inferred]}}
    card = route_card(feature, inferred, docs, {})
    assert "No document says so" in card and "inferred, no quote" in card
    assert "<blockquote" not in card and "<q></q>" not in card


@pytest.mark.parametrize(
    ("one", "other", "ratio"),
    [("#000000", "#ffffff", 21), ("#777777", "#ffffff", 4.48), ("#0072B2", "#ffffff", 5.19), ("#ffffff", "#ffffff", 1)],
    ids=["black-on-white", "grey-just-below-AA", "okabe-blue", "same"],
)
def test_contrast_is_the_wcag_ratio(one, other, ratio):
    assert contrast(one, other) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize("status", [*STATUS_COLORS, "unknown"])
def test_every_badge_reads_at_wcag_aa(status):
    style = re.search(r"background:(#[0-9a-fA-F]{6});color:(#[0-9a-fA-F]{6})", badge(status))
    assert contrast(style[2], style[1]) >= 4.5


def test_agreed_and_proposed_badges_differ_by_more_than_a_shade():
    patterns = [re.search(r'stroke-dasharray="([^"]+)"', badge(s))[1] for s in ("agreed", "proposed")]
    assert patterns[0] != patterns[1]


@pytest.mark.parametrize("color", ["#999999", "#56B4E9", "#E69F00", "#000000"])
def test_readable_darkens_a_colour_only_as_needed(color):
    ink = readable(color)
    assert contrast(ink, "#ffffff") >= 4.5
    assert ink == color or contrast(color, "#ffffff") < 4.5


@pytest.mark.parametrize(
    ("view", "words"),
    [
        (View(countries=("AF",), modes=("rail",)), "No route is both through Afghanistan and by rail."),
        (View(countries=("AF",), modes=("rail", "road"), statuses=("operational",)),
         "No route is at once through Afghanistan, by rail or road and operational."),
        (View(routes=("kkh",), asof=dt.date(2010, 1, 1)),
         "No route is both Karakoram Highway and mentioned by 1 January 2010."),
        (View(sources=("w1",)), "No route is quoted in A highway."),
        (View(), "No route is in the data."),
    ],
)  # fmt: skip
def test_an_empty_map_says_which_filters_no_route_meets_at_once(view, words):
    options = Options(routes={"kkh": "Karakoram Highway"}, sources={"w1": "A highway"})
    assert no_route(view, {"AF": "Afghanistan"}, options) == words


ROOT = Path(__file__).parent.parent
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
PAGE, SIDEBAR = "#ffffff", "#f8f8f7"  # the light theme's page and sidebar backgrounds, as Chromium draws them
#: What we style ourselves: the dashboard's and the map's CSS, and the templates' inline styles.
STYLED = [ROOT / "dashboard" / "style.css", ROOT / "corridors" / "web" / "static" / "map.css",
          *sorted((ROOT / "corridors" / "web" / "templates").glob("*.html"))]  # fmt: skip


def hex6(color: str) -> str:
    """``#abc``, ``#aabbcc`` or ``rgba(r,g,b,a)`` (drawn over the white page) as ``#aabbcc``."""
    if color.startswith("rgba"):
        *rgb, alpha = (float(v) for v in re.findall(r"[\d.]+", color))
        return blend("#" + "".join(f"{int(v):02x}" for v in rgb), PAGE, alpha)
    return "#" + "".join(c * 2 for c in color[1:]) if len(color) == 4 else color


def text_on_background(path: Path) -> list[tuple[str, str, str]]:
    """``(rule, text colour, background)`` for each CSS rule or inline style of ``path`` that sets a text
    or a background colour (the other from the theme: its text colour, a white page)."""
    pairs = []
    for block in re.findall(r'\{([^}]*)\}|style="([^"]*)"', path.read_text(encoding="utf-8")):
        rule = "".join(block)
        text = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})\b", rule)
        background = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6}\b|rgba\([^)]*\))", rule)
        if text or background:
            colours = (text[1] if text else THEME["textColor"], background[1] if background else PAGE)
            pairs.append((rule.strip(), *map(hex6, colours)))
    return pairs


@pytest.mark.parametrize("background", [PAGE, SIDEBAR], ids=["page", "sidebar"])
def test_captions_and_the_routes_tables_route_column_read_at_wcag_aa(background):
    # Streamlit draws both at 60% opacity of the theme's text colour
    assert contrast(blend(THEME["textColor"], background, 0.6), background) >= 4.5


def test_the_selected_view_and_the_primary_buttons_read_at_wcag_aa():
    primary = THEME["primaryColor"]
    assert contrast(primary, blend(primary, PAGE, 0.1)) >= 4.5  # the selected view: primary on a 10% tint
    assert contrast("#ffffff", primary) >= 4.5  # "Clear filters": white on primary


@pytest.mark.parametrize("path", STYLED, ids=lambda p: p.name)
def test_every_colour_we_set_for_text_reads_at_wcag_aa(path):
    for rule, text, background in text_on_background(path):
        assert contrast(text, background) >= 4.5, rule


#: What belongs to the people who keep the data, not to readers: the project's commands and the
#: marks of code.
MAINTAINER_WORDS = re.compile(r"`|\bcorridors (?:validate|build|add|review|status|mentions)\b|gazetteer|routes\.yaml")


@pytest.mark.parametrize("asof", [None, dt.date(2019, 6, 1), dt.date(2022, 6, 1)], ids=str)
def test_no_card_holds_a_file_id_a_command_or_a_backtick(asof):
    """Every bundled route's card, as of several dates: words for readers only (issue 22)."""
    data = json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))
    documents = {d["id"]: d for d in data["documents"]}
    for feature in data["features"]:
        seen, entry = filters.seen_on(feature, asof)
        if entry is None:
            continue
        text = html.unescape(re.sub(r"<[^>]+>", " ", route_card(seen, entry, documents, {})))
        assert not MAINTAINER_WORDS.search(text), (feature["properties"]["id"], MAINTAINER_WORDS.search(text))
        assert not [d for d in documents if d in text], feature["properties"]["id"]


@pytest.mark.parametrize(
    ("asof", "latest", "shown", "line", "filename"),
    [
        (None, "2025-10-08", 11, "Data up to 2025-10-08 · all 11 routes · lines are schematic",
         "corridors-map-2025-10-08.png"),
        (dt.date(2019, 6, 30), "2025-10-08", 4, "As of 2019-06-30 · 4 of 11 routes shown · lines are schematic",
         "corridors-map-2019-06-30.png"),
        (None, "", 11, "all 11 routes · lines are schematic", "corridors-map-undated.png"),
    ],
)  # fmt: skip
def test_the_maps_picture_is_captioned_and_named_after_the_date_it_shows(asof, latest, shown, line, filename):
    caption = map_caption(asof, latest, shown, 11)
    assert caption == {"title": "Pakistan–Kazakhstan corridors", "line": line, "filename": filename}


def test_the_share_links_copy_button_is_one_page_whatever_the_link_and_copies_the_block_shown():
    """The frame must not change with the link (Streamlit would load it again at each filter change)."""
    links = ["http://h/?country=CN&view=map", "http://h/</script><script>alert(1)</script>"]
    blocks = [share_link_html(link) for link in links]
    assert all("share-link" in block for block in blocks)
    assert html.unescape(re.sub(r"<[^>]+>", "", blocks[1])) == links[1]  # shown as it is, escaped
    assert "<script>alert" not in blocks[1]
    assert '"pre.share-link"' in copy_link_html() and "country=CN" not in copy_link_html()
