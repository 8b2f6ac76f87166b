"""Scale benchmark (part of `make bench`): `corridors build` on synthetic corpora of dated documents,
clean and incremental, one and two processes; sizes of the GeoJSON and the corpus store; search."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corridors import settings
from corridors.output import store

# One `corridors build` in a fresh process, measured from a parent of its own: rusage of the
# children covers the build and its worker processes, and nothing else.
_MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": r.returncode, "err": r.stderr[-800:], "wall": time.perf_counter() - t,
                  "cpu": u.ru_utime + u.ru_stime, "peak_mb": u.ru_maxrss / 1024}))
"""


def _build(corpus: Path, out: Path, jobs: int) -> dict:
    cmd = [sys.executable, "-m", "corridors", "build", "--seeds", str(corpus), "--out", str(out), "--jobs", str(jobs)]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, check=True)
    measured = json.loads(done.stdout)
    if measured["rc"] != 0:
        raise RuntimeError(measured["err"])
    return measured


def _search_ms(path: Path, text: str, repeat: int = 20) -> tuple[float, int]:
    conn = store.connect(path)
    store.search(conn, text)
    start = time.perf_counter()
    for _ in range(repeat):
        found = store.search(conn, text)
    return (time.perf_counter() - start) / repeat * 1000, found.total


def bench_scale(sizes=(1_000, 10_000)) -> list[str]:
    from .bench import synthetic_corpus

    rows = [
        "| documents | clean build, 1 process: wall s / CPU s / peak MB | clean build, 2 processes: wall s / CPU s "
        "| speed-up (wall) | + 1 document, incremental: wall s / CPU s | GeoJSON MB | store MB "
        "| search 'railway' ms (hits) | search 'gwadar kashgar' ms (hits) |",
        "|---:|---|---|---:|---|---:|---:|---:|---:|",
    ]
    started, load = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.getloadavg()[0]
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            shutil.copytree(settings.SEEDS_DIR, corpus)  # the curated quotes are in the seeds
            synthetic_corpus(corpus, n)
            time.sleep(settings.FILE_SETTLE_S + 1)  # files written moments ago are read again by any build
            one, two = Path(tmp) / "one" / "c.geojson", Path(tmp) / "two" / "c.geojson"
            single = _build(corpus, one, 1)
            double = _build(corpus, two, 2)
            synthetic_corpus(corpus, 1, first=n)
            more = _build(corpus, one, 1)
            db = one.with_suffix(settings.DB_SUFFIX)
            common, rare = _search_ms(db, "railway"), _search_ms(db, "gwadar kashgar")
            rows.append(
                f"| {n + 5:,} | {single['wall']:.1f} / {single['cpu']:.1f} / {single['peak_mb']:.0f} "
                f"| {double['wall']:.1f} / {double['cpu']:.1f} | {single['wall'] / double['wall']:.2f}x "
                f"| {more['wall']:.1f} / {more['cpu']:.1f} | {one.stat().st_size / 1e6:.2f} "
                f"| {db.stat().st_size / 1e6:.1f} "
                f"| {common[0]:.0f} ({common[1]:,}) | {rare[0]:.0f} ({rare[1]:,}) |"
            )
            print(rows[-1], flush=True)
    ended = os.getloadavg()[0]
    return [
        "## Scale: clean and incremental builds, processes, sizes (`corridors build`)",
        "",
        f"*Measured {started}, load average {load:.1f} at the start and {ended:.1f} at the end "
        f"(`make bench BENCH_ARGS='--scale --sizes {','.join(map(str, sizes))}'` re-runs this section alone).*",
        "",
        "Synthetic corpora of dated documents (front matter with title, outlet and a date every 9 hours from "
        "2015; bodies of 8-20 seed paragraphs), plus the five seeds, generated in a temporary folder and not "
        "committed; `benchmarks.bench.synthetic_corpus`. Each build is `python -m corridors build --jobs N` in a "
        "fresh process; *CPU* is user + system time of the build and its workers, *peak* the largest "
        "resident set of one process. *Incremental*: one more document, rebuilt against the store of the "
        "one-process build: only the new document is read and extracted, the other files are known by their "
        "fingerprints (the corpus is left to settle for `settings.FILE_SETTLE_S` seconds before the first "
        "build, as a corpus gathered over days has), and only its rows (and the routes' timelines) are "
        "written. *Search*: "
        "`corridors.store.search`, first page of 20, newest first, mean of 20 runs. Goals: incremental at "
        "10,000 documents ≤ 3 s, 2 processes "
        "≥ 1.7x, GeoJSON at 10,000 ≤ 2 MB. The machine is shared with other builds and test runs: wall "
        "times move with its load, CPU times much less; the load average at the start and end of the run is "
        "given above. 100,000 documents take some 15 minutes and a 1 GB store (`--sizes 100000`).",
        "",
        *rows,
        "",
    ]
