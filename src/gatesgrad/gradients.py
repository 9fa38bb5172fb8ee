"""How gradients fare through time: products of Jacobians, their norms, the analytic
bounds of Pascanu, Mikolov & Bengio (2013), and gradient clipping."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._checks import as_float, as_float_array
from .activations import get_activation


def log10_chain_norms(
    jacobians: np.ndarray, *, rows: slice | None = None, cols: slice | None = None
) -> np.ndarray:
    """log10 ‖∂s_T/∂s_t‖₂ for t = 0 … T, from the step Jacobians J_1 … J_T (T, N, N).

    ∂s_T/∂s_t = J_T J_{T−1} ⋯ J_{t+1}; entry T is the empty product (the identity).
    With `rows`/`cols`, the norm of that block of the product (e.g. ∂c_T/∂c_t inside an
    LSTM's [h; c] state). The product is renormalised at every step, so neither overflow
    nor underflow can hide its true size; an exact zero gives −inf.
    """
    J = as_float_array(jacobians, "jacobians", ndim=3)
    T, N, N2 = J.shape
    if N != N2:
        raise ValueError(f"jacobians: expected square matrices (T, N, N), got shape {J.shape}")
    rows, cols = rows or slice(None), cols or slice(None)

    def log10_block(Q: np.ndarray) -> float:
        n = np.linalg.norm(Q[rows, cols], 2)
        return float(np.log10(n)) if n > 0 else -np.inf

    out = np.empty(T + 1)
    Q = np.eye(N)  # the product divided by its norm
    out[T] = log10_block(Q)
    log_scale = 0.0
    for t in range(T, 0, -1):
        Q = Q @ J[t - 1]
        n = np.linalg.norm(Q, 2)
        if n == 0.0:
            out[:t] = -np.inf
            break
        log_scale += np.log10(n)
        Q /= n
        out[t - 1] = log_scale + log10_block(Q)
    return out


def chain_norms(jacobians: np.ndarray) -> np.ndarray:
    """‖∂h_T/∂h_t‖₂ for t = 0 … T; values beyond float64's range become inf or 0."""
    with np.errstate(over="ignore", under="ignore"):
        return 10.0 ** log10_chain_norms(jacobians)


def spectral_radius(W: np.ndarray) -> float:
    """ρ(W): the largest |eigenvalue| of a square matrix."""
    W = _square(W, "W")
    return float(np.max(np.abs(np.linalg.eigvals(W))))


def largest_singular_value(W: np.ndarray) -> float:
    """σ_max(W) = ‖W‖₂; never smaller than ρ(W)."""
    return float(np.linalg.norm(_square(W, "W"), 2))


def _square(W: object, name: str) -> np.ndarray:
    W = as_float_array(W, name, ndim=2)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"{name}: expected a square matrix, got shape {W.shape}")
    return W


def step_bound(W_hh: np.ndarray, activation: str) -> float:
    """γ·σ_max(W_hh), a bound on every ‖J_t‖ = ‖diag(φ'(a_t)) W_hh‖ (γ = max |φ'|)."""
    return get_activation(activation).gamma * largest_singular_value(W_hh)


def log10_chain_bound(W_hh: np.ndarray, activation: str, lags: np.ndarray) -> np.ndarray:
    """log10 of the bound ‖∂h_T/∂h_{T−k}‖ ≤ (γ·σ_max)^k for each lag k in `lags`."""
    k = as_float_array(lags, "lags", ndim=1)
    if np.any(k < 0):
        raise ValueError(f"lags: expected values >= 0, got minimum {k.min()}")
    rate = step_bound(W_hh, activation)
    with np.errstate(divide="ignore"):
        return k * np.log10(rate) if rate > 0 else np.where(k == 0, 0.0, -np.inf)


def gradient_regime(W_hh: np.ndarray, activation: str) -> str:
    """What Pascanu et al. (2013) guarantee for this W_hh and φ.

    'vanishing' if σ_max < 1/γ (sufficient for vanishing), else 'may explode'
    (σ_max > 1/γ is necessary, not sufficient, for exploding).
    """
    return "vanishing" if step_bound(W_hh, activation) < 1.0 else "may explode"


def _grad_list(grads: Sequence[np.ndarray]) -> list[np.ndarray]:
    if isinstance(grads, np.ndarray) or not isinstance(grads, Sequence) or not grads:
        raise TypeError(f"grads: expected a non-empty list of arrays, got {type(grads).__name__}")
    return [as_float_array(g, f"grads[{i}]") for i, g in enumerate(grads)]


def global_norm(grads: Sequence[np.ndarray]) -> float:
    """‖g‖ over all arrays together, as if they were one long vector."""
    return float(np.sqrt(sum(np.sum(g * g) for g in _grad_list(grads))))


def clip_by_global_norm(
    grads: Sequence[np.ndarray], threshold: float
) -> tuple[list[np.ndarray], float]:
    """Pascanu et al. (2013), Algorithm 1: if ‖g‖ ≥ θ then g ← θ·g/‖g‖.

    Returns the clipped arrays and the norm before clipping. The direction of the
    whole gradient is kept (Keras: `global_clipnorm`).
    """
    gs = _grad_list(grads)
    theta = as_float(threshold, "threshold", minimum=0.0, strict_minimum=True)
    norm = global_norm(gs)
    scale = theta / norm if norm >= theta else 1.0
    return [g * scale for g in gs], norm


def clip_each_by_norm(grads: Sequence[np.ndarray], threshold: float) -> list[np.ndarray]:
    """Clip every array to norm θ on its own (Keras: `clipnorm`); turns the direction."""
    gs = _grad_list(grads)
    theta = as_float(threshold, "threshold", minimum=0.0, strict_minimum=True)
    return [clip_by_global_norm([g], theta)[0][0] for g in gs]


def finite_difference_gradient(f, x: np.ndarray, *, eps: float = 1e-6) -> np.ndarray:
    """∂f/∂x by central differences, (f(x + ε e_i) − f(x − ε e_i)) / 2ε for every entry.

    `f` maps an array shaped like `x` to a number; `x` itself is left unchanged.
    """
    if not callable(f):
        raise TypeError(f"f: expected a function of one array, got {type(f).__name__}")
    x0 = as_float_array(x, "x")
    eps = as_float(eps, "eps", minimum=0.0, strict_minimum=True)
    grad = np.empty_like(x0)
    for i in np.ndindex(x0.shape):
        plus, minus = x0.copy(), x0.copy()
        plus[i] += eps
        minus[i] -= eps
        grad[i] = (float(f(plus)) - float(f(minus))) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a − b| / max(max |a|, max |b|): 0 for equal arrays, scale-free otherwise."""
    a = as_float_array(a, "a")
    b = as_float_array(b, "b", shape=a.shape)
    scale = max(np.max(np.abs(a)), np.max(np.abs(b)))
    return float(np.max(np.abs(a - b)) / scale) if scale > 0 else 0.0
