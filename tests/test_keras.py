"""The Keras bridge: the numpy LSTM and GRU agree with keras.layers.LSTM and GRU over whole
sequences, weights travel both ways, GradientTape gradients and norms match the numpy ones."""

import importlib

import numpy as np
import pytest

import gatesgrad as gg
from tests.keras_bridge import km


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


def random_gru(rng, D, H, reset_after):
    """Keras-initialised weights and random non-zero biases, in both rows with reset_after."""
    params = gg.init_gru(D, H, rng=rng, reset_after=reset_after)
    bias = rng.normal(size=params.bias.shape)
    return gg.GRUParams(params.kernel, params.recurrent_kernel, bias, reset_after=reset_after)


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("dtype, tolerance", [("float32", 1e-6), ("float64", 1e-12)])
@pytest.mark.parametrize("D, H, T", [(1, 1, 5), (3, 8, 60)])
def test_keras_layer_equals_the_numpy_gru(reset_after, dtype, tolerance, D, H, T):
    """Measured: at most 1.5e-7 in float32 and 3.4e-16 in float64, both settings."""
    rng = np.random.default_rng(D * 100 + H)
    params = random_gru(rng, D, H, reset_after)
    xs = rng.normal(size=(T, D))
    ours = gg.gru_forward(params, xs)
    layer = km.keras_gru(params, dtype=dtype)
    assert layer.get_config()["reset_after"] is reset_after
    sequence, h_T = layer(xs[None].astype(dtype))
    assert np.abs(np.asarray(sequence)[0] - ours.h[1:]).max() < tolerance
    assert np.abs(np.asarray(h_T)[0] - ours.h[-1]).max() < tolerance


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_weights_round_trip(rng, reset_after):
    params = random_gru(rng, 2, 3, reset_after)
    back = km.gru_params_from_keras(km.keras_gru(params, dtype="float64"))
    assert back.reset_after is reset_after
    for name in ("kernel", "recurrent_kernel", "bias"):
        np.testing.assert_array_equal(getattr(back, name), getattr(params, name))


@pytest.mark.parametrize("reset_after", [True, False])
def test_a_gru_without_bias_reads_as_a_zero_bias_of_its_shape(rng, reset_after):
    """Before: a zero bias (3H,) for every layer, refused by GRUParams with reset_after."""
    import keras

    layer = keras.layers.GRU(3, use_bias=False, reset_after=reset_after, dtype="float64")
    layer.build((None, None, 2))
    params = km.gru_params_from_keras(layer)
    np.testing.assert_array_equal(params.bias, np.zeros((2, 9) if reset_after else 9))
    xs = rng.normal(size=(4, 2))
    np.testing.assert_allclose(layer(xs[None])[0], gg.gru_forward(params, xs).h[-1], rtol=1e-12)


@pytest.mark.parametrize("reset_after", [True, False])
def test_gradient_tape_equals_the_numpy_gru_bptt(rng, reset_after):
    """∂L/∂(kernel, recurrent_kernel, bias, x_t, h_0) of L = Σ_t w_t·h_t from GradientTape
    through keras.layers.GRU, and from gru_bptt, in float64. Measured: at most 2e-15."""
    import tensorflow as tf

    T, H = 12, 5
    params = random_gru(rng, 3, H, reset_after)
    params = gg.GRUParams(
        params.kernel * 1.5, params.recurrent_kernel * 1.5, params.bias, reset_after
    )
    xs, h0, W = rng.normal(size=(T, 3)), rng.normal(size=H) * 0.5, rng.normal(size=(T, H))
    layer = km.keras_gru(params, dtype="float64")
    x, h = tf.constant(xs[None]), tf.constant(h0[None])
    with tf.GradientTape() as tape:
        tape.watch([x, h])
        sequence, _ = layer(x, initial_state=[h])
        loss = tf.reduce_sum(W * sequence[0])
    cell = layer.cell
    *weights, dx, dh = tape.gradient(loss, [cell.kernel, cell.recurrent_kernel, cell.bias, x, h])
    theirs = [np.asarray(g) for g in weights] + [np.asarray(dx)[0], np.asarray(dh)[0]]
    grads = gg.gru_bptt(params, gg.gru_forward(params, xs, h0), W)
    ours = [grads.kernel, grads.recurrent_kernel, grads.bias, grads.xs, grads.h[0]]
    names = ["kernel", "recurrent_kernel", "bias", "xs", "h0"]
    for name, a, b in zip(names, ours, theirs, strict=True):
        assert gg.relative_error(a, b) < 1e-12, (name, gg.relative_error(a, b))


def test_gru_regressor_is_the_numpy_gru_and_a_dense_layer(rng):
    model = km.sequence_regressor("gru", 5, units=3)
    params = km.gru_params_from_keras(model.layers[0])
    assert params.reset_after and params.signature == {"D": 2, "H": 3, "reset_after": True}
    w, b = model.layers[1].get_weights()
    x = rng.normal(size=(4, 5, 2))
    ours = [gg.gru_forward(params, xs).h[-1] @ w[:, 0] + b[0] for xs in x]
    np.testing.assert_allclose(np.asarray(model(x))[:, 0], ours, rtol=1e-5, atol=1e-6)


def test_keras_states_from_an_initial_state(rng):
    params = gg.init_lstm(2, 3, rng=rng)
    xs, h0, c0 = rng.normal(size=(4, 2)), rng.normal(size=3), rng.normal(size=3)
    h, c = km.keras_states(km.keras_lstm(params, dtype="float64"), xs, h0, c0)
    ours = gg.lstm_forward(params, xs, h0, c0)
    np.testing.assert_allclose(h, ours.h, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(c, ours.c, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("activation", sorted(gg.ACTIVATIONS))
def test_simple_rnn_bridge(rng, activation):
    params = gg.init_rnn(3, 4, rng=rng, activation=activation)
    params = gg.RNNParams(params.W_xh, params.W_hh, rng.normal(size=4), activation)
    layer = km.keras_simple_rnn(params, dtype="float64")
    xs = rng.normal(size=(6, 3))
    sequence, h_T = layer(xs[None])
    np.testing.assert_allclose(np.asarray(sequence)[0], gg.rnn_forward(params, xs).h[1:], 1e-12)
    back = km.rnn_params_from_keras(layer)
    assert back.activation == activation
    for name in ("W_xh", "W_hh", "b_h"):
        np.testing.assert_array_equal(getattr(back, name), getattr(params, name))


def test_keras_init_of_the_rnn_follows_simple_rnn():
    """Glorot-uniform W_xh within √(6/(D+H)), orthogonal W_hh, zero bias, as SimpleRNN."""
    import keras

    params = gg.init_rnn(3, 5, rng=0, init="keras")
    assert np.abs(params.W_xh).max() <= np.sqrt(6 / (3 + 5))
    np.testing.assert_allclose(params.W_hh @ params.W_hh.T, np.eye(5), atol=1e-12)
    np.testing.assert_array_equal(params.b_h, np.zeros(5))
    layer = keras.layers.SimpleRNN(5)
    layer.build((None, None, 3))
    config = layer.get_config()
    assert config["kernel_initializer"]["class_name"] == "GlorotUniform"
    assert config["recurrent_initializer"]["class_name"] == "Orthogonal"


def test_fresh_keras_layer_has_the_book_defaults():
    import keras

    layer = keras.layers.LSTM(3)
    layer.build((None, None, 2))
    config = layer.get_config()
    assert config["recurrent_activation"] == "sigmoid" and config["unit_forget_bias"]
    np.testing.assert_array_equal(layer.get_weights()[2], [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])


@pytest.mark.parametrize("reset_after", [True, False])
def test_init_gru_has_the_shapes_and_initialisers_of_a_fresh_keras_gru(reset_after):
    """Glorot-uniform kernel (D, 3H), orthogonal recurrent kernel (H, 3H), zero bias, (2, 3H)
    with reset_after, as keras.layers.GRU starts."""
    import keras

    params = gg.init_gru(3, 5, rng=0, reset_after=reset_after)
    layer = keras.layers.GRU(5, reset_after=reset_after)
    layer.build((None, None, 3))
    weights = layer.get_weights()
    shapes = [params.kernel.shape, params.recurrent_kernel.shape, params.bias.shape]
    assert [w.shape for w in weights] == shapes
    np.testing.assert_array_equal(weights[2], params.bias)  # update_bias=0: Keras' zeros
    config = layer.get_config()
    assert config["kernel_initializer"]["class_name"] == "GlorotUniform"
    assert config["recurrent_initializer"]["class_name"] == "Orthogonal"
    assert config["bias_initializer"]["class_name"] == "Zeros"


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

    test = adding_problem(64, 8, rng=1)

    def once():
        km.seed_everything(3)
        model = km.sequence_regressor("rnn", 8, units=4)
        initial = [w.copy() for w in model.get_weights()]
        return initial, km.train_regressor(model, adding_problem(256, 8, rng=0), test, epochs=2)

    initial, first = once()
    assert len(first.test_mse) == len(first.checkpoints) == 3
    assert first.test_mse == once()[1].test_mse
    for w, w0 in zip(first.checkpoints[0], initial, strict=True):  # epoch 0: untrained
        np.testing.assert_array_equal(w, w0)
    for w, w_end in zip(first.checkpoints[-1], first.model.get_weights(), strict=True):
        np.testing.assert_array_equal(w, w_end)
    assert not np.array_equal(first.checkpoints[1][1], first.checkpoints[2][1])  # each epoch's own
    for weights, mse in zip(first.checkpoints, first.test_mse, strict=True):
        first.model.set_weights(weights)  # each checkpoint scores the error recorded with it
        assert first.model.evaluate(*test, batch_size=1024, verbose=0) == pytest.approx(mse)


def adding(n=16, T=6, rng=0):
    from gatesgrad.tasks import adding_problem

    return adding_problem(n, T, rng=rng)


def with_nan(data):
    x, y = data
    x = x.copy()
    x[0, 0, 0] = np.nan
    return x, y


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"global_clipnorm": 0.0}, ValueError, "global_clipnorm: expected a number > 0.0, got 0.0"),
        ({"batch_size": 0}, ValueError, "batch_size: expected a value >= 1, got 0"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate: expected a number > 0.0, got 0.0"),
        ({"data": with_nan(adding())}, ValueError, r"data\[0\]: expected finite values, got 1 NaN"),
        (
            {"test": (adding()[0], adding()[1][:3])},
            ValueError,
            r"test\[1\]: expected shape \(16,\)",
        ),
        (
            {"data": adding(T=7)},
            ValueError,
            r"data\[0\]: expected shape \('any', 6, 2\), got \(16, 7, 2\)",
        ),
        ({"data": adding()[0]}, TypeError, "data: expected a pair"),
        ({"label": 3}, TypeError, "label: expected a string, got int"),
    ],
)
def test_train_regressor_refuses_what_keras_would_silently_accept(options, error, message):
    """Before: Keras read global_clipnorm=0 as no clipping, batch_size=0 as 32, NaN data
    trained to a NaN score and a zero learning rate trained nothing. Now: refused before
    the model is compiled."""
    model = km.sequence_regressor("rnn", 6, units=2)
    kwargs = {"data": adding(), "test": adding(rng=1), "epochs": 1, **options}
    with pytest.raises(error, match=message):
        km.train_regressor(model, **kwargs)
    assert not model.compiled


def test_keras_bridge_input_checks():
    """Before: T = 0 returned a one-row answer; a wrong width reached TensorFlow."""
    params = gg.init_lstm(2, 3, rng=0)
    layer = km.keras_lstm(params)
    with pytest.raises(ValueError, match="xs: expected at least one time step, got T = 0"):
        km.keras_states(layer, np.zeros((0, 2)))
    with pytest.raises(ValueError, match=r"xs: expected shape \('any', 2\), got \(4, 5\)"):
        km.keras_states(layer, np.zeros((4, 5)))
    with pytest.raises(ValueError, match=r"h0: expected shape \(3,\), got \(2,\)"):
        km.keras_states(layer, np.zeros((4, 2)), h0=np.zeros(2))
    with pytest.raises(ValueError, match="layer, xs, h0, c0: expected inputs whose h_t, c_t in"):
        km.keras_states(layer, np.full((2, 2), 1e300))  # inf in float32: NaN states before
    model = km.sequence_regressor("lstm", 5, units=2)
    with pytest.raises(ValueError, match=r"x: expected shape \('any', 5, 2\), got \(1, 5, 3\)"):
        km.input_gradient_norms(model, np.zeros((1, 5, 3)), np.zeros(1))


def test_a_keras_layer_the_numpy_model_does_not_compute_is_refused():
    import keras

    relu = keras.layers.LSTM(2, activation="relu")
    relu.build((None, None, 3))
    with pytest.raises(ValueError, match=r"layer: expected activation in \['tanh'\], got 'relu'"):
        km.lstm_params_from_keras(relu)
    simple = keras.layers.SimpleRNN(2)
    simple.build((None, None, 3))
    with pytest.raises(TypeError, match="layer: expected a built keras.layers.LSTM, got SimpleRNN"):
        km.keras_states(simple, np.zeros((2, 3)))
    with pytest.raises(TypeError, match="layer: expected a built keras.layers.SimpleRNN, got LSTM"):
        km.rnn_params_from_keras(relu)
    with pytest.raises(
        TypeError, match=r"layer: expected a built keras.layers.LSTM, got LSTM \(not"
    ):
        km.lstm_params_from_keras(keras.layers.LSTM(2))
    with pytest.raises(TypeError, match=r"layer: expected a built keras.layers.GRU, got GRU \(not"):
        km.gru_params_from_keras(keras.layers.GRU(2))
    with pytest.raises(TypeError, match="layer: expected a built keras.layers.GRU, got LSTM"):
        km.gru_params_from_keras(relu)
    for option, value in (("activation", "relu"), ("recurrent_activation", "hard_sigmoid")):
        gru = keras.layers.GRU(2, **{option: value})
        gru.build((None, None, 3))
        with pytest.raises(ValueError, match=rf"layer: expected {option} in \[.*\], got '{value}'"):
            km.gru_params_from_keras(gru)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: km.keras_lstm("params"), TypeError, "params: expected LSTMParams, got str"),
        (
            lambda: km.keras_simple_rnn(gg.init_lstm(1, 1, rng=0)),
            TypeError,
            "params: expected RNNParams, got LSTMParams",
        ),
        (
            lambda: km.input_gradient_norms("model", np.zeros((1, 2, 2)), np.zeros(1)),
            TypeError,
            "model: expected Model, got str",
        ),
        (
            lambda: km.keras_lstm(gg.init_lstm(1, 1, rng=0), dtype="float16"),
            ValueError,
            r"dtype: expected one of \['float32', 'float64'\], got 'float16'",
        ),
        (
            lambda: km.sequence_regressor("transformer", 5),
            ValueError,
            r"kind: expected one of \['lstm', 'rnn', 'gru'\], got 'transformer'",
        ),
        (lambda: km.keras_gru(None), TypeError, "params: expected GRUParams, got NoneType"),
        (
            lambda: km.keras_gru(gg.init_lstm(1, 1, rng=0)),
            TypeError,
            "params: expected GRUParams, got LSTMParams",
        ),
        (
            lambda: km.keras_gru(gg.init_gru(1, 1, rng=0), dtype="bfloat16"),
            ValueError,
            r"dtype: expected one of \['float32', 'float64'\], got 'bfloat16'",
        ),
        (
            lambda: km.gru_params_from_keras(gg.init_gru(1, 1, rng=0)),
            TypeError,
            "layer: expected a built keras.layers.GRU, got GRUParams",
        ),
        (
            lambda: km.lstm_params_from_keras("layer"),
            TypeError,
            "layer: expected a built keras.layers.LSTM, got str",
        ),
        (lambda: km.seed_everything(-1), ValueError, "seed: expected a value >= 0, got -1"),
    ],
)
def test_bad_inputs_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.fixture(scope="module")
def bridge():
    """The Keras bridge's public functions as cases of test_api_properties' property, and
    the bad values of the kinds of argument only they take."""
    import keras

    from tests.test_api_properties import GRU, KINDS, LSTM, RNN, XS, Case, sampled

    lstm_layer, rnn_layer = km.keras_lstm(LSTM), km.keras_simple_rnn(RNN)
    gru_layer = km.keras_gru(GRU)  # Keras' default (reset after), then Cho et al.'s form
    cho_layer = km.keras_gru(gg.GRUParams(GRU.kernel, GRU.recurrent_kernel, GRU.bias[0], False))
    model = km.sequence_regressor("lstm", 4, units=2)
    x, y = np.ones((3, 4, 2)), np.zeros(3)
    layers = [None, "layer", LSTM, keras.layers.LSTM(2), lstm_layer, rnn_layer, model]
    layers += [GRU, keras.layers.GRU(2), gru_layer, cho_layer]
    layers += [keras.layers.GRU(3, activation="relu")]
    never = {  # train_regressor must refuse these before it trains
        "epochs": [0, -1, 1.5, None, "2"],
        "learning_rate": [0.0, -1e-3, np.nan, np.inf, "fast", None],
        "global_clipnorm": [0.0, -1.0, np.nan, np.inf, None],
        "batch_size": [0, -3, 2.5, None],
        "label": [3, None, b"lstm"],
        "model": [None, "model", lstm_layer],
        "data": [None, (x,), (x, y[:2]), (x[..., :1], y), (x * np.nan, y), (x.astype(complex), y)],
        "test": [(x[:, :3], y), (x, y.astype(str)), "test", (np.ones((0, 4, 2)), y[:0])],
    }
    kinds = {**KINDS, "layer": lambda good: sampled(layers)}
    kinds |= {f"never:{name}": _constant(sampled(values)) for name, values in never.items()}
    good = {"epochs": 1, "learning_rate": 1e-2, "global_clipnorm": 1.0, "batch_size": 2}
    good |= {"label": "", "model": model, "data": (x, y), "test": (x, y)}
    finite = lambda *a: all(np.all(np.isfinite(v)) for v in a)  # noqa: E731
    cases = {
        "keras_lstm": Case(
            km.keras_lstm,
            {"params": ("lstm_params", LSTM), "dtype": ("choice", "float64")},
            lambda out, kw: isinstance(out, keras.layers.LSTM),
        ),
        "keras_simple_rnn": Case(
            km.keras_simple_rnn,
            {"params": ("rnn_params", RNN), "dtype": ("choice", "float32")},
            lambda out, kw: isinstance(out, keras.layers.SimpleRNN),
        ),
        "keras_gru": Case(
            km.keras_gru,
            {"params": ("gru_params", GRU), "dtype": ("choice", "float64")},
            lambda out, kw: (
                isinstance(out, keras.layers.GRU) and out.reset_after is kw["params"].reset_after
            ),
        ),
        "gru_params_from_keras": Case(
            km.gru_params_from_keras,
            {"layer": ("layer", gru_layer)},
            lambda out, kw: (
                isinstance(out, gg.GRUParams)
                and out.reset_after is kw["layer"].reset_after
                and finite(out.kernel, out.recurrent_kernel, out.bias)
            ),
        ),
        "lstm_params_from_keras": Case(
            km.lstm_params_from_keras,
            {"layer": ("layer", lstm_layer)},
            lambda out, kw: isinstance(out, gg.LSTMParams),
        ),
        "rnn_params_from_keras": Case(
            km.rnn_params_from_keras,
            {"layer": ("layer", rnn_layer)},
            lambda out, kw: isinstance(out, gg.RNNParams),
        ),
        "keras_states": Case(
            km.keras_states,
            {
                "layer": ("layer", lstm_layer),
                "xs": ("array", XS),
                "h0": ("array", np.zeros(3)),
                "c0": ("array", np.ones(3)),
            },
            lambda out, kw: out[0].shape == (len(kw["xs"]) + 1, 3) and finite(*out),
        ),
        "input_gradient_norms": Case(
            km.input_gradient_norms,
            {"model": ("layer", model), "x": ("array", x), "y": ("array", y)},
            lambda out, kw: out.shape == (4,) and finite(out),
        ),
        "sequence_regressor": Case(
            km.sequence_regressor,
            {"kind": ("choice", "rnn"), "length": ("int", 4), "units": ("int", 2)},
            lambda out, kw: isinstance(out, keras.Model),
        ),
        "seed_everything": Case(km.seed_everything, {"seed": ("int", 0)}, lambda out, kw: True),
        "train_regressor": Case(
            km.train_regressor,
            {name: (f"never:{name}", good[name]) for name in never},
            lambda out, kw: False,
        ),
    }
    return cases, kinds


def _constant(strategy):
    return lambda good: strategy


BRIDGE = [
    "keras_lstm",
    "keras_simple_rnn",
    "keras_gru",
    "lstm_params_from_keras",
    "rnn_params_from_keras",
    "gru_params_from_keras",
    "keras_states",
    "input_gradient_norms",
    "sequence_regressor",
    "seed_everything",
    "train_regressor",
]


def test_every_bridge_function_is_covered():
    module = importlib.import_module("gatesgrad.keras_models")
    public = {name for name, value in vars(module).items() if callable(value) and name[0] != "_"}
    public = {name for name in public if getattr(module, name).__module__ == module.__name__}
    # The character models' bridge is fuzzed in test_charmodel (its inputs are codes, not arrays).
    assert public - {"Training", "CharTraining", "char_model", "train_char_model"} == set(BRIDGE)


@pytest.mark.parametrize("name", BRIDGE)
def test_bridge_refuses_bad_input_by_name(bridge, name):
    """test_api_properties' property for the Keras bridge, on a small budget."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tests.test_api_properties import refused_by_name_or_sound

    cases, kinds = bridge

    @settings(derandomize=True, max_examples=12, deadline=None)
    @given(data=st.data())
    def check(data):
        refused_by_name_or_sound(cases[name], data, kinds)

    check()
