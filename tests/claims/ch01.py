"""Chapter 1's numbers: what its prose says of each."""

from __future__ import annotations

import numpy as np

import gatesgrad as gg
from tests.claims.spec import above, approx, equals


def pulse_trace(radius: float, T: int = 40, pulse_at: int = 5) -> np.ndarray:
    """‖h_t − h̃_t‖ / ‖h_5 − h̃_5‖ for t = 5 … T, by a forward loop written here."""
    net = gg.init_rnn(1, 16, rng=1, spectral_radius=radius)
    h_pulse, h_quiet, trace = np.zeros(16), np.zeros(16), []
    for t in range(1, T + 1):
        x_t = np.array([1.0 if t == pulse_at else 0.0])
        h_pulse = np.tanh(net.W_hh @ h_pulse + net.W_xh @ x_t + net.b_h)
        h_quiet = np.tanh(net.W_hh @ h_quiet + net.b_h)
        if t >= pulse_at:
            trace.append(np.linalg.norm(h_pulse - h_quiet))
    return np.array(trace) / trace[0]


def first_below(trace: np.ndarray, fraction: float) -> int:
    return int(next(k for k, v in enumerate(trace) if v < fraction))


def linear_unit_h(T: int, w_hh: float = 0.8, w_xh: float = 2.0) -> float:
    """h_T of the one-unit linear RNN h_t = w_hh h_{t−1} + w_xh x_t on x_1 = 1, then zeros."""
    h = 0.0
    for t in range(1, T + 1):
        h = w_hh * h + w_xh * (1.0 if t == 1 else 0.0)
    return h


CLAIMS = {
    # H·D + H² + H with D = 2, H = 4
    "ch1_n_weights": equals(4 * 2 + 4 * 4 + 4),
    # P·H + P with P = 1 output, H = 4
    "ch1_readout_weights": equals(1 * 4 + 1),
    # H·D + H² + H with D = 300, H = 128
    "ch1_ex_weights": equals(128 * 300 + 128**2 + 128),
    "ch1_steps_1pct": equals(lambda: first_below(pulse_trace(0.9), 0.01)),
    # "never fades": at T = 40 the trace is still above its first size
    "ch1_big_ratio": approx(lambda: pulse_trace(1.5)[-1], rel=1e-9) & above(1.0),
    # checked exercises: the count H·D + H² + H for D = 300, H = 128, and h_10 of the one-unit
    # linear RNN (W_hh = 0.8, W_xh = 2) after a pulse x_1 = 1, by stepping it
    "ch1_check_weights": equals(128 * 300 + 128**2 + 128),
    "ch1_check_pulse": approx(linear_unit_h(10), rel=1e-12),
}
