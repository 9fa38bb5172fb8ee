"""Chains of Jacobians, the analytic bounds, clipping and the finite-difference helper."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gatesgrad as gg


def direct_chain_norms(J):
    T, H, _ = J.shape
    out, P = [], np.eye(H)
    for t in range(T, 0, -1):
        P = P @ J[t - 1]
        out.append(np.linalg.norm(P, 2))
    return np.array(out[::-1] + [1.0])


def test_chain_norms_equal_the_plain_product(rng):
    J = rng.normal(size=(12, 5, 5)) * 0.6
    np.testing.assert_allclose(gg.chain_norms(J), direct_chain_norms(J), rtol=1e-10)


def test_chain_norms_survive_where_the_plain_product_overflows():
    J = np.tile(np.eye(3) * 1e10, (40, 1, 1))  # 10^400 after 40 steps
    log10 = gg.log10_chain_norms(J)
    np.testing.assert_allclose(log10, 10.0 * np.arange(40, -1, -1))
    assert np.isinf(gg.chain_norms(J)[0])  # honest: beyond float64, reported as inf


def test_block_norms_of_the_chain(rng):
    J = rng.normal(size=(6, 4, 4)) * 0.7
    P = np.eye(4)
    for t in range(6, 0, -1):
        P = P @ J[t - 1]
    block = gg.log10_chain_norms(J, rows=slice(2, 4), cols=slice(0, 2))
    assert block[0] == pytest.approx(np.log10(np.linalg.norm(P[2:, :2], 2)), abs=1e-12)
    assert block[-1] == -np.inf  # an off-diagonal block of the identity is zero


def test_an_exact_zero_is_minus_infinity():
    J = np.stack([np.eye(2), np.zeros((2, 2)), np.eye(2)])
    np.testing.assert_array_equal(gg.log10_chain_norms(J), [-np.inf, -np.inf, 0.0, 0.0])


@settings(max_examples=40, deadline=None)
@given(
    radius=st.floats(0.1, 4.0),
    activation=st.sampled_from(sorted(gg.ACTIVATIONS)),
    seed=st.integers(0, 10_000),
)
def test_measured_chain_never_exceeds_the_bound(radius, activation, seed):
    params = gg.init_rnn(2, 6, rng=seed, activation=activation, spectral_radius=radius)
    xs = np.random.default_rng(seed).normal(size=(25, 2))
    measured = gg.log10_chain_norms(gg.step_jacobians(params, gg.rnn_forward(params, xs)))
    bound = gg.log10_chain_bound(params.W_hh, activation, np.arange(25, -1, -1))
    assert np.all(measured <= bound + 1e-9)


def test_linear_chain_is_a_matrix_power(rng):
    params = gg.init_rnn(1, 4, rng=rng, activation="linear", spectral_radius=1.2)
    trace = gg.rnn_forward(params, rng.normal(size=(10, 1)))
    log10 = gg.log10_chain_norms(gg.step_jacobians(params, trace))
    for k in range(11):
        expected = np.linalg.norm(np.linalg.matrix_power(params.W_hh, k), 2)
        assert log10[10 - k] == pytest.approx(np.log10(expected), abs=1e-10)


def test_singular_value_bounds_spectral_radius(rng):
    W = rng.normal(size=(6, 6))
    assert gg.largest_singular_value(W) >= gg.spectral_radius(W)
    assert gg.spectral_radius(np.diag([0.5, -2.0])) == 2.0


def test_regime_follows_pascanu():
    W = np.eye(3) * 3.0  # σ_max = 3
    assert gg.step_bound(W, "logistic") == 0.75
    assert gg.gradient_regime(W, "logistic") == "vanishing"
    assert gg.gradient_regime(W, "tanh") == "may explode"


def test_global_clipping_keeps_direction_and_caps_norm(rng):
    grads = [rng.normal(size=(3, 4)) * 10, rng.normal(size=5)]
    clipped, norm = gg.clip_by_global_norm(grads, 1.0)
    assert norm == pytest.approx(gg.global_norm(grads))
    assert gg.global_norm(clipped) == pytest.approx(1.0)
    for g, c in zip(grads, clipped, strict=True):
        np.testing.assert_allclose(c, g / norm)


def test_small_gradients_are_not_clipped(rng):
    grads = [rng.normal(size=3) * 1e-3]
    clipped, _ = gg.clip_by_global_norm(grads, 1.0)
    np.testing.assert_array_equal(clipped[0], grads[0])


def test_clipping_each_array_turns_the_direction():
    grads = [np.array([3.0, 4.0]), np.array([0.3])]  # norms 5 and 0.3
    each = gg.clip_each_by_norm(grads, 1.0)
    np.testing.assert_allclose(each[0], [0.6, 0.8])
    np.testing.assert_allclose(each[1], [0.3])  # below θ: untouched, so the mix changes


def test_finite_differences_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = gg.finite_difference_gradient(lambda v: np.sum(v**3), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # untouched


def test_relative_error():
    assert gg.relative_error(np.ones(3), np.ones(3)) == 0.0
    assert gg.relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.2])) == pytest.approx(0.2 / 2.2)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: gg.log10_chain_norms(np.zeros((3, 2, 4))),
            ValueError,
            r"jacobians: expected square matrices \(T, N, N\), got shape \(3, 2, 4\)",
        ),
        (
            lambda: gg.spectral_radius(np.zeros((2, 3))),
            ValueError,
            r"W: expected a square matrix, got shape \(2, 3\)",
        ),
        (
            lambda: gg.log10_chain_bound(np.eye(2), "tanh", np.array([-1.0])),
            ValueError,
            "lags: expected values >= 0",
        ),
        (
            lambda: gg.clip_by_global_norm([np.ones(2)], 0.0),
            ValueError,
            "threshold: expected a number > 0.0, got 0.0",
        ),
        (
            lambda: gg.clip_by_global_norm([np.ones(2)], float("nan")),
            ValueError,
            "threshold: expected a finite number, got nan",
        ),
        (
            lambda: gg.clip_by_global_norm(np.ones(2), 1.0),
            TypeError,
            "grads: expected a non-empty list of arrays, got ndarray",
        ),
        (
            lambda: gg.clip_by_global_norm([np.ones(2), np.array([np.inf])], 1.0),
            ValueError,
            r"grads\[1\]: expected finite values",
        ),
        (
            lambda: gg.finite_difference_gradient("f", np.ones(2)),
            TypeError,
            "f: expected a function of one array, got str",
        ),
        (
            lambda: gg.relative_error(np.ones(2), np.ones(3)),
            ValueError,
            r"b: expected shape \(2,\), got \(3,\)",
        ),
    ],
)
def test_bad_inputs_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
