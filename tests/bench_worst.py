"""Worst-case input for extraction (issue 10): one sentence of 4.9 MB, 100,000 short lines, deeply
nested punctuation, each at 1x, 2x and 4x its size, through everything ``corridors validate`` does
(reading, extraction, status timeline, geocoding, checks, quotes). One fresh process per run; CPU
time is reported beside wall time because the machine is shared. Not a test: nothing asserts a time.

Run alone: ``make bench BENCH_ARGS=worst`` (rewrites only its section of docs/BENCHMARKS.md).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corridors import settings
from corridors.sources import load_sources

TITLE = "## Worst-case input (bounded work on any text)"

_RUN = """
import json, resource, sys, time
from corridors.build import run
from corridors.gazetteer import default_gazetteer
default_gazetteer()
wall, cpu = time.perf_counter(), time.process_time()
collection, _ = run(sys.argv[1], sys.argv[2])
print(json.dumps({"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "quotes": sum(len(f["properties"]["quotes"]) for f in collection["features"])}))
"""


def one_sentence(size: int) -> str:
    """The seeds' words with every sentence mark removed: one sentence of ``size`` characters."""
    words = " ".join(re.sub(r"[.!?;:\n]+", " ", s.body) for s in load_sources(settings.SEEDS_DIR))
    return (words * (size // len(words) + 1))[:size]


def short_lines(count: int) -> str:
    """``count`` short lines, each mentioning a route with a status and a date."""
    return "".join(f"KKH reopened in May 2024, {i}.\n" for i in range(count))


def nested(depth: int) -> str:
    """A route's name inside ``depth`` levels of brackets and quotes of every kind."""
    return "([{“‘«" * depth + " the Karakoram Highway is open " + "»’”}])" * depth + ".\n"


CASES = [  # (what, make the text, size at 1x, how the size is counted)
    ("one sentence, no punctuation", one_sentence, 1_225_000, "characters"),
    ("short lines", short_lines, 25_000, "lines"),
    ("nested punctuation", nested, 40_000, "levels"),
]


def bench_worst() -> list[str]:
    rows = [
        "| input | size | MB | CPU s | wall s | CPU s per MB | CPU ratio to 1x | peak RSS MB | quotes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for what, make, base, unit in CASES:
        first = None
        for factor in (1, 2, 4):
            with tempfile.TemporaryDirectory() as tmp:
                seeds = Path(tmp) / "seeds"
                shutil.copytree(settings.SEEDS_DIR, seeds)
                doc = seeds / "worst.txt"
                doc.write_text(make(base * factor), encoding="utf-8")
                mb = doc.stat().st_size / 1e6
                done = subprocess.run(
                    [sys.executable, "-c", _RUN, str(seeds), str(settings.ROUTES_PATH)],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                r = json.loads(done.stdout)
            first = first or r["cpu_s"]
            rows.append(
                f"| {what} ({factor}×) | {base * factor:,} {unit} | {mb:.2f} | {r['cpu_s']:.1f} | {r['wall_s']:.1f} "
                f"| {r['cpu_s'] / mb:.1f} | {r['cpu_s'] / first:.2f} | {r['peak_mb']:.0f} | {r['quotes']:,} |"
            )
            print(rows[-1], flush=True)
    return rows


def section() -> list[str]:
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return [
        TITLE,
        "",
        f"Produced by `make bench BENCH_ARGS=worst` (`.venv/bin/python -m tests.bench worst`) on {started}, "
        "on the shared 2-core machine (wall times include other jobs; CPU times do not).",
        "",
        "Each hostile document is added to a copy of the seeds and read by everything `corridors validate` does "
        "(`corridors.build.run`) in a fresh process, the gazetteer loaded before the clock starts. Before issue 10 "
        "a 500 KB one-sentence document took over 60 s and 20,000 lines 43 s; linear work shows as a CPU time per "
        "MB that stays flat and a ratio near 2 and 4. Limits: `settings.MAX_DOCUMENT_BYTES` (5,000,000), "
        "`settings.MAX_SENTENCE_CHARS` (sentences cut into pieces of at most 2,000 characters).",
        "",
        *bench_worst(),
        "",
    ]


def rewrite(path: Path) -> None:
    """Replace (or append) this section of ``path``, leaving the others as they are."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.splitlines()
    if TITLE in lines:
        start = lines.index(TITLE)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = section()
    else:
        lines += ["", *section()]
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
