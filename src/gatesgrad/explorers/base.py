"""An explorer: arrays computed in Python over every slider position, drawn by a
JavaScript view that only indexes and draws.

The same view runs in two places:
- in a notebook, as an anywidget (`Explorer`), live in JupyterLab, VS Code and Colab;
- on the static website, from a `text/html` form of the widget (a placeholder plus
  its state as JSON) mounted by `gatesgrad-explorers.js`, a script the book serves
  itself (see `gatesgrad.sphinxext`).
"""

from __future__ import annotations

import base64
import html
import json
from functools import cache
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets

JS_DIR = Path(__file__).with_name("js")
COMMON_JS = ("common.js", "plot.js")  # helpers every view gets
MOUNT_JS = "mount.js"  # mounts the views on the static site
SITE_SCRIPT = "gatesgrad-explorers.js"
STYLESHEET = "explorers.css"


def encode_array(values: np.ndarray) -> dict[str, Any]:
    """A float array as float32 bytes in base64, with its shape: compact in JSON.

    ±inf and NaN survive the trip (float32 holds them); the view decodes them.
    """
    arr = np.array(values, dtype="<f4", order="C")  # keeps a 0-d array 0-d
    return {"shape": list(arr.shape), "float32": base64.b64encode(arr.tobytes()).decode()}


def grid_array(values: np.ndarray, dims: list[str]) -> dict[str, Any]:
    """An array over the explorer's controls, for the view's `gridAt(array, selection)`.

    `values` has one axis per name in `dims` (a control of the selection), then any free
    axes (a curve, a heatmap) that the view takes whole. Axes the values do not depend on
    are dropped, so what a gate does not depend on is stored once.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim < len(dims):
        raise ValueError(
            f"values: expected at least {len(dims)} axes for dims {dims}, got shape {values.shape}"
        )
    kept = []
    for axis, name in enumerate(dims):
        first = np.take(values, [0], axis=axis)
        if np.array_equal(values, np.broadcast_to(first, values.shape), equal_nan=True):
            values = first
        else:
            kept.append((axis, name))
    values = values.squeeze(axis=tuple(a for a in range(len(dims)) if a not in dict(kept)))
    return {"dims": [name for _, name in kept], **encode_array(values)}


def decode_array(encoded: dict[str, Any]) -> np.ndarray:
    """Inverse of `encode_array` (what the view sees, as numpy)."""
    raw = base64.b64decode(encoded["float32"])
    return np.frombuffer(raw, dtype="<f4").reshape(encoded["shape"])


def _read(name: str) -> str:
    return (JS_DIR / name).read_text(encoding="utf-8")


def views() -> list[str]:
    """Names of the views in js/ (every file but the shared helpers)."""
    return sorted(p.stem for p in JS_DIR.glob("*.js") if p.name not in (*COMMON_JS, MOUNT_JS))


@cache
def view_module(view: str) -> str:
    """The ES module anywidget loads for `view`: shared helpers, the view, its export."""
    if view not in views():
        raise ValueError(f"view: expected one of {views()}, got {view!r}")
    parts = [_read(name) for name in COMMON_JS] + [_read(f"{view}.js")]
    return "\n".join(parts) + "\nexport default { render };\n"


def site_script() -> str:
    """The classic script the website loads: every view, and the code that mounts them.

    A classic script (not a module) so that pages opened from disk (file://) run it.
    """
    chunks = [
        "// Gates & Gradients explorers, generated from gatesgrad/explorers/js.",
        "(function () {",
        "const views = {};",
    ]
    for view in views():
        body = "\n".join(_read(name) for name in (*COMMON_JS, f"{view}.js"))
        chunks.append(
            f"views[{json.dumps(view)}] = (function () {{\n{body}\nreturn {{ render }};\n}})();"
        )
    chunks.append(_read(MOUNT_JS))
    chunks.append("})();")
    return "\n".join(chunks)


class Explorer(anywidget.AnyWidget):
    """A live figure: `data` holds every precomputed array, `selection` the controls."""

    _esm = traitlets.Unicode("").tag(sync=True)
    _css = traitlets.Unicode("").tag(sync=True)
    view = traitlets.Unicode().tag(sync=True)
    title = traitlets.Unicode().tag(sync=True)
    data = traitlets.Dict().tag(sync=True)
    selection = traitlets.Dict().tag(sync=True)

    def __init__(
        self, view: str, *, title: str, data: dict[str, Any], selection: dict[str, Any]
    ) -> None:
        super().__init__(
            _esm=view_module(view),
            _css=_read(STYLESHEET),
            view=view,
            title=title,
            data=data,
            selection=selection,
        )

    def static_html(self) -> str:
        """The placeholder and state the website mounts the view from."""
        state = {
            "view": self.view,
            "title": self.title,
            "data": self.data,
            "selection": self.selection,
        }
        payload = json.dumps(state, separators=(",", ":")).replace("</", "<\\/")
        return (
            f'<div class="gg-explorer" data-gg-view="{html.escape(self.view)}">'
            f'<p class="gg-explorer-fallback">{html.escape(self.title)}: a live explorer. '
            "It needs JavaScript: run this notebook in JupyterLab, or read the website.</p>"
            f'<script type="application/json" class="gg-explorer-state">{payload}</script>'
            "</div>"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle or {}, {})
        return {**data, "text/html": self.static_html()}, metadata

    def __repr__(self) -> str:
        return f"Explorer(view={self.view!r}, title={self.title!r})"
