"""Gates & Gradients: the numerics, tasks and live figures behind the book.

Importing this package has no side effects (no seeding, no plotting style, no
TensorFlow): chapters call `use_book_style()` and seed their own generators.
"""

from .activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    linear,
    linear_prime,
    logistic,
    logistic_prime,
    tanh,
    tanh_prime,
)
from .gradients import (
    chain_norms,
    clip_by_global_norm,
    clip_each_by_norm,
    finite_difference_gradient,
    global_norm,
    gradient_regime,
    largest_singular_value,
    log10_chain_bound,
    log10_chain_norms,
    relative_error,
    spectral_radius,
    step_bound,
)
from .lstm import (
    GATES,
    LSTMGrads,
    LSTMParams,
    LSTMTrace,
    init_lstm,
    lstm_bptt,
    lstm_forward,
    lstm_step,
)
from .lstm import state_jacobians as lstm_state_jacobians
from .rnn import (
    RNNGrads,
    RNNParams,
    RNNTrace,
    init_rnn,
    rnn_bptt,
    rnn_forward,
    rnn_step,
    step_jacobians,
)

__all__ = [
    "GATES",
    "LSTMGrads",
    "LSTMParams",
    "LSTMTrace",
    "init_lstm",
    "lstm_bptt",
    "lstm_forward",
    "lstm_state_jacobians",
    "lstm_step",
    "ACTIVATIONS",
    "Activation",
    "RNNGrads",
    "RNNParams",
    "RNNTrace",
    "chain_norms",
    "clip_by_global_norm",
    "clip_each_by_norm",
    "finite_difference_gradient",
    "get_activation",
    "global_norm",
    "gradient_regime",
    "init_rnn",
    "largest_singular_value",
    "linear",
    "linear_prime",
    "log10_chain_bound",
    "log10_chain_norms",
    "logistic",
    "logistic_prime",
    "relative_error",
    "rnn_bptt",
    "rnn_forward",
    "rnn_step",
    "spectral_radius",
    "step_bound",
    "step_jacobians",
    "tanh",
    "tanh_prime",
]
