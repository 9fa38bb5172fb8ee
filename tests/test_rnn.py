"""The vanilla RNN: forward pass, step Jacobians and BPTT against references."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import gatesgrad as gg
from tests.conftest import tolerance


def make(rng, D, H, T, activation):
    params = gg.init_rnn(D, H, rng=rng, activation=activation)
    params = gg.RNNParams(params.W_xh, params.W_hh, rng.normal(size=H) * 0.3, activation)
    return params, rng.normal(size=(T, D)), rng.normal(size=H) * 0.5


def loss_weights(rng, T, H):
    return rng.normal(size=(T, H))  # L = Σ_t v_t · h_t: a loss at every step


@settings(derandomize=True, max_examples=40, deadline=None)
@example(D=1, H=1, T=1, seed=0, activation="tanh")  # the smallest network
@example(D=2, H=8, T=20, seed=1, activation="tanh")  # a longer, wider one
@given(
    D=st.integers(1, 4),
    H=st.integers(1, 5),
    T=st.integers(1, 12),
    seed=st.integers(0, 2**32 - 1),
    activation=st.sampled_from(sorted(gg.ACTIVATIONS)),
)
def test_bptt_matches_finite_differences(D, H, T, seed, activation):
    """Every gradient, on shapes and weights hypothesis draws (seeded: CI sees the same)."""
    rng = np.random.default_rng(seed)
    params, xs, h0 = make(rng, D, H, T, activation)
    V = loss_weights(rng, T, H)

    def loss(W_xh=params.W_xh, W_hh=params.W_hh, b_h=params.b_h, xs=xs, h0=h0):
        p = gg.RNNParams(W_xh, W_hh, b_h, activation)
        return float(np.sum(V * gg.rnn_forward(p, xs, h0).h[1:]))

    grads = gg.rnn_bptt(params, gg.rnn_forward(params, xs, h0), V)
    checks = {
        "W_xh": (grads.W_xh, lambda w: loss(W_xh=w), params.W_xh),
        "W_hh": (grads.W_hh, lambda w: loss(W_hh=w), params.W_hh),
        "b_h": (grads.b_h, lambda b: loss(b_h=b), params.b_h),
        "xs": (grads.xs, lambda x: loss(xs=x), xs),
        "h0": (grads.h[0], lambda h: loss(h0=h), h0),
    }
    for name, (analytic, f, at) in checks.items():
        numeric = gg.finite_difference_gradient(f, at)
        assert gg.relative_error(analytic, numeric) < 1e-7, name


def test_bptt_equals_the_explicit_chain_of_jacobians(rng):
    params, xs, h0 = make(rng, 3, 6, 15, "tanh")
    trace = gg.rnn_forward(params, xs, h0)
    J = gg.rnn_jacobians(params, trace)
    g_T = rng.normal(size=6)
    dL_dh = np.zeros((15, 6))
    dL_dh[-1] = g_T
    grads = gg.rnn_bptt(params, trace, dL_dh)
    for t in range(16):
        chain = np.eye(6)
        for k in range(15, t, -1):
            chain = chain @ J[k - 1]
        np.testing.assert_allclose(grads.h[t], chain.T @ g_T, **tolerance(np.float64))


def test_rnn_jacobians_match_finite_differences(rng):
    params, xs, h0 = make(rng, 2, 4, 5, "logistic")
    trace = gg.rnn_forward(params, xs, h0)
    J = gg.rnn_jacobians(params, trace)
    for t in range(1, 6):
        numeric = np.stack(
            [
                gg.finite_difference_gradient(
                    lambda h, i=i, t=t: gg.rnn_step(params, xs[t - 1], h)[i], trace.h[t - 1]
                )
                for i in range(4)
            ]
        )
        np.testing.assert_allclose(J[t - 1], numeric, rtol=1e-6, atol=1e-9)


def test_forward_is_repeated_steps(rng):
    params, xs, h0 = make(rng, 3, 4, 6, "tanh")
    h = h0
    trace = gg.rnn_forward(params, xs, h0)
    for t, x_t in enumerate(xs, start=1):
        h = gg.rnn_step(params, x_t, h)
        np.testing.assert_allclose(trace.h[t], h)
    assert trace.h.shape == (7, 4) and trace.a.shape == (6, 4)


def test_init_sets_the_spectral_radius():
    params = gg.init_rnn(2, 16, rng=0, spectral_radius=0.7)
    assert gg.spectral_radius(params.W_hh) == pytest.approx(0.7, rel=1e-12)


def test_gaussian_draws_are_those_of_the_book():
    """init="gaussian" (the default) draws what Part I's numbers were computed with."""
    params = gg.init_rnn(2, 3, rng=0)
    assert params.W_xh[0, 0] == 0.08890469193522228 and params.W_hh[2, 1] == -0.12631942606790142
    assert gg.init_rnn(2, 3, rng=0, spectral_radius=0.9).W_hh[2, 1] == -0.11572187432064458


@pytest.mark.parametrize("init", ["gaussian", "keras"])
def test_spectral_radius_rescales_either_init(init):
    params = gg.init_rnn(3, 8, rng=1, init=init, spectral_radius=1.5)
    assert gg.spectral_radius(params.W_hh) == pytest.approx(1.5, rel=1e-12)


def test_same_seed_same_network():
    a, b = gg.init_rnn(2, 5, rng=3), gg.init_rnn(2, 5, rng=3)
    np.testing.assert_array_equal(a.W_hh, b.W_hh)


def test_step_refuses_a_sequence_and_a_missing_state():
    """Before: a (2, D) x_t ran and returned one row, and h_prev=None meant zeros."""
    params = gg.init_rnn(2, 3, rng=0)
    with pytest.raises(ValueError, match=r"x_t: expected ndim = 1, got ndim = 2"):
        gg.rnn_step(params, np.zeros((2, 2)), np.zeros(3))
    with pytest.raises(TypeError, match="h_prev: expected an array of real numbers, got NoneType"):
        gg.rnn_step(params, np.zeros(2), None)
    with pytest.raises(ValueError, match=r"h_prev: expected shape \(3,\), got \(4,\)"):
        gg.rnn_step(params, np.zeros(2), np.zeros(4))


@pytest.mark.parametrize(
    "other, message",
    [
        (gg.init_rnn(4, 3, rng=0), "D = 4"),  # another input size
        (gg.init_rnn(2, 3, rng=0, activation="linear"), "activation = 'linear'"),
    ],
)
@pytest.mark.parametrize(
    "use", [gg.rnn_jacobians, lambda p, tr: gg.rnn_bptt(p, tr, np.ones((5, 3)))]
)
def test_trace_of_other_params_is_refused(other, message, use):
    """Before: a trace from a linear RNN gave tanh params wrong gradients with no error."""
    params = gg.init_rnn(2, 3, rng=0)
    trace = gg.rnn_forward(other, np.ones((5, other.input_size)))
    with pytest.raises(
        ValueError, match=rf"trace: expected a trace made with these params .*{message}"
    ):
        use(params, trace)


def test_params_and_traces_do_not_follow_the_callers_arrays(rng):
    """Before: `trace.xs is xs`, so editing xs after the forward pass changed the gradients."""
    W_xh, W_hh, b_h = rng.normal(size=(3, 2)), rng.normal(size=(3, 3)) * 0.5, np.zeros(3)
    params = gg.RNNParams(W_xh, W_hh, b_h)
    xs = rng.normal(size=(4, 2))
    trace = gg.rnn_forward(params, xs)
    dL_dh = np.ones((4, 3))
    before = gg.rnn_bptt(params, trace, dL_dh).W_hh
    xs[:] = 0.0
    W_hh[:] = 0.0
    np.testing.assert_array_equal(gg.rnn_bptt(params, trace, dL_dh).W_hh, before)
    b_h.setflags(write=False)  # read-only now, writable again later: still a private copy
    other = gg.RNNParams(W_xh, W_hh, b_h)
    b_h.setflags(write=True)
    b_h[:] = 1.0
    np.testing.assert_array_equal(other.b_h, 0.0)
    for arr in (params.W_xh, params.W_hh, params.b_h, trace.xs, trace.a, trace.h):
        assert not arr.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            arr[...] = 1.0


def test_an_overflowing_pass_is_refused():
    """Before: a linear RNN with huge finite weights returned inf and NaN states."""
    params = gg.RNNParams(np.full((2, 1), 1e200), np.full((2, 2), 1e200), np.zeros(2), "linear")
    with pytest.raises(ValueError, match="params, xs, h0: expected inputs whose h_t stays finite"):
        gg.rnn_forward(params, np.ones((3, 1)))
    small = gg.init_rnn(1, 2, rng=0, activation="linear")
    trace = gg.rnn_forward(small, np.ones((3, 1)))
    with pytest.raises(ValueError, match="params, trace, dL_dh: expected inputs whose gradient"):
        gg.rnn_bptt(small, trace, np.full((3, 2), 1e308))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda p: gg.RNNParams(np.zeros((0, 2)), np.zeros((0, 0)), np.zeros(0)),
            ValueError,
            r"W_xh: expected H >= 1 on axis 0, got shape \(0, 2\)",
        ),
        (
            lambda p: gg.RNNParams(np.zeros((3, 0)), np.zeros((3, 3)), np.zeros(3)),
            ValueError,
            r"W_xh: expected D >= 1 on axis 1, got shape \(3, 0\)",
        ),
        (
            lambda p: gg.init_rnn(2, 3, rng=-1),
            ValueError,
            "rng: expected a numpy Generator or a seed >= 0, got -1",
        ),
        (lambda p: gg.rnn_jacobians(p, "trace"), TypeError, "trace: expected RNNTrace, got str"),
        (
            lambda p: gg.rnn_jacobians(None, "trace"),
            TypeError,
            "params: expected RNNParams, got NoneType",
        ),
        (
            lambda p: gg.rnn_bptt(
                p, gg.lstm_forward(gg.init_lstm(2, 3, rng=0), np.ones((2, 2))), np.ones((2, 3))
            ),
            TypeError,
            "trace: expected RNNTrace, got LSTMTrace",
        ),
        (
            lambda p: gg.init_rnn(2, 3, rng=0, init="he"),
            ValueError,
            r"init: expected one of \['keras', 'gaussian'\], got 'he'",
        ),
        (
            lambda p: gg.rnn_step(p, [1.0, 2.0, 3.0], np.zeros(3)),
            ValueError,
            r"x_t: expected shape \(2,\), got \(3,\)",
        ),
        (
            lambda p: gg.rnn_forward(p, [[1.0, 2.0], [3.0]]),
            TypeError,
            "xs: expected an array of real numbers, got list",
        ),
        (
            lambda p: gg.rnn_forward(p, np.ones((2, 2), dtype=complex)),
            TypeError,
            "xs: expected an array of real numbers, got dtype complex128",
        ),
        (
            lambda p: gg.rnn_forward(p, np.zeros((4, 3))),
            ValueError,
            r"xs: expected shape \('any', 2\), got \(4, 3\)",
        ),
        (
            lambda p: gg.rnn_forward(p, np.zeros(4)),
            ValueError,
            "xs: expected ndim = 2, got ndim = 1",
        ),
        (lambda p: gg.rnn_forward(p, np.zeros((0, 2))), ValueError, "xs: expected at least one"),
        (
            lambda p: gg.rnn_forward(p, np.full((2, 2), np.nan)),
            ValueError,
            "xs: expected finite values, got 4 NaN and 0 inf among 4 values",
        ),
        (
            lambda p: gg.rnn_forward(p, np.zeros((2, 2)), h0=np.zeros(5)),
            ValueError,
            r"h0: expected shape \(3,\), got \(5,\)",
        ),
        (
            lambda p: gg.rnn_forward("params", np.zeros((2, 2))),
            TypeError,
            "params: expected RNNParams, got str",
        ),
        (
            lambda p: gg.rnn_bptt(p, gg.rnn_forward(p, np.zeros((2, 2))), np.zeros((3, 3))),
            ValueError,
            r"dL_dh: expected shape \(2, 3\), got \(3, 3\)",
        ),
        (
            lambda p: gg.init_rnn(0, 3, rng=0),
            ValueError,
            "input_size: expected a value >= 1, got 0",
        ),
        (lambda p: gg.init_rnn(2, 3.5, rng=0), TypeError, "hidden_size: expected an integer"),
        (lambda p: gg.init_rnn(2, 3, rng="seed"), TypeError, "rng: expected a numpy Generator"),
        (
            lambda p: gg.init_rnn(2, 3, rng=0, spectral_radius=-1),
            ValueError,
            "spectral_radius: expected a value >= 0.0, got -1.0",
        ),
        (
            lambda p: gg.RNNParams(np.zeros((3, 2)), np.zeros((3, 4)), np.zeros(3)),
            ValueError,
            r"W_hh: expected shape \(3, 3\), got \(3, 4\)",
        ),
        (
            lambda p: gg.RNNParams(np.zeros((3, 2)), np.zeros((3, 3)), np.zeros(3), "relu"),
            ValueError,
            "activation: expected one of",
        ),
    ],
)
def test_bad_inputs_are_named(call, error, message):
    params = gg.init_rnn(2, 3, rng=0)
    with pytest.raises(error, match=message):
        call(params)
