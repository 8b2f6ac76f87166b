"""What the dashboard reads once per process and shares with every session, never copied: nothing
mutates it. Kept out of ``app.py``, which Streamlit runs again at each rerun: a function decorated
there is decorated anew at each run, and Streamlit reads its source to key its cache (measured: ten
such functions cost 5-7 ms of every filter change)."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import streamlit as st

from corridors.errors import StoreError
from corridors.output import store
from corridors.web import corpus_view, filters, loader, search
from corridors.web.present import country_names
from corridors.web.webmap import MapLabels, bounds, install_static, map_labels

#: Where Streamlit serves the app's static files from (next to app.py).
STATIC = Path(__file__).with_name("static")


@st.cache_resource(show_spinner=False)
def load(path: str, db: str) -> dict:
    """The built GeoJSON, validated, read once per file; with every document and status claim from
    the corpus store ``db`` when there is one."""
    data = loader.load(path)
    conn, _ = corpus(db)
    return corpus_view.with_store(data, conn) if conn else data


@st.cache_resource(show_spinner=False)
def corpus(db: str) -> tuple[sqlite3.Connection | None, StoreError | None]:
    """A read-only connection to the corpus store at ``db``, or why there is none."""
    try:
        return store.open_checked(Path(db)), None
    except StoreError as err:
        return None, err


@st.cache_resource(show_spinner=False)
def map_bounds(path: str, db: str) -> list[list[float]]:
    """The initial view: every route of the data, filtered or not (so the map never moves by itself)."""
    return bounds(load(path, db))


@st.cache_resource(show_spinner=False)
def search_index(path: str, db: str) -> search.Index:
    return search.Index.of(load(path, db), prepare_static())


@st.cache_resource(show_spinner=False)
def map_names(path: str, db: str) -> MapLabels:
    """Where the map writes route and place names, for all the data (names stay put as filters change)."""
    return map_labels(load(path, db)["features"])


@st.cache_resource(show_spinner=False)
def filter_options(path: str, db: str) -> filters.Options:
    """What each filter offers (read once: the data holds thousands of documents)."""
    return filters.Options.of(load(path, db), prepare_static())


@st.cache_resource(show_spinner=False)
def by_id(path: str, db: str) -> tuple[dict[str, dict], str]:
    """The documents by id, and the date of the latest (read once, not at every rerun)."""
    data = load(path, db)
    return {d["id"]: d for d in data["documents"]}, filters.data_date(data)


@st.cache_resource(show_spinner=False)
def months(path: str, db: str) -> list:
    """The As-of slider's frames: the last day of each month the documents span."""
    return filters.as_of_months(load(path, db))


@st.cache_resource(show_spinner=False)
def prepare_static() -> dict[str, str]:
    """Leaflet and the outlines put where Streamlit serves them; country names for labels."""
    install_static(STATIC)
    return country_names()


@st.cache_resource(show_spinner=False)
def freeze_heap() -> None:
    """Take what is loaded once (modules, data) out of the garbage collector's full sweeps.

    Measured: without this, a full sweep of that heap took 65-90 ms in most reruns, about half
    of the time from a filter change to the new map."""
    gc.collect()
    gc.freeze()
