"""Command line: ``corridors build | validate | mentions | candidates | status``, a thin shell over the package."""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
from pathlib import Path

import click

from corridors import settings
from corridors.errors import CorridorsError, InputError, printable, shown


def _clean_errors(command):
    """Turn package errors into one line on stderr and exit status 2: no tracebacks."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CorridorsError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(2)

    return wrapper


class _Commands(click.Group):
    """Errors raised while a command's options are read (a callback) are one clean line too."""

    def invoke(self, ctx):
        return _clean_errors(super().invoke)(ctx)


def _file_path(ctx, param, value) -> Path | None:
    """A file option's value as a path; an empty one (``--out ''``) or one naming no file (``.``) is refused."""
    if value is None:
        return None
    if not str(value):
        raise InputError(param.opts[0], "an empty path: give a file")
    if not Path(value).name:
        msg = f"{shown(str(value))} names a folder, not a regular file"
        raise InputError(param.opts[0], msg)
    return Path(value)


_seeds = click.option(
    "--seeds",
    type=click.Path(path_type=Path),
    default=lambda: settings.SEEDS_DIR,
    show_default="settings.SEEDS_DIR",
    help="Folder of documents.",
)
_routes = click.option(
    "--routes",
    type=click.Path(),
    callback=_file_path,
    default=lambda: settings.ROUTES_PATH,
    show_default="settings.ROUTES_PATH",
    help="Route definitions.",
)
_reviews = click.option(
    "--reviews",
    type=click.Path(path_type=Path),
    default=lambda: settings.REVIEWS_PATH,
    show_default="settings.REVIEWS_PATH",
    help="The analyst's decisions on extracted claims (corridors review).",
)
_online = click.option("--online", is_flag=True, help="Ask Nominatim for places the offline chain lacks.")
_jobs = click.option(
    "--jobs", "-j", type=click.IntRange(min=0), default=0, help="Processes reading documents (default 0: every core)."
)
_scheduler = click.option(
    "--scheduler", metavar="ADDRESS", help="Read documents on the Dask cluster of this scheduler (tcp://host:8786)."
)


@click.group(cls=_Commands)
@click.version_option(package_name="corridors")
def cli():
    """Transport corridors between Pakistan and Kazakhstan, from the documents that name them."""


@cli.command()
@_seeds
@_routes
@click.option(
    "--out",
    type=click.Path(),
    callback=_file_path,
    default=lambda: settings.GEOJSON_PATH,
    show_default="settings.GEOJSON_PATH",
)
@click.option(
    "--db",
    type=click.Path(),
    callback=_file_path,
    help="Corpus store to update (default: beside --out, suffix .sqlite).",
)
@_reviews
@_online
@_jobs
@_scheduler
@_clean_errors
def build(seeds, routes, out, db, reviews, online, jobs, scheduler):
    """Build the GeoJSON the dashboard reads, and the corpus store beside it.
    ``--out`` and ``--db`` may not be inputs (the route file, the folder of documents or a file in it).

    Documents the store already holds with the same text, routes file and extractor are not
    read again.

    Example: corridors build --out corridors.geojson --jobs 2
    """
    from corridors.output.build import build_outputs

    collection, built = build_outputs(
        seeds, routes, out, db, online, jobs, scheduler, progress=sys.stderr.isatty(), reviews=reviews
    )
    for note in built.notes:
        click.echo(note, err=True)
    click.echo(f"wrote {out} and {built.store} ({len(collection['features'])} routes, {len(built.sources)} documents)")


@cli.command()
@_seeds
@_routes
@_reviews
@_online
@_jobs
@_clean_errors
def validate(seeds, routes, reviews, online, jobs):
    """Run every check of ``build`` without writing anything.

    Example: corridors validate --seeds seeds
    """
    from corridors.output.build import assemble, checked, export

    built = assemble(seeds, routes, online, jobs, reviews=reviews)
    checked(export(built.collection))
    for note in built.notes:
        click.echo(note)
    click.echo(f"ok: {len(built.collection['features'])} routes, {len(built.sources)} documents")


def _read(folder: Path, routes: Path, strict: bool, jobs: int, scheduler: str | None):
    from corridors.extract import collect
    from corridors.extract.corpus import extract_corpus, routes_key
    from corridors.inputs.routes import load_routes
    from corridors.inputs.sources import load_sources

    jobs = jobs or os.cpu_count() or 1
    sources = load_sources(folder, strict=strict, warn=lambda line: click.echo(line, err=True), jobs=jobs)
    found = extract_corpus(sources, load_routes(routes), routes_key(routes), None, jobs, scheduler, sys.stderr.isatty())
    return collect((e.mentions, e.candidates) for e in found.values())


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path), default=lambda: settings.SEEDS_DIR)
@_routes
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
@click.option("--strict", is_flag=True, help="Stop at the first bad document instead of skipping it.")
@_jobs
@_scheduler
@_clean_errors
def mentions(folder, routes, fmt, strict, jobs, scheduler):
    """Print every passage that mentions a curated route, with its status cue.

    Example: corridors mentions seeds --format table

    FOLDER may also be one document: corridors mentions seeds/000_2f16dd41e0c0a38c.txt
    """
    from corridors.status.confidence import mention_confidence

    found, _ = _read(folder, routes, strict, jobs, scheduler)
    rows = [
        {"route": m.route, "doc": m.doc, "start": m.start, "end": m.end, "quote": m.quote,
         "status": m.status, "cue": m.cue, "evidence": m.evidence, "confidence": mention_confidence(m)}
        for m in found
    ]  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        quote = printable(" ".join(row["quote"].split()))  # no terminal escapes from a document
        click.echo(
            f"{row['doc']:<24} {row['route']:<28} {row['status'] or '-':<18} {row['evidence']:<9} "
            f"{row['confidence']:.2f} {quote[:90]}"
        )


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path), default=lambda: settings.SEEDS_DIR)
@_routes
@click.option("--strict", is_flag=True, help="Stop at the first bad document instead of skipping it.")
@_jobs
@_scheduler
@_clean_errors
def candidates(folder, routes, strict, jobs, scheduler):
    """Print route-like phrases that match no curated route: the curator's to-do list.

    Example: corridors candidates seeds
    """
    _, found = _read(folder, routes, strict, jobs, scheduler)
    click.echo(json.dumps(found, ensure_ascii=False, indent=1))


@cli.command()
@click.argument("route", required=False)
@_seeds
@_routes
@_reviews
@_clean_errors
def status(route, seeds, routes, reviews):
    """Print each route's status timeline: every claim, which set the status, why others did not,
    with the analyst's decisions in the reviews file applied as the build applies them.

    Example: corridors status almaty-lahore-air

    \b
    almaty-lahore-air: suspended
      * 2022-01-27      proposed     plan  curated    1.00 004_612eeb51f…  'More importantly, in December 2021, …'
      * 2023 [2024-07]  operational  fact  curated    1.00 003_9ee71f7bc…  'Last year, Kazakhstan launched direct …'
        2024 [2024-07]  suspended    fact  extracted  0.54 003_9ee71f7bc…  'suspend'
                        curated over: the curator speaks for this document
      * 2024-07         suspended    fact  curated    1.00 003_9ee71f7bc…  'Due to the winter season, our airline …'

    A star marks the claims that set the status; the reported date stands in brackets when the
    text gives its own event date; the number is the claim's confidence (1.00: a person's word:
    curated, or ``reviewed`` in the reviews file).
    """
    from corridors.extract import extract
    from corridors.inputs.reviews import current, load_reviews
    from corridors.output.build import load_inputs, with_extracted_status

    loaded, sources = load_inputs(seeds, routes)
    if route and route not in {r.id for r in loaded}:
        msg = f"unknown route {shown(route)}; the routes are {', '.join(sorted(r.id for r in loaded))}"
        raise InputError(routes, msg)
    decided, stale = current(load_reviews(reviews), {s.id: s.body for s in sources}, reviews)
    for line in stale:
        click.echo(line, err=True)
    found, _ = extract(sources, loaded)
    for r in with_extracted_status(
        [r for r in loaded if route in (None, r.id)], found, {s.id: s for s in sources}, decided
    ):
        click.echo(f"{r.id}: {r.current.status}")
        for e in r.status_history:
            when = e.date + (f" [{e.reported_date}]" if e.event_date else "")
            words = " ".join((e.cue or e.quote).split())[:60]
            click.echo(
                f"  {' ' if e.reason else '*'} {when:<24} {e.status:<18} {e.strength:<5} {e.source:<9} "
                f"{e.confidence:.2f} {e.doc:<24} {words!r} {e.reason}"
            )


@cli.command()
@_seeds
@_routes
@_reviews
@click.option("--list", "listing", is_flag=True, help="Print the queue, most important first.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
@click.option("--accept", multiple=True, metavar="ID", help="Accept the claim ID (document:route) as read.")
@click.option("--reject", multiple=True, metavar="ID", help="Reject the claim ID: it never sets a status.")
@click.option(
    "--make-route", "make", multiple=True, metavar="ID", help="Append a stub of the candidate corridor ID to --routes."
)
@_clean_errors
def review(seeds, routes, reviews, listing, fmt, accept, reject, make):
    """Decide the extracted claims no person confirmed, most important first; the decisions go to
    the reviews file, and the next build applies them. Candidate corridors (ids candidate:doc:offset)
    follow the claims: --make-route appends a stub to the route file for the curator to finish.
    With no option, in a terminal: one item at a time, a accept, x reject, r/s/d correct
    route/status/date, n note, m make this a route, space skip, u undo, q quit.

    \b
    Examples:
      corridors review
      corridors review --list
      corridors review --accept 2026-01-10-kkh-shut:karakoram --reject d07:uap-railway
      corridors review --make-route candidate:003_9ee71f7bc08594ca:5516
    """
    import datetime as dt

    from corridors.output.build import assemble
    from corridors.review.session import Session

    session = Session(assemble(seeds, routes, reviews=reviews), reviews, dt.date.today().isoformat(), routes)
    items = {i.id: i for i in session.items}
    acting = accept or reject or make
    if not (listing or acting) and sys.stdin.isatty() and sys.stdout.isatty():
        from corridors.review.tui import ReviewApp

        ReviewApp(session).run()
        click.echo(f"{len(session.made)} decisions written to {reviews}; run `corridors build` to apply them")
        return
    if listing or not acting:
        _list_queue(session.items, fmt)
        return
    unknown = [x for x in (*accept, *reject, *make) if x not in items]
    if unknown:
        raise InputError(reviews, f"not in the queue: {', '.join(map(shown, unknown))}")
    for decision, ids in (("accept", accept), ("reject", reject), ("make", make)):
        for x in ids:
            session.position = session.items.index(items[x])
            if decision == "make":
                click.echo(f"{session.make_route()}: a stub appended to {routes}; finish its TODO comments")
            else:
                session.decide(decision)
    if accept or reject:
        click.echo(f"{len(session.made)} decisions written to {reviews}; run `corridors build` to apply them")


def _list_queue(items, fmt: str) -> None:
    """The queue as JSON, or one line per item."""
    from dataclasses import asdict

    from corridors.status.queue import Proposal

    if fmt == "json":
        click.echo(json.dumps([asdict(i) for i in items], ensure_ascii=False, indent=1))
        return
    for n, i in enumerate(items, 1):
        quote = printable(" ".join(i.quote.split()))[:70]
        if isinstance(i, Proposal):
            click.echo(f"{n:>3} {i.id:<44} candidate corridor {printable(i.phrase)!r}: {quote}")
        else:
            click.echo(f"{n:>3} {i.id:<44} {i.status:<18} {i.confidence:.2f} now {i.route_status:<18} {quote}")


@cli.command()
@click.argument("sources", nargs=-1)
@_seeds
@_routes
@click.option(
    "--feed",
    "feeds",
    multiple=True,
    metavar="URL_OR_FILE",
    help="RSS/Atom feed: add each entry that mentions a route or a candidate corridor.",
)
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="With --feed: skip entries published before.")
@click.option("--dry-run", is_flag=True, help="Fetch and check everything, write nothing.")
@_clean_errors
def add(sources, seeds, routes, feeds, since, dry_run):
    """Add web pages, saved .html pages, PDFs and .txt/.md files to the seeds, one document each.

    Each document gets front matter (title, outlet, author, date, url, retrieved) and the main
    text verbatim, under a name like 2025-07-21-astana-times-trans-afghan-railway-agreement.md.
    A source whose URL or text is already in the seeds is not added again.

    \b
    Examples:
      corridors add https://www.dawn.com/news/1234567
      corridors add saved-page.html report.pdf notes.txt --seeds seeds
      corridors add --feed https://astanatimes.com/feed/ --since 2025-07-01 --dry-run

    Exit status: 0 when every source was added, already there or skipped; 1 when some failed;
    2 when every source failed.
    """
    from corridors.collect.add import Adder, Outcome, Seeds, read_feed
    from corridors.collect.fetch import Fetcher
    from corridors.inputs.routes import load_routes

    if not sources and not feeds:
        msg = "give at least one SOURCE or --feed"
        raise click.UsageError(msg)
    if since and not feeds:
        msg = "--since applies to the entries of a --feed"
        raise click.UsageError(msg)
    fetcher = Fetcher()
    jobs, outcomes = [(s, None) for s in sources], []
    for feed in feeds:
        try:
            entries, skipped = read_feed(feed, fetcher, since.date().isoformat() if since else "")
        except CorridorsError as err:
            outcomes.append(_report(Outcome(feed, "failed", reason=str(err)), dry_run))
            continue
        outcomes += [_report(Outcome(link, "skipped", reason=why), dry_run) for link, why in skipped]
        jobs += [(e.link, e) for e in entries]
    adder = Adder(Seeds(seeds), load_routes(routes), fetcher, dry_run=dry_run)
    with click.progressbar(
        jobs, label="adding", file=sys.stderr, hidden=len(jobs) <= settings.PROGRESS_MIN_SOURCES
    ) as bar:
        outcomes += [_report(adder.add(source, entry), dry_run) for source, entry in bar]
    if any(o.status == "failed" for o in outcomes):
        sys.exit(1 if any(o.status != "failed" for o in outcomes) else 2)


def _report(outcome, dry_run: bool):
    """One line per source: stdout for what was done, stderr for failures."""
    o, source = outcome, printable(outcome.source)  # a feed's links are input too: no escape sequences
    if o.status == "failed":
        click.echo(o.reason, err=True)
    elif o.status == "duplicate":
        click.echo(f"{source}: already added as {o.path}")
    elif o.status == "skipped":
        click.echo(f"{source}: skipped: {printable(o.reason)}")
    else:
        routes = ", ".join(o.routes) or "none"
        candidates = f"; candidate corridors: {o.candidates}" if o.candidates else ""
        click.echo(f"{source}: {'would add' if dry_run else 'added'} {o.path}; routes: {routes}{candidates}")
    return o


def main():
    # A build makes millions of small objects that live to its end; collecting the youngest every
    # 700 allocations (Python's default) costs about 5 % of a build at 10,000 documents.
    gc.set_threshold(*settings.GC_THRESHOLDS)
    cli(prog_name="corridors")
