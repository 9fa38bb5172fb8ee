"""A seeded generator implemented identically here and in the in-page trainer's JavaScript
(explorers/js/trainer/xoshiro.js): xoshiro128** (Blackman and Vigna) seeded by splitmix32,
and the adding problem drawn from it.

All arithmetic is on unsigned 32-bit integers, so both sides draw the same numbers: a run's
batches in the browser are the batches of its numpy twin (`gatesgrad.trainer`).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_instance, as_int

MASK = 0xFFFFFFFF
PROBE_SEED = 2024  # the stream of the trainer's fixed probe batch


def _rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & MASK


def splitmix32(state: int) -> tuple[int, int]:
    """One step of splitmix32: (the next state, its output), both 32-bit."""
    state = (state + 0x9E3779B9) & MASK
    z = state
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & MASK
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & MASK
    return state, z ^ (z >> 16)


class Xoshiro128:
    """xoshiro128**, its four words seeded by four splitmix32 outputs from `seed`."""

    def __init__(self, seed: int) -> None:
        state = as_int(seed, "seed", minimum=0, maximum=MASK)
        words = []
        for _ in range(4):
            state, z = splitmix32(state)
            words.append(z)
        self.state = words

    def uint32(self) -> int:
        """The next 32-bit output."""
        s0, s1, s2, s3 = self.state
        result = (_rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 9) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        self.state = [s0, s1, s2, _rotl(s3, 11)]
        return result

    def uniform(self) -> float:
        """A double in [0, 1) from 53 random bits (two outputs)."""
        a = self.uint32() >> 5
        b = self.uint32() >> 6
        return (a * 67108864 + b) / 9007199254740992

    def integer(self, n: int) -> int:
        """A whole number from 0 to n − 1: ⌊uniform() · n⌋."""
        n = as_int(n, "n", minimum=1)
        return int(np.floor(self.uniform() * n))


def adding_batch(stream: Xoshiro128, n: int, T: int) -> tuple[np.ndarray, np.ndarray]:
    """`n` adding-problem sequences of length `T` drawn from `stream`: inputs (n, T, 2) =
    (value, marker), targets (n,), as `gatesgrad.tasks.adding_problem` lays them out.

    Per sequence: T values by `uniform()`, then one marked step in each half, the first by
    `integer(⌊T/2⌋)`, the second ⌊T/2⌋ + `integer(T − ⌊T/2⌋)`.
    """
    stream = as_instance(stream, Xoshiro128, "stream")
    n = as_int(n, "n", minimum=1)
    T = as_int(T, "T", minimum=2)
    half = T // 2
    x = np.zeros((n, T, 2))
    y = np.empty(n)
    for b in range(n):
        x[b, :, 0] = [stream.uniform() for _ in range(T)]
        first = stream.integer(half)
        second = half + stream.integer(T - half)
        x[b, (first, second), 1] = 1.0
        y[b] = x[b, first, 0] + x[b, second, 0]
    return x, y
