"""Input checks shared by the public functions: each failure names the argument,
what was expected and what came."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from numbers import Integral, Real
from typing import TypeVar

import numpy as np

_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable)


def as_float_array(
    value: object,
    name: str,
    *,
    ndim: int | None = None,
    shape: Sequence[int | None] | None = None,
    finite: bool = True,
    nonempty: bool = False,
    sizes_from: str | None = None,
) -> np.ndarray:
    """`value` as a float64 array, checked for ndim, shape (None = any), finiteness and size.

    `sizes_from` names where the expected sizes come from (e.g. "params"), for the message.
    """
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(f"{name}: expected an array of real numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged nested lists, odd objects
        raise TypeError(
            f"{name}: expected an array of real numbers, got {type(value).__name__} ({error})"
        ) from None
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
                origin = f"; sizes from {sizes_from}" if sizes_from else ""
                raise ValueError(
                    f"{name}: expected shape {expected}, got {arr.shape} "
                    f"(axis {axis} differs{origin})"
                )
    if nonempty and arr.size == 0:
        raise ValueError(f"{name}: expected a non-empty array, got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: expected finite values, got {_count_bad(arr)}")
    return arr


def frozen(arr: np.ndarray) -> np.ndarray:
    """A read-only float64 copy of `arr`: no one else holds a reference to its data."""
    out = np.array(arr, dtype=np.float64)
    out.setflags(write=False)
    return out


def as_frozen(value: object, name: str, **checks) -> np.ndarray:
    """`as_float_array(value, name, **checks)` as a read-only private copy."""
    return frozen(as_float_array(value, name, **checks))


def as_sequence(
    value: object, name: str, input_size: int | None, sizes_from: str | None = None
) -> np.ndarray:
    """A sequence x_1 … x_T as a (T, D) float array with T >= 1."""
    xs = as_float_array(value, name, shape=(None, input_size), sizes_from=sizes_from)
    if xs.shape[0] < 1:
        raise ValueError(f"{name}: expected at least one time step, got T = 0")
    return xs


def nonzero_sizes(arr: np.ndarray, name: str, axes: Sequence[str]) -> None:
    """Refuse an array with an empty axis, naming the axis's size (e.g. 'H')."""
    for axis, label in enumerate(axes):
        if arr.shape[axis] == 0:
            raise ValueError(f"{name}: expected {label} >= 1 on axis {axis}, got shape {arr.shape}")


def quiet_overflow(fn: _F) -> _F:
    """`fn` without numpy's overflow warnings: it checks its result with `finite_result`."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with np.errstate(over="ignore", invalid="ignore"):
            return fn(*args, **kwargs)

    return wrapper


def finite_result(names: str, what: str, *arrays: np.ndarray) -> None:
    """Refuse a result that overflowed float64 although its inputs were finite."""
    for arr in arrays:
        if not np.all(np.isfinite(arr)):
            raise ValueError(
                f"{names}: expected inputs whose {what} stays finite, got an overflow "
                f"({_count_bad(arr)}); scale them down"
            )


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


def as_int_list(value: object, name: str, *, minimum: int | None = None) -> list[int]:
    """`value` as a non-empty list of integers, each at least `minimum`."""
    if (
        isinstance(value, str | bytes)
        or not isinstance(value, Sequence | np.ndarray)
        or (isinstance(value, np.ndarray) and value.ndim != 1)
    ):
        raise TypeError(f"{name}: expected a list of integers, got {type(value).__name__}")
    values = [
        as_int(v.item() if isinstance(v, np.generic) else v, f"{name}[]", minimum=minimum)
        for v in value
    ]
    if not values:
        raise ValueError(f"{name}: expected at least one integer, got none")
    return values


def as_codes(
    codes: object, name: str, size: int, *, length: int | None = None, minimum: int = 1
) -> np.ndarray:
    """`codes` as a 1-d integer array of codes from 0 to size − 1: `length` of them, or at
    least `minimum`."""
    try:
        arr = np.asarray(codes)
    except (TypeError, ValueError):  # a ragged nested list
        arr = np.asarray(None)
    if (
        arr.ndim != 1
        or (length is not None and len(arr) != length)
        or not np.issubdtype(arr.dtype, np.integer)
        or (arr.size and (arr.min() < 0 or arr.max() >= size))
    ):
        count = "" if length is None else f"{length} "
        raise ValueError(
            f"{name}: expected a 1-d array of {count}codes from 0 to {size - 1}, got "
            f"{arr.dtype} of shape {arr.shape}"
        )
    if len(arr) < minimum:
        raise ValueError(f"{name}: expected at least {minimum} codes, got {len(arr)}")
    return arr


def as_bool(value: object, name: str) -> bool:
    """`value` as a bool, if it is True or False (numpy's included)."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name}: expected True or False, got {type(value).__name__}")
    return bool(value)


def as_choice(value: object, name: str, choices: Sequence[str]) -> str:
    """`value` if it is one of `choices`."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name}: expected one of {list(choices)}, got {value!r}")
    return value


def as_instance(value: object, cls: type[_T], name: str) -> _T:
    """`value` if it is a `cls`."""
    if not isinstance(value, cls):
        raise TypeError(f"{name}: expected {cls.__name__}, got {type(value).__name__}")
    return value


def as_trace_of(trace: object, cls: type[_T], params: object) -> _T:
    """`trace` if it is a `cls` made by parameters of the same `signature` as `params`."""
    trace = as_instance(trace, cls, "trace")
    want, got = params.signature, trace.signature
    if want != got:
        raise ValueError(
            f"trace: expected a trace made with these params ({_fmt(want)}), "
            f"got one made with {_fmt(got)}"
        )
    return trace


def _fmt(signature: Mapping[str, object]) -> str:
    return ", ".join(f"{key} = {value!r}" for key, value in signature.items())


def as_rng(value: object, name: str = "rng") -> np.random.Generator:
    """A numpy Generator from a Generator or a non-negative integer seed."""
    if isinstance(value, np.random.Generator):
        return value
    if isinstance(value, Integral) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"{name}: expected a numpy Generator or a seed >= 0, got {int(value)}")
        return np.random.default_rng(int(value))
    raise TypeError(
        f"{name}: expected a numpy Generator or an integer seed, got {type(value).__name__}"
    )
