"""What the gradient explorers' grids share: the random inputs their networks read, a
forward run that blames an overflow on the spectral radius, and curves over every setting
and sequence length, computed from one run of the longest length."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._checks import as_rng
from ..rnn import RNNParams, RNNTrace, rnn_forward


def inputs(length: int, input_size: int, seed: int) -> np.ndarray:
    """The random inputs an explorer's networks read: standard normal values from the
    generator seeded `seed + 1`, (length, input_size)."""
    return as_rng(seed + 1, "seed").standard_normal((length, input_size))


def finite_run(params: RNNParams, xs: np.ndarray, name: str, radius: float) -> RNNTrace:
    """`rnn_forward(params, xs)`; a state that overflows is blamed on the spectral radius
    (argument `name`), the one thing the explorers' callers choose."""
    try:
        return rnn_forward(params, xs)
    except ValueError as error:
        raise ValueError(
            f"{name}: expected a spectral radius whose states stay finite, got {radius} ({error})"
        ) from None


def padded_curves(
    settings: Sequence[Any],
    lengths: Sequence[int],
    run: Callable[[Any], tuple[np.ndarray, ...]],
    curves: Callable[..., dict[str, np.ndarray]],
) -> dict[str, np.ndarray]:
    """Each curve over (setting, length, max(lengths) + 1), NaN past each T, read-only.

    `run(setting)` gives the per-step arrays of max(lengths) steps, `curves` their log10
    curves over t = 0 … T; a shorter T reads the first T steps of the same run.
    """
    T_max = int(max(lengths))
    padded: dict[str, np.ndarray] = {}
    for i, setting in enumerate(settings):
        steps = run(setting)
        for il, T in enumerate(lengths):
            for name, curve in curves(*(a[:T] for a in steps)).items():
                grid = padded.setdefault(
                    name, np.full((len(settings), len(lengths), T_max + 1), np.nan)
                )
                grid[i, il, : T + 1] = curve
    for values in padded.values():
        values.setflags(write=False)
    return padded
