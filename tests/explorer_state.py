"""An explorer's state read the way its view reads it: common.js's gridAt, curveAt and
fillTemplate, and what each view draws, mirrored in Python. The website tests check this
mirror against the drawn page; the grid sweep then uses it at every position."""

from __future__ import annotations

import base64
import functools
import itertools
import json
import math
import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path

import numpy as np

from gatesgrad.explorers import decode_array

STATE = re.compile(r'class="gg-explorer-state">(.*?)</script>', re.S)
FIELD = re.compile(r"\{(\w+)(?:\[(\d+)\])?(?::(\w+))?\}")


def states_in(html: str) -> list[dict]:
    """The explorer states embedded in some HTML (Explorer.static_html), in order."""
    return [json.loads(p.replace("<\\/", "</")) for p in STATE.findall(html)]


def page_states(page: Path) -> list[dict]:
    """The explorer states a built page embeds, in page order."""
    return states_in(page.read_text())


def positions(data: dict) -> Iterator[dict[str, int]]:
    """Every selection of the explorer: each combination of its controls' indices."""
    names = [c["name"] for c in data["controls"]]
    for indices in itertools.product(*(range(len(c["values"])) for c in data["controls"])):
        yield dict(zip(names, indices, strict=True))


def grid_at(array: dict, selection: dict) -> np.ndarray:
    """What gridAt returns: the value, or the curve, at the selection."""
    values = _decoded(array)
    index = 0
    for name, size in zip(array["dims"], array["shape"], strict=False):
        index = index * size + selection[name]
    free = array["shape"][len(array["dims"]) :]
    inner = math.prod(free)
    return values[index * inner : (index + 1) * inner].reshape(free)


def _decoded(array: dict) -> np.ndarray:
    """An array's values, flat, as the view's decodeArray holds them (decoded once): a
    Float32Array, a Uint8Array of codes, or levels read as lo + k·(hi − lo)/n in doubles."""
    dtype = next(d for d in ("float32", "uint16", "uint8") if d in array)
    levels = (array.get("lo"), array.get("hi"))
    return _decode(dtype, array[dtype], tuple(array["shape"]), levels)


@functools.cache
def _decode(
    dtype: str, encoded: str, shape: tuple[int, ...], levels: tuple[float | None, float | None]
) -> np.ndarray:
    if levels == (None, None):
        return decode_array({dtype: encoded, "shape": list(shape)}).reshape(-1)
    # written out here, not by decode_array: common.js's arithmetic, in its order
    lo, hi = levels
    n = {"uint8": 255, "uint16": 65535}[dtype]
    k = np.frombuffer(base64.b64decode(encoded), dtype={"uint8": "u1", "uint16": "<u2"}[dtype])
    return lo + (k.astype(float) * (hi - lo)) / n


def x_max_at(data: dict, selection: dict) -> int:
    control = next((c for c in data["controls"] if c["name"] == data.get("x_max")), None)
    return int(control["values"][selection[control["name"]]] if control else data["x_max"])


def curve_at(data: dict, name: str, selection: dict) -> np.ndarray:
    """What curveAt draws over x = x_min … x_max (x_min 0 unless the data set it)."""
    array = data["arrays"][name]
    last = x_max_at(data, selection)
    values = grid_at(array, selection)
    if array.get("align") == "end":  # values[last − x]; past the array's start, NaN (undefined)
        return np.array(
            [values[last - x] if last - x < len(values) else np.nan for x in range(last + 1)]
        )
    return values[: last - data.get("x_min", 0) + 1]


def drawn(view: str, data: dict, selection: dict) -> dict[str, np.ndarray]:
    """Every number the view draws at the selection, by what it draws."""
    arrays = data["arrays"]
    if view == "curves":
        return {s["name"]: curve_at(data, s["name"], selection) for s in data["series"]}
    if view == "gate":  # a value on every wire, a bar per gate
        return {name: grid_at(array, selection) for name, array in arrays.items()}
    if view == "sequence":  # heatmap opacities: value / its scale (data["scales"])
        shown = {"inputs": grid_at(arrays["inputs"], {})}  # sequence.js: gridAt(A.inputs, {})
        for name in data["quantities"]:
            shown[name] = grid_at(arrays[name], selection) / data["scales"][name]
        return shown
    if view == "text":  # the characters, each as its code point, and each one's colour
        return text_drawn(data, selection)
    raise ValueError(f"view: expected curves, gate, sequence or text, got {view!r}")


def text_drawn(data: dict, selection: dict) -> dict[str, np.ndarray]:
    """What text.js draws: "text", the characters shown (the prime first, then
    data["chars"][code] for each code at the selection, "↵" for a line break), as code points
    (numbers, like every other drawing); with a colour array, "colour", each character's
    signed value (level − 127.5) / 127.5 where `signed` is 1, else level / 255 (its span's
    class gg-tx-pos/neg is the sign, its --gg-a the magnitude), and, for a signed colour,
    "scale", the value the key says is full colour."""
    arrays = data["arrays"]
    shown = shown_text(data, selection)
    out = {"text": np.array([ord(c) for c in shown], dtype=float)}
    if "colour" in arrays:
        levels = grid_at(arrays["colour"], selection).astype(float)
        if float(grid_at(arrays["signed"], selection)) == 1:
            out["colour"] = (levels - 127.5) / 127.5
            out["scale"] = grid_at(arrays["scale"], selection)
        else:
            out["colour"] = levels / 255
    return out


def shown_text(data: dict, selection: dict) -> str:
    """The text text.js shows at the selection, prime and all, "↵" for each line break."""
    codes = grid_at(data["arrays"]["codes"], selection)
    chars = "".join(js_char_at(data["chars"], int(code)) for code in codes).replace("\n", "↵")
    return data.get("prime", "") + chars


def js_char_at(text: str, k: int) -> str:
    """JavaScript's text[k]: the k-th UTF-16 code unit (a character outside the Basic
    Multilingual Plane takes two); past the end the view would show nothing, an error here."""
    units = text.encode("utf-16-le", "surrogatepass")
    if not 0 <= k < len(units) // 2:
        raise IndexError(f"code {k} is past the {len(units) // 2} characters of chars")
    return units[2 * k : 2 * k + 2].decode("utf-16-le", "surrogatepass")


# -- the readout, as common.js writes it -------------------------------------------------------


def js_string(x: float) -> str:
    """JavaScript's String(x) for a finite number: shortest digits, plain between 1e-7
    and 1e21, else exponent form."""
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    digits, exponent = _shortest(abs(x))
    k, n = len(digits), len(digits) + exponent  # x = 0.d1…dk × 10^n
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{sign}{mantissa}e{'+' if n - 1 >= 0 else '-'}{abs(n - 1)}"


def _shortest(x: float) -> tuple[str, int]:
    """The shortest digits that round-trip x (as repr finds them), and their exponent."""
    _, digits, exponent = Decimal(repr(x)).normalize().as_tuple()
    return "".join(map(str, digits)), int(exponent)


def js_to_fixed(x: float, digits: int) -> str:
    """Number.prototype.toFixed: the exact value rounded half away from zero (String(x) from
    1e21 on)."""
    if abs(x) >= 1e21:
        return js_string(x)
    text = str(Decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    return text[1:] if text.startswith("-") and x >= 0 else text  # (−0).toFixed is "0.…"


def js_to_precision(x: float, precision: int) -> str:
    """Number.prototype.toPrecision for a finite number."""
    if x == 0:
        return "0" + ("." + "0" * (precision - 1) if precision > 1 else "")
    rounded = Context(prec=precision, rounding=ROUND_HALF_UP).plus(Decimal(x))
    e = rounded.adjusted()
    if e < -6 or e >= precision:
        sign, digits, _ = rounded.as_tuple()
        d = "".join(map(str, digits)).ljust(precision, "0")
        mantissa = d[0] + ("." + d[1:] if precision > 1 else "")
        return f"{'-' if sign else ''}{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"
    return format(rounded, f".{max(0, precision - 1 - e)}f")


def minus(text: str) -> str:
    return text.replace("-", "−", 1)


def format_number(value: float, digits: int = 3) -> str:
    if math.isnan(value):
        return "undefined (NaN)"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return minus(js_to_fixed(value, digits))


def format_pow10(log10: float) -> str:
    if math.isnan(log10):
        return "undefined (NaN)"
    if math.isinf(log10):
        return "∞ (overflow)" if log10 > 0 else "0 (exactly)"
    value = 10.0**log10 if log10 < 3 else math.inf  # 10**log10 overflows a float past 308
    if 0.01 <= value < 999.5:
        return js_to_precision(value, 3)
    exponent = math.floor(log10)
    mantissa = js_to_fixed(10.0 ** (log10 - exponent), 1)
    if mantissa == "10.0":
        mantissa, exponent = "1.0", exponent + 1
    power = ("⁻" if exponent < 0 else "") + str(abs(exponent)).translate(SUPERSCRIPT)
    return f"{mantissa}\u00a0×\u00a010{power}"  # no-break spaces, as the view writes it


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_control(control: dict, index: int) -> str:
    value = control["values"][index]
    if control.get("kind") == "radio":  # the option as it is, a number as String() writes it
        return value if isinstance(value, str) else js_string(float(value))
    if control.get("digits") is not None:
        return format_number(float(value), control["digits"])
    if float(value).is_integer():
        return minus(str(int(value)))
    return format_number(float(value), 1)


def fill_template(template: str, data: dict, selection: dict) -> str:
    """What fillTemplate writes for `template` at the selection."""
    controls = {c["name"]: c for c in data["controls"]}

    def field(match: re.Match) -> str:
        name, at, style = match.groups()
        if name in controls:
            return format_control(controls[name], selection[name])
        if at is None:
            value = float(grid_at(data["arrays"][name], selection))
        else:
            value = float(curve_at(data, name, selection)[int(at)])
        if style == "phrase":  # an index; anything else would throw in the view
            phrases = data["phrases"][name]
            if not (value.is_integer() and 0 <= value < len(phrases)):
                raise IndexError(f"{name}: {value} is not an index of its {len(phrases)} phrases")
            return fill_template(phrases[int(value)], data, selection)
        if style == "pow10":
            return format_pow10(value)
        if style == "sig" and math.isfinite(value):
            return minus(js_string(float(js_to_precision(value, 3))))
        return format_number(value)

    return FIELD.sub(field, template)


def readout(data: dict, selection: dict) -> list[str]:
    """The readout's paragraphs at the selection."""
    explain = data.get("explain", [])
    templates = [explain] if isinstance(explain, str) else explain
    return [fill_template(t, data, selection) for t in templates]
