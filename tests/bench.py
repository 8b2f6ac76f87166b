"""Benchmarks behind `make bench`; results go to docs/BENCHMARKS.md. Not tests: nothing here asserts a time.

Run: .venv/bin/python -m tests.bench [--skip-browser]
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import random
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


def synthetic_corpus(folder: Path, n: int, seed: int = 7, first: int = 0) -> None:
    """``n`` dated documents of 8-20 paragraphs drawn from the seeds (a corpus of the same texture),
    one every 9 hours from 2015 on, titled by their first words; ``first`` numbers them on."""
    paragraphs = [p for s in load_sources(settings.SEEDS_DIR) for p in s.body.split("\n") if p.strip()]
    outlets = ["Dawn", "Kazinform", "The Express Tribune", "Trend", "Business Recorder", "Daily Times"]
    rng = random.Random(seed + first)
    start = dt.datetime(2015, 1, 1)
    for i in range(first, first + n):
        body = "\n".join(rng.choice(paragraphs) for _ in range(rng.randint(8, 20)))
        title = " ".join(body.split()[:8]).replace('"', "'")
        date = (start + dt.timedelta(hours=9 * i)).date().isoformat()
        front = f'---\ntitle: "{title}"\noutlet: {rng.choice(outlets)}\ndate: {date}\n---\n'
        (folder / f"doc{i:06d}.md").write_text(front + body, encoding="utf-8")


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


def _extraction_section() -> list[str]:
    return [
        "## Extraction (`corridors.extract`)",
        "",
        "Synthetic corpora of seed paragraphs (8-20 per document), generated in a temporary folder and not "
        "committed; one fresh process per corpus. *Load* is imports, the gazetteer (built once) and reading the files; "
        "*extract* is segmentation, linking and status cues. Goal: 10,000 documents in under 30 s, under 500 MB.",
        "",
        *bench_extraction(),
        "",
    ]


def _fuzzy_section() -> list[str]:
    return [
        "## Fuzzy matching threshold",
        "",
        "`rapidfuzz.fuzz.ratio` of folded names against route places and countries, on "
        "`tests/data/variants.yaml` (variants that must match their place, and capitalised words that must not "
        "match anything). `settings.FUZZY_THRESHOLD` is the threshold with the best F1, the higher one on a tie.",
        "",
        *bench_fuzzy(),
        "",
    ]


def _dates_section() -> list[str]:
    return [
        "## Event dates",
        "",
        "Date expressions read per sentence of the 22 dev articles (`tests/data/dev-articles/`). The 10,000-document "
        "corpus above has about 200,000 sentences; the budget for the whole extraction is 30 s. dateparser is "
        "measured when installed (`pip install dateparser` into the venv; not a dependency).",
        "",
        *bench_dates(),
        "",
    ]


def _scale_section() -> list[str]:
    from .bench_scale import bench_scale

    sizes = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--sizes=")), "1000,10000")
    return bench_scale(tuple(int(n) for n in sizes.split(",")))


def _dashboard_section() -> list[str]:
    from .bench_dashboard import bench_dashboard

    return [*bench_dashboard(), ""]


#: Sections of docs/BENCHMARKS.md in order; `--only=scale,dates` re-runs some and keeps the others.
SECTIONS = {
    "extraction": _extraction_section,
    "fuzzy": _fuzzy_section,
    "geocheck": lambda: [*bench_geocheck(), ""],
    "dates": _dates_section,
    "scale": _scale_section,
    "dashboard": _dashboard_section,
}


def main() -> None:
    """``python -m tests.bench [--only=NAME,...] [--sizes=1000,10000] [--skip-browser]``"""
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    only = next((a.split("=", 1)[1].split(",") for a in sys.argv if a.startswith("--only=")), list(SECTIONS))
    if "--skip-browser" in sys.argv:
        only = [name for name in only if name != "dashboard"]
    old = _sections(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    body = []
    for name, section in SECTIONS.items():
        if name in only:
            lines = section()
            title = lines[0]
            lines.insert(2, f"*Measured {started} (`make bench BENCH_ARGS=--only={name}`).*\n")
            body += lines
        else:
            title = next((t for t in old if _key(t) == name), None)
            body += old.get(title, [])
    head = [
        "# Benchmarks",
        "",
        f"Produced by `make bench` (`.venv/bin/python -m tests.bench`; `make bench BENCH_ARGS=--only=scale` re-runs "
        f"one section), {machine}, a shared 2-core machine: read the ratios, not the digits.",
        "",
    ]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(head + body).rstrip("\n") + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


_TITLES = {"Extraction": "extraction", "Fuzzy": "fuzzy", "Geographic": "geocheck", "Event": "dates", "Scale": "scale",
           "Dashboard": "dashboard"}  # fmt: skip


def _key(title: str) -> str | None:
    return _TITLES.get(title.removeprefix("## ").split()[0].rstrip(":"))


def _sections(text: str) -> dict[str, list[str]]:
    """The file's sections by their '## ' title, each with its lines."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = line
            sections[current] = []
        if current:
            sections[current].append(line)
    return sections


if __name__ == "__main__":
    main()
