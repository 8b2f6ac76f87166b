"""Citations of a route's status and of the view: APA, BibTeX and CSL-JSON."""

from __future__ import annotations

import datetime as dt
import json

from corridors.web import cite

ENTRY = {"status": "suspended", "quote": "flights suspended", "doc": "d", "date": "2024-07",
         "reported_date": "2024-07-03", "event_date": "", "source": "curated"}  # fmt: skip
DOCS = {"d": {"title": "An interview", "outlet": "Lens", "date": "2024-07-03", "date_approximate": False,
              "url": "https://lens.example/i"}}  # fmt: skip
LINK = "https://app.example/?route_page=almaty-lahore&asof=2024-08-01"
READ = dt.date(2026, 12, 5)


def route(name: str = "Almaty–Lahore flights") -> cite.Citable:
    return cite.of_route({"properties": {"id": "almaty-lahore", "name": name}}, ENTRY, DOCS, LINK, READ)


def test_apa_gives_the_author_date_title_kind_quote_and_permalink():
    assert cite.apa(route()) == (
        "Pakistan–Kazakhstan corridors. (2024, July 3). Almaty–Lahore flights: reported suspended in Lens, "
        "3 July 2024 [Interactive map]. \u201cflights suspended\u201d An interview, Lens, 2024-07-03, "
        f"https://lens.example/i. Retrieved December 5, 2026, from {LINK}"
    )


def test_apa_of_the_view_dates_it_by_the_as_of_day_or_the_data():
    view = cite.of_view(4, 11, dt.date(2021, 6, 1), "2025-10-08", "https://app.example/?asof=2021-06-01", READ)
    assert "(2021, June 1). Transport corridors between Pakistan and Kazakhstan: 4 of 11 routes, as of 2021-06-01" in (
        cite.apa(view)
    )
    assert "(2025, October 8)" in cite.apa(cite.of_view(11, 11, None, "2025-10-08", "https://app.example/", READ))
    assert "(n.d.)" in cite.apa(cite.of_view(11, 11, None, "", "https://app.example/", READ))


def test_bibtex_escapes_braces_and_tex_specials_in_every_field():
    tricky = route("Route {A} & 100% $ #1 _x ~y ^z \\w")
    text = cite.bibtex(tricky)
    assert text.startswith("@misc{almaty-lahore-2024,\n") and text.endswith("\n}")
    title = next(line for line in text.splitlines() if line.strip().startswith("title"))
    assert title.startswith(
        r"  title = {{Route \{A\} \& 100\% \$ \#1 \_x \textasciitilde{}y \textasciicircum{}z \textbackslash{}w:"
    )
    fields = dict(line.strip().rstrip(",").split(" = ", 1) for line in text.splitlines()[1:-1])
    assert fields["author"] == "{{Pakistan–Kazakhstan corridors}}"
    assert fields["year"] == "{2024}" and fields["date"] == "{2024-07-03}" and fields["urldate"] == "{2026-12-05}"
    assert fields["url"] == "{" + LINK + "}"
    for value in fields.values():  # every brace is balanced or escaped
        depth = 0
        for i, ch in enumerate(value):
            escaped = i > 0 and value[i - 1] == "\\"
            depth += (ch == "{" and not escaped) - (ch == "}" and not escaped)
            assert depth >= 0
        assert depth == 0


def test_bibtex_escapes_a_percent_in_the_link():
    c = cite.of_view(2, 3, None, "2023-07-15", "https://app.example/?route=kkh%2Ctapi", READ)
    assert r"url = {https://app.example/?route=kkh\%2Ctapi}" in cite.bibtex(c)


def test_csl_json_is_valid_json_with_type_title_url_issued_and_accessed():
    [item] = json.loads(cite.csl_json(route()))
    assert item["type"] == "map" and item["id"] == "almaty-lahore-2024"
    assert item["title"].startswith("Almaty–Lahore flights: reported suspended")
    assert item["URL"] == LINK
    assert item["issued"] == {"date-parts": [[2024, 7, 3]]}
    assert item["accessed"] == {"date-parts": [[2026, 12, 5]]}
    assert item["author"] == [{"literal": "Pakistan–Kazakhstan corridors"}]
    assert "flights suspended" in item["note"]
    [undated] = json.loads(cite.csl_json(cite.of_view(1, 1, None, "", "https://app.example/", READ)))
    assert undated["issued"] == {"literal": "n.d."} and "note" not in undated


def test_an_inferred_status_is_cited_without_a_document():
    inferred = {"status": "cancelled", "quote": "", "doc": "", "date": "2020-01", "reported_date": "",
                "event_date": "", "source": "inferred"}  # fmt: skip
    c = cite.of_route({"properties": {"id": "x", "name": "X"}}, inferred, DOCS, LINK, READ)
    assert c.note == "" and c.issued == "2020-01" and "(2020, January)" in cite.apa(c)


def test_every_format_is_offered_with_a_file_type():
    c = route()
    assert {fmt: cite.formatted(c, fmt)[:1] for fmt in cite.FORMATS} == {"APA": "P", "BibTeX": "@", "CSL-JSON": "["}
