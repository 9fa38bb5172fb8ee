"""The RNN-vs-LSTM gradient explorer: how much gradient reaches back from step T to step t,
split by path.

For the LSTM: the full ‖∂c_T/∂c_t‖ and ‖∂h_T/∂h_t‖ (every path, the [h; c] state-Jacobian
chain) and the cell's own path alone, ‖∏ diag(f_k)‖ = max over units of ∏ f_k, which is what
a gradient truncated as Hochreiter & Schmidhuber (1997) truncated theirs keeps of ∂c_T/∂c_t
in a cell with a forget gate. For a vanilla tanh RNN:
‖∂h_T/∂h_t‖. Both networks have 32 units and read the same random inputs; a control chooses
the initial weights (Keras' defaults, or Gaussian with the RNN scaled to ρ(W_hh) = 1).
"""

from __future__ import annotations

import functools

import numpy as np

from .._checks import as_choice, as_float, as_int
from ..gradients import log10_chain_norms, log10_gate_products
from ..lstm import init_lstm, lstm_forward, lstm_jacobians
from ..rnn import init_rnn, rnn_forward, rnn_jacobians
from ._grid import coincidences, inputs, padded_curves, y_span
from .base import Explorer, control, grid_array, nearest

FORGET_BIASES = tuple(float(b) for b in range(-2, 7))  # whole steps keep the page light
LENGTHS = tuple(range(10, 101, 10))
INITS = ("keras", "gaussian")
INIT_LABELS = (
    "Keras' defaults (Glorot, orthogonal)",
    "Gaussian, as in Part I",
)
SERIES = (
    ("lstm_c", "LSTM ‖∂c_T/∂cₜ‖, every path", "gg-measured"),
    ("carousel", "LSTM cell path alone, ∏ fₖ (as if truncated)", "gg-bound"),
    ("lstm_h", "LSTM ‖∂h_T/∂hₜ‖, every path", "gg-lstm-h"),
    ("rnn_h", "vanilla RNN ‖∂h_T/∂hₜ‖", "gg-rnn"),
)
INPUT_SIZE, HIDDEN_SIZE = 4, 32
SHORT_NAMES = {  # each series as the coincidence phrase names it, by its legend's symbol
    "lstm_c": "LSTM c",
    "carousel": "∏ fₖ",
    "lstm_h": "LSTM h",
    "rnn_h": "RNN h",
}
Y_RANGE, Y_STEP = (-10, 10), 10  # the y axis plot.js draws at least (curves.js's default)


def _networks(forget_bias: float, init: str, seed: int):
    lstm = init_lstm(INPUT_SIZE, HIDDEN_SIZE, rng=seed, forget_bias=forget_bias, init=init)
    radius = 1.0 if init == "gaussian" else None  # Keras' orthogonal W_hh has ρ = 1 already
    rnn = init_rnn(INPUT_SIZE, HIDDEN_SIZE, rng=seed, init=init, spectral_radius=radius)
    return lstm, rnn


def _traces(forget_bias: float, length: int, init: str, seed: int):
    """The LSTM's trace and [h; c] Jacobians, the RNN's Jacobians, over the same inputs."""
    xs = inputs(length, INPUT_SIZE, seed)
    lstm, rnn = _networks(forget_bias, init, seed)
    trace = lstm_forward(lstm, xs)
    return trace, lstm_jacobians(lstm, trace), rnn_jacobians(rnn, rnn_forward(rnn, xs))


def _curves(f: np.ndarray, J_lstm: np.ndarray, J_rnn: np.ndarray) -> dict[str, np.ndarray]:
    """log10 of each series over t = 0 … T, from the first T steps' f_t and Jacobians."""
    H = HIDDEN_SIZE
    h, c = slice(0, H), slice(H, 2 * H)
    return {
        "lstm_c": log10_chain_norms(J_lstm, rows=c, cols=c),
        "carousel": log10_gate_products(f),
        "lstm_h": log10_chain_norms(J_lstm, rows=h, cols=h),
        "rnn_h": log10_chain_norms(J_rnn),
    }


def flow_curves(
    forget_bias: float, length: int, *, init: str = "keras", seed: int = 0
) -> dict[str, np.ndarray]:
    """log10 of each series (see `SERIES`) over t = 0 … T at one setting."""
    b_f = as_float(forget_bias, "forget_bias")
    T = as_int(length, "length", minimum=1)
    init = as_choice(init, "init", INITS)
    trace, J_lstm, J_rnn = _traces(b_f, T, init, as_int(seed, "seed", minimum=0))
    return _curves(trace.f, J_lstm, J_rnn)


def _lstm_and_rnn_steps(forget_bias: float, init: str) -> tuple[np.ndarray, ...]:
    trace, J_lstm, J_rnn = _traces(forget_bias, max(LENGTHS), init, seed=0)
    return trace.f, J_lstm, J_rnn


def flow_grid(init: str) -> dict[str, np.ndarray]:
    """Every curve of the explorer for one initialisation, (bias, length, T_max + 1), NaN
    past each T; read-only arrays, computed once per process (chapter 11's explorer reuses
    Keras' half)."""
    return dict(_flow_grid_for(as_choice(init, "init", INITS)))


@functools.cache
def _flow_grid_for(init: str) -> dict[str, np.ndarray]:
    return padded_curves(FORGET_BIASES, LENGTHS, lambda b: _lstm_and_rnn_steps(b, init), _curves)


@functools.cache
def _flow_grid() -> dict[str, np.ndarray]:
    """Every curve of the explorer, (init, bias, length, T_max + 1), NaN past each T.

    The grid does not depend on where the explorer starts, so it is computed once per
    process (about 12 s) and kept read-only."""
    halves = [_flow_grid_for(scheme) for scheme in INITS]
    padded = {name: np.stack([half[name] for half in halves]) for name, _, _ in SERIES}
    for values in padded.values():
        values.setflags(write=False)
    return padded


def gradient_flow_explorer(
    *, forget_bias: float = 1.0, length: int = 100, init: str = "keras"
) -> Explorer:
    """Buttons for the initial weights, sliders for b_f and T; one curve per path."""
    selection = {  # checked before any work
        "init": INITS.index(as_choice(init, "init", INITS)),
        "bias": nearest(FORGET_BIASES, forget_bias, "forget_bias"),
        "length": nearest(LENGTHS, length, "length"),
    }
    dims = ["init", "bias", "length"]
    padded = _flow_grid()
    data = {
        "controls": [
            control("init", "initial weights", INIT_LABELS, radio=True),
            control("bias", "forget-gate bias b_f", FORGET_BIASES),
            control("length", "sequence length T", LENGTHS),
        ],
        "x_max": "length",
        "series": [{"name": n, "label": label, "className": cls} for n, label, cls in SERIES],
        "arrays": {name: grid_array(values, dims) for name, values in padded.items()},
        "x_label": "time step t",
        "y_label": "gradient norm (log scale)",
        "y_range": list(Y_RANGE),
        "y_step": Y_STEP,
        "description": "Norms of the gradient reaching back from the last step T to each step "
        "t, on a log scale: through the LSTM's cell state by every path, along the cell's own "
        "path alone (the product of the forget gates), through the LSTM's hidden state, and "
        "through a vanilla RNN.",
        "explain": [
            "From T back to 0: the LSTM's cell state receives {lstm_c[0]:pow10}, of which "
            "its own path alone (∏ f) would carry {carousel[0]:pow10}; its hidden state "
            "{lstm_h[0]:pow10}; the vanilla RNN {rnn_h[0]:pow10}.",
            "{together:phrase}",
        ],
    }
    span = y_span(list(padded.values()), Y_RANGE, Y_STEP)
    together, phrases = coincidences(dict(padded), SHORT_NAMES, span)
    data["arrays"]["together"] = grid_array(together, dims)
    data["phrases"] = {"together": phrases}
    return Explorer(
        "curves",
        title="Gradient through time: vanilla RNN against LSTM, path by path",
        data=data,
        selection=selection,
    )
