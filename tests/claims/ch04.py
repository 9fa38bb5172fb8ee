"""Chapter 4's numbers: what its prose says of each.

The LSTM's states are recomputed here with a plain numpy loop over the Keras-layout storage,
independently of `gg.lstm_forward`.
"""

from __future__ import annotations

from functools import cache

import numpy as np

import gatesgrad as gg
from tests.claims.reference import LSTMStates, Weights, lstm_states
from tests.claims.spec import above, approx, below, equals

D, H = 3, 4  # the chapter's layer


@cache
def states() -> LSTMStates:
    """c_0 … c_T and h_0 … h_T of the chapter's LSTM on its 40-step sequence."""
    p = gg.init_lstm(D, H, rng=0)
    xs = 2 * np.random.default_rng(1).normal(size=(40, D))
    return lstm_states(p, xs)


def settled_c(steps: int = 400) -> float:
    """c_T of one unit with zero weights and biases (b_i, b_f, b_g, b_o) = (0, 2, 1, 0), from
    c_0 = 0, by the plain loop; after 400 steps σ(2)^T is below 1e−21, so c_T is c_∞."""
    unit = Weights(np.zeros((1, 4)), np.zeros((1, 4)), np.array([0.0, 2.0, 1.0, 0.0]))
    return float(lstm_states(unit, np.zeros((steps, 1))).c[-1, 0])


CLAIMS = {
    # "4(HD + H² + H) weights against HD + H² + H"
    "ch4_n_lstm": equals(4 * (H * D + H * H + H)),
    "ch4_n_rnn": equals(H * D + H * H + H),
    # "h_t always stays inside (−1, 1): here its largest size is …"
    "ch4_max_h": approx(lambda: float(np.abs(states().h).max()), rel=1e-9) & below(1.0),
    # "the cell state has no such limit … here it reaches …" (the prose says it crosses ±1)
    "ch4_max_c": approx(lambda: float(np.abs(states().c).max()), rel=1e-9) & above(1.0),
    # checked exercises: 4(HD + H² + H) for D = 300, H = 128, and the settled cell state
    "ch4_check_weights": equals(4 * (128 * 300 + 128**2 + 128)),
    "ch4_check_c_limit": approx(settled_c, rel=1e-9) & above(1.0),
}
