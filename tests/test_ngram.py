"""Interpolated Kneser–Ney n-grams (gatesgrad.ngram) against brute-force counts of small texts.

The reference below counts with tuples and dictionaries, straight from the definitions: at the
model's order a k-gram's count is how often it occurs; below it, how many distinct codes occur
right before it. It shares nothing with the module's integer keys and sorted arrays.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gatesgrad as gg
from gatesgrad import ngram


def reference(codes, order: int, size: int, discount: float | None = None):
    """p(w, h): the interpolated Kneser–Ney probability of w after the context tuple h (its
    last order − 1 codes, or all of them if shorter), by brute force."""
    codes = [int(c) for c in codes]
    counts = {}
    for k in range(1, order + 1):
        if k == order:
            counts[k] = Counter(tuple(codes[s : s + k]) for s in range(len(codes) - k + 1))
        else:
            before = defaultdict(set)
            for s in range(1, len(codes) - k + 1):
                before[tuple(codes[s : s + k])].add(codes[s - 1])
            counts[k] = {g: len(v) for g, v in before.items()}
    discounts = {}
    for k, a in counts.items():
        n1 = sum(1 for v in a.values() if v == 1)
        n2 = sum(1 for v in a.values() if v == 2)
        estimated = n1 / (n1 + 2 * n2) if n1 else 0.5
        discounts[k] = estimated if discount is None else discount

    def level(k: int, h: tuple, w: int) -> float:
        if k == 0:
            return 1 / size
        lower = level(k - 1, h[1:], w)
        seen = {g[-1]: v for g, v in counts[k].items() if g[:-1] == h}
        if not seen:
            return lower
        total, d = sum(seen.values()), discounts[k]
        return max(seen.get(w, 0) - d, 0) / total + d * len(seen) / total * lower

    def p(w: int, h: tuple) -> float:
        n = min(order, len(h) + 1)
        return level(n, tuple(h[len(h) - n + 1 :]), w)

    p.discounts = [discounts[k] for k in range(1, order + 1)]
    return p


@st.composite
def texts(draw):
    size = draw(st.integers(1, 4))
    order = draw(st.integers(1, 4))
    codes = draw(st.lists(st.integers(0, size - 1), min_size=order, max_size=40))
    discount = draw(st.one_of(st.none(), st.floats(0.05, 1.0)))
    return np.array(codes), order, size, discount


@settings(max_examples=150, deadline=None)
@given(texts())
def test_every_context_gets_the_brute_force_probabilities_summing_to_1(case):
    codes, order, size, discount = case
    model = gg.fit_kneser_ney(codes, order, size, discount=discount)
    p = reference(codes, order, size, discount)
    assert model.discounts == pytest.approx(p.discounts, rel=1e-12)
    for length in range(order):  # contexts of every length, seen or not
        for h in itertools.product(range(size), repeat=length):
            got = gg.kneser_ney_probabilities(model, np.array(h, dtype=int))
            want = [p(w, h) for w in range(size)]
            assert got == pytest.approx(want, rel=1e-12, abs=1e-15), h
            assert math.isclose(got.sum(), 1.0, rel_tol=1e-12)
            assert np.all(got > 0)


@settings(max_examples=100, deadline=None)
@given(texts(), st.lists(st.integers(0, 3), min_size=2, max_size=20))
def test_bits_are_each_next_code_after_the_codes_before_it(case, scored):
    codes, order, size, discount = case
    scored = np.array(scored) % size
    model = gg.fit_kneser_ney(codes, order, size, discount=discount)
    p = reference(codes, order, size, discount)
    want = [
        -math.log2(p(scored[t], tuple(scored[max(0, t - order + 1) : t])))
        for t in range(1, len(scored))
    ]
    assert gg.kneser_ney_bits(model, scored) == pytest.approx(want, rel=1e-12)


def test_a_hand_computed_bigram():
    """ "aaab" over {a, b, c}, D = ½. The bigrams: aa twice, ab once, so after a the kept mass is
    (2 − ½)/3 and (1 − ½)/3, and ½ · 2/3 = ⅓ goes to level 1. Level 1 counts the distinct codes
    before each code: a once (aa), b once (ab), c never: p₁ = (½/2 + ½ · ⅓, the same, ½ · ⅓) =
    (5/12, 5/12, 1/6)."""
    a, b, c = 0, 1, 2
    model = gg.fit_kneser_ney(np.array([a, a, a, b]), 2, 3, discount=0.5)
    p1 = np.array([5 / 12, 5 / 12, 1 / 6])
    after_a = np.array([1.5 / 3, 0.5 / 3, 0.0]) + p1 / 3
    assert after_a == pytest.approx([23 / 36, 11 / 36, 2 / 36], rel=1e-15)
    assert gg.kneser_ney_probabilities(model, np.array([a])) == pytest.approx(after_a, rel=1e-14)
    for unseen in ([b], [c], []):  # never a context: level 1 alone
        got = gg.kneser_ney_probabilities(model, np.array(unseen, dtype=int))
        assert got == pytest.approx(p1, rel=1e-14)
    bits = gg.kneser_ney_bits(model, np.array([b, a, b]))  # a after b, b after a
    assert bits == pytest.approx(-np.log2([5 / 12, 11 / 36]), rel=1e-14)


def test_the_discounts_are_estimated_from_counts_of_counts():
    """ "aaab", order 2: the bigram counts are 2 and 1 (n₁ = n₂ = 1, D₂ = ⅓); at level 1 a and b
    have one code before them each (n₁ = 2, n₂ = 0, D₁ = 1). Order 1 counts a three times and b
    once: n₁ = 1, n₂ = 0, D₁ = 1. "aabb" has no unigram counted once: D₁ = ½."""
    assert gg.fit_kneser_ney(np.array([0, 0, 0, 1]), 2, 3).discounts == pytest.approx((1, 1 / 3))
    assert gg.fit_kneser_ney(np.array([0, 0, 0, 1]), 1, 3).discounts == (1.0,)
    assert gg.fit_kneser_ney(np.array([0, 0, 1, 1]), 1, 2).discounts == (ngram.FALLBACK,)


def test_order_1_interpolates_the_counts_with_a_uniform_guess():
    """p(w) = max(c(w) − D, 0)/N + D · (codes seen)/N · 1/V, N the text's length."""
    codes = np.array([0, 0, 0, 1, 3, 3])
    D, N, V = 0.3, 6, 5
    c = np.bincount(codes, minlength=V)
    want = np.maximum(c - D, 0) / N + D * 3 / N / V
    model = gg.fit_kneser_ney(codes, 1, V, discount=D)
    assert gg.kneser_ney_probabilities(model, np.array([4, 2])) == pytest.approx(want, rel=1e-14)


def test_the_first_codes_are_predicted_from_the_shorter_context_they_have():
    """A trigram model predicts the second code of a text from one code: its level 2, the
    distinct codes before each bigram."""
    codes = np.array([0, 1, 2, 0, 1, 1, 2, 0, 0, 1])
    model = gg.fit_kneser_ney(codes, 3, 3)
    first = gg.kneser_ney_bits(model, np.array([1, 2]))[0]
    p = reference(codes, 3, 3)
    assert first == pytest.approx(-math.log2(p(2, (1,))), rel=1e-14)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gg.fit_kneser_ney(np.array([0, 1]), 10, 83), r"order: expected size \*\* order"),
        (lambda: gg.fit_kneser_ney(np.array([0, 5]), 2, 3), r"codes: expected .* from 0 to 2"),
        (lambda: gg.fit_kneser_ney(np.array([0]), 2, 3), r"codes: expected at least 2 codes"),
        (lambda: gg.fit_kneser_ney(np.array([0, 1]), 0, 3), r"order: expected a value >= 1"),
        (lambda: gg.fit_kneser_ney(np.array([0, 1]), 2, 3, discount=0), r"discount: expected"),
        (lambda: gg.fit_kneser_ney(np.array([0, 1]), 2, 3, discount=1.5), r"discount: expected"),
        (lambda: gg.kneser_ney_bits("model", np.array([0, 1])), r"model: expected KneserNey"),
        (lambda: gg.kneser_ney_bits(MODEL, np.array([0])), r"codes: expected at least 2"),
        (lambda: gg.kneser_ney_probabilities(MODEL, np.array([3])), r"context: expected"),
    ],
)
def test_bad_input_is_refused_by_name(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


MODEL = gg.fit_kneser_ney(np.array([0, 1, 2, 0, 1]), 2, 3)


def test_the_model_is_read_only():
    with pytest.raises(ValueError, match="read-only"):
        MODEL.levels[0].counts[0] = 5.0
