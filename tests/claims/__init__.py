"""Every number the book's prose states, and what the prose says of it: one module a chapter.

Each chapter module defines `CLAIMS`, a dict from glue key to a `Spec` (see `spec.py`).
"""

from __future__ import annotations

from tests.claims import (
    ch01,
    ch02,
    ch03,
    ch04,
    ch05,
    ch06,
    ch07,
    ch08,
    ch09,
    ch10,
    ch11,
    ch12,
    ch13,
)
from tests.claims.spec import Spec, all_glued

_MODULES = (ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09, ch10, ch11, ch12, ch13)


def collect(modules=_MODULES) -> dict[str, Spec]:
    """Every module's CLAIMS in one dict: anything but a Spec is a TypeError, a key claimed
    twice a ValueError, each naming the key."""
    claims: dict[str, Spec] = {}
    for module in modules:
        for key, spec in module.CLAIMS.items():
            where = f"{module.__name__}.CLAIMS[{key!r}]"
            if not isinstance(spec, Spec):
                raise TypeError(
                    f"{where}: expected a Spec (see tests/claims/spec.py), got"
                    f" {type(spec).__name__} {spec!r}"
                )
            if key in claims:
                raise ValueError(f"{where}: the key is claimed by an earlier module too")
            claims[key] = spec
    return claims


ALL_CLAIMS: dict[str, Spec] = collect()

__all__ = ["ALL_CLAIMS", "all_glued", "collect"]
