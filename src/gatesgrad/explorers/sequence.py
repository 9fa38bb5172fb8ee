"""The sequence explorer: a small LSTM reads a sequence of values with two markers;
every gate, the cell state and the output over time as heatmaps.

Unit 0 is built by hand as a memory: its input gate opens at a marker, where it also
forgets, and its candidate is the marked value. Units 1 … H−1 keep Keras' random
initialisation. A control holds the forget gate at 1 or 0, or leaves it to the network;
a slider sets unit 0's forget-gate bias.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_int
from ..lstm import GATES, LSTMParams, LSTMTrace, gate_slice, init_lstm, lstm_forward
from .base import Explorer, control, grid_array, subscript

MODES = ("as computed", "held at 1", "held at 0")
FORGET_BIASES = (-2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 6.0)
MARKERS = (4, 16)  # steps (1-based) whose value the memory unit should store
QUANTITIES = ("i", "f", "g", "o", "c", "h")
TITLES = {  # each heatmap's title
    "i": "input gate iₜ",
    "f": "forget gate fₜ",
    "g": "candidate gₜ",
    "o": "output gate oₜ",
    "c": "cell state cₜ",
    "h": "output hₜ",
}
MEMORY = "mem"  # unit 0's name, on its row and in the controls
# Each heatmap's (lo, hi): the range of its uint8 colour levels. The cell state is drawn
# against one scale in every mode and bias, C_SCALE, which covers it when the gates are
# computed; held at 1 it grows past it, and its cells stay at full colour (clipped).
C_SCALE = 1.0
LEVEL_RANGE = {"i": (0.0, 1.0), "f": (0.0, 1.0), "o": (0.0, 1.0), "g": (-1.0, 1.0)}
LEVEL_RANGE |= {"h": (-1.0, 1.0), "c": (-C_SCALE, C_SCALE)}


def marked_sequence(length: int = 30, *, seed: int = 0) -> np.ndarray:
    """Inputs x_t = (value in [0, 1], marker in {0, 1}), markers at MARKERS; (T, 2)."""
    T = as_int(length, "length", minimum=max(MARKERS))
    xs = np.zeros((T, 2))
    xs[:, 0] = np.random.default_rng(seed).uniform(0, 1, T)
    xs[np.array(MARKERS) - 1, 1] = 1.0
    return xs


def memory_lstm(forget_bias: float, *, hidden_size: int = 4, seed: int = 0) -> LSTMParams:
    """An LSTM whose unit 0 stores the marked value; the other units are random."""
    p = init_lstm(2, hidden_size, rng=seed)
    K, R, b = p.kernel.copy(), p.recurrent_kernel.copy(), p.bias.copy()
    col = {g: gate_slice(g, hidden_size).start for g in GATES}  # unit 0 of each gate
    for g in GATES:
        K[:, col[g]], R[:, col[g]], b[col[g]] = 0.0, 0.0, 0.0
    K[1, col["i"]], b[col["i"]] = 10.0, -5.0  # write only at a marker
    K[1, col["f"]], b[col["f"]] = -10.0, forget_bias  # forget the old value there
    K[0, col["g"]] = 2.0  # candidate: tanh(2 · value)
    b[col["o"]] = 2.0  # show the memory (o ≈ 0.88)
    return LSTMParams(K, R, b)


def run(mode: str, forget_bias: float, xs: np.ndarray) -> LSTMTrace:
    held = {"as computed": None, "held at 1": 1.0, "held at 0": 0.0}[mode]
    return lstm_forward(memory_lstm(forget_bias), xs, forget_gate=held)


def sequence_explorer(length: int = 30) -> Explorer:
    """Heatmaps of i, f, g, o, c and h (units × time) for every mode and forget bias, each
    cell a uint8 colour level (the cell state clipped to ±C_SCALE, as drawn)."""
    xs = marked_sequence(length)
    traces = [[run(m, b, xs) for b in FORGET_BIASES] for m in MODES]
    arrays = {}
    for name in QUANTITIES:
        stacked = np.array([[getattr(tr, name)[-length:].T for tr in row] for row in traces])
        lo, hi = LEVEL_RANGE[name]
        arrays[name] = grid_array(  # (M, B, H, T)
            np.clip(stacked, lo, hi), ["mode", "bias"], dtype="uint8", lo=lo, hi=hi
        )
    arrays["c_T"] = grid_array([[tr.c[-1, 0] for tr in row] for row in traces], ["mode", "bias"])
    arrays["kept"] = grid_array(  # what unit 0 holds at the end, relative to what it stored
        [[tr.c[-1, 0] / tr.c[MARKERS[1], 0] for tr in row] for row in traces], ["mode", "bias"]
    )
    arrays["c_max"] = grid_array(
        [[np.abs(tr.c).max() for tr in row] for row in traces], ["mode", "bias"]
    )
    arrays["inputs"] = grid_array(xs.T, [])  # (2, T): value, marker
    stored = np.tanh(2 * xs[MARKERS[1] - 1, 0])
    data = {
        "controls": [
            control("mode", "forget gate fₜ", MODES, radio=True),
            control(
                "bias",
                f"forget bias of {MEMORY}",
                FORGET_BIASES,
                digits=1,
                enabled_when={"mode": [MODES.index("as computed")]},
                disabled_note="no effect while fₜ is held",
            ),
        ],
        "quantities": list(QUANTITIES),
        "titles": {
            **TITLES,
            "c": f"{TITLES['c']}, full colour at ±{C_SCALE:.0f}",
        },
        "scales": {name: LEVEL_RANGE[name][1] for name in QUANTITIES},
        "units": [MEMORY, *(str(u) for u in range(1, traces[0][0].h.shape[1]))],
        "input_label": "xₜ",
        "description": "Heatmaps over time of the input gate, forget gate, candidate, output "
        "gate, cell state and output of every unit, below the input sequence with its two "
        "markers.",
        "arrays": arrays,
        "markers": list(MARKERS),
        "explain": (
            f"At step {MARKERS[1]} the candidate of {MEMORY} is tanh(2·vₜ) = {stored:.3f}; "
            f"{length - MARKERS[1]} steps later it holds c{subscript(length)} = {{c_T}}, "
            "{kept} times what it held just after that write. Largest |cₜ| of any unit: "
            f"{{c_max}} (full colour from ±{C_SCALE:.0f} in every mode)."
        ),
    }
    return Explorer(
        "sequence",
        title="An LSTM reads a sequence: gates and memory over time",
        data=data,
        selection={"mode": 0, "bias": FORGET_BIASES.index(2.0)},
    )
