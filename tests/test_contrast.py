"""Route lines stand out from the map's ground (WCAG 1.4.11, 3:1 for graphics): every status and mode
colour, as the map draws it (its casing where it has one, at the lines' opacity), against land and sea,
and the legend's samples draw what the map draws."""

import re

import pytest

from corridors.web.present import (
    LINE_CONTRAST,
    LINE_OPACITY,
    MODE_COLORS,
    STATUS_COLORS,
    STATUS_DASHES,
    blend,
    casing,
    contrast,
    grounds,
    line_sample,
)
from corridors.web.webmap import mode_sample

COLOURS = {**{f"status {s}": c for s, c in STATUS_COLORS.items()}, **{f"mode {m}": c for m, c in MODE_COLORS.items()}}


@pytest.mark.parametrize("ground", list(grounds()))
@pytest.mark.parametrize("name", list(COLOURS))
def test_every_line_as_drawn_stands_out_from_land_and_sea(name, ground):
    color, background = COLOURS[name], grounds()[ground]
    edge = casing(color) or color  # what meets the ground: the casing, else the line itself
    assert contrast(blend(edge, background, LINE_OPACITY), background) >= LINE_CONTRAST


def test_only_lines_too_light_alone_get_a_casing():
    assert casing(STATUS_COLORS["cancelled"]) is None  # black needs no edge
    assert casing(STATUS_COLORS["proposed"]) is not None  # sky blue on pale land: 1.8:1 alone
    ground = grounds()["land"]
    assert contrast(blend(STATUS_COLORS["proposed"], ground, LINE_OPACITY), ground) < LINE_CONTRAST


@pytest.mark.parametrize("status", list(STATUS_COLORS))
def test_the_legends_status_sample_draws_the_maps_casing_and_dashes(status):
    color = STATUS_COLORS[status]
    strokes = re.findall(r'stroke="(#[0-9a-fA-F]{6})" stroke-width="(\d+)"', line_sample(color, STATUS_DASHES[status]))
    expected = [(casing(color), "6"), (color, "4")] if casing(color) else [(color, "4")]
    assert strokes == expected


def test_the_legends_mode_sample_draws_the_casing_under_the_line():
    sample = mode_sample("sea", MODE_COLORS["sea"])
    colours = re.findall(r'stroke="(#[0-9a-fA-F]{6})"', sample)
    assert colours.index(casing(MODE_COLORS["sea"])) == colours.index(MODE_COLORS["sea"]) - 1
