"""The exercises' answer box (`check`) in Chromium, on a small page of its own opened from
disk (no book build), as the website serves it: mounted with no console error; a number
accepted within its tolerance and refused just outside it; a known slip answered with its
feedback; garbage answered with a sentence, not an exception; expressions read as Python
computes them; labelled, its verdict in a live region, clean for axe, and within the phone's
sizes. The checks on the book's pages are driven by tests/test_site_checks.py."""

from __future__ import annotations

import functools
import math
from pathlib import Path

import pytest

from gatesgrad.explorers import check
from gatesgrad.explorers.base import JS_DIR, SITE_SCRIPT, STYLESHEET, site_script
from tests.conftest import PHONE
from tests.test_site_access import BLOCKING, axe_violations, describe
from tests.test_site_phone import (
    MAX_EXPLORER_PX,
    MIN_PICTURE_SCALE,
    MIN_TARGET_PX,
    MIN_TEXT_PX,
    PROBE,
    PROBLEMS,
    SCRIPT_SCALE,
)

pytestmark = pytest.mark.site

POWER = 0.9**50
SLIPS = [
    (0.9**49, "Off by one: from step 1 to step 50 there are 50 factors of 0.9."),
    (1 - 50 * 0.1, "That subtracts 0.1 fifty times; each step multiplies by 0.9."),
]


@functools.cache
def _checks():
    return [
        check("demo_power", POWER, label="0.9 to the 50th =", rel=1e-3, wrong=SLIPS),
        check("demo_zero", 0.0, label="the gradient's mean =", rel=0, abs=1e-6),
        check(
            "demo_choice",
            "tanh",
            label="Which activation saturates on both sides?",
            choices=["ReLU", "tanh", "the identity"],
            wrong={"ReLU": "ReLU grows without bound for positive inputs."},
        ),
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A page holding three checks, with the site's script and stylesheet beside it."""
    folder = tmp_path_factory.mktemp("check-site")
    (folder / SITE_SCRIPT).write_text(site_script(), encoding="utf-8")
    (folder / STYLESHEET).write_text((JS_DIR / STYLESHEET).read_text(), encoding="utf-8")
    boxes = "".join(c.static_html() for c in _checks())
    (folder / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Checks</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="stylesheet" href="{STYLESHEET}">'
        "<style>body { line-height: 1.65; font-size: 16px; }"
        " html[data-theme=dark] body { background: #14181e; color: #ced6dd; }</style></head>"
        f"<body><main class='bd-article'><h1>Checks</h1>{boxes}</main>"
        f'<script src="{SITE_SCRIPT}"></script></body></html>',
        encoding="utf-8",
    )
    return folder


def open_checks(chromium, site: Path, device: dict | None = None, theme: str = "light"):
    """The page opened from disk, nothing outside its folder reachable."""
    context = chromium.new_context(**(device or {"viewport": {"width": 1280, "height": 900}}))
    page = context.new_page()
    errors: list[str] = []
    root = site.as_uri()
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(root + "/")
            else (errors.append(route.request.url), route.abort())
        ),
    )
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{root}/index.html", wait_until="load")
    page.evaluate(f"document.documentElement.dataset.theme = {theme!r}")
    page.wait_for_function("() => document.querySelectorAll('.gg-check-root').length === 3")
    return page, errors


@pytest.fixture(scope="module")
def desk(chromium, site):
    """One page at 1280 px in light colours, shared by the tests that type into it (each
    sets every verdict it reads)."""
    page, errors = open_checks(chromium, site)
    yield page, errors
    page.context.close()


def submit(box, text: str) -> tuple[str, str]:
    """Type `text` into a number check, press Enter; the verdict and the feedback."""
    box.get_by_role("textbox").fill(text)
    box.get_by_role("textbox").press("Enter")
    return box.get_attribute("data-verdict"), box.get_by_role("status").inner_text()


def test_a_number_is_accepted_within_its_tolerance_and_slips_get_their_feedback(desk):
    page, errors = desk
    box = page.locator(".gg-check-root").nth(0)
    assert "Accepted within 0.1% of the answer" in box.inner_text()
    assert submit(box, repr(POWER))[0] == "right"
    for inside in (POWER * (1 + 0.99e-3), POWER * (1 - 0.99e-3)):
        verdict, said = submit(box, repr(inside))
        assert verdict == "right", (inside, said)
    for outside in (POWER * (1 + 1.01e-3), POWER * (1 - 1.01e-3)):
        verdict, said = submit(box, repr(outside))
        assert verdict == "wrong" and "is not within 0.1% of the answer" in said, (outside, said)
    for value, feedback in SLIPS:
        verdict, said = submit(box, repr(value))
        assert verdict == "slip" and feedback in said, (value, said)
    verdict, said = submit(box, "0.9^50")  # an expression, echoed with what it read
    assert verdict == "right" and f"{POWER:.6g}" in said and "from “0.9^50”" in said, said
    box.get_by_role("textbox").fill("0.9^5")  # editing clears the verdict
    assert (
        box.get_attribute("data-verdict") is None and box.get_by_role("status").inner_text() == ""
    )
    box.get_by_role("button", name="Check").click()  # the button checks, as Enter does
    assert box.get_attribute("data-verdict") == "wrong"
    zero = page.locator(".gg-check-root").nth(1)  # an absolute tolerance around 0
    assert "Accepted within ±1e−6 of the answer" in zero.inner_text()
    assert [submit(zero, t)[0] for t in ("0", "-9.9e-7", "9.9e-7", "1.01e-6", "-1.01e-6")] == [
        "right",
        "right",
        "right",
        "wrong",
        "wrong",
    ]
    assert not errors, errors


GARBAGE = {
    "": "Type a number",
    "abc": "“abc” is not a function or constant it knows",
    "0.9^": "it ends too soon",
    "(2": "expected “)”",
    "2,5": "unexpected “,”",
    "1/0": "is infinite",
    "ln(-1)": "is undefined (NaN)",
    "0.9 0.8": "unexpected “0.8”",
    "exp 2": "expected “(”",
    "2 $": "unexpected “$”",
}


def test_garbage_gets_a_sentence_not_an_exception(desk):
    page, errors = desk
    box = page.locator(".gg-check-root").nth(0)
    for typed, because in GARBAGE.items():
        verdict, said = submit(box, typed)
        assert verdict == "unread" and because in said, (typed, said)
        if typed:
            assert said.startswith(("Could not read", f"“{typed}” is")), said
    assert not errors, errors


# What a reader may type, and the value Python computes for it (the same double, or within
# a rounding of the last bit where JavaScript's Math and Python's math may differ).
EXPRESSIONS = {
    "0.25": 0.25,
    "2.5e-3": 2.5e-3,
    ".5": 0.5,
    "1E+3": 1e3,
    "−2": -2.0,
    "-2^2": -4.0,
    "2^-2": 0.25,
    "2^3^2": 512.0,
    "2**10": 1024.0,
    "3 × 4 · 2": 24.0,
    "1 ÷ 4": 0.25,
    "1 - 2 - 3": -4.0,
    "12 / 3 / 2": 2.0,
    "(1 + 2) * 3": 9.0,
    "0.9^(1/100)": 0.9 ** (1 / 100),
    "exp(-2)": math.exp(-2),
    "ln(2)/ln(0.9)": math.log(2) / math.log(0.9),
    "log(2)": math.log(2),
    "log10(1000)": 3.0,
    "sqrt(2)": math.sqrt(2),
    "√(16)": 4.0,
    "tanh(1)": math.tanh(1),
    "sigma(1)": 1 / (1 + math.exp(-1)),
    "σ(0)": 0.5,
    "σ(2)^50": (1 / (1 + math.exp(-2))) ** 50,
    "e": math.e,
    "2pi": None,  # implicit products are not read
    "π/2": math.pi / 2,
    "abs(-3)": 3.0,
    "1 000 000": 1e6,
}


def test_expressions_are_read_as_python_computes_them(desk):
    page, errors = desk
    read = page.evaluate(
        "(texts) => texts.map((t) =>"
        " document.querySelector('.gg-check-root').ggCheck.readNumber(t))",
        list(EXPRESSIONS),
    )
    for (typed, expected), got in zip(EXPRESSIONS.items(), read, strict=True):
        if expected is None:
            assert "error" in got, (typed, got)
        else:
            assert got.get("value") == pytest.approx(expected, rel=1e-15, abs=0), (typed, got)
    assert not errors, errors


def test_a_choice_answers_at_once(desk):
    page, errors = desk
    box = page.locator(".gg-check-root").nth(2)
    group = box.get_by_role("group", name="Which activation saturates on both sides?")
    group.get_by_label("ReLU").check()
    assert box.get_attribute("data-verdict") == "slip"
    assert "ReLU grows without bound" in box.get_by_role("status").inner_text()
    group.get_by_label("the identity").check()
    assert box.get_attribute("data-verdict") == "wrong"
    group.get_by_label("tanh").check()
    assert box.get_attribute("data-verdict") == "right"
    assert not errors, errors


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_labelled_live_and_clean_for_axe(chromium, site, theme):
    """Each input has its label as its name, the verdict sits in a polite live region, and
    axe finds nothing serious, with every kind of verdict shown."""
    page, errors = open_checks(chromium, site, theme=theme)
    boxes = page.locator(".gg-check-root")
    assert boxes.nth(0).get_by_label("0.9 to the 50th =").count() == 1
    assert boxes.nth(1).get_by_label("the gradient's mean =").count() == 1
    for k in range(3):
        assert boxes.nth(k).get_by_role("status").get_attribute("aria-live") == "polite"
    submit(boxes.nth(0), repr(SLIPS[0][0]))
    submit(boxes.nth(1), "0")
    boxes.nth(2).get_by_label("the identity").check()
    assert not errors, errors  # before axe, which reads the stylesheet (refused from disk)
    violations = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not violations, describe(violations)
    page.context.close()


def test_on_a_phone(chromium, site):
    """At 400 px, with feedback shown: text of 12 px or more, targets of 24 px, nothing wider
    than the screen (the website's phone pass, tests/phone_probe.js)."""
    page, errors = open_checks(chromium, site, PHONE)
    submit(page.locator(".gg-check-root").nth(0), repr(SLIPS[1][0]))
    found = page.evaluate(
        PROBE, [MIN_TEXT_PX, MIN_TARGET_PX, MAX_EXPLORER_PX, MIN_PICTURE_SCALE, SCRIPT_SCALE]
    )
    for kind, what in PROBLEMS.items():
        assert not found[kind], f"{what}: {found[kind][:8]}"
    assert not errors, errors
    page.context.close()
