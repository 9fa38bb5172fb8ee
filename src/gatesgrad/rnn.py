"""The vanilla RNN: h_t = φ(a_t), a_t = W_hh h_{t−1} + W_xh x_t + b_h.

Shapes: a sequence `xs` is (T, D); `W_xh` (H, D), `W_hh` (H, H), `b_h` (H,).
A trace keeps h_0 … h_T as `h` (T+1, H) and a_1 … a_T as `a` (T, H), so h[t] is h_t.
Parameters and traces hold read-only copies of their arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import (
    as_choice,
    as_float,
    as_float_array,
    as_frozen,
    as_instance,
    as_int,
    as_rng,
    as_sequence,
    as_trace_of,
    finite_result,
    frozen,
    nonzero_sizes,
    quiet_overflow,
)
from .activations import get_activation
from .initializers import INITS, gaussian, glorot_uniform, orthogonal


@dataclass(frozen=True)
class RNNParams:
    """Weights of a vanilla RNN and the name of its activation φ."""

    W_xh: np.ndarray  # (H, D)
    W_hh: np.ndarray  # (H, H)
    b_h: np.ndarray  # (H,)
    activation: str = "tanh"

    def __post_init__(self) -> None:
        W_xh = as_frozen(self.W_xh, "W_xh", ndim=2)
        nonzero_sizes(W_xh, "W_xh", ("H", "D"))
        H = W_xh.shape[0]
        object.__setattr__(self, "W_xh", W_xh)
        object.__setattr__(
            self, "W_hh", as_frozen(self.W_hh, "W_hh", shape=(H, H), sizes_from="W_xh")
        )
        object.__setattr__(self, "b_h", as_frozen(self.b_h, "b_h", shape=(H,), sizes_from="W_xh"))
        get_activation(self.activation)

    @property
    def input_size(self) -> int:
        return self.W_xh.shape[1]

    @property
    def hidden_size(self) -> int:
        return self.W_xh.shape[0]

    @property
    def signature(self) -> dict[str, object]:
        """What a trace must share with these parameters."""
        return {"D": self.input_size, "H": self.hidden_size, "activation": self.activation}


@dataclass(frozen=True)
class RNNTrace:
    """What the forward pass keeps for the backward pass (read-only arrays)."""

    xs: np.ndarray  # (T, D)
    a: np.ndarray  # (T, H): a_1 … a_T
    h: np.ndarray  # (T+1, H): h_0 … h_T
    activation: str  # φ's name, as in the params that made the trace

    def __post_init__(self) -> None:
        xs = frozen(as_sequence(self.xs, "xs", None))
        a = as_frozen(self.a, "a", shape=(len(xs), None), finite=False, sizes_from="xs")
        object.__setattr__(self, "xs", xs)
        object.__setattr__(self, "a", a)
        h = as_frozen(self.h, "h", shape=(len(a) + 1, a.shape[1]), finite=False, sizes_from="a")
        object.__setattr__(self, "h", h)
        get_activation(self.activation)

    @property
    def signature(self) -> dict[str, object]:
        return {"D": self.xs.shape[1], "H": self.a.shape[1], "activation": self.activation}


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
    init: str = "gaussian",
    spectral_radius: float | None = None,
) -> RNNParams:
    """Random weights and zero bias.

    `init="gaussian"`: N(0, 1/fan-in) entries. `init="keras"`: as `keras.layers.SimpleRNN`,
    a Glorot-uniform W_xh (limit √(6/(D+H))) and an orthogonal W_hh.
    With `spectral_radius`, W_hh is rescaled so that its largest |eigenvalue| equals it.
    """
    D = as_int(input_size, "input_size", minimum=1)
    H = as_int(hidden_size, "hidden_size", minimum=1)
    rng = as_rng(rng)
    init = as_choice(init, "init", INITS)
    get_activation(activation)
    if spectral_radius is not None:
        spectral_radius = as_float(spectral_radius, "spectral_radius", minimum=0.0)
    if init == "gaussian":
        W_xh = gaussian(rng, (H, D), fan_in=D)
        W_hh = gaussian(rng, (H, H), fan_in=H)
    else:  # Keras stores kernels (D, H), (H, H): W_xh and W_hh are their transposes
        W_xh = glorot_uniform(rng, (D, H)).T
        W_hh = orthogonal(rng, (H, H)).T
    if spectral_radius is not None:
        W_hh = W_hh * (spectral_radius / np.max(np.abs(np.linalg.eigvals(W_hh))))
        if not np.all(np.isfinite(W_hh)):
            raise ValueError(
                f"spectral_radius: expected a value W_hh can be scaled to, got {spectral_radius}"
            )
    return RNNParams(W_xh, W_hh, np.zeros(H), activation)


def _pre_activation(params: RNNParams, x_t: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
    return params.W_hh @ h_prev + params.W_xh @ x_t + params.b_h  # a_t (H,)


@quiet_overflow
def rnn_step(params: RNNParams, x_t: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
    """One step: h_t = φ(W_hh h_{t−1} + W_xh x_t + b_h); x_t (D,), h_prev (H,) → h_t (H,)."""
    params = as_instance(params, RNNParams, "params")
    x_t = as_float_array(x_t, "x_t", shape=(params.input_size,), sizes_from="params")
    h_prev = as_float_array(h_prev, "h_prev", shape=(params.hidden_size,), sizes_from="params")
    h_t = get_activation(params.activation).fn(_pre_activation(params, x_t, h_prev))
    finite_result("params, x_t, h_prev", "h_t", h_t)
    return h_t


@quiet_overflow
def rnn_forward(params: RNNParams, xs: np.ndarray, h0: np.ndarray | None = None) -> RNNTrace:
    """Run the RNN over `xs` (T, D) from `h0` (H,) (zeros by default)."""
    params = as_instance(params, RNNParams, "params")
    xs = as_sequence(xs, "xs", params.input_size, "params")
    T, H = xs.shape[0], params.hidden_size
    h = np.empty((T + 1, H))
    h[0] = 0.0 if h0 is None else as_float_array(h0, "h0", shape=(H,), sizes_from="params")
    phi = get_activation(params.activation)
    a = np.empty((T, H))
    for t in range(1, T + 1):
        a[t - 1] = _pre_activation(params, xs[t - 1], h[t - 1])
        h[t] = phi.fn(a[t - 1])
    finite_result("params, xs, h0", "h_t", h)
    return RNNTrace(xs=xs, a=a, h=h, activation=params.activation)


@quiet_overflow
def rnn_jacobians(params: RNNParams, trace: RNNTrace) -> np.ndarray:
    """J_t = ∂h_t/∂h_{t−1} = diag(φ'(a_t)) W_hh for t = 1 … T, shape (T, H, H)."""
    params = as_instance(params, RNNParams, "params")
    trace = as_trace_of(trace, RNNTrace, params)
    phi = get_activation(params.activation)
    J = phi.prime(trace.a)[:, :, None] * params.W_hh[None, :, :]
    finite_result("params, trace", "J_t", J)
    return J


@quiet_overflow
def rnn_bptt(params: RNNParams, trace: RNNTrace, dL_dh: np.ndarray) -> RNNGrads:
    """Backpropagation through time.

    `dL_dh` (T, H) holds the loss's direct dependence on h_1 … h_T (zeros where a step
    has no loss). Walking back, δh_{t−1} = J_tᵀ δh_t + (direct term at t−1).
    """
    params = as_instance(params, RNNParams, "params")
    trace = as_trace_of(trace, RNNTrace, params)
    T, H = trace.a.shape
    dL_dh = as_float_array(dL_dh, "dL_dh", shape=(T, H), sizes_from="trace")
    phi = get_activation(params.activation)
    dW_xh = np.zeros(params.W_xh.shape)
    dW_hh = np.zeros(params.W_hh.shape)
    db_h = np.zeros(params.b_h.shape)
    dxs = np.empty(trace.xs.shape)
    dh = np.zeros((T + 1, H))
    dh[T] = dL_dh[T - 1]
    for t in range(T, 0, -1):
        da = dh[t] * phi.prime(trace.a[t - 1])  # δa_t = δh_t ⊙ φ'(a_t)
        dW_hh += np.outer(da, trace.h[t - 1])
        dW_xh += np.outer(da, trace.xs[t - 1])
        db_h += da
        dxs[t - 1] = params.W_xh.T @ da
        dh[t - 1] = params.W_hh.T @ da + (dL_dh[t - 2] if t >= 2 else 0.0)
    finite_result("params, trace, dL_dh", "gradient", dW_xh, dW_hh, db_h, dxs, dh)
    return RNNGrads(W_xh=dW_xh, W_hh=dW_hh, b_h=db_h, xs=dxs, h=dh)
