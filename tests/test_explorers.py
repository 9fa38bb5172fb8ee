"""Explorers: the grid the view indexes, the state it receives, and its two forms."""

import json
import re

import numpy as np
import pytest

from gatesgrad.explorers import (
    Explorer,
    decay_curve,
    decay_grid,
    decode_array,
    encode_array,
    gradient_decay_explorer,
)
from gatesgrad.explorers.base import site_script, view_module, views

SMALL = {"radii": [0.5, 1.0, 3.0], "lengths": [5, 12], "hidden_size": 8}


def test_arrays_survive_the_trip_to_the_view():
    values = np.array([[1.5, -np.inf], [np.inf, np.nan]])
    back = decode_array(encode_array(values))
    assert back.dtype == np.float32 and back.shape == (2, 2)
    np.testing.assert_array_equal(back[:, :1], [[1.5], [np.inf]])
    assert back[0, 1] == -np.inf and np.isnan(back[1, 1])


def test_grid_curves_are_the_single_setting_curves():
    grid = decay_grid(**SMALL)
    for a, act in enumerate(grid.activations):
        for r, rho in enumerate(grid.radii):
            for li, T in enumerate(grid.lengths):
                expected = decay_curve(float(rho), act, int(T), hidden_size=8)
                np.testing.assert_allclose(grid.log10_norms[a][r][li], expected, rtol=1e-12)


def test_grid_bound_is_above_the_curves():
    grid = decay_grid(**SMALL)
    for a in range(len(grid.activations)):
        for r in range(len(grid.radii)):
            for li, T in enumerate(grid.lengths):
                bound = grid.log10_bound[a, r, T - np.arange(T + 1)]
                assert np.all(grid.log10_norms[a][r][li] <= bound + 1e-9)


def test_explorer_state_indexes_like_the_view():
    """Decode the state as decay.js does and pick curves by (activation, radius, length)."""
    explorer = gradient_decay_explorer(**SMALL)
    data = explorer.data
    norms = decode_array(data["log10_norms"])
    R = len(data["radii"])
    for a, act in enumerate(data["activations"]):
        for r, rho in enumerate(data["radii"]):
            for li, T in enumerate(data["lengths"]):
                start = (a * R + r) * data["block"] + data["offsets"][li]
                curve = norms[start : start + T + 1]
                np.testing.assert_allclose(
                    curve, decay_curve(rho, act, T, hidden_size=8), rtol=1e-6, atol=1e-5
                )
    assert len(norms) == len(data["activations"]) * R * data["block"]


def test_starting_position_is_the_nearest_grid_point():
    explorer = gradient_decay_explorer(radius=2.9, activation="linear", length=11, **SMALL)
    assert explorer.selection == {"activation": 2, "radius": 2, "length": 1}


def test_static_html_carries_the_state_safely():
    explorer = gradient_decay_explorer(**SMALL)
    explorer.title = "a </script> title"
    page = explorer.static_html()
    payload = re.search(
        r'<script type="application/json" class="gg-explorer-state">(.*)</script>', page, re.S
    ).group(1)
    assert "</script>" not in payload
    state = json.loads(payload)
    assert state["data"] == explorer.data and state["selection"] == explorer.selection
    assert 'data-gg-view="decay"' in page


def test_mime_bundle_has_widget_and_html():
    data, _ = gradient_decay_explorer(**SMALL)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/html"].startswith('<div class="gg-explorer"')
    assert len(data["text/plain"]) < 200


def test_scripts_hold_every_view():
    assert views() == ["curves", "decay", "gate", "sequence"]
    script = site_script()
    assert "export" not in script
    for view in views():
        assert view_module(view).rstrip().endswith("export default { render };")
        assert f'views["{view}"]' in script


def test_default_page_weight_is_modest():
    html = gradient_decay_explorer().static_html()
    assert len(html.encode()) < 600_000


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"radii": []}, ValueError, "radii: expected a non-empty list"),
        ({"radii": [-1.0]}, ValueError, "radii: expected a non-empty list of values >= 0"),
        ({"lengths": [0]}, ValueError, r"lengths\[\]: expected a value >= 1, got 0"),
        ({"lengths": []}, ValueError, "lengths: expected at least one sequence length"),
        ({"activations": ["relu"]}, ValueError, r"activations\[\]: expected one of"),
    ],
)
def test_bad_grid_options_are_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        decay_grid(**kwargs)


def test_bad_view_and_start_are_named():
    with pytest.raises(
        ValueError,
        match=r"view: expected one of \['curves', 'decay', 'gate', 'sequence'\], got 'nope'",
    ):
        Explorer("nope", title="x", data={}, selection={})
    with pytest.raises(ValueError, match="activation: expected one of"):
        gradient_decay_explorer(activation="relu", **SMALL)
