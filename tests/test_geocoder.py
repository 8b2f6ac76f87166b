import pytest

from corridors.errors import GeocodingError, ServiceError
from corridors.geo.geocoder import Cache, Geocoder, online_geocoder
from corridors.model import Place

from .conftest import StubNominatim


def geocoder(tmp_path, online=None) -> Geocoder:
    return Geocoder(cache_=Cache(tmp_path / "cache.json"), online=online)


def test_explicit_coordinates_win(tmp_path):
    pass_ = Place("Khunjerab Pass", "PK", "pass", 75.393, 36.846, "explicit")
    assert geocoder(tmp_path).locate(pass_).coord_source == "explicit"


def test_gazetteer_searches_within_the_declared_country(tmp_path):
    # GeoNames lists "Islamabad" as an alternate name of Chattogram (BD): the country filter keeps Pakistan's.
    place = geocoder(tmp_path).locate(Place("Islamabad", "PK"))
    assert place.coord_source == "gazetteer"
    assert (round(place.lon), round(place.lat)) == (73, 34)


def test_cache_comes_before_the_gazetteer(tmp_path):
    cache = Cache(tmp_path / "cache.json")
    cache.put(Place("Quetta", "PK"), 67.0, 30.2, "nominatim")
    place = Geocoder(cache_=cache).locate(Place("Quetta", "PK"))
    assert (place.lon, place.lat, place.coord_source) == (67.0, 30.2, "cache")


@pytest.mark.parametrize(
    ("place", "lon", "lat", "found_in"),
    [(Place("Islamabad", "PK"), 91.83, 22.34, "BD"), (Place("Osh", "KG"), 0.58, 43.65, "FR")],
)
def test_a_place_outside_its_country_is_an_error(tmp_path, place, lon, lat, found_in):
    cache = Cache(tmp_path / "cache.json")
    cache.put(place, lon, lat, "nominatim")
    with pytest.raises(GeocodingError, match=f"in {found_in}, .* km outside its country {place.country}"):
        Geocoder(cache_=cache).locate(place)


def test_unknown_place_offline_says_what_to_do(tmp_path):
    with pytest.raises(GeocodingError, match="add lon/lat to the route file, or build with --online"):
        geocoder(tmp_path).locate(Place("Nowhereabad", "PK"))


def _online(stub: StubNominatim, **kwargs):
    return online_geocoder(domain=stub.domain, scheme="http", min_delay=0, backoff=0, **kwargs)


def test_nominatim_answer_is_used_cached_and_saved_atomically(tmp_path, nominatim):
    nominatim.script = [StubNominatim.found(69.95, 33.88)]
    geo = geocoder(tmp_path, online=_online(nominatim))
    place = geo.locate(Place("Kharlachi", "PK", "border_crossing"))
    assert (place.lon, place.lat, place.coord_source) == (69.95, 33.88, "nominatim")
    assert "countrycodes=pk" in nominatim.requests[0]
    geo.cache.save()
    assert Cache(tmp_path / "cache.json").get(Place("Kharlachi", "PK")) == (69.95, 33.88, "nominatim")
    assert list(tmp_path.glob("*.tmp")) == []


def test_nominatim_retries_429_and_500_then_succeeds(tmp_path, nominatim):
    nominatim.script = [(429, "slow down", 0), (500, "oops", 0), StubNominatim.found(69.95, 33.88)]
    place = geocoder(tmp_path, online=_online(nominatim)).locate(Place("Kharlachi", "PK"))
    assert place.coord_source == "nominatim"
    assert len(nominatim.requests) == 3


@pytest.mark.parametrize(
    ("answer", "kwargs"),
    [((500, "down", 0), {}), ((200, "{not json", 0), {}), ((200, "[]", 1.0), {"timeout": 0.2})],
    ids=["5xx-forever", "garbage-json", "timeout"],
)
def test_nominatim_failures_become_one_service_error(tmp_path, nominatim, answer, kwargs):
    nominatim.script = [answer]
    geo = geocoder(tmp_path, online=_online(nominatim, **kwargs))
    with pytest.raises(ServiceError, match="Nominatim failed for 'Kharlachi' \\(PK\\)"):
        geo.locate(Place("Kharlachi", "PK"))


def test_nominatim_point_outside_the_country_is_refused(tmp_path, nominatim):
    nominatim.script = [StubNominatim.found(0.58, 43.65)]  # "Osh" answered in France
    with pytest.raises(GeocodingError, match="outside its country KG"):
        geocoder(tmp_path, online=_online(nominatim)).locate(Place("Oshkent", "KG"))
