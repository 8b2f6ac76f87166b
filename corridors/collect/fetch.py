"""Polite, bounded HTTP for ``corridors add``: one ``Fetcher`` per run, a requests session made by
an injected factory (like geopy's ``adapter_factory``), so tests swap the transport.

Every request names the project (``settings.USER_AGENT``), waits ``settings.FETCH_MIN_DELAY_S``
between two requests to the same host, obeys that host's robots.txt (fetched the same way), gives
up after ``settings.FETCH_TIMEOUT_S``, follows at most ``settings.FETCH_MAX_REDIRECTS`` redirects
(each one http or https), streams at most ``settings.FETCH_MAX_BYTES`` and refuses a page a
redirect has turned into a login or subscription page. Failures raise ``FetchError``."""

from __future__ import annotations

import datetime as dt
import re
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import requests

from corridors import settings
from corridors.errors import FetchError

SCHEMES = ("http", "https")
# A path segment like /login, /account/sign-in, /subscribe?next=…: where paywalls send readers.
_LOGIN_PATH = re.compile(r"(?:^|[/_.-])(?:log-?in|sign-?in|subscribe|subscription|paywall|register)(?:$|[/_.?-])", re.I)


@dataclass(frozen=True)
class Page:
    """A fetched response: the URL asked for, the URL it came from after redirects, its bytes."""

    requested: str
    url: str
    content_type: str
    charset: str
    body: bytes
    retrieved: str  # UTC, ISO 8601 to the second


def check_scheme(url: str, source: str = "") -> None:
    """Only http(s): no ``file:``, ``ftp:`` or ``javascript:`` reaches the session (``source``:
    the URL asked for, when ``url`` is where it redirected)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SCHEMES or not urlsplit(url).hostname:
        msg = f"not an http(s) URL: {url[:100]!r}"
        raise FetchError(source or url, msg)


class Fetcher:
    """Fetches pages one at a time; remembers each host's robots.txt and last request time."""

    def __init__(
        self,
        session_factory: Callable[[], requests.Session] = requests.Session,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.session = session_factory()
        self.session.headers["User-Agent"] = settings.USER_AGENT
        self._clock, self._sleep = clock, sleep
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}

    def get(self, url: str) -> Page:
        """The page at ``url``, following redirects; raises ``FetchError`` with the reason."""
        response, final = self._follow(url, url, robots=True)
        try:
            body = _read_capped(url, response)
        finally:
            response.close()
        if response.status_code >= 400:
            reason = "".join(c for c in response.reason or "" if c.isprintable())[:60]
            msg = f"HTTP {response.status_code} {reason}".strip()
            raise FetchError(url, msg)
        if final != url and _LOGIN_PATH.search(urlsplit(final).path):
            msg = f"redirected to a login page: {final[:100]}"
            raise FetchError(url, msg)
        content_type, charset = _content_type(response.headers.get("Content-Type", ""))
        retrieved = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        return Page(url, final, content_type, charset, body, retrieved)

    # -- private ----------------------------------------------------------------------------

    def _follow(self, source: str, url: str, robots: bool) -> tuple[requests.Response, str]:
        """The first response that is not a redirect, and its URL; every hop http(s) and, with
        ``robots``, allowed by its host's robots.txt."""
        current = url
        for _ in range(settings.FETCH_MAX_REDIRECTS + 1):
            check_scheme(current, source)
            if robots and not self._allowed(source, current):
                msg = f"robots.txt of {urlsplit(current).netloc} disallows {urlsplit(current).path or '/'}"
                raise FetchError(source, msg)
            response = self._request(source, current)
            if not response.is_redirect:
                return response, current
            response.close()
            current = urljoin(current, response.headers["Location"])
        msg = f"more than {settings.FETCH_MAX_REDIRECTS} redirects" + (" (robots.txt)" if not robots else "")
        raise FetchError(source, msg)

    def _request(self, source: str, url: str) -> requests.Response:
        host = urlsplit(url).netloc.lower()
        wait = self._last.get(host, -1e9) + settings.FETCH_MIN_DELAY_S - self._clock()
        if wait > 0:
            self._sleep(wait)
        self._last[host] = self._clock()
        try:
            return self.session.get(url, timeout=settings.FETCH_TIMEOUT_S, stream=True, allow_redirects=False)
        except requests.Timeout as err:
            msg = f"timed out after {settings.FETCH_TIMEOUT_S:g} s"
            raise FetchError(source, msg) from err
        except requests.RequestException as err:
            msg = f"cannot connect: {type(err).__name__}"
            raise FetchError(source, msg) from err

    def _allowed(self, source: str, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._read_robots(source, f"{root}/robots.txt")
        return self._robots[root].can_fetch(settings.USER_AGENT, url)

    def _read_robots(self, source: str, robots_url: str) -> urllib.robotparser.RobotFileParser:
        """RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one (5xx) nothing;
        redirects are followed."""
        parser = urllib.robotparser.RobotFileParser(robots_url)
        response, _ = self._follow(source, robots_url, robots=False)
        try:
            status = response.status_code
            text = _read_capped(source, response).decode("utf-8", "replace") if status < 300 else ""
        finally:
            response.close()
        if status >= 500:
            parser.disallow_all = True
        else:
            parser.parse(text.splitlines())
        return parser


def _read_capped(source: str, response: requests.Response) -> bytes:
    limit = settings.FETCH_MAX_BYTES
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        msg = f"response too large: {int(declared)} bytes (limit {limit})"
        raise FetchError(source, msg)
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > limit:
                msg = f"response too large: over {limit} bytes"
                raise FetchError(source, msg)
            chunks.append(chunk)
    except requests.RequestException as err:
        msg = f"connection failed while reading: {type(err).__name__}"
        raise FetchError(source, msg) from err
    return b"".join(chunks)


def _content_type(header: str) -> tuple[str, str]:
    """``("text/html", "windows-1251")`` from a Content-Type header; charset '' when not declared."""
    message = Message()
    message["Content-Type"] = header or "application/octet-stream"
    return message.get_content_type(), (message.get_content_charset() or "")
