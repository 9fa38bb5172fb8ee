"""The character models of chapter 12 in numpy: a SimpleRNN, an LSTM or a GRU reading
*Moby-Dick* one character at a time, with a dense readout to the next character's logits.

Trained in Keras by `tools/train-char-models` (settings below); their weights ship with the
package (`data/charmodels/`), and every view of chapter 12 is computed from them here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import numpy as np

from ._checks import (
    as_choice,
    as_codes,
    as_float,
    as_float_array,
    as_frozen,
    as_instance,
    as_int,
    as_rng,
)
from .gru import GRUParams, GRUTrace, gru_bptt, gru_forward
from .keras_layout import cell_from_keras
from .lstm import GATES, LSTMParams, LSTMTrace, lstm_bptt, lstm_forward
from .rnn import RNNParams, RNNTrace, rnn_bptt, rnn_forward

KINDS = ("rnn", "lstm", "gru")
CHAR_SETTINGS = {
    "units": 128,
    "epochs": 20,
    "seed": 0,
    "length": 100,
    "batch_size": 64,
    "learning_rate": 1e-2,
    "global_clipnorm": 1.0,
}
CHECKPOINT_EPOCHS = (0, 1, 5, 20)
MATCHED = "gru-matched"  # a GRU as large as the LSTM, saved after the last epoch only
MODEL_DIR = resources.files("gatesgrad").joinpath("data", "charmodels")
QUANTITIES = {  # what a view can colour the text by, for each kind
    "rnn": ("h",),
    "lstm": ("c", "tanh_c", "h", "i", "f", "g", "o"),
    "gru": ("h", "z", "r", "h_tilde"),
}


@dataclass(frozen=True)
class CharModel:
    """A trained character model: the recurrent cell and the readout
    logits_t = W_y h_t + b_y over the alphabet."""

    kind: str
    cell: RNNParams | LSTMParams | GRUParams
    W_y: np.ndarray  # (V, H)
    b_y: np.ndarray  # (V,)

    def __post_init__(self) -> None:
        kind = as_choice(self.kind, "kind", list(KINDS))
        cls = {"rnn": RNNParams, "lstm": LSTMParams, "gru": GRUParams}[kind]
        as_instance(self.cell, cls, "cell")
        H, D = self.cell.hidden_size, self.cell.input_size
        object.__setattr__(self, "kind", kind)
        W_y = as_frozen(self.W_y, "W_y", shape=(D, H), sizes_from="cell (V = its inputs)")
        object.__setattr__(self, "W_y", W_y)
        object.__setattr__(self, "b_y", as_frozen(self.b_y, "b_y", shape=(D,), sizes_from="W_y"))

    @property
    def alphabet_size(self) -> int:
        return self.cell.input_size

    @property
    def units(self) -> int:
        return self.cell.hidden_size

    @property
    def parameter_count(self) -> int:
        """How many numbers the model learns: the cell's weights and the readout's."""
        cell = [a for a in vars(self.cell).values() if isinstance(a, np.ndarray)]
        return sum(a.size for a in (*cell, self.W_y, self.b_y))


def char_model_from_weights(kind: str, weights: Sequence[np.ndarray]) -> CharModel:
    """A `CharModel` from the Keras weight list of `keras_models.char_model` (the recurrent
    layer's kernel, recurrent kernel and bias, then the dense kernel and bias)."""
    kind = as_choice(kind, "kind", list(KINDS))
    if not isinstance(weights, list | tuple) or len(weights) != 5:
        got = len(weights) if isinstance(weights, list | tuple) else type(weights).__name__
        raise ValueError(f"weights: expected the 5 arrays of a {kind} character model, got {got}")
    kernel, recurrent, bias, dense, dense_bias = (
        as_float_array(w, f"weights[{k}]") for k, w in enumerate(weights)
    )
    try:
        cell = cell_from_keras(kind, kernel, recurrent, bias, reset_after=True)
        return CharModel(kind, cell, as_float_array(dense, "weights[3]", ndim=2).T, dense_bias)
    except (ValueError, TypeError) as error:  # name the argument, not the field it became
        shapes = [w.shape for w in (kernel, recurrent, bias, dense, dense_bias)]
        raise ValueError(
            f"weights: expected the weights of a Keras {kind} character model, got shapes "
            f"{shapes} ({error})"
        ) from None


def gru_parameter_count(alphabet_size: int, units: int) -> int:
    """How many numbers a GRU character model learns: 3 blocks of (V·H + H² + 2H) (Keras'
    reset_after keeps two bias rows) and the readout's H·V + V."""
    V, H = as_int(alphabet_size, "alphabet_size", minimum=1), as_int(units, "units", minimum=1)
    return 3 * (V * H + H * H + 2 * H) + H * V + V


def matched_gru_units(alphabet_size: int, lstm_units: int) -> int:
    """The GRU size whose parameter count is nearest an LSTM character model's (the smaller
    size on a tie); an LSTM has 4 (V·H + H² + H) + H·V + V."""
    V, H = (
        as_int(alphabet_size, "alphabet_size", minimum=1),
        as_int(lstm_units, "lstm_units", minimum=1),
    )
    lstm = 4 * (V * H + H * H + H) + H * V + V
    return min(range(H, 2 * H + 1), key=lambda u: abs(gru_parameter_count(V, u) - lstm))


def load_matched_gru() -> CharModel:
    """The GRU of `matched_gru_units` units after the last epoch (written by
    `tools/train-char-models --matched`; its log is training_log()["models"][MATCHED])."""
    return _load_matched_gru()


@cache
def _load_matched_gru() -> CharModel:
    name = f"{MATCHED}-epoch{CHAR_SETTINGS['epochs']:02d}.npz"
    with MODEL_DIR.joinpath(name).open("rb") as file, np.load(file) as saved:
        weights = [saved[f"w{k}"] for k in range(len(saved.files))]
    return char_model_from_weights("gru", weights)


def _checkpoint(kind: str, epoch: int) -> tuple[str, int]:
    kind = as_choice(kind, "kind", list(KINDS))
    epoch = as_int(epoch, "epoch")
    if epoch not in CHECKPOINT_EPOCHS:
        raise ValueError(f"epoch: expected one of the checkpoints {CHECKPOINT_EPOCHS}, got {epoch}")
    return kind, epoch


def checkpoint_file(kind: str, epoch: int) -> Traversable:
    """Where the weights of `kind` after `epoch` epochs are saved (epoch 0: untrained)."""
    kind, epoch = _checkpoint(kind, epoch)
    return MODEL_DIR.joinpath(f"{kind}-epoch{epoch:02d}.npz")


def load_char_model(kind: str, epoch: int) -> CharModel:
    """The saved `kind` model ("rnn", "lstm", "gru") after `epoch` epochs (a checkpoint)."""
    return _load_char_model(*_checkpoint(kind, epoch))


@cache
def _load_char_model(kind: str, epoch: int) -> CharModel:
    with checkpoint_file(kind, epoch).open("rb") as file, np.load(file) as saved:
        weights = [saved[f"w{k}"] for k in range(len(saved.files))]
    return char_model_from_weights(kind, weights)


@cache
def training_log() -> dict[str, Any]:
    """What `tools/train-char-models` recorded: settings, alphabet, versions, and for each kind
    the loss of every step (nats) and the validation bits per character after every epoch."""
    return json.loads(MODEL_DIR.joinpath("training.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class CharRun:
    """A model run over a text: its trace, the logits after every character, and
    `quantities[name]` (T, H) for each name in `QUANTITIES[kind]` (c, h: after the step;
    tanh_c: tanh(c_t), what of the cell reaches h_t = o_t ⊙ tanh(c_t))."""

    model: CharModel
    trace: RNNTrace | LSTMTrace | GRUTrace
    logits: np.ndarray  # (T, V)
    quantities: dict[str, np.ndarray]

    @property
    def state(self) -> tuple[np.ndarray, ...]:
        """The state after the last character: (h,), or (h, c) for the LSTM."""
        if self.model.kind == "lstm":
            return self.trace.h[-1], self.trace.c[-1]
        return (self.trace.h[-1],)


def _as_state(state: object, model: CharModel) -> tuple[np.ndarray, ...]:
    """A `CharRun.state` of `model`: (h,), or (h, c) for the LSTM, each (H,); () for None."""
    if state is None:
        return ()
    n = 2 if model.kind == "lstm" else 1
    if not isinstance(state, tuple | list) or len(state) != n:
        got = f"{len(state)} arrays" if isinstance(state, tuple | list) else type(state).__name__
        raise TypeError(
            f"state: expected a tuple of {n} state array{'s' * (n > 1)} of the {model.kind}, "
            f"got {got}"
        )
    shape = (model.units,)
    return tuple(as_float_array(s, "state", shape=shape, sizes_from="model") for s in state)


def run_char_model(
    model: CharModel, codes: np.ndarray, state: tuple[np.ndarray, ...] | None = None
) -> CharRun:
    """Read `codes` (T,) one character at a time from `state` (a `CharRun.state`; zeros by
    default)."""
    model = as_instance(model, CharModel, "model")
    xs = np.eye(model.alphabet_size)[as_codes(codes, "codes", model.alphabet_size)]
    start = _as_state(state, model)
    if model.kind == "lstm":
        trace = lstm_forward(model.cell, xs, *start)
        quantities = {"c": trace.c[1:], "tanh_c": np.tanh(trace.c[1:]), "h": trace.h[1:]}
        quantities |= {g: getattr(trace, g) for g in GATES}
    elif model.kind == "gru":
        trace = gru_forward(model.cell, xs, *start)
        quantities = {"h": trace.h[1:], "z": trace.z, "r": trace.r, "h_tilde": trace.h_tilde}
    else:
        trace = rnn_forward(model.cell, xs, *start)
        quantities = {"h": trace.h[1:]}
    logits = trace.h[1:] @ model.W_y.T + model.b_y
    return CharRun(model, trace, logits, quantities)


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def surprisal_bits(logits: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """−log₂ p(target) for every step: logits (T, V) of a `CharRun`, targets (T,) codes."""
    logits = as_float_array(logits, "logits", ndim=2, nonempty=True)
    T, V = logits.shape
    targets = as_codes(targets, "targets (one per row of logits)", V, length=T)
    return -_log_softmax(logits)[np.arange(T), targets] / np.log(2)


def bits_per_char(model: CharModel, codes: np.ndarray) -> float:
    """Mean −log₂ p(next character) over `codes`, read from a zero state (T − 1 predictions)."""
    model = as_instance(model, CharModel, "model")
    codes = as_codes(codes, "codes", model.alphabet_size, minimum=2)
    return float(surprisal_bits(run_char_model(model, codes[:-1]).logits, codes[1:]).mean())


def sample_text(
    model: CharModel, prime: np.ndarray, length: int, temperature: float, rng: object
) -> np.ndarray:
    """`length` codes drawn one at a time from softmax(logits / temperature), after reading
    `prime` (codes) from a zero state; `rng` a numpy Generator or a seed."""
    model = as_instance(model, CharModel, "model")
    prime = as_codes(prime, "prime", model.alphabet_size)
    length = as_int(length, "length", minimum=1)
    temperature = as_float(temperature, "temperature", minimum=0.0, strict_minimum=True)
    rng = as_rng(rng)
    run = run_char_model(model, prime)
    logits, state, out = run.logits[-1], run.state, []
    for _ in range(length):
        with np.errstate(over="ignore"):  # a tiny temperature: −inf, probability 0
            p = np.exp(_log_softmax((logits - logits.max()) / temperature))
        out.append(int(rng.choice(model.alphabet_size, p=p / p.sum())))
        run = run_char_model(model, np.array(out[-1:]), state)
        logits, state = run.logits[-1], run.state
    return np.array(out)


def connectivity(
    model: CharModel, codes: np.ndarray, state: tuple[np.ndarray, ...] | None = None
) -> np.ndarray:
    """‖∂L_T/∂x_k‖ for k = 1 … T: how much the loss of predicting the character after
    `codes[:-1]` (the last code is its target) depends on each character read, (T,)."""
    model = as_instance(model, CharModel, "model")
    codes = as_codes(codes, "codes", model.alphabet_size, minimum=2)  # inputs, then a target
    run = run_char_model(model, codes[:-1], state)
    p = np.exp(_log_softmax(run.logits[-1]))
    p[codes[-1]] -= 1.0  # ∂L/∂logits of the cross-entropy
    dL_dh = np.zeros(run.logits.shape[:1] + (model.units,))
    dL_dh[-1] = model.W_y.T @ p
    bptt = {"rnn": rnn_bptt, "lstm": lstm_bptt, "gru": gru_bptt}[model.kind]
    return np.linalg.norm(bptt(model.cell, run.trace, dL_dh).xs, axis=1)


def _unit_scale(centred: np.ndarray) -> np.ndarray:
    """Columns divided by their largest |value| (r does not change; squares cannot overflow)."""
    scale = np.abs(centred).max(axis=0)
    return centred / np.where(scale > 0, scale, 1.0)


def unit_correlations(
    values: np.ndarray, features: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Pearson's r between every unit's values (T, H) and each feature (T,): {name: (H,)}.
    NaN for a unit or a feature that never changes."""
    values = as_float_array(values, "values", ndim=2, nonempty=True)
    if not isinstance(features, Mapping):
        raise TypeError(
            f"features: expected a mapping of names to arrays, got {type(features).__name__}"
        )
    constant = np.ptp(values, axis=0) == 0  # its centred values are round-off, not zeros
    centred = _unit_scale(values - values.mean(axis=0))
    spread = np.sqrt((centred**2).sum(axis=0))
    out = {}
    for name, feature in features.items():
        f = as_float_array(
            feature, f"features[{name!r}]", shape=(len(values),), sizes_from="values"
        )
        flat = np.ptp(f) == 0
        f = _unit_scale(f - f.mean())
        with np.errstate(invalid="ignore", divide="ignore"):
            r = (centred.T @ f) / (spread * np.sqrt(f @ f))
        out[name] = np.where(constant | flat, np.nan, r)
    return out
