"""Chapter 2's numbers: what its prose says of each."""

from __future__ import annotations

from functools import cache

import numpy as np

import gatesgrad as gg
from tests.claims.spec import above, approx, below


def forward_example():
    """The chapter's 60-step example (T, D, H = 60, 3, 16), run forward by a loop written here."""
    T, D, H = 60, 3, 16
    net = gg.init_rnn(D, H, rng=2)
    xs = np.random.default_rng(3).normal(size=(T, D))
    W_hy = np.random.default_rng(4).normal(0, 1 / 4, size=(1, H))
    hs, as_ = [np.zeros(H)], []
    for x_t in xs:
        as_.append(net.W_hh @ hs[-1] + net.W_xh @ x_t + net.b_h)
        hs.append(np.tanh(as_[-1]))
    return T, H, net, W_hy, hs, as_


@cache
def long_sequence_terms() -> tuple[np.ndarray, np.ndarray]:
    """The chapter's 60-step example, by a BPTT loop written here (not the package's).

    Returns ‖δa_t h_{t−1}ᵀ‖ (each step's term of ∂L/∂W_hh) and ‖∂L/∂x_t‖ for t = 1 … T.
    """
    T, H, net, W_hy, hs, as_ = forward_example()
    delta_h = W_hy.T @ (W_hy @ hs[-1] - 1.0)  # δh_T = W_hyᵀ(y_T − y*), y* = 1
    terms, inputs = np.empty(T), np.empty(T)
    for t in range(T, 0, -1):
        delta_a = delta_h * (1 - np.tanh(as_[t - 1]) ** 2)
        terms[t - 1] = np.linalg.norm(np.outer(delta_a, hs[t - 1]))
        inputs[t - 1] = np.linalg.norm(net.W_xh.T @ delta_a)
        delta_h = net.W_hh.T @ delta_a
    return terms, inputs


@cache
def truncated_errors() -> dict[int, float]:
    """max|ΔdW_hh| / max|dW_hh| of BPTT cut after k steps back, same example, own loop."""
    T, H, net, W_hy, hs, as_ = forward_example()
    delta_h = W_hy.T @ (W_hy @ hs[-1] - 1.0)
    partial, dW = {}, np.zeros((H, H))
    for steps_back, t in enumerate(range(T, 0, -1), start=1):
        delta_a = delta_h * (1 - np.tanh(as_[t - 1]) ** 2)
        dW = dW + np.outer(delta_a, hs[t - 1])
        partial[steps_back] = dW
        delta_h = net.W_hh.T @ delta_a
    full = partial[T]
    scale = lambda k: max(np.abs(partial[k]).max(), np.abs(full).max())  # noqa: E731
    return {k: float(np.abs(partial[k] - full).max() / scale(k)) for k in (5, 20)}


def unit_gradients(w: float = 0.9, v: float = 2.0, T: int = 5) -> tuple[float, float]:
    """∂L/∂h_0 and ∂L/∂W_hh of the exercises' one-unit linear RNN (W_xh = 1, read-out W_hy = v,
    y* = 1, x_1 = 1 then zeros), by a forward and a backward loop written here."""
    hs = [0.0]
    for t in range(1, T + 1):
        hs.append(w * hs[-1] + (1.0 if t == 1 else 0.0))
    delta_h, dW = v * (v * hs[-1] - 1.0), 0.0  # δh_T = W_hy (y_T − y*)
    for t in range(T, 0, -1):
        dW += delta_h * hs[t - 1]  # δa_t h_{t−1}, φ' = 1
        delta_h *= w  # δh_{t−1} = W_hh δa_t
    return delta_h, dW


CLAIMS = {
    # finite differences agree with BPTT up to rounding: small, but not exactly zero
    "ch2_fd_error": below(1e-7) & above(0.0),
    "ch2_last10_share": approx(
        lambda: 100 * long_sequence_terms()[0][-10:].sum() / long_sequence_terms()[0].sum(),
        rel=1e-9,
    ),
    # "a noticeable part" at k = 5, "almost nothing" at k = 20
    "ch2_truncated_error_k5": approx(lambda: truncated_errors()[5], rel=1e-9) & above(0.01),
    "ch2_truncated_error_k20": approx(lambda: truncated_errors()[20], rel=1e-9) & below(1e-3),
    "ch2_input_ratio": approx(
        lambda: long_sequence_terms()[1][0] / long_sequence_terms()[1][-1], rel=1e-9
    ),
    # checked exercises: the one-unit linear RNN's gradients, by the loops above
    "ch2_check_dL_dh0": approx(unit_gradients()[0], rel=1e-12),
    "ch2_check_dW_hh": approx(unit_gradients()[1], rel=1e-12),
}
