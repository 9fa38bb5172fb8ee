"""The GRU chapter's gradient explorer: how much gradient reaches back from step T to step t
through a vanilla RNN, an LSTM and a GRU at initialisation.

Series, as log10 over t = 0 … T: the vanilla tanh RNN's ‖∂h_T/∂h_t‖, the LSTM's ‖∂c_T/∂c_t‖
and ‖∂h_T/∂h_t‖ (every path), exactly as chapter 8's explorer computes them with Keras'
initial weights (`gradient_flow`), the GRU's ‖∂h_T/∂h_t‖ (every path, the chained
`gru_jacobians`) and its direct path alone, ‖∏ diag(z_k)‖ = max over units of ∏_{k=t+1}^{T} z_k.
All three networks have 32 units, Keras' initial weights (Keras' GRU: reset after) and read the
same random inputs; sliders set the GRU's update bias b_z, the LSTM's forget bias b_f and T.
"""

from __future__ import annotations

import functools

import numpy as np

from .._checks import as_float, as_int
from ..gradients import log10_chain_norms, log10_gate_products
from ..gru import gru_forward, gru_jacobians, init_gru
from ._grid import coincidences, inputs, padded_curves, y_span
from .base import Explorer, control, grid_array, nearest
from .gradient_flow import (
    FORGET_BIASES,
    HIDDEN_SIZE,
    INPUT_SIZE,
    LENGTHS,
    SHORT_NAMES,
    Y_RANGE,
    Y_STEP,
    flow_curves,
    flow_grid,
)

UPDATE_BIASES = tuple(float(b) for b in range(-2, 7))  # Keras starts b_z at 0
INIT = "keras"
SERIES = (
    ("gru_h", "GRU ‖∂h_T/∂hₜ‖, every path", "gg-gru"),
    ("gru_direct", "GRU direct path alone, ∏ zₖ", "gg-gru-direct"),
    ("lstm_c", "LSTM ‖∂c_T/∂cₜ‖, every path", "gg-measured"),
    ("lstm_h", "LSTM ‖∂h_T/∂hₜ‖, every path", "gg-lstm-h"),
    ("rnn_h", "vanilla RNN ‖∂h_T/∂hₜ‖", "gg-rnn"),
)
SHORT_NAMES = {"gru_h": "GRU h", "gru_direct": "∏ zₖ", **SHORT_NAMES}
# The paths the readout ranks by what reaches step 0, as it names them.
PATHS = (
    ("rnn_h", "the vanilla RNN's state"),
    ("lstm_c", "the LSTM's cell state"),
    ("lstm_h", "the LSTM's hidden state"),
    ("gru_h", "the GRU's state"),
)
# Two values the readout shows alike (two significant digits, as m.m × 10ⁿ) are less than a
# factor 1.05/0.995 ≈ 1.055 apart (three digits between 0.01 and 1000: closer still), so paths
# within a factor 1.06 of the most, or of one already named, are named together as level:
# never one of two values the readout shows alike.
TIE_PERCENT = 6
TIE = float(np.log10(1 + TIE_PERCENT / 100))


def _path_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _phrases() -> list[str]:
    """Phrase k names the paths of bitmask k (bit j: PATHS[j]) as carrying the most back to
    step 0; phrase 0 says that none carries any."""
    phrases = [
        "No gradient at all reaches step 0 through any of the four states: every norm is "
        "exactly 0 in float64 (underflow)."
    ]
    for mask in range(1, 2 ** len(PATHS)):
        names = [label for j, (_, label) in enumerate(PATHS) if mask >> j & 1]
        if len(names) == 1:
            phrases.append(
                f"Of the four states, the most gradient reaches step 0 through {names[0]}."
            )
        elif len(names) == len(PATHS):
            phrases.append(
                "All four states pass about the same gradient back to step 0 "
                f"(each within {TIE_PERCENT} % of another)."
            )
        else:
            phrases.append(
                f"Of the four states, the most gradient reaches step 0 through "
                f"{_path_list(names)}, level with each other "
                f"(each within {TIE_PERCENT} % of another)."
            )
    return phrases


PHRASES = _phrases()


def most_at_start(values: dict[str, np.ndarray]) -> np.ndarray:
    """The phrase index (see `_phrases`) of the paths that carry the most to step 0, from
    their log10 values there (arrays of one shape), judged on the float32 values the readout
    shows."""
    shown = np.stack([np.asarray(values[name], dtype=np.float32) for name, _ in PATHS])
    shown = shown.astype(float)  # (paths, …)
    if np.isnan(shown).any():
        raise ValueError("values: expected log10 norms (finite or −inf), got NaN")
    top = shown.max(axis=0)
    with np.errstate(invalid="ignore"):  # ±inf − ±inf: judged by equality below
        level = np.where(np.isfinite(top), shown >= top - TIE, shown == top)
        while True:  # a path level with one already named is named too
            floor = np.where(level, shown, np.inf).min(axis=0)
            wider = level | np.where(np.isfinite(floor), shown >= floor - TIE, shown == floor)
            if (wider == level).all():
                break
            level = wider
    level &= top > -np.inf  # all exactly 0: none is the most
    weights = (2 ** np.arange(len(PATHS))).reshape((-1,) + (1,) * top.ndim)
    return (level * weights).sum(axis=0).astype(float)


def _gru_curves(z: np.ndarray, J_gru: np.ndarray) -> dict[str, np.ndarray]:
    """log10 of the GRU's series over t = 0 … T, from the first T steps' z_t and Jacobians."""
    return {"gru_h": log10_chain_norms(J_gru), "gru_direct": log10_gate_products(z)}


def _gru_run(update_bias: float, length: int, seed: int):
    """The GRU's trace and Jacobians over chapter 8's inputs."""
    gru = init_gru(INPUT_SIZE, HIDDEN_SIZE, rng=seed, update_bias=update_bias, init=INIT)
    trace = gru_forward(gru, inputs(length, INPUT_SIZE, seed))
    return trace, gru_jacobians(gru, trace)


def _gru_steps(update_bias: float) -> tuple[np.ndarray, np.ndarray]:
    trace, J_gru = _gru_run(update_bias, max(LENGTHS), seed=0)
    return trace.z, J_gru


def gru_flow_curves(
    update_bias: float, forget_bias: float, length: int, *, seed: int = 0
) -> dict[str, np.ndarray]:
    """log10 of each series (see `SERIES`) over t = 0 … T at one setting."""
    b_z = as_float(update_bias, "update_bias")
    b_f = as_float(forget_bias, "forget_bias")
    T = as_int(length, "length", minimum=1)
    seed = as_int(seed, "seed", minimum=0)
    earlier = flow_curves(b_f, T, init=INIT, seed=seed)
    gru_trace, J_gru = _gru_run(b_z, T, seed)
    curves = {**_gru_curves(gru_trace.z, J_gru), **earlier}
    return {name: curves[name] for name, _, _ in SERIES}


@functools.cache
def _gru_flow_grid() -> dict[str, np.ndarray]:
    """Every curve of the explorer, (update, forget, length, T_max + 1), NaN past each T, and
    `most`, (update, forget, length); read-only, computed once per process (about 4 s, most of
    it chapter 8's LSTM and RNN for Keras' weights, shared with its explorer)."""
    T_max = max(LENGTHS)
    gru = padded_curves(UPDATE_BIASES, LENGTHS, _gru_steps, _gru_curves)  # (update, length, …)
    earlier = flow_grid(INIT)  # (forget, length, T_max + 1)
    shape = (len(UPDATE_BIASES), len(FORGET_BIASES), len(LENGTHS), T_max + 1)
    grid = {name: np.broadcast_to(gru[name][:, None], shape) for name in gru}
    for name in ("lstm_c", "lstm_h", "rnn_h"):
        grid[name] = np.broadcast_to(earlier[name][None], shape)
    grid = {name: np.array(grid[name]) for name, _, _ in SERIES}
    grid["most"] = most_at_start({name: values[..., 0] for name, values in grid.items()})
    for values in grid.values():
        values.setflags(write=False)
    return grid


def gru_flow_explorer(
    *, update_bias: float = 0.0, forget_bias: float = 1.0, length: int = 100
) -> Explorer:
    """Sliders for b_z, b_f and T; one curve per path, and which carries the most to step 0."""
    selection = {  # checked before any work
        "update": nearest(UPDATE_BIASES, update_bias, "update_bias"),
        "forget": nearest(FORGET_BIASES, forget_bias, "forget_bias"),
        "length": nearest(LENGTHS, length, "length"),
    }
    dims = list(selection)
    grid = _gru_flow_grid()
    data = {
        "controls": [
            control("update", "GRU update-gate bias b_z", UPDATE_BIASES),
            control("forget", "LSTM forget-gate bias b_f", FORGET_BIASES),
            control("length", "sequence length T", LENGTHS),
        ],
        "x_max": "length",
        "series": [{"name": n, "label": label, "className": cls} for n, label, cls in SERIES],
        "arrays": {name: grid_array(values, dims) for name, values in grid.items()},
        "phrases": {"most": PHRASES},
        "x_label": "time step t",
        "y_label": "gradient norm (log scale)",
        "y_range": list(Y_RANGE),
        "y_step": Y_STEP,
        "description": "Norms of the gradient reaching back from the last step T to each step "
        "t, on a log scale: through a GRU's state by every path, along its direct path alone "
        "(the product of the update gates), through an LSTM's cell state and hidden state, "
        "and through a vanilla RNN.",
        "explain": [
            "What reaches step 0 from T: GRU h {gru_h[0]:pow10}, its direct path alone (∏ zₖ) "
            "{gru_direct[0]:pow10}; LSTM c {lstm_c[0]:pow10}, LSTM h {lstm_h[0]:pow10}; "
            "RNN h {rnn_h[0]:pow10}. {most:phrase}",
            "{together:phrase}",
        ],
    }
    curves = {name: grid[name] for name, _, _ in SERIES}  # in the order they are drawn
    span = y_span(list(curves.values()), Y_RANGE, Y_STEP)
    together, phrases = coincidences(curves, SHORT_NAMES, span)
    data["arrays"]["together"] = grid_array(together, dims)
    data["phrases"]["together"] = phrases
    return Explorer(
        "curves",
        title="Gradient through time: vanilla RNN, LSTM and GRU",
        data=data,
        selection=selection,
    )
