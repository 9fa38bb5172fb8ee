"""The GRU (Cho et al. 2014), in the book's notation, with parameters stored as Keras stores them.

Per gate, column vectors (W_x• is (H, D), W_h• is (H, H)):

    z_t = σ(W_xz x_t + W_hz h_{t−1} + b_z)                 update gate
    r_t = σ(W_xr x_t + W_hr h_{t−1} + b_r)                 reset gate
    h̃_t = tanh(W_xh x_t + W_hh (r_t ⊙ h_{t−1}) + b_h)       candidate, reset before (Cho et al.)
    h̃_t = tanh(W_xh x_t + b_xh + r_t ⊙ (W_hh h_{t−1} + b_hh))   reset after (Keras' default)
    h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t

so z_t is what each unit keeps of its state and 1 − z_t what it takes of the candidate: a forget
gate and an input gate coupled to sum to 1 (Cho et al.'s and Keras' convention).

Storage (Keras' layout, gate order z, r, h): `kernel` K (D, 3H) holds W_xzᵀ, W_xrᵀ, W_xhᵀ side
by side, `recurrent_kernel` R (H, 3H) the W_h•ᵀ. With `reset_after=False` (Keras'
`reset_after=False`, Cho et al.'s form) `bias` is (3H,): b_z, b_r, b_h. With `reset_after=True`
(Keras' default) `bias` is (2, 3H): row 0 is added to x_t K, row 1 to h_{t−1} R, so the gates'
biases are the sums b_z = b[0, z] + b[1, z], b_r likewise, and the candidate keeps the two apart
(b_xh = b[0, h] outside the reset, b_hh = b[1, h] inside it).

A sequence `xs` is (T, D). A trace keeps h_0 … h_T as (T+1, H) and z, r, h̃ as (T, H).
Parameters and traces hold read-only copies of their arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import (
    as_bool,
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
from .activations import logistic, tanh
from .initializers import stacked_kernels

GRU_GATES = ("z", "r", "h")  # the order of the three blocks: update, reset, candidate


@dataclass(frozen=True)
class GRUParams:
    """Weights of a GRU layer as Keras stores them, and where the reset is applied."""

    kernel: np.ndarray  # (D, 3H)
    recurrent_kernel: np.ndarray  # (H, 3H)
    bias: np.ndarray  # (2, 3H) if reset_after, else (3H,)
    reset_after: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "reset_after", as_bool(self.reset_after, "reset_after"))
        R = as_frozen(self.recurrent_kernel, "recurrent_kernel", ndim=2)
        nonzero_sizes(R, "recurrent_kernel", ("H",))
        H = R.shape[0]
        if R.shape[1] != 3 * H:
            raise ValueError(f"recurrent_kernel: expected shape (H, 3H), got {R.shape}")
        K = as_frozen(self.kernel, "kernel", shape=(None, 3 * H), sizes_from="recurrent_kernel")
        nonzero_sizes(K, "kernel", ("D",))
        shape = (2, 3 * H) if self.reset_after else (3 * H,)
        b = as_frozen(self.bias, "bias")
        if b.shape != shape:
            raise ValueError(
                f"bias: expected shape {shape} (H = {H} from recurrent_kernel, "
                f"reset_after={self.reset_after}), got {b.shape}"
            )
        object.__setattr__(self, "recurrent_kernel", R)
        object.__setattr__(self, "kernel", K)
        object.__setattr__(self, "bias", b)

    @property
    def input_size(self) -> int:
        return self.kernel.shape[0]

    @property
    def hidden_size(self) -> int:
        return self.recurrent_kernel.shape[0]

    @property
    def signature(self) -> dict[str, object]:
        """What a trace must share with these parameters."""
        return {"D": self.input_size, "H": self.hidden_size, "reset_after": self.reset_after}

    def gate(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One block's (W_x (H, D), W_h (H, H), b) in the book's column layout: b is (H,), or
        (2, H) with `reset_after` (the input bias, then the recurrent bias)."""
        block = gru_gate_slice(name, self.hidden_size)
        return self.kernel[:, block].T, self.recurrent_kernel[:, block].T, self.bias[..., block]


def gru_gate_slice(name: str, hidden_size: int) -> slice:
    """Where block `name` sits in the 3H columns (order z, r, h)."""
    k = GRU_GATES.index(as_choice(name, "name", GRU_GATES))
    return slice(k * hidden_size, (k + 1) * hidden_size)


@dataclass(frozen=True)
class GRUTrace:
    """Everything the forward pass computed, step by step (read-only arrays)."""

    xs: np.ndarray  # (T, D)
    z: np.ndarray  # (T, H) update gate
    r: np.ndarray  # (T, H) reset gate
    h_tilde: np.ndarray  # (T, H) candidate h̃_t
    h: np.ndarray  # (T+1, H) hidden state h_0 … h_T
    reset_after: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "reset_after", as_bool(self.reset_after, "reset_after"))
        xs = frozen(as_sequence(self.xs, "xs", None))
        T = xs.shape[0]
        z = as_frozen(self.z, "z", shape=(T, None), finite=False, sizes_from="xs")
        H = z.shape[1]
        object.__setattr__(self, "xs", xs)
        object.__setattr__(self, "z", z)
        for name, steps in (("r", T), ("h_tilde", T), ("h", T + 1)):
            value = as_frozen(
                getattr(self, name), name, shape=(steps, H), finite=False, sizes_from="z"
            )
            object.__setattr__(self, name, value)

    @property
    def signature(self) -> dict[str, object]:
        return {"D": self.xs.shape[1], "H": self.z.shape[1], "reset_after": self.reset_after}


@dataclass(frozen=True)
class GRUGrads:
    """∂L/∂(every parameter), ∂L/∂x_t, and the total ∂L/∂h_t for t = 0 … T."""

    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray
    xs: np.ndarray  # (T, D)
    h: np.ndarray  # (T+1, H); h[0] is ∂L/∂h_0


def init_gru(
    input_size: int,
    hidden_size: int,
    *,
    rng: np.random.Generator | int,
    update_bias: float = 0.0,
    reset_after: bool = True,
    init: str = "keras",
) -> GRUParams:
    """Random weights and a zero bias except the update gate's, which starts at `update_bias`
    (Keras starts every GRU bias at 0; with `reset_after` it goes in the input row).

    `init="keras"`: Keras' defaults, a Glorot-uniform kernel and an orthogonal recurrent
    kernel. `init="gaussian"`: N(0, 1/fan-in) entries in both.
    """
    D = as_int(input_size, "input_size", minimum=1)
    H = as_int(hidden_size, "hidden_size", minimum=1)
    rng = as_rng(rng)
    b_z = as_float(update_bias, "update_bias")
    reset_after = as_bool(reset_after, "reset_after")
    kernel, recurrent = stacked_kernels(rng, D, H, 3, init)
    bias = np.zeros((2, 3 * H) if reset_after else 3 * H)
    bias[(0, gru_gate_slice("z", H)) if reset_after else gru_gate_slice("z", H)] = b_z
    return GRUParams(kernel, recurrent, bias, reset_after=reset_after)


def _split_bias(params: GRUParams) -> tuple[np.ndarray, np.ndarray]:
    """The bias added to x_t K and the one added to h_{t−1} R (zero without reset_after)."""
    if params.reset_after:
        return params.bias[0], params.bias[1]
    return params.bias, np.zeros_like(params.bias)


def _candidate_recurrence(params: GRUParams, r_t: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
    """u_t, the candidate's recurrent term: W_hh h_{t−1} + b_hh with the reset after (the
    reset multiplies it), W_hh (r_t ⊙ h_{t−1}) before."""
    H = params.hidden_size
    R_h = params.recurrent_kernel[:, 2 * H :]
    if params.reset_after:
        return h_prev @ R_h + params.bias[1, 2 * H :]
    return (r_t * h_prev) @ R_h


def _cell(params: GRUParams, x_t: np.ndarray, h_prev: np.ndarray) -> tuple[np.ndarray, ...]:
    """One step's z_t, r_t, h̃_t, h_t and u_t (each (H,)); u_t = W_hh h_{t−1} + b_hh with the
    reset after, W_hh (r_t ⊙ h_{t−1}) before."""
    H = params.hidden_size
    b_x, b_h = _split_bias(params)
    x_part = x_t @ params.kernel + b_x  # (3H,)
    R = params.recurrent_kernel
    h_part = h_prev @ R[:, : 2 * H] + b_h[: 2 * H]  # the gates' recurrent terms
    z_t = logistic(x_part[:H] + h_part[:H])
    r_t = logistic(x_part[H : 2 * H] + h_part[H:])
    u_t = _candidate_recurrence(params, r_t, h_prev)
    h_tilde = tanh(x_part[2 * H :] + (r_t * u_t if params.reset_after else u_t))
    h_t = z_t * h_prev + (1 - z_t) * h_tilde
    return z_t, r_t, h_tilde, h_t, u_t


@quiet_overflow
def gru_step(params: GRUParams, x_t: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
    """One step: x_t (D,), h_prev (H,) → h_t (H,).

    For the gates of one step: `gru_forward(params, x_t[None], h_prev).z[0]`.
    """
    params = as_instance(params, GRUParams, "params")
    x_t = as_float_array(x_t, "x_t", shape=(params.input_size,), sizes_from="params")
    h_prev = as_float_array(h_prev, "h_prev", shape=(params.hidden_size,), sizes_from="params")
    h_t = _cell(params, x_t, h_prev)[3]
    finite_result("params, x_t, h_prev", "h_t", h_t)
    return h_t


@quiet_overflow
def gru_forward(params: GRUParams, xs: np.ndarray, h0: np.ndarray | None = None) -> GRUTrace:
    """Run the GRU over `xs` (T, D) from h0 (H,) (zeros by default)."""
    params = as_instance(params, GRUParams, "params")
    H = params.hidden_size
    xs = as_sequence(xs, "xs", params.input_size, "params")
    T = xs.shape[0]
    h = np.empty((T + 1, H))
    h[0] = 0.0 if h0 is None else as_float_array(h0, "h0", shape=(H,), sizes_from="params")
    z, r, h_tilde = (np.empty((T, H)) for _ in range(3))
    for t in range(1, T + 1):
        z[t - 1], r[t - 1], h_tilde[t - 1], h[t], _ = _cell(params, xs[t - 1], h[t - 1])
    finite_result("params, xs, h0", "h_t", h)
    return GRUTrace(xs=xs, z=z, r=r, h_tilde=h_tilde, h=h, reset_after=params.reset_after)


def _step_terms(params: GRUParams, trace: GRUTrace, t: int) -> tuple[np.ndarray, ...]:
    """At step t: z_t, r_t, h̃_t, h_{t−1} and u_t as the forward pass computed them."""
    h_prev, r_t = trace.h[t - 1], trace.r[t - 1]
    u_t = _candidate_recurrence(params, r_t, h_prev)
    return trace.z[t - 1], r_t, trace.h_tilde[t - 1], h_prev, u_t


@quiet_overflow
def gru_bptt(params: GRUParams, trace: GRUTrace, dL_dh: np.ndarray) -> GRUGrads:
    """Backpropagation through time for the GRU.

    `dL_dh` (T, H) holds the loss's direct dependence on h_1 … h_T. Walking back, the direct
    path contributes δh_{t−1} = δh_t ⊙ z_t: the update gate is the part of ∂h_t/∂h_{t−1}
    that needs no weight matrix.
    """
    params = as_instance(params, GRUParams, "params")
    trace = as_trace_of(trace, GRUTrace, params)
    T, H = trace.z.shape
    dL_dh = as_float_array(dL_dh, "dL_dh", shape=(T, H), sizes_from="trace")
    K, R = params.kernel, params.recurrent_kernel
    dK, dR, db = (np.zeros(a.shape) for a in (K, R, params.bias))
    dxs = np.empty(trace.xs.shape)
    dh = np.zeros((T + 1, H))
    dh[T] = dL_dh[T - 1]
    gates, cand = slice(0, 2 * H), slice(2 * H, 3 * H)
    for t in range(T, 0, -1):
        z_t, r_t, n_t, h_prev, u_t = _step_terms(params, trace, t)
        dz = dh[t] * (h_prev - n_t) * z_t * (1 - z_t)  # δ of z's pre-activation
        dn = dh[t] * (1 - z_t) * (1 - n_t**2)  # δ of h̃'s pre-activation
        if params.reset_after:
            dr = dn * u_t * r_t * (1 - r_t)
            du = dn * r_t  # δu_t, u_t = W_hh h_{t−1} + b_hh
            d_rec = np.concatenate([dz, dr, du])  # what reaches h_{t−1} R + b_hh
            dR += np.outer(h_prev, d_rec)
            db[0] += np.concatenate([dz, dr, dn])
            db[1] += d_rec
            dh_prev = R @ d_rec
        else:
            d_reset_h = R[:, cand] @ dn  # δ(r_t ⊙ h_{t−1})
            dr = d_reset_h * h_prev * r_t * (1 - r_t)
            dR[:, gates] += np.outer(h_prev, np.concatenate([dz, dr]))
            dR[:, cand] += np.outer(r_t * h_prev, dn)
            db += np.concatenate([dz, dr, dn])
            dh_prev = R[:, gates] @ np.concatenate([dz, dr]) + d_reset_h * r_t
        d_in = np.concatenate([dz, dr, dn])
        dK += np.outer(trace.xs[t - 1], d_in)
        dxs[t - 1] = K @ d_in
        dh[t - 1] = dh_prev + dh[t] * z_t + (dL_dh[t - 2] if t >= 2 else 0.0)
    finite_result("params, trace, dL_dh", "gradient", dK, dR, db, dxs, dh)
    return GRUGrads(kernel=dK, recurrent_kernel=dR, bias=db, xs=dxs, h=dh)


@quiet_overflow
def gru_jacobians(params: GRUParams, trace: GRUTrace) -> np.ndarray:
    """∂h_t/∂h_{t−1} for t = 1 … T, shape (T, H, H):

        diag(z_t) + diag((h_{t−1} − h̃_t) ⊙ σ'_z) W_hz + diag((1 − z_t) ⊙ tanh'_h) ∂a_t/∂h_{t−1},

    the first term the direct path, a_t the candidate's pre-activation.
    """
    params = as_instance(params, GRUParams, "params")
    trace = as_trace_of(trace, GRUTrace, params)
    T, H = trace.z.shape
    W_hz, W_hr, W_hh = (params.gate(name)[1] for name in GRU_GATES)
    J = np.empty((T, H, H))
    for t in range(1, T + 1):
        z_t, r_t, n_t, h_prev, u_t = _step_terms(params, trace, t)
        if params.reset_after:  # a = … + r ⊙ u, u = W_hh h_{t−1} + b_hh
            da_dh = r_t[:, None] * W_hh + (u_t * r_t * (1 - r_t))[:, None] * W_hr
        else:  # a = … + W_hh (r ⊙ h_{t−1})
            da_dh = W_hh * r_t[None, :] + (W_hh * h_prev[None, :]) @ (
                (r_t * (1 - r_t))[:, None] * W_hr
            )
        J[t - 1] = (
            np.diag(z_t)
            + ((h_prev - n_t) * z_t * (1 - z_t))[:, None] * W_hz
            + ((1 - z_t) * (1 - n_t**2))[:, None] * da_dh
        )
    finite_result("params, trace", "J_t", J)
    return J
