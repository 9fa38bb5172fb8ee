"""The GRU chapter's explorer: its curves against the GRU, LSTM and RNN computed here
directly, its grid indexed the way the view indexes it, and its readout at the start."""

import numpy as np
import pytest

import gatesgrad as gg
from gatesgrad.explorers import flow_curves, gru_flow_curves, gru_flow_explorer
from gatesgrad.explorers.gru_flow import (
    PATHS,
    PHRASES,
    SERIES,
    TIE,
    UPDATE_BIASES,
    _gru_flow_grid,
    most_at_start,
)
from tests.explorer_state import format_pow10, grid_at, positions, readout

# The grid reuses chapter 8's (Keras' half): computed once in the process that has it.

D, H = 4, 32
SETTINGS = [(0.0, 1.0, 100), (-2.0, 0.0, 30), (6.0, 6.0, 10), (2.5, -1.5, 7)]


def gru_run(update_bias: float, T: int):
    """The explorer's GRU and its trace over chapter 8's inputs, built here."""
    params = gg.init_gru(D, H, rng=0, update_bias=update_bias, init="keras")
    xs = np.random.default_rng(1).standard_normal((T, D))
    return params, gg.gru_forward(params, xs)


@pytest.mark.parametrize("b_z, b_f, T", SETTINGS)
def test_gru_curve_ends_with_the_last_jacobian(b_z, b_f, T):
    """At t = T − 1 the chain is J_T alone; at T, the identity."""
    params, trace = gru_run(b_z, T)
    J = gg.gru_jacobians(params, trace)
    curve = gru_flow_curves(b_z, b_f, T)["gru_h"]
    assert curve.shape == (T + 1,) and curve[T] == 0.0
    assert curve[T - 1] == pytest.approx(np.log10(np.linalg.norm(J[-1], 2)), abs=1e-12)


def test_gru_curve_is_the_product_of_the_jacobians():
    """Over 10 steps the product does not underflow: multiply it out."""
    params, trace = gru_run(0.0, 10)
    J = gg.gru_jacobians(params, trace)
    product, expected = np.eye(H), [0.0]
    for J_t in J[::-1]:  # ∂h_T/∂h_t = J_T ⋯ J_{t+1}
        product = product @ J_t
        expected.append(np.log10(np.linalg.norm(product, 2)))
    np.testing.assert_allclose(gru_flow_curves(0.0, 1.0, 10)["gru_h"], expected[::-1], atol=1e-10)


@pytest.mark.parametrize("b_z, b_f, T", SETTINGS)
def test_gru_direct_path_is_the_product_of_the_update_gates(b_z, b_f, T):
    """The dashed curve is max over units of ∏_{k>t} z_k, from the forward pass."""
    _, trace = gru_run(b_z, T)
    expected = [np.log10(np.prod(trace.z[t:], axis=0).max()) for t in range(T + 1)]
    np.testing.assert_allclose(gru_flow_curves(b_z, b_f, T)["gru_direct"], expected, atol=1e-10)


def test_the_update_bias_keeps_or_closes_the_direct_path():
    """b_z = 6: z ≈ σ(6) and ∏ z over 100 steps stays near 1; b_z = −2: it falls below
    10⁻⁸⁰; in between, it rises with b_z. The full path is never below the direct one here."""
    starts = [gru_flow_curves(b, 1.0, 100)["gru_direct"][0] for b in UPDATE_BIASES]
    assert starts[-1] > -0.2 and starts[0] < -80
    assert np.all(np.diff(starts) > 0)
    for b in UPDATE_BIASES:
        curves = gru_flow_curves(b, 1.0, 100)
        assert np.all(curves["gru_h"] >= curves["gru_direct"] - 1e-12), b


def test_rnn_and_lstm_are_chapter_8s_with_keras_weights():
    for b_z, b_f, T in SETTINGS:
        ours, theirs = gru_flow_curves(b_z, b_f, T), flow_curves(b_f, T, init="keras")
        for name in ("rnn_h", "lstm_c", "lstm_h"):
            np.testing.assert_array_equal(ours[name], theirs[name])
    one, other = gru_flow_curves(1.0, -2.0, 20), gru_flow_curves(1.0, 5.0, 20)
    np.testing.assert_array_equal(one["gru_h"], other["gru_h"])  # b_f: the LSTM's alone
    np.testing.assert_array_equal(one["rnn_h"], other["rnn_h"])
    assert list(one) == [name for name, _, _ in SERIES]


def test_explorer_starts_at_keras_defaults():
    explorer = gru_flow_explorer()
    controls = {c["name"]: c["values"] for c in explorer.data["controls"]}
    at = {name: controls[name][k] for name, k in explorer.selection.items()}
    assert at == {"update": 0.0, "forget": 1.0, "length": 100}
    assert controls["update"] == list(UPDATE_BIASES) == [float(b) for b in range(-2, 7)]
    assert controls["length"] == list(range(10, 101, 10))
    moved = gru_flow_explorer(update_bias=5.8, forget_bias=-7, length=12).selection
    assert moved == {"update": 8, "forget": 0, "length": 0}  # the nearest grid values
    far = gru_flow_explorer(update_bias=1e308, forget_bias=-1e308, length=10**20).selection
    assert far == {"update": 8, "forget": 0, "length": 9}  # the ends, not the first value


def test_explorer_stores_each_series_over_what_it_depends_on():
    arrays = gru_flow_explorer().data["arrays"]
    dims = {name: array["dims"] for name, array in arrays.items()}
    assert dims == {
        "gru_h": ["update", "length"],
        "gru_direct": ["update", "length"],
        "lstm_c": ["forget", "length"],
        "lstm_h": ["forget", "length"],
        "rnn_h": ["length"],
        "most": ["update", "forget", "length"],
        "together": ["update", "forget", "length"],  # which lines are drawn as one
    }
    grid = _gru_flow_grid()
    assert grid is _gru_flow_grid()  # once per process
    assert not any(values.flags.writeable for values in grid.values())


def test_explorer_curves_are_the_single_setting_curves():
    explorer = gru_flow_explorer()
    controls = {c["name"]: c["values"] for c in explorer.data["controls"]}
    for iz in (0, 2, len(UPDATE_BIASES) - 1):
        for jf in (0, 3, len(controls["forget"]) - 1):
            for li in (0, 4, len(controls["length"]) - 1):
                T = controls["length"][li]
                expected = gru_flow_curves(controls["update"][iz], controls["forget"][jf], T)
                sel = {"update": iz, "forget": jf, "length": li}
                for name, curve in expected.items():
                    got = grid_at(explorer.data["arrays"][name], sel)
                    np.testing.assert_array_equal(got[: T + 1], curve.astype(np.float32))
                    assert np.all(np.isnan(got[T + 1 :]))


def test_readout_at_the_start():
    explorer = gru_flow_explorer()
    curves = gru_flow_curves(0.0, 1.0, 100)
    text = readout(explorer.data, explorer.selection)
    for name in ("gru_h", "gru_direct", "lstm_c", "lstm_h", "rnn_h"):
        assert format_pow10(float(np.float32(curves[name][0]))) in text[0], name
    assert text[0].endswith(  # the same paragraph
        ". Of the four states, the most gradient reaches step 0 through the LSTM's cell state."
    )
    at_6 = readout(explorer.data, {"update": 8, "forget": 0, "length": 9})
    assert at_6[0].endswith("through the GRU's state.")


def test_most_names_every_state_level_with_the_most():
    def most(rnn, c, h, gru):
        values = {"rnn_h": rnn, "lstm_c": c, "lstm_h": h, "gru_h": gru}
        return PHRASES[int(most_at_start(values))]

    assert most(-9.0, -7.0, -8.0, -20.0).endswith("through the LSTM's cell state.")
    level = most(-3.0, -3.0 + np.log10(1.04), -8.0, -3.0 + np.log10(1.05))
    assert "vanilla RNN's state, the LSTM's cell state and the GRU's state, level" in level
    assert most(-3.0, -3.2, -9, -3.0 - np.log10(1.07)).endswith("the vanilla RNN's state.")
    assert most(-np.inf, -np.inf, -np.inf, -np.inf).startswith("No gradient at all")
    assert most(-np.inf, -np.inf, -400.0, -np.inf).endswith("the LSTM's hidden state.")
    assert most(0.0, 0.0, 0.0, 0.0).startswith("All four states")
    both = most(np.inf, np.inf, 2.0, -1.0)
    assert both.endswith(
        "the LSTM's cell state, level with each other (each within 6 % of another)."
    )
    tie = most(-5.0, -5.0, -9.0, -9.0)  # an exact tie: both, never the first alone
    assert "vanilla RNN's state and the LSTM's cell state, level" in tie


def test_most_is_honest_at_every_position():
    """The phrase names the most and every state within a factor 1.06 of one it names; every
    state left out is further from each named one, and is shown as a different number."""
    data = gru_flow_explorer().data
    arrays = data["arrays"]
    for selection in positions(data):
        mask = int(grid_at(arrays["most"], selection))
        starts = [float(grid_at(arrays[name], selection)[0]) for name, _ in PATHS]
        named = [v for j, v in enumerate(starts) if mask >> j & 1]
        assert max(starts) in named, selection
        for j, value in enumerate(starts):
            if not mask >> j & 1:
                assert all(value < v - TIE for v in named), (selection, PATHS[j][0])
                shown = {format_pow10(v) for v in named}
                assert format_pow10(value) not in shown, selection


def test_a_state_level_with_a_named_one_is_named_too():
    """9.40e-4 is within 6 % of 9.449e-4, which is within 6 % of 1e-3: all three read alike."""
    values = {
        "rnn_h": np.log10(9.449e-4),
        "lstm_c": np.log10(1e-3),
        "lstm_h": -30.0,
        "gru_h": np.log10(9.400e-4),
    }
    assert most_at_start(values) == 1 + 2 + 8  # the RNN, the LSTM's cell and the GRU


def test_a_nan_is_refused():
    values = {name: np.float64(-1.0) for name, _ in PATHS} | {"gru_h": np.float64("nan")}
    with pytest.raises(ValueError, match=r"values: expected log10 norms .* got NaN"):
        most_at_start(values)


def test_arguments_are_checked_by_name():
    with pytest.raises(ValueError, match=r"update_bias: expected a finite number, got nan"):
        gru_flow_curves(float("nan"), 1.0, 10)
    with pytest.raises(ValueError, match=r"forget_bias: expected a finite number, got inf"):
        gru_flow_curves(0.0, float("inf"), 10)
    with pytest.raises(ValueError, match=r"length: expected a value >= 1, got 0"):
        gru_flow_curves(0.0, 1.0, 0)
    with pytest.raises(ValueError, match=r"seed: expected a value >= 0, got -1"):
        gru_flow_curves(0.0, 1.0, 10, seed=-1)
    with pytest.raises((ValueError, TypeError), match=r"update_bias: expected .* got"):
        gru_flow_explorer(update_bias="high")
    with pytest.raises(ValueError, match=r"forget_bias: expected a finite number, got nan"):
        gru_flow_explorer(forget_bias=float("nan"))
    with pytest.raises((ValueError, TypeError), match=r"length: expected .* got"):
        gru_flow_explorer(length=None)
