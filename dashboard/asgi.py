"""The dashboard as an ASGI app (Streamlit's `st.App`) served by uvicorn: `make run`, and the browser tests.

    python dashboard/asgi.py [--host 127.0.0.1] [--port 8501]

Why not `streamlit run dashboard/app.py` (which still works, and is what Streamlit Cloud runs): Streamlit
1.67 binds its listening socket itself with protocol 0, so asyncio does not set TCP_NODELAY on the
connections it accepts, and on a kept-alive connection every small response after the first waits ~42 ms
for the browser's delayed ACK (Nagle): headers at 1 ms, body at 44 ms. A first visit fetches ~45 script
chunks and the map's six files one after another; with TCP_NODELAY the first map came at 1.70-1.78 s
from outside the page instead of 2.06 s (headless Chromium, medians of 7, 2026-12-05). `uvicorn.run`
binds through `loop.create_server`, whose sockets get TCP_NODELAY: every response at 2 ms.
"""

import argparse
import logging
from pathlib import Path

import streamlit as st
import uvicorn
from streamlit import config

# No parent page may drive the app through postMessage: served this way it is not embedded in a host. With
# the default list (Community Cloud's 16 hosts, kept for `streamlit run`), the page checked every message it
# posts to itself against each, compiling 32 URL patterns: 8-11 ms of script per filter change, about 4 ms of
# it before the map shows the new set (Chromium profile, 2026-12-06).
config.set_option("client.allowedOrigins", [])
app = st.App(Path(__file__).with_name("app.py"))


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the corridors dashboard.")
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=8501)
    args = parser.parse_args()
    print(f"corridors: the dashboard is at http://{args.host}:{args.port}", flush=True)
    # As Streamlit's own runner: the websocket implementation it chooses, no compression, and no line per
    # request (Streamlit gives uvicorn's access logger a handler at start-up: a filter is what keeps it quiet);
    # and a shutdown that does not wait for ever on browser tabs left open.
    logging.getLogger("uvicorn.access").addFilter(lambda _record: False)
    uvicorn.run(app, host=args.host, port=args.port, ws="websockets-sansio", ws_per_message_deflate=False,
                log_level="warning", timeout_graceful_shutdown=3)  # fmt: skip


if __name__ == "__main__":
    main()
