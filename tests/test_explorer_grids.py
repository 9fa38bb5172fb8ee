"""Every explorer of the book at every position of its controls (the whole grid, not a
sample), read from the built pages as the view reads them (tests/explorer_state.py): nothing
fails, nothing drawn is NaN, ±inf is drawn only where the readout says so in words, and
every readout template is filled."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.book_data import drawing_explorers
from tests.explorer_state import drawn, page_states, positions, readout

# How many positions each explorer has: the product of its controls' sizes.
POSITIONS = {
    ("book/01-recurrent-networks", 0): 20,  # radius
    ("book/03-vanishing-gradients", 0): 3 * 24 * 10,  # activation, radius, length
    ("book/05-forget-gate", 0): 7**5,  # x, h, c, w, b
    ("book/06-input-gate", 0): 7**5,
    ("book/06-input-gate", 1): 3 * 8,  # mode, forget bias
    ("book/07-output-gate", 0): 7**5,
    ("book/08-lstm-gradients", 0): 2 * 9 * 10,  # init, forget bias, length
    ("book/10-adding-problem", 0): 5 * 6,  # training run, epoch
    ("book/10-adding-problem", 1): 2 * 6,  # b_f = 1 or chrono, epoch
    ("book/10-adding-problem", 2): 4,  # length
    ("book/11-gru", 0): 9 * 9 * 10,  # update bias, forget bias, length
    ("book/11-gru", 1): 2 * 6,  # seed, epoch
    ("book/12-character-model", 0): 3 * 4 * 2,  # model, epoch, temperature
    ("book/12-character-model", 1): 15 * 7 * 4,  # unit (LSTM), quantity, epoch
    ("book/12-character-model", 2): 14 * 4 * 4,  # unit (GRU), quantity, epoch
    ("book/12-character-model", 3): 14 * 4,  # unit (SimpleRNN), epoch
    ("book/12-character-model", 4): 8 * 4,  # target, epoch
}
# Where the view draws ±inf (an off-chart mark ▲ or ▼), the readout must show that infinity
# itself, as common.js's formatters write it: ∞ (overflow), or 0 (exactly) for a log10 of −inf.
SAYS_INFINITE = {1: ("∞ (overflow)", "∞"), -1: ("0 (exactly)", "−∞")}
NOT_A_READOUT = ("NaN", "undefined", "Infinity", "null", "{", "}")


@pytest.mark.book
def test_every_explorer_of_the_book_is_swept():
    assert sorted(POSITIONS) == drawing_explorers()


def check_position(view: str, data: dict, selection: dict, where: str) -> None:
    """One position: what the view draws and the readout it writes."""
    shown = drawn(view, data, selection)
    text = " ".join(readout(data, selection))
    for bad in NOT_A_READOUT:
        assert bad not in text, f"{where}: the readout shows {bad!r}: {text}"
    every = np.concatenate([np.ravel(values) for values in shown.values()])
    if np.isfinite(every).all():
        return
    for name, values in shown.items():  # what is not finite, and where
        values = np.asarray(values, dtype=float)
        assert not np.isnan(values).any(), f"{where}: {name} is NaN where it is drawn"
        for sign, words in SAYS_INFINITE.items():
            if np.any(values == sign * np.inf):
                assert any(w in text for w in words), (
                    f"{where}: {name} is drawn at {sign * np.inf} but the readout does not say "
                    f"so ({' or '.join(words)}): {text}"
                )


def sweep(state: dict, doc: str, k: int) -> None:
    """Every position of explorer k of `doc`, from its embedded state."""
    data = state["data"]
    swept = 0
    for selection in positions(data):
        check_position(state["view"], data, selection, f"{doc} explorer {k} at {selection}")
        swept += 1
    assert swept == math.prod(len(c["values"]) for c in data["controls"]) == POSITIONS[doc, k]


@pytest.mark.book
@pytest.mark.parametrize("doc, k", sorted(POSITIONS))
def test_every_position_of_the_explorer_is_drawn_honestly(book, doc, k):
    sweep(page_states(book.html / f"{doc}.html")[k], doc, k)
