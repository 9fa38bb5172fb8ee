"""Long-lag tasks: data whose answer depends on inputs far in the past.

The adding problem (Hochreiter & Schmidhuber 1997, experiment 4; in the form of Le et al.
2015 and Arjovsky et al. 2016): each step carries a value in U[0, 1] and a marker; two
steps are marked, one in each half, and the target is the sum of their values.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_int, as_rng

ADDING_BASELINE_MSE = 1 / 6  # predicting 1 always: Var(U + V) for U, V ~ U[0, 1]


def adding_problem(
    n: int, length: int, *, rng: np.random.Generator | int
) -> tuple[np.ndarray, np.ndarray]:
    """`n` sequences of the adding problem: inputs (n, T, 2) = (value, marker), targets (n,)."""
    n = as_int(n, "n", minimum=1)
    T = as_int(length, "length", minimum=2)
    rng = as_rng(rng)
    values = rng.uniform(0.0, 1.0, size=(n, T))
    first = rng.integers(0, T // 2, size=n)  # one marker in each half
    second = rng.integers(T // 2, T, size=n)
    markers = np.zeros((n, T))
    rows = np.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    x = np.stack([values, markers], axis=-1)
    y = values[rows, first] + values[rows, second]
    return x, y


def constant_prediction_mse(y: np.ndarray, guess: float = 1.0) -> float:
    """The mean squared error of always predicting `guess` (1 for the adding problem)."""
    y = np.asarray(y, dtype=float)
    return float(np.mean((y - guess) ** 2))
