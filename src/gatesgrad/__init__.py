"""Gates & Gradients: the numerics, tasks and live figures behind the book.

Importing this package has no side effects (no seeding, no plotting style, no
TensorFlow): chapters call `use_book_style()` and seed their own generators.

One notation with the chapters (column vectors, gates i, f, g, o); the renames of
issues 9 and 14 (`rnn_jacobians`, `lstm_jacobians`, steps returning the new state,
`clip_by_global_norm` returning the list, ...) are listed in README's changelog.
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
    lstm_jacobians,
    lstm_step,
)
from .rnn import (
    RNNGrads,
    RNNParams,
    RNNTrace,
    init_rnn,
    rnn_bptt,
    rnn_forward,
    rnn_jacobians,
    rnn_step,
)

__all__ = [
    "GATES",
    "LSTMGrads",
    "LSTMParams",
    "LSTMTrace",
    "init_lstm",
    "lstm_bptt",
    "lstm_forward",
    "lstm_jacobians",
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
    "rnn_jacobians",
    "rnn_step",
    "spectral_radius",
    "step_bound",
    "tanh",
    "tanh_prime",
]
