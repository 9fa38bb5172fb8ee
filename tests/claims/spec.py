"""What the prose says of a number, as a check that names its expected value.

A claim is a `Spec`: a description of what the value must be ("≈ 3.6e-06 (rel 1%)",
"< 1e-06") and the check itself. Expected values may be given as functions, computed only
when the claim is checked (some recompute a whole explorer). Combine specs with `&`.
A failure reads: `ch8_sigma_1_40: expected ≈ 3.6e-06 (rel 0.01), got 4.1e-06`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from tests.book_data import executed, glued, notebooks
from tests.check_state import check_answers, notebook_checks

Value = float | Callable[[], float]


def _value(v: Value) -> float:
    return v() if callable(v) else v


@dataclass(frozen=True)
class Spec:
    """A named expectation: `describe()` says what is expected, `holds(v)` checks it."""

    describe: Callable[[], str]
    holds: Callable[[object], bool]

    def __and__(self, other: Spec) -> Spec:
        return Spec(
            lambda: f"{self.describe()} and {other.describe()}",
            lambda v: self.holds(v) and other.holds(v),
        )

    def check(self, key: str, value: object) -> None:
        if not self.holds(value):
            raise AssertionError(f"{key}: expected {self.describe()}, got {value!r}")


def approx(expected: Value, *, rel: float = 1e-9, abs: float = 0.0) -> Spec:  # noqa: A002
    """|v − expected| ≤ max(rel·|expected|, abs)."""

    def holds(v: object) -> bool:
        e = _value(expected)
        return math.isclose(float(v), e, rel_tol=rel, abs_tol=abs)

    def describe() -> str:
        tol = f"rel {rel:g}" if abs == 0 else f"rel {rel:g}, abs {abs:g}"
        return f"≈ {_value(expected):.6g} ({tol})"

    return Spec(describe, holds)


def log10_approx(expected_log10: Value, *, abs: float = 1e-9) -> Spec:  # noqa: A002
    """log10 v within `abs` of `expected_log10` (for numbers spanning many decades)."""
    return Spec(
        lambda: f"10^{_value(expected_log10):.6g} (±{abs:g} in log10)",
        lambda v: (
            float(v) > 0
            and math.isclose(math.log10(float(v)), _value(expected_log10), rel_tol=0, abs_tol=abs)
        ),
    )


def equals(expected: Value) -> Spec:
    """v == expected exactly (counts, sizes, settings)."""
    return Spec(lambda: f"= {_value(expected)!r}", lambda v: v == _value(expected))


def below(bound: Value) -> Spec:
    """v < bound."""
    return Spec(lambda: f"< {_value(bound):.6g}", lambda v: float(v) < _value(bound))


def at_most(bound: Value) -> Spec:
    """v ≤ bound."""
    return Spec(lambda: f"≤ {_value(bound):.6g}", lambda v: float(v) <= _value(bound))


def above(bound: Value) -> Spec:
    """v > bound."""
    return Spec(lambda: f"> {_value(bound):.6g}", lambda v: float(v) > _value(bound))


def at_least(bound: Value) -> Spec:
    """v ≥ bound."""
    return Spec(lambda: f"≥ {_value(bound):.6g}", lambda v: float(v) >= _value(bound))


def satisfies(description: str, check: Callable[[object], bool]) -> Spec:
    """Anything else, with a description of what it checks (keep these rare)."""
    return Spec(lambda: description, check)


@cache
def all_glued() -> dict[str, object]:
    """Every value every chapter glued, and the answer of every exercise's check (by its key):
    each needs a claim. A key both glued and checked, or checked twice, is an error."""
    values: dict[str, object] = {}
    for doc in notebooks():
        nb = executed(doc)
        checked = [data["key"] for data in notebook_checks(nb)]
        for key in checked:
            if key in values or checked.count(key) > 1:
                raise ValueError(f"{doc}: check key {key!r} is used twice or also glued")
        values.update(glued(nb))
        clash = set(values) & set(checked)
        if clash:
            raise ValueError(f"{doc}: check keys {sorted(clash)} are glued too")
        values.update(check_answers(nb))
    return values


def glued_value(key: str) -> Callable[[], float]:
    """Another glued number, as a lazy expected value."""
    return lambda: all_glued()[key]
