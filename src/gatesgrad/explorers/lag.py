"""The lag explorer: test error over training for a SimpleRNN and an LSTM, one training
run per sequence length T on the slider (the runs themselves happen in chapter 10)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._checks import as_float, as_float_array, as_int_list
from ._grid import coincidences, y_span
from .base import Explorer, control, grid_array

SHORT_NAMES = {"lstm": "LSTM", "rnn": "SimpleRNN"}
Y_RANGE, Y_STEP = (-3, 0), 1  # the y axis plot.js draws at least


def lag_explorer(
    lengths: Sequence[int],
    lstm_mse: np.ndarray,
    rnn_mse: np.ndarray,
    *,
    baseline: float,
) -> Explorer:
    """`lstm_mse` and `rnn_mse` are (len(lengths), epochs + 1): test MSE before training
    and after each epoch, for each T. `baseline` is the MSE of always predicting 1."""
    Ts = as_int_list(lengths, "lengths", minimum=1)
    shape = (len(Ts), None)
    lstm = as_float_array(lstm_mse, "lstm_mse", shape=shape, nonempty=True)
    rnn = as_float_array(rnn_mse, "rnn_mse", shape=shape, nonempty=True)
    if lstm.shape != rnn.shape:
        raise ValueError(
            f"lstm_mse, rnn_mse: expected the same number of epochs, got shapes {lstm.shape} "
            f"and {rnn.shape}"
        )
    for name, errors in (("lstm_mse", lstm), ("rnn_mse", rnn)):
        if np.any(errors <= 0):
            raise ValueError(
                f"{name}: expected positive errors (they are drawn on a log axis), got a "
                f"smallest of {errors.min()}"
            )
    base = as_float(baseline, "baseline", minimum=0.0, strict_minimum=True)
    epochs = lstm.shape[1] - 1
    curves = {"lstm": np.log10(lstm), "rnn": np.log10(rnn)}  # in the order they are drawn
    span = y_span(list(curves.values()), Y_RANGE, Y_STEP)
    together, phrases = coincidences(
        curves,
        SHORT_NAMES,
        span,
        levels={"always predicting 1": float(np.log10(base))},
        unit="epoch",
    )
    data = {
        "controls": [control("length", "sequence length T", Ts)],
        "x_max": epochs,
        "series": [
            {"name": "lstm", "label": "LSTM(32) test MSE", "className": "gg-measured"},
            {"name": "rnn", "label": "SimpleRNN(32) test MSE", "className": "gg-rnn"},
        ],
        "arrays": {
            **{name: grid_array(values, ["length"]) for name, values in curves.items()},
            "together": grid_array(together, ["length"]),
        },
        "phrases": {"together": phrases},
        "hlines": [
            {
                "y": float(np.log10(base)),
                "label": f"always predicting 1 ({base:.3g})",
                "className": "gg-baseline",
            }
        ],
        "x_label": "epochs of training",
        "y_label": "test MSE (log scale)",
        "y_range": list(Y_RANGE),
        "y_step": Y_STEP,
        "description": "Test mean squared error on the adding problem over the epochs of "
        "training, for an LSTM and a SimpleRNN, at the sequence length on the slider, beside the "
        "error of always predicting 1.",
        "explain": [
            f"After the last epoch: LSTM {{lstm[{epochs}]:pow10}}, SimpleRNN "
            f"{{rnn[{epochs}]:pow10}}; always predicting 1 scores {base:.3g}.",
            "{together:phrase}",
        ],
    }
    return Explorer(
        "curves",
        title="Where the vanilla RNN breaks down: the adding problem",
        data=data,
        selection={"length": len(Ts) - 1},
    )
