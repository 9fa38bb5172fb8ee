"""Input checks shared by the public functions: each failure names the argument,
what was expected and what came."""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np


def as_float_array(
    value: object,
    name: str,
    *,
    ndim: int | None = None,
    shape: Sequence[int | None] | None = None,
    finite: bool = True,
) -> np.ndarray:
    """`value` as a float64 array, checked for ndim, shape (None = any) and finiteness."""
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(f"{name}: expected an array of real numbers, got {type(value).__name__}")
    arr = np.asarray(value)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.floating)
        or np.issubdtype(arr.dtype, np.integer)
        or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name}: expected an array of real numbers, got dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    if shape is not None:
        ndim = len(shape)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name}: expected ndim = {ndim}, got ndim = {arr.ndim}")
    if shape is not None:
        for axis, (want, got) in enumerate(zip(shape, arr.shape, strict=True)):
            if want is not None and want != got:
                expected = tuple("any" if s is None else s for s in shape)
                raise ValueError(
                    f"{name}: expected shape {expected}, got {arr.shape} (axis {axis} differs)"
                )
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: expected finite values, got {_count_bad(arr)}")
    return arr


def _count_bad(arr: np.ndarray) -> str:
    n_nan = int(np.isnan(arr).sum())
    n_inf = int(np.isinf(arr).sum())
    return f"{n_nan} NaN and {n_inf} inf among {arr.size} values"


def as_int(
    value: object, name: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """`value` as an int within [minimum, maximum]; bools are refused."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name}: expected an integer, got {type(value).__name__} {value!r}")
    value = int(value)
    _check_range(value, name, minimum, maximum)
    return value


def as_float(
    value: object,
    name: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    strict_minimum: bool = False,
) -> float:
    """`value` as a finite float within [minimum, maximum] (or (minimum, ...] if strict)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name}: expected a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value}")
    if strict_minimum and minimum is not None and value <= minimum:
        raise ValueError(f"{name}: expected a number > {minimum}, got {value}")
    _check_range(value, name, minimum, maximum)
    return value


def _check_range(value: float, name: str, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and value < minimum:
        raise ValueError(f"{name}: expected a value >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name}: expected a value <= {maximum}, got {value}")


def as_choice(value: object, name: str, choices: Sequence[str]) -> str:
    """`value` if it is one of `choices`."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name}: expected one of {list(choices)}, got {value!r}")
    return value


def as_rng(value: object, name: str = "rng") -> np.random.Generator:
    """A numpy Generator from a Generator or an integer seed."""
    if isinstance(value, np.random.Generator):
        return value
    if isinstance(value, Integral) and not isinstance(value, bool):
        return np.random.default_rng(int(value))
    raise TypeError(
        f"{name}: expected a numpy Generator or an integer seed, got {type(value).__name__}"
    )
