"""Squashing functions and their derivatives: logistic σ, tanh and the identity.

Elementwise on any real array: ±inf go to the limits (σ(∞) = 1), NaN stays NaN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._checks import as_choice, as_float_array


def logistic(a: np.ndarray) -> np.ndarray:
    """σ(a) = 1 / (1 + e^{-a}), computed without overflow for large |a|."""
    a = as_float_array(a, "a", finite=False)
    with np.errstate(invalid="ignore"):  # NaN in, NaN out
        return np.exp(-np.logaddexp(0.0, -a))


def logistic_prime(a: np.ndarray) -> np.ndarray:
    """σ'(a) = σ(a)(1 − σ(a)); at most 1/4, reached at a = 0."""
    s = logistic(a)
    return s * (1.0 - s)


def tanh(a: np.ndarray) -> np.ndarray:
    """tanh(a)."""
    return np.tanh(as_float_array(a, "a", finite=False))


def tanh_prime(a: np.ndarray) -> np.ndarray:
    """tanh'(a) = 1 − tanh²(a); at most 1, reached at a = 0."""
    t = tanh(a)
    return 1.0 - t * t


def linear(a: np.ndarray) -> np.ndarray:
    """The identity."""
    return as_float_array(a, "a", finite=False).copy()


def linear_prime(a: np.ndarray) -> np.ndarray:
    """The identity's derivative: 1 everywhere (NaN stays NaN)."""
    return np.where(np.isnan(as_float_array(a, "a", finite=False)), np.nan, 1.0)


@dataclass(frozen=True)
class Activation:
    """A squashing function φ, its derivative φ' and γ = max |φ'|."""

    name: str
    fn: Callable[[np.ndarray], np.ndarray]
    prime: Callable[[np.ndarray], np.ndarray]
    gamma: float


ACTIVATIONS: dict[str, Activation] = {
    "tanh": Activation("tanh", tanh, tanh_prime, 1.0),
    "logistic": Activation("logistic", logistic, logistic_prime, 0.25),
    "linear": Activation("linear", linear, linear_prime, 1.0),
}


def get_activation(activation: str) -> Activation:
    """The activation called `activation`: one of 'tanh', 'logistic', 'linear'."""
    return ACTIVATIONS[as_choice(activation, "activation", list(ACTIVATIONS))]
