"""One exception hierarchy: every error the CLI turns into a one-line message."""

from __future__ import annotations

#: At most this many characters of a bad value are shown in an error message.
SHOWN_CHARS = 100


def shown(value, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` on one line, cut to about ``limit`` characters: a message never echoes a
    whole input. A huge value is cut before ``repr`` sees it."""
    if isinstance(value, str | bytes) and len(value) > limit:
        value = value[: limit + 1]
    elif isinstance(value, dict) and len(value) > limit:
        value = dict(list(value.items())[:limit])
    elif isinstance(value, list | tuple | set) and len(value) > limit:
        value = list(value)[:limit]
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def printable(text: str) -> str:
    """``text`` safe to print on one line: control characters and undecodable bytes of a file name
    escaped (``\\n``, ``\\udcff``)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(text))


class CorridorsError(Exception):
    """Base of every error raised by the package."""


class InputError(CorridorsError, ValueError):
    """Bad input: a file, a key or a value that cannot be used as it is."""

    def __init__(self, path, problem, line=None):
        where = f"{printable(path)}:{line}" if line else printable(path)
        self.path, self.line, self.problem = path, line, problem
        problem_line = printable(problem)
        if len(problem_line) > 4 * SHOWN_CHARS:
            problem_line = problem_line[: 4 * SHOWN_CHARS - 1] + "…"
        msg = f"{where}: {problem_line}"
        super().__init__(msg)

    def __reduce__(self):  # pickled as made (a worker process hands it back to the caller)
        return type(self), (self.path, self.problem, self.line)


class GeocodingError(CorridorsError, LookupError):
    """A place could not be located, or was located where it cannot be."""


class ServiceError(GeocodingError):
    """The online geocoder failed after its retries (timeouts, 429, 5xx, garbage)."""


class SchedulerError(CorridorsError, ConnectionError):
    """The Dask scheduler given with ``--scheduler`` could not be reached."""


class FetchError(InputError):
    """A web page could not be fetched: HTTP error, timeout, robots.txt, size, scheme, login redirect."""


class StoreError(InputError):
    """A corpus store that cannot be used: missing, of another schema (which part), or not SQLite."""
