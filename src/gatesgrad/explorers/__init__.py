"""Live figures: Python computes every slider position, a JavaScript view draws."""

from .base import Explorer, decode_array, encode_array
from .decay import decay_curve, decay_grid, gradient_decay_explorer

__all__ = [
    "Explorer",
    "decay_curve",
    "decay_grid",
    "decode_array",
    "encode_array",
    "gradient_decay_explorer",
]
