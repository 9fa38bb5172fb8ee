"""Chapter 11's numbers: the GRU beside the LSTM, and the gradient through it.

The GRU here is `reference.gru_states`, written gate by gate from Keras' weight layout, and
its step Jacobians are central finite differences of its step: nothing below calls
`gru_forward` or `gru_jacobians`. The parameter counts come from the formula per block; the
RNN's and LSTM's norms from chapter 8's plain products.
"""

from __future__ import annotations

import math
from functools import cache, reduce

import numpy as np

import gatesgrad as gg
from tests.claims.ch08 import inputs, lstm_norms, norms_at, rnn_norm
from tests.claims.reference import gru_states, gru_step, logistic
from tests.claims.spec import (
    above,
    approx,
    at_most,
    below,
    equals,
    glued_value,
    log10_approx,
    satisfies,
)

D, H, T = 4, 32, 100


def fd_jacobian(params: gg.GRUParams, x: np.ndarray, h: np.ndarray, eps: float = 1e-6):
    """∂h_t/∂h_{t−1} by central differences, column by column."""
    cols = [
        (gru_step(params, x, h + e)[0] - gru_step(params, x, h - e)[0]) / (2 * eps)
        for e in np.eye(len(h)) * eps
    ]
    return np.array(cols).T


@cache
def gru_norms(update_bias: float, length: int = T) -> dict[str, float]:
    """log10 ‖∂h_T/∂h_0‖ (every path) and log10 max_j ∏ z (the direct path), explorer's GRU."""
    params = gg.init_gru(D, H, rng=0, update_bias=update_bias)
    xs = inputs()[:length]
    hs, zs = gru_states(params, xs)
    P = reduce(lambda acc, t: fd_jacobian(params, xs[t], hs[t]) @ acc, range(length), np.eye(H))
    return {
        "full": math.log10(float(np.linalg.norm(P, 2))),
        "direct": float(np.log10(zs).sum(axis=0).max()),
    }


@cache
def formulations_differ() -> float:
    """max |h_after − h_before| over the chapter's sequence, both built from its weights."""
    rng = np.random.default_rng(1)
    params = gg.init_gru(3, 5, rng=0)
    bias = rng.normal(size=(2, 15))
    xs = rng.normal(size=(12, 3))
    after = gg.GRUParams(params.kernel, params.recurrent_kernel, bias)
    before = gg.GRUParams(
        params.kernel, params.recurrent_kernel, bias.sum(axis=0), reset_after=False
    )
    return float(np.abs(gru_states(after, xs).h - gru_states(before, xs).h).max())


def four_at(length: int) -> list[float]:
    """The four states' norms at t = 0 for the first `length` steps (b_z = 0, b_f = 1)."""
    earlier = norms_at(length)
    return [10 ** gru_norms(0.0, length)["full"], earlier["c"], earlier["h"], earlier["rnn"]]


def cell_and_rnn(length: int) -> list[float]:
    """The LSTM's cell's and the vanilla RNN's norms among `four_at(length)`."""
    return [four_at(length)[1], four_at(length)[3]]


def per_block(inputs_: int, units: int, bias_rows: int) -> int:
    return inputs_ * units + units * units + bias_rows * units


P_NEEDED = 0.1 ** (1 / 100)
B_NEEDED = math.log(P_NEEDED / (1 - P_NEEDED))

CLAIMS = {
    "ch11_keras_after_float32": below(1e-6),
    "ch11_keras_before_float32": below(1e-6),
    "ch11_keras_after_float64": at_most(16 * np.finfo(float).eps),  # "float64's rounding"
    "ch11_keras_before_float64": at_most(16 * np.finfo(float).eps),
    "ch11_formulations_differ": approx(formulations_differ, rel=1e-9) & above(0.01),
    "ch11_params_lstm": equals(4 * per_block(2, 32, 1)),
    "ch11_params_gru": equals(3 * per_block(2, 32, 2)),
    "ch11_params_gru_cho": equals(3 * per_block(2, 32, 1)),
    "ch11_chain_vs_bptt": below(1e-12),
    **{
        f"ch11_gru_full_{b}": log10_approx(lambda b=b: gru_norms(float(b))["full"], abs=1e-4)
        for b in (0, 1, 2, 4, 6)
    },
    **{
        f"ch11_gru_direct_{b}": log10_approx(lambda b=b: gru_norms(float(b))["direct"], abs=1e-9)
        for b in (0, 1, 2, 4, 6)
    },
    "ch11_half_100": approx(2.0**-100, rel=1e-15),
    "ch11_rnn": log10_approx(lambda: math.log10(rnn_norm("keras")), abs=1e-6),
    "ch11_lstm_c": log10_approx(lambda: math.log10(lstm_norms(1.0)["c"]), abs=1e-6),
    "ch11_lstm_c_0": log10_approx(lambda: math.log10(lstm_norms(0.0)["c"]), abs=1e-6),
    "ch11_ex_bias": satisfies(  # what the bias is for, not the chapter's formula again
        "σ(b)^100 = 0.1",
        lambda v: math.isclose(float(logistic(np.float64(v))) ** 100, 0.1, rel_tol=1e-9),
    ),
    "ch11_ex_bias_full": log10_approx(lambda: gru_norms(B_NEEDED)["full"], abs=1e-4),
    "ch11_ex_bias_direct": log10_approx(lambda: gru_norms(B_NEEDED)["direct"], abs=1e-9),
    # checked exercises: σ(b_z) = 0.1^{1/100}, so b_z = −ln(1/σ − 1) = −ln(0.1^{−1/100} − 1);
    # a unit held at z = σ(2) and h̃ = 1 from h₀ = 0 has 1 − h₁₀ = z^10 = (1 + e^{−2})^{−10}
    "ch11_check_update_bias": approx(-math.log(0.1 ** (-1 / 100) - 1), rel=1e-12),
    "ch11_check_h10": approx(1 - (1 + math.exp(-2)) ** -10, rel=1e-12),
}

# What the prose says of them.
CLAIMS["ch11_gru_full_0"] &= below(  # "the least of all four"
    lambda: min(rnn_norm("keras"), lstm_norms(1.0)["c"], lstm_norms(1.0)["h"])
)
CLAIMS["ch11_gru_direct_0"] &= log10_approx(-100 * math.log10(2), abs=1.0)  # "about ½^100"
CLAIMS["ch11_gru_full_0"] &= above(lambda: 1e5 * glued_value("ch11_gru_direct_0")())  # "many"
CLAIMS["ch11_gru_full_6"] &= at_most(1.0)
CLAIMS["ch11_lstm_c_0"] &= log10_approx(lambda: gru_norms(0.0)["full"], abs=1.0)  # "same order"
CLAIMS["ch11_gru_full_1"] &= below(lambda: lstm_norms(1.0)["c"] / 10)  # "yet", at b = 1
CLAIMS["ch11_least_10"] = log10_approx(lambda: math.log10(min(four_at(10))), abs=1e-6)
CLAIMS["ch11_most_10"] = approx(lambda: max(four_at(10)), rel=1e-6)
CLAIMS["ch11_lstm_c"] &= approx(lambda: max(four_at(100)), rel=1e-6)  # the most at T = 100
CLAIMS["ch11_lstm_h"] = log10_approx(lambda: math.log10(lstm_norms(1.0)["h"]), abs=1e-6)
CLAIMS["ch11_lstm_alone_1"] = log10_approx(lambda: math.log10(lstm_norms(1.0)["alone"]), abs=1e-9)
# "the two direct paths alone keep about as much" at b = 1: within a factor of two
CLAIMS["ch11_gru_direct_1"] &= log10_approx(
    lambda: math.log10(lstm_norms(1.0)["alone"]), abs=math.log10(2)
)
# "from b_z = 2 on, the readout names the GRU's state": above the other three (not within the
# readout's 6 % of them) at b_z = 2, 4 and 6, and at 3 and 5 (slider positions the prose does not
# quote) no less than at 2
for _b in (2, 4, 6):
    CLAIMS[f"ch11_gru_full_{_b}"] &= above(lambda: 1.06 * max(four_at(T)[1:]))
CLAIMS["ch11_gru_full_2"] &= at_most(lambda: min(10 ** gru_norms(float(b))["full"] for b in (3, 5)))
# T = 10: "the vanilla RNN's state and the LSTM's cell pass back almost the same, and the readout
# names both": the most is one of them, the other within 6 % of it, the GRU's state and the
# LSTM's h more than 6 % below it
CLAIMS["ch11_most_10"] &= (
    approx(lambda: max(cell_and_rnn(10)), rel=1e-6)
    & below(lambda: 1.06 * min(cell_and_rnn(10)))
    & above(lambda: 1.06 * max(four_at(10)[0], four_at(10)[2]))
)

# The GRU on the adding problem: it "learned the task" (below 0.01, as chapter 10's LSTM) and
# "broke away earlier, for both seeds", strictly before chapter 10's LSTM, within five epochs
for _seed in (0, 1):
    CLAIMS[f"ch11_gru_seed{_seed}"] = below(0.01)
    CLAIMS[f"ch11_gru_breakaway_seed{_seed}"] = satisfies(
        "an epoch from 1 to 5", lambda v: isinstance(v, int) and 1 <= v <= 5
    ) & below(glued_value(f"ch10_lstm_breakaway_seed{_seed}"))

# The GRU's gradient while it learns (chapter 10's probe sequences, every checkpoint)
_EARLIER = ("ch10_first_rnn0_0", "ch10_first_rnn1_0", "ch10_first_lstm0_0", "ch10_first_lstm1_0")
for _seed in (0, 1):
    # "less than the SimpleRNNs and the LSTMs with the forget bias" before training
    CLAIMS[f"ch11_first_gru{_seed}_0"] = below(lambda: min(glued_value(key)() for key in _EARLIER))
    CLAIMS[f"ch11_reach_gru{_seed}_0"] = below(1e-10) & above(0.0)
    # the update gate: "near ½" at the start (σ(0), Keras' zero bias), "near 1" between the
    # markers after one epoch (the summary), "lower at the markers themselves"
    CLAIMS[f"ch11_between_gru{_seed}_0"] = approx(0.5, abs=0.05)
    CLAIMS[f"ch11_between_gru{_seed}_1"] = above(0.9) & at_most(1.0)
    CLAIMS[f"ch11_marks_gru{_seed}_1"] = below(glued_value(f"ch11_between_gru{_seed}_1"))
    # "the same jump" as the LSTMs': above a thousandth at the first marker after epoch 1
    CLAIMS[f"ch11_first_gru{_seed}_1"] = above(1e-3)
# "more than … orders of magnitude more": the smaller gain of the two, from the glued values;
# the summary: "more than ten"
CLAIMS["ch11_jump_min"] = approx(
    lambda: min(
        math.log10(glued_value(f"ch11_first_gru{s}_1")() / glued_value(f"ch11_first_gru{s}_0")())
        for s in (0, 1)
    ),
    rel=1e-9,
) & above(10.0)
