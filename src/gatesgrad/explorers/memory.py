"""The memory explorer: how long a vanilla RNN's state remembers one pulse of input.

Two runs of the same network read the same silent sequence, one with a pulse at step
`pulse_at`; the size of the difference of their states is what is left of the pulse.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_choice, as_float, as_int
from ..rnn import init_rnn
from ._grid import finite_run
from .base import Explorer, control, grid_array, nearest

RADII = tuple(np.round(np.arange(0.1, 2.01, 0.1), 1))
ACTIVATIONS = ("tanh", "linear")
LENGTH, PULSE_AT = 40, 5


def pulse_memory(
    radius: float,
    activation: str = "tanh",
    *,
    length: int = LENGTH,
    pulse_at: int = PULSE_AT,
    hidden_size: int = 16,
    seed: int = 1,
) -> np.ndarray:
    """log10 of ‖h_t − h̃_t‖ / ‖h_p − h̃_p‖ for t = p … T, p = `pulse_at` (1 at the pulse)."""
    rho = as_float(radius, "radius", minimum=0.0, strict_minimum=True)
    act = as_choice(activation, "activation", list(ACTIVATIONS))
    T = as_int(length, "length", minimum=2)
    p = as_int(pulse_at, "pulse_at", minimum=1, maximum=T)
    net = init_rnn(1, hidden_size, rng=seed, spectral_radius=rho, activation=act)
    quiet = np.zeros((T, 1))
    pulse = quiet.copy()
    pulse[p - 1, 0] = 1.0  # x_p = 1
    runs = [finite_run(net, xs, "radius", rho).h for xs in (pulse, quiet)]
    trace = np.linalg.norm(runs[0] - runs[1], axis=1)[p:]
    with np.errstate(divide="ignore"):
        return np.log10(trace / trace[0])


def memory_explorer(*, radius: float = 0.9) -> Explorer:
    """A slider for ρ(W_hh); what is left of the pulse, for a tanh and a linear network."""
    curves = {act: np.array([pulse_memory(float(r), act) for r in RADII]) for act in ACTIVATIONS}
    end = LENGTH - PULSE_AT
    data = {
        "controls": [control("radius", "spectral radius ρ(W_hh)", RADII, digits=1)],
        "x_max": end,
        "series": [
            {"name": "tanh", "label": "tanh RNN", "className": "gg-measured"},
            {"name": "linear", "label": "linear RNN", "className": "gg-bound"},
        ],
        "arrays": {act: grid_array(values, ["radius"]) for act, values in curves.items()},
        "x_label": "steps after the pulse",
        "y_label": "what is left of the pulse (log scale)",
        "y_range": [-8, 2],
        "y_step": 2,
        "description": "The size of the difference between the states of two runs, one with a "
        "pulse of input, over the steps after the pulse, relative to its size at the pulse.",
        "explain": f"{end} steps after the pulse the tanh network holds "
        f"{{tanh[{end}]:pow10}} of it, the linear network {{linear[{end}]:pow10}}.",
    }
    start = {"radius": nearest(RADII, radius, "radius")}
    return Explorer(
        "curves", title="How long does the state remember a pulse?", data=data, selection=start
    )
