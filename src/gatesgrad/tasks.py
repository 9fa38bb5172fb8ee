"""Long-lag tasks: data whose answer depends on inputs far in the past.

The adding problem in the form of Arjovsky et al. (2016), after Le et al. (2015): each of
T steps (T fixed) carries a value in U[0, 1] and a marker, 0 or 1; two steps are marked,
one in each half, and the target is the sum of their two values, scored by the mean
squared error. Always predicting 1 scores Var(U + V) = 1/6.

Hochreiter & Schmidhuber's (1997) original, their Experiment 4, differs: values in
U[-1, 1]; markers -1, 0 or 1, with the first and last steps marked -1; the first marked
value among the first 10 steps, the second among the first T/2 - 1; a random length in
[T, T + T/10]; target 0.5 + (X1 + X2)/4; a sequence counts as solved when the absolute
error is below 0.04. This module does not generate that form.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float, as_float_array, as_int, as_rng

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
    """The mean squared error of always predicting `guess` (1 for the adding problem);
    `y` (n,) holds the targets. inf if the error is beyond float64."""
    y = as_float_array(y, "y", ndim=1, nonempty=True)
    guess = as_float(guess, "guess")
    with np.errstate(over="ignore"):
        return float(np.mean((y - guess) ** 2))


def second_value_mse(x: np.ndarray, y: np.ndarray) -> float:
    """The mean squared error of predicting v₂ + 1/2 from the inputs x (n, T, 2) of the adding
    problem: remembering only the second marked value (markers 0 or 1, two in each row)."""
    x = as_float_array(x, "x", shape=(None, None, 2), nonempty=True)
    y = as_float_array(y, "y", shape=(x.shape[0],), sizes_from="x")
    markers = x[..., 1]
    if not np.all((markers == 0) | (markers == 1)):
        odd = np.unique(markers[(markers != 0) & (markers != 1)])
        raise ValueError(f"x: expected markers (x[..., 1]) 0 or 1, got {odd[:5].tolist()}")
    counts = (markers == 1).sum(axis=1)
    if not np.all(counts == 2):
        raise ValueError(
            "x: expected two markers (x[..., 1] == 1) in every sequence, got counts "
            f"{sorted(set(counts.tolist()))}"
        )
    v2 = x[..., 0][markers == 1].reshape(-1, 2)[:, 1]  # the two marked values, in order
    with np.errstate(over="ignore"):
        return float(np.mean((y - v2 - 0.5) ** 2))
