"""The numpy LSTM: forward pass, BPTT against finite differences, state Jacobians."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import gatesgrad as gg
from gatesgrad.lstm import GATES, gate_slice


def make(rng, D, H, T):
    params = gg.init_lstm(D, H, rng=rng)
    params = gg.LSTMParams(
        params.kernel * 1.5, params.recurrent_kernel * 1.5, rng.normal(size=4 * H) * 0.5
    )
    return params, rng.normal(size=(T, D)), rng.normal(size=H) * 0.5, rng.normal(size=H)


@settings(derandomize=True, max_examples=40, deadline=None)
@example(D=1, H=1, T=1, seed=0)  # the smallest network
@example(D=4, H=2, T=16, seed=1)  # a longer one
@example(D=3, H=5, T=9, seed=2)  # a wider one
@given(
    D=st.integers(1, 4), H=st.integers(1, 4), T=st.integers(1, 10), seed=st.integers(0, 2**32 - 1)
)
def test_bptt_matches_finite_differences(D, H, T, seed):
    """Every gradient, on shapes and weights hypothesis draws (seeded: CI sees the same)."""
    rng = np.random.default_rng(seed)
    params, xs, h0, c0 = make(rng, D, H, T)
    V, U = rng.normal(size=(T, H)), rng.normal(size=(T, H))  # L = Σ v_t·h_t + u_t·c_t

    def loss(
        kernel=params.kernel,
        recurrent=params.recurrent_kernel,
        bias=params.bias,
        xs=xs,
        h0=h0,
        c0=c0,
    ):
        trace = gg.lstm_forward(gg.LSTMParams(kernel, recurrent, bias), xs, h0, c0)
        return float(np.sum(V * trace.h[1:]) + np.sum(U * trace.c[1:]))

    grads = gg.lstm_bptt(params, gg.lstm_forward(params, xs, h0, c0), V, U)
    checks = {
        "kernel": (grads.kernel, lambda k: loss(kernel=k), params.kernel),
        "recurrent_kernel": (
            grads.recurrent_kernel,
            lambda r: loss(recurrent=r),
            params.recurrent_kernel,
        ),
        "bias": (grads.bias, lambda b: loss(bias=b), params.bias),
        "xs": (grads.xs, lambda x: loss(xs=x), xs),
        "h0": (grads.h[0], lambda h: loss(h0=h), h0),
        "c0": (grads.c[0], lambda c: loss(c0=c), c0),
    }
    for name, (analytic, f, at) in checks.items():
        numeric = gg.finite_difference_gradient(f, at)
        assert gg.relative_error(analytic, numeric) < 1e-6, name


def test_forward_matches_the_equations_written_out(rng):
    params, xs, h0, c0 = make(rng, 3, 4, 5)
    trace = gg.lstm_forward(params, xs, h0, c0)
    h, c = h0, c0
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    for t in range(5):
        z = xs[t] @ params.kernel + h @ params.recurrent_kernel + params.bias
        z_i, z_f, z_g, z_o = np.split(z, 4)
        c = sig(z_f) * c + sig(z_i) * np.tanh(z_g)
        h = sig(z_o) * np.tanh(c)
        np.testing.assert_allclose(trace.c[t + 1], c, rtol=1e-12)
        np.testing.assert_allclose(trace.h[t + 1], h, rtol=1e-12)


def test_state_jacobians_match_finite_differences(rng):
    params, xs, h0, c0 = make(rng, 2, 3, 4)
    trace = gg.lstm_forward(params, xs, h0, c0)
    J = gg.lstm_jacobians(params, trace)
    H = 3
    for t in range(1, 5):
        state = np.concatenate([trace.h[t - 1], trace.c[t - 1]])

        def step(s, k, t=t):
            h_t, c_t = gg.lstm_step(params, xs[t - 1], s[:H], s[H:])
            return np.concatenate([h_t, c_t])[k]

        numeric = np.stack(
            [gg.finite_difference_gradient(lambda s, k=k: step(s, k), state) for k in range(2 * H)]
        )
        np.testing.assert_allclose(J[t - 1], numeric, rtol=1e-6, atol=1e-9)


def test_chain_of_state_jacobians_equals_bptt(rng):
    params, xs, h0, c0 = make(rng, 2, 3, 7)
    trace = gg.lstm_forward(params, xs, h0, c0)
    J = gg.lstm_jacobians(params, trace)
    g_h = rng.normal(size=3)
    dL_dh = np.zeros((7, 3))
    dL_dh[-1] = g_h
    grads = gg.lstm_bptt(params, trace, dL_dh)
    P = np.eye(6)
    for t in range(7, 0, -1):
        P = P @ J[t - 1]
    np.testing.assert_allclose(
        np.concatenate([grads.h[0], grads.c[0]]), P[:3].T @ g_h, rtol=1e-10, atol=1e-13
    )


def test_cell_path_jacobian_is_the_forget_gate(rng):
    params, xs, h0, c0 = make(rng, 2, 4, 6)
    trace = gg.lstm_forward(params, xs, h0, c0)
    J = gg.lstm_jacobians(params, trace)
    for t in range(6):
        np.testing.assert_array_equal(J[t, 4:, 4:], np.diag(trace.f[t]))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.floats(0.1, 20.0))
def test_gates_stay_in_their_ranges(seed, scale):
    rng = np.random.default_rng(seed)
    params = gg.init_lstm(3, 4, rng=rng)
    params = gg.LSTMParams(
        params.kernel * scale, params.recurrent_kernel * scale, rng.normal(size=16) * scale
    )
    trace = gg.lstm_forward(params, rng.normal(size=(20, 3)) * scale)
    for gate in (trace.i, trace.f, trace.o):
        assert np.all((gate >= 0) & (gate <= 1))
    assert np.all(np.abs(trace.g) <= 1) and np.all(np.abs(trace.h[1:]) <= 1)
    assert np.all(np.abs(trace.c[1:]) <= np.arange(1, 21)[:, None])  # |c_t| ≤ t from c_0 = 0


def test_keras_draws_are_those_of_the_book():
    params = gg.init_lstm(2, 3, rng=0)  # init="keras", the default: unchanged draws
    assert params.kernel[1, 7] == -0.10122618887117352
    assert params.recurrent_kernel[2, 11] == -0.09852001561714815


def test_gaussian_init_has_variance_one_over_fan_in():
    params = gg.init_lstm(50, 40, rng=0, init="gaussian", forget_bias=0.0)
    assert params.kernel.std() == pytest.approx(1 / np.sqrt(50), rel=0.05)
    assert params.recurrent_kernel.std() == pytest.approx(1 / np.sqrt(40), rel=0.05)
    np.testing.assert_array_equal(params.bias, 0.0)


def test_init_follows_keras_defaults():
    params = gg.init_lstm(3, 5, rng=0)
    np.testing.assert_array_equal(params.bias[gate_slice("f", 5)], np.ones(5))
    np.testing.assert_array_equal(np.delete(params.bias, np.s_[5:10]), np.zeros(15))
    R = params.recurrent_kernel
    np.testing.assert_allclose(R @ R.T, np.eye(5), atol=1e-12)  # orthonormal rows
    assert np.abs(params.kernel).max() <= np.sqrt(6 / (3 + 20))


def test_gate_blocks_follow_keras_order():
    params = gg.init_lstm(2, 3, rng=1, forget_bias=7.0)
    assert GATES == ("i", "f", "g", "o")
    assert [params.gate(g)[2][0] for g in GATES] == [0.0, 7.0, 0.0, 0.0]
    W_xo, W_ho, b_o = params.gate("o")  # column layout: (H, D), (H, H), (H,)
    assert W_xo.shape == (3, 2) and W_ho.shape == (3, 3) and b_o.shape == (3,)
    np.testing.assert_array_equal(W_xo, params.kernel[:, 9:].T)
    np.testing.assert_array_equal(W_ho, params.recurrent_kernel[:, 9:].T)


def test_one_gate_in_the_book_notation(rng):
    params, xs, h0, c0 = make(rng, 3, 4, 1)
    W_xf, W_hf, b_f = params.gate("f")
    f_1 = 1 / (
        1 + np.exp(-(W_xf @ xs[0] + W_hf @ h0 + b_f))
    )  # f_t = σ(W_xf x_t + W_hf h_{t−1} + b_f)
    np.testing.assert_allclose(gg.lstm_forward(params, xs, h0, c0).f[0], f_1, rtol=1e-12)


def test_params_from_gates_round_trip():
    params = gg.init_lstm(2, 3, rng=4)
    back = gg.LSTMParams.from_gates({name: params.gate(name) for name in GATES})
    np.testing.assert_array_equal(back.kernel, params.kernel)
    np.testing.assert_array_equal(back.recurrent_kernel, params.recurrent_kernel)
    np.testing.assert_array_equal(back.bias, params.bias)


def test_step_refuses_a_sequence_and_a_missing_state():
    """Before: a (2, D) x_t ran and returned one row, and None states meant zeros."""
    params = gg.init_lstm(2, 3, rng=0)
    h, c = np.zeros(3), np.zeros(3)
    with pytest.raises(ValueError, match=r"x_t: expected ndim = 1, got ndim = 2"):
        gg.lstm_step(params, np.zeros((2, 2)), h, c)
    with pytest.raises(TypeError, match="h_prev: expected an array of real numbers, got NoneType"):
        gg.lstm_step(params, np.zeros(2), None, c)
    with pytest.raises(TypeError, match="c_prev: expected an array of real numbers, got NoneType"):
        gg.lstm_step(params, np.zeros(2), h, None)
    with pytest.raises(ValueError, match=r"c_prev: expected shape \(3,\), got \(2,\)"):
        gg.lstm_step(params, np.zeros(2), h, np.zeros(2))


@pytest.mark.parametrize("other", [gg.init_lstm(4, 3, rng=0), gg.init_lstm(2, 5, rng=0)])
@pytest.mark.parametrize(
    "use", [gg.lstm_jacobians, lambda p, tr: gg.lstm_bptt(p, tr, np.ones((3, 3)))]
)
def test_trace_of_other_params_is_refused(other, use):
    """Before: another D gave numpy's broadcasting error or silently wrong gradients."""
    params = gg.init_lstm(2, 3, rng=0)
    trace = gg.lstm_forward(other, np.ones((3, other.input_size)))
    with pytest.raises(ValueError, match=r"trace: expected a trace made with these params"):
        use(params, trace)


def test_params_and_traces_do_not_follow_the_callers_arrays(rng):
    params = gg.init_lstm(2, 3, rng=rng)
    kernel = params.kernel.copy()
    mine = gg.LSTMParams(kernel, params.recurrent_kernel, params.bias)
    xs = rng.normal(size=(4, 2))
    trace = gg.lstm_forward(mine, xs)
    before = gg.lstm_jacobians(mine, trace)
    xs[:] = 0.0
    kernel[:] = 0.0
    np.testing.assert_array_equal(gg.lstm_jacobians(mine, trace), before)
    np.testing.assert_array_equal(mine.kernel, params.kernel)
    for name in ("xs", "z", "i", "f", "g", "o", "c", "h"):
        assert not getattr(trace, name).flags.writeable, name
    for arr in (mine.kernel, mine.recurrent_kernel, mine.bias, *mine.gate("f")):
        assert not arr.flags.writeable


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda p: gg.LSTMParams(np.zeros((2, 0)), np.zeros((0, 0)), np.zeros(0)),
            ValueError,
            r"recurrent_kernel: expected H >= 1 on axis 0, got shape \(0, 0\)",
        ),
        (
            lambda p: gg.LSTMParams(np.zeros((0, 4)), np.zeros((1, 4)), np.zeros(4)),
            ValueError,
            r"kernel: expected D >= 1 on axis 0, got shape \(0, 4\)",
        ),
        (
            lambda p: gg.lstm_jacobians(p, None),
            TypeError,
            "trace: expected LSTMTrace, got NoneType",
        ),
        (
            lambda p: gg.lstm_bptt(p, {}, np.ones((1, 3))),
            TypeError,
            "trace: expected LSTMTrace, got dict",
        ),
        (
            lambda p: gg.init_lstm(2, 3, rng=-5),
            ValueError,
            "rng: expected a numpy Generator or a seed >= 0, got -5",
        ),
        (
            lambda p: gg.LSTMParams.from_gates({"i": None}),
            ValueError,
            r"gates: expected the keys \['i', 'f', 'g', 'o'\], got \['i'\]",
        ),
        (
            lambda p: gg.LSTMParams.from_gates(
                {**{n: p.gate(n) for n in GATES}, "o": (np.zeros((3, 3)), np.eye(3), np.zeros(3))}
            ),
            ValueError,
            r"gates\['o'\]\[0\] \(W_xo\): expected shape \(3, 2\), got \(3, 3\)",
        ),
        (
            lambda p: gg.lstm_forward(p, np.zeros((3, 4))),
            ValueError,
            r"xs: expected shape \('any', 2\), got \(3, 4\)",
        ),
        (
            lambda p: gg.lstm_forward(p, np.zeros((3, 2)), c0=np.zeros(2)),
            ValueError,
            r"c0: expected shape \(3,\), got \(2,\)",
        ),
        (lambda p: gg.lstm_forward(p, np.zeros((0, 2))), ValueError, "xs: expected at least one"),
        (
            lambda p: gg.lstm_forward(None, np.zeros((1, 2))),
            TypeError,
            "params: expected LSTMParams, got NoneType",
        ),
        (
            lambda p: gg.LSTMParams(np.zeros((2, 12)), np.zeros((3, 10)), np.zeros(12)),
            ValueError,
            r"recurrent_kernel: expected shape \(H, 4H\), got \(3, 10\)",
        ),
        (
            lambda p: gg.LSTMParams(np.zeros((2, 8)), np.zeros((3, 12)), np.zeros(12)),
            ValueError,
            r"kernel: expected shape \('any', 12\), got \(2, 8\)",
        ),
        (
            lambda p: p.gate("c"),
            ValueError,
            r"name: expected one of \['i', 'f', 'g', 'o'\], got 'c'",
        ),
        (
            lambda p: gg.lstm_bptt(p, gg.lstm_forward(p, np.zeros((2, 2))), np.zeros((2, 4))),
            ValueError,
            r"dL_dh: expected shape \(2, 3\), got \(2, 4\)",
        ),
        (
            lambda p: gg.init_lstm(2, 3, rng=0, forget_bias=float("inf")),
            ValueError,
            "forget_bias: expected a finite number",
        ),
    ],
)
def test_bad_inputs_are_named(call, error, message):
    params = gg.init_lstm(2, 3, rng=0)
    with pytest.raises(error, match=message):
        call(params)


def test_cell_gradient_is_the_total_delta_c_at_every_step(rng):
    """grads.c[t] = δc_t, the derivative of the loss with respect to c_t *before* h_t is
    computed from it (the path through h_t = o_t ⊙ tanh(c_t) included), by finite
    differences on a forward pass cut open at step t."""
    params, xs, h0, c0 = make(rng, 2, 3, 6)
    y = rng.normal(size=3)
    trace = gg.lstm_forward(params, xs, h0, c0)
    dL_dh = np.zeros((6, 3))
    dL_dh[-1] = trace.h[-1] - y
    grads = gg.lstm_bptt(params, trace, dL_dh)
    for t in range(1, 7):

        def loss(dc, t=t):
            c_t = trace.c[t] + dc
            h_t = trace.o[t - 1] * np.tanh(c_t)
            if t == 6:
                return 0.5 * np.sum((h_t - y) ** 2)
            rest = gg.lstm_forward(params, xs[t:], h_t, c_t)
            return 0.5 * np.sum((rest.h[-1] - y) ** 2)

        numeric = gg.finite_difference_gradient(loss, np.zeros(3))
        np.testing.assert_allclose(grads.c[t], numeric, rtol=1e-6, atol=1e-9, err_msg=f"t={t}")
