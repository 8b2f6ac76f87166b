"""Command line: ``corridors build | validate | mentions | candidates``, a thin shell over the package."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import settings
from .build import run, write_geojson
from .errors import CorridorsError


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


_seeds = click.option(
    "--seeds",
    type=click.Path(path_type=Path),
    default=settings.SEEDS_DIR,
    show_default=True,
    help="Folder of documents.",
)
_routes = click.option(
    "--routes",
    type=click.Path(path_type=Path),
    default=settings.ROUTES_PATH,
    show_default=True,
    help="Route definitions.",
)
_online = click.option("--online", is_flag=True, help="Ask Nominatim for places the offline chain lacks.")


@click.group()
@click.version_option(package_name="corridors")
def cli():
    """Transport corridors between Pakistan and Kazakhstan, from the documents that name them."""


@cli.command()
@_seeds
@_routes
@click.option("--out", type=click.Path(path_type=Path), default=settings.GEOJSON_PATH, show_default=True)
@_online
@_clean_errors
def build(seeds, routes, out, online):
    """Build the GeoJSON the dashboard reads.

    Example: corridors build --out corridors.geojson
    """
    collection, notes = run(seeds, routes, online=online)
    write_geojson(collection, out)
    for note in notes:
        click.echo(note, err=True)
    click.echo(f"wrote {out} ({len(collection['features'])} routes, {len(collection['documents'])} documents)")


@cli.command()
@_seeds
@_routes
@_online
@_clean_errors
def validate(seeds, routes, online):
    """Run every check of ``build`` without writing anything.

    Example: corridors validate --seeds seeds
    """
    collection, notes = run(seeds, routes, online=online)
    for note in notes:
        click.echo(note)
    click.echo(f"ok: {len(collection['features'])} routes, {len(collection['documents'])} documents")


def main():
    cli(prog_name="corridors")
