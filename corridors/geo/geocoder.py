"""Locate waypoints: explicit coordinates, then the cache, the offline gazetteer, and
Nominatim only when asked; a point outside its declared country is an error."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from shapely import Point, STRtree, box
from shapely.geometry import shape
from shapely.ops import nearest_points

from corridors import settings
from corridors.errors import GeocodingError, InputError, ServiceError
from corridors.geo.gazetteer import Gazetteer, default_gazetteer
from corridors.geo.geometry import distance_km
from corridors.io.files import write_atomic
from corridors.model import Place


class Cache:
    """A JSON file of ``"name|CC" -> [lon, lat, source]``, written atomically."""

    def __init__(self, path: Path | None = None):
        self.path = Path(settings.CACHE_PATH if path is None else path)
        self.dirty = False
        try:
            self.data = json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}
        except (OSError, ValueError) as err:
            msg = f"unreadable geocoding cache: {err}"
            raise InputError(self.path, msg) from err

    @staticmethod
    def key(place: Place) -> str:
        return f"{place.name}|{place.country}"

    def get(self, place: Place) -> tuple[float, float, str] | None:
        hit = self.data.get(self.key(place))
        return tuple(hit) if hit else None

    def put(self, place: Place, lon: float, lat: float, source: str) -> None:
        self.data[self.key(place)] = [lon, lat, source]
        self.dirty = True

    def save(self) -> None:
        if self.dirty:
            write_atomic(self.path, json.dumps(self.data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
            self.dirty = False


class CountryOutlines:
    """Country polygons keyed by ISO 3166-1 alpha-2, to tell whether a point lies in its country:
    Natural Earth 1:10m (``settings.OUTLINES_PATH``) in the region its ``bbox`` names, the corridors',
    and 1:110m (``settings.COUNTRIES_PATH``) beyond it."""

    def __init__(self, path: Path | None = None, beyond: Path | None = None):
        collection = _read(path or settings.OUTLINES_PATH)
        self.shapes = _shapes(collection)
        if "bbox" in collection:
            region = box(*collection["bbox"])
            for iso, outline in _shapes(_read(beyond or settings.COUNTRIES_PATH)).items():
                rest = outline.difference(region) if outline.intersects(region) else outline
                if not rest.is_empty:
                    self.shapes[iso] = self.shapes[iso].union(rest) if iso in self.shapes else rest
        self._tree = STRtree(list(self.shapes.values()))
        self._isos = list(self.shapes)

    def distance_km(self, country: str, lon: float, lat: float) -> float | None:
        """0 inside the country, else the distance to its outline; None if it has no outline."""
        outline = self.shapes.get(country)
        if outline is None:
            return None
        point = Point(lon, lat)
        if outline.contains(point):
            return 0.0
        nearest = nearest_points(outline, point)[0]
        return distance_km((lon, lat), (nearest.x, nearest.y))

    def countries_along(self, geometry) -> list[str]:
        """ISO codes of the countries ``geometry`` touches."""
        return [self._isos[i] for i in self._tree.query(geometry, predicate="intersects")]

    def country_at(self, lon: float, lat: float) -> str | None:
        hits = self._tree.query(Point(lon, lat), predicate="intersects")
        return self._isos[hits[0]] if len(hits) else None


def default_outlines() -> CountryOutlines:
    """The outlines of ``settings.OUTLINES_PATH`` and ``settings.COUNTRIES_PATH``, read once per pair of paths."""
    return _outlines(Path(settings.OUTLINES_PATH), Path(settings.COUNTRIES_PATH))


@cache
def _outlines(path: Path, beyond: Path) -> CountryOutlines:
    return CountryOutlines(path, beyond)


def _read(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _shapes(collection: dict) -> dict:
    return {f["properties"]["iso"]: shape(f["geometry"]) for f in collection["features"]}


def online_geocoder(
    domain: str | None = None,
    scheme: str | None = None,
    min_delay: float | None = None,
    backoff: float | None = None,
    timeout: float | None = None,
    adapter_factory=None,
):
    """Nominatim behind a rate limiter: ``f(place) -> (lon, lat) | None``. Arguments left out are
    the ``settings.NOMINATIM_*`` of the moment of the call.

    Retries timeouts, 429 and 5xx with back-off, then raises :class:`ServiceError`."""
    from geopy.exc import GeopyError  # geopy only for the online geocoder: importing it costs 0.2 s
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    nominatim = Nominatim(
        user_agent=settings.USER_AGENT,
        domain=settings.NOMINATIM_DOMAIN if domain is None else domain,
        scheme=settings.NOMINATIM_SCHEME if scheme is None else scheme,
        timeout=settings.NOMINATIM_TIMEOUT_S if timeout is None else timeout,
        adapter_factory=adapter_factory,
    )
    limited = RateLimiter(
        nominatim.geocode,
        min_delay_seconds=settings.NOMINATIM_MIN_DELAY_S if min_delay is None else min_delay,
        max_retries=settings.NOMINATIM_RETRIES,
        error_wait_seconds=settings.NOMINATIM_BACKOFF_S if backoff is None else backoff,
        swallow_exceptions=False,
    )

    def locate(place: Place) -> tuple[float, float] | None:
        try:
            found = limited(place.name, country_codes=place.country.lower(), exactly_one=True)
        except (GeopyError, ValueError) as err:
            msg = f"Nominatim failed for {place.name!r} ({place.country}): {type(err).__name__}: {err}"
            raise ServiceError(msg) from err
        return (found.longitude, found.latitude) if found else None

    return locate


class Geocoder:
    """The chain explicit -> cache -> gazetteer -> online, with the country check."""

    def __init__(
        self,
        cache_: Cache | None = None,
        gazetteer: Gazetteer | None = None,
        outlines: CountryOutlines | None = None,
        online=None,
    ):
        self.cache = cache_ if cache_ is not None else Cache()
        self.gazetteer = gazetteer or default_gazetteer()
        self.outlines = outlines or default_outlines()
        self.online = online

    def locate(self, place: Place) -> Place:
        """``place`` with lon, lat and coord_source set; raise :class:`GeocodingError`."""
        located = self._lookup(place)
        if located is None:
            hint = "add lon/lat to the route file" + ("" if self.online else ", or build with --online")
            msg = f"waypoint {place.name!r} ({place.country}) not found: {hint}"
            raise GeocodingError(msg)
        self._check_country(located)
        return located

    def _check_country(self, place: Place) -> None:
        """Refuse a located place that is not in its declared country (within
        ``settings.COUNTRY_TOLERANCE_KM``), or whose country the outlines lack (Singapore's, far from the region)."""
        where = f"waypoint {place.name!r} resolves to lon {place.lon:.4f}, lat {place.lat:.4f} ({place.coord_source})"
        found_in = self.outlines.country_at(place.lon, place.lat) or "no country"
        off = self.outlines.distance_km(place.country, place.lon, place.lat)
        if off is None:
            msg = f"{where} in {found_in}, but the outlines have no land of its country {place.country}"
            raise GeocodingError(msg)
        if off > settings.COUNTRY_TOLERANCE_KM:
            msg = f"{where} in {found_in}, {off:.1f} km outside its country {place.country}"
            raise GeocodingError(msg)

    def _lookup(self, place: Place) -> Place | None:
        if place.located:
            return place
        hit = self.cache.get(place)
        if hit:
            return place.at(hit[0], hit[1], "cache")
        entry = self.gazetteer.find(place.name, place.country)
        if entry:
            return place.at(entry.lon, entry.lat, "gazetteer")
        if self.online:
            found = self.online(place)
            if found:
                self.cache.put(place, found[0], found[1], "nominatim")
                return place.at(found[0], found[1], "nominatim")
        return None
