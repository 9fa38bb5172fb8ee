"""Chapter 13's numbers: the trainer's probe batch, its untrained gradients, and the settings
of the demo the Chromium tests run (`tests/test_trainer_demo.py` checks what the prose says
of them against the page's JavaScript).

The probe batch is drawn again by `reference.Xoshiro`, written from the generator's
definition. The untrained gradients at the first marker are complex-step derivatives of the
prediction, run by the plain loops of `reference` (a SimpleRNN loop written here) on the
initial weights: nothing below calls the package's forward or backward passes. The initial
weights and the chrono biases' distribution are the setting, not what is checked.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from gatesgrad.trainer import TrainerConfig, initial_weights
from tests.claims.reference import Weights, Xoshiro, gru_states, lstm_states
from tests.claims.spec import approx, equals

T, H, PROBE, PROBE_SEED = 100, 16, 32, 2024
BLOCKS = {"rnn": 1, "gru": 3, "lstm": 4}


@cache
def probe_batch() -> tuple[np.ndarray, np.ndarray]:
    return Xoshiro(PROBE_SEED).adding(PROBE, T)


def final_state(arch: str, w: Weights, xs: np.ndarray) -> np.ndarray:
    """h_T of time-major sequences xs (T, B, 2)."""
    if arch == "lstm":
        return lstm_states(w, xs).h[-1]
    if arch == "gru":
        return gru_states(w, xs).h[-1]
    h = np.zeros((xs.shape[1], w.recurrent_kernel.shape[0]), dtype=xs.dtype)
    for x_t in xs:
        h = np.tanh(x_t @ w.kernel + h @ w.recurrent_kernel + w.bias)
    return h


def first_marker_gradient(arch: str, step: float = 1e-30) -> float:
    """Median over the probe batch of ‖∂L/∂x_t‖ at each sequence's first marker, L = (ŷ − y)²,
    seed 0 and Keras' gate biases, by complex steps: ∂ŷ/∂x = Im ŷ(x + i·step) / step, exact to
    rounding (no difference of nearly equal numbers, so it holds for a GRU's 1e-16 too)."""
    weights = initial_weights(TrainerConfig(arch, T, H, batch=16, seed=0))
    w = Weights(weights["kernel"], weights["recurrent_kernel"], weights["bias"])
    x, y = probe_batch()
    first = np.argmax(x[:, :, 1], axis=1)  # each sequence's first marked step
    rows = np.arange(len(x))

    def predict(xb: np.ndarray) -> np.ndarray:
        h_T = final_state(arch, w, np.swapaxes(xb, 0, 1))
        return h_T @ weights["dense_kernel"] + weights["dense_bias"][0]

    error = predict(x).real - y
    dy = []
    for d in range(2):  # value, marker: each sequence moved at its own first marker
        moved = x.astype(complex)
        moved[rows, first, d] += 1j * step
        dy.append(predict(moved).imag / step)
    return float(np.median(2 * np.abs(error) * np.hypot(*dy)))


@cache
def chrono_memory() -> np.ndarray:
    """1 + u for the 16 units' u ~ U(1, T − 1) that seed 0 draws: f = u / (1 + u)."""
    return 1 + np.random.default_rng(0).uniform(1.0, T - 1.0, size=H)


def parameters(arch: str) -> int:
    """Weights of the cell and its read-out, counted from the arrays the page starts from."""
    return sum(a.size for a in initial_weights(TrainerConfig(arch, T, H, seed=0)).values())


SIGMA_1 = 1 / (1 + math.exp(-1))
SCATTER = math.sqrt((2 * (1 / 5 - 1 / 6) - (2 * (1 / 3 - 1 / 4)) ** 2) / (50 * 16))

CLAIMS = {
    "ch13_probe_size": equals(PROBE),
    # "always predicting 1 scores …, remembering only the second value …" on the probe batch
    "ch13_probe_constant": approx(lambda: float(np.mean((probe_batch()[1] - 1) ** 2)), rel=1e-12),
    "ch13_probe_second": approx(
        lambda: float(
            np.mean(
                [
                    (y - x[np.flatnonzero(x[:, 1])[1], 0] - 0.5) ** 2
                    for x, y in zip(*probe_batch(), strict=True)
                ]
            )
        ),
        rel=1e-12,
    ),
    # untrained: the gradient at the first marker, SimpleRNN > LSTM > GRU
    **{
        f"ch13_first_{arch}_0": approx(lambda arch=arch: first_marker_gradient(arch), rel=1e-9)
        for arch in ("rnn", "lstm", "gru")
    },
    # the demo's settings: what the Chromium demo test runs and asserts with
    "ch13_window": equals(50),
    "ch13_demo_steps": equals(1500),
    "ch13_learned": equals(0.05),
    "ch13_margin": equals(0.02),
    "ch13_gated_reach": equals(1e-2),
    "ch13_rnn_reach": equals(1e-3),
    "ch13_plateau_steps": equals(500),
    "ch13_plateau_reach": equals(1e-3),
    # chrono at T = 100: f = u / (1 + u), a memory of 1 + u steps
    "ch13_chrono_f_min": approx(lambda: float(1 - 1 / chrono_memory().min()), rel=1e-12),
    "ch13_chrono_f_max": approx(lambda: float(1 - 1 / chrono_memory().max()), rel=1e-12),
    "ch13_chrono_memory_min": approx(lambda: float(chrono_memory().min()), rel=1e-12),
    "ch13_chrono_memory_max": approx(lambda: float(chrono_memory().max()), rel=1e-12),
    "ch13_sigma_1": approx(SIGMA_1, rel=1e-12),
    "ch13_memory_1": approx(1 + math.e, rel=1e-12),  # 1 / (1 − σ(1)) = 1 + e
    # a forward step's weight products: blocks × H × (2 + H); parameters from the arrays
    **{f"ch13_mults_{arch}": equals(k * H * (2 + H)) for arch, k in BLOCKS.items()},
    **{f"ch13_params_{arch}": equals(lambda a=arch: parameters(a)) for arch in BLOCKS},
    # checked exercises. The drawn loss of a network that always predicts 1: the mean of
    # (y − 1)² over 50 steps × 16 sequences; Var((y − 1)²) = E[X⁴] − E[X²]², X = u₁ + u₂ − 1
    # with the triangular density 1 − |x|: E[X⁴] = 2(1/5 − 1/6), E[X²] = 2(1/3 − 1/4)
    "ch13_check_scatter": approx(SCATTER, rel=1e-12),
    "ch13_margin_in_scatter": approx(0.02 / SCATTER, rel=1e-12),
    # the GRU network: three blocks of (2 + H) × H kernels and two bias rows, then Dense(1)
    "ch13_check_params_gru": equals(3 * (2 * H + H * H + 2 * H) + H + 1),
}
