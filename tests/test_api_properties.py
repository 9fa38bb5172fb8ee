"""Every public function of gatesgrad (numpy side) against random bad input.

One argument of a good call is replaced by a bad value (wrong ndim, shape, dtype or type,
NaN, inf, empty, huge, zero or negative sizes, another model's params or trace). The call
must either return a finite result of the documented shape, or raise ValueError/TypeError
whose message names the argument; no input is ever mutated. The Keras bridge is tested the
same way in test_keras.py.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gatesgrad as gg
from gatesgrad import charmodel, ngram, text
from gatesgrad.tasks import adding_problem, constant_prediction_mse, second_value_mse

ADDING_X, ADDING_Y = adding_problem(3, 6, rng=0)

D, H, T = 2, 3, 4
RNN = gg.init_rnn(D, H, rng=0)
LSTM = gg.init_lstm(D, H, rng=0)
GRU = gg.init_gru(D, H, rng=0)  # reset_after=True, Keras' default
XS = np.random.default_rng(1).normal(size=(T, D))
RNN_TRACE = gg.rnn_forward(RNN, XS)
LSTM_TRACE = gg.lstm_forward(LSTM, XS)
GRU_TRACE = gg.gru_forward(GRU, XS)
GRADS = [np.ones((2, 2)), np.arange(3.0)]
V = 5  # a character model's alphabet
CHAR = charmodel.CharModel(
    "lstm", gg.init_lstm(V, H, rng=0), np.random.default_rng(2).normal(size=(V, H)), np.zeros(V)
)
CODES = np.array([0, 3, 1, 4, 4, 2])
CHAR_STATE = charmodel.run_char_model(CHAR, CODES[:2]).state
CHAR_WEIGHTS = [np.ones((V, H)), np.eye(H), np.zeros(H), np.ones((H, V)), np.zeros(V)]  # rnn
NGRAM = gg.fit_kneser_ney(CODES, 2, V)
TRAINER = gg.TrainerConfig("gru", T=T, H=H, batch=2, seed=0)  # the in-page trainer's twin
TRAINER_WEIGHTS = gg.initial_weights(TRAINER)


# --- bad values, by kind of argument -------------------------------------------------------
# A strategy yields (value, named): `named` is False where the mismatch may rightly be
# reported on another argument (params of another size: the error names xs).


def named(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """Bad values that must be named in the error."""
    return strategy.map(lambda v: (v, True))


def sampled(values: list) -> st.SearchStrategy:
    return named(st.sampled_from(values))


NOT_ARRAYS = st.sampled_from([None, "text", b"bytes", {"a": 1}, [[1.0, 2.0], [3.0]], object()])


def bad_arrays(good: np.ndarray) -> st.SearchStrategy:
    def corrupt(how: str, where: int):
        arr = np.array(good, dtype=float)
        if how == "add_axis":
            return arr[None]
        if how == "drop_axis":
            return arr.reshape(-1)[0] if arr.ndim == 1 else arr.reshape(-1)
        if how in ("grow", "empty"):
            axis = where % arr.ndim
            if how == "empty":
                return np.take(arr, [], axis=axis)
            return np.concatenate([arr, np.take(arr, [0], axis=axis)], axis=axis)
        if how in ("nan", "inf", "-inf"):
            arr.reshape(-1)[where % arr.size] = float(how)
            return arr
        if how == "huge":
            return arr * 1e300 + 1e300
        dtypes = {"object": object, "str": str, "complex": complex, "int": int, "bool": bool}
        return arr.astype(dtypes.get(how, how))  # float16, float32: a real dtype, not float64

    hows = ["add_axis", "drop_axis", "grow", "empty", "nan", "inf", "-inf", "huge"]
    hows += ["object", "str", "complex", "int", "bool", "float16", "float32"]
    return named(
        st.one_of(st.builds(corrupt, st.sampled_from(hows), st.integers(0, 100)), NOT_ARRAYS)
    )


BAD_INTS = named(
    st.one_of(
        st.integers(-3, 0), st.floats(allow_nan=True), st.booleans(), st.text(max_size=2), st.none()
    )
)
BAD_FLOATS = sampled(
    [np.nan, np.inf, -np.inf, -1.0, 0.0, 1e308, -1e308, 1 + 2j, True, None, "0.5", [0.5]]
    + [np.array([1.0, 2.0])]
)
BAD_CHOICES = named(st.one_of(st.text(max_size=4), st.none(), st.integers(), st.just(["tanh"])))
BAD_RNGS = sampled([-1, -(2**40), "seed", 1.5, None, True, np.random.RandomState(0)])
BAD_BOOLS = sampled([None, 0, 1, 1.0, "True", "false", np.array([True]), [False]])


def bad_params(model: str) -> st.SearchStrategy:
    wrong_type = [None, "params", 3, {"W_xh": 1}, {"rnn": LSTM, "lstm": RNN, "gru": LSTM}[model]]
    if model == "rnn":
        other = [gg.init_rnn(D + 1, H, rng=0), gg.init_rnn(D, H + 1, rng=0)]
    elif model == "lstm":
        other = [gg.init_lstm(D + 1, H, rng=0), gg.init_lstm(D, H + 1, rng=0)]
    else:  # the other formulation too: its trace is refused, its step runs
        other = [gg.init_gru(D + 1, H, rng=0), gg.init_gru(D, H + 1, rng=0)]
        other.append(gg.init_gru(D, H, rng=0, reset_after=False))
    return st.one_of(sampled(wrong_type), st.sampled_from(other).map(lambda v: (v, False)))


def bad_traces(model: str) -> st.SearchStrategy:
    if model == "rnn":
        others = [
            gg.rnn_forward(gg.init_rnn(D + 1, H, rng=0), np.ones((T, D + 1))),
            gg.rnn_forward(gg.init_rnn(D, H, rng=0, activation="linear"), XS),
            gg.rnn_forward(gg.init_rnn(D, H + 2, rng=0), XS),
            LSTM_TRACE,
        ]
    elif model == "lstm":
        others = [
            gg.lstm_forward(gg.init_lstm(D + 1, H, rng=0), np.ones((T, D + 1))),
            gg.lstm_forward(gg.init_lstm(D, H + 2, rng=0), XS),
            RNN_TRACE,
        ]
    else:
        others = [
            gg.gru_forward(gg.init_gru(D + 1, H, rng=0), np.ones((T, D + 1))),
            gg.gru_forward(gg.init_gru(D, H + 2, rng=0), XS),
            gg.gru_forward(gg.init_gru(D, H, rng=0, reset_after=False), XS),  # same shapes
            LSTM_TRACE,
        ]
    return sampled([*others, None, "trace", 0, {}])


BAD_GRADS = sampled(
    [
        np.ones(3),
        [],
        (),
        None,
        "grads",
        [np.ones(2), "x"],
        [np.array([np.nan])],
        [np.array([np.inf, 1.0])],
        [np.ones((2, 2), dtype=object)],
        [np.ones(2, dtype=complex)],
        [np.ones(2) * 1e300, np.full(3, -1e300)],  # huge but finite: must still work
        [np.zeros((0, 3))],
        [[1.0, [2.0]]],
    ]
)
BAD_SLICES = sampled(
    [slice(2 * H, 4 * H), slice(1, 1), slice(5, 2), [0, 1], "h", slice(0.5, 2), slice(0, 2, 0), 3]
)
BAD_FUNCTIONS = sampled(
    [
        "f",
        None,
        np.sum(np.ones(2)),
        lambda v: v * 2.0,  # vector-valued
        lambda v: np.nan,
        lambda v: np.inf,
        lambda v: "0.5",
        lambda v: [1.0, 2.0],
        lambda v: 1 + 2j,
    ]
)


def _gates() -> dict:
    return {name: LSTM.gate(name) for name in gg.GATES}


BAD_GATES = sampled(
    [
        None,
        [LSTM.gate(n) for n in gg.GATES],
        {"i": LSTM.gate("i")},
        {1: LSTM.gate("i"), "f": LSTM.gate("f")},
        {**_gates(), "c": LSTM.gate("g")},
        {**_gates(), "o": None},
        {**_gates(), "o": LSTM.gate("o")[:2]},
        {**_gates(), "f": (np.ones((H, D + 1)), np.eye(H), np.zeros(H))},
        {**_gates(), "g": (np.ones((H, D)), np.eye(H + 1), np.zeros(H))},
        {**_gates(), "i": (np.ones((H, D)), np.eye(H), np.full(H, np.nan))},
        {n: (np.ones((0, D)), np.ones((0, 0)), np.ones(0)) for n in gg.GATES},
    ]
)

# Text: a foreign character may rightly be reported on another argument (the alphabet's text,
# a split with an empty part).
BAD_TEXTS = st.one_of(
    sampled([None, "", 3, b"text", ["a", "b"], np.array(["ab"]), ("a",)]),
    st.sampled_from(["☃", "a"]).map(lambda v: (v, False)),
)
# An alphabet: any bad text, or one that holds a character twice (its codes would be ambiguous).
BAD_ALPHABETS = st.one_of(BAD_TEXTS, sampled([" aehlw a", "aa", "  aehlw"]))
BAD_CHAR_MODELS = st.one_of(
    sampled([None, "model", CHAR.cell, {"kind": "lstm"}, RNN]),
    st.just(  # another alphabet: the codes are out of range
        (charmodel.CharModel("rnn", gg.init_rnn(2, H, rng=0), np.ones((2, H)), np.zeros(2)), False)
    ),
)
BAD_STATES = st.one_of(
    sampled(
        [
            3,
            "hc",
            (np.zeros(H),),  # an LSTM's state is (h, c)
            (np.zeros(H), np.zeros(H), 0.5),
            (np.zeros(H + 1), np.zeros(H + 1)),
            (np.zeros(H), np.full(H, np.nan)),
            (np.zeros(H), np.full(H, np.inf)),
            (np.zeros(H), "c"),
            [np.zeros((1, H)), np.zeros((1, H))],
        ]
    ),
    st.just((None, True)),  # None: a zero state, fine
)
BAD_WEIGHTS = sampled(
    [
        None,
        "weights",
        np.ones((5, 3)),
        CHAR_WEIGHTS[:4],
        [*CHAR_WEIGHTS, np.ones(2)],
        [CHAR_WEIGHTS[1], CHAR_WEIGHTS[0], *CHAR_WEIGHTS[2:]],  # kernel and recurrent swapped
        [CHAR_WEIGHTS[0].T, *CHAR_WEIGHTS[1:]],
        [*CHAR_WEIGHTS[:4], np.zeros(V + 1)],
        [*CHAR_WEIGHTS[:3], np.full((H, V), np.nan), CHAR_WEIGHTS[4]],
        ["w", *CHAR_WEIGHTS[1:]],
        [[[1.0], [2.0, 3.0]], *CHAR_WEIGHTS[1:]],
        [*CHAR_WEIGHTS[:2], np.zeros((2, H)), *CHAR_WEIGHTS[3:]],  # a GRU's bias
    ]
)
BAD_NGRAMS = st.one_of(
    sampled([None, "model", CHAR, {"order": 2}, NGRAM.levels[0]]),
    st.just((gg.fit_kneser_ney(np.array([0, 1, 1]), 2, 2), False)),  # another alphabet: codes
)
BAD_FEATURES = sampled(
    [
        None,
        "features",
        [np.ones(T)],
        np.ones(T),
        {"a": np.ones(T + 1)},
        {"a": "x"},
        {"a": None},
        {"a": np.full(T, np.nan)},
        {"a": np.ones((T, 1))},
        {"a": np.arange(T, dtype=complex)},
    ]
)

# A SimpleRNN regressor's checkpoint as Keras' get_weights() gives it (D = 2, H = 3).
CHECKPOINT = [np.full((D, H), 0.1), np.eye(H), np.zeros(H), np.ones((H, 1)), np.zeros(1)]
BAD_CHECKPOINTS = sampled(
    [
        None,
        "checkpoint",
        np.ones((5, 3)),
        CHECKPOINT[:4],
        [*CHECKPOINT, np.ones(1)],
        [CHECKPOINT[1], CHECKPOINT[0], *CHECKPOINT[2:]],  # kernel and recurrent kernel swapped
        [*CHECKPOINT[:3], np.ones((H + 1, 1)), CHECKPOINT[4]],
        [*CHECKPOINT[:3], np.full((H, 1), np.nan), CHECKPOINT[4]],
        [*CHECKPOINT[:4], np.zeros(2)],
        ["w", *CHECKPOINT[1:]],
    ]
)
ADDING_X, ADDING_Y = adding_problem(2, 5, rng=0)

BAD_TRAINER_CONFIGS = st.one_of(
    sampled([None, "config", {"arch": "gru", "T": T, "H": H}, GRU]),
    st.just((gg.TrainerConfig("gru", T=T, H=H + 1), False)),  # the weights are refused
)
BAD_TRAINER_WEIGHTS = sampled(
    [
        "weights",
        [TRAINER_WEIGHTS[name] for name in gg.trainer.PARAMS],
        {"kernel": TRAINER_WEIGHTS["kernel"]},
        TRAINER_WEIGHTS | {"extra": np.ones(1)},
        TRAINER_WEIGHTS | {"kernel": TRAINER_WEIGHTS["kernel"].T},
        TRAINER_WEIGHTS | {"bias": TRAINER_WEIGHTS["bias"][0]},  # an LSTM's or SimpleRNN's
        TRAINER_WEIGHTS | {"recurrent_kernel": np.full((H, 3 * H), np.nan)},
        TRAINER_WEIGHTS | {"dense_kernel": np.ones(0)},
        TRAINER_WEIGHTS | {"dense_bias": "0"},
    ]
)
BAD_GATE_BIASES = sampled([0.5, -1, "keras", "chrono", True, np.nan, [1.0], None])  # GRU's
BAD_STREAMS = sampled([None, 3, "stream", np.random.default_rng(0)])


KINDS: dict[str, Callable[[object], st.SearchStrategy]] = {
    "array": bad_arrays,
    "int": lambda good: BAD_INTS,
    "float": lambda good: BAD_FLOATS,
    "choice": lambda good: BAD_CHOICES,
    "rng": lambda good: BAD_RNGS,
    "bool": lambda good: BAD_BOOLS,
    "rnn_params": lambda good: bad_params("rnn"),
    "lstm_params": lambda good: bad_params("lstm"),
    "gru_params": lambda good: bad_params("gru"),
    "rnn_trace": lambda good: bad_traces("rnn"),
    "lstm_trace": lambda good: bad_traces("lstm"),
    "gru_trace": lambda good: bad_traces("gru"),
    "grads": lambda good: BAD_GRADS,
    "slice": lambda good: BAD_SLICES,
    "function": lambda good: BAD_FUNCTIONS,
    "gates": lambda good: BAD_GATES,
    "text": lambda good: BAD_TEXTS,
    "alphabet": lambda good: BAD_ALPHABETS,
    "char_model": lambda good: BAD_CHAR_MODELS,
    "state": lambda good: BAD_STATES,
    "weights": lambda good: BAD_WEIGHTS,
    "features": lambda good: BAD_FEATURES,
    "checkpoint": lambda good: BAD_CHECKPOINTS,
    "trainer_config": lambda good: BAD_TRAINER_CONFIGS,
    "trainer_weights": lambda good: BAD_TRAINER_WEIGHTS,
    "gate_bias": lambda good: BAD_GATE_BIASES,
    "stream": lambda good: BAD_STREAMS,
    "ngram": lambda good: BAD_NGRAMS,
}


# --- what a good result looks like ---------------------------------------------------------


def finite(*arrays) -> bool:
    return all(np.all(np.isfinite(np.asarray(a, dtype=float))) for a in arrays)


def no_nan(*arrays) -> bool:
    return not any(np.any(np.isnan(np.asarray(a, dtype=float))) for a in arrays)


def rnn_sizes(params) -> tuple[int, int]:
    return params.input_size, params.hidden_size


def check_trace(out, kw, cls) -> bool:
    T_, H_ = len(kw["xs"]), kw["params"].hidden_size
    arrays = [getattr(out, f.name) for f in dataclasses.fields(out) if f.name != "activation"]
    arrays = [a for a in arrays if isinstance(a, np.ndarray)]
    return isinstance(out, cls) and out.h.shape == (T_ + 1, H_) and finite(*arrays)


def check_params(out, D_, H_) -> bool:
    if isinstance(out, gg.RNNParams):
        return out.W_xh.shape == (H_, D_) and finite(out.W_xh, out.W_hh, out.b_h)
    blocks = 3 if isinstance(out, gg.GRUParams) else 4
    return out.kernel.shape == (D_, blocks * H_) and finite(
        out.kernel, out.recurrent_kernel, out.bias
    )


def check_grads(out, kw) -> bool:
    arrays = [getattr(out, f.name) for f in dataclasses.fields(out)]
    return out.h.shape == (len(kw["trace"].xs) + 1, kw["params"].hidden_size) and finite(*arrays)


def check_chain(out, kw) -> bool:
    J = np.asarray(kw["jacobians"])
    return out.shape == (len(J) + 1,) and no_nan(out) and np.all(out < np.inf)


def check_elementwise(out, kw) -> bool:
    a = np.asarray(kw["a"], dtype=float)
    return out.shape == a.shape and np.array_equal(np.isnan(out), np.isnan(a))


def is_number(out, *, allow_inf: bool = False) -> bool:
    return isinstance(out, float) and not np.isnan(out) and (allow_inf or np.isfinite(out))


def check_correlations(out, kw) -> bool:
    """Pearson's r by np.corrcoef of the inputs scaled to |v| <= 1 (r does not change):
    NaN exactly for a constant unit or feature."""
    values = np.asarray(kw["values"], dtype=float)
    values = values / np.maximum(np.abs(values).max(axis=0), 1e-300)
    if list(out) != list(kw["features"]):
        return False
    for name, feature in kw["features"].items():
        f = np.asarray(feature, dtype=float)
        f = f / max(np.abs(f).max(), 1e-300)
        constant = np.ptp(values, axis=0) == 0
        with np.errstate(invalid="ignore", divide="ignore"):
            r = [np.corrcoef(v, f)[0, 1] for v in values.T]
        expected = np.where(constant | (np.ptp(f) == 0), np.nan, r)
        if not np.allclose(out[name], expected, rtol=1e-9, atol=1e-12, equal_nan=True):
            return False
    return True


def check_windows(out, kw) -> bool:
    """Rows of length + 1 consecutive codes (the good codes count up), as many as fit."""
    L, n = kw["length"], len(kw["codes"])
    offset = int(out[:, 0].min() - kw["codes"][0])
    return (
        out.shape[1] == L + 1
        and np.all(np.diff(out, axis=1) == 1)
        and 0 <= offset < L
        and offset + L * len(out) <= n - 1 < offset + L * (len(out) + 1)
    )


# --- the public functions -----------------------------------------------------------------


@dataclass
class Case:
    fn: Callable
    args: dict[str, tuple[str, object]]  # name: (kind, good value)
    ok: Callable[[object, dict], bool]
    options: dict = field(default_factory=dict)  # passed as they are, never corrupted
    dtypes: tuple[str, ...] = ("float64",)  # the documented dtypes of the result's arrays


def act(fn):
    return Case(fn, {"a": ("array", np.linspace(-3, 3, 5))}, check_elementwise)


CASES = {
    "rnn_step": Case(
        gg.rnn_step,
        {"params": ("rnn_params", RNN), "x_t": ("array", XS[0]), "h_prev": ("array", np.zeros(H))},
        lambda out, kw: out.shape == (kw["params"].hidden_size,) and finite(out),
    ),
    "rnn_forward": Case(
        gg.rnn_forward,
        {"params": ("rnn_params", RNN), "xs": ("array", XS), "h0": ("array", np.zeros(H))},
        lambda out, kw: check_trace(out, kw, gg.RNNTrace),
    ),
    "rnn_jacobians": Case(
        gg.rnn_jacobians,
        {"params": ("rnn_params", RNN), "trace": ("rnn_trace", RNN_TRACE)},
        lambda out, kw: out.shape == (T, H, H) and finite(out),
    ),
    "rnn_bptt": Case(
        gg.rnn_bptt,
        {
            "params": ("rnn_params", RNN),
            "trace": ("rnn_trace", RNN_TRACE),
            "dL_dh": ("array", np.ones((T, H))),
        },
        check_grads,
    ),
    "init_rnn": Case(
        gg.init_rnn,
        {
            "input_size": ("int", D),
            "hidden_size": ("int", H),
            "rng": ("rng", 0),
            "activation": ("choice", "tanh"),
            "init": ("choice", "keras"),
            "spectral_radius": ("float", 0.9),
        },
        lambda out, kw: check_params(out, kw["input_size"], kw["hidden_size"]),
    ),
    "RNNParams": Case(
        gg.RNNParams,
        {
            "W_xh": ("array", RNN.W_xh),
            "W_hh": ("array", RNN.W_hh),
            "b_h": ("array", RNN.b_h),
            "activation": ("choice", "tanh"),
        },
        lambda out, kw: check_params(out, *np.shape(kw["W_xh"])[::-1]),
    ),
    "lstm_step": Case(
        gg.lstm_step,
        {
            "params": ("lstm_params", LSTM),
            "x_t": ("array", XS[0]),
            "h_prev": ("array", np.zeros(H)),
            "c_prev": ("array", np.ones(H)),
        },
        lambda out, kw: all(a.shape == (kw["params"].hidden_size,) for a in out) and finite(*out),
    ),
    "lstm_forward": Case(
        gg.lstm_forward,
        {
            "params": ("lstm_params", LSTM),
            "xs": ("array", XS),
            "h0": ("array", np.zeros(H)),
            "c0": ("array", np.ones(H)),
            "forget_gate": ("float", 0.5),
        },
        lambda out, kw: check_trace(out, kw, gg.LSTMTrace),
    ),
    "lstm_jacobians": Case(
        gg.lstm_jacobians,
        {"params": ("lstm_params", LSTM), "trace": ("lstm_trace", LSTM_TRACE)},
        lambda out, kw: out.shape == (T, 2 * H, 2 * H) and finite(out),
    ),
    "lstm_bptt": Case(
        gg.lstm_bptt,
        {
            "params": ("lstm_params", LSTM),
            "trace": ("lstm_trace", LSTM_TRACE),
            "dL_dh": ("array", np.ones((T, H))),
            "dL_dc": ("array", np.ones((T, H))),
        },
        check_grads,
    ),
    "init_lstm": Case(
        gg.init_lstm,
        {
            "input_size": ("int", D),
            "hidden_size": ("int", H),
            "rng": ("rng", 0),
            "forget_bias": ("float", 1.0),
            "init": ("choice", "gaussian"),
        },
        lambda out, kw: check_params(out, kw["input_size"], kw["hidden_size"]),
    ),
    "LSTMParams": Case(
        gg.LSTMParams,
        {
            "kernel": ("array", LSTM.kernel),
            "recurrent_kernel": ("array", LSTM.recurrent_kernel),
            "bias": ("array", LSTM.bias),
        },
        lambda out, kw: check_params(out, *np.shape(kw["kernel"])[:1], H),
    ),
    "LSTMParams.from_gates": Case(
        gg.LSTMParams.from_gates,
        {"gates": ("gates", _gates())},
        lambda out, kw: check_params(out, D, H),
    ),
    "LSTMParams.gate": Case(
        LSTM.gate,
        {"name": ("choice", "f")},
        lambda out, kw: [a.shape for a in out] == [(H, D), (H, H), (H,)],
    ),
    "gru_step": Case(
        gg.gru_step,
        {"params": ("gru_params", GRU), "x_t": ("array", XS[0]), "h_prev": ("array", np.zeros(H))},
        lambda out, kw: out.shape == (kw["params"].hidden_size,) and finite(out),
    ),
    "gru_forward": Case(
        gg.gru_forward,
        {"params": ("gru_params", GRU), "xs": ("array", XS), "h0": ("array", np.zeros(H))},
        lambda out, kw: check_trace(out, kw, gg.GRUTrace),
    ),
    "gru_jacobians": Case(
        gg.gru_jacobians,
        {"params": ("gru_params", GRU), "trace": ("gru_trace", GRU_TRACE)},
        lambda out, kw: out.shape == (T, H, H) and finite(out),
    ),
    "gru_bptt": Case(
        gg.gru_bptt,
        {
            "params": ("gru_params", GRU),
            "trace": ("gru_trace", GRU_TRACE),
            "dL_dh": ("array", np.ones((T, H))),
        },
        check_grads,
    ),
    "init_gru": Case(
        gg.init_gru,
        {
            "input_size": ("int", D),
            "hidden_size": ("int", H),
            "rng": ("rng", 0),
            "update_bias": ("float", -1.0),
            "reset_after": ("bool", False),
            "init": ("choice", "keras"),
        },
        lambda out, kw: check_params(out, kw["input_size"], kw["hidden_size"]),
    ),
    "GRUParams": Case(
        gg.GRUParams,
        {
            "kernel": ("array", GRU.kernel),
            "recurrent_kernel": ("array", GRU.recurrent_kernel),
            "bias": ("array", GRU.bias),
            "reset_after": ("bool", True),
        },
        lambda out, kw: (
            check_params(out, *np.shape(kw["kernel"])[:1], H)
            and out.reset_after == kw["reset_after"]
            and out.bias.shape == np.shape(kw["bias"])
        ),
    ),
    "GRUParams.gate": Case(
        GRU.gate,
        {"name": ("choice", "h")},
        lambda out, kw: [a.shape for a in out] == [(H, D), (H, H), (2, H)],
    ),
    "RNNTrace": Case(
        gg.RNNTrace,
        {
            "xs": ("array", RNN_TRACE.xs),
            "a": ("array", RNN_TRACE.a),
            "h": ("array", RNN_TRACE.h),
            "activation": ("choice", "tanh"),
        },
        lambda out, kw: out.h.shape == (len(out.xs) + 1, out.a.shape[1]),
    ),
    "LSTMTrace": Case(
        gg.LSTMTrace,
        {
            **{
                name: ("array", getattr(LSTM_TRACE, name))
                for name in ("xs", "z", "i", "f", "g", "o", "c", "h")
            },
            "forget_gate": ("float", 0.5),
        },
        lambda out, kw: out.h.shape == (len(out.xs) + 1, out.i.shape[1]),
    ),
    "GRUTrace": Case(
        gg.GRUTrace,
        {
            **{
                name: ("array", getattr(GRU_TRACE, name))
                for name in ("xs", "z", "r", "h_tilde", "h")
            },
            "reset_after": ("bool", True),
        },
        lambda out, kw: (
            out.h.shape == (len(out.xs) + 1, out.z.shape[1]) and type(out.reset_after) is bool
        ),
    ),
    "log10_chain_norms": Case(
        gg.log10_chain_norms,
        {
            "jacobians": ("array", np.stack([np.eye(2 * H)] * T)),
            "rows": ("slice", slice(0, H)),
            "cols": ("slice", slice(H, None)),
        },
        check_chain,
    ),
    "log10_gate_products": Case(
        gg.log10_gate_products,
        {"gates": ("array", LSTM_TRACE.f)},
        lambda out, kw: (
            out.shape == (len(np.asarray(kw["gates"])) + 1,) and no_nan(out) and np.all(out <= 0)
        ),
    ),
    "chain_norms": Case(
        gg.chain_norms,
        {"jacobians": ("array", np.stack([np.eye(H) * 0.5] * T))},
        lambda out, kw: out.shape == (len(np.asarray(kw["jacobians"])) + 1,) and no_nan(out),
    ),
    "regressor_params": Case(
        gg.regressor_params,
        {"kind": ("choice", "rnn"), "checkpoint": ("checkpoint", CHECKPOINT)},
        lambda out, kw: isinstance(out[0], gg.RNNParams) and out[1].shape == (H,),
    ),
    "probe": Case(
        gg.probe,
        {
            "kind": ("choice", "rnn"),
            "checkpoint": ("checkpoint", CHECKPOINT),
            "x": ("array", ADDING_X),
            "y": ("array", ADDING_Y),
        },
        lambda out, kw: isinstance(out, gg.Probe) and np.isfinite(out.input_grads).all(),
    ),
    "chrono_bias": Case(
        gg.chrono_bias,
        {"rng": ("rng", 0), "hidden_size": ("int", H), "max_lag": ("int", 10)},
        lambda out, kw: out.shape == (4 * kw["hidden_size"],) and np.isfinite(out).all(),
    ),
    "spectral_radius": Case(
        gg.spectral_radius,
        {"W": ("array", RNN.W_hh)},
        lambda out, kw: is_number(out, allow_inf=True),
    ),
    "largest_singular_value": Case(
        gg.largest_singular_value,
        {"W": ("array", RNN.W_hh)},
        lambda out, kw: is_number(out, allow_inf=True),
    ),
    "step_bound": Case(
        gg.step_bound,
        {"W_hh": ("array", RNN.W_hh), "activation": ("choice", "tanh")},
        lambda out, kw: is_number(out, allow_inf=True),
    ),
    "log10_chain_bound": Case(
        gg.log10_chain_bound,
        {
            "W_hh": ("array", RNN.W_hh),
            "activation": ("choice", "logistic"),
            "lags": ("array", np.arange(5.0)),
        },
        lambda out, kw: out.shape == np.shape(kw["lags"]) and no_nan(out) and np.all(out < np.inf),
    ),
    "gradient_regime": Case(
        gg.gradient_regime,
        {"W_hh": ("array", RNN.W_hh), "activation": ("choice", "linear")},
        lambda out, kw: out in gg.GRADIENT_REGIMES,
    ),
    "global_norm": Case(
        gg.global_norm, {"grads": ("grads", GRADS)}, lambda out, kw: is_number(out)
    ),
    "clip_by_global_norm": Case(
        gg.clip_by_global_norm,
        {"grads": ("grads", GRADS), "threshold": ("float", 1.0)},
        lambda out, kw: (
            [o.shape for o in out] == [np.shape(g) for g in kw["grads"]]
            and finite(*[o for o in out if o.size])
        ),
    ),
    "clip_each_by_norm": Case(
        gg.clip_each_by_norm,
        {"grads": ("grads", GRADS), "threshold": ("float", 1.0)},
        lambda out, kw: (
            [o.shape for o in out] == [np.shape(g) for g in kw["grads"]]
            and finite(*[o for o in out if o.size])
        ),
    ),
    "finite_difference_gradient": Case(
        gg.finite_difference_gradient,
        {"f": ("function", lambda v: float(np.sum(np.abs(v)))), "x": ("array", np.ones(3))},
        lambda out, kw: out.shape == np.shape(kw["x"]) and finite(out),
    ),
    "relative_error": Case(
        gg.relative_error,
        {"a": ("array", np.ones(3)), "b": ("array", np.arange(3.0))},
        lambda out, kw: is_number(out) and out >= 0,
    ),
    "get_activation": Case(
        gg.get_activation,
        {"activation": ("choice", "tanh")},
        lambda out, kw: isinstance(out, gg.Activation),
    ),
    **{
        fn.__name__: act(fn)
        for fn in (
            gg.logistic,
            gg.logistic_prime,
            gg.tanh,
            gg.tanh_prime,
            gg.linear,
            gg.linear_prime,
        )
    },
    "Xoshiro128": Case(gg.Xoshiro128, {"seed": ("int", 3)}, lambda out, kw: 0 <= out.uniform() < 1),
    "adding_batch": Case(
        gg.adding_batch,
        {"stream": ("stream", gg.Xoshiro128(0)), "n": ("int", 3), "T": ("int", 4)},
        lambda out, kw: out[0].shape == (kw["n"], kw["T"], 2) and out[1].shape == (kw["n"],),
    ),
    "TrainerConfig": Case(
        gg.TrainerConfig,
        {
            "arch": ("choice", "gru"),
            "T": ("int", T),
            "H": ("int", H),
            "batch": ("int", 2),
            "lr": ("float", 0.01),
            "clip": ("float", 1.0),
            "seed": ("int", 0),
            "gate_bias": ("gate_bias", 1.0),
        },
        lambda out, kw: out == gg.TrainerConfig(**kw),
    ),
    "trainer_weights": Case(
        gg.trainer_weights,
        {"arch": ("choice", "lstm"), "H": ("int", H), "seed": ("int", 0)},
        lambda out, kw: out["recurrent_kernel"].shape == (kw["H"], 4 * kw["H"]),
    ),
    "with_gate_bias": Case(
        gg.with_gate_bias,
        {
            "weights": ("trainer_weights", TRAINER_WEIGHTS),
            "arch": ("choice", "gru"),
            "gate_bias": ("gate_bias", 1.0),
            "seed": ("int", 0),
            "T": ("int", T),
        },
        lambda out, kw: np.all(out["bias"][0, :H] == (kw["gate_bias"] or 0.0)),  # None: Keras' 0
    ),
    "initial_weights": Case(
        gg.initial_weights,
        {"config": ("trainer_config", TRAINER)},
        lambda out, kw: all(np.isfinite(v).all() for v in out.values()),
    ),
    "run_config": Case(
        gg.run_config,
        {"config": ("trainer_config", TRAINER), "weights": ("trainer_weights", TRAINER_WEIGHTS)},
        lambda out, kw: len(out["weights"]["bias"]) == 6 * kw["config"].H,
    ),
    "Trainer": Case(
        gg.Trainer,
        {"config": ("trainer_config", TRAINER), "weights": ("trainer_weights", TRAINER_WEIGHTS)},
        lambda out, kw: np.isfinite(out.step()) and out.probe().grad_norms.shape == (32, T),
    ),
    "adding_problem": Case(
        adding_problem,
        {"n": ("int", 3), "length": ("int", 4), "rng": ("rng", 0)},
        lambda out, kw: out[0].shape == (kw["n"], kw["length"], 2) and out[1].shape == (kw["n"],),
    ),
    "constant_prediction_mse": Case(
        constant_prediction_mse,
        {"y": ("array", np.arange(4.0)), "guess": ("float", 1.0)},
        lambda out, kw: is_number(out, allow_inf=True),
    ),
    "second_value_mse": Case(
        second_value_mse,
        {"x": ("array", ADDING_X), "y": ("array", ADDING_Y)},
        lambda out, kw: is_number(out, allow_inf=True),
    ),
    # --- gatesgrad.ngram: counted baselines
    "fit_kneser_ney": Case(
        gg.fit_kneser_ney,
        {
            "codes": ("array", CODES),
            "order": ("int", 2),
            "size": ("int", V),
            "discount": ("float", 0.5),
        },
        lambda out, kw: (
            isinstance(out, ngram.KneserNey)
            and (out.order, out.size) == (kw["order"], kw["size"])
            and all(0 < d <= 1 for d in out.discounts)
        ),
        dtypes=("float64", "int64"),
    ),
    "kneser_ney_probabilities": Case(
        gg.kneser_ney_probabilities,
        {"model": ("ngram", NGRAM), "context": ("array", CODES[:3])},
        lambda out, kw: out.shape == (V,) and np.all(out > 0) and abs(out.sum() - 1) < 1e-12,
    ),
    "kneser_ney_bits": Case(
        gg.kneser_ney_bits,
        {"model": ("ngram", NGRAM), "codes": ("array", CODES)},
        lambda out, kw: out.shape == (len(kw["codes"]) - 1,) and finite(out) and out.min() >= 0,
    ),
    # --- gatesgrad.text: the book read as codes
    "text.alphabet": Case(
        text.alphabet,
        {"text": ("text", "whale")},
        lambda out, kw: out == "".join(sorted(set(kw["text"]))),
    ),
    "text.encode": Case(
        text.encode,
        {"text": ("text", "a whale"), "chars": ("alphabet", " aehlw")},
        lambda out, kw: (
            "".join(kw["chars"][k] for k in out) == kw["text"]
            and len(set(kw["chars"])) == len(kw["chars"])  # one code for each character
        ),
        dtypes=("int64",),
    ),
    "text.one_hot": Case(
        text.one_hot,
        {"codes": ("array", CODES), "size": ("int", V)},
        lambda out, kw: (
            out.shape == (*np.shape(kw["codes"]), kw["size"])
            and np.array_equal(out.argmax(-1), kw["codes"])
            and np.all(out.sum(-1) == 1)
        ),
        dtypes=("float32",),
    ),
    "text.split_text": Case(
        text.split_text,
        {"text": ("text", "Call me Ishmael."), "valid_fraction": ("float", 0.25)},
        lambda out, kw: out[0] + out[1] == kw["text"] and all(out),
    ),
    "text.unigram_bits": Case(
        text.unigram_bits,
        {"train": ("text", "a whale, a whale"), "valid": ("text", "whale")},
        lambda out, kw: is_number(out) and out >= 0,
    ),
    "text.text_features": Case(
        text.text_features,
        {"text": ("text", "“Call me Ishmael.”\nA whale’s tale")},
        lambda out, kw: (
            list(out) == list(text.FEATURES)
            and all(v.shape == (len(kw["text"]),) and finite(v) for v in out.values())
        ),
    ),
    "text.windows": Case(
        text.windows,
        {"codes": ("array", np.arange(30)), "length": ("int", 4), "rng": ("rng", 0)},
        check_windows,
        dtypes=("int64",),
    ),
    # --- gatesgrad.charmodel: the character models in numpy
    "charmodel.CharModel": Case(
        charmodel.CharModel,
        {
            "kind": ("choice", "rnn"),
            "cell": ("rnn_params", RNN),
            "W_y": ("array", np.ones((D, H))),
            "b_y": ("array", np.zeros(D)),
        },
        lambda out, kw: out.alphabet_size == D and out.units == H and finite(out.W_y, out.b_y),
    ),
    "charmodel.char_model_from_weights": Case(
        charmodel.char_model_from_weights,
        {"kind": ("choice", "rnn"), "weights": ("weights", CHAR_WEIGHTS)},
        lambda out, kw: out.kind == "rnn" and (out.alphabet_size, out.units) == (V, H),
    ),
    "charmodel.checkpoint_file": Case(
        charmodel.checkpoint_file,
        {"kind": ("choice", "gru"), "epoch": ("int", 5)},
        lambda out, kw: out.name == f"{kw['kind']}-epoch{kw['epoch']:02d}.npz",
    ),
    "charmodel.load_char_model": Case(
        charmodel.load_char_model,
        {"kind": ("choice", "rnn"), "epoch": ("int", 0)},
        lambda out, kw: isinstance(out, charmodel.CharModel) and out.kind == "rnn",
    ),
    "charmodel.gru_parameter_count": Case(
        charmodel.gru_parameter_count,
        {"alphabet_size": ("int", V), "units": ("int", H)},
        lambda out, kw: out == 3 * (V * H + H * H + 2 * H) + H * V + V,
    ),
    "charmodel.matched_gru_units": Case(
        charmodel.matched_gru_units,
        {"alphabet_size": ("int", V), "lstm_units": ("int", H)},
        lambda out, kw: isinstance(out, int) and out >= kw["lstm_units"],
    ),
    "charmodel.run_char_model": Case(
        charmodel.run_char_model,
        {"model": ("char_model", CHAR), "codes": ("array", CODES), "state": ("state", CHAR_STATE)},
        lambda out, kw: out.logits.shape == (len(kw["codes"]), V) and finite(out.logits),
    ),
    "charmodel.surprisal_bits": Case(
        charmodel.surprisal_bits,
        {
            "logits": ("array", np.arange(12.0).reshape(4, 3) % 5),
            "targets": ("array", np.array([0, 2, 1, 1])),
        },
        lambda out, kw: out.shape == (len(kw["targets"]),) and finite(out) and out.min() >= 0,
    ),
    "charmodel.bits_per_char": Case(
        charmodel.bits_per_char,
        {"model": ("char_model", CHAR), "codes": ("array", CODES)},
        lambda out, kw: is_number(out) and out >= 0,
    ),
    "charmodel.sample_text": Case(
        charmodel.sample_text,
        {
            "model": ("char_model", CHAR),
            "prime": ("array", CODES[:3]),
            "length": ("int", 4),
            "temperature": ("float", 0.7),
            "rng": ("rng", 0),
        },
        lambda out, kw: out.shape == (kw["length"],) and out.min() >= 0 and out.max() < V,
        dtypes=("int64",),
    ),
    "charmodel.connectivity": Case(
        charmodel.connectivity,
        {"model": ("char_model", CHAR), "codes": ("array", CODES), "state": ("state", CHAR_STATE)},
        lambda out, kw: out.shape == (len(kw["codes"]) - 1,) and finite(out) and out.min() >= 0,
    ),
    "charmodel.unit_correlations": Case(
        charmodel.unit_correlations,
        {
            "values": ("array", np.random.default_rng(3).normal(size=(T, H))),
            "features": ("features", {"a": np.arange(T), "b": np.array([1.0, 0, 0, 1])}),
        },
        check_correlations,
    ),
}


def test_every_public_function_is_covered():
    public = {name for name in gg.__all__ if callable(getattr(gg, name))}
    data_types = {"Activation", "RNNGrads", "LSTMGrads", "GRUGrads", "Probe", "TrainerProbe"}
    assert public - data_types <= set(CASES), public - data_types - set(CASES)


def test_every_function_of_the_text_and_the_char_models_is_covered():
    """Their modules' own public functions (not exported at the top: chapter 12 imports them
    from the modules)."""
    public = set()
    for module in (text, charmodel):
        prefix = module.__name__.split(".")[-1]
        public |= {
            f"{prefix}.{name}"
            for name, value in vars(module).items()
            if callable(value) and name[0] != "_" and value.__module__ == module.__name__
        }
    # no arguments to corrupt (their contents: test_text.py, test_charmodel.py); a container
    without_arguments = {
        "text.moby_dick",
        "charmodel.training_log",
        "charmodel.CharRun",
        "charmodel.load_matched_gru",
    }
    covered = {name for name in CASES if name.startswith(("text.", "charmodel."))}
    assert public - without_arguments == covered, (public - without_arguments) ^ covered


# --- the property ---------------------------------------------------------------------------


def snapshot(value):
    """A deep copy of arrays, lists, dicts and dataclasses, to compare after the call."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list | tuple):
        return type(value)(snapshot(v) for v in value)
    if isinstance(value, dict):
        return {k: snapshot(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: snapshot(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def unchanged(before, after) -> bool:
    if isinstance(after, np.ndarray):
        numeric = after.dtype.kind in "fc"
        return after.shape == before.shape and np.array_equal(before, after, equal_nan=numeric)
    if isinstance(after, list | tuple):
        return len(before) == len(after) and all(map(unchanged, before, after))
    if isinstance(after, dict):
        return before.keys() == after.keys() and all(unchanged(before[k], after[k]) for k in after)
    if dataclasses.is_dataclass(after) and not isinstance(after, type):
        return unchanged(before, snapshot(after))
    return True


def refused_by_name_or_sound(case: Case, data: st.DataObject, kinds: dict = KINDS) -> None:
    """The property, for one random bad call of `case` (shared with test_keras.py)."""
    bad_arg = data.draw(st.sampled_from(sorted(case.args)), label="argument")
    kind, good = case.args[bad_arg]
    bad, named = data.draw(kinds[kind](good), label=bad_arg)
    kwargs = {arg: good_value for arg, (_, good_value) in case.args.items()}
    kwargs[bad_arg] = bad
    before = snapshot(kwargs)
    try:
        out = case.fn(**kwargs, **case.options)
    except (ValueError, TypeError) as error:
        said = set(re.findall(r"\w+", str(error)))
        expected = {bad_arg} if named else set(case.args)
        assert said & expected, (bad_arg, str(error))
        assert re.search(r"\bexpected\b.*\bgot\b", str(error), re.S), (
            f"{bad_arg}: the message should say what was expected and what came: {error}"
        )
    else:
        assert case.ok(out, kwargs), (bad_arg, out)
        dtypes = {a.dtype.name for a in arrays_in(out)}
        assert dtypes <= set(case.dtypes), f"{bad_arg}: result arrays of dtypes {dtypes}"
    assert unchanged(before, kwargs), f"{case.fn.__name__} mutated {bad_arg}"


def arrays_in(value) -> list[np.ndarray]:
    """Every numpy array a result holds (in tuples, lists, dicts and dataclasses)."""
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, list | tuple):
        return [a for v in value for a in arrays_in(v)]
    if isinstance(value, dict):
        return [a for v in value.values() for a in arrays_in(v)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [a for f in dataclasses.fields(value) for a in arrays_in(getattr(value, f.name))]
    return []


PROPERTY = settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)


@pytest.mark.parametrize("name", sorted(CASES))
@PROPERTY
@given(data=st.data())
def test_bad_input_is_refused_by_name_or_gives_a_sound_result(name, data):
    refused_by_name_or_sound(CASES[name], data)


# --- good input of any size and real dtype --------------------------------------------------

DTYPES = ["int64", "bool", "float16", "float32", "float64"]


@settings(derandomize=True, max_examples=40, deadline=None)
@given(
    D=st.integers(1, 4),
    H=st.integers(1, 4),
    T=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
    dtype=st.sampled_from(DTYPES),
)
def test_every_model_function_takes_any_size_and_real_dtype(D, H, T, seed, dtype):
    """Sizes from 1 (one input, one unit, one step) up, inputs of any real dtype: results
    of the documented shapes, float64 and finite, and the inputs left as they were."""
    rng = np.random.default_rng(seed)
    xs = (rng.normal(size=(T, D)) * 2).astype(dtype)
    h0 = (rng.normal(size=H) * 0.5).astype(dtype)
    kept = xs.copy(), h0.copy()
    rnn = gg.init_rnn(D, H, rng=seed)
    lstm = gg.init_lstm(D, H, rng=seed)
    rnn_trace, lstm_trace = gg.rnn_forward(rnn, xs, h0), gg.lstm_forward(lstm, xs, h0, h0)
    grus = {after: gg.init_gru(D, H, rng=seed, reset_after=after) for after in (True, False)}
    gru_traces = {after: gg.gru_forward(gru, xs, h0) for after, gru in grus.items()}
    results = {
        "rnn_step": (gg.rnn_step(rnn, xs[0], h0), (H,)),
        "rnn_forward": (rnn_trace.h, (T + 1, H)),
        "rnn_jacobians": (gg.rnn_jacobians(rnn, rnn_trace), (T, H, H)),
        "rnn_bptt": (gg.rnn_bptt(rnn, rnn_trace, np.ones((T, H), dtype=dtype)).W_hh, (H, H)),
        "lstm_step": (np.stack(gg.lstm_step(lstm, xs[0], h0, h0)), (2, H)),
        "lstm_forward": (lstm_trace.c, (T + 1, H)),
        "lstm_jacobians": (gg.lstm_jacobians(lstm, lstm_trace), (T, 2 * H, 2 * H)),
        "lstm_bptt": (gg.lstm_bptt(lstm, lstm_trace, np.ones((T, H))).kernel, (D, 4 * H)),
    }
    for after, gru in grus.items():
        trace, dL_dh = gru_traces[after], np.ones((T, H), dtype=dtype)
        results |= {
            f"gru_step, reset_after={after}": (gg.gru_step(gru, xs[0], h0), (H,)),
            f"gru_forward, reset_after={after}": (trace.h, (T + 1, H)),
            f"gru_jacobians, reset_after={after}": (gg.gru_jacobians(gru, trace), (T, H, H)),
            f"gru_bptt, reset_after={after}": (gg.gru_bptt(gru, trace, dL_dh).bias, gru.bias.shape),
        }
    for name, (out, shape) in results.items():
        assert out.shape == shape and out.dtype == np.float64, (name, out.shape, out.dtype)
        assert np.all(np.isfinite(out)), name
    assert np.array_equal(xs, kept[0]) and np.array_equal(h0, kept[1]), "an input was mutated"
    x, y = adding_problem(1, T + 1, rng=seed)  # a batch of one (two markers need T >= 2)
    assert x.shape == (1, T + 1, 2) and y.shape == (1,)
