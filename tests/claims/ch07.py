"""Chapter 7's numbers: what its prose says of each.

The held memory is computed from the formulas: with all weights 0, b_f = 10, b_i = −10 and
b_g = 0, nothing is written, so c_5 = 2σ(10)^5, h_5 = σ(b_o) tanh(c_5) and
∂h_5/∂c_4 = σ(b_o)(1 − tanh² c_5)σ(10). The gate explorer's cell is recomputed from its
formulas: i = σ(x + h), f = σ(x + h + 1), g = tanh(x + h), o = σ(w(x + h) + b).
"""

from __future__ import annotations

import itertools
import math

from tests.claims.reference import logistic as sigma
from tests.claims.spec import approx, below

C_5 = 2 * sigma(10) ** 5  # the held memory after five steps


def cell(x: float, h: float, c: float, w: float, b: float) -> dict[str, float]:
    """The output-gate explorer's step."""
    s = x + h
    c_t = sigma(s + 1) * c + sigma(s) * math.tanh(s)
    o = sigma(w * s + b)
    return {"o": o, "c_t": c_t, "h": o * math.tanh(c_t), "tanh_c": math.tanh(c_t)}


SLIDERS = {
    "x": (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5),
    "h": (-0.9, -0.6, -0.3, 0.0, 0.3, 0.6, 0.9),
    "c": (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0),
    "w": (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0),
    "b": (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0),
}


def largest(name: str) -> float:
    """max |name| over every slider position."""
    return max(abs(cell(*setting)[name]) for setting in itertools.product(*SLIDERS.values()))


CLAIMS = {
    # "the cell still holds c = … after five steps, and shows only h = …"
    **{f"ch7_c_{b:+.0f}": approx(C_5, rel=1e-12) for b in (-6, 0, 6)},
    **{f"ch7_h_{b:+.0f}": approx(sigma(b) * math.tanh(C_5), rel=1e-9) for b in (-6, 0, 6)},
    # "… even the open gate passes a little less than the tanh leaves", 1 − tanh²(c_5)
    **{
        f"ch7_dh_dc_{b:+.0f}": approx(sigma(b) * (1 - math.tanh(C_5) ** 2) * sigma(10), rel=1e-9)
        & below(1 - math.tanh(C_5) ** 2)
        for b in (-6, 0, 6)
    },
    "ch7_tanh_prime": approx(1 - math.tanh(C_5) ** 2, rel=1e-9),
    # "the gates scale that by o_5 f_5 = σ(6)·σ(10) = 0.9975, below 1"
    "ch7_dh_dc_ratio": approx(sigma(6) * sigma(10), rel=1e-9) & below(1),
    # explorer, "things to try" (start: x = 0.5, h = 0)
    "ch7_try_o_-3": approx(sigma(-3), rel=1e-12),
    "ch7_try_o_+3": approx(sigma(3), rel=1e-12),
    "ch7_try_h_-3": approx(cell(0.5, 0.0, 3.0, 0.0, -3.0)["h"], rel=1e-9),
    "ch7_try_h_+3": approx(cell(0.5, 0.0, 3.0, 0.0, 3.0)["h"], rel=1e-9),
    "ch7_try_c": approx(cell(0.5, 0.0, 3.0, 0.0, 3.0)["c_t"], rel=1e-9),
    "ch7_try_tanh_c": approx(cell(0.5, 0.0, 3.0, 0.0, 3.0)["tanh_c"], rel=1e-9),
    "ch7_try_cue_h_-1.5": approx(cell(-1.5, 0.0, 3.0, 3.0, 0.0)["h"], rel=1e-9),
    "ch7_try_cue_h_+1.5": approx(cell(1.5, 0.0, 3.0, 3.0, 0.0)["h"], rel=1e-9),
    "ch7_try_cue_c_-1.5": approx(cell(-1.5, 0.0, 3.0, 3.0, 0.0)["c_t"], rel=1e-9),
    "ch7_try_cue_c_+1.5": approx(cell(1.5, 0.0, 3.0, 3.0, 0.0)["c_t"], rel=1e-9),
    "ch7_try_negative_h": approx(cell(0.5, 0.0, -3.0, 0.0, 3.0)["h"], rel=1e-9) & below(0.0),
    # "|h_t| stays below 1 … while |c_t| reaches …"
    "ch7_try_max_h": approx(lambda: largest("h"), rel=1e-9) & below(1.0),
    "ch7_try_max_c": approx(lambda: largest("c_t"), rel=1e-9),
    # checked exercises: ∂h_t/∂c_{t−1} = o_t (1 − tanh² c_t) f_t with c_t = f_t = σ(2),
    # o_t = σ(1); and the largest δz^o_t = tanh(c_t) max σ′ = tanh(2)/4 for c_t = 2, δh_t = 1
    "ch7_check_dh_dc": approx(sigma(1) * (1 - math.tanh(sigma(2)) ** 2) * sigma(2), rel=1e-12),
    "ch7_check_dz_o": approx(math.tanh(2) / 4, rel=1e-12),
}
