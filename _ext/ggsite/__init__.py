"""The book's Sphinx extension, loaded from `_config.yml` (`local_extensions`).

What it does at build time is in `hooks`, which imports Sphinx, jupyter-cache and nbformat;
this module imports none of them, so that the tests can use the light parts (`prerun`,
`freshness`, `reader_copies`) without paying for them in every test process.
"""

from __future__ import annotations

from typing import Any


def setup(app: Any) -> dict[str, Any]:
    """Sphinx's entry point: connect the build's hooks."""
    from .hooks import setup as connect_hooks

    return connect_hooks(app)
