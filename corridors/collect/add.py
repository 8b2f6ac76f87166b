"""Turn web pages, saved HTML, PDFs, text files and feed entries into seed documents.

``read_source`` gives a ``Document`` (front matter and verbatim main text) for one SOURCE;
``Seeds`` knows the documents already in a seeds folder, refuses duplicates (same canonical URL,
or same text once whitespace is normalised) and writes new ones atomically under a slug name
``YYYY-MM-DD-outlet-title.md``; ``read_feed`` lists a feed's entries. Main text and metadata of
HTML come from trafilatura (dates from htmldate), PDFs from pypdf, feeds from feedparser."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import feedparser
import htmldate
import pypdf
import trafilatura
import yaml
from courlan import normalize_url
from slugify import slugify

from corridors import settings
from corridors.collect.fetch import Fetcher, Page
from corridors.errors import InputError
from corridors.extract import Extractor
from corridors.extract.dates import find_dates
from corridors.inputs.language import READ, detect
from corridors.inputs.sources import TITLE_CHARS, load_sources, split_front_matter
from corridors.io.files import decode, read_bytes, write_atomic
from corridors.model import Route, Source

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt", ".md")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([a-zA-Z]{2})\b""", re.I)
_PASSWORD_FIELD = re.compile(r"""<input[^>]+type\s*=\s*["']?password""", re.I)


@dataclass(frozen=True)
class Document:
    """What ``corridors add`` writes: the front matter keys of ``corridors.sources`` and the body."""

    body: str
    title: str = ""
    outlet: str = ""
    author: str = ""
    date: str = ""
    date_approximate: bool = False
    url: str = ""
    retrieved: str = ""
    lang: str = ""  # ISO 639-1: the page's <html lang>, else detected

    def front_matter(self) -> dict:
        """Non-empty keys in the order of ``corridors.schemas.Meta``."""
        return {k: v for k, v in asdict(self).items() if k != "body" and v}

    def render(self) -> str:
        front = yaml.safe_dump(self.front_matter(), sort_keys=False, allow_unicode=True, width=1000)
        return f"---\n{front}---\n{self.body}"

    def slug(self) -> str:
        """``2025-07-21-astana-times-trans-afghan-railway-agreement``: date, outlet, title."""
        outlet = re.sub(r"^the\s+", "", self.outlet, flags=re.I)
        parts = [self.date or "undated", slugify(outlet, max_length=30, word_boundary=True),
                 slugify(self.title, max_length=60, word_boundary=True)]  # fmt: skip
        return "-".join(p for p in parts if p)


@dataclass(frozen=True)
class FeedEntry:
    """One item of an RSS/Atom feed: where its article is and what the feed says of it."""

    link: str
    title: str
    published: str  # ISO date or ''


# -- reading one source -------------------------------------------------------------------------


def is_url(source: str) -> bool:
    """A source with a scheme is a URL (and must then be http or https); anything else is a path
    (a one-letter scheme is a Windows drive)."""
    return bool(re.match(r"[a-z][a-z0-9+.-]+:", source, re.I))


def kind_of(source: str) -> str:
    """``url``, ``html``, ``pdf`` or ``text``; anything else is refused."""
    if is_url(source):
        return "url"
    suffix = Path(source).suffix.lower()
    kinds = {**dict.fromkeys(HTML_SUFFIXES, "html"), ".pdf": "pdf", **dict.fromkeys(TEXT_SUFFIXES, "text")}
    if suffix not in kinds:
        msg = f"unknown kind of source {suffix or '(no suffix)'!r}: expected an http(s) URL, .html, .pdf, .txt or .md"
        raise InputError(source, msg)
    return kinds[suffix]


def read_source(source: str, fetcher: Fetcher) -> Document:
    """The document in ``source`` (a URL or a file path); ``InputError`` says why there is none."""
    kind = kind_of(source)
    if kind == "url":
        return from_page(fetcher.get(source))
    raw = _read_file(source)
    if kind == "html":
        return from_html(source, raw, "")
    if kind == "pdf":
        return from_pdf(source, raw)
    return from_text(source, raw)


def from_page(page: Page) -> Document:
    """A fetched page: a PDF by its type or magic bytes, else HTML; ``url`` and ``retrieved`` set."""
    if page.content_type == "application/pdf" or page.body.startswith(b"%PDF-"):
        doc = from_pdf(page.requested, page.body)
        return replace(doc, url=page.url, retrieved=page.retrieved)
    doc = from_html(page.requested, page.body, page.charset, url=page.url)
    return replace(doc, retrieved=page.retrieved)


def from_html(source: str, raw: bytes, charset: str, url: str = "") -> Document:
    """Main text and metadata by trafilatura; the date by htmldate, marked approximate when only
    its extensive search (URL, free text) finds one."""
    html = _decode(source, raw, charset)
    extracted = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, favor_precision=True
    )
    text = _clean(extracted.text if extracted else "")
    if len(text) < settings.MIN_ARTICLE_CHARS:
        reason = "login page (password form, no article text)" if _PASSWORD_FIELD.search(html) else "no article text"
        msg = f"{reason}: {len(text)} characters of main text (need {settings.MIN_ARTICLE_CHARS})"
        raise InputError(source, msg)
    date = htmldate.find_date(html, extensive_search=False, original_date=True, url=url or None) or ""
    approximate = False
    if not date:
        date = htmldate.find_date(html, extensive_search=True, original_date=True, url=url or None) or ""
        approximate = bool(date)
    return Document(
        body=text,
        title=_one_line(extracted.title) or _first_line(text),
        outlet=_one_line(extracted.sitename) or _host(url),
        author=_one_line(extracted.author),
        date=date,
        date_approximate=approximate,
        lang=_html_lang(html) or detect(text),
        url=extracted.url if _is_web(extracted.url) and (url_key(extracted.url) or not url) else url,
    )


def from_pdf(source: str, raw: bytes) -> Document:
    """Text of every page by pypdf; title from the metadata or the first line, date from the
    metadata, else the first date printed on the first page (then marked approximate)."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        locked = reader.is_encrypted and not reader.decrypt("")
        if not locked:
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata or {}
            title, created = _one_line(info.get("/Title")), _pdf_date(info.get("/CreationDate"))
    except (pypdf.errors.PyPdfError, ValueError, KeyError) as err:
        msg = f"unreadable PDF: {' '.join(str(err).split())[:100]}"
        raise InputError(source, msg) from err
    if locked:
        msg = "encrypted PDF (needs a password)"
        raise InputError(source, msg)
    text = _clean("\n\n".join(pages))
    if len(text) < settings.MIN_ARTICLE_CHARS:
        msg = f"PDF has no text layer ({len(text)} characters in {len(pages)} pages; scanned images need OCR first)"
        raise InputError(source, msg)
    if not title or re.search(r"\.(docx?|pdf|indd)$|^untitled$", title, re.I):
        title = _first_line(pages[0]) or _first_line(text)
    printed = [d.iso for d in find_dates(pages[0], "") if len(d.iso) >= 7]
    date = created or (printed[0] if printed else "")
    return Document(body=text, title=title, date=date, date_approximate=bool(date) and not created, lang=detect(text))


def from_text(source: str, raw: bytes) -> Document:
    """A .txt or .md file as it is; its own front matter, if any, is kept."""
    meta, body = split_front_matter(Path(source), decode(Path(source), raw))
    if not body.strip():
        msg = "document has no text"
        raise InputError(source, msg)
    meta.setdefault("title", _first_line(body))
    meta.setdefault("lang", detect(body))
    return Document(body=body, **meta)


# -- adding ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What became of one source."""

    source: str
    status: Literal["added", "duplicate", "skipped", "failed"]
    path: Path | None = None  # the document written, or the existing one it duplicates
    reason: str = ""  # why it was skipped; for a failure, the whole error line ("SOURCE: problem")
    routes: tuple[str, ...] = ()  # curated routes the document mentions, sorted
    candidates: int = 0  # phrases of route-like chains no curated route covers


class Adder:
    """Adds sources to a seeds folder one by one, never twice, and says what each one mentions."""

    def __init__(self, seeds: Seeds, routes: list[Route], fetcher: Fetcher, dry_run: bool = False):
        self.seeds, self.routes, self.fetcher, self.dry_run = seeds, routes, fetcher, dry_run

    @cached_property
    def extractor(self) -> Extractor:
        """Built at the first new document (it takes seconds): a re-run of duplicates needs none."""
        return Extractor(self.routes)

    def add(self, source: str, entry: FeedEntry | None = None) -> Outcome:
        """Add one source; a feed ``entry`` is added only if it mentions a route or a candidate."""
        urls = (source,) if is_url(source) else ()
        if urls and (known := self.seeds.known_url(source)):
            return Outcome(source, "duplicate", self.seeds.folder / known)
        try:
            doc = read_source(source, self.fetcher)
            if entry:
                doc = replace(doc, title=doc.title or entry.title, date=doc.date or entry.published)
            if known := self.seeds.duplicate_of(doc, *urls):
                return Outcome(source, "duplicate", self.seeds.folder / known)
            path = self.seeds.path_for(doc)
            mentions, candidates = self.extractor.read(_as_source(path.stem, doc))
            if entry and not (mentions or candidates):
                return Outcome(source, "skipped", reason="mentions no curated route and no candidate corridor")
            path = self.seeds.add(doc, *urls, dry_run=self.dry_run)
        except InputError as err:
            return Outcome(source, "failed", reason=str(err))
        routes = tuple(sorted({m.route for m in mentions}))
        return Outcome(source, "added", path, routes=routes, candidates=len(candidates))


def _as_source(doc_id: str, doc: Document) -> Source:
    fields = {k: v for k, v in asdict(doc).items() if k != "retrieved"}
    return Source(id=doc_id, **fields)


# -- feeds --------------------------------------------------------------------------------------


def read_feed(source: str, fetcher: Fetcher, since: str = "") -> tuple[list[FeedEntry], list[tuple[str, str]]]:
    """``(entries to read, [(link, reason skipped)])`` of an RSS/Atom feed (URL or file);
    entries published before ``since`` (ISO date) are skipped."""
    raw = fetcher.get(source).body if is_url(source) else _read_file(source)
    parsed = feedparser.parse(raw)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = getattr(parsed, "bozo_exception", None) or "no RSS or Atom elements"
        msg = f"not an RSS/Atom feed: {' '.join(str(reason).split())[:100]}"
        raise InputError(source, msg)
    entries, skipped = [], []
    for item in parsed.entries:
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        published = dt.date(*stamp[:3]).isoformat() if stamp else ""
        entry = FeedEntry(item.get("link", ""), _one_line(item.get("title")), published)
        if since and published and published < since:
            skipped.append((entry.link or entry.title, f"published {published}, before --since {since}"))
        elif not entry.link:
            skipped.append((entry.title, "entry has no link"))
        else:
            entries.append(entry)
    return entries, skipped


# -- the seeds folder ---------------------------------------------------------------------------


class Seeds:
    """The documents of a seeds folder, indexed by URL and by text, and where new ones go."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._by_url: dict[str, str] = {}
        self._by_text: dict[str, str] = {}
        existing = load_sources(self.folder, strict=False) if self.folder.is_dir() else []
        for source in existing:
            name = next(p.name for p in self.folder.glob(f"{source.id}.*") if p.suffix in TEXT_SUFFIXES)
            self._remember(name, source.url, source.body)

    def known_url(self, url: str) -> str:
        """The file name of the document with this URL, or ''."""
        return self._by_url.get(url_key(url), "") if url_key(url) else ""

    def duplicate_of(self, doc: Document, *urls: str) -> str:
        """The file name of an existing document with the same URL or text, or ''."""
        for url in (doc.url, *urls):
            if self.known_url(url):
                return self.known_url(url)
        return self._by_text.get(text_key(doc.body), "")

    def path_for(self, doc: Document) -> Path:
        """A free file name from the slug: ``slug.md``, else ``slug-2.md``, ``slug-3.md``…"""
        slug, n = doc.slug(), 1
        while (path := self.folder / (slug + (f"-{n}" if n > 1 else "") + ".md")).exists():
            n += 1
        return path

    def add(self, doc: Document, *urls: str, dry_run: bool = False) -> Path:
        """Write ``doc`` under a new name (nothing when ``dry_run``) and remember it."""
        path = self.path_for(doc)
        text = doc.render()
        meta, body = split_front_matter(path, text)  # the document reads back as it was meant
        if body != doc.body or meta.get("title", "") != doc.title:
            msg = "document would not read back as written"
            raise InputError(path, msg)
        if not dry_run:
            write_atomic(path, text)
        for url in (doc.url, *urls):
            self._remember(path.name, url, doc.body)
        return path

    def _remember(self, name: str, url: str, body: str) -> None:
        if url_key(url):
            self._by_url.setdefault(url_key(url), name)
        self._by_text.setdefault(text_key(body), name)


def url_key(url: str) -> str:
    """The same page however written: scheme, ``www.``, case of the host, trailing slash,
    fragment and tracking parameters do not count. '' for a site's home page, which names no
    document (seeds give ``https://dnanews.com.pk/`` as the URL of two different articles)."""
    try:
        url = normalize_url(url.strip())
    except ValueError:
        return ""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path, query = parts.path.rstrip("/"), f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}" if host and (path or query) else ""


def text_key(body: str) -> str:
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()


# -- helpers ------------------------------------------------------------------------------------


def _read_file(source: str) -> bytes:
    return read_bytes(Path(source), settings.FETCH_MAX_BYTES)


def _decode(source: str, raw: bytes, charset: str) -> str:
    """Text in the declared charset (HTTP header, else ``<meta charset>``, else UTF-8); bytes that
    charset cannot decode are an error, never guessed."""
    declared = charset or (m.group(1).decode("ascii") if (m := _META_CHARSET.search(raw[:4096])) else "utf-8")
    try:
        return raw.decode(declared)
    except LookupError as err:
        msg = f"unknown charset {declared!r}"
        raise InputError(source, msg) from err
    except UnicodeDecodeError as err:
        msg = f"not {declared}: byte 0x{raw[err.start]:02x} at offset {err.start}"
        raise InputError(source, msg) from err


def _clean(text: str) -> str:
    """Main text with line ends normalised and one final newline; words untouched."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return text + "\n" if text.strip() else ""


def _html_lang(html: str) -> str:
    """The language ``<html lang="ru-RU">`` declares, if it is one the extractor reads."""
    found = _HTML_LANG.search(html[:5000])
    lang = found.group(1).lower() if found else ""
    return lang if lang in READ else ""


def _one_line(value) -> str:
    """A title, outlet or author on one line, cut to what the front matter takes."""
    return " ".join(str(value or "").split())[:TITLE_CHARS]


def _first_line(text: str) -> str:
    return next((_one_line(line).strip("#*_ ") for line in text.splitlines() if line.strip()), "")


def _is_web(url: str | None) -> bool:
    return urlsplit(url or "").scheme in ("http", "https")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _pdf_date(value) -> str:
    """``D:20220127103000+05'00'`` → ``2022-01-27``; '' when absent or malformed."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", str(value or ""))
    if not match:
        return ""
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return ""
