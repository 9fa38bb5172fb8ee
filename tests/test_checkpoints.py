"""The probe of a checkpoint: its gradients equal GradientTape's on the same Keras model, its
reach equals the plain product of finite-difference Jacobians, and what it summarises is what
its arrays hold."""

import numpy as np
import pytest

import gatesgrad as gg
from gatesgrad.checkpoints import KINDS
from gatesgrad.explorers.training import marker_steps, summarise, training_explorer
from gatesgrad.tasks import adding_problem
from tests.keras_bridge import km

T, H = 12, 3


@pytest.fixture(scope="module", params=KINDS)
def checkpoint(request):
    """A Keras regressor of each kind, its weights moved off their start; the weights in
    float64."""
    km.seed_everything(5)
    model = km.sequence_regressor(request.param, T, units=H)
    rng = np.random.default_rng(6)
    model.set_weights([w + 0.3 * rng.normal(size=w.shape) for w in model.get_weights()])
    return request.param, model, [np.asarray(w, dtype=float) for w in model.get_weights()]


def test_input_gradients_equal_gradient_tape(checkpoint):
    """‖∂L/∂x_t‖ of each sequence's own squared error, against tf.GradientTape on the Keras
    model (float32: to float32 rounding)."""
    import tensorflow as tf

    kind, model, weights = checkpoint
    x, y = adding_problem(4, T, rng=8)
    probe = gg.probe(kind, weights, x, y)
    xt = tf.constant(x, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        loss = tf.reduce_sum((model(xt)[:, 0] - tf.constant(y, dtype=tf.float32)) ** 2)
    expected = np.linalg.norm(tape.gradient(loss, xt).numpy(), axis=2)
    np.testing.assert_allclose(probe.input_grads, expected, rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(probe.error, model(xt)[:, 0].numpy() - y, atol=1e-5)


def final_state(kind, weights, x0_state, seq):
    """s_T from a given s_0 (h, or the LSTM's [h; c]), by the reference step of the package."""
    cell, _, _ = gg.regressor_params(kind, weights)
    if kind == "lstm":
        H_ = len(x0_state) // 2
        return gg.lstm_forward(cell, seq, h0=x0_state[:H_], c0=x0_state[H_:]).c[-1]
    forward = gg.rnn_forward if kind == "rnn" else gg.gru_forward
    return forward(cell, seq, h0=x0_state).h[-1]


def test_reach_equals_the_finite_difference_jacobian(checkpoint):
    """log10 ‖∂s_T/∂s_0‖₂ (c for the LSTM, from the whole state [h_0; c_0] only through c_0),
    against central differences of the final state."""
    kind, _, weights = checkpoint
    x, y = adding_problem(2, T, rng=9)
    probe = gg.probe(kind, weights, x, y)
    size = 2 * H if kind == "lstm" else H
    eps = 1e-6
    for seq, reach in zip(x, probe.log10_reach, strict=True):
        columns = [  # ∂s_T/∂s_0 e_k by central differences, column by column
            (final_state(kind, weights, eps * e, seq) - final_state(kind, weights, -eps * e, seq))
            / (2 * eps)
            for e in np.eye(size)
        ]
        J = np.array(columns).T  # (H, size)
        block = J[:, H:] if kind == "lstm" else J
        assert reach == pytest.approx(np.log10(np.linalg.norm(block, 2)), abs=1e-6)


def test_summary_reads_the_markers_and_the_memory_unit(checkpoint):
    kind, _, weights = checkpoint
    x, y = adding_problem(6, T, rng=10)
    probe = gg.probe(kind, weights, x, y)
    m = summarise(probe, x)
    marks = marker_steps(x)
    assert np.all(x[np.arange(6)[:, None], marks, 1] == 1) and np.all(marks[:, 0] < T // 2)
    grads = probe.input_grads
    for value, k in ((m.first, 0), (m.second, 1)):
        at_marker = [g[t] for g, t in zip(grads, marks[:, k], strict=True)]
        assert 10**value == pytest.approx(np.median(at_marker))
    assert m.reach == pytest.approx(np.median(probe.log10_reach))
    if kind == "rnn":
        h = probe.h[:, 1:]
        assert m.saturated == np.mean(np.abs(h) > 0.95) and m.slope == pytest.approx(
            np.mean(1 - h**2)
        )
        cell, _, _ = gg.regressor_params(kind, weights)
        assert m.rho == pytest.approx(max(abs(np.linalg.eigvals(cell.W_hh))))
    else:
        unit = np.argmax(np.abs(probe.readout * probe.h[:, -1]).mean(axis=0))
        gate = probe.gate[:, :, unit]
        at = [gate[b, t] for b in range(6) for t in marks[b]]
        inside = [gate[b, t] for b in range(6) for t in range(marks[b, 0] + 1, marks[b, 1])]
        assert m.at_marks == pytest.approx(np.mean(at))
        assert m.between == pytest.approx(np.mean(inside))
        each = [  # every unit's mean gate between the markers
            np.mean(
                [probe.gate[b, t, j] for b in range(6) for t in range(marks[b, 0] + 1, marks[b, 1])]
            )
            for j in range(H)
        ]
        assert m.most_open == pytest.approx(max(each)) and m.open_unit == np.argmax(each)


def test_chrono_bias_spreads_the_forget_gates_over_the_lags():
    b = gg.chrono_bias(np.random.default_rng(0), 2000, max_lag=100)
    i, f, g, o = np.split(b, 4)
    u = np.exp(f)  # b_f = log u, u ~ U(1, 99)
    assert u.min() >= 1 and u.max() <= 99 and abs(u.mean() - 50) < 3 * 28.3 / np.sqrt(2000)
    np.testing.assert_array_equal(i, -f)
    assert not g.any() and not o.any()
    for bad, message in [((0, 5), "hidden_size"), ((3, 2), "max_lag")]:
        with pytest.raises(ValueError, match=message):
            gg.chrono_bias(np.random.default_rng(0), bad[0], max_lag=bad[1])


def test_bad_checkpoints_are_refused_by_name():
    with pytest.raises(ValueError, match="kind: expected one of"):
        gg.regressor_params("elman", [np.zeros(1)] * 5)
    with pytest.raises(ValueError, match=r"checkpoint: expected 5 arrays .* got 3"):
        gg.regressor_params("rnn", [np.zeros((2, 3)), np.zeros((3, 3)), np.zeros(3)])
    good = [np.zeros((2, 3)), np.eye(3), np.zeros(3), np.zeros((4, 1)), np.zeros(1)]
    with pytest.raises(ValueError, match=r"checkpoint\[3\]: expected shape"):
        gg.regressor_params("rnn", good)
    x, y = adding_problem(2, 5, rng=0)
    good[3] = np.zeros((3, 1))
    with pytest.raises(ValueError, match=r"y: expected shape"):
        gg.probe("rnn", good, x, y[:1])
    with pytest.raises(ValueError, match="x: expected exactly two marked steps"):
        marker_steps(np.zeros((1, 5, 2)))


def test_the_explorer_refuses_runs_that_do_not_line_up():
    x, y = adding_problem(3, 6, rng=0)
    weights = [np.full((2, 3), 0.1), np.eye(3), np.zeros(3), np.ones((3, 1)), np.zeros(1)]
    p = gg.probe("rnn", weights, x, y)
    explorer = training_explorer({"a": [p, p]}, {"a": [0.2, 0.1]}, x, title="t")
    assert explorer.data["controls"][1]["values"] == [0, 1]
    with pytest.raises(ValueError, match=r"runs\['b'\]: expected 2 checkpoints"):
        training_explorer({"a": [p, p], "b": [p]}, {"a": [1, 1], "b": [1, 1]}, x, title="t")
    with pytest.raises(ValueError, match=r"test_mse: expected the labels of runs, \[.a.\], got"):
        training_explorer({"a": [p]}, {"b": [1]}, x, title="t")
    with pytest.raises(ValueError, match=r"x: expected the sequences runs\['a'\] was probed on"):
        training_explorer({"a": [p]}, {"a": [1]}, x[:2], title="t")
    with pytest.raises(ValueError, match=r"test_mse\['a'\]: expected shape"):
        training_explorer({"a": [p, p]}, {"a": [1]}, x, title="t")
