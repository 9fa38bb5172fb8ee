"""The numpy cells from weight arrays in Keras' layout, without TensorFlow: what a saved Keras
model's `get_weights()` holds for its recurrent layer."""

from __future__ import annotations

import numpy as np

from .gru import GRUParams
from .lstm import LSTMParams
from .rnn import RNNParams


def cell_from_keras(
    kind: str,
    kernel: np.ndarray,
    recurrent_kernel: np.ndarray,
    bias: np.ndarray,
    *,
    reset_after: bool,
) -> RNNParams | LSTMParams | GRUParams:
    """A SimpleRNN (tanh; W_xh = kernelᵀ, W_hh = recurrent_kernelᵀ), an LSTM or a GRU (`kind`
    "rnn", "lstm" or "gru") from its Keras arrays; the parameter classes check the shapes."""
    if kind == "rnn":
        return RNNParams(kernel.T, recurrent_kernel.T, bias, "tanh")
    if kind == "lstm":
        return LSTMParams(kernel, recurrent_kernel, bias)
    return GRUParams(kernel, recurrent_kernel, bias, reset_after=reset_after)
