"""The gradient-decay explorer: ‖∂h_T/∂h_t‖ against t for a vanilla RNN, beside the
bound (γ·‖W_hh‖₂)^{T−t}, for every spectral radius, activation and length on the sliders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._checks import as_choice, as_float_array, as_int, as_rng
from ..activations import ACTIVATIONS
from ..gradients import (
    gradient_regime,
    largest_singular_value,
    log10_chain_bound,
    log10_chain_norms,
    step_bound,
)
from ..rnn import RNNParams, init_rnn, rnn_forward, rnn_jacobians
from .base import Explorer, encode_array

DEFAULT_RADII = tuple(np.round(np.arange(0.2, 6.01, 0.2), 1))
DEFAULT_LENGTHS = tuple(range(10, 101, 10))


@dataclass(frozen=True)
class DecayGrid:
    """Every curve the explorer can show.

    `log10_norms[a][r][l]` is log10 ‖∂h_T/∂h_t‖ for t = 0 … T with T = lengths[l];
    `log10_bound[a, r, k]` is log10 (γ·‖W_hh‖₂)^k for k = 0 … max(lengths).
    """

    activations: tuple[str, ...]
    radii: np.ndarray  # (R,)
    lengths: np.ndarray  # (L,)
    norm2: np.ndarray  # (R,): ‖W_hh‖₂ at each spectral radius
    log10_norms: list[list[list[np.ndarray]]]
    log10_bound: np.ndarray  # (A, R, max(lengths) + 1)
    rate: np.ndarray  # (A, R): γ·‖W_hh‖₂, the bound's factor per step
    regimes: list[list[str]]  # (A, R): 'vanishing' or 'may explode'


def decay_network(
    radius: float,
    activation: str,
    *,
    hidden_size: int = 32,
    input_size: int = 4,
    seed: int = 0,
) -> RNNParams:
    """The explorer's RNN: one random direction for W_hh, scaled to the given ρ(W_hh)."""
    return init_rnn(
        input_size, hidden_size, rng=seed, activation=activation, spectral_radius=radius
    )


def decay_inputs(length: int, *, input_size: int = 4, seed: int = 0) -> np.ndarray:
    """The explorer's input sequence: standard normal values, (length, input_size)."""
    rng = as_rng(seed + 1, "seed")
    return rng.standard_normal((as_int(length, "length", minimum=1), input_size))


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
    return log10_chain_norms(rnn_jacobians(params, rnn_forward(params, xs)))


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
    lengths_ = np.array([as_int(T, "lengths[]", minimum=1) for T in lengths], dtype=int)
    if lengths_.size == 0:
        raise ValueError("lengths: expected at least one sequence length, got none")
    acts = tuple(as_choice(a, "activations[]", list(ACTIVATIONS)) for a in activations)
    if not acts:
        raise ValueError("activations: expected at least one activation, got none")
    T_max = int(lengths_.max())
    xs = decay_inputs(T_max, seed=seed)

    norm2 = np.empty(radii_.size)
    log10_bound = np.empty((len(acts), radii_.size, T_max + 1))
    rate = np.empty((len(acts), radii_.size))
    norms: list[list[list[np.ndarray]]] = []
    regimes: list[list[str]] = []
    for a, act in enumerate(acts):
        norms.append([])
        regimes.append([])
        for r, rho in enumerate(radii_):
            params = decay_network(float(rho), act, hidden_size=hidden_size, seed=seed)
            J = rnn_jacobians(params, rnn_forward(params, xs))  # (T_max, H, H)
            norms[a].append([log10_chain_norms(J[:T]) for T in lengths_])
            norm2[r] = largest_singular_value(params.W_hh)
            log10_bound[a, r] = log10_chain_bound(params.W_hh, act, np.arange(T_max + 1))
            rate[a, r] = step_bound(params.W_hh, act)
            regimes[a].append(gradient_regime(params.W_hh, act))
    return DecayGrid(acts, radii_, lengths_, norm2, norms, log10_bound, rate, regimes)


def gradient_decay_explorer(
    *, radius: float = 1.0, activation: str = "tanh", length: int = 50, **grid_options
) -> Explorer:
    """The live figure: sliders for ρ(W_hh) and T, buttons for φ.

    `radius`, `activation` and `length` choose the starting position (nearest grid value).
    """
    grid = decay_grid(**grid_options)
    activation = as_choice(activation, "activation", list(grid.activations))
    flat = [curve for per_act in grid.log10_norms for per_r in per_act for curve in per_r]
    sizes = grid.lengths + 1
    data = {
        "activations": list(grid.activations),
        "gamma": [ACTIVATIONS[a].gamma for a in grid.activations],
        "radii": grid.radii.tolist(),
        "lengths": grid.lengths.tolist(),
        "norm2": grid.norm2.tolist(),
        "rate": grid.rate.tolist(),
        "regimes": grid.regimes,
        "float32_log10_max": float(np.log10(np.finfo(np.float32).max)),
        "float32_log10_tiny": float(np.log10(np.finfo(np.float32).smallest_subnormal)),
        # curve (a, r, l) starts at ((a·R + r)·S + offsets[l]), S = sum(lengths + 1)
        "offsets": np.concatenate([[0], np.cumsum(sizes)[:-1]]).tolist(),
        "block": int(sizes.sum()),
        "log10_norms": encode_array(np.concatenate(flat)),
        "log10_bound": encode_array(grid.log10_bound),
    }
    selection = {
        "activation": grid.activations.index(activation),
        "radius": int(np.argmin(np.abs(grid.radii - radius))),
        "length": int(np.argmin(np.abs(grid.lengths - length))),
    }
    return Explorer("decay", title="Gradient decay through time", data=data, selection=selection)
