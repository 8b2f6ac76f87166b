"""Local HTTP stubs for the tests (web pages, Nominatim)."""

import http.server
import threading

#: How often a stub checks for shutdown: ``shutdown()`` waits up to this long (Python's default is 0.5 s,
#: which every test using a stub paid at teardown).
POLL_S = 0.02


def serve(handler: type[http.server.BaseHTTPRequestHandler]) -> http.server.ThreadingHTTPServer:
    """A threaded server on a free port of 127.0.0.1, answering with ``handler`` until ``shutdown()``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL_S}, daemon=True).start()
    return server
