"""The vanilla RNN: h_t = φ(a_t), a_t = W_hh h_{t−1} + W_xh x_t + b_h.

Shapes: a sequence `xs` is (T, D); `W_xh` (H, D), `W_hh` (H, H), `b_h` (H,).
A trace keeps h_0 … h_T as `h` (T+1, H) and a_1 … a_T as `a` (T, H), so h[t] is h_t.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import as_float, as_float_array, as_int, as_rng
from .activations import get_activation


@dataclass(frozen=True)
class RNNParams:
    """Weights of a vanilla RNN and the name of its activation φ."""

    W_xh: np.ndarray  # (H, D)
    W_hh: np.ndarray  # (H, H)
    b_h: np.ndarray  # (H,)
    activation: str = "tanh"

    def __post_init__(self) -> None:
        W_xh = as_float_array(self.W_xh, "W_xh", ndim=2)
        H = W_xh.shape[0]
        object.__setattr__(self, "W_xh", W_xh)
        object.__setattr__(self, "W_hh", as_float_array(self.W_hh, "W_hh", shape=(H, H)))
        object.__setattr__(self, "b_h", as_float_array(self.b_h, "b_h", shape=(H,)))
        get_activation(self.activation)

    @property
    def input_size(self) -> int:
        return self.W_xh.shape[1]

    @property
    def hidden_size(self) -> int:
        return self.W_xh.shape[0]


@dataclass(frozen=True)
class RNNTrace:
    """What the forward pass keeps for the backward pass."""

    xs: np.ndarray  # (T, D)
    a: np.ndarray  # (T, H): a_1 … a_T
    h: np.ndarray  # (T+1, H): h_0 … h_T


@dataclass(frozen=True)
class RNNGrads:
    """∂L/∂(every parameter), ∂L/∂x_t and the total ∂L/∂h_t for t = 0 … T."""

    W_xh: np.ndarray
    W_hh: np.ndarray
    b_h: np.ndarray
    xs: np.ndarray  # (T, D)
    h: np.ndarray  # (T+1, H); h[0] is ∂L/∂h_0


def init_rnn(
    input_size: int,
    hidden_size: int,
    *,
    rng: np.random.Generator | int,
    activation: str = "tanh",
    spectral_radius: float | None = None,
) -> RNNParams:
    """Gaussian weights with variance 1/fan-in and zero bias.

    With `spectral_radius`, W_hh is rescaled so that its largest |eigenvalue| equals it.
    """
    D = as_int(input_size, "input_size", minimum=1)
    H = as_int(hidden_size, "hidden_size", minimum=1)
    rng = as_rng(rng)
    W_xh = rng.normal(0.0, 1.0 / np.sqrt(D), size=(H, D))
    W_hh = rng.normal(0.0, 1.0 / np.sqrt(H), size=(H, H))
    if spectral_radius is not None:
        rho = as_float(spectral_radius, "spectral_radius", minimum=0.0)
        W_hh = W_hh * (rho / np.max(np.abs(np.linalg.eigvals(W_hh))))
    return RNNParams(W_xh, W_hh, np.zeros(H), activation)


def _check_inputs(params: RNNParams, xs: object, h0: object) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(params, RNNParams):
        raise TypeError(f"params: expected RNNParams, got {type(params).__name__}")
    xs = as_float_array(xs, "xs", shape=(None, params.input_size))
    if xs.shape[0] < 1:
        raise ValueError("xs: expected at least one time step, got T = 0")
    if h0 is None:
        h0 = np.zeros(params.hidden_size)
    return xs, as_float_array(h0, "h0", shape=(params.hidden_size,))


def rnn_step(params: RNNParams, x_t: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
    """One step: h_t = φ(W_hh h_{t−1} + W_xh x_t + b_h)."""
    xs, h_prev = _check_inputs(params, np.atleast_2d(x_t), h_prev)
    phi = get_activation(params.activation)
    return phi.fn(params.W_hh @ h_prev + params.W_xh @ xs[0] + params.b_h)


def rnn_forward(params: RNNParams, xs: np.ndarray, h0: np.ndarray | None = None) -> RNNTrace:
    """Run the RNN over `xs` (T, D) from `h0` (zeros by default)."""
    xs, h0 = _check_inputs(params, xs, h0)
    phi = get_activation(params.activation)
    T, H = xs.shape[0], params.hidden_size
    a = np.empty((T, H))
    h = np.empty((T + 1, H))
    h[0] = h0
    for t in range(1, T + 1):
        a[t - 1] = params.W_hh @ h[t - 1] + params.W_xh @ xs[t - 1] + params.b_h
        h[t] = phi.fn(a[t - 1])
    return RNNTrace(xs=xs, a=a, h=h)


def step_jacobians(params: RNNParams, trace: RNNTrace) -> np.ndarray:
    """J_t = ∂h_t/∂h_{t−1} = diag(φ'(a_t)) W_hh for t = 1 … T, shape (T, H, H)."""
    phi = get_activation(params.activation)
    return phi.prime(trace.a)[:, :, None] * params.W_hh[None, :, :]


def rnn_bptt(params: RNNParams, trace: RNNTrace, dL_dh: np.ndarray) -> RNNGrads:
    """Backpropagation through time.

    `dL_dh` (T, H) holds the loss's direct dependence on h_1 … h_T (zeros where a step
    has no loss). Walking back, δh_{t−1} = J_tᵀ δh_t + (direct term at t−1).
    """
    T, H = trace.a.shape
    dL_dh = as_float_array(dL_dh, "dL_dh", shape=(T, H))
    phi = get_activation(params.activation)
    dW_xh = np.zeros_like(params.W_xh)
    dW_hh = np.zeros_like(params.W_hh)
    db_h = np.zeros_like(params.b_h)
    dxs = np.empty_like(trace.xs)
    dh = np.zeros((T + 1, H))
    dh[T] = dL_dh[T - 1]
    for t in range(T, 0, -1):
        da = dh[t] * phi.prime(trace.a[t - 1])  # δa_t = δh_t ⊙ φ'(a_t)
        dW_hh += np.outer(da, trace.h[t - 1])
        dW_xh += np.outer(da, trace.xs[t - 1])
        db_h += da
        dxs[t - 1] = params.W_xh.T @ da
        dh[t - 1] = params.W_hh.T @ da + (dL_dh[t - 2] if t >= 2 else 0.0)
    return RNNGrads(W_xh=dW_xh, W_hh=dW_hh, b_h=db_h, xs=dxs, h=dh)
