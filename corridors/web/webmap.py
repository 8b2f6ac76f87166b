"""Folium maps for the dashboard: a fixed base map (local Leaflet, country outlines and names,
the route picker, the legend's frame, the "Save as PNG" button) and a route layer that can be swapped without remounting
the map (lines, invisible hit lines, place and route labels, the legend's content).

How a route is picked: every route has one invisible, wide *hit line* (the only interactive,
focusable element of a route: one Tab stop, Enter or Space selects it). A click anywhere on the
map opens the nearest route within a few pixels of it; only routes whose lines pass as near
(lines that run together, ``map.corridorChoice``) are listed in a small chooser. Selecting fires a click carrying the
route's id and a fresh ``pick`` number on the route layer, which streamlit-folium returns to the
app as ``last_active_drawing``.

The JavaScript and CSS that do all this are files of ``corridors/web/static`` (served with Leaflet
by the app, see `install_static`); Python gives them only data, as JSON, in one call per element.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from itertools import pairwise
from pathlib import Path
from typing import ClassVar, TypedDict

import folium
import xyzservices
from branca.element import Element, MacroElement, Template
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from corridors import settings
from corridors.io.files import write_atomic
from corridors.output.geojson_schema import (
    CollectionDict,
    FeatureDict,
    PropertiesDict,
    RouteAt,
    WaypointDict,
)
from corridors.status.timeline import PERSON
from corridors.web.present import (
    LAND,
    LAND_OPACITY,
    LINE_OPACITY,
    MODE_COLORS,
    SEA,
    STATUS_COLORS,
    STATUS_DASHES,
    STATUS_LABELS,
    TILE_OPACITY,
    MapCaption,
    basis,
    casing,
    country_names,
    line_sample,
    map_caption,
    pending_summary,
    readable,
    render,
    status_dates,
)

#: Where Streamlit serves the app's ``static/`` folder (server.enableStaticServing).
STATIC_URL = "/app/static"
#: Countries drawn as outlines under the routes, so the map makes sense without tiles.
REGION = ("AF", "AE", "AZ", "CN", "IN", "IR", "KG", "KZ", "OM", "PK", "RU", "TJ", "TM", "TR", "UZ", "MN", "IQ", "SA")
ROLE_SYMBOLS = {"border_crossing": ("■", "#222"), "port": ("⚓", "#0b4f8a"), "pass": ("▲", "#6b3e26")}
CENTER, ZOOM = (36.0, 63.0), 4
#: The tiles under the outlines where the browser can reach them (the map needs none).
OSM = xyzservices.providers.OpenStreetMap.Mapnik
OUTLINES_FILE = "outlines.geojson"
#: The map's own scripts and styles (files of corridors/web/static), served from STATIC_URL/corridors/.
OWN_STATIC = "corridors"
SCRIPTS = ("outlines.js", "picker.js", "routes.js", "snapshot.js")
#: SCRIPTS, served as this one file: streamlit-folium loads a map's scripts one after another, each
#: request waiting for the script before it to run (measured: 10-15 ms each on a quiet machine here).
BUNDLE = "map.js"
STYLES = ("map.css",)
#: Smallest zoom at which each kind of label shows (fewer names when zoomed out).
LABEL_ZOOMS = {"country": 0, "place-1": 0, "route-selected": 0, "route": 0, "place-2": 5.5, "place-3": 6.5}
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
#: A status no person confirmed (``status_basis`` auto: a machine reading) is drawn stitched: a
#: white dashed core over its line.
MACHINE_STROKE = {"color": "#ffffff", "weight": 1.5, "opacity": 1, "dashArray": "3 4"}
MODE_WORDS = {"road": "road", "rail": "railway", "sea": "sea", "pipeline": "pipeline", "air": "flight"}
PLACE_RANK = ("port", "terminal", "border_crossing", "pass", "city")


def install_static(static_dir: Path) -> None:
    """Put what the map loads where Streamlit serves static files: Leaflet (from the
    xstatic-leaflet package), the map's own scripts and styles, and the country outlines of the region."""
    import xstatic.pkg.leaflet as leaflet

    static_dir = Path(static_dir)
    if not (static_dir / "leaflet" / "leaflet.js").exists():
        shutil.copytree(leaflet.BASE_DIR, static_dir / "leaflet", dirs_exist_ok=True)
    wanted = {f"{OWN_STATIC}/{name}": _own_file(name) for name in STYLES}
    wanted[f"{OWN_STATIC}/{BUNDLE}"] = bundle()
    wanted[OUTLINES_FILE] = region_outlines().encode("utf-8")
    for name, content in wanted.items():
        target = static_dir / name
        if not target.exists() or target.read_bytes() != content:
            write_atomic(target, content)


def bundle() -> bytes:
    """The map's own scripts in one file, in the order of SCRIPTS (each keeps to its own function scope)."""
    return b"\n".join(f"/* {name} */\n".encode() + _own_file(name) for name in SCRIPTS)


def _own_file(name: str) -> bytes:
    """A file of corridors/web/static."""
    return (files("corridors.web") / "static" / name).read_bytes()


class LocalLeafletMap(folium.Map):
    """A folium Map that loads only Leaflet and its own scripts, from this server: no CDN, no jQuery or Bootstrap."""

    default_js: ClassVar = [
        ("leaflet", f"{STATIC_URL}/leaflet/leaflet.js"),
        ("corridors", f"{STATIC_URL}/{OWN_STATIC}/{BUNDLE}"),
    ]
    default_css: ClassVar = [
        ("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css"),
        *((name, f"{STATIC_URL}/{OWN_STATIC}/{name}") for name in STYLES),
    ]


def script_json(data: object) -> Markup:
    """``data`` as JSON that can sit inside a <script>: no <, > or & in it (they are written \\u003c...)."""
    return htmlsafe_json_dumps(data, ensure_ascii=False)


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
        labels.append({"text": names.get(iso, iso), "lat": round(point.y, 3), "lon": round(point.x, 3)})
    return tuple(labels)


def bounds(collection: CollectionDict) -> list[list[float]]:
    """[[south, west], [north, east]] around every route of ``collection``."""
    return _bounds_of(collection["features"])


def _bounds_of(features: Sequence[FeatureDict]) -> list[list[float]]:
    points = [pt for f in features for pt in _points(f["geometry"])]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


class Place(TypedDict):
    name: str
    lat: float
    lon: float


class Focus(TypedDict):
    """What the map shows after a selection from outside it (search, the card's list, a table row):
    ``zoom`` is a number new for each selection (the map zooms to ``bounds`` once per number, None when
    that was done), ``place`` the place searched, marked with its name while the search stands."""

    zoom: int | None
    bounds: list[list[float]]
    place: Place | None


def focus(number: int, features: Sequence[FeatureDict], place: str | None = None) -> Focus:
    """The view of ``features`` (the routes selected or found) and, if given, the place named ``place``
    on one of them, marked."""
    spot = next(
        (Place(name=w["name"], lat=w["lat"], lon=w["lon"]) for f in features for w in f["properties"]["waypoints"]
         if w["name"] == place),
        None,
    )  # fmt: skip
    return Focus(zoom=number, bounds=_bounds_of(features), place=spot)


def base_map(fit: list[list[float]] | None = None) -> folium.Map:
    """The map that never changes with the filters or the colour switch (so the browser never
    remounts it): everything that depends on them is in the route layer, the legend included."""
    m = LocalLeafletMap(
        location=CENTER, zoom_start=ZOOM, tiles=None, control_scale=True, prefer_canvas=False, zoom_snap=0.25
    )
    _Outlines().add_to(m)
    folium.TileLayer(
        OSM,  # the provider itself: given its name, folium searched every provider's at each run (4 ms)
        attr='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        opacity=TILE_OPACITY,
        control=False,
    ).add_to(m)
    _Picker(fit).add_to(m)
    _Snapshot().add_to(m)
    return m


def route_styles(routes: list[RouteAt], color_by: str = "status", selected: str | None = None) -> dict:
    """Route id -> Leaflet path style of its line: colour by status (or mode), dashes by status,
    the selected route thicker and the others faded."""
    styles = {}
    for feature, entry in routes:
        props, status = feature["properties"], entry["status"]
        styles[props["id"]] = {
            "color": STATUS_COLORS[status] if color_by == "status" else MODE_COLORS[props["modes"][0]],
            "weight": 7 if props["id"] == selected else 4,
            "opacity": 0.35 if selected and props["id"] != selected else LINE_OPACITY,
            "dashArray": STATUS_DASHES[status],
            "lineCap": "butt",
            "className": f"corridor corridor-{props['id']}",  # ids are [a-z0-9-]: checked by corridors.routes
        }
    return styles


def part_modes(props: PropertiesDict, geometry: dict) -> list[str]:
    """The mode each part of a route's line is drawn as: a part of a route that goes by sea, from
    port to port with no other named place on the way, is a sea leg; every other part is drawn as
    the route's first land mode."""
    roles = {(round(w["lon"], 4), round(w["lat"], 4)): w["role"] for w in props["waypoints"]}
    land = [m for m in props["modes"] if m not in ("sea", "multimodal")] or props["modes"]

    def sea_leg(line: list[list[float]]) -> bool:
        named = [roles.get((round(pt[0], 4), round(pt[1], 4))) for pt in line]
        return named[0] == named[-1] == "port" and not any(named[1:-1])

    return ["sea" if "sea" in props["modes"] and sea_leg(line) else land[0] for line in _lines(geometry)]


def leg_offsets(features: list[FeatureDict]) -> dict[str, list[list[float]]]:
    """Route id -> for each part of its line, for each leg, how many line widths the leg is drawn
    beside its true place (0 for a leg no other route of ``features`` shares): routes that share
    a leg are drawn side by side, in the order of their ids, each on the same side all along."""

    def ends(a: list[float], b: list[float]) -> tuple[tuple[float, float], ...]:
        return (round(a[0], 4), round(a[1], 4)), (round(b[0], 4), round(b[1], 4))

    sharing: dict[tuple, list[str]] = defaultdict(list)
    for feature in sorted(features, key=lambda f: f["properties"]["id"]):
        rid = feature["properties"]["id"]
        for line in _lines(feature["geometry"]):
            for a, b in pairwise(line):
                leg = tuple(sorted(ends(a, b)))
                if rid not in sharing[leg]:
                    sharing[leg].append(rid)

    def slot(rid: str, a: list[float], b: list[float]) -> float:
        leg = ends(a, b)
        ids = sharing[tuple(sorted(leg))]
        side = ids.index(rid) - (len(ids) - 1) / 2
        return side if leg == tuple(sorted(leg)) else -side  # the same side whichever way the route runs

    return {
        f["properties"]["id"]: [
            [slot(f["properties"]["id"], a, b) for a, b in pairwise(line)]
            for line in _lines(f["geometry"])
        ]
        for f in features
    }


class MapLabels(TypedDict):
    """Where the map writes names: route id -> [lat, lon] of its name, and the places' labels
    (text, lat, lon, kind, and the ids of the routes through the place)."""

    routes: dict[str, list[float]]
    places: list[dict]


def map_labels(features: list[FeatureDict]) -> MapLabels:
    """The labels of every route of ``features`` (computed once for all the data, so that names
    stay put when filters change)."""
    return {"routes": route_label_points(features), "places": place_labels(features)}


def place_labels(features: list[FeatureDict]) -> list[dict]:
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
            "text": " / ".join(lb["names"]),
            "lat": lb["lat"],
            "lon": lb["lon"],
            "kind": f"place-{lb['tier']}",
            "routes": sorted(set().union(*(on_routes[name] for name in lb["names"]))),
        }
        for lb in labels
    ]


def route_label_points(features: list[FeatureDict]) -> dict[str, list[float]]:
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


def legend_html(routes: list[RouteAt], color_by: str = "status") -> Markup:
    """The legend of what ``routes`` show, with counts: statuses (colour and line pattern, or the
    pattern alone when lines are coloured by mode), modes, kinds of place, and the caveat."""
    statuses = Counter(entry["status"] for _, entry in routes)
    modes = Counter(m for f, _ in routes for m in set(part_modes(f["properties"], f["geometry"])))
    roles = {w["role"] for f, _ in routes for w in f["properties"]["waypoints"]}
    status_rows = [
        (line_sample(STATUS_COLORS[s] if color_by == "status" else "#444444", STATUS_DASHES[s]), label, statuses[s])
        for s, label in STATUS_LABELS.items()
        if statuses[s]
    ]
    mode_rows = [
        (mode_sample(m, MODE_COLORS[m] if color_by == "mode" else "#444444"), MODE_WORDS[m], modes[m])
        for m in MODE_STROKES
        if modes[m]
    ]
    places = [(symbol, ink, role.replace("_", " ")) for role, (symbol, ink) in ROLE_SYMBOLS.items() if role in roles]
    context = any(part == "context" for f, _ in routes for part in f["properties"]["segment_parts"])
    machine = sum(entry.get("source") not in PERSON for _, entry in routes)
    return render(
        "legend.html",
        color_by=color_by,
        statuses=status_rows,
        modes=mode_rows,
        places=places,
        context=context,
        machine=(machine_sample(), machine) if machine else None,
    )


def machine_sample() -> Markup:
    """A short line drawn as the map draws a status resting on a machine reading (`MACHINE_STROKE`)."""
    over = MACHINE_STROKE
    return render(
        "mode_sample.html",
        strokes=[
            {"color": "#444444", "width": 4, "opacity": 1, "dash": None},
            {"color": over["color"], "width": over["weight"], "opacity": over["opacity"], "dash": over["dashArray"]},
        ],
    )


def mode_sample(mode: str, color: str) -> Markup:
    """A short SVG line drawn the way the map draws ``mode`` (casing, crossties, halo, hollow, thin), with
    the darker edge of a light ``color`` (`casing`)."""
    strokes = MODE_STROKES[mode]
    weight = 4 + strokes.get("extra", 0)
    edge = {"color": casing(color), "extra": 2} if casing(color) else None
    return render(
        "mode_sample.html",
        strokes=[
            {
                "color": stroke.get("color") or color,
                "width": stroke.get("weight", weight + stroke.get("extra", 0)),
                "opacity": stroke.get("opacity", 1),
                "dash": stroke.get("dashArray"),
            }
            for stroke in (strokes.get("under"), edge, {}, strokes.get("over"))  # {}: the line itself
            if stroke is not None
        ],
    )


def route_layer(
    routes: list[RouteAt],
    color_by: str = "status",
    selected: str | None = None,
    labels: MapLabels | None = None,
    caption: MapCaption | None = None,
    focus: Focus | None = None,
):
    """One FeatureGroup with every kept route, styled by its status as of the chosen date.

    One element however many routes (a script fed with JSON), so the layer renders in
    milliseconds on every rerun. ``labels``: those of all the data (`map_labels`), else of ``routes``;
    ``caption``: of the map saved as a picture (`map_caption`), else one of ``routes`` with no date;
    ``focus``: where to zoom and what place to mark (`focus`)."""
    group = folium.FeatureGroup(name="Routes", control=False)
    labels = labels or map_labels([f for f, _ in routes])
    caption = caption or map_caption(None, "", len(routes), len(routes))
    _Routes(routes, color_by, selected, labels, caption, focus).add_to(group)
    return group


class _Rendered(Element):
    """Text already rendered, given to the page as it is. (branca compiles what a macro rendered as a
    Jinja template again before it renders it: for the route data, 4 ms of every run, and a name holding
    "{%" stopped the map with a TemplateSyntaxError.)"""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _Script(MacroElement):
    """An element of the map that is a script alone (its template's only macro is ``script``, it has no
    children): the script goes into the page as it was rendered (``_Rendered``)."""

    def render(self, **kwargs) -> None:
        script = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(_Rendered(script), name=self.get_name())


class _Routes(_Script):
    """The routes' lines, hit lines, labels and waypoints, and the legend's content."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        corridors.drawRoutes({{ this._parent.get_name() }}, {{ this._parent._parent.get_name() }},
          {{ this.data_json }});
        {% endmacro %}"""
    )

    def __init__(
        self,
        routes: list[RouteAt],
        color_by: str,
        selected: str | None,
        labels: MapLabels,
        caption: MapCaption,
        focus: Focus | None,
    ):
        super().__init__()
        styles = route_styles(routes, color_by, selected)
        kept = {f["properties"]["id"] for f, _ in routes}
        waypoints: dict[tuple, dict] = {}
        drawn = []
        offsets = leg_offsets([f for f, _ in routes])
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
                    "color": (color := MODE_COLORS[mode] if color_by == "mode" else styles[props["id"]]["color"]),
                    "casing": casing(color),  # the darker edge of a light colour, so that the line stands out
                    "slots": slots if any(slots) else None,  # shared legs drawn side by side (leg_offsets)
                }
                for line, kind, mode, slots in zip(
                    _lines(feature["geometry"]),
                    props["segment_parts"],
                    part_modes(props, feature["geometry"]),
                    offsets[props["id"]],
                    strict=False,
                )
            ]
            drawn.append(
                {
                    "id": props["id"],
                    "name": props["name"],
                    "status": status,
                    "swatch_html": line_sample(styles[props["id"]]["color"], STATUS_DASHES[entry["status"]], width=24),
                    "tooltip_html": render(
                        "map_tooltip.html", name=props["name"], status=status, dates=status_dates(entry), modes=modes,
                        basis=basis(entry), pending=pending_summary(props.get("pending", [])),
                    ),
                    "aria": f"{props['name']}: {status}, {modes}. Press Enter to open its card.",
                    "style": styles[props["id"]],
                    "parts": parts,
                    "label": labels["routes"].get(props["id"]),
                    "selected": props["id"] == selected,
                    "ink": readable(styles[props["id"]]["color"]),  # the route's colour, dark enough to read
                    "machine": MACHINE_STROKE if entry.get("source") not in PERSON else None,
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
            "legend_html": legend_html(routes, color_by),
            "caption": caption,
            "focus": focus,
        }
        self.data_json = script_json(data)


def _waypoint(wp: WaypointDict) -> dict:
    symbol, ink = ROLE_SYMBOLS.get(wp["role"], ("●", "#333"))
    return {
        "lat": wp["lat"],
        "lon": wp["lon"],
        "role": wp["role"],  # one of corridors.model.ROLES
        "symbol": symbol,
        "ink": ink,
        "size": 12 if wp["role"] in ROLE_SYMBOLS else 6,
        "label": f"{wp['name']} ({wp['country']}) · {wp['role'].replace('_', ' ')}",
    }


class _Outlines(_Script):
    """Country outlines under everything else, fetched from the server after the map shows:
    they stay out of every rerun's map script, and give orientation when tiles cannot load."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        corridors.drawOutlines({{ this._parent.get_name() }}, {{ this.url_json }}, {{ this.ground_json }});
        {% endmacro %}"""
    )

    def __init__(self):
        super().__init__()
        self.url_json = script_json(f"{STATIC_URL}/{OUTLINES_FILE}")
        self.ground_json = script_json({"sea": SEA, "land": LAND, "landOpacity": LAND_OPACITY, "border": "#7a7a7a"})


class _Snapshot(_Script):
    """The "Save as PNG" button: the map as shown, with its legend and caption, as a picture."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        corridors.addSnapshot({{ this._parent.get_name() }});
        {% endmacro %}"""
    )


class _Picker(_Script):
    """What never changes with the filters: panes, label and zoom rules, the picker (click, chooser,
    keyboard), the legend's frame, country names, and a title for the map's frame."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        corridors.setUpMap({{ this._parent.get_name() }}, {{ this.options_json }});
        {% endmacro %}"""
    )

    def __init__(self, fit: list[list[float]] | None = None):
        super().__init__()
        self.options_json = script_json(
            {"fit": fit, "zooms": LABEL_ZOOMS, "liveZoom": WAYPOINTS_LIVE_ZOOM, "countries": list(country_labels())}
        )


def _lines(geometry: dict) -> list[list[list[float]]]:
    return geometry["coordinates"] if geometry["type"] == "MultiLineString" else [geometry["coordinates"]]


def _points(geometry: dict) -> list[list[float]]:
    return [pt for line in _lines(geometry) for pt in line]
