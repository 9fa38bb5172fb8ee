"""A check: an exercise's answer box. The reader types a number (or a short expression) or
picks a choice, and the view says at once whether it holds.

The expected answer is computed by the chapter's code and passed in; it reaches the page
encoded (XOR with the check's key, then base64), out of plain view in the source but not
secret. A number is accepted within max(`abs`, `rel`·|answer|); answers a reader is known to
reach by a common slip (`wrong`) get feedback of their own, matched with the same tolerance
around each. The view (js/check.js) parses what is typed itself: numbers such as 2.5e-3 and
expressions such as 0.9^50, exp(-2) or sigma(1), with no `eval`.

Like an explorer, a check runs as an anywidget in a notebook and, on the static website,
from its `text/html` form, mounted by the site's script.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import anywidget
import traitlets

from .._checks import as_float, as_instance, as_int
from .base import CHECK_VIEWS, static_view_html, stylesheet, view_module

(VIEW,) = CHECK_VIEWS
MAX_FEEDBACK = 400  # characters of one feedback text


def encode_secret(payload: dict[str, Any], key: str) -> str:
    """`payload` as JSON, XORed with the UTF-8 bytes of `key` (cycled), in base64."""
    raw = json.dumps(payload, separators=(",", ":")).encode()
    mask = key.encode()
    return base64.b64encode(bytes(b ^ mask[k % len(mask)] for k, b in enumerate(raw))).decode()


def decode_secret(secret: str, key: str) -> dict[str, Any]:
    """Inverse of `encode_secret`."""
    raw, mask = base64.b64decode(secret, validate=True), key.encode()
    return json.loads(bytes(b ^ mask[k % len(mask)] for k, b in enumerate(raw)))


def tolerance(answer: float, rel: float, abs_: float) -> float:
    """How far from `answer` a typed value may be and still hold: max(abs, rel·|answer|)."""
    return max(abs_, rel * math.fabs(answer))


def _pretty(value: float) -> str:
    """A tolerance as a reader writes it: 0.1, 1e−6 (no zero-padded exponent), − for minus."""
    mantissa, _, exponent = f"{value:g}".partition("e")
    return (mantissa + (f"e{int(exponent)}" if exponent else "")).replace("-", "−")


def tolerance_text(rel: float, abs_: float) -> str:
    """The tolerance in words: "within 0.1% of the answer", "within ±1e−6 of the answer", or
    "within 1% or ±1e−6 of the answer"."""
    parts = [f"{_pretty(rel * 100)}%"] if rel > 0 else []
    parts += [f"±{_pretty(abs_)}"] if abs_ > 0 else []
    return f"within {' or '.join(parts)} of the answer"


def _text(value: object, name: str, *, limit: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ValueError(f"{name}: expected a text of 1 to {limit} characters, got {value!r}")
    return value


def _number_payload(
    answer: object, rel: float, abs_: float, wrong: object
) -> tuple[float, list[list[Any]]]:
    value = as_float(answer, "answer")
    if value == 0 and abs_ == 0:
        raise ValueError("abs: expected a tolerance above 0 for an answer of 0, got 0")
    if isinstance(wrong, str | bytes | Mapping) or not isinstance(wrong, Sequence):
        raise TypeError(
            f"wrong: expected a sequence of (value, feedback) pairs, got {type(wrong).__name__}"
        )
    slips: list[list[Any]] = []
    for k, pair in enumerate(wrong):
        if not isinstance(pair, Sequence) or isinstance(pair, str | bytes) or len(pair) != 2:
            raise TypeError(f"wrong[{k}]: expected a (value, feedback) pair, got {pair!r}")
        slip = as_float(pair[0], f"wrong[{k}][0]")
        feedback = _text(pair[1], f"wrong[{k}][1]", limit=MAX_FEEDBACK)
        if math.fabs(slip - value) <= tolerance(value, rel, abs_) + tolerance(slip, rel, abs_):
            raise ValueError(
                f"wrong[{k}][0]: expected a value the tolerance (rel = {rel:g}, abs = {abs_:g}) "
                f"tells apart from the answer {value!r}, got {slip!r}"
            )
        for j, (other, _) in enumerate(slips):
            if math.fabs(slip - other) <= tolerance(slip, rel, abs_) + tolerance(other, rel, abs_):
                raise ValueError(
                    f"wrong[{k}][0]: expected a value the tolerance (rel = {rel:g}, abs = "
                    f"{abs_:g}) tells apart from wrong[{j}] = {other!r}, got {slip!r}"
                )
        slips.append([slip, feedback])
    return value, slips


def _choice_payload(
    answer: object, choices: object, wrong: object
) -> tuple[list[str], dict[str, Any]]:
    if isinstance(choices, str | bytes) or not isinstance(choices, Sequence) or len(choices) < 2:
        raise ValueError(f"choices: expected a list of at least 2 texts, got {choices!r}")
    options = [_text(c, f"choices[{k}]", limit=120) for k, c in enumerate(choices)]
    if len(set(options)) < len(options):
        raise ValueError(f"choices: expected distinct texts, got {options}")
    if answer not in options:
        raise ValueError(f"answer: expected one of the choices {options}, got {answer!r}")
    if not isinstance(wrong, Mapping):
        raise TypeError(f"wrong: expected a dict {{choice: feedback}}, got {type(wrong).__name__}")
    feedback = {}
    for choice, text in wrong.items():
        if choice not in options or choice == answer:
            others = [o for o in options if o != answer]
            raise ValueError(
                f"wrong: expected keys among the wrong choices {others}, got {choice!r}"
            )
        feedback[str(options.index(choice))] = _text(text, f"wrong[{choice!r}]", limit=MAX_FEEDBACK)
    return options, {"answer": options.index(answer), "feedback": feedback}


def _precision(
    value: float, sig: object, decimals: object, rel: float, abs_: float
) -> dict[str, Any]:
    """{"sig": n} or {"decimals": n} for the data, once the answer written so is seen to hold."""
    if sig is None and decimals is None:
        return {}
    if sig is not None and decimals is not None:
        raise ValueError(f"sig, decimals: expected at most one, got {sig!r} and {decimals!r}")
    if sig is not None:
        n = as_int(sig, "sig", minimum=1, maximum=17)
        name, written = "sig", float(f"{value:.{n}g}")
        how = f"to {n} significant figures"
    else:
        n = as_int(decimals, "decimals", minimum=0, maximum=17)
        name, written = "decimals", round(value, n)
        how = f"to {n} decimal places"
    if math.fabs(written - value) > tolerance(value, rel, abs_):
        raise ValueError(
            f"rel, abs: expected a tolerance that accepts the answer {value!r} written {how} "
            f"({written!r}), got {tolerance_text(rel, abs_)}"
        )
    return {name: n}


class Check(anywidget.AnyWidget):
    """An answer box, made by `check`: `data` holds the question's label, the encoded answer
    and the tolerance; `response` what the reader last submitted and the verdict."""

    _esm = traitlets.Unicode("").tag(sync=True)
    _css = traitlets.Unicode("").tag(sync=True)
    view = traitlets.Unicode(VIEW).tag(sync=True)
    title = traitlets.Unicode().tag(sync=True)
    data = traitlets.Dict().tag(sync=True)
    response = traitlets.Dict().tag(sync=True)  # {"text", "verdict"} set by the view

    def __init__(self, *, title: str, data: dict[str, Any]) -> None:
        super().__init__(
            _esm=view_module(VIEW), _css=stylesheet(), title=title, data=data, response={}
        )

    def static_html(self) -> str:
        """The placeholder and state the website mounts the check from."""
        state = {"view": VIEW, "title": self.title, "data": self.data, "response": {}}
        fallback = f"{self.title}: type your answer here in JupyterLab, or on the website."
        return static_view_html("gg-check", VIEW, state, fallback)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle or {}, {})
        return {**data, "text/html": self.static_html()}, metadata

    def __repr__(self) -> str:
        return f"Check(key={self.data.get('key')!r}, label={self.data.get('label')!r})"


def check(
    key: str,
    answer: float | str,
    *,
    label: str,
    rel: float = 1e-3,
    abs: float = 0.0,  # noqa: A002 (the name the reader reads: an absolute tolerance)
    wrong: Sequence[tuple[float, str]] | Mapping[str, str] = (),
    choices: Sequence[str] | None = None,
    sig: int | None = None,
    decimals: int | None = None,
    title: str = "Check your answer",
) -> Check:
    """An answer box for `answer`, named `key` (unique in the book; the tests read the
    answer by it). A number holds within max(`abs`, `rel`·|answer|); `wrong` gives feedback
    for known slips, as (value, feedback) pairs. `sig` or `decimals`: the precision the
    exercise asks for; the answer written so must hold (else the tolerance is refused). With
    `choices`, `answer` is one of them and `wrong` maps other choices to their feedback."""
    if not isinstance(key, str) or not key.isidentifier() or not key.isascii():
        raise ValueError(f"key: expected an identifier such as 'ch5_check_keep', got {key!r}")
    label = _text(label, "label", limit=120)
    title = _text(title, "title", limit=80)
    data: dict[str, Any] = {"key": key, "label": label}
    if choices is None:
        rel = as_float(rel, "rel", minimum=0.0, maximum=0.5)
        abs_ = as_float(abs, "abs", minimum=0.0)
        if rel == 0 and abs_ == 0:
            raise ValueError("rel, abs: expected a tolerance above 0 in one of them, got 0 and 0")
        value, slips = _number_payload(answer, rel, abs_, wrong)
        data |= {"kind": "number", "rel": rel, "abs": abs_, "tolerance": tolerance_text(rel, abs_)}
        data |= _precision(value, sig, decimals, rel, abs_)
        payload: dict[str, Any] = {"answer": value, "wrong": slips}
    else:
        if sig is not None or decimals is not None:
            raise ValueError(
                f"sig, decimals: expected None for a choice, got {sig!r}, {decimals!r}"
            )
        data["choices"], payload = _choice_payload(answer, choices, wrong)
        data["kind"] = "choice"
    data["secret"] = encode_secret(payload, key)
    return Check(title=title, data=data)


def check_answer(widget: Check) -> Any:
    """What `widget` (made by `check`) accepts: the number, or the text of the right choice."""
    data = as_instance(widget, Check, "widget").data
    payload = decode_secret(data["secret"], data["key"])
    return payload["answer"] if data["kind"] == "number" else data["choices"][payload["answer"]]
