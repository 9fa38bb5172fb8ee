"""Chapter 3's numbers: what its prose says of each.

Chains of Jacobians are recomputed here by forward loops and explicit products written in
this module, not by the package's `rnn_forward`, `rnn_jacobians` or `log10_chain_norms`.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

import gatesgrad as gg
from gatesgrad.tasks import adding_problem
from tests.claims.reference import logistic
from tests.claims.spec import above, approx, at_least, below, equals, log10_approx

FLOAT32_TINY = 2.0**-149  # the smallest positive float32 (IEEE 754 subnormal)
FLOAT32_MAX = (2 - 2.0**-23) * 2.0**127
SLOPES = {
    "tanh": lambda a: 1 - np.tanh(a) ** 2,
    "logistic": lambda a: (s := logistic(a)) * (1 - s),
    "linear": lambda a: np.ones_like(a),
}
SQUASH = {"tanh": np.tanh, "logistic": logistic, "linear": lambda a: a}


def log10_chain(params: gg.RNNParams, xs: np.ndarray, activation: str) -> np.ndarray:
    """log10 ‖J_T ⋯ J_{t+1}‖₂ for t = 0 … T, the product renormalised as it grows."""
    h, J = np.zeros(params.W_hh.shape[0]), []
    for x_t in xs:
        a_t = params.W_hh @ h + params.W_xh @ x_t + params.b_h
        J.append(SLOPES[activation](a_t)[:, None] * params.W_hh)  # diag(φ'(a_t)) W_hh
        h = SQUASH[activation](a_t)
    out, product, log_scale = [0.0], np.eye(len(h)), 0.0
    for J_t in reversed(J):  # t = T−1 … 0
        product = product @ J_t
        size = np.linalg.norm(product, 2)
        if size == 0:
            out.append(-np.inf)
            continue
        log_scale += np.log10(size)
        product = product / size
        out.append(log_scale)
    return np.array(out[::-1])


def log10_scalar_chain(w: float) -> float:
    """log10 |∏ σ'(a_k) w| for h_t = σ(w h_{t−1} + x_t), 50 steps, summed in log space."""
    xs = np.random.default_rng(0).normal(size=50)
    h, total = 0.0, 0.0
    for x_t in xs:
        a = w * h + x_t
        s = logistic(a)
        total += np.log10(s * (1 - s) * abs(w))
        h = s
    return total


def explorer_log10(radius: float, activation: str, T: int) -> float:
    """The explorer's network (32 units, 4 inputs, seed 0) and inputs (seed 1)."""
    net = gg.init_rnn(4, 32, rng=0, activation=activation, spectral_radius=radius)
    xs = np.random.default_rng(1).standard_normal((T, 4))
    return float(log10_chain(net, xs, activation)[0])


def spectral_W(radius: float) -> np.ndarray:
    return gg.init_rnn(1, 32, rng=0, spectral_radius=radius).W_hh


@cache
def exploding() -> tuple[list[np.ndarray], np.ndarray]:
    """The ρ = 3 network's gradients (package BPTT) and ∂L/∂h_0 by the explicit chain."""
    net = gg.init_rnn(4, 32, rng=0, spectral_radius=3.0)
    xs = np.random.default_rng(1).normal(size=(100, 4))
    trace = gg.rnn_forward(net, xs)
    dL_dh = np.zeros((100, 32))
    dL_dh[-1] = trace.h[-1]
    g = gg.rnn_bptt(net, trace, dL_dh)
    chain = np.eye(32)
    for t in range(100, 0, -1):  # ∂h_T/∂h_0 = J_T ⋯ J_1
        chain = chain @ ((1 - np.tanh(trace.a[t - 1]) ** 2)[:, None] * net.W_hh)
    return [g.W_xh, g.W_hh, g.b_h], chain.T @ trace.h[-1]


def exploding_array_norms() -> list[float]:
    return [float(np.linalg.norm(g)) for g in exploding()[0]]


def cosine_each_clipped(theta: float = 1.0) -> float:
    """cos between g and g with each array scaled by min(1, θ/‖g_i‖), computed here."""
    grads = exploding()[0]
    clipped = [g * min(1.0, theta / np.linalg.norm(g)) for g in grads]
    u = np.concatenate([g.ravel() for g in grads])
    v = np.concatenate([g.ravel() for g in clipped])
    return float(u @ v / np.linalg.norm(u) / np.linalg.norm(v))


def cosine_two_larger_clipped(theta: float) -> float:
    """The same cosine when θ clips exactly the two larger arrays (n₁ ≤ θ < n₂ ≤ n₃), from the
    three norms alone: (n₁² + θ(n₂ + n₃)) / (‖g‖ √(n₁² + 2θ²)); another number if θ clips
    one array or all three."""
    n1, n2, n3 = sorted(exploding_array_norms())
    return (n1**2 + theta * (n2 + n3)) / (
        np.sqrt(n1**2 + n2**2 + n3**2) * np.sqrt(n1**2 + 2 * theta**2)
    )


@cache
def calm_deltas() -> tuple[np.ndarray, np.ndarray]:
    """δa_t (T, H) and the W_hh terms ‖δa_t‖‖h_{t−1}‖ of the ρ = 1 network, own BPTT loop."""
    net = gg.init_rnn(4, 32, rng=0, spectral_radius=1.0)
    xs = np.random.default_rng(1).normal(size=(100, 4))
    hs, as_ = [np.zeros(32)], []
    for x_t in xs:
        as_.append(net.W_hh @ hs[-1] + net.W_xh @ x_t)
        hs.append(np.tanh(as_[-1]))
    delta_h, deltas = hs[-1], np.empty((100, 32))  # δh_T = h_T for L = ½‖h_T‖²
    for t in range(100, 0, -1):
        deltas[t - 1] = delta_h * (1 - np.tanh(as_[t - 1]) ** 2)
        delta_h = net.W_hh.T @ deltas[t - 1]
    terms = np.linalg.norm(deltas, axis=1) * np.linalg.norm(np.array(hs[:-1]), axis=1)
    return deltas, terms


@cache
def orthogonal_chains() -> dict[str, np.ndarray]:
    net = gg.init_rnn(2, 32, rng=0, init="keras")
    x_add = adding_problem(1, 100, rng=0)[0][0]
    return {
        "zeros": log10_chain(net, np.zeros((100, 2)), "tanh"),
        "adding": log10_chain(net, x_add, "tanh"),
    }


def orthogonal_mean_slope() -> float:
    net = gg.init_rnn(2, 32, rng=0, init="keras")
    h, slopes = np.zeros(32), []
    for x_t in adding_problem(1, 100, rng=0)[0][0]:
        a_t = net.W_hh @ h + net.W_xh @ x_t
        slopes.append(1 - np.tanh(a_t) ** 2)
        h = np.tanh(a_t)
    return float(np.mean(slopes))


def nonnormal_norms() -> np.ndarray:
    """‖W^k‖₂ for W = [[½, 10], [0, ½]] in closed form: W^k = [[p, q], [0, p]] with p = ½^k,
    q = 10 k ½^(k−1), whose largest singular value is (|q| + √(q² + 4p²)) / 2."""
    k = np.arange(41)
    p, q = 0.5**k, 10 * k * 0.5 ** (k - 1.0)
    return (np.abs(q) + np.sqrt(q**2 + 4 * p**2)) / 2


CLAIMS = {
    # computed on the grid a = −6 … 6 (step 0.01), which contains a = 0
    "ch3_max_logistic_prime": approx(0.25, abs=1e-12),
    "ch3_argmax_logistic_prime": approx(0.0, abs=1e-9),
    "ch3_max_tanh_prime": approx(1.0, abs=1e-12),
    "ch3_argmax_tanh_prime": approx(0.0, abs=1e-9),
    # |σ'(a) w| ≤ |w|/4 at every step: the product is at most (|w|/4)^50
    "ch3_scalar_w1": log10_approx(lambda: log10_scalar_chain(1), abs=1e-6)
    & below(0.25**50)
    & above(FLOAT32_TINY),
    **{
        f"ch3_scalar_w{w}": log10_approx(lambda w=w: log10_scalar_chain(w), abs=1e-6)
        & below(FLOAT32_TINY)
        for w in (4, 8, 16)
    },
    # ‖W^k‖₂ ≥ ρ(W)^k for every k; the prose reads 0.9 as shrinking, 1.1 as growing
    **{
        f"ch3_power_{r}": approx(
            lambda r=r: np.linalg.norm(np.linalg.matrix_power(spectral_W(r), 100), 2), rel=1e-9
        )
        & at_least(r**100 * (1 - 1e-9))
        for r in (0.9, 1.0, 1.1)
    },
    # ‖W‖₂ ≥ ρ(W), strictly for these non-normal random matrices
    **{
        f"ch3_norm2_{r}": approx(lambda r=r: np.linalg.svd(spectral_W(r), compute_uv=False)[0])
        & above(r)
        for r in (0.9, 1.0, 1.1)
    },
    "ch3_explorer_tanh_50": log10_approx(lambda: explorer_log10(1.0, "tanh", 50), abs=1e-9)
    & below(1e-6),
    # "turns flat only well above 1, and beyond that it rises": at ρ = 3 it has exploded
    "ch3_explorer_tanh_3_log10": approx(lambda: explorer_log10(3.0, "tanh", 50), abs=1e-9)
    & above(0.0),
    "ch3_explorer_linear_100_log10": approx(lambda: explorer_log10(3.0, "linear", 100), abs=1e-9)
    & above(np.log10(FLOAT32_MAX)),
    "ch3_explorer_logistic_6_log10": approx(lambda: explorer_log10(6.0, "logistic", 100), abs=1e-9)
    & below(0.0),
    # above 1e6, and below the exercise's θ = 1e8, which "clips nothing"
    "ch3_wild_norm": approx(lambda: np.sqrt(sum(np.sum(g**2) for g in exploding()[0])), rel=1e-12)
    & above(1e6)
    & below(1e8),
    "ch3_wild_h0": approx(lambda: np.linalg.norm(exploding()[1]), rel=1e-9) & above(1e6),
    # global clipping multiplies every array by one number: the direction is kept exactly
    "ch3_cos_global": approx(1.0, abs=1e-12),
    "ch3_cos_each": approx(cosine_each_clipped, rel=1e-9) & below(0.99),
    # the clipping exercise: below the smallest array norm every array is clipped to θ;
    # at θ = 2e7 only the two larger arrays are (so 2e7 must lie between the norms)
    "ch3_clip_smallest_array": approx(lambda: min(exploding_array_norms()), rel=1e-9)
    & below(2e7)
    & above(1e6),
    "ch3_clip_largest_array": approx(lambda: max(exploding_array_norms()), rel=1e-9) & below(1e8),
    "ch3_clip_each_cos_2e7": approx(lambda: cosine_each_clipped(2e7), rel=1e-9)
    & approx(lambda: cosine_two_larger_clipped(2e7), rel=1e-9),
    "ch3_calm_ratio": approx(
        lambda: np.linalg.norm(calm_deltas()[0][0]) / np.linalg.norm(calm_deltas()[0][-1]),
        rel=1e-9,
    ),
    "ch3_calm_last10_share": approx(
        lambda: 100 * calm_deltas()[1][-10:].sum() / calm_deltas()[1].sum(), rel=1e-9
    ),
    # an orthogonal W_hh: every singular value is 1
    "ch3_orth_norm2": approx(1.0, abs=1e-12),
    # zero inputs, zero bias, h_0 = 0: every slope is 1 and the chain is W_hh^100, norm 1
    "ch3_orth_zeros_norm": approx(1.0, abs=1e-9)
    & approx(lambda: 10 ** orthogonal_chains()["zeros"][0], rel=1e-9),
    "ch3_orth_adding_log10": approx(lambda: orthogonal_chains()["adding"][0], abs=1e-9)
    & below(0.0),
    "ch3_orth_adding_50_log10": approx(lambda: orthogonal_chains()["adding"][50], abs=1e-9)
    & below(0.0),
    "ch3_orth_mean_slope": approx(orthogonal_mean_slope, rel=1e-9) & below(1.0),
    "ch3_nonnormal_peak": approx(lambda: nonnormal_norms().max(), rel=1e-9),
    "ch3_nonnormal_peak_k": equals(lambda: int(np.argmax(nonnormal_norms()))),
    "ch3_nonnormal_last_above_1": equals(lambda: int(np.flatnonzero(nonnormal_norms() > 1).max())),
    # checked exercises: the first q with (1/4)^q < 1e-6, by counting; the cosine of (3, 4, 12)
    # to (3, 4, 6), g₂ = (12) halved to norm 6 and g₁ (norm 5) kept
    "ch3_check_steps": equals(next(q for q in range(1, 100) if 0.25**q < 1e-6)),
    "ch3_check_clip_cos": approx(
        (3 * 3 + 4 * 4 + 12 * 6) / (13 * math.sqrt(3**2 + 4**2 + 6**2)), rel=1e-12
    ),
}
