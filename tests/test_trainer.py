"""The in-page trainer's numpy side: the seeded generator against the reference C code's
numbers, adding-problem batches, the twin's gradient against finite differences, its Adam
step, its initial weights and its refusals. (The JavaScript against the twin:
test_trainer_js.py.)"""

import numpy as np
import pytest

import gatesgrad as gg
from gatesgrad.trainer import PARAMS, weight_shapes
from gatesgrad.xoshiro import splitmix32

# Seeds → the four state words (splitmix32) and the first six outputs, computed by compiling
# next() of Blackman and Vigna's xoshiro128starstar.c with a splitmix32 written in C (uint32_t
# arithmetic), independently of gatesgrad/xoshiro.py.
REFERENCE = {
    0: (
        [2462723854, 1020716019, 454327756, 1275600319],
        [3809008728, 1133695204, 53579671, 2891528803, 139681546, 2203266335],
    ),
    1: (
        [2527132011, 314344336, 2535364964, 2041432039],
        [2442144158, 3238099751, 3819917871, 2104621829, 2021136066, 4223536128],
    ),
    2024: (
        [1921755749, 2812281526, 3139361311, 3480218493],
        [2419916859, 2996235947, 1249288266, 2362729823, 2607833832, 2983187748],
    ),
    2**32 - 1: (
        [920564995, 4230986166, 697614773, 1778835764],
        [835879718, 1921286648, 2356205009, 1885780724, 980451116, 1053911718],
    ),
}


@pytest.mark.parametrize("seed", sorted(REFERENCE))
def test_the_generator_matches_the_reference_code(seed):
    words, outputs = REFERENCE[seed]
    stream = gg.Xoshiro128(seed)
    assert stream.state == words
    assert [stream.uint32() for _ in outputs] == outputs


def test_splitmix32_steps_the_state_by_the_golden_ratio_and_wraps():
    state, _ = splitmix32(2**32 - 1)
    assert state == (2**32 - 1 + 0x9E3779B9) % 2**32


def test_uniform_takes_53_bits_from_two_outputs_and_integer_floors_it():
    a, b = REFERENCE[0][1][:2]
    expected = ((a >> 5) * 2**26 + (b >> 6)) / 2**53
    assert gg.Xoshiro128(0).uniform() == expected
    assert gg.Xoshiro128(0).integer(7) == int(expected * 7)
    draws = [gg.Xoshiro128(seed).uniform() for seed in range(200)]
    assert min(draws) >= 0 and max(draws) < 1


def test_an_adding_batch_takes_its_values_then_its_markers_from_the_stream():
    n, T = 5, 9
    x, y = gg.adding_batch(gg.Xoshiro128(3), n, T)
    assert x.shape == (n, T, 2) and y.shape == (n,)
    replay = gg.Xoshiro128(3)
    for b in range(n):
        values = [replay.uniform() for _ in range(T)]
        first, second = replay.integer(T // 2), T // 2 + replay.integer(T - T // 2)
        assert x[b, :, 0].tolist() == values
        assert np.flatnonzero(x[b, :, 1]).tolist() == [first, second]
        assert first < T // 2 <= second
        assert y[b] == values[first] + values[second]
    stream = gg.Xoshiro128(3)
    gg.adding_batch(stream, n, T)
    assert stream.state == replay.state


def config(arch, **kw):
    return gg.TrainerConfig(arch, **({"T": 5, "H": 3, "batch": 3, "seed": 7} | kw))


@pytest.mark.parametrize(
    ("arch", "gate_bias"), [("rnn", None), ("lstm", 1.0), ("lstm", "chrono"), ("gru", 1.0)]
)
def test_the_twins_gradient_matches_central_differences_of_the_batch_loss(arch, gate_bias):
    cfg = config(arch, gate_bias=gate_bias)
    trainer = gg.Trainer(cfg)
    x, y = gg.adding_batch(gg.Xoshiro128(11), cfg.batch, cfg.T)
    _, grads = trainer.gradient(x, y)
    start = trainer.weights
    for name in PARAMS:

        def loss(value, name=name):
            return gg.Trainer(cfg, start | {name: value}).gradient(x, y)[0]

        numeric = gg.finite_difference_gradient(loss, start[name], eps=1e-6)
        assert gg.relative_error(grads[name], numeric) < 1e-6, name


def test_the_first_adam_step_moves_every_weight_by_about_lr():
    """Keras 3's Adam at t = 1: m = 0.1 g, v = 0.001 g², α = lr √0.001 / 0.1, so each weight
    moves by lr · |g| / (|g| + ε/√0.001): lr, where |g| ≫ 3e-6."""
    cfg = config("lstm", lr=0.01, clip=1e-3)  # clipping scales g, not the step
    trainer = gg.Trainer(cfg)
    x, y = gg.adding_batch(gg.Xoshiro128(cfg.seed), cfg.batch, cfg.T)
    loss, grads = trainer.gradient(x, y)
    before = trainer.weights
    assert trainer.step() == loss  # the loss before the update, on the stream's first batch
    norm = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    for name in PARAMS:
        g = grads[name] * min(1.0, cfg.clip / norm)
        moved = before[name] - trainer.weights[name]
        expected = cfg.lr * g / (np.abs(g) + 1e-7 / np.sqrt(1e-3))
        np.testing.assert_allclose(moved, expected, rtol=1e-9, atol=1e-15, err_msg=name)


@pytest.mark.parametrize("arch", gg.trainer.ARCHS)
def test_initial_weights_are_the_packages_initialisers_in_float32(arch):
    H, seed = 4, 5
    weights = gg.trainer_weights(arch, H, seed)
    assert {k: v.shape for k, v in weights.items()} == weight_shapes(arch, H)
    for value in weights.values():
        assert value.dtype == np.float64 and np.array_equal(value, value.astype(np.float32))
    rng = np.random.default_rng(seed)
    if arch == "rnn":
        kernel = gg.init_rnn(2, H, rng=rng, init="keras").W_xh.T
    else:
        init = gg.init_lstm if arch == "lstm" else gg.init_gru
        kernel = init(2, H, rng=rng).kernel
    np.testing.assert_array_equal(weights["kernel"], kernel.astype(np.float32))
    assert not weights["bias"].any() and not weights["dense_bias"].any()


def test_the_gate_bias_lands_in_the_forget_or_update_gate():
    H, T, seed = 4, 20, 5
    lstm = gg.initial_weights(gg.TrainerConfig("lstm", T=T, H=H, seed=seed))  # Keras: b_f = 1
    assert lstm["bias"].tolist() == [0.0] * H + [1.0] * H + [0.0] * 2 * H
    chrono = gg.initial_weights(gg.TrainerConfig("lstm", T=T, H=H, seed=seed, gate_bias="chrono"))
    b_i, b_f, rest = chrono["bias"][:H], chrono["bias"][H : 2 * H], chrono["bias"][2 * H :]
    assert np.array_equal(b_i, -b_f) and not rest.any()
    assert np.all((b_f >= 0) & (b_f <= np.log(T - 1)))
    expected = gg.chrono_bias(np.random.default_rng(seed), H, max_lag=T)[H : 2 * H]
    np.testing.assert_array_equal(b_f, expected.astype(np.float32))
    gru = gg.initial_weights(gg.TrainerConfig("gru", T=T, H=H, seed=seed, gate_bias=1))
    assert gru["bias"][0, :H].tolist() == [1.0] * H and gru["bias"].sum() == H
    for name in ("kernel", "recurrent_kernel", "dense_kernel"):  # the draws are the same
        np.testing.assert_array_equal(lstm[name], chrono[name])


def test_run_config_is_what_createRun_takes():
    cfg = config("gru")
    out = gg.run_config(cfg)
    assert out["arch"] == "gru" and out["T"] == 5 and out["weights"].keys() == set(PARAMS)
    assert len(out["weights"]["bias"]) == 2 * 3 * 3
    assert out["weights"]["kernel"] == gg.initial_weights(cfg)["kernel"].ravel().tolist()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"arch": "cnn"}, "arch: expected one of"),
        ({"arch": "gru", "gate_bias": "chrono"}, "gate_bias: expected one of [0.0, 1.0]"),
        ({"arch": "rnn", "gate_bias": 1}, "gate_bias: expected one of [0.0] for arch 'rnn'"),
        ({"arch": "lstm", "gate_bias": 0.5}, "gate_bias: expected one of"),
        ({"arch": "lstm", "T": 2, "gate_bias": "chrono"}, "T: expected a value >= 3"),
        ({"arch": "lstm", "T": 1}, "T: expected a value >= 2"),
        ({"arch": "lstm", "lr": 0.0}, "lr: expected a number > 0"),
        ({"arch": "lstm", "clip": -1.0}, "clip: expected a number > 0"),
        ({"arch": "lstm", "seed": 2**32}, "seed: expected a value <= 4294967295"),
        ({"arch": "lstm", "batch": 0}, "batch: expected a value >= 1"),
    ],
)
def test_a_bad_config_is_refused_by_name(kwargs, message):
    with pytest.raises(
        (ValueError, TypeError), match=message.replace("[", r"\[").replace("]", r"\]")
    ):
        gg.TrainerConfig(**({"T": 10, "H": 2} | kwargs))


def test_weights_of_another_shape_are_refused_by_name():
    cfg = config("lstm")
    other = gg.initial_weights(config("gru"))
    with pytest.raises(ValueError, match=r"weights\['kernel'\]: expected shape \(2, 12\)"):
        gg.Trainer(cfg, other)
    with pytest.raises(ValueError, match="weights: expected a dict with the keys"):
        gg.Trainer(cfg, {"kernel": other["kernel"]})
    with pytest.raises(ValueError, match="seed: expected a value >= 0"):
        gg.Xoshiro128(-1)
