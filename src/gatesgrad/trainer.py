"""The in-page trainer's numpy twin: a SimpleRNN, an LSTM or a GRU with a Dense(1) head,
trained on the adding problem by batch MSE, global-norm clipping and Keras 3's Adam, step
for step as the JavaScript of explorers/js/trainer/ trains it in the browser.

Parameters are held in Keras' layouts, in the order of `PARAMS` (kernel, recurrent_kernel,
bias, dense_kernel, dense_bias): the order of the global norm and of the weights sent to the
page. The cell's forward and backward passes are the package's `*_forward` and `*_bptt`, one
sequence at a time; the data come from `gatesgrad.xoshiro`, so both sides see the same batches.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Real

import numpy as np

from ._checks import as_choice, as_float, as_float_array, as_instance, as_int
from .gru import gru_bptt, gru_forward, init_gru
from .initializers import chrono_bias, glorot_uniform
from .keras_layout import cell_from_keras
from .lstm import gate_slice, init_lstm, lstm_bptt, lstm_forward
from .rnn import init_rnn, rnn_bptt, rnn_forward
from .xoshiro import MASK, PROBE_SEED, Xoshiro128, adding_batch

ARCHS = ("rnn", "lstm", "gru")
PARAMS = ("kernel", "recurrent_kernel", "bias", "dense_kernel", "dense_bias")
PROBE_SIZE = 32  # sequences in the probe batch
GATE_BIASES = {"rnn": (0.0,), "lstm": (0.0, 1.0, "chrono"), "gru": (0.0, 1.0)}
DEFAULT_GATE_BIAS = {"rnn": 0.0, "lstm": 1.0, "gru": 0.0}  # Keras' defaults
BETA_1, BETA_2, EPSILON = 0.9, 0.999, 1e-7  # Keras 3's Adam


@dataclass(frozen=True)
class TrainerConfig:
    """What a run is: the cell `arch` ('rnn', 'lstm', 'gru') with `H` units, sequences of
    length `T`, `batch` sequences a step, Adam's learning rate `lr`, the global-norm clip
    `clip`, the `seed` of the weights and of the data, and the gate bias (LSTM b_f: 0, 1 or
    'chrono'; GRU b_z: 0 or 1; the SimpleRNN has none: 0). `gate_bias=None` takes Keras'
    default (LSTM 1, GRU 0)."""

    arch: str
    T: int
    H: int
    batch: int = 32
    lr: float = 1e-2
    clip: float = 1.0
    seed: int = 0
    gate_bias: float | str | None = None

    def __post_init__(self) -> None:
        arch = as_choice(self.arch, "arch", ARCHS)
        gate_bias = _as_gate_bias(self.gate_bias, arch)
        checked = {
            "arch": arch,
            "T": as_int(self.T, "T", minimum=3 if gate_bias == "chrono" else 2),
            "H": as_int(self.H, "H", minimum=1),
            "batch": as_int(self.batch, "batch", minimum=1),
            "lr": as_float(self.lr, "lr", minimum=0.0, strict_minimum=True),
            "clip": as_float(self.clip, "clip", minimum=0.0, strict_minimum=True),
            "seed": as_int(self.seed, "seed", minimum=0, maximum=MASK),
            "gate_bias": gate_bias,
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)


def _as_gate_bias(value: object, arch: str) -> float | str:
    """`value` as one of the gate biases `arch` offers (None: Keras' default)."""
    if value is None:
        return DEFAULT_GATE_BIAS[arch]
    allowed = GATE_BIASES[arch]
    if isinstance(value, str) and value == "chrono" and "chrono" in allowed:
        return "chrono"
    if isinstance(value, Real) and not isinstance(value, bool) and float(value) in allowed:
        return float(value)
    raise ValueError(f"gate_bias: expected one of {list(allowed)} for arch {arch!r}, got {value!r}")


def _float32(weights: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every weight rounded to float32 (as Keras keeps them), held as float64."""
    return {name: np.asarray(weights[name], np.float32).astype(np.float64) for name in PARAMS}


def trainer_weights(arch: str, H: int, seed: int) -> dict[str, np.ndarray]:
    """The initial weights of a run, gate bias 0, in Keras' layouts and rounded to float32:
    the cell by `init_rnn(init="keras")`, `init_lstm` or `init_gru` from
    `np.random.default_rng(seed)`, then a Glorot-uniform dense kernel and a zero dense bias."""
    arch = as_choice(arch, "arch", ARCHS)
    H = as_int(H, "H", minimum=1)
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0, maximum=MASK))
    cell = _draw_cell(arch, H, rng)
    dense = {"dense_kernel": glorot_uniform(rng, (H, 1))[:, 0], "dense_bias": np.zeros(1)}
    return _float32(cell | dense)


def _draw_cell(arch: str, H: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The cell's kernel, recurrent kernel and bias (gate bias 0) in Keras' layouts."""
    if arch == "rnn":
        p = init_rnn(2, H, rng=rng, init="keras")
        return {"kernel": p.W_xh.T, "recurrent_kernel": p.W_hh.T, "bias": p.b_h}
    if arch == "lstm":
        p = init_lstm(2, H, rng=rng, forget_bias=0.0)
    else:
        p = init_gru(2, H, rng=rng, update_bias=0.0)
    return {"kernel": p.kernel, "recurrent_kernel": p.recurrent_kernel, "bias": p.bias}


def with_gate_bias(
    weights: Mapping[str, np.ndarray], arch: str, gate_bias: float | str, *, seed: int, T: int
) -> dict[str, np.ndarray]:
    """`weights` with the gate bias set: LSTM b_f (0, 1, or 'chrono': the whole bias by
    `chrono_bias(np.random.default_rng(seed), H, max_lag=T)`), GRU b_z in bias[0, :H]; the
    SimpleRNN's (none) stays. Float32-rounded."""
    arch = as_choice(arch, "arch", ARCHS)
    gate_bias = _as_gate_bias(gate_bias, arch)
    out = _checked_weights(weights, arch)
    seed = as_int(seed, "seed", minimum=0, maximum=MASK)
    T = as_int(T, "T", minimum=3 if gate_bias == "chrono" else 2)
    H = len(out["dense_kernel"])
    if gate_bias == "chrono":
        out["bias"] = chrono_bias(np.random.default_rng(seed), H, max_lag=T)
    elif arch == "lstm":
        out["bias"][gate_slice("f", H)] = gate_bias
    elif arch == "gru":
        out["bias"][0, :H] = gate_bias
    return _float32(out)


def initial_weights(config: TrainerConfig) -> dict[str, np.ndarray]:
    """The weights a run of `config` starts from: `trainer_weights` with its gate bias."""
    config = as_instance(config, TrainerConfig, "config")
    weights = trainer_weights(config.arch, config.H, config.seed)
    return with_gate_bias(weights, config.arch, config.gate_bias, seed=config.seed, T=config.T)


def run_config(config: TrainerConfig, weights: Mapping[str, np.ndarray] | None = None) -> dict:
    """The object `GGTrain.createRun` takes: the config and the weights as flat lists
    (row-major), `initial_weights(config)` unless given."""
    config = as_instance(config, TrainerConfig, "config")
    weights = (
        initial_weights(config)
        if weights is None
        else _checked_weights(weights, config.arch, config.H)
    )
    keys = ("arch", "T", "H", "batch", "lr", "clip", "seed")
    return {key: getattr(config, key) for key in keys} | {
        "weights": {name: weights[name].ravel().tolist() for name in PARAMS}
    }


def weight_shapes(arch: str, H: int) -> dict[str, tuple[int, ...]]:
    """The Keras shape of each parameter."""
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[as_choice(arch, "arch", ARCHS)]
    H = as_int(H, "H", minimum=1)
    bias = (2, 3 * H) if arch == "gru" else (gates * H,)
    return {
        "kernel": (2, gates * H),
        "recurrent_kernel": (H, gates * H),
        "bias": bias,
        "dense_kernel": (H,),
        "dense_bias": (1,),
    }


def _checked_weights(weights: object, arch: str, H: int | None = None) -> dict[str, np.ndarray]:
    """Copies of `weights` as float64 arrays of `arch`'s Keras shapes (H from `dense_kernel`
    unless given)."""
    if not isinstance(weights, Mapping) or set(weights) != set(PARAMS):
        got = list(weights) if isinstance(weights, Mapping) else type(weights).__name__
        raise ValueError(f"weights: expected a dict with the keys {list(PARAMS)}, got {got}")
    if H is None:
        dense = as_float_array(weights["dense_kernel"], "weights['dense_kernel']", ndim=1)
        H = as_int(len(dense), "len(weights['dense_kernel']) (H)", minimum=1)
    shapes = weight_shapes(arch, H)
    return {
        name: as_float_array(weights[name], f"weights[{name!r}]", shape=shapes[name]).copy()
        for name in PARAMS
    }


@dataclass(frozen=True)
class _Cell:
    """How the twin runs one architecture through the package's functions."""

    params: Callable[[dict], object]  # Keras-layout weights → the package's params
    forward: Callable
    bptt: Callable
    grads: Callable[[object], tuple[np.ndarray, ...]]  # → kernel, recurrent_kernel, bias
    gate: Callable[[object], np.ndarray]  # trace → the (T, H) gate the probe shows


def _cell_params(arch: str, w: Mapping[str, np.ndarray]) -> object:
    """The package's parameters of the cell in Keras-layout weights `w`."""
    return cell_from_keras(
        arch, w["kernel"], w["recurrent_kernel"], w["bias"], reset_after=arch == "gru"
    )


CELLS = {
    "rnn": _Cell(
        params=lambda w: _cell_params("rnn", w),
        forward=rnn_forward,
        bptt=rnn_bptt,
        grads=lambda g: (g.W_xh.T, g.W_hh.T, g.b_h),
        gate=lambda trace: 1.0 - trace.h[1:] ** 2,  # tanh′(a_t): no gate, the factor
    ),
    "lstm": _Cell(
        params=lambda w: _cell_params("lstm", w),
        forward=lstm_forward,
        bptt=lstm_bptt,
        grads=lambda g: (g.kernel, g.recurrent_kernel, g.bias),
        gate=lambda trace: trace.f,
    ),
    "gru": _Cell(
        params=lambda w: _cell_params("gru", w),
        forward=gru_forward,
        bptt=gru_bptt,
        grads=lambda g: (g.kernel, g.recurrent_kernel, g.bias),
        gate=lambda trace: trace.z,
    ),
}


@dataclass(frozen=True)
class TrainerProbe:
    """The probe batch on some weights: its MSE, ‖∂L_b/∂x_t‖ (P, T), the marked steps (P, 2),
    and the gate of each unit at each step of probe sequence 0 (T, H)."""

    loss: float
    grad_norms: np.ndarray
    markers: np.ndarray
    gates: np.ndarray


class Trainer:
    """A run of `config` from `weights` (`initial_weights(config)` unless given), in numpy.

    `step()` draws a batch from `Xoshiro128(config.seed)`, computes the batch MSE and its
    gradient, clips it to the global norm `clip` and takes one Adam step; it returns the loss
    before the update. `probe()` looks at the fixed probe batch without training.
    """

    def __init__(
        self, config: TrainerConfig, weights: Mapping[str, np.ndarray] | None = None
    ) -> None:
        self.config = as_instance(config, TrainerConfig, "config")
        start = (
            initial_weights(config)
            if weights is None
            else _checked_weights(weights, config.arch, config.H)
        )
        self._weights = start
        self._cell = CELLS[config.arch]
        self._stream = Xoshiro128(config.seed)
        self._m = {name: np.zeros_like(w) for name, w in start.items()}
        self._v = {name: np.zeros_like(w) for name, w in start.items()}
        self._probe_batch = adding_batch(Xoshiro128(PROBE_SEED), PROBE_SIZE, config.T)
        self.steps = 0

    @property
    def weights(self) -> dict[str, np.ndarray]:
        """Copies of the current weights, in Keras' layouts."""
        return {name: w.copy() for name, w in self._weights.items()}

    def gradient(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """The batch MSE of inputs `x` (B, T, 2) against targets `y` (B,) and its gradient,
        summed over the sequences in order."""
        x = as_float_array(x, "x", shape=(None, self.config.T, 2), nonempty=True)
        y = as_float_array(y, "y", shape=(len(x),), sizes_from="x")
        w, B = self._weights, len(x)
        params = self._cell.params(w)
        grads = {name: np.zeros_like(value) for name, value in w.items()}
        total = 0.0
        for b in range(B):
            trace, error = self._forward(params, x[b], y[b])
            total += error * error
            coef = (2.0 / B) * error
            cell_grads, _ = self._backward(params, trace, coef)
            for name, g in zip(PARAMS[:3], cell_grads, strict=True):
                grads[name] += g
            grads["dense_kernel"] += coef * trace.h[-1]
            grads["dense_bias"] += coef
        return total / B, grads

    def step(self) -> float:
        """One training step; the batch MSE before the update."""
        loss, grads = self.gradient(*adding_batch(self._stream, self.config.batch, self.config.T))
        self.steps += 1
        grads = _clipped(grads, self.config.clip)
        _adam(self._weights, grads, self._m, self._v, self.config.lr, self.steps)
        return loss

    def probe(self) -> TrainerProbe:
        """The probe batch (P = 32 sequences from `Xoshiro128(PROBE_SEED)`) on the current
        weights, without an update."""
        x, y = self._probe_batch
        params = self._cell.params(self._weights)
        losses, norms = [], []
        gates = None
        for b in range(len(x)):
            trace, error = self._forward(params, x[b], y[b])
            losses.append(error * error)
            _, dxs = self._backward(params, trace, 2.0 * error)
            norms.append(np.sqrt(dxs[:, 0] ** 2 + dxs[:, 1] ** 2))
            gates = self._cell.gate(trace) if gates is None else gates
        markers = np.stack([np.flatnonzero(row) for row in x[:, :, 1]]).astype(np.int32)
        return TrainerProbe(sum(losses) / len(losses), np.array(norms), markers, gates)

    def _forward(self, params: object, xs: np.ndarray, y: float) -> tuple[object, float]:
        """One sequence's trace and its error ŷ − y."""
        trace = self._cell.forward(params, xs)
        w = self._weights
        return trace, float(trace.h[-1] @ w["dense_kernel"] + w["dense_bias"][0]) - y

    def _backward(self, params: object, trace: object, coef: float) -> tuple[tuple, np.ndarray]:
        """The cell's gradients and ∂/∂x_t when ∂L/∂h_T = coef · w (zero before T)."""
        dL_dh = np.zeros(trace.h[1:].shape)
        dL_dh[-1] = coef * self._weights["dense_kernel"]
        grads = self._cell.bptt(params, trace, dL_dh)
        return self._cell.grads(grads), grads.xs


def _clipped(grads: dict[str, np.ndarray], clip: float) -> dict[str, np.ndarray]:
    """Keras' global_clipnorm: every gradient scaled by clip / n if their global norm n > clip."""
    norm = math.sqrt(sum(float(np.sum(grads[name] ** 2)) for name in PARAMS))
    if norm <= clip:
        return grads
    return {name: g * (clip / norm) for name, g in grads.items()}


def _adam(weights, grads, m, v, lr: float, t: int) -> None:
    """One Keras 3 Adam update of `weights`, `m` and `v` in place, at step `t` (from 1)."""
    alpha = lr * math.sqrt(1 - BETA_2**t) / (1 - BETA_1**t)
    for name in PARAMS:
        g = grads[name]
        m[name] += (g - m[name]) * (1 - BETA_1)
        v[name] += (g * g - v[name]) * (1 - BETA_2)
        weights[name] -= (m[name] * alpha) / (np.sqrt(v[name]) + EPSILON)
