"""The numpy GRU in both formulations: forward pass, BPTT against finite differences, state
Jacobians."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import gatesgrad as gg
from gatesgrad.gru import GRU_GATES, gru_gate_slice

# reset_after: True is Keras' default (bias (2, 3H)), False Cho et al.'s original (bias (3H,))
FORMULATIONS = pytest.mark.parametrize("reset_after", [True, False])


def make(rng, D, H, T, reset_after):
    params = gg.init_gru(D, H, rng=rng, reset_after=reset_after)
    params = gg.GRUParams(
        params.kernel * 1.5,
        params.recurrent_kernel * 1.5,
        rng.normal(size=params.bias.shape) * 0.5,  # every bias non-zero, both rows
        reset_after=reset_after,
    )
    return params, rng.normal(size=(T, D)), rng.normal(size=H) * 0.5


@FORMULATIONS
@settings(derandomize=True, max_examples=40, deadline=None)
@example(D=1, H=1, T=1, seed=0)  # the smallest network
@example(D=3, H=4, T=8, seed=1)  # a mid-sized one
@given(
    D=st.integers(1, 4), H=st.integers(1, 4), T=st.integers(1, 10), seed=st.integers(0, 2**32 - 1)
)
def test_bptt_matches_finite_differences(reset_after, D, H, T, seed):
    """Every gradient, on shapes and weights hypothesis draws (seeded: CI sees the same)."""
    rng = np.random.default_rng(seed)
    params, xs, h0 = make(rng, D, H, T, reset_after)
    V = rng.normal(size=(T, H))  # L = Σ v_t·h_t

    def loss(
        kernel=params.kernel,
        recurrent=params.recurrent_kernel,
        bias=params.bias,
        xs=xs,
        h0=h0,
    ):
        trace = gg.gru_forward(gg.GRUParams(kernel, recurrent, bias, reset_after), xs, h0)
        return float(np.sum(V * trace.h[1:]))

    grads = gg.gru_bptt(params, gg.gru_forward(params, xs, h0), V)
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
    }
    for name, (analytic, f, at) in checks.items():
        numeric = gg.finite_difference_gradient(f, at)
        assert gg.relative_error(analytic, numeric) < 1e-6, name


@FORMULATIONS
def test_forward_matches_the_equations_written_out(rng, reset_after):
    """The module docstring's equations, gate by gate in column layout."""
    params, xs, h0 = make(rng, 3, 4, 5, reset_after)
    trace = gg.gru_forward(params, xs, h0)
    (W_xz, W_hz, b_z), (W_xr, W_hr, b_r), (W_xh, W_hh, b_h) = map(params.gate, GRU_GATES)
    if reset_after:  # the gates add both rows; the candidate keeps them apart
        b_z, b_r = b_z.sum(0), b_r.sum(0)
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    h = h0
    for t in range(5):
        z = sig(W_xz @ xs[t] + W_hz @ h + b_z)
        r = sig(W_xr @ xs[t] + W_hr @ h + b_r)
        if reset_after:
            h_tilde = np.tanh(W_xh @ xs[t] + b_h[0] + r * (W_hh @ h + b_h[1]))
        else:
            h_tilde = np.tanh(W_xh @ xs[t] + W_hh @ (r * h) + b_h)
        h = z * h + (1 - z) * h_tilde
        np.testing.assert_allclose(trace.z[t], z, rtol=1e-12)
        np.testing.assert_allclose(trace.r[t], r, rtol=1e-12)
        np.testing.assert_allclose(trace.h_tilde[t], h_tilde, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(trace.h[t + 1], h, rtol=1e-12, atol=1e-15)


@FORMULATIONS
def test_step_equals_one_step_of_forward(rng, reset_after):
    params, xs, h0 = make(rng, 2, 3, 6, reset_after)
    trace = gg.gru_forward(params, xs, h0)
    for t in range(6):
        np.testing.assert_array_equal(gg.gru_step(params, xs[t], trace.h[t]), trace.h[t + 1])
    np.testing.assert_array_equal(gg.gru_forward(params, xs[:1], h0).h[1], trace.h[1])


@FORMULATIONS
def test_state_jacobians_match_finite_differences(rng, reset_after):
    params, xs, h0 = make(rng, 2, 3, 4, reset_after)
    trace = gg.gru_forward(params, xs, h0)
    J = gg.gru_jacobians(params, trace)
    for t in range(1, 5):
        numeric = np.stack(
            [
                gg.finite_difference_gradient(
                    lambda h, k=k, t=t: gg.gru_step(params, xs[t - 1], h)[k], trace.h[t - 1]
                )
                for k in range(3)
            ]
        )
        np.testing.assert_allclose(J[t - 1], numeric, rtol=1e-6, atol=1e-9)


@FORMULATIONS
def test_chain_of_state_jacobians_equals_bptt(rng, reset_after):
    """With the loss on h_T only, ∂L/∂h_t = (J_T ⋯ J_{t+1})ᵀ ∂L/∂h_T for every t, h_0 too."""
    T, H = 7, 3
    params, xs, h0 = make(rng, 2, H, T, reset_after)
    trace = gg.gru_forward(params, xs, h0)
    J = gg.gru_jacobians(params, trace)
    g_h = rng.normal(size=H)
    dL_dh = np.zeros((T, H))
    dL_dh[-1] = g_h
    grads = gg.gru_bptt(params, trace, dL_dh)
    P = np.eye(H)  # J_T ⋯ J_{t+1}
    for t in range(T, -1, -1):
        np.testing.assert_allclose(grads.h[t], P.T @ g_h, rtol=1e-10, atol=1e-13, err_msg=f"{t=}")
        if t:
            P = P @ J[t - 1]


@FORMULATIONS
def test_direct_path_jacobian_is_the_update_gate(rng, reset_after):
    """With the recurrent kernel zero only the direct path h_t = z_t ⊙ h_{t−1} + … is left:
    ∂h_t/∂h_{t−1} = diag(z_t) exactly, and BPTT carries δh_t back as δh_t ⊙ z_t."""
    params, xs, h0 = make(rng, 2, 4, 6, reset_after)
    params = gg.GRUParams(params.kernel, np.zeros((4, 12)), params.bias, reset_after)
    trace = gg.gru_forward(params, xs, h0)
    J = gg.gru_jacobians(params, trace)
    for t in range(6):
        np.testing.assert_array_equal(J[t], np.diag(trace.z[t]))
    dL_dh = np.zeros((6, 4))
    dL_dh[-1] = rng.normal(size=4)
    grads = gg.gru_bptt(params, trace, dL_dh)
    expected = dL_dh[-1]
    for t in range(6, 0, -1):
        expected = expected * trace.z[t - 1]
        np.testing.assert_array_equal(grads.h[t - 1], expected)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.floats(0.1, 20.0), reset_after=st.booleans())
def test_gates_stay_in_their_ranges(seed, scale, reset_after):
    rng = np.random.default_rng(seed)
    params = gg.init_gru(3, 4, rng=rng, reset_after=reset_after)
    params = gg.GRUParams(
        params.kernel * scale,
        params.recurrent_kernel * scale,
        rng.normal(size=params.bias.shape) * scale,
        reset_after,
    )
    trace = gg.gru_forward(params, rng.normal(size=(20, 3)) * scale)
    for gate in (trace.z, trace.r):
        assert np.all((gate >= 0) & (gate <= 1))
    assert np.all(np.abs(trace.h_tilde) <= 1) and np.all(np.abs(trace.h[1:]) <= 1)


@FORMULATIONS
def test_init_puts_the_update_bias_where_keras_keeps_the_z_bias(reset_after):
    """Keras' GRU: kernel (D, 3H) Glorot-uniform, recurrent kernel (H, 3H) orthogonal, bias
    (2, 3H) with reset_after (the input row first) or (3H,), all zeros; update_bias goes in
    the z block (of the input row)."""
    D, H = 3, 5
    params = gg.init_gru(D, H, rng=0, update_bias=-1.5, reset_after=reset_after)
    assert params.reset_after is reset_after
    assert params.kernel.shape == (D, 3 * H) and params.recurrent_kernel.shape == (H, 3 * H)
    expected = np.zeros((2, 3 * H) if reset_after else 3 * H)
    expected[(0, slice(0, H)) if reset_after else slice(0, H)] = -1.5
    np.testing.assert_array_equal(params.bias, expected)
    np.testing.assert_array_equal(params.gate("z")[2], expected[..., :H])
    R = params.recurrent_kernel
    np.testing.assert_allclose(R @ R.T, np.eye(H), atol=1e-12)  # orthonormal rows
    assert np.abs(params.kernel).max() <= np.sqrt(6 / (D + 3 * H))
    default = gg.init_gru(D, H, rng=0, reset_after=reset_after)
    np.testing.assert_array_equal(default.bias, 0.0)  # Keras' zeros
    np.testing.assert_array_equal(default.kernel, params.kernel)  # the same draws


@FORMULATIONS
def test_gaussian_init_has_variance_one_over_fan_in(reset_after):
    params = gg.init_gru(50, 40, rng=0, init="gaussian", reset_after=reset_after)
    assert params.kernel.std() == pytest.approx(1 / np.sqrt(50), rel=0.05)
    assert params.recurrent_kernel.std() == pytest.approx(1 / np.sqrt(40), rel=0.05)
    np.testing.assert_array_equal(params.bias, 0.0)


def test_a_gate_bias_is_the_sum_of_both_rows_the_candidate_keeps_them_apart(rng):
    """With reset_after, moving b_z or b_r from the input row to the recurrent row changes
    nothing; moving b_h does (only the recurrent row is multiplied by r_t)."""
    params, xs, h0 = make(rng, 2, 3, 5, True)
    before = gg.gru_forward(params, xs, h0).h

    def moved(gate):
        bias = params.bias.copy()
        block = gru_gate_slice(gate, 3)
        bias[1, block] += bias[0, block]
        bias[0, block] = 0.0
        return gg.gru_forward(gg.GRUParams(params.kernel, params.recurrent_kernel, bias), xs, h0).h

    np.testing.assert_allclose(moved("z"), before, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(moved("r"), before, rtol=1e-14, atol=1e-15)
    assert np.abs(moved("h") - before).max() > 1e-3


def test_gate_blocks_follow_keras_order():
    params = gg.init_gru(2, 3, rng=1, update_bias=7.0, reset_after=False)
    assert GRU_GATES == ("z", "r", "h")
    assert [params.gate(g)[2][0] for g in GRU_GATES] == [7.0, 0.0, 0.0]
    W_xh, W_hh, b_h = params.gate("h")  # column layout: (H, D), (H, H), (H,)
    assert W_xh.shape == (3, 2) and W_hh.shape == (3, 3) and b_h.shape == (3,)
    np.testing.assert_array_equal(W_xh, params.kernel[:, 6:].T)
    np.testing.assert_array_equal(W_hh, params.recurrent_kernel[:, 6:].T)
    after = gg.init_gru(2, 3, rng=1, update_bias=7.0)
    assert after.gate("z")[2].shape == (2, 3)  # the input row, then the recurrent row
    np.testing.assert_array_equal(after.gate("z")[2], [[7.0] * 3, [0.0] * 3])


@FORMULATIONS
@pytest.mark.parametrize(
    "other", [(4, 3), (2, 5), "formulation"], ids=["other D", "other H", "other reset_after"]
)
@pytest.mark.parametrize(
    "use", [gg.gru_jacobians, lambda p, tr: gg.gru_bptt(p, tr, np.ones((3, 3)))]
)
def test_trace_of_other_params_is_refused(reset_after, other, use):
    """A trace of the other formulation has the right shapes and would give wrong gradients."""
    params = gg.init_gru(2, 3, rng=0, reset_after=reset_after)
    if other == "formulation":
        other = gg.init_gru(2, 3, rng=0, reset_after=not reset_after)
        got = f"D = 2, H = 3, reset_after = {not reset_after}"
    else:
        other = gg.init_gru(*other, rng=0, reset_after=reset_after)
        got = f"D = {other.input_size}, H = {other.hidden_size}"
    trace = gg.gru_forward(other, np.ones((3, other.input_size)))
    with pytest.raises(
        ValueError, match=rf"trace: expected a trace made with these params .*{got}"
    ):
        use(params, trace)


def test_params_and_traces_do_not_follow_the_callers_arrays(rng):
    params = gg.init_gru(2, 3, rng=rng)
    kernel, bias = params.kernel.copy(), rng.normal(size=(2, 9))
    mine = gg.GRUParams(kernel, params.recurrent_kernel, bias)
    xs = rng.normal(size=(4, 2))
    trace = gg.gru_forward(mine, xs)
    before = gg.gru_jacobians(mine, trace)
    xs[:] = 0.0
    kernel[:] = 0.0
    bias[:] = 0.0
    np.testing.assert_array_equal(gg.gru_jacobians(mine, trace), before)
    np.testing.assert_array_equal(mine.kernel, params.kernel)
    for name in ("xs", "z", "r", "h_tilde", "h"):
        assert not getattr(trace, name).flags.writeable, name
    for arr in (mine.kernel, mine.recurrent_kernel, mine.bias, *mine.gate("z")):
        assert not arr.flags.writeable


def test_step_refuses_a_sequence_and_a_missing_state():
    params = gg.init_gru(2, 3, rng=0)
    with pytest.raises(ValueError, match=r"x_t: expected ndim = 1, got ndim = 2"):
        gg.gru_step(params, np.zeros((2, 2)), np.zeros(3))
    with pytest.raises(TypeError, match="h_prev: expected an array of real numbers, got NoneType"):
        gg.gru_step(params, np.zeros(2), None)
    with pytest.raises(ValueError, match=r"h_prev: expected shape \(3,\), got \(2,\)"):
        gg.gru_step(params, np.zeros(2), np.zeros(2))


K, R = np.zeros((2, 9)), np.zeros((3, 9))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda p: gg.GRUParams(K, R, np.zeros(9)),  # Cho et al.'s bias, Keras' default
            ValueError,
            r"bias: expected shape \(2, 9\) \(H = 3 from recurrent_kernel, "
            r"reset_after=True\), got \(9,\)",
        ),
        (
            lambda p: gg.GRUParams(K, R, np.zeros((2, 9)), reset_after=False),
            ValueError,
            r"bias: expected shape \(9,\) \(H = 3 from recurrent_kernel, "
            r"reset_after=False\), got \(2, 9\)",
        ),
        (
            lambda p: gg.GRUParams(K, R, np.zeros((2, 12))),
            ValueError,
            r"bias: expected shape \(2, 9\) .*, got \(2, 12\)",
        ),
        (
            lambda p: gg.GRUParams(K, R, np.zeros((3, 9))),
            ValueError,
            r"bias: expected shape \(2, 9\) .*, got \(3, 9\)",
        ),
        (
            lambda p: gg.GRUParams(K, R, np.zeros(12), reset_after=False),
            ValueError,
            r"bias: expected shape \(9,\) .*, got \(12,\)",
        ),
        (
            lambda p: gg.GRUParams(K, R, np.zeros((2, 9)), reset_after=1),
            TypeError,
            "reset_after: expected True or False, got int",
        ),
        (
            lambda p: gg.GRUParams(K, R, np.zeros((2, 9)), reset_after="False"),
            TypeError,
            "reset_after: expected True or False, got str",
        ),
        (
            lambda p: gg.GRUParams(K, R, np.zeros((2, 9)), reset_after=None),
            TypeError,
            "reset_after: expected True or False, got NoneType",
        ),
        (
            lambda p: gg.GRUParams(np.zeros((2, 0)), np.zeros((0, 0)), np.zeros((2, 0))),
            ValueError,
            r"recurrent_kernel: expected H >= 1 on axis 0, got shape \(0, 0\)",
        ),
        (
            lambda p: gg.GRUParams(np.zeros((0, 9)), R, np.zeros((2, 9))),
            ValueError,
            r"kernel: expected D >= 1 on axis 0, got shape \(0, 9\)",
        ),
        (
            lambda p: gg.GRUParams(K, np.zeros((3, 12)), np.zeros((2, 9))),
            ValueError,
            r"recurrent_kernel: expected shape \(H, 3H\), got \(3, 12\)",
        ),
        (
            lambda p: gg.GRUParams(np.zeros((2, 12)), R, np.zeros((2, 9))),
            ValueError,
            r"kernel: expected shape \('any', 9\), got \(2, 12\)",
        ),
        (
            lambda p: gg.GRUParams(K, R, np.full((2, 9), np.nan)),
            ValueError,
            "bias: expected finite values, got 18 NaN",
        ),
        (
            lambda p: gg.GRUTrace(*(np.zeros((n, 3)) for n in (2, 2, 2, 2, 3)), reset_after=None),
            TypeError,
            "reset_after: expected True or False, got NoneType",
        ),
        (
            lambda p: gg.GRUTrace(*(np.zeros((n, 3)) for n in (2, 2, 2, 3, 3))),
            ValueError,
            r"h_tilde: expected shape \(2, 3\), got \(3, 3\)",
        ),
        (
            lambda p: gg.init_gru(2, 3, rng=0, reset_after=0),
            TypeError,
            "reset_after: expected True or False, got int",
        ),
        (
            lambda p: gg.init_gru(2, 3, rng=0, update_bias=float("nan")),
            ValueError,
            "update_bias: expected a finite number",
        ),
        (
            lambda p: gg.init_gru(2, 3, rng=0, init="glorot"),
            ValueError,
            r"init: expected one of \['keras', 'gaussian'\], got 'glorot'",
        ),
        (
            lambda p: gg.init_gru(0, 3, rng=0),
            ValueError,
            "input_size: expected a value >= 1, got 0",
        ),
        (lambda p: gg.gru_jacobians(p, None), TypeError, "trace: expected GRUTrace, got NoneType"),
        (
            lambda p: gg.gru_bptt(
                p, gg.lstm_forward(gg.init_lstm(2, 3, rng=0), np.zeros((1, 2))), np.ones((1, 3))
            ),
            TypeError,
            "trace: expected GRUTrace, got LSTMTrace",
        ),
        (
            lambda p: gg.gru_forward(gg.init_lstm(2, 3, rng=0), np.zeros((1, 2))),
            TypeError,
            "params: expected GRUParams, got LSTMParams",
        ),
        (
            lambda p: gg.gru_forward(p, np.zeros((3, 4))),
            ValueError,
            r"xs: expected shape \('any', 2\), got \(3, 4\)",
        ),
        (lambda p: gg.gru_forward(p, np.zeros((0, 2))), ValueError, "xs: expected at least one"),
        (
            lambda p: gg.gru_forward(p, np.zeros((3, 2)), h0=np.zeros(2)),
            ValueError,
            r"h0: expected shape \(3,\), got \(2,\)",
        ),
        (
            lambda p: gg.gru_bptt(p, gg.gru_forward(p, np.zeros((2, 2))), np.zeros((2, 4))),
            ValueError,
            r"dL_dh: expected shape \(2, 3\), got \(2, 4\)",
        ),
        (
            lambda p: p.gate("n"),
            ValueError,
            r"name: expected one of \['z', 'r', 'h'\], got 'n'",
        ),
    ],
)
def test_bad_inputs_are_named(call, error, message):
    params = gg.init_gru(2, 3, rng=0)
    with pytest.raises(error, match=message):
        call(params)
