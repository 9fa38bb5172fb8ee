"""The test processes share what they compute: each group of conftest.GROUPS runs whole in one
process, and names tests that exist (a renamed test would otherwise leave its group silently)."""

import re
from pathlib import Path

import pytest

from tests.conftest import GROUPS, group_of


def test_every_group_names_collected_tests(request):
    names = [item.nodeid for item in request.session.items]
    files = {f"tests/{p.name}" for p in Path(__file__).parent.glob("test_*.py")}
    if {name.split("::")[0] for name in names} != files:
        pytest.skip("a part of the suite was collected: the groups name tests across it")
    for pattern, group in GROUPS:
        assert any(re.match(pattern, name) for name in names), f"{group}: {pattern} names none"


def test_groups():
    assert group_of("tests/test_keras.py::test_weights_round_trip") == "keras"
    tape = "tests/test_checkpoints.py::test_input_gradients_equal_gradient_tape[rnn]"
    assert group_of(tape) == "keras"
    assert group_of("tests/test_book.py::test_claim[ch12_bits_gru]") == "keras"
    assert group_of("tests/test_book.py::test_claim[ch3_cos_global]") == "claims-ch3"
    assert group_of("tests/test_book.py::test_each_page_weighs_under_1_mb") == "pages"
    assert group_of("tests/test_site.py::test_every_page[book/06-input-gate]") == "grids"
    assert group_of("tests/test_site.py::test_every_page[book/08-lstm-gradients]").endswith("]")
    assert group_of("tests/test_rnn.py::test_step") == "tests/test_rnn.py::test_step"
