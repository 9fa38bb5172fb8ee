"""The gate explorer: one LSTM step of a single unit (D = H = 1), drawn on the cell.

Sliders set x_t, h_{t−1}, c_{t−1} and the studied gate's weight w (on both x_t and
h_{t−1}) and bias b; the other gates keep fixed weights. Python computes every gate,
the candidate, the new c_t and h_t at every slider position.
"""

from __future__ import annotations

import functools

import numpy as np

from .._checks import as_choice
from ..activations import logistic, tanh
from ..lstm import GATES, LSTMParams, gate_slice
from .base import Explorer, control, grid_array

# Fixed (w_x, w_h, b) of the gates not under study; the forget gate's bias is Keras' 1.
FIXED_GATES = {
    "i": (1.0, 1.0, 0.0),
    "f": (1.0, 1.0, 1.0),
    "g": (1.0, 1.0, 0.0),
    "o": (1.0, 1.0, 0.0),
}
STUDIED = ("f", "i", "o")


CONTROLS = (  # "the gate" in a label becomes the studied gate's name (f_t, i_t or o_t)
    control("x", "input xₜ", (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5), digits=2),
    control("h", "last output hₜ₋₁", (-0.9, -0.6, -0.3, 0.0, 0.3, 0.6, 0.9), digits=2),
    control("c", "last cell state cₜ₋₁", (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0), digits=2),
    control("w", "weight w of the gate", (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0), digits=2),
    control("b", "bias b of the gate", (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0), digits=2),
)

START = (0.5, 0.0, 2.0, 1.0, 1.0)  # x, h, c, w, b: a memory of 2 and Keras' forget bias

EXPLAIN = {
    "f": (
        "zᶠₜ = w·xₜ + w·hₜ₋₁ + b = {z}, so fₜ = σ(zᶠₜ) = {f}. The cell keeps "
        "fₜ·cₜ₋₁ = {kept} of its old content cₜ₋₁ = {c}."
    ),
    "i": (
        "zⁱₜ = w·xₜ + w·hₜ₋₁ + b = {z}, so iₜ = σ(zⁱₜ) = {i}. Of the candidate "
        "gₜ = {g}, the cell writes iₜ·gₜ = {written}."
    ),
    "o": (
        "zᵒₜ = w·xₜ + w·hₜ₋₁ + b = {z}, so oₜ = σ(zᵒₜ) = {o}. The cell shows "
        "hₜ = oₜ·tanh(cₜ) = {h_t} of tanh(cₜ) = {tanh_c}."
    ),
}


def scalar_lstm(gate: str, w: float, b: float) -> LSTMParams:
    """A one-unit LSTM whose `gate` has weight w on xₜ and hₜ₋₁ and bias b."""
    blocks = {name: (w, w, b) if name == gate else FIXED_GATES[name] for name in GATES}
    return LSTMParams.from_gates(
        {name: ([[w_x]], [[w_h]], [b_]) for name, (w_x, w_h, b_) in blocks.items()}
    )


def gate_grid(gate: str) -> dict[str, np.ndarray]:
    """Every quantity of the step at every slider position, shape (7, 7, 7, 7, 7), the
    sliders' own c_prev and h_prev included (the explorer's view reads those off its sliders)."""
    gate = as_choice(gate, "gate", list(STUDIED))
    return {name: values.copy() for name, values in _gate_grid(gate).items()}


@functools.cache
def _gate_grid(gate: str) -> dict[str, np.ndarray]:
    """gate_grid's arrays, computed once per process and gate: for each (w, b), the step at
    every (xₜ, hₜ₋₁, cₜ₋₁) at once, each value by the same operations as `lstm_forward`."""
    shape = tuple(len(c["values"]) for c in CONTROLS)
    xs, hs, cs, ws, bs = (np.array(c["values"]) for c in CONTROLS)
    x, h_prev, c_prev = np.meshgrid(xs, hs, cs, indexing="ij")  # (7, 7, 7): x, h, c
    column = gate_slice(gate, 1).start
    out = {name: np.empty(shape) for name in GATES}
    out |= {name: np.empty(shape) for name in ("z", "c_t", "h_t", "tanh_c", "kept", "written")}
    for iw, w in enumerate(ws):
        for ib, b in enumerate(bs):
            params = scalar_lstm(gate, w, b)
            # z_t = x_t K + h_{t−1} R + b, a row of four (D = H = 1)
            z_t = x[..., None] * params.kernel[0] + h_prev[..., None] * params.recurrent_kernel[0]
            z_t = z_t + params.bias
            sigma = logistic(z_t)  # σ of every block, as lstm_forward (that of z^g unused)
            g = {name: sigma[..., gate_slice(name, 1).start] for name in GATES}
            g["g"] = tanh(z_t[..., gate_slice("g", 1).start])
            c_t = g["f"] * c_prev + g["i"] * g["g"]
            at = (slice(None),) * 3 + (iw, ib)
            for name in GATES:
                out[name][at] = g[name]
            z = x * params.kernel[0, column] + h_prev * params.recurrent_kernel[0, column]
            out["z"][at] = z + params.bias[column]
            out["c_t"][at], out["h_t"][at] = c_t, g["o"] * np.tanh(c_t)
            out["tanh_c"][at] = np.tanh(c_t)
            out["kept"][at] = g["f"] * c_prev
            out["written"][at] = g["i"] * g["g"]
    out["c_prev"] = np.broadcast_to(c_prev[..., None, None], shape).copy()
    out["h_prev"] = np.broadcast_to(h_prev[..., None, None], shape).copy()
    for values in out.values():
        values.setflags(write=False)
    return out


def gate_setting(grid: dict[str, np.ndarray], **values: float) -> dict[str, float]:
    """Every quantity of `gate_grid` at one slider setting, `gate_setting(grid, w=0.0, b=-3.0)`
    say; sliders not named stay where the explorer starts."""
    names = [c["name"] for c in CONTROLS]
    unknown = set(values) - set(names)
    if unknown:
        raise ValueError(f"values: expected sliders {names}, got {sorted(unknown)}")
    at = []
    for slider, start in zip(CONTROLS, START, strict=True):
        value = values.get(slider["name"], start)
        if value not in slider["values"]:
            raise ValueError(f"{slider['name']}: expected one of {slider['values']}, got {value!r}")
        at.append(slider["values"].index(value))
    return {name: float(array[tuple(at)]) for name, array in grid.items()}


def value_bounds() -> dict[str, tuple[float, float]]:
    """Bounds every value of the grid keeps, from the sliders' ends: gates in (0, 1); the
    candidate, tanh(cₜ), hₜ and iₜ·gₜ in (−1, 1); fₜ·cₜ₋₁ within ±max|cₜ₋₁|, cₜ within
    ±(max|cₜ₋₁| + 1); zₜ within ±(max|w|·(max|xₜ| + max|hₜ₋₁|) + max|b|)."""
    top = {c["name"]: max(abs(v) for v in c["values"]) for c in CONTROLS}
    z = top["w"] * (top["x"] + top["h"]) + top["b"]
    bounds = {name: (0.0, 1.0) for name in ("i", "f", "o")}
    bounds |= {name: (-1.0, 1.0) for name in ("g", "tanh_c", "h_t", "written")}
    bounds |= {"kept": (-top["c"], top["c"]), "c_t": (-top["c"] - 1, top["c"] + 1), "z": (-z, z)}
    return bounds


def gate_explorer(gate: str = "f") -> Explorer:
    """The live cell for the forget ('f'), input ('i') or output ('o') gate."""
    grid = gate_grid(gate)
    dims = [c["name"] for c in CONTROLS]
    start = {c["name"]: c["values"].index(v) for c, v in zip(CONTROLS, START, strict=True)}
    names = {"f": "forget", "i": "input", "o": "output"}
    data = {
        "gate": gate,
        "controls": [  # copies: the widget's data shares nothing with CONTROLS
            {**c, "label": c["label"].replace("the gate", f"{gate}ₜ"), "values": [*c["values"]]}
            for c in CONTROLS
        ],
        "arrays": {  # 16-bit levels, each read with 3 decimals exactly as its value
            name: grid_array(grid[name], dims, dtype="uint16", lo=lo, hi=hi, digits=3)
            for name, (lo, hi) in value_bounds().items()
        },
        "explain": EXPLAIN[gate],
    }
    return Explorer(
        "gate", title=f"The {names[gate]} gate, one step of one cell", data=data, selection=start
    )
