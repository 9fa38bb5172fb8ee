"""The explorers' and the plotting helpers' public functions against random bad input, by the
property of test_api_properties.py: refused with a ValueError or TypeError that names the
argument, what was expected and what came, or a sound result; no input mutated."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import gatesgrad.explorers as ex  # noqa: E402
from gatesgrad import charmodel, plotting  # noqa: E402
from gatesgrad.checkpoints import probe  # noqa: E402
from gatesgrad.explorers import char_text  # noqa: E402
from gatesgrad.tasks import adding_problem  # noqa: E402
from gatesgrad.text import FEATURES  # noqa: E402
from tests.test_api_properties import (  # noqa: E402
    KINDS,
    Case,
    no_nan,
    refused_by_name_or_sound,
    sampled,
)

FIGURE, AXES = plt.subplots()
SMALL_GRID = {"radii": [0.5, 1.5], "lengths": [3, 5], "hidden_size": 4}  # fast, never corrupted
GOOD_DATA = ex.gradient_decay_explorer(**SMALL_GRID).data
GOOD_SELECTION = {"activation": 0, "radius": 1, "length": 0}
LAG = {"lengths": [10, 20], "lstm_mse": np.full((2, 3), 0.1), "rnn_mse": np.full((2, 3), 0.2)}
# Chapter 12's explorers on short texts (each reads every saved model: keep them small).
CHARS = "\n !$&()*,-.0123456789:;?ABCDEFGHIJKLMNOPQRSTUVWXYZ[]abcdefghijklmnopqrstuvwxyz—‘’“”"
UNITS = 128
R = {e: {f: np.linspace(-1, 1, UNITS) for f in FEATURES} for e in charmodel.CHECKPOINT_EPOCHS}
EPOCH_LABELS = {0: "untrained", 1: "1 epoch"}
BITS = {kind: [2.0] * (charmodel.CHECKPOINT_EPOCHS[-1] + 1) for kind in charmodel.KINDS}
# The training explorer: two checkpoints of a tiny SimpleRNN regressor on 3 sequences.
PROBE_X, PROBE_Y = adding_problem(3, 6, rng=0)
PROBE = probe(
    "rnn",
    [np.full((2, 3), 0.1), np.eye(3), np.zeros(3), np.ones((3, 1)), np.zeros(1)],
    PROBE_X,
    PROBE_Y,
)
RUNS = {"run a": [PROBE, PROBE], "run b": [PROBE, PROBE]}
# An exercise's check: an answer, a slip, and a choice with feedback for one wrong option.
ANSWER, SLIPS = 0.9**50, [(0.9**49, "Off by one.")]
CHOICES, FEEDBACK = ["tanh", "ReLU"], {"ReLU": "It does not saturate above 0."}
RUN_MSE = {"run a": [0.2, 0.1], "run b": [0.3, 0.2]}


def broken_data() -> list[dict]:
    """Explorer data a view could not draw (see base.check_data)."""
    arrays = GOOD_DATA["arrays"]
    return [
        {},
        {**GOOD_DATA, "controls": "radius"},
        {**GOOD_DATA, "controls": [*GOOD_DATA["controls"], GOOD_DATA["controls"][0]]},
        {**GOOD_DATA, "arrays": {**arrays, "x": {**arrays["norm2"], "dims": ["nowhere"]}}},
        {**GOOD_DATA, "explain": "{nothing}"},
        {**GOOD_DATA, "explain": "{measured[500]}"},
        {**GOOD_DATA, "explain": "{radius:pow10}"},
        {**GOOD_DATA, "explain": "{norm2:phrase}"},
        {**GOOD_DATA, "arrays": {**arrays, "radius": arrays["norm2"]}},
        {**GOOD_DATA, "arrays": {**arrays, "x": ex.grid_array(np.arange(5.0), ["radius"])}},
        {  # (2, 3) over (activation: 3, radius: 2): the right size, the axes swapped
            **GOOD_DATA,
            "arrays": {
                **arrays,
                "x": ex.grid_array(np.arange(6.0).reshape(2, 3), ["activation", "radius"]),
            },
        },
    ]


EXPLORER_KINDS = {
    **KINDS,
    "axes": lambda good: sampled([None, "ax", 3, FIGURE, [AXES]]),
    "data": lambda good: sampled([None, "data", [], *broken_data()]),
    "selection": lambda good: sampled(
        [
            None,
            {},
            {"activation": 0, "radius": 1},
            {**GOOD_SELECTION, "radius": 2},
            {**GOOD_SELECTION, "radius": -1},
            {**GOOD_SELECTION, "radius": 0.5},
            {**GOOD_SELECTION, "radius": True},
            {**GOOD_SELECTION, "other": 0},
        ]
    ),
    "encoded": lambda good: sampled(
        [None, {}, {"shape": [2]}, {"shape": [3], "float32": good["float32"]}, {"float32": 1}]
    ),
    "dims": lambda good: sampled([None, "radius", [1], ["a", "b", "c"]]),
    "units": lambda good: sampled([None, [], [-1], [UNITS], [0.5], "0", [True], np.array([[0]])]),
    "targets": lambda good: sampled([None, [], [3], [40], [10.5], "12", [True], 12]),
    "correlations": lambda good: sampled(
        [
            None,
            [],
            {},
            {e: R[e] for e in charmodel.CHECKPOINT_EPOCHS[1:]},
            {**R, 0: None},
            {**R, 0: {f: R[0][f] for f in FEATURES[1:]}},
            {**R, 5: {**R[5], FEATURES[0]: np.ones(UNITS + 1)}},
            {**R, 5: {**R[5], FEATURES[0]: "r"}},
        ]
    ),
    "valid_bits": lambda good: sampled(
        [
            None,
            {},
            [2.0] * 21,
            {**BITS, "gru": [2.0] * 5},
            {**BITS, "lstm": None},
            {**BITS, "rnn": ["x"] * 21},
            {**BITS, "rnn": [np.nan] * 21},
        ]
    ),
    "temperatures": lambda good: sampled([None, [], [0.0], [-1.0], ["a"], 5, "0.5", [np.nan]]),
    "runs": lambda good: sampled(
        [None, {}, [PROBE], {"a": []}, {"a": [PROBE], "b": [PROBE, PROBE]}, {"a": ["p"]}]
    ),
    "slips": lambda good: sampled(
        [
            None,
            "slip",
            {1.0: "x"},
            [(1.0,)],
            [("a", "b")],
            [(ANSWER * 1.0005, "close")],
            [(2.0, "")],
            [(2.0, "x" * 401)],
            [(2.0, "a"), (2.0005, "b")],
            [(np.nan, "x")],
        ]
    ),
    "choices": lambda good: sampled(
        ["tanh", ["tanh"], ["tanh", "tanh"], [1, 2], ["tanh", ""], ["ReLU", "sigmoid"]]
    ),
    "feedback": lambda good: sampled(
        [None, [("ReLU", "x")], {"tanh": "x"}, {"sigmoid": "x"}, {"ReLU": ""}, {"ReLU": 3}]
    ),
    "widget": lambda good: sampled([None, "box", 3, ex.memory_explorer()]),
    "run_mse": lambda good: sampled(
        [None, {}, {"run a": [0.1, 0.1]}, {**RUN_MSE, "run b": [0.1]}, {**RUN_MSE, "run b": "x"}]
    ),
}


def answers(out, kw) -> bool:
    """A check whose answer is the one asked for."""
    expected = kw["answer"] if isinstance(kw["answer"], str) else float(kw["answer"])
    return ex.check_answer(out) == expected


def is_explorer(out, kw) -> bool:
    return isinstance(out, ex.Explorer) and bool(out.data["controls"])


def curves_of(length_key: str):
    return lambda out, kw: all(
        v.shape == (int(kw[length_key]) + 1,) and no_nan(v) for v in out.values()
    )


def closes(check):
    """`check`, then close the figures the call made (new_figure)."""

    def ok(out, kw) -> bool:
        good = check(out, kw)
        for fig in plt.get_fignums()[1:]:
            plt.close(fig)
        return good

    return ok


CASES = {
    "decay_curve": Case(
        ex.decay_curve,
        {
            "radius": ("float", 1.0),
            "activation": ("choice", "tanh"),
            "length": ("int", 5),
            "hidden_size": ("int", 4),
        },
        lambda out, kw: out.shape == (kw["length"] + 1,) and no_nan(out),
    ),
    "decay_grid": Case(
        ex.decay_grid,
        {
            "radii": ("array", np.array([0.5, 1.5])),
            "lengths": ("array", np.array([3, 5])),
            "hidden_size": ("int", 4),
        },
        lambda out, kw: out.log10_norms.shape[1:3] == (len(out.radii), len(out.lengths)),
        dtypes=("float64", "int64"),  # lengths are whole numbers
    ),
    "flow_curves": Case(
        ex.flow_curves,
        {"forget_bias": ("float", 1.0), "length": ("int", 4), "init": ("choice", "keras")},
        curves_of("length"),
    ),
    "gru_flow_curves": Case(
        ex.gru_flow_curves,
        {
            "update_bias": ("float", 0.0),
            "forget_bias": ("float", 1.0),
            "length": ("int", 4),
            "seed": ("int", 0),
        },
        curves_of("length"),
    ),
    "pulse_memory": Case(
        ex.pulse_memory,
        {
            "radius": ("float", 0.9),
            "activation": ("choice", "tanh"),
            "length": ("int", 6),
            "pulse_at": ("int", 2),
            "hidden_size": ("int", 4),
        },
        lambda out, kw: out.shape == (kw["length"] - kw["pulse_at"] + 1,) and no_nan(out),
    ),
    "gate_grid": Case(
        ex.gate_grid,
        {"gate": ("choice", "f")},
        lambda out, kw: all(v.shape == (7,) * 5 for v in out.values()),
    ),
    "gate_explorer": Case(ex.gate_explorer, {"gate": ("choice", "i")}, is_explorer),
    "gradient_decay_explorer": Case(
        ex.gradient_decay_explorer,
        {"radius": ("float", 1.0), "activation": ("choice", "tanh"), "length": ("int", 5)},
        is_explorer,
        options=SMALL_GRID,
    ),
    "gradient_flow_explorer": Case(
        ex.gradient_flow_explorer,
        {"forget_bias": ("float", 1.0), "length": ("int", 50), "init": ("choice", "keras")},
        is_explorer,
    ),
    "gru_flow_explorer": Case(
        ex.gru_flow_explorer,
        {"update_bias": ("float", 0.0), "forget_bias": ("float", 1.0), "length": ("int", 50)},
        is_explorer,
    ),
    "lag_explorer": Case(
        ex.lag_explorer,
        {
            "lengths": ("array", np.array(LAG["lengths"])),
            "lstm_mse": ("array", LAG["lstm_mse"]),
            "rnn_mse": ("array", LAG["rnn_mse"]),
            "baseline": ("float", 0.17),
        },
        is_explorer,
    ),
    "memory_explorer": Case(ex.memory_explorer, {"radius": ("float", 0.9)}, is_explorer),
    "training_explorer": Case(
        ex.training_explorer,
        {
            "runs": ("runs", RUNS),
            "test_mse": ("run_mse", RUN_MSE),
            "x": ("array", PROBE_X),
        },
        is_explorer,
        options={"title": "t"},
    ),
    "sequence_explorer": Case(ex.sequence_explorer, {"length": ("int", 30)}, is_explorer),
    "trainer_explorer": Case(
        ex.trainer_explorer,
        {
            "T": ("int", 25),
            "H": ("int", 8),
            "lr": ("float", 0.01),
            "seed": ("int", 1),
            "forget_bias": ("float", 1.0),
            "update_bias": ("float", 0.0),
            "batch": ("int", 16),
            "probe_every": ("int", 10),
        },
        is_explorer,
    ),
    "Explorer": Case(
        ex.Explorer,
        {
            "view": ("choice", "curves"),
            "data": ("data", GOOD_DATA),
            "selection": ("selection", GOOD_SELECTION),
        },
        is_explorer,
        options={"title": "fuzzed"},
    ),
    "check": Case(
        ex.check,
        {
            "key": ("choice", "ex_power"),
            "answer": ("float", ANSWER),
            "label": ("text", "0.9 to the 50th ="),
            "rel": ("float", 1e-3),
            "abs": ("float", 1e-12),
            "wrong": ("slips", SLIPS),
            "sig": ("int", 3),
        },
        answers,
    ),
    "check (choices)": Case(
        ex.check,
        {
            "answer": ("choice", "tanh"),
            "choices": ("choices", CHOICES),
            "wrong": ("feedback", FEEDBACK),
        },
        answers,
        options={"key": "ex_pick", "label": "Which saturates?"},
    ),
    "check_answer": Case(
        ex.check_answer,
        {"widget": ("widget", ex.check("ex_power", ANSWER, label="0.9 to the 50th ="))},
        lambda out, kw: out == ANSWER,
    ),
    "encode_array": Case(
        ex.encode_array,
        {"values": ("array", np.arange(3.0))},
        lambda out, kw: np.array_equal(
            ex.decode_array(out), np.asarray(kw["values"], dtype=np.float32), equal_nan=True
        ),
    ),
    "decode_array": Case(
        ex.decode_array,
        {"encoded": ("encoded", ex.encode_array(np.arange(3.0)))},
        lambda out, kw: out.shape == tuple(kw["encoded"]["shape"]),
        dtypes=("float32",),  # what the view sees
    ),
    "grid_array": Case(
        ex.grid_array,
        {
            "values": ("array", np.arange(6.0).reshape(2, 3)),
            "dims": ("dims", ["radius"]),
            "align": ("choice", "start"),
        },
        lambda out, kw: (
            set(out["dims"]) <= set(kw["dims"])
            and np.array_equal(
                ex.decode_array(out).ravel()[:1], np.asarray(kw["values"], np.float32).ravel()[:1]
            )
        ),
    ),
    "epoch_label": Case(
        char_text.epoch_label,
        {"epoch": ("int", 5)},
        lambda out, kw: out == EPOCH_LABELS.get(kw["epoch"], f"{kw['epoch']} epochs"),
    ),
    "colour_levels": Case(
        char_text.colour_levels,
        {
            "values": ("array", np.linspace(-2, 2, 5)),
            "signed": ("bool", True),
            "scale": ("float", 1.5),
        },
        lambda out, kw: (
            out.shape == np.shape(kw["values"])
            and np.all((out >= 0) & (out <= 255) & (out == np.round(out)))
        ),
    ),
    "unit_text_explorer": Case(
        ex.unit_text_explorer,
        {
            "kind": ("choice", "gru"),
            "chars": ("text", CHARS),
            "passage": ("text", "whale’s, sir."),
            "context": ("text", "“Aye, the "),
            "units": ("units", [0, 7]),
            "correlations": ("correlations", R),
        },
        is_explorer,
    ),
    "connectivity_explorer": Case(
        ex.connectivity_explorer,
        {
            "chars": ("text", CHARS),
            "text": ("text", "Call me Ishmael. Some years ago"),
            "targets": ("targets", [12, 20]),
            "reach": ("int", 6),
        },
        is_explorer,
    ),
    "samples_explorer": Case(
        ex.samples_explorer,
        {
            "chars": ("text", CHARS),
            "prime": ("text", "The whale"),
            "length": ("int", 3),
            "temperatures": ("temperatures", [1.0]),
            "seed": ("int", 0),
            "valid_bits": ("valid_bits", BITS),
        },
        is_explorer,
    ),
    "plot_log10_norms": Case(
        plotting.plot_log10_norms,
        {"ax": ("axes", AXES), "log10_norms": ("array", np.linspace(0, -3, 5))},
        lambda out, kw: out is None,
    ),
    "heatmap": Case(
        plotting.heatmap,
        {"ax": ("axes", AXES), "values": ("array", np.eye(3))},
        lambda out, kw: out is None,
    ),
    "new_figure": Case(
        plotting.new_figure,
        {"ncols": ("int", 2), "nrows": ("int", 1), "width": ("float", 6.0)},
        closes(lambda out, kw: len(out[1]) == kw["ncols"] * kw["nrows"]),
    ),
    "book_figure": Case(
        plotting.book_figure,
        {
            "draw": ("function", lambda axes, layout: axes[0].plot([0.0, 1.0])),
            "alt": ("text", "a straight line"),
            "panels": ("int", 1),
            "narrow_from": ("float", 360.0),
        },
        lambda out, kw: out._repr_html_().count("<svg") == 2,
    ),
    "draw_unrolled_rnn": Case(
        plotting.draw_unrolled_rnn,
        {"ax": ("axes", AXES), "steps": ("int", 3)},
        lambda out, kw: out is None,
    ),
    "draw_lstm_cell": Case(
        plotting.draw_lstm_cell,
        {"ax": ("axes", AXES), "highlight": ("choice", "f")},
        lambda out, kw: out is None,
    ),
}


def test_every_public_function_is_covered():
    public = {n for n in ex.__all__ if callable(getattr(ex, n))}
    public |= {
        name
        for name, value in vars(plotting).items()
        if callable(value)
        and name[0] != "_"
        and getattr(value, "__module__", "") == plotting.__name__
    }
    public |= {  # chapter 12's helpers too
        name
        for name, value in vars(char_text).items()
        if callable(value)
        and name[0] != "_"
        and getattr(value, "__module__", "") == char_text.__name__
    }
    no_arguments = {"use_book_style", "trainer_source"}  # trainer_source: test_trainer_js.py
    assert public - no_arguments <= set(CASES), public - set(CASES)


# The cases that compute the gate or flow grids run in the process of test_explorers_lstm.py
# and test_explorers_gru.py, which compute them too (conftest.py: GROUPS).
@pytest.mark.parametrize("name", sorted(CASES))
@settings(
    derandomize=True,
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)
@given(data=st.data())
def test_bad_input_is_refused_by_name_or_gives_a_sound_result(name, data):
    AXES.clear()
    refused_by_name_or_sound(CASES[name], data, EXPLORER_KINDS)
