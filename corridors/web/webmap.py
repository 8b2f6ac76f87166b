"""Folium maps for the dashboard: a fixed base map (local Leaflet, country outlines and names,
the route picker, the legend's frame) and a route layer that can be swapped without remounting
the map (lines, invisible hit lines, place and route labels, the legend's content).

How a route is picked: every route has one invisible, wide *hit line* (the only interactive,
focusable element of a route: one Tab stop, Enter or Space selects it). A click anywhere on the
map asks which routes pass within a few pixels of it (``map.corridorsAt``): one route is
selected at once, several are listed in a small chooser. Selecting fires a click carrying the
route's id and a fresh ``pick`` number on the route layer, which streamlit-folium returns to the
app as ``last_active_drawing``.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from functools import cache
from pathlib import Path
from typing import ClassVar, TypedDict

import folium
from branca.element import MacroElement, Template

from corridors import settings
from corridors.io.files import write_atomic
from corridors.web.present import (
    MODE_COLORS,
    STATUS_COLORS,
    STATUS_DASHES,
    STATUS_LABELS,
    country_names,
    line_sample,
    readable,
    safe,
    status_dates,
)

#: Where Streamlit serves the app's ``static/`` folder (server.enableStaticServing).
STATIC_URL = "/app/static"
#: Countries drawn as outlines under the routes, so the map makes sense without tiles.
REGION = ("AF", "AE", "AZ", "CN", "IN", "IR", "KG", "KZ", "OM", "PK", "RU", "TJ", "TM", "TR", "UZ", "MN", "IQ", "SA")
ROLE_SYMBOLS = {"border_crossing": ("■", "#222"), "port": ("⚓", "#0b4f8a"), "pass": ("▲", "#6b3e26")}
CENTER, ZOOM = (36.0, 63.0), 4
OUTLINES_FILE = "outlines.geojson"
#: Smallest zoom at which each kind of label shows (fewer names when zoomed out).
LABEL_ZOOMS = {"country": 0, "place-1": 0, "route-selected": 0, "route": 4, "place-2": 5.5, "place-3": 6.5}
#: Zoom from which waypoint markers take the pointer (their place tooltip) instead of the lines.
WAYPOINTS_LIVE_ZOOM = 7
#: How each mode is drawn around the status line (status keeps the colour and the dash pattern):
#: roads with a white casing, railways with crossties, sea legs in a blue halo, pipelines hollow,
#: flights thin (on their great-circle arcs).
MODE_STROKES = {
    "road": {"under": {"color": "#ffffff", "extra": 4, "opacity": 1}},
    "rail": {"under": {"color": None, "extra": 5, "dashArray": "1 6"}},
    "sea": {"under": {"color": "#8ecae6", "extra": 7, "opacity": 0.5}},
    "pipeline": {"extra": 2, "over": {"color": "#ffffff", "weight": 1.5, "opacity": 1}},
    "air": {"extra": -1.5},
}
MODE_WORDS = {"road": "road", "rail": "railway", "sea": "sea", "pipeline": "pipeline", "air": "flight"}
PLACE_RANK = ("port", "terminal", "border_crossing", "pass", "city")


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


@cache
def _region_features(path: Path) -> tuple[dict, ...]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return tuple(f for f in features if f["properties"]["iso"] in REGION)


def region_outlines() -> str:
    """The country outlines of the region (GeoJSON text, from ``settings.COUNTRIES_PATH``) drawn under the routes."""
    return _region_outlines(Path(settings.COUNTRIES_PATH))


@cache
def _region_outlines(path: Path) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(_region_features(path))})


def country_labels() -> tuple[dict, ...]:
    """Name and label point (inside the largest part of the outline) of every country of the region."""
    return _country_labels(Path(settings.COUNTRIES_PATH))


@cache
def _country_labels(path: Path) -> tuple[dict, ...]:
    from shapely.geometry import shape
    from shapely.ops import polylabel

    names = country_names()
    labels = []
    for feature in _region_features(path):
        geometry = shape(feature["geometry"])
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
        point = polylabel(largest, tolerance=0.1)
        iso = feature["properties"]["iso"]
        labels.append({"text": safe(names.get(iso, iso)), "lat": round(point.y, 3), "lon": round(point.x, 3)})
    return tuple(labels)


def bounds(collection: dict) -> list[list[float]]:
    """[[south, west], [north, east]] around every route of ``collection``."""
    points = [pt for f in collection["features"] for pt in _points(f["geometry"])]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def base_map(fit: list[list[float]] | None = None) -> folium.Map:
    """The map that never changes with the filters or the colour switch (so the browser never
    remounts it): everything that depends on them is in the route layer, the legend included."""
    m = LocalLeafletMap(
        location=CENTER, zoom_start=ZOOM, tiles=None, control_scale=True, prefer_canvas=False, zoom_snap=0.25
    )
    _Outlines().add_to(m)
    folium.TileLayer(
        "OpenStreetMap",
        attr='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        opacity=0.55,
        control=False,
    ).add_to(m)
    _Picker(fit).add_to(m)
    return m


def route_styles(routes: list[tuple[dict, dict]], color_by: str = "status", selected: str | None = None) -> dict:
    """Route id -> Leaflet path style of its line: colour by status (or mode), dashes by status,
    the selected route thicker and the others faded."""
    styles = {}
    for feature, entry in routes:
        props, status = feature["properties"], entry["status"]
        styles[props["id"]] = {
            "color": STATUS_COLORS[status] if color_by == "status" else MODE_COLORS[props["modes"][0]],
            "weight": 7 if props["id"] == selected else 4,
            "opacity": 0.35 if selected and props["id"] != selected else 0.9,
            "dashArray": STATUS_DASHES[status],
            "lineCap": "butt",
            "className": f"corridor corridor-{props['id']}",  # ids are [a-z0-9-]: checked by corridors.routes
        }
    return styles


def part_modes(props: dict, geometry: dict) -> list[str]:
    """The mode each part of a route's line is drawn as: a part of a route that goes by sea, from
    port to port with no other named place on the way, is a sea leg; every other part is drawn as
    the route's first land mode."""
    roles = {(round(w["lon"], 4), round(w["lat"], 4)): w["role"] for w in props["waypoints"]}
    land = [m for m in props["modes"] if m not in ("sea", "multimodal")] or props["modes"]

    def sea_leg(line: list[list[float]]) -> bool:
        named = [roles.get((round(pt[0], 4), round(pt[1], 4))) for pt in line]
        return named[0] == named[-1] == "port" and not any(named[1:-1])

    return ["sea" if "sea" in props["modes"] and sea_leg(line) else land[0] for line in _lines(geometry)]


class MapLabels(TypedDict):
    """Where the map writes names: route id -> [lat, lon] of its name, and the places' labels
    (text, lat, lon, kind, and the ids of the routes through the place)."""

    routes: dict[str, list[float]]
    places: list[dict]


def map_labels(features: list[dict]) -> MapLabels:
    """The labels of every route of ``features`` (computed once for all the data, so that names
    stay put when filters change)."""
    return {"routes": route_label_points(features), "places": place_labels(features)}


def place_labels(features: list[dict]) -> list[dict]:
    """The waypoints of the routes ``features`` as map labels, one per place: ports, terminals and places on three
    or more routes show at every zoom, crossings and places on two routes from zoom 5.5, the rest
    when zoomed in. Places a few km apart (the two sides of a border post) share one label."""
    places: dict[str, dict] = {}
    on_routes: dict[str, set] = {}
    for feature in features:
        for wp in feature["properties"]["waypoints"]:
            best = places.get(wp["name"])
            if best is None or PLACE_RANK.index(wp["role"]) < PLACE_RANK.index(best["role"]):
                places[wp["name"]] = wp
            on_routes.setdefault(wp["name"], set()).add(feature["properties"]["id"])
    labels: list[dict] = []
    for name, wp in sorted(places.items(), key=lambda kv: PLACE_RANK.index(kv[1]["role"])):
        shared = len(on_routes[name])
        tier = (
            1 if wp["role"] in ("port", "terminal") or shared >= 3 else 2 if wp["role"] != "city" or shared == 2 else 3
        )
        twin = next((lb for lb in labels if abs(lb["lat"] - wp["lat"]) + abs(lb["lon"] - wp["lon"]) < 0.1), None)
        if twin:
            twin["names"].append(name)
            continue
        labels.append({"names": [name], "lat": wp["lat"], "lon": wp["lon"], "tier": tier})
    return [
        {
            "text": safe(" / ".join(lb["names"])),
            "lat": lb["lat"],
            "lon": lb["lon"],
            "kind": f"place-{lb['tier']}",
            "routes": sorted(set().union(*(on_routes[name] for name in lb["names"]))),
        }
        for lb in labels
    ]


def route_label_points(features: list[dict]) -> dict[str, list[float]]:
    """Route id -> [lat, lon] where its name is written: the point of its own (not context) line
    farthest from the other routes and from the names already placed, so names overlap least."""
    import numpy as np
    import shapely

    lines = {f["properties"]["id"]: shapely.MultiLineString(_lines(f["geometry"])) for f in features}
    chosen: dict[str, list[float]] = {}
    steps = np.arange(1, 10) / 10
    for feature in sorted(features, key=lambda f: -lines[f["properties"]["id"]].length):
        props = feature["properties"]
        parts = [line for line in _lines(feature["geometry"]) if len(line) > 1]
        own = [
            line for line, part in zip(_lines(feature["geometry"]), props["segment_parts"], strict=False)
            if part == "route" and len(line) > 1
        ] or parts  # fmt: skip
        candidates = shapely.line_interpolate_point(
            np.repeat([shapely.LineString(line) for line in own], len(steps)), np.tile(steps, len(own)), normalized=True
        )
        others = [line for rid, line in lines.items() if rid != props["id"]]
        others += [shapely.Point(lon, lat) for lat, lon in chosen.values()]
        score = shapely.distance(candidates, shapely.GeometryCollection(others)) if others else np.zeros(1)
        best = candidates[int(np.argmax(score))]
        chosen[props["id"]] = [round(best.y, 4), round(best.x, 4)]
    return chosen


def legend_html(routes: list[tuple[dict, dict]], color_by: str = "status") -> str:
    """The legend of what ``routes`` show, with counts: statuses (colour and line pattern, or the
    pattern alone when lines are coloured by mode), modes, kinds of place, and the caveat."""
    statuses = Counter(entry["status"] for _, entry in routes)
    modes = Counter(m for f, _ in routes for m in set(part_modes(f["properties"], f["geometry"])))
    roles = {w["role"] for f, _ in routes for w in f["properties"]["waypoints"]} & set(ROLE_SYMBOLS)
    context = any(part == "context" for f, _ in routes for part in f["properties"]["segment_parts"])
    status_rows = [f"<b>Status</b>{'' if color_by == 'status' else ' (pattern)'}"]
    for status in STATUS_LABELS:
        if statuses[status]:
            color = STATUS_COLORS[status] if color_by == "status" else "#444444"
            status_rows.append(
                f"<div>{line_sample(color, STATUS_DASHES[status])} {STATUS_LABELS[status]} ({statuses[status]})</div>"
            )
    mode_rows = [f"<b>Mode</b>{' (colour)' if color_by == 'mode' else ''}"]
    for mode in MODE_STROKES:
        if modes[mode]:
            color = MODE_COLORS[mode] if color_by == "mode" else "#444444"
            mode_rows.append(f"<div>{mode_sample(mode, color)} {MODE_WORDS[mode]} ({modes[mode]})</div>")
    places = [f"<span style='color:{ROLE_SYMBOLS[r][1]}'>{ROLE_SYMBOLS[r][0]}</span> {r.replace('_', ' ')}"
              for r in ROLE_SYMBOLS if r in roles]  # fmt: skip
    if context:
        places.append("paler: the wider corridor")
    return (
        f'<div class="legend-cols"><div>{"".join(status_rows)}</div><div>{"".join(mode_rows)}</div></div>'
        f'<div class="legend-places">{" · ".join(places)}</div>'
        '<div class="caveat">Lines are schematic, drawn through named places. '
        "Click a line (or Tab to it and press Enter) to open its card.</div>"
    )


def mode_sample(mode: str, color: str) -> str:
    """A short SVG line drawn the way the map draws ``mode`` (casing, crossties, halo, hollow, thin)."""
    strokes = MODE_STROKES[mode]
    weight = 4 + strokes.get("extra", 0)
    parts = []
    for layer, stroke in (("under", strokes.get("under")), ("main", {}), ("over", strokes.get("over"))):
        if stroke is None:
            continue
        width = stroke.get("weight", weight + stroke.get("extra", 0)) if layer != "main" else weight
        dash = f' stroke-dasharray="{stroke["dashArray"]}"' if stroke.get("dashArray") else ""
        parts.append(
            f'<line x1="0" y1="7" x2="34" y2="7" stroke="{stroke.get("color") or color}" stroke-width="{width}"'
            f' stroke-opacity="{stroke.get("opacity", 1)}"{dash}/>'
        )
    return f'<svg width="34" height="14" aria-hidden="true" style="vertical-align:middle">{"".join(parts)}</svg>'


def route_layer(
    routes: list[tuple[dict, dict]],
    color_by: str = "status",
    selected: str | None = None,
    labels: MapLabels | None = None,
):
    """One FeatureGroup with every kept route, styled by its status as of the chosen date.

    One element however many routes (a script fed with JSON), so the layer renders in
    milliseconds on every rerun. ``labels``: those of all the data (`map_labels`), else of ``routes``."""
    group = folium.FeatureGroup(name="Routes", control=False)
    _Routes(routes, color_by, selected, labels or map_labels([f for f, _ in routes])).add_to(group)
    return group


class _Routes(MacroElement):
    """The routes' lines, hit lines, labels and waypoints, and the legend's content."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function(group, map){
          var data = {{ this.data_json }};
          var layer = L.layerGroup().addTo(group);  // its children send no events up to folium's group
          var routes = [];
          data.routes.forEach(function(r){
            var lines = [];
            r.parts.forEach(function(part){
              var opacity = r.style.opacity * (part.context ? 0.55 : 1);
              var main = L.extend({}, r.style, {opacity: opacity, interactive: false, color: part.color,
                className: "corridor-line corridor-line-" + r.id, weight: r.style.weight + (part.strokes.extra || 0)});
              [part.strokes.under, null, part.strokes.over].forEach(function(extra, i){
                var style = i === 1 ? main : L.extend({}, main, {dashArray: extra && extra.dashArray || null,
                  color: extra && extra.color || part.color, opacity: opacity * ((extra && extra.opacity) || 1),
                  weight: extra && extra.weight || main.weight + ((extra && extra.extra) || 0)});
                if (i === 1 || extra) lines.push(L.polyline(part.latlngs, style).addTo(layer));
              });
            });
            var hit = L.polyline(r.parts.map(function(p){ return p.latlngs; }), {pane: "corridor-hits",
              className: r.style.className, color: "#000", opacity: 0, weight: 2 * map.corridorTolerance,
              lineCap: "round", lineJoin: "round"}).addTo(layer);
            hit.bindTooltip(r.tooltip, {sticky: true});
            var route = {id: r.id, name: r.name, status: r.status, swatch: r.swatch, hit: hit, lines: lines,
              latlngs: r.parts.map(function(p){ return p.latlngs; }), layer: layer};
            routes.push(route);
            hit.on("add", function(){  // one keyboard stop per route: its hit line
              var path = hit.getElement();
              path.setAttribute("tabindex", "0");
              path.setAttribute("role", "button");
              path.setAttribute("aria-label", r.aria);
              L.DomEvent.on(path, "keydown", function(e){
                if (e.key !== "Enter" && e.key !== " ") return;
                L.DomEvent.stop(e);
                map.corridorRefocus = r.id;  // the redrawn layer gives the focus back to this route
                map.selectCorridor(route, hit.getCenter());
              });
              if (map.corridorRefocus === r.id) {
                map.corridorRefocus = null;
                path.focus({preventScroll: true});
              }
              L.DomEvent.on(path, "focus", function(){ hit.openTooltip(hit.getCenter()); });
              L.DomEvent.on(path, "blur", function(){ hit.closeTooltip(); });
            });
            var kind = r.selected ? "route-selected" : "route";
            if (r.label) map.corridorLabel(r.label, kind, r.name, layer, r.ink);
          });
          data.places.forEach(function(p){ map.corridorLabel([p.lat, p.lon], p.kind, p.text, layer); });
          data.waypoints.forEach(function(p){
            var icon = L.divIcon({className: "wp wp-" + p.role, iconSize: [p.size, p.size],
              iconAnchor: [p.size / 2, p.size / 2],
              html: '<div style="color:' + p.ink + ';font-size:' + p.size + 'px">' + p.symbol + "</div>"});
            L.marker([p.lat, p.lon], {icon: icon, keyboard: false}).bindTooltip(p.label).addTo(layer);
          });
          map.corridorRoutes = routes;
          map.corridorLegend(data.legend, routes.length);
          group.on("add", function(){ map.corridorDeclutter(); });
        })({{ this._parent.get_name() }}, {{ this._parent._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, routes: list[tuple[dict, dict]], color_by: str, selected: str | None, labels: MapLabels):
        super().__init__()
        styles = route_styles(routes, color_by, selected)
        kept = {f["properties"]["id"] for f, _ in routes}
        waypoints: dict[tuple, dict] = {}
        drawn = []
        for feature, entry in sorted(routes, key=lambda r: r[0]["properties"]["id"] == selected):
            props = feature["properties"]
            status = STATUS_LABELS[entry["status"]]
            modes = ", ".join(props["modes"])
            parts = [
                {
                    "latlngs": [[pt[1], pt[0]] for pt in line],
                    "context": kind == "context",
                    "strokes": MODE_STROKES[mode],
                    # coloured by mode, each part takes its own (a sea leg of a road route is sea)
                    "color": MODE_COLORS[mode] if color_by == "mode" else styles[props["id"]]["color"],
                }
                for line, kind, mode in zip(
                    _lines(feature["geometry"]),
                    props["segment_parts"],
                    part_modes(props, feature["geometry"]),
                    strict=False,
                )
            ]
            drawn.append(
                {
                    "id": props["id"],
                    "name": safe(props["name"]),
                    "status": safe(status),
                    "swatch": line_sample(styles[props["id"]]["color"], STATUS_DASHES[entry["status"]], width=24),
                    "tooltip": f"<b>{safe(props['name'])}</b><br>{safe(status)}, {safe(status_dates(entry))}"
                    f"<br>{safe(modes)}",
                    "aria": f"{props['name']}: {status}, {modes}. Press Enter to open its card.",
                    "style": styles[props["id"]],
                    "parts": parts,
                    "label": labels["routes"].get(props["id"]),
                    "selected": props["id"] == selected,
                    "ink": readable(styles[props["id"]]["color"]),  # the route's colour, dark enough to read
                }
            )
            for wp in props["waypoints"]:
                key = (wp["name"], wp["lon"], wp["lat"])
                if key not in waypoints or wp["role"] in ROLE_SYMBOLS:
                    waypoints[key] = wp
        data = {
            "routes": drawn,
            "places": [p for p in labels["places"] if kept.intersection(p["routes"])],
            "waypoints": [_waypoint(wp) for wp in waypoints.values()],
            "legend": legend_html(routes, color_by),
        }
        # JSON inside a <script>: "</" is written "<\/" so no text can close the script
        self.data_json = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _waypoint(wp: dict) -> dict:
    symbol, ink = ROLE_SYMBOLS.get(wp["role"], ("●", "#333"))
    return {
        "lat": wp["lat"],
        "lon": wp["lon"],
        "role": wp["role"],  # one of corridors.model.ROLES
        "symbol": symbol,
        "ink": ink,
        "size": 12 if wp["role"] in ROLE_SYMBOLS else 6,
        "label": f"{safe(wp['name'])} ({safe(wp['country'])}) · {safe(wp['role'].replace('_', ' '))}",
    }


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


_CSS = """
.leaflet-container { height: 100vh !important; }  /* the frame's height, which the page may cap */
.leaflet-pane.leaflet-labels-pane { pointer-events: none; }
.lbl span { position: absolute; white-space: nowrap; font: 12px/1.1 sans-serif; color: #222;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }
.lbl-country span { transform: translate(-50%, -50%); font-size: 11px; letter-spacing: .12em;
  text-transform: uppercase; color: #6d6257; }
.lbl-place-1 span { left: 5px; top: -8px; font-weight: 600; }
.lbl-place-2 span, .lbl-place-3 span { left: 5px; top: -7px; font-size: 11px; color: #333; }
.lbl-route span, .lbl-route-selected span { transform: translate(-50%, -50%); font-size: 11px; font-style: italic;
  font-weight: 600; width: max-content; max-width: 150px; white-space: normal; text-align: center; }
.leaflet-container .leaflet-marker-icon.wp { pointer-events: none; }
.leaflet-container.wp-live .leaflet-marker-icon.wp { pointer-events: auto; }
path.corridor:hover, path.corridor:focus { stroke-opacity: .14; outline: none; }
path.corridor:focus-visible { stroke-opacity: .3; }
.corridors-legend { background: rgba(255,255,255,.94); padding: 4px 8px; border-radius: 4px;
  font: 11px/1.35 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 300px; }
.corridors-legend .legend-cols { display: flex; gap: 12px; }
.corridors-legend .legend-places { margin-top: 2px; }
.corridors-legend summary { cursor: pointer; font-weight: 600; }
.corridors-legend .caveat { margin-top: 4px; color: #555; }
.corridor-chooser button { display: block; width: 100%; text-align: left; margin: 2px 0; padding: 3px 4px;
  border: 1px solid #ccc; border-radius: 3px; background: #fff; cursor: pointer; font: 12px sans-serif; }
.chooser-below .leaflet-popup-tip-container { display: none; }
.corridor-chooser button:hover, .corridor-chooser button:focus { background: #eef5fb; border-color: #0072B2; }
"""


class _Picker(MacroElement):
    """What never changes with the filters: panes, label and zoom rules, the picker (click, chooser,
    keyboard), the legend's frame, country names, and a title for the map's frame."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function(map){
          var style = document.createElement("style");
          style.textContent = {{ this.css_json }};
          document.head.appendChild(style);
          map.createPane("corridor-hits").style.zIndex = 440;
          map.createPane("labels").style.zIndex = 450;
          map.getPane("labels").classList.add("leaflet-labels-pane");
          var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
          map.corridorTolerance = coarse ? 16 : 10;
          var zooms = {{ this.zooms_json }};
          var rules = document.createElement("style");
          rules.textContent = Object.keys(zooms).map(function(kind){
            return ".hide-" + kind + " .lbl-" + kind + " { display: none; }"; }).join("\\n");
          document.head.appendChild(rules);
          function zoomed(){
            var z = map.getZoom(), box = map.getContainer();
            Object.keys(zooms).forEach(function(kind){ box.classList.toggle("hide-" + kind, z < zooms[kind]); });
            box.classList.toggle("wp-live", z >= {{ this.live_zoom }});
          }
          map.on("zoomend", zoomed);
          map.whenReady(zoomed);

          // Fitted to the routes, again whenever the frame changes size, until the user moves the map.
          var fit = {{ this.fit_json }}, fitting = false, moved = false;
          function refit(){
            if (!fit || moved) return;
            fitting = true;
            var box = legend.getContainer();  // the routes sit above the legend when there is room
            var below = box && box.open ? box.offsetHeight : 0;
            map.fitBounds(fit, {paddingTopLeft: [12, 12], paddingBottomRight: [40, 12 + below], animate: false});
            fitting = false;
          }
          map.on("movestart", function(){ if (!fitting) moved = true; });
          map.on("resize", refit);

          // Labels that would overlap a more important one are hidden, at every zoom.
          var ORDER = ["route-selected", "place-1", "route", "country", "place-2", "place-3"];
          map.corridorDeclutter = function(){
            var labels = [].slice.call(map.getPane("labels").querySelectorAll(".lbl"));
            labels.sort(function(a, b){ return ORDER.indexOf(a.dataset.kind) - ORDER.indexOf(b.dataset.kind); });
            var taken = [];
            function free(box){
              return !taken.some(function(t){
                return box.left < t.right && box.right > t.left && box.top < t.bottom && box.bottom > t.top;
              });
            }
            labels.forEach(function(label){
              var span = label.firstChild;
              span.style.visibility = "";
              span.style.marginTop = "";
              if (!span.getBoundingClientRect().width) return;  // hidden at this zoom
              // a country's name may move up or down a little to make room for a city's
              var shifts = label.dataset.kind === "country" ? [0, -14, 14] : [0];
              var fits = shifts.some(function(dy){
                span.style.marginTop = dy + "px";
                var box = span.getBoundingClientRect();
                if (free(box)) { taken.push(box); return true; }
                return false;
              });
              if (!fits) { span.style.marginTop = ""; span.style.visibility = "hidden"; }
            });
          };
          map.on("zoomend", function(){ map.corridorDeclutter(); });
          map.corridorLabel = function(latlng, kind, html, layer, color){
            var span = '<span' + (color ? ' style="color:' + color + '"' : "") + ">" + html + "</span>";
            return L.marker(latlng, {pane: "labels", interactive: false, keyboard: false,
              icon: L.divIcon({className: "lbl lbl-" + kind, html: span, iconSize: null, iconAnchor: [0, 0]})})
              .on("add", function(e){ e.target.getElement().dataset.kind = kind; })
              .addTo(layer);
          };
          var countries = L.layerGroup().addTo(map);
          {{ this.countries_json }}.forEach(function(c){
            map.corridorLabel([c.lat, c.lon], "country", c.text, countries);
          });

          function distance(point, lines){
            var best = Infinity;
            lines.forEach(function(line){
              var prev = map.latLngToLayerPoint(line[0]);
              if (line.length === 1) best = Math.min(best, point.distanceTo(prev));
              for (var i = 1; i < line.length; i++) {
                var next = map.latLngToLayerPoint(line[i]);
                best = Math.min(best, L.LineUtil.pointToSegmentDistance(point, prev, next));
                prev = next;
              }
            });
            return best;
          }
          map.corridorsAt = function(latlng){
            var point = map.latLngToLayerPoint(latlng);
            return (map.corridorRoutes || []).map(function(r){ return {route: r, d: distance(point, r.latlngs)}; })
              .filter(function(c){ return c.d <= map.corridorTolerance; })
              .sort(function(a, b){ return a.d - b.d; }).map(function(c){ return c.route; });
          };
          var picks = 0;
          map.selectCorridor = function(route, latlng){
            map.closePopup();
            var pick = Date.now() + "-" + (++picks);  // a new value each time, so a second pick counts too
            var feature = {type: "Feature", geometry: null, properties: {id: route.id, pick: pick}};
            // streamlit-folium listens to clicks on every layer and returns e.layer.toGeoJSON()
            route.layer.fire("click", {latlng: latlng, layer: {toGeoJSON: function(){ return feature; }}});
          };
          function chooser(found, latlng){
            var box = L.DomUtil.create("div", "corridor-chooser");
            box.innerHTML = "<b>" + found.length + " routes here</b>";
            found.forEach(function(route){
              var button = L.DomUtil.create("button", "pick", box);
              button.type = "button";
              button.setAttribute("data-route", route.id);
              button.innerHTML = route.swatch + " " + route.name + " <small>(" + route.status + ")</small>";
              L.DomEvent.on(button, "click", function(e){ L.DomEvent.stop(e); map.selectCorridor(route, latlng); });
            });
            var popup = L.popup({maxWidth: 300, className: "corridor-chooser-popup", autoPan: false});  // map stays put
            popup.setLatLng(latlng).setContent(box).openOn(map);
            // kept inside the map: below the point when there is no room above, shifted off the sides
            var shown = popup.getElement().getBoundingClientRect(), frame = map.getContainer().getBoundingClientRect();
            var dx = Math.max(0, frame.left + 4 - shown.left) - Math.max(0, shown.right - frame.right + 4);
            var below = shown.top < frame.top + 4;
            if (dx || below) {
              popup.options.offset = L.point(dx, below ? shown.height + 30 : 7);
              popup.update();
              popup.getElement().classList.toggle("chooser-below", below);
            }
            box.querySelector("button").focus({preventScroll: true});
          }
          map.on("click", function(e){
            var found = map.corridorsAt(e.latlng);
            if (found.length === 1) map.selectCorridor(found[0], e.latlng);
            else if (found.length > 1) chooser(found, e.latlng);
          });

          var legend = L.control({position: "bottomleft"});
          legend.onAdd = function(){
            var box = L.DomUtil.create("details", "corridors-legend");
            box.id = "corridors-legend";
            box.open = map.getSize().x >= 480;  // on a phone the legend starts folded
            box.innerHTML = "<summary>Legend</summary><div class='legend-body'></div>";
            L.DomEvent.on(box, "toggle", refit);
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            return box;
          };
          legend.addTo(map);
          refit();
          map.corridorLegend = function(html, count){
            var body = legend.getContainer().querySelector(".legend-body"), first = !body.innerHTML;
            body.innerHTML = html;
            if (first) refit();
            var title = "Map of " + count + " transport corridor" + (count === 1 ? "" : "s") +
              " between Pakistan and Kazakhstan: Tab to a route and press Enter to open its card";
            document.title = title;
            try { if (window.frameElement) window.frameElement.title = title; } catch (e) {}
          };
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, fit: list[list[float]] | None = None):
        super().__init__()
        self.fit_json = json.dumps(fit)
        self.css_json = json.dumps(_CSS)
        self.zooms_json = json.dumps(LABEL_ZOOMS)
        self.live_zoom = WAYPOINTS_LIVE_ZOOM
        self.countries_json = json.dumps(list(country_labels()), ensure_ascii=False)


def _lines(geometry: dict) -> list[list[list[float]]]:
    return geometry["coordinates"] if geometry["type"] == "MultiLineString" else [geometry["coordinates"]]


def _points(geometry: dict) -> list[list[float]]:
    return [pt for line in _lines(geometry) for pt in line]
