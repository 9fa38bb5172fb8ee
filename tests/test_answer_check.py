"""The exercises' check in Python: what it embeds (the answer encoded, read back by the
tests' own decoder), the tolerance it states, and what it refuses. The view is tested in
Chromium (test_check_view.py), the book's checks per page (site_checks.py)."""

from __future__ import annotations

import json
import re

import pytest

from gatesgrad.explorers import check, check_answer
from gatesgrad.explorers.answer_check import tolerance_text
from tests.check_state import answer_of, check_states_in, revealed

POWER = 0.9**50


def test_the_answer_is_embedded_encoded_and_reads_back():
    box = check("ex_power", POWER, label="0.9 to the 50th =", wrong=[(0.9**49, "Off by one.")])
    page = box.static_html()
    (state,) = check_states_in(page)
    assert state["view"] == "check" and state["data"]["label"] == "0.9 to the 50th ="
    assert answer_of(state["data"]) == POWER == check_answer(box)
    assert revealed(state["data"])["wrong"] == [[0.9**49, "Off by one."]]
    for plain in (repr(POWER), f"{POWER:.4g}", "Off by one", "answer"):  # out of plain view
        assert plain not in json.dumps(state["data"]["secret"]), plain
    assert re.search(r'<div class="gg-check" data-gg-view="check">', page)
    assert "gg-check-fallback" in page  # what a page without JavaScript shows


def test_a_choice_reads_back_as_its_text():
    box = check("ex_pick", "tanh", label="Which?", choices=["ReLU", "tanh"], wrong={"ReLU": "No."})
    (state,) = check_states_in(box.static_html())
    assert answer_of(state["data"]) == "tanh" == check_answer(box)
    assert revealed(state["data"]) == {"answer": 1, "feedback": {"0": "No."}}


@pytest.mark.parametrize(
    ("rel", "abs_", "text"),
    [
        (1e-3, 0, "within 0.1% of the answer"),
        (0.05, 0, "within 5% of the answer"),
        (0, 1e-6, "within ±1e−6 of the answer"),
        (0, 0.5, "within ±0.5 of the answer"),
        (1e-2, 2.5e-12, "within 1% or ±2.5e−12 of the answer"),
    ],
)
def test_the_tolerance_is_stated_as_a_reader_writes_it(rel, abs_, text):
    assert tolerance_text(rel, abs_) == text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"wrong": [(POWER * 1.0015, "close")]},
            r"wrong\[0\]\[0\]: expected a value the "
            r"tolerance \(rel = 0.001, abs = 0\) tells apart from the answer",
        ),
        ({"wrong": [(1.0, "a"), (1.001, "b")]}, r"wrong\[1\]\[0\]: .* apart from wrong\[0\]"),
        ({"rel": 0}, r"rel, abs: expected a tolerance above 0"),
        ({"rel": 0.6}, r"rel: expected"),
        ({"label": ""}, r"label: expected a text of 1 to 120 characters"),
        ({"key": "5 steps"}, r"key: expected an identifier"),
        ({"wrong": [(1.0, "x" * 401)]}, r"wrong\[0\]\[1\]: expected a text of 1 to 400"),
    ],
)
def test_what_a_check_refuses_is_named(kwargs, message):
    args = {"key": "ex_power", "answer": POWER, "label": "0.9 to the 50th =", **kwargs}
    key, answer = args.pop("key"), args.pop("answer")
    with pytest.raises((ValueError, TypeError), match=message):
        check(key, answer, **args)


def test_the_precision_asked_for_must_be_accepted():
    """0.268435 to three figures is 0.268, 0.16% off: 0.1% refuses it, 0.5% accepts it."""
    answer = 0.8**9 * 2
    with pytest.raises(ValueError, match=r"accepts the answer .* written to 3 significant "):
        check("ex_pulse", answer, label="h =", rel=1e-3, sig=3)
    assert check("ex_pulse", answer, label="h =", rel=5e-3, sig=3).data["sig"] == 3
    with pytest.raises(ValueError, match=r"written to 1 decimal places \(0.3\)"):
        check("ex_pulse", answer, label="h =", rel=5e-3, decimals=1)
    with pytest.raises(ValueError, match=r"sig, decimals: expected at most one"):
        check("ex_pulse", answer, label="h =", rel=5e-3, sig=3, decimals=3)


def test_a_slip_just_outside_both_bands_is_kept():
    """Two bands of rel·|x| that do not touch: the slip is told apart, and kept."""
    slip = POWER * (1 + 2.1e-3)
    assert check("ex_power", POWER, label="x =", wrong=[(slip, "near")]) is not None


def test_an_answer_of_zero_needs_an_absolute_tolerance():
    with pytest.raises(ValueError, match=r"abs: expected a tolerance above 0 for an answer of 0"):
        check("ex_zero", 0.0, label="x =")
    assert check_answer(check("ex_zero", 0.0, label="x =", abs=1e-9)) == 0.0
