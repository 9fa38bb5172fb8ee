"""The gradient-decay explorer: ‖∂h_T/∂h_t‖ against t for a vanilla RNN, beside the
bound (γ·‖W_hh‖₂)^{T−t}, for every spectral radius, activation and length on the sliders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._checks import as_choice, as_float, as_float_array, as_int, as_int_list
from ..activations import ACTIVATIONS
from ..gradients import (
    gradient_regime,
    largest_singular_value,
    log10_chain_bound,
    log10_chain_norms,
    step_bound,
)
from ..rnn import RNNParams, init_rnn, rnn_jacobians
from ._grid import finite_run, inputs, padded_curves
from .base import Explorer, control, grid_array, nearest, subscript

DEFAULT_RADII = tuple(np.round(np.arange(0.25, 6.01, 0.25), 2))  # 24 steps: the page stays light
DEFAULT_LENGTHS = tuple(range(10, 101, 10))


@dataclass(frozen=True)
class DecayGrid:
    """Every curve the explorer can show.

    `log10_norms[a, r, l, t]` is log10 ‖∂h_T/∂h_t‖ for t = 0 … T with T = lengths[l]
    (NaN past T); `log10_bound[a, r, k]` is log10 (γ·‖W_hh‖₂)^k for k = 0 … max(lengths).
    """

    activations: tuple[str, ...]
    radii: np.ndarray  # (R,)
    lengths: np.ndarray  # (L,)
    norm2: np.ndarray  # (R,): ‖W_hh‖₂ at each spectral radius
    log10_norms: np.ndarray  # (A, R, L, max(lengths) + 1), NaN past each T
    log10_bound: np.ndarray  # (A, R, max(lengths) + 1)
    rate: np.ndarray  # (A, R): γ·‖W_hh‖₂, the bound's factor per step
    regimes: list[list[str]]  # (A, R): one of GRADIENT_REGIMES each


def decay_network(
    radius: float,
    activation: str,
    *,
    hidden_size: int = 32,
    input_size: int = 4,
    seed: int = 0,
) -> RNNParams:
    """The explorer's RNN: one random direction for W_hh, scaled to the given ρ(W_hh)."""
    rho = as_float(radius, "radius", minimum=0.0)
    return init_rnn(input_size, hidden_size, rng=seed, activation=activation, spectral_radius=rho)


def decay_inputs(length: int, *, input_size: int = 4, seed: int = 0) -> np.ndarray:
    """The explorer's input sequence: standard normal values, (length, input_size)."""
    return inputs(as_int(length, "length", minimum=1), input_size, seed)


def decay_curve(
    radius: float,
    activation: str,
    length: int,
    *,
    seed: int = 0,
    hidden_size: int = 32,
) -> np.ndarray:
    """log10 ‖∂h_T/∂h_t‖ for t = 0 … T at one slider setting (T = `length`)."""
    params = decay_network(radius, activation, hidden_size=hidden_size, seed=seed)
    xs = decay_inputs(length, seed=seed)
    return log10_chain_norms(rnn_jacobians(params, finite_run(params, xs, "radius", radius)))


def decay_grid(
    *,
    radii: Sequence[float] = DEFAULT_RADII,
    lengths: Sequence[int] = DEFAULT_LENGTHS,
    activations: Sequence[str] = tuple(ACTIVATIONS),
    hidden_size: int = 32,
    seed: int = 0,
) -> DecayGrid:
    """Compute every curve of the explorer (the view only indexes into this)."""
    radii_ = as_float_array(radii, "radii", ndim=1)
    if radii_.size == 0 or np.any(radii_ < 0):
        raise ValueError(f"radii: expected a non-empty list of values >= 0, got {list(radii)}")
    lengths_ = np.array(as_int_list(lengths, "lengths", minimum=1), dtype=int)
    acts = tuple(as_choice(a, "activations[]", list(ACTIVATIONS)) for a in activations)
    if not acts:
        raise ValueError("activations: expected at least one activation, got none")
    T_max = int(lengths_.max())
    xs = decay_inputs(T_max, seed=seed)

    settings = [(act, rho) for act in acts for rho in radii_]

    def jacobians(setting: tuple[str, float]) -> tuple[np.ndarray]:
        act, rho = setting
        params = decay_network(float(rho), act, hidden_size=hidden_size, seed=seed)
        return (rnn_jacobians(params, finite_run(params, xs, "radii", rho)),)  # (T_max, H, H)

    curves = padded_curves(settings, lengths_, jacobians, lambda J: {"norms": log10_chain_norms(J)})
    norms = curves["norms"].reshape(len(acts), radii_.size, lengths_.size, T_max + 1)
    norm2 = np.empty(radii_.size)
    log10_bound = np.empty((len(acts), radii_.size, T_max + 1))
    rate = np.empty((len(acts), radii_.size))
    regimes: list[list[str]] = []
    for a, act in enumerate(acts):
        regimes.append([])
        for r, rho in enumerate(radii_):
            params = decay_network(float(rho), act, hidden_size=hidden_size, seed=seed)
            norm2[r] = largest_singular_value(params.W_hh)
            log10_bound[a, r] = log10_chain_bound(params.W_hh, act, np.arange(T_max + 1))
            rate[a, r] = step_bound(params.W_hh, act)
            regimes[a].append(gradient_regime(params.W_hh, act))
    return DecayGrid(acts, radii_, lengths_, norm2, norms, log10_bound, rate, regimes)


FLOAT32_LOG10_MAX = float(np.log10(np.finfo(np.float32).max))
FLOAT32_LOG10_TINY = float(np.log10(np.finfo(np.float32).smallest_subnormal))
STORAGE = (  # what float32 makes of ‖∂h_T/∂h_0‖: nothing, inf, or 0
    "",
    " In float32 (how networks train) this gradient overflows to inf.",
    " In float32 (how networks train) it underflows to exactly 0.",
)
REGIMES = {  # what gradient_regime guarantees, in the readout's words (ρ and ‖W_hh‖₂ are shown)
    "vanishing": "γ·‖Wₕₕ‖₂ = {rate:sig} < 1: vanishing is guaranteed.",
    "vanishing in the end": "the chain is the power Wₕₕ^(T−t), and ρ < 1 makes it vanish in "
    "the end; ‖Wₕₕ‖₂ ≥ 1 allows it to grow for a while first.",
    "neutral": "the chain is the power Wₕₕ^(T−t), whose norm is at least ρ^(T−t): with ρ = 1 "
    "it never vanishes, and it never grows exponentially.",
    "exploding": "the chain is the power Wₕₕ^(T−t), whose norm is at least ρ^(T−t): ρ > 1 "
    "makes exploding certain.",
    "may explode": "γ·‖Wₕₕ‖₂ = {rate:sig} ≥ 1: the bound no longer forces vanishing, and "
    "nothing forces exploding; the slopes φ′ along the run decide.",
}


def gradient_decay_explorer(
    *, radius: float = 1.0, activation: str = "tanh", length: int = 50, **grid_options
) -> Explorer:
    """The live figure: sliders for ρ(W_hh) and T, buttons for φ.

    `radius`, `activation` and `length` choose the starting position (nearest grid value).
    """
    grid = decay_grid(**grid_options)
    activation = as_choice(activation, "activation", list(grid.activations))
    first = grid.log10_norms[..., 0]  # (A, R, L): ‖∂h_T/∂h_0‖
    storage = np.select([first > FLOAT32_LOG10_MAX, first < FLOAT32_LOG10_TINY], [1, 2], 0)
    every = ["activation", "radius", "length"]
    data = {
        "controls": [
            control("activation", "activation φ", grid.activations, radio=True),
            control("radius", "spectral radius ρ(Wₕₕ)", grid.radii, digits=2),
            control("length", "sequence length T", grid.lengths),
        ],
        "arrays": {
            "measured": grid_array(grid.log10_norms, every),
            "bound": grid_array(grid.log10_bound, ["activation", "radius"], align="end"),
            "storage": grid_array(storage, every),
            "norm2": grid_array(grid.norm2, ["radius"]),
            "gamma": grid_array([ACTIVATIONS[a].gamma for a in grid.activations], ["activation"]),
            "rate": grid_array(grid.rate, ["activation", "radius"]),
            "norm_T": grid_array(np.arange(len(grid.lengths)), ["length"]),  # ‖∂h_T/∂h₀‖ named
            "regime": grid_array(
                [[list(REGIMES).index(r) for r in row] for row in grid.regimes],
                ["activation", "radius"],
            ),
        },
        "phrases": {
            "storage": list(STORAGE),
            "regime": list(REGIMES.values()),
            "norm_T": [f"‖∂h{subscript(T)}/∂h₀‖" for T in grid.lengths],
        },
        "explain": [
            "{norm_T:phrase} = {measured[0]:pow10} (bound {bound[0]:pow10}).{storage:phrase}",
            "ρ(Wₕₕ) = {radius}, ‖Wₕₕ‖₂ = {norm2:sig}, γ = {gamma:sig} for {activation}; "
            "{regime:phrase}",
        ],
        "x_max": "length",
        "series": [
            {"name": "bound", "label": "bound (γ·‖Wₕₕ‖₂)^(T−t)", "className": "gg-bound"},
            {"name": "measured", "label": "measured ‖∂h_T/∂hₜ‖", "className": "gg-measured"},
        ],
        "hlines": [
            {"y": FLOAT32_LOG10_MAX, "label": "float32 overflows above", "className": "gg-limit"},
            {
                "y": FLOAT32_LOG10_TINY,
                "label": "float32 underflows to 0 below",
                "className": "gg-limit",
            },
        ],
        "x_label": "time step t",
        "y_label": "‖∂h_T / ∂hₜ‖ (log scale)",
        "description": "Norm of the gradient reaching back from the last step T to each step t, "
        "on a log scale, beside its analytic bound.",
    }
    selection = {
        "activation": grid.activations.index(activation),
        "radius": nearest(grid.radii, radius, "radius"),
        "length": nearest(grid.lengths, length, "length"),
    }
    return Explorer("curves", title="Gradient decay through time", data=data, selection=selection)
