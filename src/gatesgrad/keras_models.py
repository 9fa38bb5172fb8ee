"""The bridge to TensorFlow/Keras: weights between the numpy LSTM and `keras.layers.LSTM`,
gradient norms with GradientTape, and the small models of Part III.

The only module of the package that imports TensorFlow, so Parts I and II never load it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from ._checks import as_choice, as_float, as_float_array, as_int
from .lstm import LSTMParams

DTYPES = ("float32", "float64")


def seed_everything(seed: int) -> None:
    """Python, numpy and TensorFlow seeds, and deterministic TensorFlow ops."""
    keras.utils.set_random_seed(as_int(seed, "seed", minimum=0))
    tf.config.experimental.enable_op_determinism()


def keras_lstm(params: LSTMParams, *, dtype: str = "float32") -> keras.layers.LSTM:
    """A built `keras.layers.LSTM` holding `params` (sequences and final states returned)."""
    if not isinstance(params, LSTMParams):
        raise TypeError(f"params: expected LSTMParams, got {type(params).__name__}")
    dtype = as_choice(dtype, "dtype", DTYPES)
    layer = keras.layers.LSTM(
        params.hidden_size, return_sequences=True, return_state=True, dtype=dtype
    )
    layer.build((None, None, params.input_size))
    layer.set_weights([params.kernel, params.recurrent_kernel, params.bias])
    return layer


def lstm_params_from_keras(layer: keras.layers.LSTM) -> LSTMParams:
    """The numpy LSTM's parameters from a built Keras LSTM layer (same layout, in float64)."""
    if not isinstance(layer, keras.layers.LSTM) or not layer.built:
        raise TypeError(f"layer: expected a built keras.layers.LSTM, got {layer!r}")
    kernel, recurrent_kernel, bias = (np.asarray(w, dtype=float) for w in layer.get_weights())
    return LSTMParams(kernel, recurrent_kernel, bias)


def keras_states(layer: keras.layers.LSTM, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """h_0 … h_T and c_0 … c_T, each (T+1, H), from stepping the layer's own cell."""
    H = layer.units
    xs = as_float_array(xs, "xs", ndim=2)
    h = np.zeros((1, H), dtype=layer.dtype)
    c = np.zeros((1, H), dtype=layer.dtype)
    hs, cs = [h[0]], [c[0]]
    for x_t in xs.astype(layer.dtype):
        _, (h, c) = layer.cell(x_t[None, :], [h, c])
        hs.append(np.asarray(h)[0])
        cs.append(np.asarray(c)[0])
    return np.array(hs, dtype=float), np.array(cs, dtype=float)


def input_gradient_norms(model: keras.Model, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """‖∂L/∂x_t‖ for every step t, mean-squared-error loss, averaged over the batch; (T,)."""
    dtype = model.inputs[0].dtype  # the model's own input dtype (float32 unless built otherwise)
    x = tf.convert_to_tensor(as_float_array(x, "x", ndim=3), dtype=dtype)
    y = tf.convert_to_tensor(as_float_array(y, "y", shape=(x.shape[0],)), dtype=dtype)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_mean((tf.squeeze(model(x), -1) - y) ** 2)
    grad = tape.gradient(loss, x)  # (n, T, D)
    return np.asarray(tf.reduce_mean(tf.norm(grad, axis=-1), axis=0), dtype=float)


RECURRENT_LAYERS: dict[str, Callable[..., keras.layers.Layer]] = {
    "lstm": lambda units: keras.layers.LSTM(units),
    "rnn": lambda units: keras.layers.SimpleRNN(units),
}


def sequence_regressor(kind: str, length: int, *, units: int = 32, inputs: int = 2) -> keras.Model:
    """Input (T, inputs) → LSTM or SimpleRNN(units) → Dense(1): one number per sequence."""
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
    """What a training run produced: the model and its test MSE before training and after
    every epoch (epochs + 1 numbers)."""

    model: keras.Model
    test_mse: list[float]


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
    """Adam with global-norm clipping on the mean squared error; prints one line of progress."""
    epochs = as_int(epochs, "epochs", minimum=1)
    model.compile(
        optimizer=keras.optimizers.Adam(
            as_float(learning_rate, "learning_rate", minimum=0.0),
            global_clipnorm=as_float(global_clipnorm, "global_clipnorm", minimum=0.0),
        ),
        loss="mse",
    )
    x, y = data
    test_mse = [float(model.evaluate(*test, batch_size=1024, verbose=0))]  # before training
    for _ in range(epochs):
        model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0, shuffle=True)
        test_mse.append(float(model.evaluate(*test, batch_size=1024, verbose=0)))
    print(f"{label} test MSE by epoch: " + " → ".join(f"{m:.4f}" for m in test_mse))
    return Training(model, test_mse)
