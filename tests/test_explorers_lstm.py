"""Part II's explorers: the gate grid, the sequence heatmaps and the gradient curves hold
what the numpy LSTM computes, indexed the way the views index them."""

import numpy as np
import pytest

import gatesgrad as gg
from gatesgrad.explorers import (
    decode_array,
    flow_curves,
    gate_explorer,
    gate_grid,
    gradient_flow_explorer,
    grid_array,
    sequence_explorer,
)
from gatesgrad.explorers.base import JS_DIR
from gatesgrad.explorers.gate import CONTROLS, START, gate_setting, scalar_lstm, value_bounds
from gatesgrad.explorers.gradient_flow import INITS
from gatesgrad.explorers.sequence import (
    FORGET_BIASES,
    LEVEL_RANGE,
    MODES,
    marked_sequence,
    run,
)
from tests.explorer_state import grid_at, js_to_fixed, readout

# The gate and flow grids take seconds and are computed once per test process: their tests
# share one process (pytest-xdist), test_explorer_inputs.py's among them.


def test_grid_array_drops_axes_the_values_do_not_depend_on(rng):
    values = np.broadcast_to(rng.normal(size=(3, 1, 4)), (3, 5, 4)).copy()  # constant along b
    array = grid_array(values, ["a", "b"])
    assert array["dims"] == ["a"] and array["shape"] == [3, 4]
    for a in range(3):
        np.testing.assert_allclose(grid_at(array, {"a": a, "b": 2}), values[a, 2], rtol=1e-6)


def test_grid_array_needs_an_axis_per_dim():
    with pytest.raises(ValueError, match=r"values: expected at least 2 axes for dims \['a', 'b'\]"):
        grid_array(np.zeros(3), ["a", "b"])


@pytest.mark.parametrize("gate", ["f", "i", "o"])
def test_gate_grid_is_one_lstm_step(gate, rng):
    grid = gate_grid(gate)
    for _ in range(25):
        at = tuple(int(rng.integers(len(c["values"]))) for c in CONTROLS)
        x, h, c, w, b = (ctl["values"][k] for ctl, k in zip(CONTROLS, at, strict=True))
        params = scalar_lstm(gate, w, b)
        h_t, c_t = gg.lstm_step(params, [x], [h], [c])
        step = gg.lstm_forward(params, [[x]], [h], [c])
        assert grid["c_t"][at] == pytest.approx(c_t[0]) and grid["h_t"][at] == pytest.approx(h_t[0])
        for name in gg.GATES:
            assert grid[name][at] == pytest.approx(getattr(step, name)[0, 0])
        assert grid["kept"][at] + grid["written"][at] == pytest.approx(c_t[0])
        assert grid[gate][at] == pytest.approx(gg.logistic(np.array([grid["z"][at]]))[0])


def test_gate_explorer_state_indexes_like_the_view():
    explorer = gate_explorer("f")
    grid = gate_grid("f")
    sel = explorer.selection
    at = tuple(sel[c["name"]] for c in CONTROLS)
    bounds = value_bounds()
    assert set(explorer.data["arrays"]) == set(bounds) == set(grid) - {"c_prev", "h_prev"}
    for name, array in explorer.data["arrays"].items():
        lo, hi = bounds[name]
        assert "uint16" in array and (array["lo"], array["hi"]) == (lo, hi)
        assert grid[name].min() >= lo and grid[name].max() <= hi  # the bounds hold
        step = (hi - lo) / 65535
        assert abs(float(grid_at(array, sel)) - grid[name][at]) <= step, name
    assert "{f}" in explorer.data["explain"]


@pytest.mark.parametrize("gate", ["f", "i", "o"])
def test_gate_explorer_readouts_read_as_the_values(gate):
    """Every value the diagram and readout show, with 3 decimals, at every position: the
    uint16 level reads exactly as the float64 value computed, within one step of it."""
    explorer = gate_explorer(gate)
    grid = gate_grid(gate)
    for name, (lo, hi) in value_bounds().items():
        array = explorer.data["arrays"][name]
        shown = np.broadcast_to(  # grid_array dropped the axes the value does not depend on
            decode_array(array).reshape(
                [len(c["values"]) if c["name"] in array["dims"] else 1 for c in CONTROLS]
            ),
            grid[name].shape,
        )
        assert np.abs(shown - grid[name]).max() <= (hi - lo) / 65535, name
        flat, values = shown.ravel(), grid[name].ravel()
        # where both are clear of a rounding boundary (and of −0.000), numpy's rounding
        # decides; the rest, toFixed's exact rounding (explorer_state.js_to_fixed)
        near = (np.abs(np.abs(values * 1000) % 1 - 0.5) < 1e-3) | (np.abs(values) < 5e-4)
        assert np.array_equal(np.round(flat[~near] * 1000), np.round(values[~near] * 1000)), name
        differ = [
            k for k in np.flatnonzero(near) if js_to_fixed(flat[k], 3) != js_to_fixed(values[k], 3)
        ]
        assert not differ, f"{name}: {len(differ)} readouts differ, first at {values[differ[0]]!r}"


def test_gate_explorer_refuses_the_candidate():
    with pytest.raises(ValueError, match=r"gate: expected one of \['f', 'i', 'o'\], got 'c'"):
        gate_explorer("c")


def test_sequence_explorer_holds_the_traces():
    explorer = sequence_explorer()
    xs = marked_sequence()
    for m, mode in enumerate(MODES):
        for b, bias in enumerate(FORGET_BIASES):
            trace = run(mode, bias, xs)
            sel = {"mode": m, "bias": b}
            for name in ("i", "f", "g", "o", "h", "c"):  # uint8 levels, c clipped to its scale
                lo, hi = LEVEL_RANGE[name]
                np.testing.assert_allclose(
                    grid_at(explorer.data["arrays"][name], sel),
                    np.clip(getattr(trace, name)[-len(xs) :].T, lo, hi),
                    rtol=0,
                    atol=(hi - lo) / 255 / 2 + 1e-12,
                    err_msg=name,
                )
            assert float(grid_at(explorer.data["arrays"]["c_max"], sel)) == pytest.approx(
                np.abs(trace.c).max(), rel=1e-6
            )
    held = run("held at 1", 0.0, xs)
    assert np.all(held.f == 1.0)


def test_sequence_explorer_names_what_its_view_draws():
    """The view knows nothing of LSTMs: a title per heatmap and a label per unit (unit 0,
    built by hand, is the memory) come with the data."""
    data = sequence_explorer().data
    H = data["arrays"]["c"]["shape"][-2]
    assert data["units"] == ["mem", *map(str, range(1, H))]
    assert list(data["titles"]) == data["quantities"] == ["i", "f", "g", "o", "c", "h"]
    assert data["titles"]["f"] == "forget gate fₜ" and data["input_label"] == "xₜ"
    assert data["titles"]["c"] == "cell state cₜ, full colour at ±1"  # one scale, every mode
    assert data["scales"] == {q: LEVEL_RANGE[q][1] for q in data["quantities"]}
    view = (JS_DIR / "sequence.js").read_text()
    for domain in ('"mem"', "forget gate", "xₜ", "cell state"):
        assert domain not in view, domain


def test_sequence_explorer_bias_acts_only_while_the_gate_is_computed():
    """The slider says it is unit mem's, as its row does, and is enabled only in the mode
    where the forget gate is computed: held, every array is the same at every bias."""
    explorer = sequence_explorer()
    mode, bias = explorer.data["controls"]
    assert bias["label"] == "forget bias of mem" and explorer.data["units"][0] == "mem"
    assert bias["enabled_when"] == {"mode": [MODES.index("as computed")]}
    assert bias["disabled_note"]
    arrays = explorer.data["arrays"]
    for m in range(len(MODES)):
        if m in bias["enabled_when"]["mode"]:
            continue
        for name in ("f", "c", "h", "c_T"):
            first = grid_at(arrays[name], {"mode": m, "bias": 0})
            for b in range(len(FORGET_BIASES)):
                np.testing.assert_array_equal(grid_at(arrays[name], {"mode": m, "bias": b}), first)


def test_flow_explorer_curves_are_the_single_setting_curves():
    explorer = gradient_flow_explorer()
    controls = {c["name"]: c["values"] for c in explorer.data["controls"]}
    assert len(controls["init"]) == len(INITS)
    for ii, init in enumerate(INITS):
        for b in (0, 6, len(controls["bias"]) - 1):
            for li in (0, 4, len(controls["length"]) - 1):
                T = controls["length"][li]
                expected = flow_curves(controls["bias"][b], T, init=init)
                sel = {"init": ii, "bias": b, "length": li}
                for name, curve in expected.items():
                    got = grid_at(explorer.data["arrays"][name], sel)
                    np.testing.assert_allclose(got[: T + 1], curve, rtol=1e-5, atol=1e-5)
                    assert np.all(np.isnan(got[T + 1 :]))


def test_flow_carousel_is_the_product_of_the_forget_gates():
    """The dashed curve is max over units of ∏_{k>t} f_k, from a forward pass."""
    lstm = gg.init_lstm(4, 32, rng=0, forget_bias=2.0)
    trace = gg.lstm_forward(lstm, np.random.default_rng(1).standard_normal((30, 4)))
    expected = [np.prod(trace.f[t:], axis=0).max() for t in range(31)]
    np.testing.assert_allclose(10 ** flow_curves(2.0, 30)["carousel"], expected, rtol=1e-10)


def test_flow_default_is_keras_initialisation():
    """The RNN of the default setting has an orthogonal W_hh (Keras' SimpleRNN)."""
    curves = flow_curves(1.0, 20)
    rnn = gg.init_rnn(4, 32, rng=0, init="keras")
    trace = gg.rnn_forward(rnn, np.random.default_rng(1).standard_normal((20, 4)))
    np.testing.assert_allclose(rnn.W_hh @ rnn.W_hh.T, np.eye(32), atol=1e-12)
    expected = gg.log10_chain_norms(gg.rnn_jacobians(rnn, trace))
    np.testing.assert_allclose(curves["rnn_h"], expected, rtol=1e-12)


def test_flow_curves_bad_arguments():
    with pytest.raises(ValueError, match="length: expected a value >= 1, got 0"):
        flow_curves(1.0, 0)
    with pytest.raises(ValueError, match="init: expected one of"):
        flow_curves(1.0, 10, init="glorot")
    with pytest.raises(ValueError, match="forget_bias: expected a finite number, got nan"):
        flow_curves(float("nan"), 10)


def test_lstm_with_a_held_forget_gate_has_the_right_gradient(rng):
    params = gg.init_lstm(2, 3, rng=rng)
    xs = rng.normal(size=(6, 2))
    V = rng.normal(size=(6, 3))

    def loss(kernel):
        trace = gg.lstm_forward(
            gg.LSTMParams(kernel, params.recurrent_kernel, params.bias), xs, forget_gate=0.7
        )
        return float(np.sum(V * trace.h[1:]))

    grads = gg.lstm_bptt(params, gg.lstm_forward(params, xs, forget_gate=0.7), V)
    numeric = gg.finite_difference_gradient(loss, params.kernel)
    assert gg.relative_error(grads.kernel, numeric) < 1e-6
    with pytest.raises(ValueError, match="forget_gate: expected a value <= 1.0, got 1.5"):
        gg.lstm_forward(params, xs, forget_gate=1.5)


def test_pulse_memory_is_the_difference_of_two_runs():
    from gatesgrad.explorers import pulse_memory

    net = gg.init_rnn(1, 16, rng=1, spectral_radius=0.7, activation="tanh")
    quiet = np.zeros((40, 1))
    pulse = quiet.copy()
    pulse[4, 0] = 1.0
    diff = np.linalg.norm(gg.rnn_forward(net, pulse).h - gg.rnn_forward(net, quiet).h, axis=1)
    np.testing.assert_allclose(pulse_memory(0.7), np.log10(diff[5:] / diff[5]), atol=1e-12)
    with pytest.raises(ValueError, match="radius: expected a number > 0.0, got 0.0"):
        pulse_memory(0.0)


def test_gate_setting_reads_the_grid_where_the_sliders_are():
    grid = gate_grid("o")
    got = gate_setting(grid, c=3.0, w=0.0, b=-3.0)
    at = tuple(
        c["values"].index({"c": 3.0, "w": 0.0, "b": -3.0}.get(c["name"], start))
        for c, start in zip(CONTROLS, START, strict=True)
    )
    assert got == {name: float(array[at]) for name, array in grid.items()}
    with pytest.raises(ValueError, match="values: expected sliders"):
        gate_setting(grid, bias=1.0)
    with pytest.raises(ValueError, match="w: expected one of"):
        gate_setting(grid, w=0.3)


def test_flow_readout_says_when_two_lines_are_drawn_as_one():
    """Chapter 8 at Keras' weights, T = 100: at b_f = −2 the LSTM's hidden-state curve lies on
    its cell-state curve (within 1/100 of the axis's height at every step), and the readout
    says so; at b_f = 1 they part and it says nothing. The axis and the gap are worked out
    here from the single-setting curves."""
    explorer = gradient_flow_explorer()
    data = explorer.data
    biases = data["controls"][1]["values"]
    lengths = data["controls"][2]["values"]
    for bias, together in ((-2.0, True), (1.0, False)):
        curves = flow_curves(bias, 100)
        drawn = np.concatenate([c[np.isfinite(c)] for c in curves.values()])
        lo = min(-10, np.floor(drawn.min() / 10) * 10)
        hi = max(10, np.ceil(drawn.max() / 10) * 10)
        gap = np.abs(curves["lstm_c"] - curves["lstm_h"]).max() / (hi - lo)
        assert (gap < 1 / 100) == together, (bias, gap)
        sel = {"init": 0, "bias": biases.index(bias), "length": lengths.index(100)}
        said = readout(data, sel)[-1]
        phrase = "“LSTM h” hides “LSTM c” (all)"
        assert (phrase in said) == together, said
        if not together:
            assert said == ""
