"""Folium maps for the dashboard: a fixed base map (local Leaflet, tiles, country outlines,
legend, caveat) and a route layer that can be swapped without remounting the map."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import ClassVar

import folium
from branca.element import MacroElement, Template

from . import settings
from .files import write_atomic
from .present import MODE_COLORS, STATUS_COLORS, STATUS_DASHES, STATUS_LABELS, safe

#: Where Streamlit serves the app's ``static/`` folder (server.enableStaticServing).
STATIC_URL = "/app/static"
#: Countries drawn as outlines under the routes, so the map makes sense without tiles.
REGION = ("AF", "AE", "AZ", "CN", "IN", "IR", "KG", "KZ", "OM", "PK", "RU", "TJ", "TM", "TR", "UZ", "MN", "IQ", "SA")
ROLE_SYMBOLS = {"border_crossing": ("■", "#222"), "port": ("⚓", "#0b4f8a"), "pass": ("▲", "#6b3e26")}
CENTER, ZOOM = (36.0, 63.0), 4
OUTLINES_FILE = "outlines.geojson"


def install_static(static_dir: Path) -> None:
    """Put what the map loads where Streamlit serves static files: Leaflet (from the
    xstatic-leaflet package) and the country outlines of the region."""
    import xstatic.pkg.leaflet as leaflet

    static_dir = Path(static_dir)
    if not (static_dir / "leaflet" / "leaflet.js").exists():
        shutil.copytree(leaflet.BASE_DIR, static_dir / "leaflet", dirs_exist_ok=True)
    outlines = static_dir / OUTLINES_FILE
    if not outlines.exists() or outlines.read_text(encoding="utf-8") != region_outlines():
        write_atomic(outlines, region_outlines())


class LocalLeafletMap(folium.Map):
    """A folium Map that loads only Leaflet, from this server: no CDN, no jQuery or Bootstrap."""

    default_js: ClassVar = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
    default_css: ClassVar = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]


def region_outlines() -> str:
    """The country outlines of the region (GeoJSON text, from ``settings.COUNTRIES_PATH``) drawn under the routes."""
    return _region_outlines(Path(settings.COUNTRIES_PATH))


@cache
def _region_outlines(path: Path) -> str:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return json.dumps(
        {"type": "FeatureCollection", "features": [f for f in features if f["properties"]["iso"] in REGION]}
    )


def bounds(collection: dict) -> list[list[float]]:
    """[[south, west], [north, east]] around every route of ``collection``."""
    points = [pt for f in collection["features"] for pt in _points(f["geometry"])]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def base_map(color_by: str = "status", fit: list[list[float]] | None = None) -> folium.Map:
    """The map that never changes with the filters (so the browser never remounts it)."""
    m = LocalLeafletMap(location=CENTER, zoom_start=ZOOM, tiles=None, control_scale=True, prefer_canvas=False)
    if fit:
        m.fit_bounds(fit, padding=(10, 10))
    _Outlines().add_to(m)
    folium.TileLayer(
        "OpenStreetMap",
        attr='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        opacity=0.55,
        control=False,
    ).add_to(m)
    _Legend(_legend_html(color_by)).add_to(m)
    return m


def route_styles(routes: list[tuple[dict, dict]], color_by: str = "status", selected: str | None = None) -> dict:
    """Route id -> Leaflet path style: colour by status (or mode), dashes by status, the
    selected route thicker and the others faded."""
    styles = {}
    for feature, entry in routes:
        props, status = feature["properties"], entry["status"]
        styles[props["id"]] = {
            "color": STATUS_COLORS[status] if color_by == "status" else MODE_COLORS[props["modes"][0]],
            "weight": 7 if props["id"] == selected else 4,
            "opacity": 0.35 if selected and props["id"] != selected else 0.9,
            "dashArray": STATUS_DASHES[status],
            "className": f"corridor corridor-{props['id']}",  # ids are [a-z0-9-]: checked by corridors.routes
        }
    return styles


def route_layer(routes: list[tuple[dict, dict]], color_by: str = "status", selected: str | None = None):
    """One FeatureGroup with every kept route, styled by its status as of the chosen date.

    Two elements however many routes: one GeoJson of lines and one script of waypoint markers,
    so the layer renders in milliseconds on every rerun."""
    group = folium.FeatureGroup(name="Routes")
    styles = route_styles(routes, color_by, selected)
    lines, waypoints = [], {}
    for feature, entry in routes:
        props = feature["properties"]
        status = STATUS_LABELS[entry["status"]]
        label = f"<b>{safe(props['name'])}</b><br>{safe(status)} · {safe(', '.join(props['modes']))}"
        lines.append(
            {"type": "Feature", "geometry": feature["geometry"], "properties": {"id": props["id"], "label": label}}
        )
        for wp in props["waypoints"]:
            key = (wp["name"], wp["lon"], wp["lat"])
            if key not in waypoints or wp["role"] in ROLE_SYMBOLS:
                waypoints[key] = wp
    if lines:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": lines},
            style_function=lambda f: styles[f["properties"]["id"]],
            highlight_function=lambda _: {"weight": 8},
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=True),
            name="Routes",
            control=False,
        ).add_to(group)
    _Waypoints(list(waypoints.values())).add_to(group)
    return group


class _Outlines(MacroElement):
    """Country outlines under everything else, fetched from the server after the map shows:
    they stay out of every rerun's map script, and give orientation when tiles cannot load."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function(map){
          map.createPane("outlines").style.zIndex = 250;
          fetch({{ this.url_json }}).then(function(r){ return r.json(); }).then(function(data){
            L.geoJSON(data, {pane: "outlines", interactive: false, style: {className: "outline",
              color: "#7a7a7a", weight: 1, fillColor: "#f2efe9", fillOpacity: 0.6}}).addTo(map);
          });
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self):
        super().__init__()
        self.url_json = json.dumps(f"{STATIC_URL}/{OUTLINES_FILE}")


class _Waypoints(MacroElement):
    """Waypoint markers drawn by one script: border crossings, ports and passes by symbol."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function(){ {{ this.points_json }}.forEach(function(p){
          var icon = L.divIcon({className: "wp wp-" + p.role, iconSize: [p.size, p.size],
            iconAnchor: [p.size / 2, p.size / 2],
            html: '<div style="color:' + p.ink + ';font-size:' + p.size + 'px">' + p.symbol + "</div>"});
          L.marker([p.lat, p.lon], {icon: icon}).bindTooltip(p.label).addTo({{ this._parent.get_name() }});
        }); })();
        {% endmacro %}"""
    )

    def __init__(self, waypoints: list[dict]):
        super().__init__()
        points = []
        for wp in waypoints:
            symbol, ink = ROLE_SYMBOLS.get(wp["role"], ("●", "#333"))
            points.append(
                {
                    "lat": wp["lat"],
                    "lon": wp["lon"],
                    "role": wp["role"],  # one of corridors.model.ROLES
                    "symbol": symbol,
                    "ink": ink,
                    "size": 14 if wp["role"] in ROLE_SYMBOLS else 8,
                    "label": f"{safe(wp['name'])} ({safe(wp['country'])}) · {safe(wp['role'].replace('_', ' '))}",
                }
            )
        self.points_json = json.dumps(points, ensure_ascii=False)


def _points(geometry: dict) -> list[list[float]]:
    coords = geometry["coordinates"]
    return [pt for line in coords for pt in line] if geometry["type"] == "MultiLineString" else coords


def _legend_html(color_by: str) -> str:
    colors = STATUS_COLORS if color_by == "status" else MODE_COLORS
    rows = []
    for key, color in colors.items():
        dash = STATUS_DASHES.get(key) if color_by == "status" else None
        label = STATUS_LABELS.get(key, key.title())
        rows.append(
            f'<div><svg width="34" height="10"><line x1="0" y1="5" x2="34" y2="5" stroke="{color}" stroke-width="4"'
            f"{f' stroke-dasharray={chr(34)}{dash}{chr(34)}' if dash else ''}/></svg> {label}</div>"
        )
    symbols = "".join(
        f"<div><span style='color:{c}'>{s}</span> {r.replace('_', ' ')}</div>" for r, (s, c) in ROLE_SYMBOLS.items()
    )
    title = "Status" if color_by == "status" else "Mode"
    return (
        '<div id="corridors-legend" style="background:rgba(255,255,255,.92);padding:6px 9px;border-radius:4px;'
        f'font:11px/1.35 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)"><b>{title}</b>{"".join(rows)}'
        f'{symbols}<div style="margin-top:4px;max-width:190px;color:#555">Schematic lines drawn through named places, '
        "not surveyed alignments.</div></div>"
    )


class _Legend(MacroElement):
    """The legend and the schematic caveat, as a Leaflet control in the bottom right corner."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function(){var legend = L.control({position: "bottomleft"});
        legend.onAdd = function(){var div = L.DomUtil.create("div", "corridors-legend");
          div.innerHTML = {{ this.html_json }}; return div;};
        legend.addTo({{ this._parent.get_name() }});})();
        {% endmacro %}"""
    )

    def __init__(self, html: str):
        super().__init__()
        self.html_json = json.dumps(html)
