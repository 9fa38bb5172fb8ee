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


# Two lines closer than this share of the y axis's span are drawn as one: 3 px of a 300-px
# plot, where their 2–2.5 px strokes touch and the top line hides the other.
LINE_TOLERANCE = 1 / 100
TOLERANCE_WORDS = "to 1/100 of the plot’s height"


def _and(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def y_span(curves: Sequence[np.ndarray], y_range: Sequence[float], y_step: float) -> np.ndarray:
    """The height of the y axis plot.js draws, for each setting: its range covers `y_range`
    and every finite value drawn, grown in whole steps of `y_step`. `curves` are
    (…settings, x) arrays, NaN where nothing is drawn."""
    stacked = np.stack([np.asarray(c, dtype=float) for c in curves], axis=-2)
    finite = np.isfinite(stacked)
    low = np.where(finite, stacked, np.inf).min(axis=(-2, -1))
    high = np.where(finite, stacked, -np.inf).max(axis=(-2, -1))
    lo = np.minimum(y_range[0], np.floor(np.minimum(low, y_range[0]) / y_step) * y_step)
    hi = np.maximum(y_range[1], np.ceil(np.maximum(high, y_range[1]) / y_step) * y_step)
    return hi - lo


def drawn_as_one(a: np.ndarray, b: np.ndarray, span: float) -> tuple[int, int] | None:
    """Where the lines a and b (over x = 0, 1, …, NaN where not drawn) lie within
    LINE_TOLERANCE · span of each other (±inf alike on both): the first and last index of
    the longest such stretch, when it covers at least half of the x drawn and 3 of them;
    else None."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    drawn = np.flatnonzero(~np.isnan(a) | ~np.isnan(b))
    if len(drawn) < 3:
        return None
    with np.errstate(invalid="ignore"):
        close = (np.abs(a - b) <= LINE_TOLERANCE * span) | (a == b)
    close = close[drawn]
    best, start = None, None
    for k, ok in enumerate([*close, False]):
        if ok and start is None:
            start = k
        elif not ok and start is not None:
            if best is None or k - start > best[1] - best[0] + 1:
                best = (start, k - 1)
            start = None
    if best is None or best[1] - best[0] + 1 < max(3, len(drawn) / 2):
        return None
    return int(drawn[best[0]]), int(drawn[best[1]])


def coincidences(
    curves: dict[str, np.ndarray],
    labels: dict[str, str],
    span: np.ndarray,
    *,
    levels: dict[str, float] | None = None,
    x_min: int = 0,
    unit: str = "step",
) -> tuple[np.ndarray, list[str]]:
    """For each setting, which drawn lines are drawn as one, and over which x: an index into
    the phrases returned, phrase 0 empty (none are). `curves`: (…settings, x) per series, in
    the order plot.js draws them (a later one on top), the first value at x = x_min;
    `levels`: fixed levels across the plot (a baseline), by label, drawn under every series;
    `unit`: what x counts ("step", "epoch")."""
    names = list(curves)
    shape = np.shape(span)
    index = np.zeros(shape)
    phrases = [""]
    for at in np.ndindex(shape):
        hidden_by: dict[str, list[str]] = {}  # the line on top: what it hides, and where
        for j, a in enumerate(names):
            line = curves[a][at]
            drawn = np.flatnonzero(~np.isnan(line))
            pairs = [(labels[b], labels[a], curves[b][at]) for b in names[j + 1 :]]  # b on top
            pairs += [  # a level lies under every series
                (labels[a], label, np.where(np.isnan(line), np.nan, y))
                for label, y in (levels or {}).items()
            ]
            for top, hidden, other in pairs:
                where = drawn_as_one(line, other, float(span[at]))
                if where is None:
                    continue
                if len(drawn) and where == (int(drawn[0]), int(drawn[-1])):
                    stretch = "all"
                else:
                    stretch = f"{where[0] + x_min}–{where[1] + x_min}"
                hidden_by.setdefault(top, []).append(f"“{hidden}” ({stretch})")
        if not hidden_by:
            continue
        said = "; ".join(f"“{top}” hides {_and(hidden)}" for top, hidden in hidden_by.items())
        phrase = f"Drawn as one ({unit}s in brackets; {TOLERANCE_WORDS}): {said}."
        if phrase not in phrases:
            phrases.append(phrase)
        index[at] = phrases.index(phrase)
    return index, phrases
