"""Chapter 5's numbers: what its prose says of each.

Gate values and half-lives come from the formulas σ(b) = 1 / (1 + e^{−b}) and
k_{1/2} = ln 2 / −ln σ(b); the one-unit run of the last exercise is recomputed by the plain
loop over the Keras-layout storage (`reference.lstm_states`), independently of
`gg.lstm_forward`.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

import gatesgrad as gg
from tests.claims.reference import logistic as sigma
from tests.claims.reference import lstm_states
from tests.claims.spec import approx, below


def half_life(b: float) -> float:
    return math.log(2) / -math.log(sigma(b))


@cache
def one_unit() -> dict[str, object]:
    """The exercise's cell: H = D = 1, forget bias 2, zero input for 30 steps from c_0 = 1."""
    p = gg.init_lstm(1, 1, rng=3, forget_bias=2.0)
    run = lstm_states(p, np.zeros((30, 1)), c0=1.0)
    return {
        "c": [float(c) for c in run.c[:, 0]],
        "f": [float(f) for f in run.f[:, 0]],
        "W_hg": float(p.recurrent_kernel[0, 2]),  # H = 1: one weight on h_{t−1} per block
        "b": [float(v) for v in p.bias],
    }


def rho() -> float:
    """σ(b_f) + σ(b_i)σ(b_o)W_hg: the small-memory rate of the exercise's cell."""
    b_i, b_f, _, b_o = one_unit()["b"]
    return sigma(b_f) + sigma(b_i) * sigma(b_o) * one_unit()["W_hg"]


CLAIMS = {
    # "a bias of b gives f = σ(b) and a half-life of ln 2 / −ln σ(b) steps"
    **{f"ch5_f_{b}": approx(sigma(b), rel=1e-12) for b in (0, 1, 2, 4)},
    **{f"ch5_half_life_{b}": approx(half_life(b), rel=1e-12) for b in (0, 1, 2, 4)},
    # exercise "One unit, many steps": the cell against σ(2)^t
    "ch5_steps_c_10": approx(lambda: one_unit()["c"][10], rel=1e-9),
    "ch5_steps_f_10": approx(sigma(2) ** 10, rel=1e-12),
    "ch5_steps_diff": approx(
        lambda: max(abs(c - sigma(2) ** t) for t, c in enumerate(one_unit()["c"])), rel=1e-9
    ),
    # "f_t stays within … of σ(2)": the forget gate barely moves (a tenth of the gap above)
    "ch5_steps_f_moves": approx(lambda: max(abs(f - sigma(2)) for f in one_unit()["f"]), rel=1e-9)
    & below(0.01),
    "ch5_steps_W_hg": approx(lambda: one_unit()["W_hg"], rel=1e-12) & below(0.0),
    "ch5_steps_rho": approx(rho, rel=1e-12),
    # "the run's last ratio c_30 / c_29 is …": the linearisation holds to four digits
    "ch5_steps_ratio": approx(rho, rel=1e-4),
    "ch5_steps_half_life": approx(lambda: math.log(2) / -math.log(rho()), rel=1e-12),
    # checked exercises: b_f = σ⁻¹(0.9^{1/100}), and the small-memory rate ρ of the one-unit cell
    "ch5_check_b_90": approx(-math.log(0.9 ** (-1 / 100) - 1), rel=1e-12),
    "ch5_check_rho": approx(rho, rel=1e-12),
}
