"""Activations: values, derivatives against finite differences, the bounds γ."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gatesgrad as gg

finite = st.floats(-30, 30, allow_nan=False)


@pytest.mark.parametrize("name", sorted(gg.ACTIVATIONS))
def test_derivative_matches_finite_differences(name):
    phi = gg.get_activation(name)
    a = np.linspace(-5, 5, 41)
    numeric = (phi.fn(a + 1e-6) - phi.fn(a - 1e-6)) / 2e-6
    np.testing.assert_allclose(phi.prime(a), numeric, rtol=1e-7, atol=1e-9)


@given(arrays(np.float64, st.integers(1, 50), elements=finite))
def test_slopes_never_exceed_gamma(a):
    for phi in gg.ACTIVATIONS.values():
        assert np.all(np.abs(phi.prime(a)) <= phi.gamma + 1e-15)


def test_gammas_are_reached_at_zero():
    assert gg.logistic_prime(np.array([0.0]))[0] == 0.25
    assert gg.tanh_prime(np.array([0.0]))[0] == 1.0


def test_logistic_is_stable_far_out():
    with np.errstate(over="raise", invalid="raise"):
        values = gg.logistic(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_array_equal(values, [0.0, 0.5, 1.0])


def test_unknown_activation_is_named():
    with pytest.raises(
        ValueError,
        match=r"activation: expected one of \['tanh', 'logistic', "
        r"'linear'\], got 'relu'",
    ):
        gg.get_activation("relu")


def test_non_numeric_input_is_refused():
    with pytest.raises(TypeError, match="a: expected an array of real numbers, got str"):
        gg.tanh("0.5")
