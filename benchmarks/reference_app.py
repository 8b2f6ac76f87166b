"""The benchmark's reference: the dashboard's map written the tutorial way. A new folium map on
every rerun (country outlines, tiles, one GeoJson per route, one marker per waypoint) and
st_folium with its defaults. Same data and the same local Leaflet as the dashboard, so only the
approach differs."""

import json
import os
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from corridors import settings
from corridors.web import filters
from corridors.web.present import STATUS_COLORS, country_names
from corridors.web.webmap import CENTER, ZOOM, LocalLeafletMap, install_static, region_outlines

install_static(Path(__file__).parent / "static")  # the bench creates static/ before start-up
data = json.loads(Path(os.environ.get("CORRIDORS_GEOJSON", settings.GEOJSON_PATH)).read_text(encoding="utf-8"))
options = filters.Options.of(data)
names = country_names()
with st.sidebar:
    chosen = st.multiselect("Country", options.countries, format_func=lambda c: names.get(c, c))

m = LocalLeafletMap(location=CENTER, zoom_start=ZOOM, tiles=None)
folium.GeoJson(region_outlines(), style_function=lambda _: {"color": "#7a7a7a", "weight": 1}).add_to(m)
folium.TileLayer("OpenStreetMap", opacity=0.55).add_to(m)
for feature, entry in filters.apply(data, filters.View(countries=tuple(chosen))):
    props = feature["properties"]
    color = STATUS_COLORS[entry["status"]]
    folium.GeoJson(
        feature,
        style_function=lambda _, c=color, rid=props["id"]: {"color": c, "className": f"corridor corridor-{rid}"},
        tooltip=props["name"],
    ).add_to(m)
    for wp in props["waypoints"]:
        folium.CircleMarker((wp["lat"], wp["lon"]), radius=4, color=color, tooltip=wp["name"]).add_to(m)
st_folium(m, width=900, height=600)
