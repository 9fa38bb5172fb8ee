"""Chapter 9's numbers: what its prose says of each, as Specs.

Expected values come from outside the chapter's code where that is possible: machine
epsilons, σ(1), an orthogonal matrix's norm, the adding problem's test targets regenerated
from the chapter's seed, and the hard-sigmoid LSTMs recomputed here in plain numpy (no Keras).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

import gatesgrad as gg
from gatesgrad.tasks import adding_problem
from tests.claims.reference import logistic, lstm_states
from tests.claims.spec import above, approx, below, equals, glued_value

EPS32 = float(np.finfo(np.float32).eps)  # 2^-23
EPS64 = float(np.finfo(np.float64).eps)  # 2^-52
T = 50  # the chapter's sequence length for the adding problem


def keras3_hard_sigmoid(z: np.ndarray) -> np.ndarray:
    return np.clip(z / 6 + 0.5, 0.0, 1.0)  # relu6(z + 3) / 6


def keras2_hard_sigmoid(z: np.ndarray) -> np.ndarray:
    return np.clip(0.2 * z + 0.5, 0.0, 1.0)


def lstm_outputs(gate_fn) -> np.ndarray:
    """h_1 … h_T of the chapter's LSTM (init_lstm(3, 8, rng=0)) on its 50 steps (rng 1),
    with `gate_fn` for i, f and o: a plain loop over Keras' storage, independent of Keras."""
    params = gg.init_lstm(input_size=3, hidden_size=8, rng=0)
    xs = np.random.default_rng(1).normal(size=(50, 3))
    return lstm_states(params, xs, gate_fn).h[1:]


@cache
def hard_sigmoid_shift(name: str) -> float:
    gate_fn = {"keras3": keras3_hard_sigmoid, "keras2": keras2_hard_sigmoid}[name]
    return float(np.abs(lstm_outputs(gate_fn) - lstm_outputs(logistic)).max())


@cache
def constant_mse() -> float:
    """Always predicting 1 on the chapter's test set (1,000 sequences, T = 50, seed 1)."""
    _, y = adding_problem(1_000, T, rng=1)
    return float(np.mean((y - 1.0) ** 2))


# (y − 1)² for y = U + V has mean 1/6 and variance E[(y−1)^4] − 1/36 = 1/15 − 1/36 = 7/180.
STANDARD_ERROR_1000 = math.sqrt(7 / 180 / 1_000)
SIGMA_1 = logistic(1.0)
# Where each hard sigmoid is furthest from the logistic: Keras 2's at its corner |z| = 2.5;
# Keras 3's inside its linear part, where σ'(z) = σ(1 − σ) = 1/6, i.e. σ = (1 + √(1/3))/2.
Z_KERAS3 = math.log((1 + math.sqrt(1 / 3)) / (1 - math.sqrt(1 / 3)))
GAP_KERAS3 = logistic(Z_KERAS3) - (Z_KERAS3 / 6 + 0.5)
GAP_KERAS2 = 1 - logistic(2.5)


@cache
def gate_z_max() -> float:
    """The largest |z| of the i, f, o pre-activations in the chapter's LSTM on its 50 steps."""
    params = gg.init_lstm(input_size=3, hidden_size=8, rng=0)
    xs = np.random.default_rng(1).normal(size=(50, 3))
    hs = lstm_states(params, xs, logistic).h
    H = 8
    z = xs @ params.kernel + hs[:-1] @ params.recurrent_kernel + params.bias
    return float(np.abs(np.delete(z, np.s_[2 * H : 3 * H], axis=1)).max())


CLAIMS = {
    # "a few times float32's machine epsilon" / "within float64's"
    "ch9_eps32": equals(EPS32),
    "ch9_eps64": equals(EPS64),
    "ch9_diff_float32_h": above(EPS32 / 10) & below(10 * EPS32),
    "ch9_diff_float32_c": above(EPS32 / 10) & below(10 * EPS32),
    "ch9_diff_float64_h": below(10 * EPS64),
    "ch9_diff_float64_c": below(10 * EPS64),
    # the fresh LSTM(4): all H = 4 entries of its forget block are 1
    "ch9_forget_bias_ones": equals(4),
    # peepholes: p_i, p_f, p_o of H = 8 entries each, next to Keras' 4H(D + H + 1) for D = 3
    "ch9_peephole_weights": equals(3 * 8),
    "ch9_lstm_weights": equals(4 * 8 * (3 + 8 + 1)),
    # "the old hard sigmoid moves the outputs by up to …": recomputed in numpy
    "ch9_hard_keras2": approx(lambda: hard_sigmoid_shift("keras2"), rel=1e-3, abs=1e-5),
    "ch9_hard_keras3": approx(lambda: hard_sigmoid_shift("keras3"), rel=1e-3, abs=1e-5),
    # where the hard sigmoids differ most from the logistic (exercise), from the formulas
    "ch9_gap_keras2": approx(GAP_KERAS2, rel=1e-6),
    "ch9_gap_at_keras2": approx(2.5, abs=1e-3),
    "ch9_gap_keras3": approx(GAP_KERAS3, rel=1e-6),
    "ch9_gap_at_keras3": approx(Z_KERAS3, abs=1e-3),
    # "no gate pre-activation goes beyond …, short of both corners" (2.5 and 3)
    "ch9_gate_z_max": approx(gate_z_max, rel=1e-6) & below(2.5),
    # five more draws: the RNN's ratio spans more than a factor 10 and exceeds a hundredth in
    # some; the LSTM's is the smaller in every draw
    "ch9_draws_rnn_max": above(0.01) & above(lambda: 10 * glued_value("ch9_draws_rnn_min")()),
    "ch9_draws_rnn_min": below(lambda: glued_value("ch9_draws_rnn_max")() / 10),
    "ch9_draws_lstm_lower": equals(5),
    # at initialisation: "neither hears the early inputs well, and the LSTM hears them less"
    "ch9_init_ratio_rnn": below(0.01),  # "less than a hundredth … in both"
    "ch9_init_ratio_lstm": below(glued_value("ch9_init_ratio_rnn")),
    "ch9_init_per_step_rnn": approx(
        lambda: glued_value("ch9_init_ratio_rnn")() ** (1 / (T - 1)), rel=1e-9
    ),
    "ch9_init_per_step_lstm": approx(
        lambda: glued_value("ch9_init_ratio_lstm")() ** (1 / (T - 1)), rel=1e-9
    ),
    # an orthogonal recurrent matrix: largest singular value 1
    "ch9_rnn_norm": approx(1.0, rel=1e-6),
    # "nearly linear": average slope of tanh above 0.85; on standard-normal inputs, lower
    "ch9_rnn_slope": above(0.85) & below(1.0),
    "ch9_rnn_slope_normal": below(glued_value("ch9_rnn_slope")),
    "ch9_sigma_1": approx(SIGMA_1, rel=1e-12),
    # "on average …, within 0.01 of σ(1)"
    "ch9_lstm_forget": approx(SIGMA_1, abs=0.01),
    # after five epochs: the LSTM below 0.01; its first input gets more than the last one
    "ch9_trained_mse_lstm": below(0.01),
    "ch9_trained_ratio_lstm": above(1.0),
    # the test set's own constant-prediction error: the generator, and 1/6 ± 3 standard errors
    "ch9_constant_mse": approx(constant_mse, rel=1e-9) & approx(1 / 6, abs=3 * STANDARD_ERROR_1000),
    # "the SimpleRNN is within 0.01 of it", and "fades more than before training"
    "ch9_trained_mse_rnn": approx(constant_mse, abs=0.01),
    "ch9_trained_ratio_rnn": below(glued_value("ch9_init_ratio_rnn")),
    # global_clipnorm keeps the direction; clipnorm turns it
    "ch9_cos_global_clipnorm": approx(1.0, abs=1e-6),
    "ch9_cos_clipnorm": below(0.99),
    # checked exercises: Keras' LSTM(32) on D = 2 inputs holds 4H(D + H + 1) parameters; the
    # candidate's block of the kernel starts after blocks i and f, at column 2H = 16 for H = 8;
    # clipnorm = 1 on norms 3 and 4 gives u = (g₁/3, g₂/4), u·g = 3 + 4, ‖u‖ = √2, ‖g‖ = 5
    "ch9_check_lstm_params": equals(4 * 32 * (2 + 32 + 1)),
    "ch9_check_g_column": equals(2 * 8),
    "ch9_check_cos": approx(7 / (5 * math.sqrt(2)), rel=1e-12),
}
