"""An explorer: arrays computed in Python over every slider position, drawn by a
JavaScript view that only indexes and draws.

The contract, the same for every explorer: `data` holds
- `controls`: the sliders and radio groups, each a `control(...)` over a list of values;
- `arrays`: `grid_array`s over some of the controls (a trailing free axis is a curve);
- `explain`: the readout, one template or a list of paragraphs, whose `{name}` placeholders
  name a control or an array (see `TEMPLATE_FIELD`), and `phrases` for `{name:phrase}`;
- whatever the view draws besides (a series list, axis labels).
`selection` maps each control to the index of its value. The model is the one source of
truth: the view's controls set `selection`, and every view redraws when it changes, so
setting `widget.selection` from Python moves the sliders too.

The same view runs in two places:
- in a notebook, as an anywidget (`Explorer`), live in JupyterLab, VS Code and Colab;
- on the static website, from a `text/html` form of the widget (a placeholder plus
  its state as JSON) mounted by `gatesgrad-explorers.js`, a script the book serves
  itself (`site_script`).
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Sequence
from functools import cache
from numbers import Integral
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


# A readout placeholder: {name}, {name:style} or {name[k]} (the value at x = k of a curve).
TEMPLATE_FIELD = re.compile(r"\{(\w+)(?:\[(\d+)\])?(?::(\w+))?\}")
STYLES = (None, "sig", "pow10", "phrase")


def control(
    name: str,
    label: str,
    values: Sequence[Any],
    *,
    radio: bool = False,
    digits: int | None = None,
) -> dict[str, Any]:
    """A slider (or, with `radio`, a group of radio buttons) over `values`, shown with
    `digits` decimals (whole numbers as they are when None)."""
    values = list(values)
    if not values:
        raise ValueError(f"values: expected at least one value for control {name!r}, got none")
    options = [  # JSON-ready: whole numbers stay int
        v if isinstance(v, str) else int(v) if isinstance(v, Integral) else float(v) for v in values
    ]
    spec: dict[str, Any] = {"name": name, "label": label, "values": options}
    if radio:
        spec["kind"] = "radio"
    if digits is not None:
        spec["digits"] = digits
    return spec


def grid_array(values: np.ndarray, dims: list[str], *, align: str = "start") -> dict[str, Any]:
    """An array over the explorer's controls, for the view's `gridAt(array, selection)`.

    `values` has one axis per name in `dims` (a control of the selection), then any free
    axes (a curve, a heatmap) that the view takes whole. Axes the values do not depend on
    are dropped, so what a gate does not depend on is stored once. A curve's axis runs over
    x = 0, 1, … (`align="start"`) or counts steps back from the last x drawn (`"end"`).
    """
    if align not in ("start", "end"):
        raise ValueError(f"align: expected 'start' or 'end', got {align!r}")
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
    array = {"dims": [name for _, name in kept], **encode_array(values)}
    return {**array, "align": "end"} if align == "end" else array


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
    """The classic script the website loads: the shared helpers once, every view in a scope
    of its own, and the code that mounts them.

    A classic script (not a module) so that pages opened from disk (file://) run it.
    """
    chunks = [
        "// Gates & Gradients explorers, generated from gatesgrad/explorers/js.",
        "(function () {",
        *(_read(name) for name in COMMON_JS),
        "const views = {};",
    ]
    for view in views():
        chunks.append(
            f"views[{json.dumps(view)}] = (function () {{\n{_read(f'{view}.js')}\n"
            "return { render };\n})();"
        )
    chunks.append(_read(MOUNT_JS))
    chunks.append("})();")
    return "\n".join(chunks)


def check_data(data: dict[str, Any]) -> None:
    """Refuse explorer data a view could not draw: arrays over unknown controls, a name used
    twice, a readout placeholder that names nothing."""
    if not isinstance(data.get("controls"), list) or not isinstance(data.get("arrays"), dict):
        raise ValueError(
            f"data: expected 'controls' (a list) and 'arrays' (a dict), got keys {sorted(data)}"
        )
    controls = {c["name"] for c in data["controls"]}
    arrays, phrases = data["arrays"], data.get("phrases", {})
    for name, array in arrays.items():
        if name in controls:
            raise ValueError(f"data: {name!r} names both a control and an array")
        unknown = set(array["dims"]) - controls
        if unknown:
            raise ValueError(
                f"arrays[{name!r}]: expected dims among the controls {sorted(controls)}, "
                f"got {sorted(unknown)}"
            )
    templates = [
        *([data["explain"]] if isinstance(data.get("explain"), str) else data.get("explain", [])),
        *(p for ps in phrases.values() for p in ps),
    ]
    for template in templates:
        for name, at, style in TEMPLATE_FIELD.findall(template):
            where = f"explain: {template!r} names {{{name}}}"
            if style not in (s or "" for s in STYLES):
                raise ValueError(f"{where}: expected a style in {STYLES[1:]}, got {style!r}")
            if name in controls and not (at or style):
                continue
            if name not in arrays:
                raise ValueError(
                    f"{where}: expected a control {sorted(controls)} or an array "
                    f"{sorted(arrays)}, got neither"
                )
            if at and len(arrays[name]["shape"]) <= len(arrays[name]["dims"]):
                raise ValueError(f"{where}[{at}]: expected a curve, got a value per setting")
            if style == "phrase" and name not in phrases:
                raise ValueError(f"{where}: expected phrases[{name!r}], got none")


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
        esm = view_module(view)
        check_data(data)
        super().__init__(_esm=esm, _css=_read(STYLESHEET), view=view, title=title, data=data)
        self.selection = selection

    @traitlets.validate("selection")
    def _valid_selection(self, proposal: Any) -> dict[str, int]:
        """Every control at the index of one of its values, from Python or from the view."""
        selection = proposal["value"]
        controls = {c["name"]: len(c["values"]) for c in self.data["controls"]}
        if set(selection) != set(controls):
            raise ValueError(
                f"selection: expected the controls {sorted(controls)}, got {sorted(selection)}"
            )
        for name, index in selection.items():
            if (
                isinstance(index, bool)
                or not isinstance(index, int | np.integer)
                or not (0 <= index < controls[name])
            ):
                raise ValueError(
                    f"selection[{name!r}]: expected an index from 0 to {controls[name] - 1}, "
                    f"got {index!r}"
                )
        return {name: int(index) for name, index in selection.items()}

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
