"""Counted baselines for the character models: interpolated Kneser–Ney n-grams (Kneser & Ney
1995; the interpolated form of Chen & Goodman 1999), fitted by counting codes with numpy.

A model of order n predicts x_{t+1} from the n − 1 characters before it. Level k (1 … n) holds,
for every k-gram h w seen in training (h its k − 1 first codes, w its last), a count a(h w):
the number of times it occurs at level n, and at the lower levels its *continuation count*,
the number of distinct characters seen before it. With one discount D_k per level,

    p_k(w | h) = max(a(h w) − D_k, 0) / a(h •) + D_k N(h •) / a(h •) · p_{k−1}(w | h′),

where a(h •) sums a(h w) over w, N(h •) counts the w with a(h w) > 0, and h′ is h without its
first code; a context h never seen at level k passes p_{k−1} on unchanged, and p_0 = 1/V.
Every p_k(· | h) sums to 1 over the alphabet. Unless given, D_k = n₁ / (n₁ + 2 n₂) from the
number of k-grams whose a is 1 and 2 (Ney, Essen & Kneser 1994), or ½ if none has a = 1.

An n-gram is one integer, its codes read as the digits of a number in base V, so that every
count is one `np.unique` of an integer array.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import as_codes, as_float, as_instance, as_int

MAX_KEY = 2**62  # every n-gram's integer must fit in int64
FALLBACK = 0.5  # the discount of a level where no count is 1 (n₁ = 0)


@dataclass(frozen=True)
class _Level:
    """Level k: the k-grams seen (sorted integer keys) and their counts a; the contexts h seen
    (sorted keys of their k − 1 codes) with a(h •) and the weight D_k N(h •) / a(h •)."""

    grams: np.ndarray  # (G,) int64
    counts: np.ndarray  # (G,) float64
    contexts: np.ndarray  # (C,) int64
    totals: np.ndarray  # (C,) float64
    backoff: np.ndarray  # (C,) float64


@dataclass(frozen=True)
class KneserNey:
    """An interpolated Kneser–Ney model of `order` n over an alphabet of `size` V codes, as
    `fit_kneser_ney` makes it; `discounts[k − 1]` is D_k."""

    order: int
    size: int
    discounts: tuple[float, ...]
    levels: tuple[_Level, ...]


def _grams(codes: np.ndarray, k: int, size: int) -> np.ndarray:
    """The key of the k-gram ending at each position t ≥ k − 1, (T − k + 1,)."""
    keys = np.zeros(len(codes) - k + 1, dtype=np.int64)
    for j in range(k):
        keys = keys * size + codes[j : len(codes) - k + 1 + j]
    return keys


def _discount(counts: np.ndarray) -> float:
    """n₁ / (n₁ + 2 n₂), or FALLBACK if no count is 1."""
    n1, n2 = int(np.sum(counts == 1)), int(np.sum(counts == 2))
    return n1 / (n1 + 2 * n2) if n1 else FALLBACK


def _with(keys: np.ndarray, key: int) -> np.ndarray:
    """The sorted `keys` with `key` among them (the text's first gram has no code before it, so
    the level above may lack it)."""
    at = int(np.searchsorted(keys, key))
    return keys if at < len(keys) and keys[at] == key else np.insert(keys, at, key)


def _level(grams: np.ndarray, counts: np.ndarray, size: int, discount: float) -> _Level:
    contexts, starts, seen = np.unique(grams // size, return_index=True, return_counts=True)
    totals = np.add.reduceat(counts, starts)
    arrays = (grams, counts, contexts, totals, discount * seen / totals)
    for a in arrays:
        a.setflags(write=False)  # each made here: no one else holds it
    return _Level(*arrays)


def fit_kneser_ney(
    codes: np.ndarray, order: int, size: int, *, discount: float | None = None
) -> KneserNey:
    """An interpolated Kneser–Ney model of `order` (n ≥ 1) fitted on `codes` (T,), codes from 0
    to `size` − 1; `discount` fixes every D_k (0 < D ≤ 1), else each is n₁ / (n₁ + 2 n₂)."""
    size = as_int(size, "size", minimum=1)
    order = as_int(order, "order", minimum=1)
    if size**order >= MAX_KEY:
        raise ValueError(
            f"order: expected size ** order below 2 ** 62 (n-grams as int64), got {size} ** {order}"
        )
    codes = as_codes(codes, "codes", size, minimum=order)
    if discount is not None:
        discount = as_float(discount, "discount", minimum=0.0, maximum=1.0, strict_minimum=True)
    levels, discounts = [], []
    grams, counts = np.unique(_grams(codes, order, size), return_counts=True)
    for k in range(order, 0, -1):
        if k < order:  # a(g): the distinct (k + 1)-grams of the text that end in g
            following = _with(grams, int(_grams(codes[: k + 1], k + 1, size)[0]))
            grams, counts = np.unique(following % size**k, return_counts=True)
        counts = counts.astype(np.float64)
        d = _discount(counts) if discount is None else discount
        levels.append(_level(grams, counts, size, d))
        discounts.append(d)
    return KneserNey(order, size, tuple(discounts[::-1]), tuple(levels[::-1]))


def _lookup(keys: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each query sits in the sorted `keys`, and whether it is there."""
    at = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return at, keys[at] == query


def _probabilities(model: KneserNey, history: list[np.ndarray], w: np.ndarray) -> np.ndarray:
    """p_n(w | h) for each w (N,), where history[k − 1] holds the keys of its k − 1 codes of
    context (N,), −1 where fewer codes came before it (no context of level k matches −1)."""
    V = model.size
    p = np.full(len(w), 1.0 / V)
    for k, level in enumerate(model.levels, start=1):
        h = history[k - 1]
        at, seen = _lookup(level.contexts, h)
        g_at, g_seen = _lookup(level.grams, h * V + w)
        count = np.where(g_seen, level.counts[g_at], 0.0)
        total, backoff = level.totals[at], level.backoff[at]
        kept = np.maximum(count - model.discounts[k - 1], 0.0) / total + backoff * p
        p = np.where(seen, kept, p)
    return p


def kneser_ney_probabilities(model: KneserNey, context: np.ndarray) -> np.ndarray:
    """p(w | context) for every code w of the alphabet, (V,), from the last n − 1 codes of
    `context` (fewer if it is shorter; it may be empty)."""
    model = as_instance(model, KneserNey, "model")
    context = as_codes(context, "context", model.size, minimum=0)
    V, w = model.size, np.arange(model.size)
    history = []
    for k in range(1, model.order + 1):
        key = -1  # fewer than k − 1 codes of context
        if len(context) >= k - 1:
            key = 0
            for c in context[len(context) - k + 1 :]:
                key = key * V + int(c)
        history.append(np.full(V, key, dtype=np.int64))
    return _probabilities(model, history, w)


def kneser_ney_bits(model: KneserNey, codes: np.ndarray) -> np.ndarray:
    """−log₂ p(x_t | the up to n − 1 codes before it in `codes`) for t = 2 … T, (T − 1,)."""
    model = as_instance(model, KneserNey, "model")
    codes = as_codes(codes, "codes", model.size, minimum=2)
    T, w = len(codes), codes[1:]
    history = [np.zeros(T - 1, dtype=np.int64)]  # level 1: no context
    for k in range(2, model.order + 1):
        keys = np.full(T - 1, -1, dtype=np.int64)  # −1: fewer than k − 1 codes before it
        if k <= T:  # at least k − 1 codes before the last
            keys[k - 2 :] = _grams(codes[:-1], k - 1, model.size)
        history.append(keys)
    p = _probabilities(model, history, w)
    return -np.log2(p)
