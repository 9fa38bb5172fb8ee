"""Chapter 8's numbers: the LSTM's backward pass and the gradient along its cell.

The explorer's curves are renormalised products (`log10_chain_norms`); here the same norms
are recomputed as plain float64 matrix products, which is safe at these sizes (10^-40 to
10^3), and the RNN's Jacobians are built from its trace by hand.
"""

from __future__ import annotations

import math
from functools import cache, reduce

import numpy as np

import gatesgrad as gg
from tests.claims.reference import logistic as sigma
from tests.claims.spec import above, approx, at_most, below, log10_approx

D, H, T = 4, 32, 100


def inputs() -> np.ndarray:
    return np.random.default_rng(1).standard_normal((T, D))


def product_norm(jacobians: np.ndarray, rows: slice, cols: slice) -> float:
    """‖(J_T ⋯ J_1)[rows, cols]‖₂ as a plain product."""
    P = reduce(lambda acc, J: J @ acc, jacobians, np.eye(jacobians.shape[1]))
    return float(np.linalg.norm(P[rows, cols], 2))


@cache
def lstm_norms(forget_bias: float, init: str = "keras", held: float | None = None) -> dict:
    lstm = gg.init_lstm(D, H, rng=0, forget_bias=forget_bias, init=init)
    trace = gg.lstm_forward(lstm, inputs(), forget_gate=held)
    J = gg.lstm_jacobians(lstm, trace)
    h, c = slice(0, H), slice(H, 2 * H)
    return {
        "c": product_norm(J, c, c),
        "h": product_norm(J, h, h),
        "alone": float(np.prod(trace.f, axis=0).max()),
    }


@cache
def rnn_norm(init: str) -> float:
    radius = 1.0 if init == "gaussian" else None
    rnn = gg.init_rnn(D, H, rng=0, init=init, spectral_radius=radius)
    trace = gg.rnn_forward(rnn, inputs())
    J = (1 - trace.h[1:] ** 2)[:, :, None] * rnn.W_hh[None]  # diag(tanh'(a_t)) W_hh
    return product_norm(J, slice(None), slice(None))


def log10_of(value) -> float:
    return lambda: math.log10(value())


CLAIMS = {
    "ch8_backward_error": at_most(1e-12),
    "ch8_fd_error": below(1e-7),
    "ch8_jacobian_error": at_most(1e-13),
    "ch8_held_full": log10_approx(log10_of(lambda: lstm_norms(1.0, held=1.0)["c"]), abs=1e-9),
    # σ(b)^40 from the formula, and to the two digits the prose shows, worked by hand: ½^40 =
    # 9.1e-13, σ(1)^40 = 0.731^40 = 3.6e-6, σ(2)^40 = 0.881^40 = 6.2e-3 (jozefowicz2015's case)
    "ch8_sigma_0_40": approx(sigma(0) ** 40, rel=1e-12) & approx(9.1e-13, rel=0.01),
    "ch8_sigma_1_40": approx(sigma(1) ** 40, rel=1e-12) & approx(3.6e-6, rel=0.01),
    "ch8_sigma_2_40": approx(sigma(2) ** 40, rel=1e-12) & approx(6.2e-3, rel=0.01),
    **{
        f"ch8_c_full_{b}": log10_approx(log10_of(lambda b=b: lstm_norms(float(b))["c"]), abs=1e-6)
        for b in (0, 1, 2)
    },
    **{
        f"ch8_c_alone_{b}": log10_approx(
            log10_of(lambda b=b: lstm_norms(float(b))["alone"]), abs=1e-9
        )
        for b in (0, 1, 2)
    },
    "ch8_rnn_keras": log10_approx(log10_of(lambda: rnn_norm("keras")), abs=1e-6),
    "ch8_rnn_gauss": log10_approx(log10_of(lambda: rnn_norm("gaussian")), abs=1e-6),
    "ch8_lstm_h_keras": log10_approx(log10_of(lambda: lstm_norms(1.0)["h"]), abs=1e-6),
    "ch8_c_gauss_1": log10_approx(log10_of(lambda: lstm_norms(1.0, "gaussian")["c"]), abs=1e-6),
}


@cache
def rnn_mix(kernel: str, recurrent: str) -> tuple[float, float]:
    """‖∂h_T/∂h_0‖ and mean tanh' for an RNN built from one init's W_xh and another's W_hh."""
    pick = {
        "gauss": gg.init_rnn(D, H, rng=0, spectral_radius=1.0),
        "keras": gg.init_rnn(D, H, rng=0, init="keras"),
    }
    rnn = gg.RNNParams(pick[kernel].W_xh, pick[recurrent].W_hh, np.zeros(H))
    trace = gg.rnn_forward(rnn, inputs())
    slopes = 1 - trace.h[1:] ** 2
    J = slopes[:, :, None] * rnn.W_hh[None]
    return product_norm(J, slice(None), slice(None)), float(slopes.mean())


MIXES = {
    "gauss": ("gauss", "gauss"),
    "gauss_orth": ("gauss", "keras"),
    "glorot_gauss": ("keras", "gauss"),
    "keras": ("keras", "keras"),
}


@cache
def norms_at(length: int) -> dict[str, float]:
    """The four series at t = 0 over the first `length` steps (b_f = 1, Keras' weights)."""
    lstm = gg.init_lstm(D, H, rng=0, forget_bias=1.0)
    xs = inputs()[:length]
    trace = gg.lstm_forward(lstm, xs)
    J = gg.lstm_jacobians(lstm, trace)
    h, c = slice(0, H), slice(H, 2 * H)
    rnn = gg.init_rnn(D, H, rng=0, init="keras")
    r = gg.rnn_forward(rnn, xs)
    J_rnn = (1 - r.h[1:] ** 2)[:, :, None] * rnn.W_hh[None]
    return {
        "c": product_norm(J, c, c),
        "alone": float(np.prod(trace.f, axis=0).max()),
        "h": product_norm(J, h, h),
        "rnn": product_norm(J_rnn, slice(None), slice(None)),
    }


def spread(length: int) -> float:
    """Decades between the largest and smallest of the four series at t = 0 (b_f = 1)."""
    logs = [math.log10(v) for v in norms_at(length).values()]
    return max(logs) - min(logs)


CLAIMS.update(
    {
        **{
            f"ch8_rnn_{name}_norm": log10_approx(log10_of(lambda m=mix: rnn_mix(*m)[0]), abs=1e-6)
            for name, mix in MIXES.items()
        },
        **{
            f"ch8_rnn_{name}_slope": approx(lambda m=mix: rnn_mix(*m)[1], rel=1e-9)
            for name, mix in MIXES.items()
        },
        # decades gained by swapping in Keras' matrices, one at a time and then both
        **{
            f"ch8_gain_{name}": approx(
                lambda a=start, b=end: math.log10(rnn_mix(*MIXES[b])[0] / rnn_mix(*MIXES[a])[0]),
                abs=1e-6,
            )
            for name, (start, end) in {
                "glorot": ("gauss", "glorot_gauss"),
                "orth": ("gauss", "gauss_orth"),
                "orth_after_glorot": ("glorot_gauss", "keras"),
            }.items()
        },
        "ch8_spread_10": approx(lambda: spread(10), abs=1e-6),
        "ch8_spread_100": approx(lambda: spread(100), abs=1e-6),
        "ch8_c_full_4": log10_approx(log10_of(lambda: lstm_norms(4.0)["c"]), abs=1e-6) & above(1.0),
    }
)
# "the full gradient is at least ten thousand times larger" than the cell's own path alone
for _b in (0, 1, 2):
    CLAIMS[f"ch8_c_alone_{_b}"] = CLAIMS[f"ch8_c_alone_{_b}"] & at_most(
        lambda b=_b: 1e-4 * lstm_norms(float(b))["c"]
    )
# "at b_f = 0 the LSTM passes less gradient over 100 steps than the RNN"
CLAIMS["ch8_c_full_0"] = CLAIMS["ch8_c_full_0"] & below(lambda: rnn_norm("keras"))


@cache
def gaussian_singular_values() -> np.ndarray:
    W = gg.init_rnn(D, H, rng=0, spectral_radius=1.0).W_hh
    return np.linalg.svd(W, compute_uv=False)


@cache
def log10_flow(init: str, b_f: float) -> dict[str, float]:
    """log10 of the four series at t = 0, T = 100, recomputed as plain products."""
    n = lstm_norms(b_f, init)
    return {
        "lstm_c": math.log10(n["c"]),
        "carousel": math.log10(n["alone"]),
        "lstm_h": math.log10(n["h"]),
        "rnn_h": math.log10(rnn_norm(init)),
    }


def init_shift_lstm() -> float:
    keras, gauss = log10_flow("keras", 1.0), log10_flow("gaussian", 1.0)
    return max(abs(keras[k] - gauss[k]) for k in ("lstm_c", "carousel", "lstm_h"))


def exercise_bias() -> float:
    p = 0.1 ** (1 / 100)
    return math.log(p / (1 - p))


CLAIMS.update(
    {
        "ch8_c_alone_4": approx(lambda: lstm_norms(4.0)["alone"], rel=1e-9),
        # "at most … orders of magnitude" (the LSTM) and "falls by …" (the RNN)
        "ch8_init_shift_lstm": approx(init_shift_lstm, abs=1e-6) & below(1.0),
        "ch8_init_shift_rnn": approx(
            lambda: math.log10(rnn_norm("keras")) - math.log10(rnn_norm("gaussian")), abs=1e-6
        ),
        "ch8_gauss_norm2": approx(lambda: gaussian_singular_values()[0], rel=1e-12) & above(1.0),
        "ch8_gauss_smin": approx(lambda: gaussian_singular_values()[-1], rel=1e-9) & below(0.1),
        "ch8_ex_bias": approx(exercise_bias, rel=1e-12),
        # "more than enough": the full gradient with random weights is above 1
        "ch8_ex_bias_full": log10_approx(
            log10_of(lambda: lstm_norms(exercise_bias())["c"]), abs=1e-6
        )
        & above(1.0),
        "ch8_ex_bias_alone": approx(lambda: lstm_norms(exercise_bias())["alone"], rel=1e-9),
    }
)
# "make the gradient grow": the full gradient with the forget gate held at 1 is above 1
CLAIMS["ch8_held_full"] = CLAIMS["ch8_held_full"] & above(1.0)
# "The LSTM is ahead": both of its states pass more than the RNN at Keras' weights
for _key in ("ch8_c_full_1", "ch8_lstm_h_keras"):
    CLAIMS[_key] = CLAIMS[_key] & above(lambda: rnn_norm("keras"))
# "Most of the difference is the input matrix": swapping W_xh alone moves the RNN more than
# half of the way (in decades) from Part I's weights to Keras'
CLAIMS["ch8_rnn_glorot_gauss_norm"] = CLAIMS["ch8_rnn_glorot_gauss_norm"] & above(
    lambda: math.sqrt(rnn_mix("gauss", "gauss")[0] * rnn_mix("keras", "keras")[0])
)

# checked exercises: one entry of the Jacobian, ∂c_t/∂h_{t−1} = c_{t−1} σ′(0) + g_t σ′(0)
# + i_t (1 − g_t²) with c_{t−1} = 3, i_t = σ(0) = 1/2, g_t = tanh(1/2); the cell's own path of
# a zero-weight LSTM over 50 steps, σ(1)^50; the bias that keeps 10% over 100 steps,
# σ⁻¹(0.1^{1/100}) = −ln(0.1^{−1/100} − 1)
CLAIMS.update(
    {
        "ch8_check_dc_dh": approx(
            3 / 4 + math.tanh(0.5) / 4 + (1 - math.tanh(0.5) ** 2) / 2, rel=1e-12
        ),
        "ch8_check_cell_50": approx(sigma(1) ** 50, rel=1e-12),
        "ch8_check_b_10": approx(-math.log(0.1 ** (-1 / 100) - 1), rel=1e-12),
    }
)
