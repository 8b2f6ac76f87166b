"""Worst-case input for extraction (issue 10): one sentence of 4.9 MB, 100,000 short lines, deeply
nested punctuation, each at 1x, 2x and 4x its size, through everything ``corridors validate`` does
(reading, extraction, status timeline, geocoding, checks, quotes). One fresh process per run; CPU
time is reported beside wall time because the machine is shared. Not a test: nothing asserts a time.

Run alone: ``make bench BENCH_ARGS=--worst`` (rewrites only its section of docs/BENCHMARKS.md).
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
from corridors.inputs.sources import load_sources

TITLE = "## Worst-case input (bounded work on any text)"

_RUN = """
import json, resource, sys, time
from corridors.geo.gazetteer import default_gazetteer
from corridors.output.build import run
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


#: Texts of 2,000 characters (a sentence piece) made of one unit repeated: blanks, possessives,
#: capitals, brackets, initials, numbers; each regular expression of the extractor runs over each.
AUDIT_UNITS = [" ", "\n", "\t", "\n ", "a ", "A", "Ab", "A-", "A. ", "Mr. ", "1. ", ". a (", "(", "“‘(", "’s", "'",
               ", ", "-", "–", "x-", "2024 ", "12 km ", "May ", "in ", "the ", "KKH ", "Karakoram ", "trucks ",
               "construction ", "Aaaa Bbbb "]  # fmt: skip


#: Patterns the code only applies at a position (``pattern.match(text, pos)``), not searched.
_MATCHED = {"lexicon.ROUTE_NOUN", "links._CROSSING_NOUN", "lexicon.MODE_RE", "segment._MARKUP", "segment._NUMBERING",
            "cues._AHEAD"}


def _patterns() -> list[tuple[str, re.Pattern, str]]:
    """(name, pattern, how the code applies it) for every compiled pattern of the extractor."""
    from corridors.extract import candidates, claims, cues, dates, lexicon, links, names, segment, words
    from corridors.inputs.routes import load_routes

    found, seen = [], set()
    # lexicon first: the stages import its patterns, which are labelled by the first module that has them
    for module in (cues, dates, lexicon, segment, words, names, links, claims, candidates):
        for name, value in vars(module).items():
            values = value if isinstance(value, list) else [value]
            for i, item in enumerate(values):
                pattern = item[-1] if isinstance(item, tuple) and item else item
                if isinstance(pattern, re.Pattern) and id(pattern) not in seen:
                    seen.add(id(pattern))
                    label = f"{module.__name__.split('.')[-1]}.{name}" + (f"[{i}]" if len(values) > 1 else "")
                    anchored = pattern.pattern.startswith("^") or label in _MATCHED
                    found.append((label, pattern, "match" if anchored else "search"))
    aliases = lexicon.Lexicon(load_routes()).aliases
    found += [("lexicon aliases (acronyms)", aliases[0], "search"), ("lexicon aliases (names)", aliases[1], "search")]
    found.append(("names.tokens", None, "words"))
    return found


def bench_regex() -> list[str]:
    """The slowest adversarial text for each pattern, applied as the code applies it (``finditer``
    for a search, ``match`` for an anchored one); the slowest ten patterns are listed."""
    from corridors.extract.names import tokens

    texts = {u: (u * (2000 // len(u) + 1))[:2000] for u in AUDIT_UNITS}
    worst = []
    for label, pattern, how in _patterns():
        slowest = (0.0, "")
        for unit, text in texts.items():
            start = time.process_time()
            if how == "words":
                tokens(text)
            elif how == "match":
                pattern.match(text)
            else:
                list(pattern.finditer(text))
            slowest = max(slowest, (time.process_time() - start, unit))
        worst.append((slowest[0], label, slowest[1]))
    worst.sort(reverse=True)
    rows = ["| pattern | slowest text (unit repeated to 2,000 characters) | CPU ms |", "|---|---|---:|"]
    rows += [f"| `{label}` | `{unit!r}` | {t * 1e3:.1f} |" for t, label, unit in worst[:10]]
    return rows


def section() -> list[str]:
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return [
        TITLE,
        "",
        f"Produced by `make bench BENCH_ARGS=--worst` (`.venv/bin/python -m benchmarks.bench --worst`) on {started}, "
        "on the shared 2-core machine (wall times include other jobs; CPU times do not).",
        "",
        "Each hostile document is added to a copy of the seeds and read by everything `corridors validate` does "
        "(`corridors.output.build.run`) in a fresh process, the gazetteer loaded before the clock starts. "
        "Before issue 10 a 500 KB one-sentence document took over 60 s and 20,000 lines 43 s; linear work shows "
        "as a CPU time per MB that stays flat and a ratio near 2 and 4. Limits: `settings.MAX_DOCUMENT_BYTES` "
        "(5,000,000), `settings.MAX_SENTENCE_CHARS` (sentences cut into pieces of at most 2,000 characters).",
        "",
        *bench_worst(),
        "",
        "Regular expressions of `corridors/extract/` (`segment.py` included), each over texts of 2,000 characters "
        "(a sentence piece) made of one unit repeated, the slowest of the extractor's patterns. Before issue 10 the "
        "slowest were cubic or quadratic: `linker._LINK_GAP` took 2,000 ms on 2,000 new lines "
        "(applied as the code applies it, `match`) (`\\s*,?\\s*`), "
        "`linker._WORD` 410 ms on `’s’s…`, `linker._ALT_GAP` 420 ms on new lines, `lexicon._ROUTE_TAIL` "
        "610 ms on blanks, `linker._NAMED_ROUTE` 300 ms on `AAA…` (same script, same session, earlier code).",
        "",
        *bench_regex(),
        "",
    ]


def rewrite(path: Path, new: list[str] | None = None) -> None:
    """Replace (or append) a section of ``path``, leaving the others as they are: this one, or
    ``new`` (whose first line is its title)."""
    new = new or section()
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.splitlines()
    if new[0] in lines:
        start = lines.index(new[0])
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = new
    else:
        lines += ["", *new]
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
