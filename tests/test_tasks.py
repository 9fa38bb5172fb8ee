"""The adding problem: shapes, markers, targets and the 1/6 baseline."""

import numpy as np
import pytest

from gatesgrad.tasks import (
    ADDING_BASELINE_MSE,
    adding_problem,
    constant_prediction_mse,
    second_value_mse,
)


def test_two_markers_one_in_each_half():
    x, y = adding_problem(500, 31, rng=0)
    assert x.shape == (500, 31, 2) and y.shape == (500,)
    markers = x[:, :, 1]
    assert np.all(markers.sum(axis=1) == 2)
    assert np.all(np.argmax(markers, axis=1) < 31 // 2)
    assert np.all(31 - 1 - np.argmax(markers[:, ::-1], axis=1) >= 31 // 2)


def test_target_is_the_sum_of_the_marked_values():
    x, y = adding_problem(100, 20, rng=1)
    np.testing.assert_allclose(y, np.sum(x[:, :, 0] * x[:, :, 1], axis=1))


def test_predicting_one_scores_a_sixth():
    _, y = adding_problem(400_000, 10, rng=2)
    assert constant_prediction_mse(y) == pytest.approx(ADDING_BASELINE_MSE, abs=2e-3)
    assert ADDING_BASELINE_MSE == 1 / 6


def test_same_seed_same_data():
    a, b = adding_problem(10, 8, rng=3), adding_problem(10, 8, rng=3)
    np.testing.assert_array_equal(a[0], b[0])


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"n": 0, "length": 5}, ValueError, "n: expected a value >= 1, got 0"),
        ({"n": 3, "length": 1}, ValueError, "length: expected a value >= 2, got 1"),
        ({"n": 3.0, "length": 5}, TypeError, "n: expected an integer"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        adding_problem(rng=0, **kwargs)


@pytest.mark.parametrize(
    "y, guess, error, message",
    [
        ([0.5, np.nan], 1.0, ValueError, "y: expected finite values, got 1 NaN"),
        ([], 1.0, ValueError, r"y: expected a non-empty array, got shape \(0,\)"),
        ([[0.5]], 1.0, ValueError, "y: expected ndim = 1, got ndim = 2"),
        (["a"], 1.0, TypeError, "y: expected an array of real numbers, got dtype <U1"),
        ([0.5], float("inf"), ValueError, "guess: expected a finite number, got inf"),
    ],
)
def test_constant_prediction_mse_checks_its_input(y, guess, error, message):
    """Before: NaN in, NaN out; an empty y gave NaN with a numpy warning."""
    with pytest.raises(error, match=message):
        constant_prediction_mse(y, guess)


def test_a_negative_seed_is_named():
    with pytest.raises(ValueError, match="rng: expected a numpy Generator or a seed >= 0, got -3"):
        adding_problem(4, 6, rng=-3)


def test_second_value_mse_predicts_the_second_marked_value_plus_a_half():
    x = np.zeros((2, 4, 2))
    x[0, :, 0], x[0, [0, 3], 1] = [0.2, 0.9, 0.9, 0.6], 1.0  # v1 = 0.2, v2 = 0.6
    x[1, :, 0], x[1, [1, 2], 1] = [0.9, 0.7, 0.1, 0.9], 1.0  # v1 = 0.7, v2 = 0.1
    y = np.array([0.8, 0.8])
    # predictions 1.1 and 0.6: errors 0.3 and 0.2 (v1 − 1/2 each time)
    assert second_value_mse(x, y) == pytest.approx((0.3**2 + 0.2**2) / 2, rel=1e-12)
    x[1, 3, 1] = 1.0  # a third marker
    with pytest.raises(ValueError, match=r"x: expected two markers .* got counts \[2, 3\]"):
        second_value_mse(x, y)
    x[1, 3, 1] = 0.5  # a marker that is neither 0 nor 1
    with pytest.raises(ValueError, match=r"x: expected markers .* 0 or 1, got \[0.5\]"):
        second_value_mse(x, y)
