"""What a recurrent regressor passes back at one moment of its training.

A checkpoint is what Keras' `get_weights()` returns for the book's regressor
(`keras_models.sequence_regressor`): the recurrent layer's kernel, recurrent kernel and
bias, then the read-out's kernel (H, 1) and bias (1,). `probe` runs it with the numpy cells
of Parts I–III (float64; the SimpleRNN with Keras' default tanh) over a batch of sequences
and keeps, for every sequence, what the gradient does on its way back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import as_choice, as_float_array
from .gradients import log10_chain_norms, spectral_radius
from .gru import GRUParams, gru_bptt, gru_forward, gru_jacobians
from .keras_layout import cell_from_keras
from .lstm import LSTMParams, lstm_bptt, lstm_forward, lstm_jacobians
from .rnn import RNNParams, rnn_bptt, rnn_forward, rnn_jacobians

KINDS = ("rnn", "lstm", "gru")
SATURATED = 0.95  # |h| beyond which a tanh unit counts as saturated (tanh' < 0.1)


def regressor_params(
    kind: str, checkpoint: Sequence[np.ndarray]
) -> tuple[RNNParams | LSTMParams | GRUParams, np.ndarray, float]:
    """(cell parameters, read-out weights w (H,), read-out bias b) of a checkpoint, so that
    the prediction is ŷ = w·h_T + b."""
    kind = as_choice(kind, "kind", list(KINDS))
    if isinstance(checkpoint, str | bytes) or not isinstance(checkpoint, Sequence):
        raise TypeError(f"checkpoint: expected a list of 5 arrays, got {type(checkpoint).__name__}")
    if len(checkpoint) != 5:
        raise ValueError(
            f"checkpoint: expected 5 arrays (kernel, recurrent kernel, bias, read-out kernel, "
            f"read-out bias), got {len(checkpoint)}"
        )
    K, R, b, w, c = (as_float_array(a, f"checkpoint[{k}]") for k, a in enumerate(checkpoint))
    try:
        cell = cell_from_keras(kind, K, R, b, reset_after=b.ndim == 2)
    except (TypeError, ValueError) as error:
        raise type(error)(
            f"checkpoint, kind: expected the weights of a {kind} regressor, got {error}"
        ) from error
    H = R.shape[0]
    w = as_float_array(w, "checkpoint[3]", shape=(H, 1), sizes_from="checkpoint[1]")
    c = as_float_array(c, "checkpoint[4]", shape=(1,))
    return cell, w[:, 0], float(c[0])


@dataclass(frozen=True)
class Probe:
    """One checkpoint's passes over a batch of B sequences of T steps."""

    kind: str
    readout: np.ndarray  # (H,) w
    error: np.ndarray  # (B,) ŷ − y
    sensitivity: np.ndarray  # (B, T) ‖∂ŷ/∂x_t‖
    log10_reach: np.ndarray  # (B,) log10 ‖∂s_T/∂s_0‖₂: s = c for the LSTM, h otherwise
    h: np.ndarray  # (B, T + 1, H) h_0 … h_T
    gate: np.ndarray | None  # (B, T, H) f_t (LSTM) or z_t (GRU); None for the RNN
    rho: float | None  # ρ(W_hh) of the SimpleRNN; None for the gated cells

    @property
    def input_grads(self) -> np.ndarray:
        """‖∂L/∂x_t‖ (B, T) for the squared error L = (ŷ − y)² of each sequence."""
        return 2 * np.abs(self.error)[:, None] * self.sensitivity

    @property
    def use(self) -> np.ndarray:
        """What the read-out takes from each unit, mean |w_j h_{T,j}| over the batch (H,)."""
        return np.abs(self.readout * self.h[:, -1]).mean(axis=0)

    @property
    def saturated_share(self) -> float:
        """The share of |h_t| > 0.95 over every sequence, step t ≥ 1 and unit."""
        return float(np.mean(np.abs(self.h[:, 1:]) > SATURATED))

    @property
    def mean_slope(self) -> float:
        """The mean of tanh'(a_t) = 1 − h_t² over every sequence, step and unit (the
        SimpleRNN's; a gated cell's h is not tanh of one pre-activation)."""
        if self.kind != "rnn":
            raise ValueError(f"mean_slope: defined for the SimpleRNN, got kind {self.kind!r}")
        return float(np.mean(1 - self.h[:, 1:] ** 2))


def probe(kind: str, checkpoint: Sequence[np.ndarray], x: np.ndarray, y: np.ndarray) -> Probe:
    """Run a checkpoint over sequences x (B, T, D) with targets y (B,), from zero states."""
    cell, w, b = regressor_params(kind, checkpoint)
    D = cell.input_size
    x = as_float_array(x, "x", shape=(None, None, D), nonempty=True)
    y = as_float_array(y, "y", shape=(x.shape[0],), sizes_from="x")
    forward, jacobians, bptt = {
        "rnn": (rnn_forward, rnn_jacobians, rnn_bptt),
        "lstm": (lstm_forward, lstm_jacobians, lstm_bptt),
        "gru": (gru_forward, gru_jacobians, gru_bptt),
    }[kind]
    H, T = w.shape[0], x.shape[1]
    state = slice(H, 2 * H) if kind == "lstm" else slice(0, H)  # c inside [h; c], or h
    gate_name = {"lstm": "f", "gru": "z"}.get(kind)
    dyhat_dh = np.zeros((T, H))
    dyhat_dh[-1] = w  # ŷ = w·h_T + b depends on h_T alone
    errors, sensitivity, reach, hs, gates = [], [], [], [], []
    for seq, target in zip(x, y, strict=True):
        trace = forward(cell, seq)
        errors.append(trace.h[-1] @ w + b - target)
        sensitivity.append(np.linalg.norm(bptt(cell, trace, dyhat_dh).xs, axis=1))
        J = jacobians(cell, trace)
        reach.append(log10_chain_norms(J, rows=state, cols=state, at=[0])[0])
        hs.append(trace.h)
        if gate_name:
            gates.append(getattr(trace, gate_name))
    return Probe(
        kind=kind,
        readout=w,
        error=np.array(errors),
        sensitivity=np.array(sensitivity),
        log10_reach=np.array(reach),
        h=np.array(hs),
        gate=np.array(gates) if gate_name else None,
        rho=spectral_radius(cell.W_hh) if kind == "rnn" else None,
    )
