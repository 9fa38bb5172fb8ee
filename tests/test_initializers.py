"""The initialisers refuse what they cannot draw from, naming the argument."""

import numpy as np
import pytest

from gatesgrad.initializers import gaussian, glorot_uniform, orthogonal, stacked_kernels

RNG = np.random.default_rng(0)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: stacked_kernels(RNG, 2, 3, 4, "Keras"), ValueError, "init: expected one of"),
        (lambda: stacked_kernels(RNG, 2, 3, 4, None), ValueError, "init: expected one of"),
        (lambda: gaussian(RNG, (2, 3), fan_in=0), ValueError, "fan_in: expected a value >= 1"),
        (lambda: glorot_uniform(RNG, (0, 0)), ValueError, r"shape\[\]: expected a value >= 1"),
        (lambda: orthogonal(RNG, (3,)), TypeError, "shape: expected two sizes"),
        (lambda: orthogonal(RNG, (3, 2.0)), TypeError, r"shape\[\]: expected an integer"),
    ],
)
def test_bad_inputs_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("init", ["keras", "gaussian"])
def test_both_inits_draw_the_stacked_shapes(init):
    kernel, recurrent = stacked_kernels(np.random.default_rng(0), 2, 3, 4, init)
    assert kernel.shape == (2, 12) and recurrent.shape == (3, 12)
