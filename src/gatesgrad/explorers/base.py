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
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from numbers import Integral
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets

from .._checks import as_choice, as_float, as_float_array, as_int

JS_DIR = Path(__file__).with_name("js")
COMMON_JS = ("common.js", "plot.js")  # helpers every view gets
MOUNT_JS = "mount.js"  # mounts the views on the static site
SITE_SCRIPT = "gatesgrad-explorers.js"
# The trainer's numerics (js/trainer/, `trainer_source`) run in a Worker the trainer view
# builds from a Blob holding their source: a page opened from disk may not load a Worker from
# a file. The source reaches the page once, as the string constant TRAINER_CONSTANT.
TRAINER_CONSTANT = "GG_TRAINER_SOURCE"
TRAINER_VIEWS = ("trainer",)  # the views that compute (they need the source)
CHECK_VIEWS = ("check",)  # the views of an exercise's answer box (answer_check), not explorers
STYLESHEET = "explorers.css"
DTYPES = {"float32": "<f4", "uint8": "u1", "uint16": "<u2"}  # how an array may travel
LEVELS = {"uint8": 255, "uint16": 65535}  # the top level of a quantised dtype


def encode_array(
    values: np.ndarray,
    dtype: str = "float32",
    *,
    lo: float | None = None,
    hi: float | None = None,
    digits: int | None = None,
) -> dict[str, Any]:
    """An array as float32, uint8 or uint16 bytes in base64, with its shape: compact in JSON.

    float32: ±inf and NaN survive the trip (float32 holds them); the view decodes them. A
    finite value too large for float32 is refused (the view would show ±inf); one too small
    for it becomes 0, as float32 stores it. uint8 without `lo` and `hi` (a character's
    code): whole numbers from 0 to 255 only, a quarter of the bytes.

    Quantised (uint8 or uint16 with `lo` and `hi`): finite values in [lo, hi] sent as levels
    k = 0 … n (n = 255 or 65535) that the view reads as lo + k·(hi − lo)/n, within one step
    (hi − lo)/n of the value (half a step unless `digits` moved a level). With `digits`, each
    level is chosen so that the value it decodes to reads, with `digits` decimals as
    `toFixed` writes it, exactly as the value itself does.
    """
    dtype = as_choice(dtype, "dtype", list(DTYPES))
    quantised = lo is not None or hi is not None
    if quantised:
        return _encode_levels(values, dtype, lo, hi, digits)
    if digits is not None:
        raise ValueError(f"digits: expected None unless lo and hi quantise, got {digits!r}")
    if dtype == "uint16":
        raise ValueError("dtype: expected lo and hi with 'uint16' (levels), got neither")
    arr = as_float_array(values, "values", finite=dtype == "uint8")
    if dtype == "uint8":
        if np.any((arr != np.round(arr)) | (arr < 0) | (arr > 255)):
            raise ValueError(
                f"values: expected whole numbers from 0 to 255 for uint8, got values from "
                f"{arr.min():g} to {arr.max():g}"
            )
        raw = arr.astype(np.uint8)
    else:
        too_big = np.isfinite(arr) & (np.abs(arr) > np.finfo(np.float32).max)
        if np.any(too_big):
            raise ValueError(
                f"values: expected values float32 can hold (|v| <= 3.4e38, or ±inf, NaN), got "
                f"{int(too_big.sum())} beyond it"
            )
        raw = arr.astype("<f4")  # 0-d stays 0-d
    return {"shape": list(raw.shape), dtype: base64.b64encode(raw.tobytes()).decode()}


def level_values(levels: np.ndarray, lo: float, hi: float, dtype: str) -> np.ndarray:
    """What the view decodes levels to: lo + k·(hi − lo)/n in float64, the operations in
    common.js's order (so the same doubles)."""
    return lo + (np.asarray(levels, dtype=float) * (hi - lo)) / LEVELS[dtype]


def _fixed(values: np.ndarray, digits: int) -> list[str]:
    """Number.prototype.toFixed(digits) of each value: the exact double rounded half away
    from zero, "-0.000" for a negative that rounds to zero."""
    unit = Decimal(1).scaleb(-digits)
    return [str(Decimal(float(v)).quantize(unit, rounding=ROUND_HALF_UP)) for v in values]


def _encode_levels(
    values: np.ndarray, dtype: str, lo: float | None, hi: float | None, digits: int | None
) -> dict[str, Any]:
    if dtype not in LEVELS:
        raise ValueError(f"dtype: expected one of {list(LEVELS)} with lo and hi, got {dtype!r}")
    if lo is None or hi is None:
        raise ValueError(f"lo, hi: expected both to quantise, got lo={lo!r}, hi={hi!r}")
    lo, hi = as_float(lo, "lo"), as_float(hi, "hi")
    if not hi > lo:
        raise ValueError(f"hi: expected a number above lo = {lo:g}, got {hi:g}")
    arr = as_float_array(values, "values")
    if arr.size and (arr.min() < lo or arr.max() > hi):
        raise ValueError(
            f"values: expected values from lo = {lo:g} to hi = {hi:g}, got values from "
            f"{arr.min():g} to {arr.max():g}"
        )
    n = LEVELS[dtype]
    flat = arr.reshape(-1)
    levels = np.clip(np.round((flat - lo) / (hi - lo) * n), 0, n)
    if digits is not None:
        digits = as_int(digits, "digits", minimum=0)
        wanted = _fixed(flat, digits)
        for j in np.flatnonzero(
            np.array(_fixed(level_values(levels, lo, hi, dtype), digits))
            != np.array(wanted, dtype=object)
        ):
            toward = 1.0 if flat[j] > level_values(levels[j], lo, hi, dtype) else -1.0
            for k in (levels[j] + toward, levels[j] - toward):
                if 0 <= k <= n and _fixed(level_values([k], lo, hi, dtype), digits)[0] == wanted[j]:
                    levels[j] = k
                    break
            else:
                raise ValueError(
                    f"values: {flat[j]!r} reads {wanted[j]} with {digits} decimals, but no {dtype} "
                    f"level from lo = {lo:g} to hi = {hi:g} does (a step of {(hi - lo) / n:g}); "
                    "send float32 or narrow lo and hi"
                )
    raw = levels.astype(DTYPES[dtype]).reshape(arr.shape)
    return {
        "shape": list(raw.shape),
        dtype: base64.b64encode(raw.tobytes()).decode(),
        "lo": lo,
        "hi": hi,
    }


# A readout placeholder: {name}, {name:style} or {name[k]} (the value at x = k of a curve).
TEMPLATE_FIELD = re.compile(r"\{(\w+)(?:\[(\d+)\])?(?::(\w+))?\}")
STYLES = ("sig", "pow10", "phrase")


def control(
    name: str,
    label: str,
    values: Sequence[Any],
    *,
    radio: bool = False,
    digits: int | None = None,
    enabled_when: dict[str, Sequence[int]] | None = None,
    disabled_note: str | None = None,
) -> dict[str, Any]:
    """A slider (or, with `radio`, a group of radio buttons) over `values`, shown with
    `digits` decimals (whole numbers as they are when None).

    `enabled_when` {other control: [indices]}: the control acts only while every named
    control is at one of its indices, and is disabled otherwise, with `disabled_note` (a
    short text) saying why. `check_data` checks the names and indices."""
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
    if enabled_when is not None:  # JSON-ready; check_data checks it
        spec["enabled_when"] = (
            {k: list(v) if isinstance(v, tuple) else v for k, v in enabled_when.items()}
            if isinstance(enabled_when, dict)
            else enabled_when
        )
    if disabled_note is not None:
        spec["disabled_note"] = disabled_note
    return spec


def subscript(n: int) -> str:
    """A whole number in Unicode subscript digits: 30 → ₃₀."""
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def nearest(values: Sequence[float], value: float, name: str) -> int:
    """The index of the grid value nearest to `value` (a starting position)."""
    grid = np.asarray(values, dtype=float)
    # Clipped first: beyond ~1e16 every |grid − value| rounds to |value| and argmin said 0.
    value = np.clip(as_float(value, name), grid.min(), grid.max())
    return int(np.argmin(np.abs(grid - value)))


def grid_array(
    values: np.ndarray,
    dims: list[str],
    *,
    align: str = "start",
    dtype: str = "float32",
    lo: float | None = None,
    hi: float | None = None,
    digits: int | None = None,
) -> dict[str, Any]:
    """An array over the explorer's controls, for the view's `gridAt(array, selection)`.

    `values` has one axis per name in `dims` (a control of the selection), then any free
    axes (a curve, a heatmap) that the view takes whole. Axes the values do not depend on
    are dropped, so what a gate does not depend on is stored once. A curve's axis runs over
    x = 0, 1, … (`align="start"`) or counts steps back from the last x drawn (`"end"`).
    `dtype`, `lo`, `hi` and `digits` as in `encode_array`.
    """
    if align not in ("start", "end"):
        raise ValueError(f"align: expected 'start' or 'end', got {align!r}")
    if (
        isinstance(dims, str)
        or not isinstance(dims, list | tuple)
        or not all(isinstance(d, str) for d in dims)
    ):
        raise TypeError(f"dims: expected a list of control names, got {dims!r}")
    values = as_float_array(values, "values", finite=False, nonempty=True)
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
    encoded = encode_array(values, dtype, lo=lo, hi=hi, digits=digits)
    array = {"dims": [name for _, name in kept], **encoded}
    return {**array, "align": "end"} if align == "end" else array


def decode_array(encoded: dict[str, Any]) -> np.ndarray:
    """Inverse of `encode_array`: what the view sees, as numpy (float32, uint8 codes, or the
    float64 values quantised levels decode to)."""
    dtype = next((d for d in DTYPES if isinstance(encoded, dict) and d in encoded), None)
    if dtype is None or not isinstance(encoded[dtype], str):
        got = sorted(encoded) if isinstance(encoded, dict) else type(encoded).__name__
        raise TypeError(
            f"encoded: expected a dict with 'float32', 'uint8' or 'uint16' (base64) and "
            f"'shape', got {got}"
        )
    shape = encoded.get("shape")
    if not isinstance(shape, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape
    ):
        raise TypeError(f"encoded: expected 'shape' as a list of sizes >= 0, got {shape!r}")
    quantised = "lo" in encoded or "hi" in encoded
    if quantised and not all(
        isinstance(encoded.get(k), int | float) and not isinstance(encoded.get(k), bool)
        for k in ("lo", "hi")
    ):
        raise TypeError(
            f"encoded: expected numbers 'lo' and 'hi' for levels, got lo={encoded.get('lo')!r}, "
            f"hi={encoded.get('hi')!r}"
        )
    if dtype == "uint16" and not quantised:
        raise TypeError("encoded: expected 'lo' and 'hi' with 'uint16' levels, got neither")
    try:
        raw = base64.b64decode(encoded[dtype], validate=True)
        values = np.frombuffer(raw, dtype=DTYPES[dtype]).reshape(shape)
    except ValueError as error:  # not base64, or bytes that do not fill the shape
        raise ValueError(
            f"encoded: expected base64 {dtype} bytes of shape {shape}, got "
            f"{len(encoded[dtype])} base64 characters ({error})"
        ) from None
    if quantised:
        return level_values(values, float(encoded["lo"]), float(encoded["hi"]), dtype)
    return values


def _read(name: str) -> str:
    return (JS_DIR / name).read_text(encoding="utf-8")


def _served(name: str) -> str:
    """A file of js/ as the website serves it: without its whole-line comments (the source
    keeps them; every page loads the script)."""
    return "\n".join(
        line for line in _read(name).splitlines() if not line.lstrip().startswith("//")
    )


def _trainer_constant() -> str:
    """`const GG_TRAINER_SOURCE = "…";`: the Worker's source, whole-line comments left out."""
    return f"const {TRAINER_CONSTANT} = {json.dumps(trainer_source())};"


def views() -> list[str]:
    """Names of the views in js/ (every file but the shared helpers): the explorers' and the
    checks' (CHECK_VIEWS)."""
    return sorted(p.stem for p in JS_DIR.glob("*.js") if p.name not in (*COMMON_JS, MOUNT_JS))


def explorer_views() -> list[str]:
    """The views an `Explorer` may use: every view but a check's."""
    return [view for view in views() if view not in CHECK_VIEWS]


def stylesheet() -> str:
    """The stylesheet every explorer and check carries (explorers.css)."""
    return _read(STYLESHEET)


@cache
def view_module(view: str) -> str:
    """The ES module anywidget loads for `view`: shared helpers, the view, its export."""
    if view not in views():
        raise ValueError(f"view: expected one of {views()}, got {view!r}")
    parts = [_read(name) for name in COMMON_JS]
    if view in TRAINER_VIEWS:
        parts.append(_trainer_constant())
    parts.append(_read(f"{view}.js"))
    return "\n".join(parts) + "\nexport default { render };\n"


def site_script() -> str:
    """The classic script the website loads: the shared helpers and the trainer's Worker
    source once, every view in a scope of its own, and the code that mounts them.

    A classic script (not a module) so that pages opened from disk (file://) run it.
    """
    chunks = [
        "// Gates & Gradients explorers, generated from gatesgrad/explorers/js (comments there).",
        "(function () {",
        *(_served(name) for name in COMMON_JS),
        _trainer_constant(),
        "const views = {};",
    ]
    for view in views():
        chunks.append(
            f"views[{json.dumps(view)}] = (function () {{\n{_served(f'{view}.js')}\n"
            "return { render };\n})();"
        )
    chunks.append(_served(MOUNT_JS))
    chunks.append("})();")
    return "\n".join(chunks)


# The in-page trainer's scripts (js/trainer/, not views: `views()` reads js/*.js only), in the
# order they are concatenated into one Worker source; each defines its part of `GGTrain`.
TRAINER_JS = (
    "xoshiro.js",  # the seeded generator and adding-problem batches
    "linalg.js",  # the products every cell uses, σ
    "rnn.js",
    "lstm.js",
    "gru.js",
    "optimizer.js",  # clipping and Adam
    "training.js",  # createRun: batches, step, probe
    "worker.js",  # the message loop (only inside a Worker)
)


@cache
def trainer_source() -> str:
    """The in-page trainer's JavaScript as one classic script: the source of the Worker a
    trainer view builds from a Blob (a test page runs it on its main thread), the files of
    js/trainer/ in the order of `TRAINER_JS` without their whole-line comments."""
    return "\n".join(_served(f"trainer/{name}") for name in TRAINER_JS) + "\n"


def check_data(data: dict[str, Any]) -> None:
    """Refuse explorer data a view could not draw: a name used twice, arrays over unknown
    controls, a readout placeholder that names nothing or reads past a curve, a phrase index
    with no phrase."""
    if not isinstance(data.get("controls"), list) or not isinstance(data.get("arrays"), dict):
        raise ValueError(
            f"data: expected 'controls' (a list) and 'arrays' (a dict), got keys {sorted(data)}"
        )
    names = [c["name"] for c in data["controls"]]
    controls = {c["name"]: c for c in data["controls"]}
    if len(controls) < len(names):
        raise ValueError(f"controls: expected distinct names, got {names}")
    for k, spec in enumerate(data["controls"]):
        _check_enabled_when(k, spec, controls)
    arrays, phrases = data["arrays"], data.get("phrases", {})
    for name, array in arrays.items():
        if name in controls:
            raise ValueError(f"data: {name!r} names both a control and an array")
        unknown = set(array["dims"]) - set(controls)
        if unknown:
            raise ValueError(
                f"arrays[{name!r}]: expected dims among the controls {sorted(controls)}, "
                f"got {sorted(unknown)}"
            )
        _check_axes(name, array, controls)
    for template in _templates(data):
        for name, at, style in TEMPLATE_FIELD.findall(template):
            _check_field(data, template, name, at, style)
    for name, choices in phrases.items():
        if name in arrays:
            values = decode_array(arrays[name])
            if not np.all(np.isin(values, np.arange(len(choices)))):
                raise ValueError(
                    f"arrays[{name!r}]: expected indices of its {len(choices)} phrases, "
                    f"got {sorted(set(values.tolist()))}"
                )


def _check_enabled_when(k: int, spec: dict[str, Any], controls: dict[str, dict[str, Any]]) -> None:
    """A control's `enabled_when` names other controls and indices of their values; its
    `disabled_note` is a short text, given only with `enabled_when`."""
    where = f"controls[{k}] ({spec['name']!r})"
    when, note = spec.get("enabled_when"), spec.get("disabled_note")
    if when is None:
        if note is not None:
            raise ValueError(
                f"{where}: disabled_note: expected it only with enabled_when, got {note!r}"
            )
        return
    if not isinstance(when, dict) or not when:
        raise ValueError(
            f"{where}: enabled_when: expected a dict {{control name: [indices]}}, got {when!r}"
        )
    for name, indices in when.items():
        if name == spec["name"] or name not in controls:
            others = sorted(set(controls) - {spec["name"]})
            raise ValueError(
                f"{where}: enabled_when: expected the name of another control {others}, "
                f"got {name!r}"
            )
        size = len(controls[name]["values"])
        if (
            not isinstance(indices, list)
            or not indices
            or not all(
                isinstance(i, int) and not isinstance(i, bool) and 0 <= i < size for i in indices
            )
        ):
            raise ValueError(
                f"{where}: enabled_when[{name!r}]: expected a non-empty list of indices from 0 "
                f"to {size - 1}, got {indices!r}"
            )
    if note is not None and (not isinstance(note, str) or not note.strip() or len(note) > 80):
        raise ValueError(
            f"{where}: disabled_note: expected a short text (1 to 80 characters), got {note!r}"
        )


def _check_axes(name: str, array: dict[str, Any], controls: dict[str, dict[str, Any]]) -> None:
    """The array's leading axes are its `dims` (the axes `grid_array` kept), in order, each
    as long as its control has values: the view indexes them by the selection alone."""
    dims, shape = array["dims"], array["shape"]
    if len(set(dims)) < len(dims):
        raise ValueError(f"arrays[{name!r}]: expected distinct dims, got {dims}")
    if len(shape) < len(dims):
        raise ValueError(f"arrays[{name!r}]: expected an axis per dim {dims}, got shape {shape}")
    for axis, (dim, size) in enumerate(zip(dims, shape, strict=False)):
        expected = len(controls[dim]["values"])
        if size != expected:
            raise ValueError(
                f"arrays[{name!r}]: expected axis {axis} over control {dim!r} to have its "
                f"{expected} values, got {size} (shape {shape})"
            )


def _templates(data: dict[str, Any]) -> list[str]:
    explain = data.get("explain", [])
    explain = [explain] if isinstance(explain, str) else explain
    return [*explain, *(p for ps in data.get("phrases", {}).values() for p in ps)]


def _x_max_range(data: dict[str, Any]) -> tuple[int, int] | None:
    """The smallest and largest last x a curve is drawn to, or None with no x axis."""
    x_max = data.get("x_max")
    control = next((c for c in data["controls"] if c["name"] == x_max), None)
    if control is not None:
        return int(min(control["values"])), int(max(control["values"]))
    return None if x_max is None else (int(x_max), int(x_max))


def _check_field(data: dict[str, Any], template: str, name: str, at: str, style: str) -> None:
    controls = {c["name"] for c in data["controls"]}
    arrays = data["arrays"]
    where = f"explain: {template!r} names {{{name}}}"
    if style and style not in STYLES:
        raise ValueError(f"{where}: expected a style in {STYLES}, got {style!r}")
    if name in controls:
        if at or style:
            raise ValueError(
                f"{where}: a control is shown as its label shows it, expected no "
                f"index or style, got {f'[{at}]' if at else ''}{f':{style}' if style else ''}"
            )
        return
    if name not in arrays:
        raise ValueError(
            f"{where}: expected a control {sorted(controls)} or an array {sorted(arrays)}, "
            "got neither"
        )
    array = arrays[name]
    if at:
        if len(array["shape"]) <= len(array["dims"]):
            raise ValueError(f"{where}[{at}]: expected a curve, got a value per setting")
        reach = _x_max_range(data)
        if reach is None or int(at) > reach[0] or array["shape"][-1] < reach[1] + 1:
            raise ValueError(
                f"{where}[{at}]: expected an x from 0 to the shortest x axis drawn and a curve "
                f"as long as the longest, got x axes {reach} and {array['shape'][-1]} values"
            )
    if style == "phrase" and name not in data.get("phrases", {}):
        raise ValueError(f"{where}: expected phrases[{name!r}], got none")


def static_view_html(kind: str, view: str, state: dict[str, Any], fallback: str) -> str:
    """A widget's form for the website: a `div.{kind}` naming its view, the `fallback` text
    shown without JavaScript, and `state` as JSON, which the site's script mounts the view on
    (js/mount.js). `kind` is "gg-explorer" or "gg-check"."""
    payload = json.dumps(state, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<div class="{kind}" data-gg-view="{html.escape(view)}">'
        f'<p class="{kind}-fallback">{html.escape(fallback)}</p>'
        f'<script type="application/json" class="{kind}-state">{payload}</script>'
        "</div>"
    )


class SelectionError(traitlets.TraitError, ValueError):
    """A selection outside the controls: a ValueError, and a TraitError so that traitlets
    undoes the change when a view sends it."""


def check_selection(data: dict[str, Any], selection: dict[str, Any]) -> dict[str, int]:
    """`selection` as {control: index}, every control at the index of one of its values."""
    controls = {c["name"]: len(c["values"]) for c in data["controls"]}
    if not isinstance(selection, dict) or set(selection) != set(controls):
        got = sorted(selection) if isinstance(selection, dict) else type(selection).__name__
        raise SelectionError(f"selection: expected the controls {sorted(controls)}, got {got}")
    for name, index in selection.items():
        if (
            isinstance(index, bool)
            or not isinstance(index, int | np.integer)
            or not (0 <= index < controls[name])
        ):
            raise SelectionError(
                f"selection[{name!r}]: expected an index from 0 to {controls[name] - 1}, "
                f"got {index!r}"
            )
    return {name: int(index) for name, index in selection.items()}


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
        esm = view_module(as_choice(view, "view", explorer_views()))
        if not isinstance(data, dict):
            raise TypeError(
                f"data: expected a dict of controls and arrays, got {type(data).__name__}"
            )
        try:
            check_data(data)
        except KeyError as error:
            raise ValueError(f"data: expected data a view can draw, got no key {error}") from None
        except (TypeError, ValueError) as error:
            raise ValueError(f"data: expected data a view can draw, got {error}") from None
        selection = check_selection(data, selection)  # before the widget opens
        super().__init__(
            _esm=esm,
            _css=stylesheet(),
            view=view,
            title=title,
            data=data,
            selection=selection,
        )

    @traitlets.validate("selection")
    def _valid_selection(self, proposal: Any) -> dict[str, int]:
        """A new selection, from Python or from a view, is checked like the first."""
        return check_selection(self.data, proposal["value"])

    def static_html(self) -> str:
        """The placeholder and state the website mounts the view from."""
        state = {
            "view": self.view,
            "title": self.title,
            "data": self.data,
            "selection": self.selection,
        }
        fallback = (
            f"{self.title}: a live explorer. It needs JavaScript: run this notebook in "
            "JupyterLab, or read the website."
        )
        return static_view_html("gg-explorer", self.view, state, fallback)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle or {}, {})
        return {**data, "text/html": self.static_html()}, metadata

    def __repr__(self) -> str:
        return f"Explorer(view={self.view!r}, title={self.title!r})"
