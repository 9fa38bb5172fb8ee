"""An explorer's state read the way its view reads it (common.js's gridAt and curveAt)."""

from __future__ import annotations

import numpy as np

from gatesgrad.explorers import decode_array


def grid_at(array: dict, selection: dict) -> np.ndarray:
    """What gridAt returns: the value, or the curve, at the selection."""
    values = decode_array(array).reshape(-1)
    index = 0
    for name, size in zip(array["dims"], array["shape"], strict=False):
        index = index * size + selection[name]
    inner = int(np.prod(array["shape"][len(array["dims"]) :]))
    return values[index * inner : (index + 1) * inner].reshape(array["shape"][len(array["dims"]) :])


def curve_at(data: dict, name: str, selection: dict) -> np.ndarray:
    """What curveAt draws over x = 0 … x_max."""
    array = data["arrays"][name]
    control = next((c for c in data["controls"] if c["name"] == data["x_max"]), None)
    last = int(control["values"][selection[control["name"]]] if control else data["x_max"])
    values = grid_at(array, selection)
    return values[last::-1] if array.get("align") == "end" else values[: last + 1]
