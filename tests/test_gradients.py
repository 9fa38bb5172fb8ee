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


def test_chain_norms_at_chosen_steps_are_those_of_the_whole_curve(rng):
    J = rng.normal(size=(9, 4, 4)) * 0.8
    whole = gg.log10_chain_norms(J, rows=slice(0, 2), cols=slice(0, 2))
    np.testing.assert_allclose(
        gg.log10_chain_norms(J, rows=slice(0, 2), cols=slice(0, 2), at=[0, 5, 9]),
        whole[[0, 5, 9]],
        rtol=1e-12,
    )
    with pytest.raises(ValueError, match="at: expected steps t from 0 to T = 9, got 10"):
        gg.log10_chain_norms(J, at=[10])


def test_an_exact_zero_is_minus_infinity():
    J = np.stack([np.eye(2), np.zeros((2, 2)), np.eye(2)])
    np.testing.assert_array_equal(gg.log10_chain_norms(J), [-np.inf, -np.inf, 0.0, 0.0])


def test_gate_products_equal_the_plain_product(rng):
    """max over units of ∏_{k>t} g_k, multiplied out, and the norm of ∏ diag(g_k)."""
    gates = rng.uniform(0.05, 1.0, size=(7, 3))
    expected = [np.log10(np.prod(gates[t:], axis=0).max()) for t in range(8)]
    np.testing.assert_allclose(gg.log10_gate_products(gates), expected, rtol=1e-12)
    diagonal = np.linalg.multi_dot([np.diag(g) for g in gates[2:]])
    assert gg.log10_gate_products(gates)[2] == pytest.approx(
        np.log10(np.linalg.norm(diagonal, 2)), abs=1e-12
    )


def test_gate_products_survive_where_the_plain_product_underflows():
    gates = np.full((400, 2), 1e-3)  # 10^-1200 after 400 steps
    gates[:, 1] = 1e-4
    np.testing.assert_allclose(gg.log10_gate_products(gates), -3.0 * np.arange(400, -1, -1))


def test_an_exact_zero_gate_is_minus_infinity_for_its_unit():
    gates = np.array([[0.5, 0.5], [0.0, 1.0], [1.0, 0.0]])
    # unit 0 is shut at step 2, unit 1 at step 3: from t <= 1 both products are 0
    np.testing.assert_array_equal(gg.log10_gate_products(gates), [-np.inf, -np.inf, 0.0, 0.0])
    np.testing.assert_array_equal(gg.log10_gate_products(np.zeros((2, 1))), [-np.inf, -np.inf, 0])


@settings(max_examples=40, deadline=None)
@given(
    radius=st.floats(0.1, 4.0),
    activation=st.sampled_from(sorted(gg.ACTIVATIONS)),
    seed=st.integers(0, 10_000),
)
def test_measured_chain_never_exceeds_the_bound(radius, activation, seed):
    params = gg.init_rnn(2, 6, rng=seed, activation=activation, spectral_radius=radius)
    xs = np.random.default_rng(seed).normal(size=(25, 2))
    measured = gg.log10_chain_norms(gg.rnn_jacobians(params, gg.rnn_forward(params, xs)))
    bound = gg.log10_chain_bound(params.W_hh, activation, np.arange(25, -1, -1))
    assert np.all(measured <= bound + 1e-9)


def test_linear_chain_is_a_matrix_power(rng):
    params = gg.init_rnn(1, 4, rng=rng, activation="linear", spectral_radius=1.2)
    trace = gg.rnn_forward(params, rng.normal(size=(10, 1)))
    log10 = gg.log10_chain_norms(gg.rnn_jacobians(params, trace))
    for k in range(11):
        expected = np.linalg.norm(np.linalg.matrix_power(params.W_hh, k), 2)
        assert log10[10 - k] == pytest.approx(np.log10(expected), abs=1e-10)


def test_singular_value_bounds_spectral_radius(rng):
    W = rng.normal(size=(6, 6))
    assert gg.largest_singular_value(W) >= gg.spectral_radius(W)
    assert gg.spectral_radius(np.diag([0.5, -2.0])) == 2.0


def test_regime_follows_pascanu():
    W = np.eye(3) * 3.0  # ‖W‖₂ = 3
    assert gg.step_bound(W, "logistic") == 0.75
    assert gg.gradient_regime(W, "logistic") == "vanishing"
    assert gg.gradient_regime(W, "tanh") == "may explode"
    assert gg.gradient_regime(W * 2, "logistic") == "may explode"  # γ·‖W‖₂ = 1.5


def power_norms(W: np.ndarray, ks: range) -> np.ndarray:
    """‖W^k‖₂ for each k, by repeated products."""
    return np.array([np.linalg.norm(np.linalg.matrix_power(W, k), 2) for k in ks])


ROTATION = np.array([[0.6, -0.8], [0.8, 0.6]])  # orthogonal: ρ = ‖W‖₂ = 1


@pytest.mark.parametrize(
    ("W", "regime"),
    [
        (0.9 * ROTATION, "vanishing"),  # ‖W‖₂ = 0.9 < 1
        (np.array([[0.5, 3.0], [0.0, 0.5]]), "vanishing in the end"),  # ρ = ½, ‖W‖₂ > 3
        (ROTATION, "neutral"),  # ‖W^k‖₂ = 1 for every k
        (np.array([[1.0, 1.0], [0.0, 1.0]]), "neutral"),  # ρ = 1, ‖W^k‖₂ grows like k
        (np.array([[1.01, 0.0], [0.0, 0.1]]), "exploding"),  # ρ = 1.01 > 1
        (np.array([[0.0, 4.0], [0.5, 0.0]]), "exploding"),  # ρ = √2, ‖W^k‖₂ ≥ 2^(k/2)
    ],
)
def test_a_linear_networks_regime_is_what_its_powers_do(W, regime):
    """Each branch of gradient_regime for φ(a) = a, checked against ‖W^k‖₂ itself."""
    assert gg.gradient_regime(W, "linear") == regime
    ks = range(1, 301)
    norms = power_norms(W, ks)
    rho = gg.spectral_radius(W)
    assert np.all(norms >= rho ** np.array(ks) * (1 - 1e-9))  # ‖W^k‖₂ ≥ ρ^k, always
    if regime == "vanishing":
        assert np.all(np.diff(norms) < 0) and norms[-1] < 1e-12
    elif regime == "vanishing in the end":
        assert norms[0] > 1 and norms[-1] < 1e-12  # grows first, then vanishes
    elif regime == "neutral":
        assert norms.min() >= 1 - 1e-9 and norms[-1] <= 2 * len(ks)  # at most linear here
    else:
        assert norms[-1] > 1e1  # ρ^300 ≥ 1.01^300 ≈ 20


def test_a_linear_network_scaled_to_radius_1_is_neutral():
    """Rounding leaves ρ a few 1e-15 from 1; the regime is still ρ = 1, and a little more is not."""
    W = gg.init_rnn(1, 32, rng=0, activation="linear", spectral_radius=1.0).W_hh
    assert gg.spectral_radius(W) != 1.0  # the case the tolerance is for
    assert gg.gradient_regime(W, "linear") == "neutral"
    assert gg.gradient_regime(W * (1 + 1e-6), "linear") == "exploding"
    assert gg.gradient_regime(W * (1 - 1e-6), "linear") == "vanishing in the end"


def test_squashing_networks_never_get_a_linear_guarantee():
    """tanh at ρ = 3 (explodes in chapter 3), the logistic at ρ = 6 (vanishes there):
    both only 'may explode', since the slopes decide."""
    for act, rho in (("tanh", 3.0), ("logistic", 6.0), ("tanh", 1.0)):
        W = gg.init_rnn(1, 32, rng=0, activation=act, spectral_radius=rho).W_hh
        assert gg.gradient_regime(W, act) == "may explode"
        assert gg.gradient_regime(W, "linear") == ("exploding" if rho > 1 else "neutral")
    assert set(gg.GRADIENT_REGIMES) == {
        "vanishing",
        "vanishing in the end",
        "neutral",
        "exploding",
        "may explode",
    }


def test_global_clipping_keeps_direction_and_caps_norm(rng):
    grads = [rng.normal(size=(3, 4)) * 10, rng.normal(size=5)]
    norm = gg.global_norm(grads)
    clipped = gg.clip_by_global_norm(grads, 1.0)
    assert gg.global_norm(clipped) == pytest.approx(1.0)
    for g, c in zip(grads, clipped, strict=True):
        np.testing.assert_allclose(c, g / norm)


def test_small_gradients_are_not_clipped(rng):
    grads = [rng.normal(size=3) * 1e-3]
    clipped = gg.clip_by_global_norm(grads, 1.0)
    np.testing.assert_array_equal(clipped[0], grads[0])


def test_clipping_each_array_turns_the_direction():
    grads = [np.array([3.0, 4.0]), np.array([0.3])]  # norms 5 and 0.3
    each = gg.clip_each_by_norm(grads, 1.0)
    np.testing.assert_allclose(each[0], [0.6, 0.8])
    np.testing.assert_allclose(each[1], [0.3])  # below θ: untouched, so the mix changes


def test_global_norm_of_entries_whose_squares_overflow():
    """Before: squaring 1e200 gave an infinite norm."""
    grads = [np.array([3e200, 0.0]), np.array([[-4e200]])]
    assert gg.global_norm(grads) == pytest.approx(5e200, rel=1e-15)
    assert gg.global_norm([np.full(4, 1e308)]) == np.inf  # 2e308 is beyond float64: honest
    assert gg.global_norm([np.zeros(3), np.zeros((0, 2))]) == 0.0


@pytest.mark.parametrize("scale", [1e155, 1e200, 5e307])
def test_clipping_a_huge_gradient_keeps_its_direction(scale):
    """Before: a finite gradient above ~1e154 was clipped to all zeros (θ/inf)."""
    grads = [np.array([3.0, 0.0]) * scale, np.array([-2.0]) * scale]  # norm √13·scale
    direction = np.array([3.0, 0.0, -2.0]) / np.sqrt(13.0)
    clipped = gg.clip_by_global_norm(grads, 2.0)
    np.testing.assert_allclose(np.concatenate(clipped), 2.0 * direction, rtol=1e-14)
    each = gg.clip_each_by_norm(grads, 2.0)
    np.testing.assert_allclose(each[0], [2.0, 0.0], rtol=1e-14)
    np.testing.assert_allclose(each[1], [-2.0], rtol=1e-14)


def test_clipping_returns_new_arrays_and_leaves_the_input_alone(rng):
    grads = [rng.normal(size=3), rng.normal(size=(2, 2)) * 100]
    copies = [g.copy() for g in grads]
    for clip in (gg.clip_by_global_norm, gg.clip_each_by_norm):
        for theta in (1e-3, 1e6):  # clipped, and not
            out = clip(grads, theta)
            assert isinstance(out, list) and all(
                o is not g for o, g in zip(out, grads, strict=True)
            )
    for g, c in zip(grads, copies, strict=True):
        np.testing.assert_array_equal(g, c)


def test_chain_norms_of_jacobians_near_the_float64_limit():
    """Before: ‖J_t‖ itself overflowed and the curve read [-inf, -inf, nan, 0]."""
    J = np.full((3, 4, 4), 1e308)  # J^k = 4^(k-1)·1e308^k·ones, ‖ones‖₂ = 4
    expected = [k * (308 + np.log10(4)) for k in (3, 2, 1, 0)]
    np.testing.assert_allclose(gg.log10_chain_norms(J), expected, rtol=1e-14)


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
            lambda: gg.log10_chain_norms(np.zeros((0, 2, 2))),
            ValueError,
            r"jacobians: expected T >= 1 matrices of size N >= 1, got shape \(0, 2, 2\)",
        ),
        (
            lambda: gg.chain_norms(np.zeros((3, 0, 0))),
            ValueError,
            r"jacobians: expected T >= 1 matrices of size N >= 1, got shape \(3, 0, 0\)",
        ),
        (
            lambda: gg.log10_chain_norms(np.ones((2, 4, 4)), rows=slice(4, 8)),
            ValueError,
            r"rows: expected a slice selecting some of the N = 4, got slice\(4, 8, None\)",
        ),
        (
            lambda: gg.log10_chain_norms(np.ones((2, 4, 4)), cols=slice(2, 2)),
            ValueError,
            "cols: expected a slice selecting some of the N = 4",
        ),
        (
            lambda: gg.log10_chain_norms(np.ones((2, 4, 4)), rows=[0, 1]),
            TypeError,
            "rows: expected a slice or None, got list",
        ),
        (
            lambda: gg.log10_gate_products(np.full(3, 0.5)),
            ValueError,
            "gates: expected ndim = 2, got ndim = 1",
        ),
        (
            lambda: gg.log10_gate_products(np.zeros((0, 3))),
            ValueError,
            r"gates: expected T >= 1 steps of H >= 1 units, got shape \(0, 3\)",
        ),
        (
            lambda: gg.log10_gate_products(np.array([[0.5, 1.5]])),
            ValueError,
            "gates: expected gate values from 0 to 1, got values from 0.5 to 1.5",
        ),
        (
            lambda: gg.log10_gate_products(np.array([[-0.1]])),
            ValueError,
            "gates: expected gate values from 0 to 1, got values from -0.1 to -0.1",
        ),
        (
            lambda: gg.log10_gate_products(np.array([[np.nan]])),
            ValueError,
            "gates: expected finite values",
        ),
        (
            lambda: gg.spectral_radius(np.zeros((0, 0))),
            ValueError,
            r"W: expected a non-empty array, got shape \(0, 0\)",
        ),
        (
            lambda: gg.largest_singular_value(np.zeros((0, 0))),
            ValueError,
            r"W: expected a non-empty array, got shape \(0, 0\)",
        ),
        (
            lambda: gg.step_bound(np.zeros((2, 3)), "tanh"),
            ValueError,
            r"W_hh: expected a square matrix, got shape \(2, 3\)",
        ),
        (
            lambda: gg.log10_chain_bound(np.full((2, 2), np.nan), "tanh", [1]),
            ValueError,
            "W_hh: expected finite values",
        ),
        (
            lambda: gg.gradient_regime(np.eye(2), "relu"),
            ValueError,
            "activation: expected one of",
        ),
        (
            lambda: gg.finite_difference_gradient(lambda v: v * 2, np.ones(3)),
            TypeError,
            r"f: expected a function returning one real number, got ndarray \(3,\)",
        ),
        (
            lambda: gg.finite_difference_gradient(lambda v: np.nan, np.ones(3)),
            ValueError,
            "f, x: expected f finite near x, got nan",
        ),
        (
            lambda: gg.relative_error(np.ones(0), np.ones(0)),
            ValueError,
            r"a: expected a non-empty array, got shape \(0,\)",
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
            r"a, b: expected the same shape, got \(2,\) and \(3,\)",
        ),
    ],
)
def test_bad_inputs_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
