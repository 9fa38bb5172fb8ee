"""The LSTM, in the book's notation, with parameters stored as Keras stores them.

Per gate, column vectors (W_x• is (H, D), W_h• is (H, H), b_• is (H,)):

    i_t = σ(z^i_t),  f_t = σ(z^f_t),  g_t = tanh(z^g_t),  o_t = σ(z^o_t),
    z^•_t = W_x• x_t + W_h• h_{t−1} + b_•,
    c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t,     h_t = o_t ⊙ tanh(c_t).

Storage (Keras' layout): `kernel` K (D, 4H) holds W_xiᵀ, W_xfᵀ, W_xgᵀ, W_xoᵀ side by side,
`recurrent_kernel` R (H, 4H) the W_h•ᵀ, `bias` b (4H,); as rows, z_t = x_t K + h_{t−1} R + b,
blocks in the order of `GATES` (Keras calls the candidate's block "c").
`params.gate(name)` gives one gate's (W_x, W_h, b) in column layout.

A sequence `xs` is (T, D). A trace keeps h_0 … h_T and c_0 … c_T as (T+1, H), every gate
as (T, H) and z as (T, 4H). Parameters and traces hold read-only copies of their arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
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
from .activations import logistic, tanh
from .initializers import stacked_kernels

GATES = ("i", "f", "g", "o")  # the order of the four blocks (Keras calls "g" "c")


@dataclass(frozen=True)
class LSTMParams:
    """Weights of an LSTM layer as Keras stores them."""

    kernel: np.ndarray  # (D, 4H)
    recurrent_kernel: np.ndarray  # (H, 4H)
    bias: np.ndarray  # (4H,)

    def __post_init__(self) -> None:
        R = as_frozen(self.recurrent_kernel, "recurrent_kernel", ndim=2)
        nonzero_sizes(R, "recurrent_kernel", ("H",))
        H = R.shape[0]
        if R.shape[1] != 4 * H:
            raise ValueError(f"recurrent_kernel: expected shape (H, 4H), got {R.shape}")
        K = as_frozen(self.kernel, "kernel", shape=(None, 4 * H), sizes_from="recurrent_kernel")
        nonzero_sizes(K, "kernel", ("D",))
        object.__setattr__(self, "recurrent_kernel", R)
        object.__setattr__(self, "kernel", K)
        object.__setattr__(
            self,
            "bias",
            as_frozen(self.bias, "bias", shape=(4 * H,), sizes_from="recurrent_kernel"),
        )

    @classmethod
    def from_gates(
        cls, gates: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    ) -> LSTMParams:
        """Params from each gate's (W_x (H, D), W_h (H, H), b (H,)), keys 'i', 'f', 'g', 'o'."""
        if not isinstance(gates, Mapping):
            raise TypeError(f"gates: expected a dict of gates, got {type(gates).__name__}")
        if set(gates) != set(GATES):
            raise ValueError(f"gates: expected the keys {list(GATES)}, got {list(gates)}")
        blocks = []
        for name in GATES:
            block = gates[name]
            if not isinstance(block, tuple | list) or len(block) != 3:
                raise TypeError(f"gates[{name!r}]: expected a tuple (W_x, W_h, b), got {block!r}")
            label = f"gates[{name!r}][0] (W_x{name})"
            W_x = as_float_array(
                block[0],
                label,
                shape=blocks[0][0].shape if blocks else (None,) * 2,
                sizes_from="gates['i']",
            )
            nonzero_sizes(W_x, label, ("H", "D"))
            H = W_x.shape[0]
            W_h = as_float_array(
                block[1], f"gates[{name!r}][1] (W_h{name})", shape=(H, H), sizes_from=label
            )
            b = as_float_array(
                block[2], f"gates[{name!r}][2] (b_{name})", shape=(H,), sizes_from=label
            )
            blocks.append((W_x, W_h, b))
        W_x, W_h, b = zip(*blocks, strict=True)
        return cls(np.concatenate(W_x).T, np.concatenate(W_h).T, np.concatenate(b))

    @property
    def input_size(self) -> int:
        return self.kernel.shape[0]

    @property
    def hidden_size(self) -> int:
        return self.recurrent_kernel.shape[0]

    @property
    def signature(self) -> dict[str, object]:
        """What a trace must share with these parameters."""
        return {"D": self.input_size, "H": self.hidden_size}

    def gate(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One gate's (W_x (H, D), W_h (H, H), b (H,)) in the book's column layout."""
        block = gate_slice(name, self.hidden_size)
        return self.kernel[:, block].T, self.recurrent_kernel[:, block].T, self.bias[block]


def gate_slice(name: str, hidden_size: int) -> slice:
    """Where gate `name` sits in the 4H columns (order i, f, g, o)."""
    k = GATES.index(as_choice(name, "name", GATES))
    return slice(k * hidden_size, (k + 1) * hidden_size)


@dataclass(frozen=True)
class LSTMTrace:
    """Everything the forward pass computed, step by step (read-only arrays)."""

    xs: np.ndarray  # (T, D)
    z: np.ndarray  # (T, 4H) pre-activations z^i, z^f, z^g, z^o side by side
    i: np.ndarray  # (T, H) input gate
    f: np.ndarray  # (T, H) forget gate
    g: np.ndarray  # (T, H) candidate
    o: np.ndarray  # (T, H) output gate
    c: np.ndarray  # (T+1, H) cell state c_0 … c_T
    h: np.ndarray  # (T+1, H) hidden state h_0 … h_T
    forget_gate: float | None = None  # the value f_t was held at, if it was

    def __post_init__(self) -> None:
        xs = frozen(as_sequence(self.xs, "xs", None))
        T = xs.shape[0]
        i = as_frozen(self.i, "i", shape=(T, None), finite=False, sizes_from="xs")
        H = i.shape[1]
        object.__setattr__(self, "xs", xs)
        object.__setattr__(self, "i", i)
        object.__setattr__(
            self, "z", as_frozen(self.z, "z", shape=(T, 4 * H), finite=False, sizes_from="i")
        )
        for name, steps in (("f", T), ("g", T), ("o", T), ("c", T + 1), ("h", T + 1)):
            value = as_frozen(
                getattr(self, name), name, shape=(steps, H), finite=False, sizes_from="i"
            )
            object.__setattr__(self, name, value)
        if self.forget_gate is not None:
            held = as_float(self.forget_gate, "forget_gate", minimum=0.0, maximum=1.0)
            object.__setattr__(self, "forget_gate", held)

    @property
    def signature(self) -> dict[str, object]:
        return {"D": self.xs.shape[1], "H": self.i.shape[1]}


@dataclass(frozen=True)
class LSTMGrads:
    """∂L/∂(every parameter), ∂L/∂x_t, and the total ∂L/∂h_t, ∂L/∂c_t for t = 0 … T."""

    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray
    xs: np.ndarray  # (T, D)
    h: np.ndarray  # (T+1, H); h[0] is ∂L/∂h_0
    c: np.ndarray  # (T+1, H); c[t] is δc_t, the path through h_t included; c[0] is ∂L/∂c_0


def init_lstm(
    input_size: int,
    hidden_size: int,
    *,
    rng: np.random.Generator | int,
    forget_bias: float = 1.0,
    init: str = "keras",
) -> LSTMParams:
    """Random weights, zero bias except the forget gate's, which starts at `forget_bias`
    (Keras' unit_forget_bias: 1).

    `init="keras"`: Keras' defaults, a Glorot-uniform kernel and an orthogonal recurrent
    kernel. `init="gaussian"`: N(0, 1/fan-in) entries in both.
    """
    D = as_int(input_size, "input_size", minimum=1)
    H = as_int(hidden_size, "hidden_size", minimum=1)
    rng = as_rng(rng)
    b_f = as_float(forget_bias, "forget_bias")
    kernel, recurrent = stacked_kernels(rng, D, H, 4, init)
    bias = np.zeros(4 * H)
    bias[gate_slice("f", H)] = b_f
    return LSTMParams(kernel, recurrent, bias)


def _cell(
    params: LSTMParams,
    x_t: np.ndarray,
    h_prev: np.ndarray,
    c_prev: np.ndarray,
    forget_gate: float | None,
) -> tuple[np.ndarray, ...]:
    """One step's z_t (4H,), i_t, f_t, g_t, o_t, c_t, h_t (each (H,))."""
    z_t = x_t @ params.kernel + h_prev @ params.recurrent_kernel + params.bias
    H = len(h_prev)
    sigma = logistic(z_t)  # one call for the three gates (σ of z^g is computed and unused)
    i_t, f_t, o_t = sigma[:H], sigma[H : 2 * H], sigma[3 * H :]
    g_t = tanh(z_t[2 * H : 3 * H])
    if forget_gate is not None:
        f_t = np.full(len(f_t), forget_gate)
    c_t = f_t * c_prev + i_t * g_t
    h_t = o_t * np.tanh(c_t)
    return z_t, i_t, f_t, g_t, o_t, c_t, h_t


@quiet_overflow
def lstm_step(
    params: LSTMParams, x_t: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One step: x_t (D,), h_prev (H,), c_prev (H,) → (h_t, c_t), each (H,).

    For the gates of one step: `lstm_forward(params, x_t[None], h_prev, c_prev).f[0]`.
    """
    params = as_instance(params, LSTMParams, "params")
    x_t = as_float_array(x_t, "x_t", shape=(params.input_size,), sizes_from="params")
    h_prev = as_float_array(h_prev, "h_prev", shape=(params.hidden_size,), sizes_from="params")
    c_prev = as_float_array(c_prev, "c_prev", shape=(params.hidden_size,), sizes_from="params")
    *_, c_t, h_t = _cell(params, x_t, h_prev, c_prev, None)
    finite_result("params, x_t, h_prev, c_prev", "h_t, c_t", h_t, c_t)
    return h_t, c_t


@quiet_overflow
def lstm_forward(
    params: LSTMParams,
    xs: np.ndarray,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
    *,
    forget_gate: float | None = None,
) -> LSTMTrace:
    """Run the LSTM over `xs` (T, D) from h0 and c0 (H,) (zeros by default).

    `forget_gate`, an experiment: hold f_t at this value in [0, 1] instead of σ(z^f_t)
    (1 keeps the cell forever, 0 wipes it every step).
    """
    params = as_instance(params, LSTMParams, "params")
    H = params.hidden_size
    xs = as_sequence(xs, "xs", params.input_size, "params")
    if forget_gate is not None:
        forget_gate = as_float(forget_gate, "forget_gate", minimum=0.0, maximum=1.0)
    T = xs.shape[0]
    c, h = np.empty((T + 1, H)), np.empty((T + 1, H))
    h[0] = 0.0 if h0 is None else as_float_array(h0, "h0", shape=(H,), sizes_from="params")
    c[0] = 0.0 if c0 is None else as_float_array(c0, "c0", shape=(H,), sizes_from="params")
    z = np.empty((T, 4 * H))
    gates = {name: np.empty((T, H)) for name in GATES}
    for t in range(1, T + 1):
        z[t - 1], *values, c[t], h[t] = _cell(params, xs[t - 1], h[t - 1], c[t - 1], forget_gate)
        for name, value in zip(GATES, values, strict=True):
            gates[name][t - 1] = value
    finite_result("params, xs, h0, c0", "h_t, c_t", h, c)
    return LSTMTrace(xs=xs, z=z, c=c, h=h, forget_gate=forget_gate, **gates)


@quiet_overflow
def lstm_bptt(
    params: LSTMParams,
    trace: LSTMTrace,
    dL_dh: np.ndarray,
    dL_dc: np.ndarray | None = None,
) -> LSTMGrads:
    """Backpropagation through time for the LSTM.

    `dL_dh` (T, H) and the optional `dL_dc` (T, H) hold the loss's direct dependence on
    h_1 … h_T and c_1 … c_T. Walking back, the cell's own path contributes
    δc_{t−1} = δc_t ⊙ f_t: the forget gate is the whole Jacobian ∂c_t/∂c_{t−1}.
    """
    params = as_instance(params, LSTMParams, "params")
    trace = as_trace_of(trace, LSTMTrace, params)
    T, H = trace.i.shape
    dL_dh = as_float_array(dL_dh, "dL_dh", shape=(T, H), sizes_from="trace")
    dL_dc = (
        np.zeros((T, H))
        if dL_dc is None
        else as_float_array(dL_dc, "dL_dc", shape=(T, H), sizes_from="trace")
    )
    dK, dR, db = (np.zeros(a.shape) for a in (params.kernel, params.recurrent_kernel, params.bias))
    dxs = np.empty(trace.xs.shape)
    dh, dc = np.zeros((T + 1, H)), np.zeros((T + 1, H))
    dh[T], dc[T] = dL_dh[T - 1], dL_dc[T - 1]
    free_f = 0.0 if trace.forget_gate is not None else 1.0
    for t in range(T, 0, -1):
        i_t, f_t, g_t, o_t = trace.i[t - 1], trace.f[t - 1], trace.g[t - 1], trace.o[t - 1]
        tc = np.tanh(trace.c[t])
        dc_t = dc[t] + dh[t] * o_t * (1 - tc**2)  # both paths into c_t
        dc[t] = dc_t  # δc_t in full (dc[t] held only the path along the cell)
        dz = np.concatenate(
            [
                dc_t * g_t * i_t * (1 - i_t),  # δz^i_t
                dc_t * trace.c[t - 1] * f_t * (1 - f_t) * free_f,  # δz^f_t (0 if f_t was held)
                dc_t * i_t * (1 - g_t**2),  # δz^g_t
                dh[t] * tc * o_t * (1 - o_t),  # δz^o_t
            ]
        )
        dK += np.outer(trace.xs[t - 1], dz)
        dR += np.outer(trace.h[t - 1], dz)
        db += dz
        dxs[t - 1] = params.kernel @ dz
        dh[t - 1] = params.recurrent_kernel @ dz + (dL_dh[t - 2] if t >= 2 else 0.0)
        dc[t - 1] = dc_t * f_t + (dL_dc[t - 2] if t >= 2 else 0.0)
    finite_result("params, trace, dL_dh, dL_dc", "gradient", dK, dR, db, dxs, dh, dc)
    return LSTMGrads(kernel=dK, recurrent_kernel=dR, bias=db, xs=dxs, h=dh, c=dc)


@quiet_overflow
def lstm_jacobians(params: LSTMParams, trace: LSTMTrace) -> np.ndarray:
    """∂(h_t, c_t)/∂(h_{t−1}, c_{t−1}) for t = 1 … T, shape (T, 2H, 2H), state [h; c].

    The blocks: ∂c_t/∂c_{t−1} = diag(f_t), ∂h_t/∂c_{t−1} = diag(o_t ⊙ tanh'(c_t) ⊙ f_t),
    and the h_{t−1} columns carry every gate's dependence on h_{t−1} through its W_h•.
    """
    params = as_instance(params, LSTMParams, "params")
    trace = as_trace_of(trace, LSTMTrace, params)
    T, H = trace.i.shape
    W_h = {name: params.gate(name)[1] for name in GATES}  # (H, H): ∂z^•_t/∂h_{t−1}
    J = np.zeros((T, 2 * H, 2 * H))
    free_f = 0.0 if trace.forget_gate is not None else 1.0
    for t in range(1, T + 1):
        i_t, f_t, g_t, o_t = trace.i[t - 1], trace.f[t - 1], trace.g[t - 1], trace.o[t - 1]
        c_prev, tc = trace.c[t - 1], np.tanh(trace.c[t])
        dc_dh = (
            (c_prev * f_t * (1 - f_t) * free_f)[:, None] * W_h["f"]
            + (g_t * i_t * (1 - i_t))[:, None] * W_h["i"]
            + (i_t * (1 - g_t**2))[:, None] * W_h["g"]
        )
        dh_dc_t = o_t * (1 - tc**2)  # ∂h_t/∂c_t, diagonal
        J[t - 1, :H, :H] = (tc * o_t * (1 - o_t))[:, None] * W_h["o"] + dh_dc_t[:, None] * dc_dh
        J[t - 1, :H, H:] = np.diag(dh_dc_t * f_t)
        J[t - 1, H:, :H] = dc_dh
        J[t - 1, H:, H:] = np.diag(f_t)
    finite_result("params, trace", "J_t", J)
    return J
