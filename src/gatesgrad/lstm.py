"""The LSTM, with parameters in the Keras layout (gate order i, f, c, o).

Row vectors, as Keras computes: z_t = x_t K + h_{t−1} R + b, shape (4H,), split into
z_i, z_f, z_c, z_o. Then i_t = σ(z_i), f_t = σ(z_f), g_t = tanh(z_c), o_t = σ(z_o),

    c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t,     h_t = o_t ⊙ tanh(c_t).

Shapes: `kernel` K (D, 4H), `recurrent_kernel` R (H, 4H), `bias` b (4H,); a sequence
`xs` is (T, D). A trace keeps h_0 … h_T and c_0 … c_T as (T+1, H) and every gate as (T, H).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import as_float, as_float_array, as_int, as_rng
from .activations import logistic, tanh

GATES = ("i", "f", "c", "o")  # Keras' order of the four blocks


@dataclass(frozen=True)
class LSTMParams:
    """Weights of an LSTM layer as Keras stores them."""

    kernel: np.ndarray  # (D, 4H)
    recurrent_kernel: np.ndarray  # (H, 4H)
    bias: np.ndarray  # (4H,)

    def __post_init__(self) -> None:
        R = as_float_array(self.recurrent_kernel, "recurrent_kernel", ndim=2)
        H = R.shape[0]
        if R.shape[1] != 4 * H:
            raise ValueError(f"recurrent_kernel: expected shape (H, 4H), got {R.shape}")
        object.__setattr__(self, "recurrent_kernel", R)
        object.__setattr__(
            self, "kernel", as_float_array(self.kernel, "kernel", shape=(None, 4 * H))
        )
        object.__setattr__(self, "bias", as_float_array(self.bias, "bias", shape=(4 * H,)))

    @property
    def input_size(self) -> int:
        return self.kernel.shape[0]

    @property
    def hidden_size(self) -> int:
        return self.recurrent_kernel.shape[0]

    def gate(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The (kernel, recurrent_kernel, bias) block of one gate: 'i', 'f', 'c' or 'o'."""
        block = gate_slice(name, self.hidden_size)
        return self.kernel[:, block], self.recurrent_kernel[:, block], self.bias[block]


def gate_slice(name: str, hidden_size: int) -> slice:
    """Where gate `name` sits in the 4H columns (Keras order i, f, c, o)."""
    if name not in GATES:
        raise ValueError(f"gate: expected one of {list(GATES)}, got {name!r}")
    k = GATES.index(name)
    return slice(k * hidden_size, (k + 1) * hidden_size)


@dataclass(frozen=True)
class LSTMTrace:
    """Everything the forward pass computed, step by step."""

    xs: np.ndarray  # (T, D)
    z: np.ndarray  # (T, 4H) pre-activations
    i: np.ndarray  # (T, H) input gate
    f: np.ndarray  # (T, H) forget gate
    g: np.ndarray  # (T, H) candidate
    o: np.ndarray  # (T, H) output gate
    c: np.ndarray  # (T+1, H) cell state c_0 … c_T
    h: np.ndarray  # (T+1, H) hidden state h_0 … h_T
    forget_gate: float | None = None  # the value f_t was held at, if it was


@dataclass(frozen=True)
class LSTMGrads:
    """∂L/∂(every parameter), ∂L/∂x_t, and the total ∂L/∂h_t, ∂L/∂c_t for t = 0 … T."""

    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray
    xs: np.ndarray  # (T, D)
    h: np.ndarray  # (T+1, H); h[0] is ∂L/∂h_0
    c: np.ndarray  # (T+1, H); c[0] is ∂L/∂c_0


def init_lstm(
    input_size: int,
    hidden_size: int,
    *,
    rng: np.random.Generator | int,
    forget_bias: float = 1.0,
) -> LSTMParams:
    """Keras' defaults: Glorot-uniform kernel, orthogonal recurrent kernel, zero bias
    except the forget gate's, which starts at `forget_bias` (Keras' unit_forget_bias: 1)."""
    D = as_int(input_size, "input_size", minimum=1)
    H = as_int(hidden_size, "hidden_size", minimum=1)
    rng = as_rng(rng)
    limit = np.sqrt(6.0 / (D + 4 * H))
    kernel = rng.uniform(-limit, limit, size=(D, 4 * H))
    q, r = np.linalg.qr(rng.normal(size=(4 * H, H)))
    recurrent = (q * np.sign(np.diag(r))).T  # (H, 4H), orthonormal rows
    bias = np.zeros(4 * H)
    bias[gate_slice("f", H)] = as_float(forget_bias, "forget_bias")
    return LSTMParams(kernel, recurrent, bias)


def _check_params(params: object) -> LSTMParams:
    if not isinstance(params, LSTMParams):
        raise TypeError(f"params: expected LSTMParams, got {type(params).__name__}")
    return params


def _initial(value: object, name: str, H: int) -> np.ndarray:
    return np.zeros(H) if value is None else as_float_array(value, name, shape=(H,))


def lstm_step(
    params: LSTMParams, x_t: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """One step: returns h_t, c_t and the gates {'i', 'f', 'g', 'o'} (each (H,))."""
    trace = lstm_forward(params, np.atleast_2d(x_t), h_prev, c_prev)
    gates = {"i": trace.i[0], "f": trace.f[0], "g": trace.g[0], "o": trace.o[0]}
    return trace.h[1], trace.c[1], gates


def lstm_forward(
    params: LSTMParams,
    xs: np.ndarray,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
    *,
    forget_gate: float | None = None,
) -> LSTMTrace:
    """Run the LSTM over `xs` (T, D) from h0 and c0 (zeros by default).

    `forget_gate`, an experiment: hold f_t at this value in [0, 1] instead of σ(z_f)
    (1 keeps the cell forever, 0 wipes it every step).
    """
    params = _check_params(params)
    D, H = params.input_size, params.hidden_size
    xs = as_float_array(xs, "xs", shape=(None, D))
    if xs.shape[0] < 1:
        raise ValueError("xs: expected at least one time step, got T = 0")
    if forget_gate is not None:
        forget_gate = as_float(forget_gate, "forget_gate", minimum=0.0, maximum=1.0)
    T = xs.shape[0]
    z = np.empty((T, 4 * H))
    gates = {name: np.empty((T, H)) for name in "ifgo"}
    c, h = np.empty((T + 1, H)), np.empty((T + 1, H))
    h[0], c[0] = _initial(h0, "h0", H), _initial(c0, "c0", H)
    for t in range(1, T + 1):
        z[t - 1] = xs[t - 1] @ params.kernel + h[t - 1] @ params.recurrent_kernel + params.bias
        zi, zf, zc, zo = np.split(z[t - 1], 4)
        i_t, f_t, g_t, o_t = logistic(zi), logistic(zf), tanh(zc), logistic(zo)
        if forget_gate is not None:
            f_t = np.full(H, forget_gate)
        c[t] = f_t * c[t - 1] + i_t * g_t
        h[t] = o_t * np.tanh(c[t])
        for name, value in zip("ifgo", (i_t, f_t, g_t, o_t), strict=True):
            gates[name][t - 1] = value
    return LSTMTrace(xs=xs, z=z, c=c, h=h, forget_gate=forget_gate, **gates)


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
    params = _check_params(params)
    T, H = trace.i.shape
    dL_dh = as_float_array(dL_dh, "dL_dh", shape=(T, H))
    dL_dc = np.zeros((T, H)) if dL_dc is None else as_float_array(dL_dc, "dL_dc", shape=(T, H))
    dK, dR, db = (np.zeros_like(a) for a in (params.kernel, params.recurrent_kernel, params.bias))
    dxs = np.empty_like(trace.xs)
    dh, dc = np.zeros((T + 1, H)), np.zeros((T + 1, H))
    dh[T], dc[T] = dL_dh[T - 1], dL_dc[T - 1]
    free_f = 0.0 if trace.forget_gate is not None else 1.0
    for t in range(T, 0, -1):
        i_t, f_t, g_t, o_t = trace.i[t - 1], trace.f[t - 1], trace.g[t - 1], trace.o[t - 1]
        tc = np.tanh(trace.c[t])
        dc_t = dc[t] + dh[t] * o_t * (1 - tc**2)  # both paths into c_t
        dz = np.concatenate(
            [
                dc_t * g_t * i_t * (1 - i_t),  # z_i
                dc_t * trace.c[t - 1] * f_t * (1 - f_t) * free_f,  # z_f (0 if f_t was held)
                dc_t * i_t * (1 - g_t**2),  # z_c
                dh[t] * tc * o_t * (1 - o_t),  # z_o
            ]
        )
        dK += np.outer(trace.xs[t - 1], dz)
        dR += np.outer(trace.h[t - 1], dz)
        db += dz
        dxs[t - 1] = params.kernel @ dz
        dh[t - 1] = params.recurrent_kernel @ dz + (dL_dh[t - 2] if t >= 2 else 0.0)
        dc[t - 1] = dc_t * f_t + (dL_dc[t - 2] if t >= 2 else 0.0)
    return LSTMGrads(kernel=dK, recurrent_kernel=dR, bias=db, xs=dxs, h=dh, c=dc)


def state_jacobians(params: LSTMParams, trace: LSTMTrace) -> np.ndarray:
    """∂(h_t, c_t)/∂(h_{t−1}, c_{t−1}) for t = 1 … T, shape (T, 2H, 2H), state [h; c].

    The blocks: ∂c_t/∂c_{t−1} = diag(f_t), ∂h_t/∂c_{t−1} = diag(o_t ⊙ tanh'(c_t) ⊙ f_t),
    and the h_{t−1} columns carry every gate's dependence on h_{t−1} through Rᵀ.
    """
    params = _check_params(params)
    T, H = trace.i.shape
    R = {name: params.gate(name)[1].T for name in GATES}  # (H, H): ∂z_gate/∂h_{t−1}
    J = np.zeros((T, 2 * H, 2 * H))
    free_f = 0.0 if trace.forget_gate is not None else 1.0
    for t in range(1, T + 1):
        i_t, f_t, g_t, o_t = trace.i[t - 1], trace.f[t - 1], trace.g[t - 1], trace.o[t - 1]
        c_prev, tc = trace.c[t - 1], np.tanh(trace.c[t])
        dc_dh = (
            (c_prev * f_t * (1 - f_t) * free_f)[:, None] * R["f"]
            + (g_t * i_t * (1 - i_t))[:, None] * R["i"]
            + (i_t * (1 - g_t**2))[:, None] * R["c"]
        )
        dh_dc_t = o_t * (1 - tc**2)  # ∂h_t/∂c_t, diagonal
        J[t - 1, :H, :H] = (tc * o_t * (1 - o_t))[:, None] * R["o"] + dh_dc_t[:, None] * dc_dh
        J[t - 1, :H, H:] = np.diag(dh_dc_t * f_t)
        J[t - 1, H:, :H] = dc_dh
        J[t - 1, H:, H:] = np.diag(f_t)
    return J
