"""Every number the book's prose states, and what the prose says of it: one module a chapter.

Each chapter module defines `CLAIMS`, a dict from glue key to a `Spec` (see `spec.py`).
"""

from __future__ import annotations

from tests.claims import ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09, ch10, ch11, ch12
from tests.claims.spec import Spec, all_glued, satisfies

_MODULES = (ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09, ch10, ch11, ch12)


def _as_spec(check: object) -> Spec:
    if isinstance(check, Spec):
        return check
    return satisfies("the legacy boolean check to hold (rewrite it as a Spec)", check)


ALL_CLAIMS: dict[str, Spec] = {
    key: _as_spec(check) for module in _MODULES for key, check in module.CLAIMS.items()
}

__all__ = ["ALL_CLAIMS", "all_glued"]
