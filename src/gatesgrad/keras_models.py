"""The bridge to TensorFlow/Keras: weights between the numpy RNN/LSTM/GRU and
`keras.layers.SimpleRNN`/`keras.layers.LSTM`/`keras.layers.GRU`, gradient norms with
GradientTape, and the small models of Part III.

Keras stores row-vector kernels: a SimpleRNN's kernel (D, H) is W_xhᵀ and its recurrent
kernel (H, H) is W_hhᵀ; an LSTM's weights are `LSTMParams`' own layout.
A GRU's are `GRUParams`' (gate order z, r, h; bias (2, 3H) with `reset_after`, else (3H,)).
The only module of the package that imports TensorFlow, so Parts I and II never load it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from ._checks import (
    as_choice,
    as_codes,
    as_float,
    as_float_array,
    as_instance,
    as_int,
    as_sequence,
    finite_result,
    quiet_overflow,
)
from .gru import GRUParams
from .lstm import LSTMParams
from .rnn import RNNParams

DTYPES = ("float32", "float64")
# The numpy RNN's activation names and Keras' names for the same functions.
KERAS_ACTIVATIONS = {"tanh": "tanh", "logistic": "sigmoid", "linear": "linear"}


def seed_everything(seed: int) -> None:
    """Python, numpy and TensorFlow seeds, and deterministic TensorFlow ops."""
    keras.utils.set_random_seed(as_int(seed, "seed", minimum=0))
    tf.config.experimental.enable_op_determinism()


def _holding(
    cls: type, params: object, weights: list[np.ndarray], dtype: object, **options: object
) -> keras.layers.Layer:
    """A built `cls` layer of the params' size holding `weights`, returning its sequences and
    final states."""
    dtype = as_choice(dtype, "dtype", DTYPES)
    layer = cls(
        params.hidden_size, return_sequences=True, return_state=True, dtype=dtype, **options
    )
    layer.build((None, None, params.input_size))
    layer.set_weights(weights)
    return layer


def keras_lstm(params: LSTMParams, *, dtype: str = "float32") -> keras.layers.LSTM:
    """A built `keras.layers.LSTM` holding `params` (sequences and final states returned)."""
    params = as_instance(params, LSTMParams, "params")
    weights = [params.kernel, params.recurrent_kernel, params.bias]
    return _holding(keras.layers.LSTM, params, weights, dtype)


def keras_gru(params: GRUParams, *, dtype: str = "float32") -> keras.layers.GRU:
    """A built `keras.layers.GRU` holding `params`, with their `reset_after` (sequences and
    final state returned)."""
    params = as_instance(params, GRUParams, "params")
    weights = [params.kernel, params.recurrent_kernel, params.bias]
    return _holding(keras.layers.GRU, params, weights, dtype, reset_after=params.reset_after)


def keras_simple_rnn(params: RNNParams, *, dtype: str = "float32") -> keras.layers.SimpleRNN:
    """A built `keras.layers.SimpleRNN` holding `params` (sequences and final state returned)."""
    params = as_instance(params, RNNParams, "params")
    weights = [params.W_xh.T, params.W_hh.T, params.b_h]
    activation = KERAS_ACTIVATIONS[params.activation]
    return _holding(keras.layers.SimpleRNN, params, weights, dtype, activation=activation)


def _built(layer: object, cls: type, **config: tuple[str, ...]) -> list[np.ndarray]:
    """The weights (kernel, recurrent kernel, bias) of a built `cls` layer, in float64,
    after checking the layer's `config` (e.g. its activation) is the numpy model's.

    Without a bias (`use_bias=False`) a zero bias of the shape the layer would have held:
    (2, 3H) for a GRU with `reset_after`, one row of the recurrent kernel's width otherwise."""
    if not isinstance(layer, cls) or not layer.built:
        got = type(layer).__name__ + ("" if getattr(layer, "built", True) else " (not built)")
        raise TypeError(f"layer: expected a built keras.layers.{cls.__name__}, got {got}")
    settings = layer.get_config()
    for key, allowed in config.items():
        if settings[key] not in allowed:
            raise ValueError(f"layer: expected {key} in {list(allowed)}, got {settings[key]!r}")
    weights = [np.asarray(w, dtype=float) for w in layer.get_weights()]
    if not settings["use_bias"]:
        width = weights[1].shape[1]
        weights.append(np.zeros((2, width) if settings.get("reset_after") else width))
    return weights


def lstm_params_from_keras(layer: keras.layers.LSTM) -> LSTMParams:
    """The numpy LSTM's parameters from a built Keras LSTM layer (same layout, in float64)."""
    kernel, recurrent_kernel, bias = _built(
        layer, keras.layers.LSTM, activation=("tanh",), recurrent_activation=("sigmoid",)
    )
    return LSTMParams(kernel, recurrent_kernel, bias)


def gru_params_from_keras(layer: keras.layers.GRU) -> GRUParams:
    """The numpy GRU's parameters from a built Keras GRU layer (same layout and `reset_after`,
    in float64)."""
    kernel, recurrent_kernel, bias = _built(
        layer, keras.layers.GRU, activation=("tanh",), recurrent_activation=("sigmoid",)
    )
    reset_after = layer.get_config()["reset_after"]
    return GRUParams(kernel, recurrent_kernel, bias, reset_after=bool(reset_after))


def rnn_params_from_keras(layer: keras.layers.SimpleRNN) -> RNNParams:
    """The numpy RNN's parameters from a built Keras SimpleRNN (W_xh = kernelᵀ, W_hh =
    recurrent_kernelᵀ, in float64)."""
    names = {keras_name: name for name, keras_name in KERAS_ACTIVATIONS.items()}
    kernel, recurrent_kernel, bias = _built(layer, keras.layers.SimpleRNN, activation=tuple(names))
    return RNNParams(kernel.T, recurrent_kernel.T, bias, names[layer.get_config()["activation"]])


@quiet_overflow
def keras_states(
    layer: keras.layers.LSTM,
    xs: np.ndarray,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """h_0 … h_T and c_0 … c_T, each (T+1, H), from stepping the layer's own cell over
    `xs` (T, D) from h0 and c0 (H,) (zeros by default)."""
    kernel, _, _ = _built(layer, keras.layers.LSTM)
    D, H = kernel.shape[0], layer.units
    xs = as_sequence(xs, "xs", D, "layer")
    h = np.zeros(H) if h0 is None else as_float_array(h0, "h0", shape=(H,), sizes_from="layer")
    c = np.zeros(H) if c0 is None else as_float_array(c0, "c0", shape=(H,), sizes_from="layer")
    h, c = h[None].astype(layer.dtype), c[None].astype(layer.dtype)
    hs, cs = [h[0]], [c[0]]
    for x_t in xs.astype(layer.dtype):
        _, (h, c) = layer.cell(x_t[None, :], [h, c])
        hs.append(np.asarray(h)[0])
        cs.append(np.asarray(c)[0])
    hs, cs = np.array(hs, dtype=float), np.array(cs, dtype=float)
    finite_result("layer, xs, h0, c0", f"h_t, c_t in {layer.dtype}", hs, cs)
    return hs, cs


def _input_shape(model: object) -> tuple[int | None, ...] | None:
    """The model's input shape (batch axis included), None if it has no defined input."""
    model = as_instance(model, keras.Model, "model")
    try:
        return tuple(model.inputs[0].shape)
    except (AttributeError, IndexError, TypeError):
        return None


def _pair(pair: object, name: str) -> tuple[object, object]:
    if not isinstance(pair, tuple | list) or len(pair) != 2:
        raise TypeError(f"{name}: expected a pair (x, y) of arrays, got {type(pair).__name__}")
    return pair[0], pair[1]


def _xy(
    x: object,
    y: object,
    names: tuple[str, str],
    input_shape: tuple[int | None, ...] | None,
    sizes_from: str = "model",
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs x (n, T, D), matching the model's input, and targets y (n,), both finite."""
    shape = (None, *input_shape[1:]) if input_shape and len(input_shape) == 3 else (None,) * 3
    x = as_float_array(x, names[0], shape=shape, nonempty=True, sizes_from=sizes_from)
    return x, as_float_array(y, names[1], shape=(x.shape[0],), sizes_from=names[0])


def input_gradient_norms(model: keras.Model, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """‖∂L/∂x_t‖ for every step t, mean-squared-error loss, averaged over the batch; (T,).

    `model` has a defined input (n, T, D) and one output per sequence; x (n, T, D), y (n,).
    """
    input_shape = _input_shape(model)
    if input_shape is None:
        raise ValueError("model: expected a model with a defined input (keras.Input), got none")
    x, y = _xy(x, y, ("x", "y"), input_shape)
    dtype = model.inputs[0].dtype  # the model's own input dtype (float32 unless built otherwise)
    x, y = tf.convert_to_tensor(x, dtype=dtype), tf.convert_to_tensor(y, dtype=dtype)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_mean((tf.squeeze(model(x), -1) - y) ** 2)
    grad = tape.gradient(loss, x)  # (n, T, D)
    return np.asarray(tf.reduce_mean(tf.norm(grad, axis=-1), axis=0), dtype=float)


RECURRENT_LAYERS: dict[str, Callable[..., keras.layers.Layer]] = {
    "lstm": lambda units: keras.layers.LSTM(units),
    "rnn": lambda units: keras.layers.SimpleRNN(units),
    "gru": lambda units: keras.layers.GRU(units),
}


def sequence_regressor(kind: str, length: int, *, units: int = 32, inputs: int = 2) -> keras.Model:
    """Input (T, inputs) → LSTM, SimpleRNN or GRU(units) → Dense(1): one number per
    sequence (`kind` "lstm", "rnn" or "gru")."""
    kind = as_choice(kind, "kind", list(RECURRENT_LAYERS))
    T = as_int(length, "length", minimum=1)
    return keras.Sequential(
        [
            keras.Input((T, as_int(inputs, "inputs", minimum=1))),
            RECURRENT_LAYERS[kind](as_int(units, "units", minimum=1)),
            keras.layers.Dense(1),
        ]
    )


@dataclass(frozen=True)
class Training:
    """What a training run produced: the model, its test MSE before training and after every
    epoch (epochs + 1 numbers), and its weights at those moments (`model.get_weights()`, a
    checkpoint per epoch, the untrained one first)."""

    model: keras.Model
    test_mse: list[float]
    checkpoints: list[list[np.ndarray]]


def train_regressor(
    model: keras.Model,
    data: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    *,
    epochs: int,
    learning_rate: float = 1e-2,
    global_clipnorm: float = 1.0,
    batch_size: int = 128,
    label: str = "",
) -> Training:
    """Adam with global-norm clipping on the mean squared error; prints one line of progress.

    `data` and `test` are pairs (x (n, T, D), y (n,)). Every argument is checked before the
    model is compiled (Keras would read `global_clipnorm=0` as "no clipping").
    """
    input_shape = _input_shape(model)
    x, y = _xy(*_pair(data, "data"), ("data[0]", "data[1]"), input_shape)
    x_test, y_test = _xy(*_pair(test, "test"), ("test[0]", "test[1]"), (None, *x.shape[1:]), "data")
    epochs = as_int(epochs, "epochs", minimum=1)
    learning_rate = as_float(learning_rate, "learning_rate", minimum=0.0, strict_minimum=True)
    global_clipnorm = as_float(global_clipnorm, "global_clipnorm", minimum=0.0, strict_minimum=True)
    batch_size = as_int(batch_size, "batch_size", minimum=1)
    if not isinstance(label, str):
        raise TypeError(f"label: expected a string, got {type(label).__name__}")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate, global_clipnorm=global_clipnorm),
        loss="mse",
    )
    test_mse, checkpoints = [], []
    for epoch in range(epochs + 1):  # epoch 0: the untrained model
        if epoch:
            model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0, shuffle=True)
        test_mse.append(float(model.evaluate(x_test, y_test, batch_size=1024, verbose=0)))
        checkpoints.append([np.array(w) for w in model.get_weights()])
    print(f"{label} test MSE by epoch: " + " → ".join(f"{m:.4f}" for m in test_mse))
    return Training(model, test_mse, checkpoints)


def char_model(kind: str, alphabet_size: int, *, units: int) -> keras.Model:
    """One-hot characters (T, V) → SimpleRNN, LSTM or GRU(units) → Dense(V): the logits of the
    next character at every step (`kind` "rnn", "lstm" or "gru"; Keras' default initialisers)."""
    kind = as_choice(kind, "kind", list(RECURRENT_LAYERS))
    V = as_int(alphabet_size, "alphabet_size", minimum=2)
    layer = RECURRENT_LAYERS[kind](as_int(units, "units", minimum=1))
    layer.return_sequences = True
    return keras.Sequential([keras.Input((None, V)), layer, keras.layers.Dense(V)])


@dataclass(frozen=True)
class CharTraining:
    """A character model's training run: the loss of every step (nats), and the validation
    bits per character before training and after every epoch."""

    model: keras.Model
    step_losses: list[float]
    valid_bits: list[float]


def train_char_model(
    kind: str,
    train_codes: np.ndarray,
    valid_codes: np.ndarray,
    *,
    alphabet_size: int,
    units: int,
    epochs: int,
    seed: int,
    length: int = 100,
    batch_size: int = 64,
    learning_rate: float = 1e-2,
    global_clipnorm: float = 1.0,
    max_steps: int | None = None,
    on_epoch: Callable[[int, int, keras.Model], None] | None = None,
) -> CharTraining:
    """Adam with global-norm clipping on the cross-entropy of the next character, from the
    seed (`seed_everything`): windows of `length` characters from a zero state, reshuffled
    every epoch. `on_epoch(epoch, step, model)` runs before training and after every epoch.
    `max_steps` stops early (the test that reruns the first steps); then no validation runs.
    """
    from .text import one_hot, windows

    kind = as_choice(kind, "kind", list(RECURRENT_LAYERS))
    V = as_int(alphabet_size, "alphabet_size", minimum=2)
    units = as_int(units, "units", minimum=1)
    seed = as_int(seed, "seed", minimum=0)
    epochs = as_int(epochs, "epochs", minimum=1)
    length = as_int(length, "length", minimum=1)
    batch_size = as_int(batch_size, "batch_size", minimum=1)
    learning_rate = as_float(learning_rate, "learning_rate", minimum=0.0, strict_minimum=True)
    global_clipnorm = as_float(global_clipnorm, "global_clipnorm", minimum=0.0, strict_minimum=True)
    steps_left = None if max_steps is None else as_int(max_steps, "max_steps", minimum=1)
    if on_epoch is not None and not callable(on_epoch):
        raise TypeError(f"on_epoch: expected a function or None, got {type(on_epoch).__name__}")
    # a whole batch of windows at any offset; one validation window
    train_codes = as_codes(train_codes, "train_codes", V, minimum=length * (batch_size + 1))
    valid_codes = as_codes(valid_codes, "valid_codes", V, minimum=length + 1)
    seed_everything(seed)
    model = char_model(kind, V, units=units)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate, global_clipnorm=global_clipnorm),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    valid = windows(valid_codes, length)

    def valid_bits() -> float:
        nats = model.evaluate(one_hot(valid[:, :-1], V), valid[:, 1:], batch_size=256, verbose=0)
        return float(nats) / float(np.log(2))

    rng = np.random.default_rng(seed)
    losses: list[float] = []
    bits = [] if steps_left is not None else [valid_bits()]
    if on_epoch is not None:
        on_epoch(0, 0, model)
    for epoch in range(1, epochs + 1):
        batches = windows(train_codes, length, rng)
        for start in range(0, len(batches) - batch_size + 1, batch_size):
            batch = batches[start : start + batch_size]
            losses.append(float(model.train_on_batch(one_hot(batch[:, :-1], V), batch[:, 1:])))
            if steps_left is not None and len(losses) == steps_left:
                return CharTraining(model, losses, bits)
        bits.append(valid_bits())
        print(f"{kind} epoch {epoch}: step {len(losses)}, validation {bits[-1]:.3f} bits/char")
        if on_epoch is not None:
            on_epoch(epoch, len(losses), model)
    return CharTraining(model, losses, bits)
