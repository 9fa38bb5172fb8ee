"""Explorers: the contract every view reads (controls, grid arrays, readout templates), the
decay explorer's grid, the state a view receives, and its two forms."""

import base64
import json
import re

import numpy as np
import pytest

from gatesgrad.explorers import (
    Explorer,
    connectivity_explorer,
    decay_curve,
    decay_grid,
    decode_array,
    encode_array,
    gradient_decay_explorer,
    memory_explorer,
)
from gatesgrad.explorers._grid import coincidences, y_span
from gatesgrad.explorers.base import (
    check_data,
    control,
    grid_array,
    site_script,
    view_module,
    views,
)
from gatesgrad.explorers.decay import decay_network
from gatesgrad.gradients import log10_chain_bound
from tests.explorer_state import STATE, curve_at, grid_at, js_to_fixed

SMALL = {"radii": [0.5, 1.0, 3.0], "lengths": [5, 12], "hidden_size": 8}


def test_arrays_survive_the_trip_to_the_view():
    values = np.array([[1.5, -np.inf], [np.inf, np.nan]])
    back = decode_array(encode_array(values))
    assert back.dtype == np.float32 and back.shape == (2, 2)
    np.testing.assert_array_equal(back[:, :1], [[1.5], [np.inf]])
    assert back[0, 1] == -np.inf and np.isnan(back[1, 1])


def test_uint8_arrays_travel_as_one_byte_each():
    """Codes and colour levels: whole numbers 0 … 255 as bytes, a quarter of float32's."""
    values = np.array([[0, 1, 127], [128, 254, 255]])
    encoded = encode_array(values, "uint8")
    assert sorted(encoded) == ["shape", "uint8"] and encoded["shape"] == [2, 3]
    assert base64.b64decode(encoded["uint8"]) == bytes([0, 1, 127, 128, 254, 255])
    back = decode_array(encoded)
    assert back.dtype == np.uint8
    np.testing.assert_array_equal(back, values)
    floats = np.array([3.0, 200.0])  # whole numbers held as floats travel too
    np.testing.assert_array_equal(decode_array(encode_array(floats, "uint8")), [3, 200])
    assert len(encode_array(np.zeros(300), "uint8")["uint8"]) * 4 == len(
        encode_array(np.zeros(300))["float32"]
    )


def test_uint8_grid_arrays_read_as_the_view_reads_them():
    levels = np.array([[[1, 2], [3, 4]], [[1, 2], [3, 4]], [[1, 2], [3, 4]]])  # (model, epoch, x)
    array = grid_array(levels, ["model", "epoch"], dtype="uint8")
    assert array["dims"] == ["epoch"] and "uint8" in array  # the same for every model: dropped
    np.testing.assert_array_equal(grid_at(array, {"model": 2, "epoch": 1}), [3, 4])
    assert grid_at(array, {"model": 0, "epoch": 0}).dtype == np.uint8


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: encode_array([0, 256], "uint8"), ValueError, "values: expected whole numbers"),
        (lambda: encode_array([-1, 3], "uint8"), ValueError, r"got values from -1 to 3"),
        (lambda: encode_array([0.5], "uint8"), ValueError, "values: expected whole numbers"),
        (lambda: encode_array([np.nan], "uint8"), ValueError, "values: expected finite values"),
        (lambda: encode_array([np.inf], "uint8"), ValueError, "values: expected finite values"),
        (lambda: encode_array([1], "int8"), ValueError, r"dtype: expected one of \['float32'"),
        (
            lambda: grid_array([1.5, 2], ["n"], dtype="uint8"),
            ValueError,
            "values: expected whole numbers from 0 to 255 for uint8",
        ),
        (lambda: grid_array([1, 2], ["n"], dtype="u1"), ValueError, "dtype: expected one of"),
        (
            lambda: decode_array({"shape": [7], "uint8": base64.b64encode(bytes(6)).decode()}),
            ValueError,
            r"encoded: expected base64 uint8 bytes of shape \[7\], got 8 base64 characters",
        ),
        (lambda: decode_array({"shape": [1], "uint8": 3}), TypeError, "'float32', 'uint8' or"),
        (lambda: decode_array({"shape": [1], "int8": "AA=="}), TypeError, "'float32', 'uint8' or"),
    ],
)
def test_bad_uint8_arrays_are_refused(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("dtype, n", [("uint8", 255), ("uint16", 65535)])
def test_levels_decode_within_a_step(dtype, n, rng):
    """Quantised levels: lo + k·(hi − lo)/n, within half a step of each value (a step with
    `digits`), the bytes a quarter (uint8) or half (uint16) of float32's; the view's mirror
    (tests/explorer_state.py, written out there) reads the same doubles."""
    lo, hi = -3.0, 5.0
    values = np.concatenate([[lo, hi, 0.0], rng.uniform(lo, hi, 5000)])
    encoded = encode_array(values, dtype, lo=lo, hi=hi)
    assert sorted(encoded) == ["hi", "lo", "shape", dtype] and (encoded["lo"], encoded["hi"]) == (
        lo,
        hi,
    )
    levels = np.frombuffer(
        base64.b64decode(encoded[dtype]), {"uint8": "u1", "uint16": "<u2"}[dtype]
    )
    np.testing.assert_array_equal(levels, np.round((values - lo) / (hi - lo) * n))  # independent
    back = decode_array(encoded)
    step = (hi - lo) / n
    assert back.dtype == np.float64 and np.abs(back - values).max() <= step / 2 + 1e-12
    assert back[0] == lo and back[1] == hi
    assert (
        len(encoded[dtype]) * {"uint8": 4, "uint16": 2}[dtype]
        <= len(encode_array(values)["float32"]) + 4
    )
    array = grid_array(values, [], dtype=dtype, lo=lo, hi=hi)
    np.testing.assert_array_equal(grid_at(array, {}), back)  # the view's mirror: the same doubles


def test_levels_keep_a_readout_exactly(rng):
    """With digits=3, every level reads with 3 decimals as its value does (toFixed: half away
    from zero), within one step; without, some would flip at a rounding boundary."""
    values = np.concatenate([rng.uniform(0, 1, 20000), [0.0005, 0.1234999, 0.1235001, 1.0]])
    fixed = [js_to_fixed(float(v), 3) for v in values]
    plain = decode_array(encode_array(values, "uint16", lo=0, hi=1))
    assert any(js_to_fixed(float(v), 3) != f for v, f in zip(plain, fixed, strict=True))
    kept = decode_array(encode_array(values, "uint16", lo=0, hi=1, digits=3))
    assert [js_to_fixed(float(v), 3) for v in kept] == fixed
    assert np.abs(kept - values).max() <= 1 / 65535


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"lo": 0.0}, r"lo, hi: expected both to quantise, got lo=0.0, hi=None"),
        ({"lo": 1.0, "hi": 1.0}, "hi: expected a number above lo = 1, got 1"),
        ({"lo": 0.0, "hi": 0.5}, r"values: expected values from lo = 0 to hi = 0.5, got values"),
        (
            {"dtype": "float32", "lo": 0.0, "hi": 1.0},
            r"dtype: expected one of \['uint8', 'uint16'\]",
        ),
        ({"dtype": "uint16"}, "dtype: expected lo and hi with 'uint16'"),
        ({"dtype": "uint8", "digits": 3}, "digits: expected None unless lo and hi quantise"),
        ({"lo": -100.0, "hi": 100.0, "digits": 3}, "no uint8 level from lo = -100 to hi = 100"),
    ],
)
def test_bad_levels_are_refused(kwargs, message):
    kwargs = {"dtype": "uint8", **kwargs}
    with pytest.raises(ValueError, match=message):
        encode_array(np.array([0.0, 0.25, 0.7]), **kwargs)


def test_levels_with_a_bad_range_are_refused():
    with pytest.raises(TypeError, match="encoded: expected numbers 'lo' and 'hi' for levels"):
        decode_array({"shape": [1], "uint8": "AA==", "lo": "0", "hi": 1})
    with pytest.raises(TypeError, match="encoded: expected 'lo' and 'hi' with 'uint16'"):
        decode_array({"shape": [1], "uint16": "AAA="})


def _two_controls(**bias) -> dict:
    return {
        "controls": [
            control("mode", "mode", ["a", "b", "c"], radio=True),
            control("bias", "bias", [0.0, 1.0], **bias),
        ],
        "arrays": {},
    }


def test_enabled_when_names_another_control_and_its_indices():
    data = _two_controls(enabled_when={"mode": [0, 2]}, disabled_note="held")
    check_data(data)
    assert data["controls"][1]["enabled_when"] == {"mode": [0, 2]}
    assert data["controls"][1]["disabled_note"] == "held"


@pytest.mark.parametrize(
    "bias, message",
    [
        (
            {"enabled_when": {"nope": [0]}},
            r"controls\[1\] \('bias'\): enabled_when: expected the "
            r"name of another control \['mode'\], got 'nope'",
        ),
        ({"enabled_when": {"bias": [0]}}, r"enabled_when: expected the name of another control"),
        (
            {"enabled_when": {"mode": [3]}},
            r"enabled_when\['mode'\]: expected a non-empty list of "
            r"indices from 0 to 2, got \[3\]",
        ),
        ({"enabled_when": {"mode": []}}, r"expected a non-empty list of indices from 0 to 2"),
        ({"enabled_when": {"mode": [True]}}, r"expected a non-empty list of indices"),
        ({"enabled_when": {}}, r"enabled_when: expected a dict \{control name: \[indices\]\}"),
        ({"disabled_note": "why"}, r"disabled_note: expected it only with enabled_when"),
        ({"enabled_when": {"mode": [0]}, "disabled_note": ""}, r"disabled_note: expected a short"),
    ],
)
def test_bad_enabled_when_is_refused(bias, message):
    with pytest.raises(ValueError, match=message):
        check_data(_two_controls(**bias))


def test_the_connectivity_explorer_draws_each_models_input_gradients():
    """Chapter 12's curves at every position: log10 ‖∂L_t/∂x_k‖ of the saved model, the last
    character read at x = 0. A reach below 100 (before: refused, the readout named x = 100)."""
    from gatesgrad import charmodel, text

    book = text.moby_dick()
    chars, passage, targets, reach = text.alphabet(book), book[50_000:50_040], [20, 33], 12
    data = connectivity_explorer(chars, passage, targets, reach=reach).data
    codes = text.encode(passage, chars)
    for kind in charmodel.KINDS:
        for k, t in enumerate(targets):
            for e, epoch in enumerate(charmodel.CHECKPOINT_EPOCHS):
                model = charmodel.load_char_model(kind, epoch)
                norms = charmodel.connectivity(model, codes[t - reach : t + 1])
                curve = grid_at(data["arrays"][kind], {"target": k, "epoch": e})
                np.testing.assert_allclose(curve, np.log10(norms[::-1]), rtol=1e-6)
    assert data["x_max"] == reach - 1
    assert "10 characters back" in data["explain"][1] and "11 characters back" in data["explain"][1]
    assert data["phrases"]["context"][1].startswith(f"Predicting “{passage[33]}”")


def test_grid_curves_are_the_single_setting_curves():
    grid = decay_grid(**SMALL)
    for a, act in enumerate(grid.activations):
        for r, rho in enumerate(grid.radii):
            for li, T in enumerate(grid.lengths):
                expected = decay_curve(float(rho), act, int(T), hidden_size=8)
                np.testing.assert_allclose(
                    grid.log10_norms[a, r, li, : T + 1], expected, rtol=1e-12
                )
                assert np.all(np.isnan(grid.log10_norms[a, r, li, T + 1 :]))


def test_grid_bound_is_above_the_curves():
    grid = decay_grid(**SMALL)
    for a in range(len(grid.activations)):
        for r in range(len(grid.radii)):
            for li, T in enumerate(grid.lengths):
                bound = grid.log10_bound[a, r, T - np.arange(T + 1)]
                assert np.all(grid.log10_norms[a, r, li, : T + 1] <= bound + 1e-9)


def test_explorer_state_draws_the_single_setting_curves():
    """Decode the state as the curves view does: measured and bound at every setting."""
    explorer = gradient_decay_explorer(**SMALL)
    data = explorer.data
    controls = {c["name"]: c["values"] for c in data["controls"]}
    for a, act in enumerate(controls["activation"]):
        for r, rho in enumerate(controls["radius"]):
            W_hh = decay_network(rho, act, hidden_size=8).W_hh
            for li, T in enumerate(controls["length"]):
                sel = {"activation": a, "radius": r, "length": li}
                np.testing.assert_allclose(
                    curve_at(data, "measured", sel),
                    decay_curve(rho, act, int(T), hidden_size=8),
                    rtol=1e-6,
                    atol=1e-5,
                )
                np.testing.assert_allclose(
                    curve_at(data, "bound", sel),
                    log10_chain_bound(W_hh, act, T - np.arange(T + 1)),
                    rtol=1e-6,
                )
    assert data["arrays"]["bound"]["dims"] == ["activation", "radius"]  # one curve per (a, r)


def test_decay_readout_names_what_float32_makes_of_the_gradient():
    data = gradient_decay_explorer(radii=[0.2, 6.0], lengths=[100]).data
    storage = {
        act: [
            int(grid_at(data["arrays"]["storage"], {"activation": a, "radius": r, "length": 0}))
            for r in range(2)
        ]
        for a, act in enumerate(data["controls"][0]["values"])
    }
    assert storage["linear"] == [2, 1]  # ρ = 0.2: 10^-70 underflows; ρ = 6: 10^78 overflows
    assert storage["tanh"][0] == 2 and "overflows to inf" in data["phrases"]["storage"][1]


def test_decay_readout_says_what_each_setting_guarantees():
    """The regime sentence at every (φ, ρ), against ρ(W_hh) and ‖W_hh‖₂ computed here: a
    linear W_hh^k is at least ρ^k, so ρ > 1 must read as certain to explode."""
    radii = [0.25, 0.75, 1.0, 3.0]
    data = gradient_decay_explorer(radii=radii, lengths=[5]).data
    phrases = data["phrases"]["regime"]
    for a, act in enumerate(data["controls"][0]["values"]):
        for r, rho in enumerate(radii):
            W = decay_network(rho, act).W_hh
            index = grid_at(data["arrays"]["regime"], {"activation": a, "radius": r})
            said = phrases[int(index)]
            gamma = {"tanh": 1.0, "logistic": 0.25, "linear": 1.0}[act]
            norm2, radius = np.linalg.norm(W, 2), np.max(np.abs(np.linalg.eigvals(W)))
            if gamma * norm2 < 1:
                assert said.endswith("vanishing is guaranteed."), (act, rho)
            elif act != "linear":
                assert "nothing forces exploding" in said, (act, rho)
            elif abs(radius - 1) < 1e-9:
                assert "never vanishes, and it never grows exponentially" in said, (act, rho)
            elif radius > 1:
                assert said.endswith("makes exploding certain."), (act, rho)
            else:
                assert "vanish in the end" in said and "grow for a while" in said, (act, rho)
    linear = data["controls"][0]["values"].index("linear")
    regimes = {
        int(grid_at(data["arrays"]["regime"], {"activation": linear, "radius": r}))
        for r in range(4)
    }
    assert len(regimes) == 4  # at ρ = ¼, ¾, 1, 3 the linear network meets every case


def test_starting_position_is_the_nearest_grid_point():
    explorer = gradient_decay_explorer(radius=2.9, activation="linear", length=11, **SMALL)
    assert [c["name"] for c in explorer.data["controls"]] == ["activation", "radius", "length"]
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
    assert 'data-gg-view="curves"' in page


def test_mime_bundle_has_widget_and_html():
    data, _ = gradient_decay_explorer(**SMALL)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/html"].startswith('<div class="gg-explorer"')
    assert len(data["text/plain"]) < 200


def test_scripts_hold_every_view_and_the_helpers_once():
    assert views() == ["check", "curves", "gate", "sequence", "text", "trainer"]
    script = site_script()
    assert "export" not in script
    assert script.count("function gridAt(") == 1  # one copy of the helpers for every view
    for view in views():
        assert view_module(view).rstrip().endswith("export default { render };")
        assert f'views["{view}"]' in script
        # the trainer's Worker source: once in the site's script, in the trainer's module only
        assert view_module(view).count("const GG_TRAINER_SOURCE =") == (view == "trainer")
    assert script.count("const GG_TRAINER_SOURCE =") == 1


@pytest.mark.book
def test_the_chapters_decay_explorer_is_light(book):
    """Chapter 3's explorer (the default grid) leaves its page room under 1 MB."""
    html = (book.html / "book/03-vanishing-gradients.html").read_text()
    (payload,) = STATE.findall(html)
    assert len(payload.encode()) < 700_000


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"radii": []}, ValueError, "radii: expected a non-empty list"),
        ({"radii": [-1.0]}, ValueError, "radii: expected a non-empty list of values >= 0"),
        ({"lengths": [0]}, ValueError, r"lengths\[\]: expected a value >= 1, got 0"),
        ({"lengths": []}, ValueError, "lengths: expected at least one integer"),
        ({"activations": ["relu"]}, ValueError, r"activations\[\]: expected one of"),
    ],
)
def test_bad_grid_options_are_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        decay_grid(**kwargs)


def test_bad_view_and_start_are_named():
    with pytest.raises(
        ValueError,
        match=r"view: expected one of \['curves', 'gate', 'sequence', 'text', 'trainer'\], "
        r"got 'nope'",
    ):
        Explorer("nope", title="x", data={}, selection={})
    with pytest.raises(ValueError, match="activation: expected one of"):
        gradient_decay_explorer(activation="relu", **SMALL)


# -- the contract ---------------------------------------------------------------------------


def small_data(**changes) -> dict:
    data = {
        "controls": [control("n", "n", [1, 2, 3]), control("kind", "kind", ["a", "b"], radio=True)],
        "arrays": {
            "y": grid_array(np.arange(6.0).reshape(3, 2), ["n", "kind"]),
            "level": grid_array([0, 1, 1], ["n"]),
            "curve": grid_array(np.zeros((3, 4)), ["n"]),
        },
        "phrases": {"level": ["low", "high {n}"]},
        "explain": ["{n} {kind} {y} {y:sig} {level:phrase}", "{curve[1]:pow10}"],
        "x_max": "n",
    }
    return {**data, **changes}


def test_every_readout_placeholder_names_something():
    check_data(small_data())  # every kind of placeholder, all resolved
    arrays = small_data()["arrays"]
    bad = [
        ("{nope}", r"names \{nope\}: expected a control \['kind', 'n'\] or an array"),
        ("{y:bold}", r"names \{y\}: expected a style in \('sig', 'pow10', 'phrase'\), got 'bold'"),
        ("{y[1]}", r"names \{y\}\[1\]: expected a curve, got a value per setting"),
        (
            "{curve[2]}",
            r"\{curve\}\[2\]: expected an x from 0 to the shortest x axis drawn .* "
            r"got x axes \(1, 3\) and 4 values",
        ),
        ("{y:phrase}", r"expected phrases\['y'\], got none"),
        (
            "{n[0]}",
            r"names \{n\}: a control is shown as its label shows it, expected no index "
            r"or style, got \[0\]",
        ),
        ("{n:sig}", r"expected no index or style, got :sig"),
    ]
    for template, message in bad:
        with pytest.raises(ValueError, match=message):
            check_data(small_data(explain=template))
    with pytest.raises(ValueError, match=r"names \{nope\}"):  # inside a phrase too
        check_data(small_data(phrases={"level": ["{nope}", ""]}))
    with pytest.raises(
        ValueError, match=r"arrays\['level'\]: expected indices of its 1 phrases, got \[0.0, 1.0\]"
    ):
        check_data(small_data(phrases={"level": ["only one"]}))
    with pytest.raises(
        ValueError, match=r"\{curve\}\[0\]: expected an x .* got x axes \(5, 5\) and 4"
    ):
        check_data(small_data(x_max=5, explain="{curve[0]}"))  # a curve shorter than its axis
    with pytest.raises(ValueError, match=r"'n' names both a control and an array"):
        check_data(small_data(arrays={**arrays, "n": arrays["y"]}))
    with pytest.raises(ValueError, match=r"arrays\['z'\]: expected dims among the controls"):
        check_data(small_data(arrays={**arrays, "z": grid_array(np.arange(2.0), ["m"])}))
    with pytest.raises(ValueError, match=r"controls: expected distinct names, got \['n', 'n'\]"):
        check_data(small_data(controls=[control("n", "n", [1]), control("n", "m", [2])]))


def test_every_array_is_laid_out_over_its_controls():
    """A leading axis per kept dim, as long as its control has values: else the view would
    read a neighbouring row (n has 3 values, kind 2)."""
    arrays = small_data()["arrays"]
    good = {
        "y": grid_array(np.arange(6.0).reshape(3, 2), ["n", "kind"]),
        "same_for_every_n": grid_array(np.tile([1.0, 2.0], (3, 1)), ["n", "kind"]),  # over kind
        "curves": grid_array(np.arange(24.0).reshape(3, 2, 4), ["n", "kind"]),
        "one": grid_array(7.0, []),
    }
    assert good["same_for_every_n"]["dims"] == ["kind"]
    check_data(small_data(arrays={**arrays, **good}))
    bad = [
        (
            grid_array(np.arange(5.0), ["n"]),
            r"arrays\['x'\]: expected axis 0 over control 'n' to have its 3 values, got 5 "
            r"\(shape \[5\]\)",
        ),
        (  # the right number of values, the axes the wrong way round
            grid_array(np.arange(6.0).reshape(2, 3), ["n", "kind"]),
            r"arrays\['x'\]: expected axis 0 over control 'n' to have its 3 values, got 2",
        ),
        (  # n dropped (the values do not depend on it): kind's axis comes first
            grid_array(np.tile(np.arange(5.0), (3, 1)), ["n", "kind"]),
            r"arrays\['x'\]: expected axis 0 over control 'kind' to have its 2 values, got 5",
        ),
        (
            {**arrays["y"], "dims": ["n", "n"]},
            r"arrays\['x'\]: expected distinct dims, got \['n', 'n'\]",
        ),
        (
            {**arrays["level"], "dims": ["n", "kind"]},
            r"arrays\['x'\]: expected an axis per dim \['n', 'kind'\], got shape \[3\]",
        ),
    ]
    for array, message in bad:
        with pytest.raises(ValueError, match=message):
            check_data(small_data(arrays={**arrays, "x": array}))
    with pytest.raises(ValueError, match=r"data: expected data a view can draw, got arrays"):
        Explorer(
            "curves",
            title="t",
            data=small_data(arrays={**arrays, "x": bad[0][0]}),
            selection={"n": 0, "kind": 0},
        )


def test_selection_is_checked_from_python_and_from_the_view():
    explorer = Explorer("curves", title="t", data=small_data(), selection={"n": 2, "kind": 1})
    explorer.selection = {"n": 0, "kind": 0}
    explorer.set_state({"selection": {"n": 1, "kind": 1}})  # what a view's change does
    assert explorer.selection == {"n": 1, "kind": 1}
    bad = [
        ({"n": 3, "kind": 0}, r"selection\['n'\]: expected an index from 0 to 2, got 3"),
        ({"n": 0}, r"selection: expected the controls \['kind', 'n'\], got \['n'\]"),
        ({"n": 0.5, "kind": 0}, r"selection\['n'\]: expected an index from 0 to 2, got 0.5"),
    ]
    for selection, message in bad:
        with pytest.raises(ValueError, match=message):
            explorer.selection = selection
        with pytest.raises(ValueError, match=message):
            explorer.set_state({"selection": selection})
        with pytest.raises(ValueError, match=message):  # refused before a widget opens
            Explorer("curves", title="t", data=small_data(), selection=selection)
    assert explorer.selection == {"n": 1, "kind": 1}  # a refused selection changes nothing


def test_starting_positions_are_checked():
    with pytest.raises(TypeError, match="radius: expected a real number, got str 'big'"):
        memory_explorer(radius="big")
    with pytest.raises(ValueError, match="length: expected a finite"):
        gradient_decay_explorer(length=float("nan"), **SMALL)


def test_a_control_needs_values():
    with pytest.raises(ValueError, match="values: expected at least one value for control 'n'"):
        control("n", "n", [])


def test_coincidences_name_the_lines_drawn_as_one_and_where():
    """Two settings of three lines on an axis 20 high (the default −10 … 10): at the first,
    b lies within 0.1 (< 20/100) of a at every x, c on the level 5 from x = 2 on; at the
    second nothing is closer than 1."""
    x = np.arange(6.0)
    a = np.stack([x, x])
    b = np.stack([x + 0.1, x + 3])
    c = np.stack([[0, 9, 5.05, 5, 4.95, 5], [0, 1, 2, 3, 4, 5]]) - np.array([[0], [8]])
    curves = {"a": a, "b": b, "c": c}
    span = y_span(list(curves.values()), (-10, 10), 10)
    np.testing.assert_array_equal(span, [20, 20])
    index, phrases = coincidences(
        curves, {"a": "A", "b": "B", "c": "C"}, span, levels={"five": 5.0}, x_min=1
    )
    assert phrases[0] == "" and index[1] == 0
    said = phrases[int(index[0])]
    assert "“B” hides “A” (all)" in said
    assert "“C” hides “five” (3–6)" in said  # x = 2 … 5, the first x being 1
    assert "“A”" in said and said.count("hides") == 2
    assert said.startswith("Drawn as one (steps in brackets; to 1/100 of the plot’s height): ")
