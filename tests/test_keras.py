"""The Keras bridge: the numpy LSTM and keras.layers.LSTM agree over whole sequences,
weights travel both ways, GradientTape norms match the numpy gradient."""

import numpy as np
import pytest

import gatesgrad as gg
from gatesgrad import keras_models as km


@pytest.mark.parametrize("dtype, tolerance", [("float32", 1e-6), ("float64", 1e-12)])
@pytest.mark.parametrize("D, H, T", [(1, 1, 5), (3, 8, 60)])
def test_keras_layer_equals_the_numpy_lstm(dtype, tolerance, D, H, T):
    rng = np.random.default_rng(D * 100 + H)
    params = gg.init_lstm(D, H, rng=rng)
    params = gg.LSTMParams(params.kernel, params.recurrent_kernel, rng.normal(size=4 * H))
    xs = rng.normal(size=(T, D))
    ours = gg.lstm_forward(params, xs)
    layer = km.keras_lstm(params, dtype=dtype)
    h, c = km.keras_states(layer, xs)
    assert np.abs(h - ours.h).max() < tolerance
    assert np.abs(c - ours.c).max() < tolerance
    sequence, h_T, c_T = layer(xs[None].astype(dtype))
    assert np.abs(np.asarray(sequence)[0] - ours.h[1:]).max() < tolerance
    assert np.abs(np.asarray(c_T)[0] - ours.c[-1]).max() < tolerance


def test_weights_round_trip():
    params = gg.init_lstm(2, 3, rng=0, forget_bias=0.5)
    back = km.lstm_params_from_keras(km.keras_lstm(params, dtype="float64"))
    for a, b in zip(
        (back.kernel, back.recurrent_kernel, back.bias),
        (params.kernel, params.recurrent_kernel, params.bias),
        strict=True,
    ):
        np.testing.assert_array_equal(a, b)


def test_fresh_keras_layer_has_the_book_defaults():
    import keras

    layer = keras.layers.LSTM(3)
    layer.build((None, None, 2))
    config = layer.get_config()
    assert config["recurrent_activation"] == "sigmoid" and config["unit_forget_bias"]
    np.testing.assert_array_equal(layer.get_weights()[2], [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])


def test_input_gradient_norms_match_numpy_bptt():
    """‖∂L/∂x_t‖ from GradientTape equals the numpy BPTT of the same model in float64."""
    import keras

    km.seed_everything(0)
    params = gg.init_lstm(2, 4, rng=1)
    layer = km.keras_lstm(params, dtype="float64")
    model = keras.Sequential(
        [
            keras.Input((7, 2), dtype="float64"),
            keras.layers.LSTM(4, dtype="float64"),
            keras.layers.Dense(1, dtype="float64"),
        ]
    )
    model.layers[0].set_weights(layer.get_weights())
    w, b = model.layers[1].get_weights()
    x = np.random.default_rng(2).normal(size=(1, 7, 2))
    y = np.array([0.3])
    norms = km.input_gradient_norms(model, x, y)
    trace = gg.lstm_forward(params, x[0])
    prediction = trace.h[-1] @ w[:, 0] + b[0]
    dL_dh = np.zeros((7, 4))
    dL_dh[-1] = 2 * (prediction - y[0]) * w[:, 0]
    grads = gg.lstm_bptt(params, trace, dL_dh)
    np.testing.assert_allclose(norms, np.linalg.norm(grads.xs, axis=1), rtol=1e-10)


def test_training_is_deterministic_and_records_every_epoch():
    from gatesgrad.tasks import adding_problem

    def once():
        km.seed_everything(3)
        model = km.sequence_regressor("rnn", 8, units=4)
        return km.train_regressor(
            model, adding_problem(256, 8, rng=0), adding_problem(64, 8, rng=1), epochs=2
        ).test_mse

    first = once()
    assert len(first) == 3 and first == once()


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: km.keras_lstm("params"), TypeError, "params: expected LSTMParams, got str"),
        (
            lambda: km.keras_lstm(gg.init_lstm(1, 1, rng=0), dtype="float16"),
            ValueError,
            r"dtype: expected one of \['float32', 'float64'\], got 'float16'",
        ),
        (
            lambda: km.sequence_regressor("gru", 5),
            ValueError,
            r"kind: expected one of \['lstm', 'rnn'\], got 'gru'",
        ),
        (
            lambda: km.lstm_params_from_keras("layer"),
            TypeError,
            "layer: expected a built keras.layers.LSTM",
        ),
        (lambda: km.seed_everything(-1), ValueError, "seed: expected a value >= 0, got -1"),
    ],
)
def test_bad_inputs_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
