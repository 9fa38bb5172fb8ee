"""Independent recomputations the claims share: the logistic and plain LSTM and GRU loops,
written from Keras' storage layout and using none of the package's numerics.

The loops run over time-major inputs `xs` of shape (T, …, D): any axes between time and the
inputs are a batch. Integer `xs` of shape (T, …) are character codes, read as one-hot rows: x K
is then the row of K the code picks (the same numbers as the product, without it). `params` is
anything with `kernel`, `recurrent_kernel` and `bias` (a `gatesgrad` parameter tuple, or
`Weights` for arrays read from elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np


def logistic(z):
    """σ(z) = 1 / (1 + e^{−z}), of a number or elementwise."""
    return 1 / (1 + np.exp(-z))


class Weights(NamedTuple):
    """A recurrent layer's arrays in Keras' order."""

    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray


def project(x: np.ndarray, K: np.ndarray) -> np.ndarray:
    """x K, where integer x are codes of one-hot rows (K's rows, picked)."""
    x = np.asarray(x)
    return K[x] if np.issubdtype(x.dtype, np.integer) else x @ K


def _arrays(params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return tuple(
        np.asarray(a, dtype=float) for a in (params.kernel, params.recurrent_kernel, params.bias)
    )


def _batch_shape(xs: np.ndarray) -> tuple[int, ...]:
    """The axes between time and the inputs (all axes after time, for codes)."""
    xs = np.asarray(xs)
    return xs.shape[1:] if np.issubdtype(xs.dtype, np.integer) else xs.shape[1:-1]


class LSTMStates(NamedTuple):
    c: np.ndarray  # c_0 … c_T, (T + 1, …, H)
    h: np.ndarray  # h_0 … h_T, (T + 1, …, H)
    f: np.ndarray  # f_1 … f_T, (T, …, H)


def lstm_states(
    params,
    xs: np.ndarray,
    gate: Callable[[np.ndarray], np.ndarray] = logistic,
    *,
    forget: float | None = None,
    c0: float = 0.0,
) -> LSTMStates:
    """From h_0 = 0 and c_0 = `c0`: z = x K + h R + b (blocks i, f, g, o), `gate` for i, f
    and o; with `forget` the forget gate is held at that value."""
    K, R, b = _arrays(params)
    H = R.shape[0]
    h = np.zeros(_batch_shape(xs) + (H,))
    c = np.full_like(h, c0)
    hs, cs, fs = [h], [c], []
    for x_t in xs:
        z = project(x_t, K) + h @ R + b
        i, f = gate(z[..., :H]), gate(z[..., H : 2 * H])
        g, o = np.tanh(z[..., 2 * H : 3 * H]), gate(z[..., 3 * H :])
        f = f if forget is None else np.full_like(f, forget)
        c = f * c + i * g
        h = o * np.tanh(c)
        hs.append(h)
        cs.append(c)
        fs.append(f)
    return LSTMStates(np.array(cs), np.array(hs), np.array(fs))


def gru_step(params, x: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(h_t, z_t) as Keras computes them: blocks z, r, h; a bias of two rows (input,
    recurrent) means reset_after (the reset gate scales R h + b_rec), one row reset before
    (it scales h)."""
    K, R, b = _arrays(params)
    H = R.shape[0]
    reset_after = b.ndim == 2
    xi = project(x, K) + (b[0] if reset_after else b)
    hr = (h @ R + b[1]) if reset_after else h @ R[:, : 2 * H]
    z = logistic(xi[..., :H] + hr[..., :H])
    r = logistic(xi[..., H : 2 * H] + hr[..., H : 2 * H])
    if reset_after:
        candidate = np.tanh(xi[..., 2 * H :] + r * hr[..., 2 * H :])
    else:
        candidate = np.tanh(xi[..., 2 * H :] + (r * h) @ R[:, 2 * H :])
    return z * h + (1 - z) * candidate, z


class GRUStates(NamedTuple):
    h: np.ndarray  # h_0 … h_T, (T + 1, …, H)
    z: np.ndarray  # z_1 … z_T, (T, …, H)


def gru_states(params, xs: np.ndarray) -> GRUStates:
    """h_0 … h_T and the update gates z_1 … z_T, from h_0 = 0."""
    h = np.zeros(_batch_shape(xs) + (np.shape(params.recurrent_kernel)[0],))
    hs, zs = [h], []
    for x_t in xs:
        h, z = gru_step(params, x_t, h)
        hs.append(h)
        zs.append(z)
    return GRUStates(np.array(hs), np.array(zs))


class Xoshiro:
    """xoshiro128** seeded by splitmix32, on Python ints masked to 32 bits: the generator the
    trainer's pages and the package share, written again from its definition."""

    MASK = 0xFFFFFFFF

    def __init__(self, seed: int) -> None:
        state, words = seed & self.MASK, []
        for _ in range(4):
            state = (state + 0x9E3779B9) & self.MASK
            z = ((state ^ (state >> 16)) * 0x85EBCA6B) & self.MASK
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & self.MASK
            words.append(z ^ (z >> 16))
        self.s = words

    def uint32(self) -> int:
        s, M = self.s, self.MASK

        def rotl(x: int, k: int) -> int:
            return ((x << k) | (x >> (32 - k))) & M

        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 9) & M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
        return result

    def uniform(self) -> float:
        a, b = self.uint32() >> 5, self.uint32() >> 6
        return (a * 67108864 + b) / 2.0**53

    def adding(self, n: int, T: int) -> tuple[np.ndarray, np.ndarray]:
        """n adding-problem sequences (n, T, 2) and their targets, drawn in the pages' order."""
        x, y = np.zeros((n, T, 2)), np.zeros(n)
        half = T // 2
        for b in range(n):
            x[b, :, 0] = [self.uniform() for _ in range(T)]
            first = int(self.uniform() * half)
            second = half + int(self.uniform() * (T - half))
            x[b, [first, second], 1] = 1.0
            y[b] = x[b, first, 0] + x[b, second, 0]
        return x, y
