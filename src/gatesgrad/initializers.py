"""Random weights for the RNN, the LSTM and the GRU: Keras' Glorot-uniform and orthogonal
initialisers, and a Gaussian with variance 1/fan-in.

Shapes are given as Keras stores them (kernel (D, units), recurrent kernel (H, units));
the RNN transposes to its column layout.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_choice, as_int, as_rng

INITS = ("keras", "gaussian")


def _as_shape(shape: object) -> tuple[int, int]:
    """`shape` as two sizes >= 1 (a zero size would divide by zero in the scales below)."""
    if not isinstance(shape, tuple | list) or len(shape) != 2:
        raise TypeError(f"shape: expected two sizes (rows, columns), got {shape!r}")
    return tuple(as_int(n, "shape[]", minimum=1) for n in shape)


def glorot_uniform(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """U(−l, l) with l = √(6 / (fan_in + fan_out)), fans = `shape` (keras GlorotUniform)."""
    shape = _as_shape(shape)
    limit = np.sqrt(6.0 / (shape[0] + shape[1]))
    return rng.uniform(-limit, limit, size=shape)


def orthogonal(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """A matrix with orthonormal rows or columns, whichever are fewer (keras Orthogonal)."""
    rows, cols = _as_shape(shape)
    q, r = np.linalg.qr(rng.normal(size=(max(rows, cols), min(rows, cols))))
    q = q * np.sign(np.diag(r))  # a unique, uniformly distributed Q
    return q.T if rows < cols else q


def gaussian(rng: np.random.Generator, shape: tuple[int, int], fan_in: int) -> np.ndarray:
    """N(0, 1/fan_in) entries."""
    shape, fan_in = _as_shape(shape), as_int(fan_in, "fan_in", minimum=1)
    return rng.normal(0.0, 1.0 / np.sqrt(fan_in), size=shape)


def stacked_kernels(
    rng: np.random.Generator, input_size: int, hidden_size: int, blocks: int, init: str
) -> tuple[np.ndarray, np.ndarray]:
    """A gated layer's kernel (D, blocks·H) and recurrent kernel (H, blocks·H): Keras' Glorot
    uniform and orthogonal (orthonormal rows) for `init="keras"`, N(0, 1/fan-in) for
    `init="gaussian"`."""
    D, H = input_size, hidden_size
    if as_choice(init, "init", INITS) == "keras":
        return glorot_uniform(rng, (D, blocks * H)), orthogonal(rng, (H, blocks * H))
    return gaussian(rng, (D, blocks * H), fan_in=D), gaussian(rng, (H, blocks * H), fan_in=H)


def chrono_bias(rng: np.random.Generator | int, hidden_size: int, max_lag: int) -> np.ndarray:
    """An LSTM bias (4H,) in the order i, f, g, o by the chrono initialisation of Tallec and
    Ollivier (2018): b_f = log u with u ~ U(1, max_lag − 1) for each unit, b_i = −b_f, and 0
    for g and o. Where its other inputs are 0, a unit's forget gate is σ(b_f) = u / (1 + u),
    a memory of about 1/(1 − σ(b_f)) = 1 + u steps: the units spread over lags from 2 to
    `max_lag`."""
    H = as_int(hidden_size, "hidden_size", minimum=1)
    T_max = as_int(max_lag, "max_lag", minimum=3)  # U(1, T_max − 1) needs T_max − 1 > 1
    b_f = np.log(as_rng(rng).uniform(1.0, T_max - 1.0, size=H))
    return np.concatenate([-b_f, b_f, np.zeros(H), np.zeros(H)])
