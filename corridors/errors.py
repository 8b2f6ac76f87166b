"""One exception hierarchy: every error the CLI turns into a one-line message."""


class CorridorsError(Exception):
    """Base of every error raised by the package."""


class InputError(CorridorsError, ValueError):
    """Bad input: a file, a key or a value that cannot be used as it is."""

    def __init__(self, path, problem, line=None):
        where = f"{path}:{line}" if line else f"{path}"
        self.path, self.line, self.problem = path, line, problem
        msg = f"{where}: {problem}"
        super().__init__(msg)


class GeocodingError(CorridorsError, LookupError):
    """A place could not be located, or was located where it cannot be."""


class ServiceError(GeocodingError):
    """The online geocoder failed after its retries (timeouts, 429, 5xx, garbage)."""


class FetchError(InputError):
    """A web page could not be fetched: HTTP error, timeout, robots.txt, size, scheme, login redirect."""
