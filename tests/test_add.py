"""`corridors add`: pages from a local web server on 127.0.0.1, saved pages, PDFs made here, feeds."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import json
import sqlite3
import time
from pathlib import Path

import pypdf
import pytest
import requests
from click.testing import CliRunner
from fpdf import FPDF

from corridors import settings
from corridors.cli import cli
from corridors.collect.add import Document, Seeds, url_key
from corridors.collect.fetch import Fetcher
from corridors.inputs.sources import read_source

from .stubserver import serve

DATA = Path(__file__).parent / "data" / "add"
KKH_NAME = "2024-03-18-wealthpk-karakoram-highway-realignment-near-dasu-opens-to-traffic.md"
KKH_BODY = (
    "Karakoram Highway realignment near Dasu opens to traffic\n"
    "ISLAMABAD, March 18: A realigned section of the Karakoram Highway near Dasu was opened to traffic on Monday, "
    "restoring a link that had been narrowed by the reservoir works of the Dasu hydropower project, officials of the "
    "National Highway Authority said.\n"
    "The new stretch carries trucks between Besham and Chilas on a wider road bed above the future water level, and "
    "the authority expects freight bound for the Khunjerab Pass to move without the night-time closures of recent "
    "months.\n"
    "Traders in Gilgit said cargo from Kashgar could now reach the dry port at Sost in a day less than before, as "
    "long as the pass stays open for the summer season.\n"
    "The highway is the only all-weather road link between Pakistan and China, and its upgrade is part of the "
    "China-Pakistan Economic Corridor.\n"
)
PDF_TEXT = (
    "Special lecture on regional connectivity. The Karakoram Highway links Islamabad with Kashgar over the "
    "Khunjerab Pass, and trucks from Gilgit and Sost now carry goods towards China all year round. Speakers "
    "called for the upgrade of the highway to be finished before the next summer season."
)
CP1251_TEXT = (
    "ТАШКЕНТ. Узбекистан, Афганистан и Пакистан подписали рамочное соглашение о строительстве "
    "Трансафганской железной дороги Термез – Мазари-Шариф – Кабул – Пешавар. "
    "Ожидается, что дорога сократит время доставки грузов из Центральной Азии в порты Пакистана."
)


class Site:
    """A news site on 127.0.0.1: ``pages[path] = (status, headers, body, delay)``; logs requests."""

    def __init__(self):
        self.pages: dict[str, tuple[int, dict, bytes, float]] = {}
        self.requests: list[tuple[str, str]] = []  # (path, User-Agent)
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                page = self.path.split("?")[0]
                status, headers, body, delay = site.pages.get(page, (404, {}, b"not found", 0.0))
                time.sleep(delay)
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = serve(Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200):
        self.pages[path] = (status, {"Content-Type": content_type, "Content-Length": str(len(body))}, body, 0.0)
        return self.base + path

    def redirect(self, path: str, location: str):
        self.pages[path] = (302, {"Location": location, "Content-Length": "0"}, b"", 0.0)
        return self.base + path


@pytest.fixture
def site(monkeypatch):
    monkeypatch.setattr(settings, "FETCH_MIN_DELAY_S", 0.0)  # politeness is tested with a fake clock
    monkeypatch.setattr(settings, "FETCH_TIMEOUT_S", 0.5)
    stub = Site()
    stub.page("/robots.txt", (DATA / "robots.txt").read_bytes(), "text/plain")
    for name in ("kkh-article.html", "jsonld-only.html", "cricket.html", "paywall.html"):
        stub.page(f"/news/{name}", (DATA / name).read_bytes())
    stub.page("/account/login", (DATA / "paywall.html").read_bytes())
    stub.page("/private/report.html", (DATA / "kkh-article.html").read_bytes())
    stub.page("/feed.xml", (DATA / "feed.xml").read_text().replace("{base}", stub.base).encode(), "application/rss+xml")
    yield stub
    stub.server.shutdown()


def run(*args):
    return CliRunner().invoke(cli, ["add", *map(str, args)])


def front(path: Path) -> dict:
    source = read_source(path)
    return {"title": source.title, "outlet": source.outlet, "author": source.author, "date": source.date,
            "date_approximate": source.date_approximate, "url": source.url}  # fmt: skip


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def make_pdf(text: str, title: str = "", created: dt.datetime | None = None, scanned: bool = False) -> bytes:
    """A one-page PDF; without ``title`` and ``created`` it has no metadata at all."""
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    if created:
        pdf.set_creation_date(created)
    pdf.add_page()
    if scanned:  # a page that is only a picture: boxes, no text layer
        for i in range(20):
            pdf.rect(20, 20 + 12 * i, 170, 8, style="F")
    else:
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output()) if title or created else rewrite(bytes(pdf.output()), metadata=None)


def rewrite(pdf: bytes, metadata: dict | None = None, password: str = "", owner: str = "") -> bytes:
    """``pdf`` without its metadata (``None``), or encrypted (RC4 with a password, AES-256 with
    only an owner password: such a PDF opens without one)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    if metadata is None:
        writer.metadata = None
    if password or owner:
        writer.encrypt(password, owner or None, algorithm="RC4-128" if password else "AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- what a document gets -----------------------------------------------------------------------


def test_saved_news_page_gives_the_article_text_and_nothing_else(tmp_path):
    seeds = tmp_path / "seeds"
    result = run(DATA / "kkh-article.html", "--seeds", seeds)
    assert result.exit_code == 0, result.output
    written = seeds / KKH_NAME
    assert result.stdout == f"{DATA / 'kkh-article.html'}: added {written}; routes: karakoram; candidate corridors: 1\n"
    assert read_source(written).body == KKH_BODY
    assert front(written) == {
        "title": "Karakoram Highway realignment near Dasu opens to traffic", "outlet": "WealthPK",
        "author": "Staff Reporter", "date": "2024-03-18", "date_approximate": False,
        "url": "https://wealthpk.example/news/kkh-dasu-realignment",
    }  # fmt: skip
    assert "retrieved" not in written.read_text()  # a saved page was not fetched by us


def test_fetched_page_names_the_project_and_asks_robots_first(site, tmp_path):
    url = site.base + "/news/kkh-article.html"
    result = run(url, "--seeds", tmp_path)
    assert result.exit_code == 0, result.output
    assert [path for path, _ in site.requests] == ["/robots.txt", "/news/kkh-article.html"]
    assert {agent for _, agent in site.requests} == {settings.USER_AGENT}
    text = (tmp_path / KKH_NAME).read_text()
    retrieved = text.split("retrieved: '")[1].split("'")[0]
    assert dt.datetime.fromisoformat(retrieved).tzinfo is not None
    assert read_source(tmp_path / KKH_NAME).body == KKH_BODY


def test_a_redirect_chain_is_followed(site, tmp_path):
    site.redirect("/r/2", "/news/kkh-article.html")
    start = site.redirect("/r/1", site.base + "/r/2")
    result = run(start, "--seeds", tmp_path)
    assert result.exit_code == 0, result.output
    assert [path for path, _ in site.requests] == ["/robots.txt", "/r/1", "/r/2", "/news/kkh-article.html"]
    assert front(tmp_path / KKH_NAME)["url"] == "https://wealthpk.example/news/kkh-dasu-realignment"


def test_robots_txt_is_followed_through_a_redirect_and_names_the_project(site, tmp_path):
    site.redirect("/robots.txt", "/site/robots.txt")
    site.page(
        "/site/robots.txt", b"User-agent: corridors\nDisallow: /news/\n\nUser-agent: *\nDisallow:\n", "text/plain"
    )
    result = run(site.base + "/news/kkh-article.html", "--seeds", tmp_path)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{site.base}/news/kkh-article.html: robots.txt of {site.base[7:]} disallows /news/kkh-article.html\n"
    )
    assert [path for path, _ in site.requests] == ["/robots.txt", "/site/robots.txt"]


def test_json_ld_date_and_author(tmp_path):
    result = run(DATA / "jsonld-only.html", "--seeds", tmp_path)
    assert result.exit_code == 0, result.output
    [written] = tmp_path.glob("*.md")
    assert written.name == "2025-07-21-astana-times-kazakhstan-and-afghanistan-sign-trans-afghan-railway.md"
    assert front(written) | {"url": ""} == {
        "title": "Kazakhstan and Afghanistan sign Trans-Afghan railway agreement", "outlet": "The Astana Times",
        "author": "Aida Haidar", "date": "2025-07-21", "date_approximate": False, "url": "",
    }  # fmt: skip
    assert "Most read" not in written.read_text()
    assert "uap-railway" in result.stdout


def test_a_date_found_only_in_the_text_is_marked_approximate(tmp_path):
    page = tmp_path / "undated.html"
    page.write_text(
        "<html><head><title>Torkham terminal</title></head><body><article><p>"
        + "Trucks crossed at Torkham as the new terminal opened for trade with Afghanistan and beyond. " * 3
        + "</p><p>Published on 21 July 2025 by the desk.</p></article></body></html>"
    )
    assert run(page, "--seeds", tmp_path / "seeds").exit_code == 0
    [written] = (tmp_path / "seeds").glob("*.md")
    assert (front(written)["date"], front(written)["date_approximate"]) == ("2025-07-21", True)
    assert "date_approximate: true" in written.read_text()


@pytest.mark.parametrize("served", [True, False], ids=["header-charset", "meta-charset"])
def test_a_windows_1251_page_is_decoded_by_its_declared_charset(site, tmp_path, served):
    html = f"<html><head><title>Трансафганская дорога</title></head><body><article><p>{CP1251_TEXT}</p></article>"
    if served:
        source = site.page("/ru/story.html", html.encode("cp1251"), "text/html; charset=windows-1251")
    else:
        source = tmp_path / "story.html"
        source.write_bytes(html.replace("<head>", '<head><meta charset="windows-1251">').encode("cp1251"))
    result = run(source, "--seeds", tmp_path / "seeds")
    assert result.exit_code == 0, result.output
    [written] = (tmp_path / "seeds").glob("*.md")
    assert read_source(written).body == CP1251_TEXT + "\n"


def test_pdf_title_and_date_from_its_metadata(tmp_path):
    pdf = tmp_path / "lecture.pdf"
    pdf.write_bytes(make_pdf(PDF_TEXT, "Regional connectivity lecture", dt.datetime(2022, 1, 27, tzinfo=dt.UTC)))
    result = run(pdf, "--seeds", tmp_path / "seeds")
    assert result.exit_code == 0, result.output
    written = tmp_path / "seeds" / "2022-01-27-regional-connectivity-lecture.md"
    assert "routes: karakoram" in result.stdout
    assert " ".join(read_source(written).body.split()) == PDF_TEXT
    assert (front(written)["title"], front(written)["date_approximate"]) == ("Regional connectivity lecture", False)


def test_pdf_date_printed_on_the_first_page_is_approximate(tmp_path):
    pdf = tmp_path / "note.pdf"
    pdf.write_bytes(make_pdf("Islamabad, 14 March 2023\n" + PDF_TEXT))
    assert run(pdf, "--seeds", tmp_path / "seeds").exit_code == 0
    [written] = (tmp_path / "seeds").glob("*.md")
    assert front(written) | {"url": ""} == {
        "title": "Islamabad, 14 March 2023", "outlet": "", "author": "", "date": "2023-03-14",
        "date_approximate": True, "url": "",
    }  # fmt: skip


def test_a_pdf_locked_only_against_editing_is_read(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(rewrite(make_pdf(PDF_TEXT, "Report", dt.datetime(2023, 6, 1, tzinfo=dt.UTC)), {}, owner="owner"))
    result = run(pdf, "--seeds", tmp_path / "seeds")
    assert result.exit_code == 0, result.output
    assert " ".join(read_source(tmp_path / "seeds" / "2023-06-01-report.md").body.split()) == PDF_TEXT


def test_a_pdf_from_a_url_is_read_as_a_pdf(site, tmp_path):
    pdf = make_pdf(PDF_TEXT, "Regional connectivity lecture", dt.datetime(2023, 6, 1, tzinfo=dt.UTC))
    url = site.page("/docs/lecture", pdf, "application/octet-stream")  # known by its magic bytes
    result = run(url, "--seeds", tmp_path)
    assert result.exit_code == 0, result.output
    [written] = tmp_path.glob("*.md")
    assert written.name == "2023-06-01-regional-connectivity-lecture.md"
    assert front(written)["url"] == url
    assert "retrieved: '" in written.read_text()


def test_text_file_keeps_its_front_matter_and_body(tmp_path):
    note = tmp_path / "note.md"
    note.write_text("---\ntitle: KKH note\ndate: 2024-05-01\n---\n" + KKH_BODY)
    assert run(note, "--seeds", tmp_path / "seeds").exit_code == 0
    written = tmp_path / "seeds" / "2024-05-01-kkh-note.md"
    assert read_source(written).body == KKH_BODY
    assert front(written)["title"] == "KKH note"


# -- no duplicates --------------------------------------------------------------------------------


def test_rerunning_add_changes_nothing(site, tmp_path):
    urls = [site.base + "/news/kkh-article.html", site.page("/docs/lecture.pdf", make_pdf(PDF_TEXT, "Lecture"))]
    assert run(*urls, "--seeds", tmp_path).exit_code == 0
    before, asked = snapshot(tmp_path), len(site.requests)
    again = run(*urls, "--seeds", tmp_path)
    assert again.exit_code == 0
    assert again.stdout.splitlines() == [
        f"{urls[0]}: already added as {tmp_path / KKH_NAME}",  # its canonical URL, known once fetched
        f"{urls[1]}: already added as {next(tmp_path.glob('*lecture.md'))}",  # known by its URL: not fetched
    ]
    assert snapshot(tmp_path) == before
    assert [path for path, _ in site.requests[asked:]] == ["/robots.txt", "/news/kkh-article.html"]


@pytest.mark.parametrize(
    "copy",
    [
        lambda tmp: DATA / "kkh-article.html",  # same canonical URL
        lambda tmp: (tmp / "copy.txt", (tmp / "copy.txt").write_text("  " + KKH_BODY.replace("\n", "\n\n")))[0],
    ],
    ids=["same-canonical-url", "same-text-other-whitespace"],
)
def test_duplicates_are_refused_naming_the_existing_document(site, tmp_path, copy):
    seeds = tmp_path / "seeds"
    assert run(site.base + "/news/kkh-article.html", "--seeds", seeds).exit_code == 0
    before = snapshot(seeds)
    result = run(copy(tmp_path), "--seeds", seeds)
    assert result.exit_code == 0
    assert result.stdout.endswith(f": already added as {seeds / KKH_NAME}\n")
    assert snapshot(seeds) == before


def test_duplicate_of_a_manifest_document(seeds, tmp_path):
    body = (seeds / "004_612eeb51f7329b07.txt").read_text()
    copy = tmp_path / "lecture.txt"
    copy.write_text(body)
    result = run(copy, "--seeds", seeds)
    assert result.stdout == f"{copy}: already added as {seeds / '004_612eeb51f7329b07.txt'}\n"


def test_a_url_in_the_manifest_is_known_without_fetching(site, seeds):
    manifest = seeds / "sources.yaml"
    url = site.base + "/news/kkh-article.html"
    manifest.write_text(manifest.read_text().replace("  date: 2022-01-27\n", f"  date: 2022-01-27\n  url: {url}\n"))
    result = run(url.replace("http://", "HTTP://") + "#comments", "--seeds", seeds)
    assert result.stdout.endswith(f": already added as {seeds / '004_612eeb51f7329b07.txt'}\n")
    assert site.requests == []


def test_same_slug_gets_a_number_and_names_are_stable(tmp_path):
    doc = Document(body="x\n", title="Trans-Afghan railway agreement", outlet="The Astana Times", date="2025-07-21")
    assert doc.slug() == "2025-07-21-astana-times-trans-afghan-railway-agreement"
    (tmp_path / f"{doc.slug()}.md").write_text("other\n")
    assert Seeds(tmp_path).path_for(doc).name == f"{doc.slug()}-2.md"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.dawn.com/news/1", "http://dawn.com/news/1/"),
        ("https://dawn.com/news/1#comments", "https://DAWN.com/news/1"),
        ("https://dawn.com/news/1?utm_source=x", "https://dawn.com/news/1"),
    ],
    ids=["scheme-www-slash", "fragment-case", "tracking"],
)
def test_url_key_ignores_what_does_not_name_another_page(a, b):
    assert url_key(a) == url_key(b)


def test_a_home_page_url_names_no_document(tmp_path):
    for n, text in enumerate(["Lahore-Almaty flight to start in April.", "Railway talks held in Islamabad."]):
        (tmp_path / f"n{n}.md").write_text(f"---\nurl: https://www.dnanews.com.pk/\n---\n{text}\n")
    result = run(tmp_path / "n0.md", tmp_path / "n1.md", "--seeds", tmp_path / "seeds")
    assert result.exit_code == 0
    assert len(list((tmp_path / "seeds").glob("*.md"))) == 2
    assert url_key("https://dnanews.com.pk/") == url_key("https://dnanews.com.pk/?") == ""


# -- bad input ------------------------------------------------------------------------------------


def _bad_sources(site: Site, tmp: Path) -> dict[str, tuple[str, str]]:
    """id -> (SOURCE, the reason its one line must give)."""
    site.pages["/slow"] = (200, {"Content-Type": "text/html"}, b"<p>late</p>", 3.0)
    site.pages["/huge"] = (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 200_000 + b"</p>", 0.0)
    site.page("/huge-declared", b"<p>" + b"x" * 200_000 + b"</p>")
    site.redirect("/loop", "/loop")
    site.redirect("/paywalled", "/account/login?next=/paywalled")
    site.redirect("/to-ftp", "ftp://127.0.0.1/file.txt")
    (tmp / "bad.html").write_bytes(b"<html><body><article><p>Torkham \xff\xfe trade</p></article></body></html>")
    (tmp / "scanned.pdf").write_bytes(make_pdf("", scanned=True))
    (tmp / "locked.pdf").write_bytes(rewrite(make_pdf(PDF_TEXT, "Locked"), {}, password="secret"))
    (tmp / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (tmp / "page.docx").write_bytes(b"PK")
    return {
        "404": (site.base + "/missing", "HTTP 404 Not Found"),
        "timeout": (site.base + "/slow", "timed out after 0.5 s"),
        "robots": (site.base + "/private/report.html", f"robots.txt of {site.base[7:]} disallows /private/report.html"),
        "oversize": (site.base + "/huge", "response too large: over 100000 bytes"),
        "oversize-declared": (site.base + "/huge-declared", "response too large: 200007 bytes (limit 100000)"),
        "redirect-loop": (site.base + "/loop", "more than 5 redirects"),
        "login-redirect": (site.base + "/paywalled", "redirected to a login page: " + site.base + "/account/login"),
        "ftp-redirect": (site.base + "/to-ftp", "not an http(s) URL: 'ftp://127.0.0.1/file.txt'"),
        "file-scheme": ("file:///etc/passwd", "not an http(s) URL"),
        "javascript-scheme": ("javascript:alert(1)", "not an http(s) URL"),
        "paywall-page": (site.base + "/news/paywall.html", "login page (password form, no article text)"),
        "menus-only": (str(DATA / "menus-only.html"), "no article text: 0 characters"),
        "not-utf8": (str(tmp / "bad.html"), "not utf-8: byte 0xff at offset"),
        "scanned-pdf": (str(tmp / "scanned.pdf"), "PDF has no text layer"),
        "encrypted-pdf": (str(tmp / "locked.pdf"), "encrypted PDF (needs a password)"),
        "broken-pdf": (str(tmp / "broken.pdf"), "unreadable PDF"),
        "missing-file": (str(tmp / "gone.html"), "cannot read: No such file or directory"),
        "unknown-kind": (str(tmp / "page.docx"), "unknown kind of source '.docx'"),
    }


BAD = [
    "404", "timeout", "robots", "oversize", "oversize-declared", "redirect-loop", "login-redirect", "ftp-redirect",
    "file-scheme", "javascript-scheme",
    "paywall-page", "menus-only", "not-utf8", "scanned-pdf", "encrypted-pdf", "broken-pdf", "missing-file",
    "unknown-kind",
]  # fmt: skip


@pytest.mark.parametrize("case", BAD, ids=BAD)
def test_each_failure_is_one_line_exit_2_and_nothing_written(site, seeds, tmp_path, monkeypatch, case):
    monkeypatch.setattr(settings, "FETCH_MAX_BYTES", 100_000)
    source, reason = _bad_sources(site, tmp_path)[case]
    before = snapshot(seeds)
    result = run(source, "--seeds", seeds)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{source}: ")
    assert reason in line
    assert "Traceback" not in result.output
    assert snapshot(seeds) == before


def test_one_failure_does_not_stop_the_others(site, tmp_path):
    result = run(site.base + "/missing", DATA / "kkh-article.html", "--seeds", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"{site.base}/missing: HTTP 404 Not Found\n"
    assert (tmp_path / KKH_NAME).exists()


def test_dry_run_writes_nothing(tmp_path):
    result = run(DATA / "kkh-article.html", "--seeds", tmp_path, "--dry-run")
    assert result.exit_code == 0
    assert f"would add {tmp_path / KKH_NAME}; routes: karakoram" in result.stdout
    assert snapshot(tmp_path) == {}


# -- feeds ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("from_url", [True, False], ids=["feed-url", "feed-file"])
def test_feed_adds_entries_that_mention_routes_and_lists_the_others(site, tmp_path, from_url):
    feed = site.base + "/feed.xml"
    if not from_url:
        feed = tmp_path / "feed.xml"
        feed.write_text((DATA / "feed.xml").read_text().replace("{base}", site.base))
    seeds = tmp_path / "seeds"
    result = run("--feed", feed, "--since", "2019-01-01", "--seeds", seeds)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{site.base}/news/old.html: skipped: published 2018-01-02, before --since 2019-01-01"
    assert lines[1].startswith(f"{site.base}/news/kkh-article.html: added {seeds / KKH_NAME}; routes: karakoram")
    assert lines[2] == (f"{site.base}/news/cricket.html: skipped: mentions no curated route and no candidate corridor")
    assert "routes: uap-railway" in lines[3]
    assert len(lines) == 4
    assert sorted(p.name for p in seeds.iterdir()) == [
        KKH_NAME, "2025-07-21-astana-times-kazakhstan-and-afghanistan-sign-trans-afghan-railway.md",
    ]  # fmt: skip
    assert not any(path == "/news/old.html" for path, _ in site.requests)


def test_feed_links_are_printed_without_escape_sequences(site, tmp_path):
    feed = tmp_path / "feed.xml"
    link = f"{site.base}/news/old.html?\x1b[2Jx"
    feed.write_text(
        f"<rss version='2.0'><channel><title>t</title><item><title>x</title><link>{link}</link>"
        "<pubDate>Tue, 02 Jan 2018 10:00:00 +0500</pubDate></item></channel></rss>"
    )
    result = run("--feed", feed, "--since", "2019-01-01", "--seeds", tmp_path / "seeds")
    assert result.exit_code == 0
    assert "\x1b" not in result.output
    assert "?\\x1b[2Jx: skipped: published 2018-01-02" in result.stdout


def test_feed_that_is_not_xml_is_one_line(site, tmp_path):
    page = site.base + "/news/kkh-article.html"
    result = run("--feed", page, "--seeds", tmp_path)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{page}: not an RSS/Atom feed")


def test_progress_bar_for_more_than_a_few_sources(tmp_path):
    sources = [DATA / name for name in ("kkh-article.html", "jsonld-only.html", "cricket.html", "menus-only.html")]
    result = run(*sources, "--seeds", tmp_path)
    assert "adding" in result.stderr
    assert run(DATA / "kkh-article.html", "--seeds", tmp_path / "one").stderr == ""


# -- politeness ---------------------------------------------------------------------------------------


def test_one_request_per_second_per_host(site, monkeypatch):
    monkeypatch.setattr(settings, "FETCH_MIN_DELAY_S", 1.0)
    sleeps: list[float] = []
    fetcher = Fetcher(session_factory=requests.Session, clock=lambda: 100.0, sleep=sleeps.append)
    fetcher.get(site.base + "/news/kkh-article.html")
    assert sleeps == [1.0]  # robots.txt first, then the page a second later
    fetcher.get(site.base.replace("127.0.0.1", "localhost") + "/news/cricket.html")
    assert sleeps == [1.0, 1.0]  # another host: its robots.txt at once, its page a second later


# -- end to end ---------------------------------------------------------------------------------------


def test_added_page_and_pdf_reach_mentions_and_the_map(seeds, tmp_path):
    pdf = tmp_path / "lecture.pdf"
    pdf.write_bytes(make_pdf(PDF_TEXT, "Regional connectivity lecture", dt.datetime(2022, 1, 27, tzinfo=dt.UTC)))
    assert run(DATA / "kkh-article.html", pdf, "--seeds", seeds).exit_code == 0
    new = {KKH_NAME[:-3], "2022-01-27-regional-connectivity-lecture"}
    runner = CliRunner()
    found = json.loads(runner.invoke(cli, ["mentions", str(seeds)]).stdout)
    assert {m["route"] for m in found if m["doc"] in new} == {"karakoram"}
    assert {m["doc"] for m in found if m["route"] == "karakoram"} >= new
    out = tmp_path / "map.geojson"
    built = runner.invoke(cli, ["build", "--seeds", str(seeds), "--out", str(out)])
    assert built.exit_code == 0, built.output
    with sqlite3.connect(out.with_suffix(".sqlite")) as store:  # the map's corpus: every document and quote
        quoted = {doc for (doc,) in store.execute("SELECT document_id FROM quotes WHERE route_id = 'karakoram'")}
    assert new <= quoted


@pytest.mark.parametrize(
    ("args", "expected"),
    [([], "give at least one SOURCE or --feed"), (["x.html", "--since", "2025-01-01"], "--since applies")],
    ids=["nothing-to-add", "since-without-feed"],
)
def test_usage_errors(tmp_path, args, expected):
    result = run(*args, "--seeds", tmp_path)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert snapshot(tmp_path) == {}
