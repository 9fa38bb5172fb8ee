"""How gradients fare through time: products of Jacobians, their norms, the analytic
bounds of Pascanu, Mikolov & Bengio (2013), and gradient clipping."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._checks import as_float, as_float_array, as_int_list
from .activations import get_activation


def log10_chain_norms(
    jacobians: np.ndarray,
    *,
    rows: slice | None = None,
    cols: slice | None = None,
    at: Sequence[int] | None = None,
) -> np.ndarray:
    """log10 ‖∂s_T/∂s_t‖₂ for t = 0 … T, from the step Jacobians J_1 … J_T (T, N, N).

    ∂s_T/∂s_t = J_T J_{T−1} ⋯ J_{t+1}; entry T is the empty product (the identity).
    With `rows`/`cols`, the norm of that block of the product (e.g. ∂c_T/∂c_t inside an
    LSTM's [h; c] state); with `at`, only at those t, in that order (each 2-norm costs an
    SVD). Every J_t is divided by its largest |entry| and the product is renormalised at
    every step, so neither overflow nor underflow can hide its true size; an exact zero
    gives −inf.
    """
    J = as_float_array(jacobians, "jacobians", ndim=3)
    T, N, N2 = J.shape
    if N != N2:
        raise ValueError(f"jacobians: expected square matrices (T, N, N), got shape {J.shape}")
    if T == 0 or N == 0:
        raise ValueError(f"jacobians: expected T >= 1 matrices of size N >= 1, got shape {J.shape}")
    rows, cols = _block(rows, "rows", N), _block(cols, "cols", N)
    wanted = range(T + 1) if at is None else as_int_list(at, "at", minimum=0)
    if max(wanted) > T:
        raise ValueError(f"at: expected steps t from 0 to T = {T}, got {max(wanted)}")

    def log10_block(Q: np.ndarray) -> float:
        n = np.linalg.norm(Q[rows, cols], 2)
        return float(np.log10(n)) if n > 0 else -np.inf

    out = np.full(T + 1, -np.inf)
    needed = set(wanted)
    Q = np.eye(N)  # the product divided by 10^log_scale
    log_scale = 0.0
    for t in range(T, min(needed) - 1, -1):
        if t < T:
            s = np.max(np.abs(J[t]))
            Q = Q @ (J[t] / s) if s > 0 else np.zeros((N, N))
            n = np.linalg.norm(Q)  # Frobenius: cheap, within √N of the 2-norm
            if n == 0.0:
                break  # this product and every longer one are exactly zero
            log_scale += np.log10(s) + np.log10(n)
            Q /= n
        if t in needed:
            out[t] = log_scale + log10_block(Q)
    return out if at is None else out[list(wanted)]


def _block(index: object, name: str, N: int) -> slice:
    """A slice of the N rows (or columns) that selects at least one."""
    if index is None:
        return slice(None)
    if not isinstance(index, slice):
        raise TypeError(f"{name}: expected a slice or None, got {type(index).__name__}")
    try:
        picked = range(N)[index]
    except (TypeError, ValueError) as error:  # a slice of floats, a zero step
        raise ValueError(f"{name}: expected a slice of integers, got {index} ({error})") from None
    if len(picked) == 0:
        raise ValueError(f"{name}: expected a slice selecting some of the N = {N}, got {index}")
    return index


def log10_gate_products(gates: np.ndarray) -> np.ndarray:
    """log10 ‖∏_{k=t+1}^{T} diag(g_k)‖₂ for t = 0 … T, from the gates g_1 … g_T (T, H).

    The path through a gated state that needs no weight matrix: an LSTM's cell along its
    forget gates, a GRU's state along its update gates. The product of diagonal matrices is
    diagonal, so its norm is max over units j of ∏_{k=t+1}^{T} g_{k,j}, computed as a sum
    of log10 g_{k,j} from the end: no underflow. Entry T is the empty product (0, the log10
    of 1); a gate of exactly 0 makes every earlier product 0 (−inf) for its unit.
    """
    g = as_float_array(gates, "gates", ndim=2)
    if g.shape[0] == 0 or g.shape[1] == 0:
        raise ValueError(f"gates: expected T >= 1 steps of H >= 1 units, got shape {g.shape}")
    if np.any((g < 0) | (g > 1)):
        raise ValueError(
            f"gates: expected gate values from 0 to 1, got values from {g.min():g} to {g.max():g}"
        )
    with np.errstate(divide="ignore"):  # a gate of exactly 0 (float64 underflow): −inf
        log_g = np.log10(g)  # (T, H)
    # ∏_{k=t+1}^{T} g_k for every unit, as a sum of logs from the end; norm = max over units
    tail = np.vstack([np.cumsum(log_g[::-1], axis=0)[::-1], np.zeros((1, g.shape[1]))])
    return tail.max(axis=1)


def chain_norms(jacobians: np.ndarray) -> np.ndarray:
    """‖∂h_T/∂h_t‖₂ for t = 0 … T; values beyond float64's range become inf or 0."""
    with np.errstate(over="ignore", under="ignore"):
        return 10.0 ** log10_chain_norms(jacobians)


def spectral_radius(W: np.ndarray) -> float:
    """ρ(W): the largest |eigenvalue| of a square matrix."""
    return float(np.max(np.abs(np.linalg.eigvals(_square(W, "W")))))


def largest_singular_value(W: np.ndarray) -> float:
    """‖W‖₂, the spectral norm (the largest singular value); never smaller than ρ(W)."""
    return _norm2(W, "W")


def _norm2(W: object, name: str) -> float:
    return float(np.linalg.norm(_square(W, name), 2))


def _square(W: object, name: str) -> np.ndarray:
    W = as_float_array(W, name, ndim=2, nonempty=True)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"{name}: expected a square matrix, got shape {W.shape}")
    return W


def step_bound(W_hh: np.ndarray, activation: str) -> float:
    """γ·‖W_hh‖₂, a bound on every ‖J_t‖ = ‖diag(φ'(a_t)) W_hh‖₂ (γ = max |φ'|)."""
    return get_activation(activation).gamma * _norm2(W_hh, "W_hh")


def log10_chain_bound(W_hh: np.ndarray, activation: str, lags: np.ndarray) -> np.ndarray:
    """log10 of the bound ‖∂h_T/∂h_{T−k}‖₂ ≤ (γ·‖W_hh‖₂)^k for each lag k in `lags`."""
    gamma = get_activation(activation).gamma
    W_hh = _square(W_hh, "W_hh")
    k = as_float_array(lags, "lags", ndim=1)
    if np.any(k < 0):
        raise ValueError(f"lags: expected values >= 0, got minimum {k.min()}")
    s = np.max(np.abs(W_hh))  # log10 ‖W_hh‖₂ = log10 s + log10 ‖W_hh/s‖₂: finite near 1e308
    if s == 0:
        return np.where(k == 0, 0.0, -np.inf)
    return k * (np.log10(gamma) + np.log10(s) + np.log10(np.linalg.norm(W_hh / s, 2)))


GRADIENT_REGIMES = ("vanishing", "vanishing in the end", "neutral", "exploding", "may explode")
UNIT_RADIUS_TOLERANCE = 1e-9  # |ρ − 1| up to this counts as ρ = 1: a W_hh scaled to ρ = 1, rounded


def gradient_regime(W_hh: np.ndarray, activation: str) -> str:
    """What ‖∂h_T/∂h_t‖₂ is sure to do as T − t grows, for this W_hh and φ (one of
    `GRADIENT_REGIMES`).

    'vanishing': γ·‖W_hh‖₂ < 1 bounds it by (γ·‖W_hh‖₂)^{T−t} (Pascanu et al. 2013), for any φ.
    Otherwise, for the linear φ the chain is W_hh^{T−t}, and ρ^k ≤ ‖W_hh^k‖₂ with
    ‖W_hh^k‖₂^{1/k} → ρ = ρ(W_hh): 'exploding' if ρ > 1; 'neutral' if ρ = 1 (to within
    `UNIT_RADIUS_TOLERANCE`): never below 1, never exponential growth; 'vanishing in the end'
    if ρ < 1, after growing for a while at most. For tanh and the logistic, 'may explode':
    γ·‖W_hh‖₂ ≥ 1 is necessary for exploding, not sufficient; the slopes φ' decide.
    """
    if step_bound(W_hh, activation) < 1.0:
        return "vanishing"
    if get_activation(activation).name != "linear":
        return "may explode"
    W = _square(W_hh, "W_hh")
    s = np.max(np.abs(W))  # > 0 here; ρ = s·ρ(W/s) cannot overflow inside eigvals
    with np.errstate(over="ignore"):
        rho = float(s * np.max(np.abs(np.linalg.eigvals(W / s))))
    if abs(rho - 1.0) <= UNIT_RADIUS_TOLERANCE:
        return "neutral"
    return "exploding" if rho > 1.0 else "vanishing in the end"


def _grad_list(grads: Sequence[np.ndarray]) -> list[np.ndarray]:
    if isinstance(grads, np.ndarray) or not isinstance(grads, Sequence) or not grads:
        raise TypeError(f"grads: expected a non-empty list of arrays, got {type(grads).__name__}")
    return [as_float_array(g, f"grads[{i}]") for i, g in enumerate(grads)]


def _scaled_norm(gs: list[np.ndarray]) -> tuple[float, float]:
    """(m, r) with ‖g‖ = m·r: m = max |entry|, r = ‖g/m‖ in [1, √n] (no overflow in r)."""
    m = max((float(np.max(np.abs(g))) for g in gs if g.size), default=0.0)
    if m == 0.0:
        return 0.0, 0.0
    return m, float(np.sqrt(sum(np.sum((g / m) ** 2) for g in gs)))


def global_norm(grads: Sequence[np.ndarray]) -> float:
    """‖g‖ over all arrays together, as if they were one long vector.

    Computed as m·‖g/m‖ with m = max |entry|, so entries above 1e154 (whose squares
    overflow) still give the right norm; inf only if the norm itself exceeds float64.
    """
    m, r = _scaled_norm(_grad_list(grads))
    with np.errstate(over="ignore"):
        return float(np.float64(m) * r)


def clip_by_global_norm(grads: Sequence[np.ndarray], threshold: float) -> list[np.ndarray]:
    """Pascanu et al. (2013), Algorithm 1: if ‖g‖ ≥ θ then g ← θ·g/‖g‖; returns the arrays.

    The direction of the whole gradient is kept (Keras: `global_clipnorm`), even for a
    gradient whose norm overflows float64: θ·g/‖g‖ is computed as (g/m)·(θ/‖g/m‖).
    """
    gs = _grad_list(grads)
    theta = as_float(threshold, "threshold", minimum=0.0, strict_minimum=True)
    m, r = _scaled_norm(gs)
    with np.errstate(over="ignore"):
        unclipped = np.float64(m) * r < theta
    if unclipped:
        return [g.copy() for g in gs]
    return [(g / m) * (theta / r) for g in gs]


def clip_each_by_norm(grads: Sequence[np.ndarray], threshold: float) -> list[np.ndarray]:
    """Clip every array to norm θ on its own (Keras: `clipnorm`); turns the direction."""
    gs = _grad_list(grads)
    theta = as_float(threshold, "threshold", minimum=0.0, strict_minimum=True)
    return [clip_by_global_norm([g], theta)[0] for g in gs]


def finite_difference_gradient(f, x: np.ndarray, *, eps: float = 1e-6) -> np.ndarray:
    """∂f/∂x by central differences, (f(x + ε e_i) − f(x − ε e_i)) / 2ε for every entry.

    `f` maps an array shaped like `x` to one real number; `x` itself is left unchanged.
    """
    if not callable(f):
        raise TypeError(f"f: expected a function of one array, got {type(f).__name__}")
    x0 = as_float_array(x, "x")
    eps = as_float(eps, "eps", minimum=0.0, strict_minimum=True)
    grad = np.empty(x0.shape)
    for i in np.ndindex(x0.shape):
        plus, minus = x0.copy(), x0.copy()
        plus[i] += eps
        minus[i] -= eps
        grad[i] = (_number(f(plus), i) - _number(f(minus), i)) / (2 * eps)
    return grad


def _number(value: object, at: tuple[int, ...]) -> float:
    """f's value as a float: one finite real number."""
    arr = np.asarray(value) if not isinstance(value, str | bytes) else None
    if arr is None or arr.shape != () or not np.isrealobj(arr) or arr.dtype == object:
        what = type(value).__name__ if arr is None else f"{type(value).__name__} {arr.shape}"
        raise TypeError(f"f: expected a function returning one real number, got {what}")
    if not np.isfinite(arr):
        raise ValueError(f"f, x: expected f finite near x, got {float(arr)} at x[{at}] ± eps")
    return float(arr)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a − b| / max(max |a|, max |b|): 0 for equal arrays, scale-free otherwise."""
    a = as_float_array(a, "a", nonempty=True)
    b = as_float_array(b, "b")
    if b.shape != a.shape:
        raise ValueError(f"a, b: expected the same shape, got {a.shape} and {b.shape}")
    scale = max(np.max(np.abs(a)), np.max(np.abs(b)))
    return float(np.max(np.abs(a / scale - b / scale))) if scale > 0 else 0.0
