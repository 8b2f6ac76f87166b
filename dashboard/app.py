"""Placeholder dashboard: lists the routes of the bundled build (the map lands with the dashboard issue)."""

import json
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from corridors import settings

st.set_page_config(page_title="Pakistan–Kazakhstan corridors", layout="wide")


@st.cache_data
def load(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


data = load(os.environ.get("CORRIDORS_GEOJSON", str(settings.GEOJSON_PATH)))
st.title("Pakistan–Kazakhstan corridors")
rows = [
    {k: f["properties"][k] for k in ("name", "status", "status_date", "modes", "countries", "length_km")}
    for f in data["features"]
]
st.dataframe(pd.DataFrame(rows), hide_index=True)
