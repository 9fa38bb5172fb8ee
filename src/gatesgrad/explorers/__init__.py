"""Live figures: Python computes every slider position, a JavaScript view draws; and the
exercises' answer boxes (`check`)."""

from .answer_check import check, check_answer
from .base import Explorer, decode_array, encode_array, grid_array, trainer_source
from .char_text import connectivity_explorer, samples_explorer, unit_text_explorer
from .decay import decay_curve, decay_grid, gradient_decay_explorer
from .gate import gate_explorer, gate_grid
from .gradient_flow import flow_curves, gradient_flow_explorer
from .gru_flow import gru_flow_curves, gru_flow_explorer
from .lag import lag_explorer
from .memory import memory_explorer, pulse_memory
from .sequence import sequence_explorer
from .trainer_view import trainer_explorer
from .training import training_explorer

__all__ = [
    "Explorer",
    "check",
    "check_answer",
    "connectivity_explorer",
    "decay_curve",
    "decay_grid",
    "decode_array",
    "encode_array",
    "flow_curves",
    "gate_explorer",
    "gate_grid",
    "gradient_decay_explorer",
    "gradient_flow_explorer",
    "grid_array",
    "gru_flow_curves",
    "gru_flow_explorer",
    "lag_explorer",
    "memory_explorer",
    "pulse_memory",
    "samples_explorer",
    "sequence_explorer",
    "trainer_explorer",
    "trainer_source",
    "training_explorer",
    "unit_text_explorer",
]
