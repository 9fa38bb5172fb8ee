"""The character models of chapter 12: the numpy models read from the saved Keras weights
compute what Keras computes, the saved files are what the recorded training produced (its
first steps rerun here), and the views' quantities (bits per character, samples, the
gradient reaching back, correlations with the text) against direct computations."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pytest

import gatesgrad as gg
from gatesgrad import charmodel as cm
from gatesgrad import text
from tests.keras_bridge import km

FINAL = cm.CHECKPOINT_EPOCHS[-1]
LN2 = math.log(2)


@cache
def splits() -> tuple[str, np.ndarray, np.ndarray]:
    """The alphabet, the training codes and the validation codes of the book."""
    book = text.moby_dick()
    chars = text.alphabet(book)
    train, valid = (text.encode(part, chars) for part in text.split_text(book))
    return chars, train, valid


def saved_weights(kind: str, epoch: int) -> list[np.ndarray]:
    """The Keras weight list of a checkpoint, read with numpy alone."""
    file = cm.checkpoint_file(kind, epoch)
    if not file.is_file():
        pytest.skip(f"{file.name} is not written yet (tools/train-char-models writes it)")
    with file.open("rb") as f, np.load(f) as saved:
        return [saved[f"w{k}"] for k in range(len(saved.files))]


def recorded(kind: str) -> dict:
    log = cm.training_log()
    if kind not in log["models"]:
        pytest.skip(f"training.json has no {kind} run yet (tools/train-char-models writes it)")
    return log["models"][kind]


def keras_char_model(kind: str, weights: list[np.ndarray]):
    model = km.char_model(kind, weights[-1].shape[0], units=weights[1].shape[0])
    model.set_weights(weights)
    return model


def log_softmax(logits: np.ndarray) -> np.ndarray:
    m = logits.max(axis=-1, keepdims=True)
    return logits - m - np.log(np.exp(logits - m).sum(axis=-1, keepdims=True))


# --- the saved run -------------------------------------------------------------------------


def test_the_log_records_the_settings_alphabet_and_every_step():
    """167 steps an epoch: (1,071,285 − 1 − offset) // 100 is 10,712 or 10,711 windows at
    any offset below 100, 167 whole batches of 64 either way."""
    log = cm.training_log()
    chars, train, _ = splits()
    assert log["settings"] == {**cm.CHAR_SETTINGS, "checkpoint_epochs": [0, 1, 5, 20]}
    assert log["alphabet"] == chars
    epochs, length, batch = (cm.CHAR_SETTINGS[k] for k in ("epochs", "length", "batch_size"))
    steps = {(len(train) - 1 - offset) // length // batch for offset in range(length)}
    assert steps == {167}
    for kind in cm.KINDS:
        run = recorded(kind)
        assert len(run["step_losses"]) == epochs * 167 and len(run["valid_bits"]) == epochs + 1
        assert all(math.isfinite(v) for v in run["step_losses"] + run["valid_bits"])


@pytest.mark.parametrize("kind", cm.KINDS)
@pytest.mark.parametrize("epoch", cm.CHECKPOINT_EPOCHS)
def test_every_checkpoint_holds_the_weights_of_a_char_model(kind, epoch):
    assert cm.checkpoint_file(kind, epoch).name == f"{kind}-epoch{epoch:02d}.npz"
    weights = saved_weights(kind, epoch)
    V, H = len(cm.training_log()["alphabet"]), cm.CHAR_SETTINGS["units"]
    blocks = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    bias = (2, 3 * H) if kind == "gru" else (blocks * H,)
    shapes = [(V, blocks * H), (H, blocks * H), bias, (H, V), (V,)]
    assert [w.shape for w in weights] == shapes
    assert all(w.dtype == np.float32 for w in weights)
    model = cm.load_char_model(kind, epoch)
    assert model.kind == kind and model.alphabet_size == V and model.units == H


# --- the numpy model is the Keras model --------------------------------------------------------


@pytest.mark.parametrize("kind", cm.KINDS)
def test_the_weight_layout_is_the_keras_bridges(kind):
    """Random weights (V = H, so a swapped kernel would still fit) into a Keras char_model:
    the cell is what the bridge reads from its recurrent layer, the readout its Dense."""
    rng = np.random.default_rng(3)
    model = km.char_model(kind, 6, units=6)
    model.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in model.get_weights()])
    ours = cm.char_model_from_weights(kind, model.get_weights())
    bridge = {
        "rnn": km.rnn_params_from_keras,
        "lstm": km.lstm_params_from_keras,
        "gru": km.gru_params_from_keras,
    }[kind](model.layers[0])
    assert type(ours.cell) is type(bridge)
    names = ("W_xh", "W_hh", "b_h") if kind == "rnn" else ("kernel", "recurrent_kernel", "bias")
    for name in names:
        np.testing.assert_array_equal(getattr(ours.cell, name), getattr(bridge, name))
    if kind == "rnn":
        assert ours.cell.activation == bridge.activation == "tanh"
    if kind == "gru":
        assert ours.cell.reset_after and bridge.reset_after
    dense, dense_bias = model.layers[1].get_weights()
    np.testing.assert_array_equal(ours.W_y, dense.T)
    np.testing.assert_array_equal(ours.b_y, dense_bias)


# float32 Keras against float64 numpy over 300 characters: float32's relative round-off
# (6e-8) on logits up to 23 is 1.4e-6 a step; through the recurrence and the readout's sums
# of 128 terms it grows a few times, not a hundred. Measured: at most 1.0e-5 (SimpleRNN),
# 9.9e-6 (LSTM), 1.1e-5 (GRU).
LOGIT_TOLERANCE = 1e-4


@pytest.mark.parametrize("kind", cm.KINDS)
def test_the_numpy_model_computes_the_keras_logits(kind):
    weights = saved_weights(kind, FINAL)
    model = keras_char_model(kind, weights)
    chars, _, valid = splits()
    codes = valid[1000:1300]
    theirs = np.asarray(model(text.one_hot(codes[None], len(chars))), dtype=float)[0]
    run = cm.run_char_model(cm.load_char_model(kind, FINAL), codes)
    assert run.logits.shape == theirs.shape == (300, len(chars))
    diff = np.abs(run.logits - theirs).max()
    assert diff < LOGIT_TOLERANCE, diff
    # log softmax moves by at most twice the largest change of the logits: a bound from the
    # difference just measured. Measured: at most 1.8e-7 bits.
    bits = -log_softmax(theirs[:-1])[np.arange(299), codes[1:]].mean() / LN2
    ours = cm.bits_per_char(cm.load_char_model(kind, FINAL), codes)
    assert abs(ours - bits) <= 2 * diff / LN2


def test_the_matched_gru_is_as_large_as_the_lstm_and_scores_its_recorded_bits():
    """The GRU of `--matched`: its size the nearest to the LSTM's parameter count (counted by
    CharModel from the arrays themselves), trained as long, and Keras' evaluation of its saved
    weights the bits its run recorded (as for the three models, below)."""
    run = recorded(cm.MATCHED)
    chars, _, valid = splits()
    model, lstm = cm.load_matched_gru(), cm.load_char_model("lstm", FINAL)
    assert (
        model.units == run["units"] == cm.matched_gru_units(len(chars), cm.CHAR_SETTINGS["units"])
    )
    assert model.parameter_count == cm.gru_parameter_count(len(chars), model.units)
    gap = abs(model.parameter_count - lstm.parameter_count)
    for other in (model.units - 1, model.units + 1):
        assert abs(cm.gru_parameter_count(len(chars), other) - lstm.parameter_count) > gap
    assert len(run["valid_bits"]) == cm.CHAR_SETTINGS["epochs"] + 1
    import keras

    file = cm.MODEL_DIR.joinpath(f"{cm.MATCHED}-epoch{FINAL:02d}.npz")
    with file.open("rb") as f, np.load(f) as saved:
        weights = [saved[f"w{k}"] for k in range(len(saved.files))]
    keras_model = keras_char_model("gru", weights)
    keras_model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    w = text.windows(valid, cm.CHAR_SETTINGS["length"])
    nats = keras_model.evaluate(
        text.one_hot(w[:, :-1], len(chars)), w[:, 1:], batch_size=256, verbose=0
    )
    assert float(nats) / LN2 == pytest.approx(run["valid_bits"][-1], abs=1e-6)


@pytest.mark.parametrize("kind", cm.KINDS)
@pytest.mark.parametrize("epoch", [0, FINAL])
def test_the_recorded_validation_bits_are_the_saved_weights(kind, epoch):
    """Keras' own evaluation of the saved weights on the validation windows, as the training
    ran it (batches of 256): the recorded bits per character. Tolerance 1e-6 bits: float32
    round-off of a mean loss of about 2 nats (2e-7), with room for another CPU's summation
    order. Measured on the machine that trained: identical, at all four checkpoints."""
    weights = saved_weights(kind, epoch)
    model = keras_char_model(kind, weights)
    import keras

    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    chars, _, valid = splits()
    w = text.windows(valid, cm.CHAR_SETTINGS["length"])
    assert w.shape == (1190, 101)  # (119,032 − 1) // 100
    nats = model.evaluate(text.one_hot(w[:, :-1], len(chars)), w[:, 1:], batch_size=256, verbose=0)
    assert float(nats) / LN2 == pytest.approx(recorded(kind)["valid_bits"][epoch], abs=1e-6)


@pytest.mark.parametrize("kind", cm.KINDS)
def test_rerunning_the_first_steps_reproduces_the_recorded_losses(kind):
    """The training rebuilt from its seed: the same untrained weights as the saved epoch 0
    (bit for bit), then the same first three losses. Measured on the machine that trained:
    identical (SimpleRNN 4.45653, 4.28649, 3.66078; LSTM 4.41943, 4.31926, 3.56347; GRU
    4.42330, 4.31077, 4.04908). Tolerance 1e-5 nats: float32 round-off on a loss of 4 is 5e-7,
    and Adam's first steps (±learning rate on every weight whose gradient is not tiny) carry
    another CPU's round-off only so far; a changed seed, shuffle or optimizer moves them by
    more than 1e-2."""
    log = recorded(kind)
    chars, train, valid = splits()
    initial = []
    run = km.train_char_model(
        kind,
        train,
        valid,
        alphabet_size=len(chars),
        max_steps=3,
        on_epoch=lambda epoch, step, model: initial.append(model.get_weights()),
        **cm.CHAR_SETTINGS,
    )
    assert len(initial) == 1
    for ours, saved in zip(initial[0], saved_weights(kind, 0), strict=True):
        np.testing.assert_array_equal(ours, saved)
    assert run.valid_bits == [] and len(run.step_losses) == 3
    np.testing.assert_allclose(run.step_losses, log["step_losses"][:3], rtol=0, atol=1e-5)


# --- the gradient that reaches back ----------------------------------------------------------


def keras_float64(kind: str, weights: list[np.ndarray]):
    import keras

    V, H = weights[-1].shape[0], weights[1].shape[0]
    cls = {"rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}
    model = keras.Sequential(
        [
            keras.Input((None, V), dtype="float64"),
            cls[kind](H, return_sequences=True, dtype="float64"),
            keras.layers.Dense(V, dtype="float64"),
        ]
    )
    model.set_weights([w.astype(np.float64) for w in weights])
    return model


@pytest.mark.parametrize("kind", cm.KINDS)
def test_connectivity_is_the_gradient_tape_norm_of_the_input_gradient(kind):
    """‖∂L/∂x_k‖ of L = −log p(codes[-1]) after reading codes[:-1] one-hot, by GradientTape
    through the Keras layers in float64. Measured: relative differences at most 4e-14
    (SimpleRNN, norms from 15 down to 4e-24), 2e-11 (LSTM, 16 to 6e-8), 7e-15 (GRU, 27 to
    2e-15)."""
    import tensorflow as tf

    weights = saved_weights(kind, FINAL)
    model = keras_float64(kind, weights)
    chars, _, valid = splits()
    codes = valid[5000:5151]
    x = tf.constant(np.eye(len(chars))[codes[:-1]][None])
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = -tf.nn.log_softmax(model(x)[0, -1])[int(codes[-1])]
    theirs = np.linalg.norm(np.asarray(tape.gradient(loss, x))[0], axis=1)
    ours = cm.connectivity(cm.load_char_model(kind, FINAL), codes)
    assert ours.shape == (150,)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=0)


def tiny_model(kind: str, rng: np.random.Generator, V: int = 4, H: int = 3) -> cm.CharModel:
    cell = {"rnn": gg.init_rnn, "lstm": gg.init_lstm, "gru": gg.init_gru}[kind](V, H, rng=rng)
    if kind == "rnn":
        cell = gg.RNNParams(cell.W_xh * 2, cell.W_hh * 1.5, rng.normal(size=H), "tanh")
    else:
        cls = gg.LSTMParams if kind == "lstm" else gg.GRUParams
        bias = rng.normal(size=cell.bias.shape)
        cell = cls(cell.kernel * 2, cell.recurrent_kernel * 1.5, bias)
    return cm.CharModel(kind, cell, rng.normal(size=(V, H)), rng.normal(size=V))


def forward(model: cm.CharModel, xs: np.ndarray, state: tuple) -> np.ndarray:
    """The last step's logits from continuous inputs, by the package's forward passes."""
    step = {"rnn": gg.rnn_forward, "lstm": gg.lstm_forward, "gru": gg.gru_forward}[model.kind]
    return step(model.cell, xs, *state).h[-1] @ model.W_y.T + model.b_y


@pytest.mark.parametrize("kind", cm.KINDS)
def test_connectivity_matches_central_differences(kind, rng):
    """A tiny random model, from a random state: the norms of the finite-difference gradient
    of the loss with respect to each one-hot input."""
    model = tiny_model(kind, rng)
    codes = rng.integers(0, 4, size=7)
    state = tuple(rng.normal(size=3) * 0.5 for _ in range(2 if kind == "lstm" else 1))

    def loss(xs):
        return -log_softmax(forward(model, xs, state))[codes[-1]]

    numeric = gg.finite_difference_gradient(loss, np.eye(4)[codes[:-1]])
    ours = cm.connectivity(model, codes, state)
    # central differences at ε = 1e-6: error ~ε² and 1e-16/ε. Measured: at most 3e-9.
    assert gg.relative_error(ours, np.linalg.norm(numeric, axis=1)) < 1e-7


# --- reading, sampling, correlating ----------------------------------------------------------


@pytest.mark.parametrize("kind", cm.KINDS)
def test_a_run_continues_from_its_state(kind, rng):
    model = tiny_model(kind, rng)
    codes = rng.integers(0, 4, size=12)
    whole = cm.run_char_model(model, codes)
    first = cm.run_char_model(model, codes[:5])
    rest = cm.run_char_model(model, codes[5:], first.state)
    np.testing.assert_allclose(rest.logits, whole.logits[5:], rtol=1e-13, atol=1e-15)
    assert len(whole.state) == (2 if kind == "lstm" else 1)
    for name in cm.QUANTITIES[kind]:
        assert whole.quantities[name].shape == (12, 3)
    np.testing.assert_array_equal(whole.quantities["h"], whole.trace.h[1:])


def test_a_model_that_knows_nothing_costs_log2_v_bits(rng):
    """A zero readout gives every character probability 1/V: log₂ V bits, whatever is read."""
    cell = gg.init_lstm(5, 3, rng=rng)
    model = cm.CharModel("lstm", cell, np.zeros((5, 3)), np.zeros(5))
    assert cm.bits_per_char(model, rng.integers(0, 5, size=40)) == pytest.approx(math.log2(5))


@pytest.mark.parametrize("kind", cm.KINDS)
def test_bits_per_char_is_the_mean_negative_log2_probability(kind, rng):
    model = tiny_model(kind, rng)
    codes = rng.integers(0, 4, size=20)
    logits = np.array([forward(model, np.eye(4)[codes[: t + 1]], ()) for t in range(19)])
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    expected = -np.mean(np.log2(p[np.arange(19), codes[1:]]))
    assert cm.bits_per_char(model, codes) == pytest.approx(expected, rel=1e-12)


def test_surprisal_is_minus_log2_of_the_softmax_probability(rng):
    """Logits spread over 1e3 (a direct exp would overflow): −log₂ p of each target by
    Python's math on the shifted logits."""
    logits = rng.normal(size=(6, 4)) * 300
    targets = rng.integers(0, 4, size=6)
    expected = []
    for row, k in zip(logits, targets, strict=True):
        top = max(row)
        total = math.fsum(math.exp(v - top) for v in row)
        expected.append(-(row[k] - top - math.log(total)) / LN2)
    np.testing.assert_allclose(cm.surprisal_bits(logits, targets), expected, rtol=1e-12)


def test_sampling_draws_from_the_softmax_at_the_temperature(rng):
    """Each code drawn by Generator.choice from softmax(logits / T) of the model that has read
    the prime and the codes drawn so far (rerun from the start each time, here)."""
    model = tiny_model("lstm", rng, V=6, H=4)
    prime = np.array([0, 3, 5])
    for temperature, seed in [(1.0, 0), (0.5, 1), (2.0, 2)]:
        gen, drawn = np.random.default_rng(seed), []
        for _ in range(25):
            read = np.concatenate([prime, np.array(drawn, dtype=int)])
            logits = cm.run_char_model(model, read).logits[-1]
            p = np.exp(logits / temperature)
            drawn.append(int(gen.choice(6, p=p / p.sum())))
        out = cm.sample_text(model, prime, 25, temperature, seed)
        np.testing.assert_array_equal(out, drawn)
        np.testing.assert_array_equal(out, cm.sample_text(model, prime, 25, temperature, seed))
    other_seed = cm.sample_text(model, prime, 25, 1.0, 1)
    assert not np.array_equal(cm.sample_text(model, prime, 25, 1.0, 0), other_seed)


@pytest.mark.parametrize("temperature", [1e-12, 1e-320])
def test_sampling_near_zero_temperature_picks_the_most_likely_code(temperature, rng):
    """1e-320: logits / T overflow to inf; the draw must still be the argmax, not NaN."""
    model = tiny_model("gru", rng, V=6, H=4)
    prime, greedy = np.array([1, 2]), []
    for _ in range(30):
        read = np.concatenate([prime, np.array(greedy, dtype=int)])
        greedy.append(int(cm.run_char_model(model, read).logits[-1].argmax()))
    for seed in range(3):
        np.testing.assert_array_equal(cm.sample_text(model, prime, 30, temperature, seed), greedy)


def test_unit_correlations_are_pearsons_r(rng):
    values = rng.normal(size=(50, 4))
    values[:, 1] = 0.1  # constant: its mean is not exactly 0.1 in floating point
    values[:, 3] += 2 * np.arange(50)
    features = {"ramp": np.arange(50.0), "noise": rng.normal(size=50), "flat": np.full(50, 0.7)}
    r = cm.unit_correlations(values, features)
    assert list(r) == list(features)
    for name in ("ramp", "noise"):
        for unit in (0, 2, 3):
            expected = np.corrcoef(values[:, unit], features[name])[0, 1]
            assert r[name][unit] == pytest.approx(expected, rel=1e-12, abs=1e-15)
        assert np.isnan(r[name][1])
    assert np.all(np.isnan(r["flat"]))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: cm.checkpoint_file("rnn", 3), ValueError, r"epoch: expected one of .* got 3"),
        (lambda: cm.load_char_model("cnn", 20), ValueError, "kind: expected one of"),
        (lambda: cm.load_char_model(["rnn"], 20), ValueError, "kind: expected one of"),
        (
            lambda: cm.char_model_from_weights("rnn", [np.ones(2)] * 3),
            ValueError,
            "weights: expected the 5 arrays of a rnn character model, got 3",
        ),
        (
            lambda: cm.char_model_from_weights(
                "lstm", [np.ones((4, 3)), np.ones((3, 3)), np.ones(3), np.ones((3, 4)), np.ones(4)]
            ),
            ValueError,
            "weights: expected the weights of a Keras lstm character model",
        ),
        (
            lambda: cm.char_model_from_weights("gru", ["w", 1, 2, 3, 4]),
            TypeError,
            r"weights\[0\]: expected an array of real numbers, got str",
        ),
        (
            lambda: cm.run_char_model(tiny_model("rnn", np.random.default_rng(0)), [0, 4]),
            ValueError,
            "codes: expected .*codes from 0 to 3, got int64 of shape",
        ),
        (
            lambda: cm.run_char_model(tiny_model("lstm", np.random.default_rng(0)), [0], (1,)),
            TypeError,
            "state: expected a tuple of 2 state arrays of the lstm, got 1 arrays",
        ),
        (
            lambda: cm.run_char_model(tiny_model("gru", np.random.default_rng(0)), [0], 3),
            TypeError,
            "state: expected a tuple of 1 state array of the gru, got int",
        ),
        (
            lambda: cm.run_char_model(
                tiny_model("rnn", np.random.default_rng(0)), [0], (np.ones(4),)
            ),
            ValueError,
            r"state: expected shape \(3,\), got \(4,\)",
        ),
        (lambda: cm.bits_per_char("model", [0, 1]), TypeError, "model: expected CharModel"),
        (
            lambda: cm.bits_per_char(tiny_model("rnn", np.random.default_rng(0)), [0]),
            ValueError,
            "codes: expected at least 2 codes, got 1",
        ),
        (
            lambda: cm.connectivity(tiny_model("rnn", np.random.default_rng(0)), [0]),
            ValueError,
            "codes: expected at least 2 codes",
        ),
        (
            lambda: cm.sample_text(tiny_model("rnn", np.random.default_rng(0)), [0], 3, 0.0, 0),
            ValueError,
            r"temperature: expected a number > 0.0, got 0.0",
        ),
        (
            lambda: cm.unit_correlations(np.ones((3, 2)), None),
            TypeError,
            "features: expected a mapping of names to arrays, got NoneType",
        ),
        (
            lambda: cm.unit_correlations(np.ones((3, 2)), {"a": np.ones(4)}),
            ValueError,
            r"features\['a'\]: expected shape \(3,\), got \(4,\)",
        ),
        (
            lambda: cm.CharModel("rnn", gg.init_lstm(2, 2, rng=0), np.ones((2, 2)), np.ones(2)),
            TypeError,
            "cell: expected RNNParams, got LSTMParams",
        ),
    ],
)
def test_bad_inputs_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- the Keras side: bad input refused before anything trains --------------------------------


@pytest.fixture(scope="module")
def char_cases():
    """char_model and train_char_model as cases of test_api_properties' property (test_keras.py
    holds the rest of the bridge)."""
    import keras
    from hypothesis import strategies as st

    from tests.test_api_properties import KINDS, Case, sampled

    codes = np.arange(2000) % 5
    never = {  # train_char_model must refuse these before it trains
        "kind": ["cnn", None, 3, ["rnn"]],
        "train_codes": [None, "text", codes * 1.0, codes + 1, codes[:49], codes[None], -codes],
        "valid_codes": [None, codes[:10], codes.astype(bool), np.array([[0, 1]]), codes + 3],
        "alphabet_size": [0, 1, 2.5, None, True],
        "units": [0, -1, 1.5, None],
        "epochs": [0, -1, 1.5, None, "2"],
        "seed": [-1, 1.5, None, "0"],
        "length": [0, -3, 2.5, None],
        "batch_size": [0, -3, 2.5, None],
        "learning_rate": [0.0, -1e-3, np.nan, np.inf, "fast", None],
        "global_clipnorm": [0.0, -1.0, np.nan, np.inf, None],
        "max_steps": [0, -1, 1.5, "3"],
        "on_epoch": [3, "print", [print]],
    }
    good = {"kind": "rnn", "train_codes": codes, "valid_codes": codes[:200]}
    good |= {"alphabet_size": 5, "units": 2, "epochs": 1, "seed": 0, "length": 10}
    good |= {"batch_size": 4, "learning_rate": 1e-2, "global_clipnorm": 1.0, "max_steps": 1}
    good |= {"on_epoch": None}
    kinds = {**KINDS}
    kinds |= {f"never:{name}": _constant(sampled(values)) for name, values in never.items()}
    # an alphabet smaller than the codes: the codes are named, rightly
    kinds["never:alphabet_size"] = _constant(
        st.one_of(sampled(never["alphabet_size"]), st.just((4, False)))
    )
    cases = {
        "char_model": Case(
            km.char_model,
            {"kind": ("choice", "gru"), "alphabet_size": ("int", 5), "units": ("int", 3)},
            lambda out, kw: (
                isinstance(out, keras.Model)
                and out.output_shape == (None, None, kw["alphabet_size"])
                and out.layers[0].units == kw["units"]
            ),
        ),
        "train_char_model": Case(
            km.train_char_model,
            {name: (f"never:{name}", good[name]) for name in never},
            lambda out, kw: False,
        ),
    }
    return cases, kinds


def _constant(strategy):
    return lambda good: strategy


@pytest.mark.parametrize("name", ["char_model", "train_char_model"])
def test_the_char_model_bridge_refuses_bad_input_by_name(char_cases, name):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tests.test_api_properties import refused_by_name_or_sound

    cases, kinds = char_cases

    @settings(derandomize=True, max_examples=25, deadline=None)
    @given(data=st.data())
    def check(data):
        refused_by_name_or_sound(cases[name], data, kinds)

    check()


def test_a_tiny_training_takes_every_whole_batch_and_reports_every_epoch():
    """(1930 − 1 − offset) // 10 = 192 windows at any offset below 10: exactly 6 batches of 32
    an epoch, the last one included; on_epoch before training and after each epoch."""
    codes = np.arange(1930) % 5
    epochs_seen = []
    run = km.train_char_model(
        "gru",
        codes,
        codes[:200],
        alphabet_size=5,
        units=2,
        epochs=2,
        seed=0,
        length=10,
        batch_size=32,
        on_epoch=lambda epoch, step, model: epochs_seen.append((epoch, step)),
    )
    assert epochs_seen == [(0, 0), (1, 6), (2, 12)]
    assert len(run.step_losses) == 12 and len(run.valid_bits) == 3
