"""The website in headless Chromium, opened from disk with every outside request blocked.

Each page is loaded once for all its checks (it renders with its maths, ids and labels,
text alternatives, weight, accessibility, folded solutions). Each explorer is then driven
like a reader drives it: one explorer of each kind of view through every value of every
control, the others through each control's ends and an interior value a seeded generator
picks; at every position the drawing is checked against values Python computes
independently of the page, and the readout against tests/explorer_state.py's mirror of the
view (which the grid sweep, test_explorer_grids.py, then trusts at every position)."""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from playwright.sync_api import expect

from gatesgrad import charmodel as cm
from gatesgrad import text as tx
from gatesgrad.explorers import base as explorer_base
from gatesgrad.explorers.base import (
    CHECK_VIEWS,
    JS_DIR,
    STYLESHEET,
    TRAINER_VIEWS,
    Explorer,
    grid_array,
    site_script,
    views,
)
from gatesgrad.explorers.decay import decay_curve, decay_network
from gatesgrad.explorers.gate import gate_grid
from gatesgrad.explorers.gradient_flow import INITS as FLOW_INITS
from gatesgrad.explorers.gradient_flow import flow_curves
from gatesgrad.explorers.gru_flow import PHRASES as GRU_FLOW_PHRASES
from gatesgrad.explorers.gru_flow import gru_flow_curves, most_at_start
from gatesgrad.explorers.memory import pulse_memory
from gatesgrad.explorers.sequence import MODES, marked_sequence, run
from gatesgrad.gradients import gradient_regime, log10_chain_bound
from gatesgrad.tasks import adding_problem
from tests.book_data import (
    EXPLORERS,
    ROOT,
    TRAINERS,
    drawing_explorers,
    executed,
    glued,
    toc_files,
)
from tests.check_state import check_states_in
from tests.claims import ch12 as ch12_claims
from tests.conftest import MOUNTED, PHONE, fetched_bytes
from tests.explorer_state import (
    curve_at,
    drawn,
    format_control,
    format_number,
    format_pow10,
    grid_at,
    page_states,
    readout,
    shown_text,
)
from tests.site_checks import drive_checks
from tests.test_site_access import (
    BLOCKING,
    DARK_PAGES,
    axe_violations,
    check_dark_mode,
    describe,
)

pytestmark = pytest.mark.site

CH12 = "book/12-character-model"
FIRST_VISIT_BYTES = 1_500_000  # every file a first visit to a page fetches (benchmarks/site.py)


def has_math(doc: str) -> bool:
    source = (ROOT / f"{doc}.md").read_text()
    return bool(re.search(r"\$[^$\n]+\$", source))


# -- every page, loaded once -------------------------------------------------------------------

NAMES_AND_IDS = """
() => {
  const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
  return {
    duplicates: ids.filter((id, k) => ids.indexOf(id) !== k),
    labels: [...document.querySelectorAll(".gg-explorer-root input")].map((input) =>
      [...input.labels].map((label) => label.textContent.trim())),
    otherNames: document.querySelectorAll(
      ".gg-explorer-root input[aria-label], .gg-explorer-root input[aria-labelledby]").length,
  };
}
"""


# The trainer's radio buttons that are no control of its data: on a phone it shows one of
# its drawings at a time (js/trainer.js, `panels`).
TRAINER_PANELS = {"loss", "gradient", "gates"}


def control_names(doc: str) -> set[str]:
    """What each explorer input of the page should be called: its control's label (a slider)
    or its option (a radio button), from the states embedded in the page."""
    names = set()
    for state in page_states(ROOT / f"_build/html/{doc}.html"):
        if state["view"] in TRAINER_VIEWS:  # its switch between drawings on a phone
            names |= TRAINER_PANELS
        for control in state["data"]["controls"]:
            radio = control.get("kind") == "radio"
            options = {format_control(control, i) for i in range(len(control["values"]))}
            names |= options if radio else {control["label"]}
    return names


MATHS = r"""
() => ({
  formulas: document.querySelectorAll("article math").length,
  bare: [...document.querySelectorAll("article .math")].filter((e) => !e.querySelector("math"))
    .map((e) => e.textContent.slice(0, 40)),
  errors: document.querySelectorAll("article merror, article .math-core-error").length,
  unconverted: [...document.querySelectorAll("article p, article li")]
    .filter((e) => /\$\$|\\\(|\\\[/.test(e.textContent)).map((e) => e.textContent.slice(0, 40)),
  font: [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "STIX Two Math")
    .map((f) => f.status),
})
"""


def check_renders(page, doc: str) -> None:
    """The page's maths is MathML (written at build time), drawn in the maths font."""
    assert page.locator("article h1").first.is_visible()
    maths = page.evaluate(MATHS)
    assert maths["bare"] == [], f"{doc}: maths without MathML"
    assert maths["errors"] == 0, f"{doc}: a formula shows a conversion error"
    assert maths["unconverted"] == [], f"{doc}: LaTeX left in the text"
    if has_math(doc):
        assert maths["formulas"] > 0, f"{doc}: its LaTeX is not MathML"
        assert maths["font"] == ["loaded"], f"{doc}: the maths font {maths['font']}"


def check_ids_and_labels(page, doc: str) -> None:
    """A reader with a screen reader hears one label per control, and no id is used twice
    (axe does not check a label that a duplicated id moves to another explorer's input)."""
    found = page.evaluate(NAMES_AND_IDS)
    assert found["duplicates"] == [], f"ids used twice on {doc}"
    assert bool(found["labels"]) == (doc in EXPLORERS), f"explorer inputs on {doc}"
    names = control_names(doc)
    for k, labels in enumerate(found["labels"]):
        assert len(labels) == 1, f"{doc}, explorer input {k}: labels {labels}"
        assert labels[0] in names, f"{doc}, explorer input {k}: {labels[0]!r} is no control's name"
    assert found["otherNames"] == 0


def check_text_alternatives(page, doc: str) -> None:
    for img in page.locator("article img").all():
        alt, src = img.get_attribute("alt") or "", img.get_attribute("src") or ""
        assert len(alt.split()) >= 3, f"{doc}: {src} has no description (alt={alt!r})"
        assert Path(src).name not in alt, f"{doc}: the alt text of {src} is its file name"
    for svg in page.locator("article svg[role=img]").all():
        assert len((svg.get_attribute("aria-label") or "").split()) >= 3
    for plot in page.locator(".gg-explorer-root svg").all():
        assert plot.get_attribute("role") == "img" or plot.get_attribute("aria-hidden") == "true"


def check_accessibility(page, doc: str) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


def check_solutions_fold(page, doc: str) -> None:
    """A chapter's exercises come with solutions, folded until a click."""
    if not doc.split("/")[-1][:2].isdigit():
        return
    exercises, solutions = page.locator(".exercise"), page.locator(".solution")
    assert exercises.count() >= 2 and solutions.count() == exercises.count()
    for i in range(solutions.count()):
        body = solutions.nth(i).locator(".admonition-title ~ *").first
        assert not body.is_visible(), f"solution {i + 1} is shown before a click"
        solutions.nth(i).locator("button.toggle-button").click()
        body.wait_for(state="visible")
    # Every block that now scrolls gets a tab stop (the book's _static/book.js gives it).
    page.wait_for_function(SCROLLERS_FOCUSABLE, timeout=5000)


SCROLLERS_FOCUSABLE = """
() => [...document.querySelectorAll("pre, .cell_output > .output")].every(
  (e) => e.tabIndex === 0 || (e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight))
"""


@pytest.mark.parametrize("doc", toc_files())
def test_every_page(visit, book, subtests, doc):
    """One load, every per-page check: the page as it opens, then its solutions unfolded and
    every explorer driven, then axe on the page as the reader left it. axe runs last: its
    requests for the stylesheets are file:// requests Chromium refuses, errors in the console
    that are not the page's."""
    seen = visit(doc)
    page = seen.page
    with subtests.test("first visit weighs under 1.5 MB"):
        total = fetched_bytes(seen.fetched, book.html.as_uri())
        assert 0 < total < FIRST_VISIT_BYTES, f"{doc}: a first visit fetches {total} bytes"
    for name, check in [
        ("renders offline, maths typeset", check_renders),
        ("ids unique, one name per explorer input", check_ids_and_labels),
        ("a text alternative for every figure", check_text_alternatives),
        ("solutions folded until a click", check_solutions_fold),
        ("figures: the wide drawing", lambda page, doc: check_figures(page, doc, "gg-figure-wide")),
    ]:
        with subtests.test(name):
            check(page, doc)
    states = page_states(ROOT / f"_build/html/{doc}.html")
    roots = page.locator(".gg-explorer-root")
    assert roots.count() == len(states) == EXPLORERS.get(doc, 0)
    for k, state in enumerate(states):
        if k in TRAINERS.get(doc, ()):  # its own tests drive it (tests/test_trainer_view.py)
            with subtests.test(f"trainer {k} takes a step in the page"):
                check_trainer_steps(page, roots.nth(k))
            continue
        with subtests.test(f"explorer {k} follows every control"):
            drive(page, roots.nth(k), doc, k, state)
    with subtests.test("every exercise check accepts its answer and refuses the rest"):
        drive_checks(page, doc, check_states_in((ROOT / f"_build/html/{doc}.html").read_text()))
    if doc == "book/03-vanishing-gradients":
        with subtests.test("float32 overflow said in words and drawn as a limit"):
            check_float32_overflow(page)
    with subtests.test("nothing outside the site, no console error, no missing file"):
        seen.assert_clean()
    with subtests.test("no serious accessibility violation"):
        check_accessibility(page, doc)
    if doc in DARK_PAGES:  # the same page, as the reader's system switches to dark colours
        check_dark_mode(page, subtests, doc)


# -- equations and tables on a phone ---------------------------------------------------------

# Display equations wider than their block: each must scroll in a block that shows a scroll
# cue (the class gg-scroll-cue and its shadows) and takes a tab stop. Numbers in table cells:
# each number token on one line.
FIT = r"""
() => {
  const clipped = [...document.querySelectorAll("article math[display=block]")].filter((m) => {
    const box = m.closest("div.math").getBoundingClientRect();
    const wider = m.getBoundingClientRect().right > Math.min(box.right, innerWidth) + 1;
    const scroller = m.closest(".gg-math-scroll");
    const cued = scroller && scroller.classList.contains("gg-scroll-cue")
      && getComputedStyle(scroller).overflowX === "auto"
      && getComputedStyle(scroller).backgroundImage.includes("gradient")
      && (scroller.scrollWidth <= scroller.clientWidth + 1 || scroller.tabIndex === 0);
    return (wider || (scroller && scroller.scrollWidth > scroller.clientWidth + 1)) && !cued;
  }).map((m) => m.getAttribute("alttext").slice(0, 50));
  const broken = [];
  for (const cell of document.querySelectorAll("article td, article th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const found of node.textContent.matchAll(/[-−]?\d[\d.,]*(e[-+−]?\d+)?/g)) {
        const range = document.createRange();
        range.setStart(node, found.index);
        range.setEnd(node, found.index + found[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(found[0]);
      }
    }
  }
  const tables = [...document.querySelectorAll("article table")].filter((t) => {
    const box = t.parentElement;
    return t.getBoundingClientRect().right > innerWidth + 1
      && !(box.classList.contains("pst-scrollable-table-container")
        && getComputedStyle(box).backgroundImage.includes("gradient"));
  }).length;
  const first = [...document.querySelectorAll("article .cell_input pre")]
    .find((e) => e.getBoundingClientRect().height > 0);
  const importClipped = Boolean(first && first.scrollWidth > first.clientWidth + 1);
  return { clipped, broken, tables, importClipped };
}
"""


# -- reading what an explorer drew ---------------------------------------------------------------

READ_PLOT = """
root => {
  const svg = root.querySelector("svg.gg-plot");
  const num = (k) => Number(svg.dataset[k]);
  const paths = {};
  svg.querySelectorAll("path[data-series]").forEach((p) => {
    paths[p.dataset.series] = p.getAttribute("d");
  });
  return {
    paths, x: [num("xMin"), num("xMax")], y: [num("yMin"), num("yMax")],
    box: [num("left"), num("right"), num("top"), num("bottom")],
    offchart: svg.querySelectorAll(".gg-offchart").length,
    hlines: svg.querySelectorAll(".gg-hline").length,
  };
}
"""

# The text view: every span of the passage (the prime, then one per character) with its
# class and colour strength --gg-a, the passage as it reads, and the colour key.
READ_TEXT = """
root => {
  const passage = root.querySelector("p.gg-text");
  const spans = passage ? [...passage.children] : [];
  return {
    spans: spans.map(e => [e.textContent, e.className, e.style.getPropertyValue("--gg-a")]),
    passage: passage ? passage.textContent : "",
    key: root.querySelector(".gg-text-key")?.textContent ?? "",
  };
}
"""

# What a reader would see go wrong: a number that is not one, or a figure with nothing drawn.
# `frame` is all but a text view's passage (which may hold any word: "null", "undefined").
DRAWN = f"""
root => ({{
  ...({READ_TEXT.strip()})(root),
  frame: [...root.children].filter(e => !e.classList.contains("gg-text"))
    .map(e => e.innerText ?? e.textContent).join("\\n"),
  text: root.innerText,
  readout: [...root.querySelectorAll(".gg-readout p")].map(p => p.textContent),
  paths: [...root.querySelectorAll("svg path")].map(p => p.getAttribute("d") || ""),
  marks: root.querySelectorAll("svg path, svg rect, svg circle, svg line").length,
  opacities: [...root.querySelectorAll("svg [fill-opacity]")].map(
    e => e.getAttribute("fill-opacity")),
  values: [...root.querySelectorAll("svg .gg-val")].map(e => e.textContent),
  valuetexts: [...root.querySelectorAll("input[type=range]")].map(
    i => i.getAttribute("aria-valuetext") || ""),
}})
"""

SELECTION = """
root => [...root.querySelectorAll(".gg-controls > .gg-control")].map((control) => {
  const slider = control.querySelector("input[type=range]");
  if (slider) return Number(slider.value);
  return [...control.querySelectorAll("input[type=radio]")].findIndex((r) => r.checked);
})
"""


def decode_path(d: str, plot: dict) -> tuple[np.ndarray, np.ndarray]:
    """Pixel coordinates of an SVG path back to (x, log10 value)."""
    points = np.array([[float(a), float(b)] for a, b in re.findall(r"[ML]([-\d.]+),([-\d.]+)", d)])
    left, right, top, bottom = plot["box"]
    (x0, x1), (y0, y1) = plot["x"], plot["y"]
    t = x0 + (points[:, 0] - left) / (right - left) * (x1 - x0)
    v = y0 + (bottom - points[:, 1]) / (bottom - top) * (y1 - y0)
    return t, v


def assert_curve(
    plot: dict, name: str, expected: np.ndarray, *, label: str, slack: float = 0.0
) -> None:
    """The series `name` draws `expected` (log10 values at x = x_min, x_min + 1, …) at the right
    x and to pixel rounding (a thousandth of the y span) plus `slack`."""
    t, v = decode_path(plot["paths"][name], plot)
    x_min = plot["x"][0]
    np.testing.assert_allclose(t, x_min + np.arange(len(expected)), atol=0.05, err_msg=label)
    span = plot["y"][1] - plot["y"][0]
    np.testing.assert_allclose(v, expected, atol=1e-3 * span + slack, err_msg=f"{label}: {name}")


def assert_drawn_honestly(seen: dict, where: str, state: dict) -> None:
    text = seen["frame"] if state["view"] == "text" else seen["text"]
    for bad in ("NaN", "undefined", "Infinity", "null"):
        assert bad not in text, f"{where}: the explorer shows {bad!r}"
        assert not any(bad in d for d in seen["paths"]), f"{where}: a curve has {bad!r}"
        assert not any(bad in v for v in seen["values"] + seen["opacities"]), where
    assert all(seen["valuetexts"]), f"{where}: a slider has no aria-valuetext"
    if state["view"] == "text":
        assert_text_drawn_honestly(seen, where, "colour" in state["data"]["arrays"])
        return
    assert seen["marks"] > 3, f"{where}: the figure is blank"
    marks = any(len(d) > 10 for d in seen["paths"]) or seen["opacities"] or seen["values"]
    assert marks, f"{where}: no curve, no heatmap, no value on the diagram"


COLOUR_STRENGTH = re.compile(r"[01]\.\d{4}")  # toFixed(4) of a value from 0 to 1


def assert_text_drawn_honestly(seen: dict, where: str, coloured: bool) -> None:
    """A text view: characters drawn, none empty, each (when coloured) with one sign class and
    a strength from 0 to 1, the passage reading as its spans (a line break after each ↵),
    and the key: the colour's when there is a colour, else only the line break's."""
    chars = [span for span in seen["spans"] if "gg-char" in span[1].split()]
    assert len(chars) > 3, f"{where}: the text is blank"
    assert all(text for text, _, _ in chars), f"{where}: a character drawn as nothing"
    others = [cls for _, cls, _ in seen["spans"] if "gg-char" not in cls.split()]
    assert others in ([], ["gg-prime"]), f"{where}: spans that are no character: {others}"
    lines = "".join(t + "\n" if t == "↵" and "gg-char" in c else t for t, c, _ in seen["spans"])
    assert seen["passage"] == lines, f"{where}: the passage does not read as its characters"
    plain = seen["key"] == "↵ is a line break."
    assert plain != coloured and seen["key"], f"{where}: the key {seen['key']!r}"
    for k, (text, cls, strength) in enumerate(chars):
        signs = {"gg-tx-pos", "gg-tx-neg"} & set(cls.split())
        if not coloured:
            assert not signs and not strength, f"{where}: character {k} coloured"
            continue
        assert len(signs) == 1, f"{where}: character {k} {text!r} has classes {cls!r}"
        assert COLOUR_STRENGTH.fullmatch(strength), f"{where}: character {k}: --gg-a {strength!r}"
        assert float(strength) <= 1, f"{where}: character {k}: --gg-a {strength}"


# -- what each explorer must draw, from Python, independently of the page ---------------------
# Each check gets the explorer's root, its state, and the controls' values and indices at the
# selection.

Check = Callable[[object, dict, dict, dict], None]


def check_memory(root, state: dict, at: dict, index: dict) -> None:
    plot = root.evaluate(READ_PLOT)
    for name in ("tanh", "linear"):
        expected = pulse_memory(at["radius"], name)
        assert_curve(plot, name, expected, label=f"radius {at['radius']}", slack=1e-4)


def check_decay(root, state: dict, at: dict, index: dict) -> None:
    radius, activation, T = at["radius"], at["activation"], int(at["length"])
    plot = root.evaluate(READ_PLOT)
    measured = decay_curve(radius, activation, T)
    W_hh = decay_network(radius, activation).W_hh
    bound = log10_chain_bound(W_hh, activation, T - np.arange(T + 1))
    label = f"{radius}, {activation}, T={T}"
    slack = 1e-4 * np.abs(measured).max()  # float32
    assert_curve(plot, "measured", measured, label=label, slack=slack)
    assert_curve(plot, "bound", bound, label=label, slack=slack)
    assert plot["offchart"] == 0
    text = root.locator(".gg-readout").text_content()
    sub = str(T).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
    assert f"‖∂h{sub}/∂h₀‖" in text
    said = {  # what the readout says is guaranteed (for a linear φ, ρ > 1 is certain growth)
        "vanishing": "vanishing is guaranteed",
        "vanishing in the end": "vanish in the end",
        "neutral": "never grows exponentially",
        "exploding": "makes exploding certain",
        "may explode": "nothing forces exploding",
    }[gradient_regime(W_hh, activation)]
    assert said in text, label
    if measured[0] > np.log10(np.finfo(np.float32).max):  # the float32 limit, said and drawn
        assert "overflows to inf" in text, label
        assert plot["hlines"] >= 1, label


def check_float32_overflow(page) -> None:
    """Chapter 3's explorer at linear, ρ = 6, T = 100: ‖∂h_T/∂h_0‖ is beyond float32."""
    root = page.locator(".gg-explorer-root").first
    controls = root.locator(".gg-controls > .gg-control")
    move(page, controls.nth(0), "radio", 2)  # linear
    for j in (1, 2):  # radius and length to their ends
        move(
            page,
            controls.nth(j),
            "slider",
            int(controls.nth(j).locator("input").get_attribute("max")),
        )
    state = page_states(ROOT / "_build/html/book/03-vanishing-gradients.html")[0]
    at, _ = read_selection(root, state)
    assert (at["activation"], at["radius"], at["length"]) == ("linear", 6.0, 100)
    assert decay_curve(6.0, "linear", 100)[0] > np.log10(np.finfo(np.float32).max)
    check_decay(root, state, at, {})  # says "overflows to inf", draws the limit


def check_gate(root, state: dict, at: dict, index: dict) -> None:
    gate = state["data"]["gate"]
    assert root.locator(".gg-gate.gg-focus").get_attribute("data-gate") == gate
    grid = gate_grid(gate)
    where = tuple(
        list(c["values"]).index(at[c["name"]]) for c in state["data"]["controls"]
    )  # gate_grid's axes are the controls, in order
    texts = root.locator(".gg-val").evaluate_all(
        "els => els.map(e => [e.dataset.name, e.textContent])"
    )
    sliders = {"c": "c_prev", "h": "h_prev"}  # the diagram shows three sliders' values
    on_wires = {"c", "h", "x", "i", "f", "g", "o", "c_t", "h_t", "tanh_c", "kept", "written"}
    assert sorted(name for name, _ in texts) == sorted(on_wires), "a value on every wire"
    for name, text in texts:
        value = float(text.replace("−", "-"))
        expected = at["x"] if name == "x" else grid[sliders.get(name, name)][where]
        assert value == pytest.approx(expected, abs=6e-4), name
    text = root.locator(".gg-readout").text_content()
    assert f"{grid[gate][where]:.3f}".replace("-", "−") in text


def heatmap_values(root, name: str) -> np.ndarray:
    """Heatmap cells back to values: opacity is |value| / scale, the class is the sign."""
    cells = root.locator(f'g[data-quantity="{name}"] rect').evaluate_all(
        "els => els.map(e => [e.getAttribute('class'), Number(e.getAttribute('fill-opacity'))])"
    )
    return np.array([-o if cls == "gg-hm-neg" else o for cls, o in cells])


def check_sequence(root, state: dict, at: dict, index: dict) -> None:
    """Every heatmap cell: the value the numpy LSTM computes, to half a uint8 level (the cell
    state clipped to ±1, one scale in every mode); the bias slider disabled while the forget
    gate is held."""
    xs = marked_sequence()
    assert at["mode"] == MODES[index["mode"]]
    trace = run(at["mode"], at["bias"], xs)
    for name in ("i", "f", "g", "o", "c", "h"):
        lo, hi = (-1.0, 1.0) if name in ("g", "c", "h") else (0.0, 1.0)  # the levels' range
        expected = np.clip(getattr(trace, name)[-len(xs) :].T.ravel(), lo, hi)
        np.testing.assert_allclose(
            heatmap_values(root, name) * hi, expected, atol=(hi - lo) / 255 / 2 + 1e-4, err_msg=name
        )
    computed = at["mode"] == "as computed"  # the bias acts only on a computed forget gate
    assert root.locator("input[type=range]").is_enabled() == computed, at


def check_flow(root, state: dict, at: dict, index: dict) -> None:
    plot = root.evaluate(READ_PLOT)
    init = FLOW_INITS[index["init"]]  # the radio buttons show each option's description
    curves = flow_curves(at["bias"], int(at["length"]), init=init)
    for name, curve in curves.items():
        assert_curve(plot, name, curve, label=str(at), slack=1e-4)


def check_gru_flow(root, state: dict, at: dict, index: dict) -> None:
    """The five curves as gru_flow_curves computes them at the setting; the readout gives
    each at t = 0 (as float32 holds it) and names the state(s) that carry the most."""
    plot = root.evaluate(READ_PLOT)
    curves = gru_flow_curves(at["update"], at["forget"], int(at["length"]))
    for name, curve in curves.items():
        assert_curve(plot, name, curve, label=str(at), slack=1e-4)
    text = root.locator(".gg-readout").text_content()
    for name, curve in curves.items():
        assert format_pow10(float(np.float32(curve[0]))) in text, f"{at}: {name} at t = 0"
    most = most_at_start({name: curve[0] for name, curve in curves.items()})
    assert GRU_FLOW_PHRASES[int(most)] in text, f"{at}: {text}"


def check_lag(root, state: dict, at: dict, index: dict) -> None:
    """The curves end at the test errors chapter 10 measured and glued."""
    glue = glued(executed("book/10-adding-problem"))
    T = int(at["length"])
    plot = root.evaluate(READ_PLOT)
    selection = {"length": state["data"]["controls"][0]["values"].index(T)}
    for name in ("lstm", "rnn"):
        curve = curve_at(state["data"], name, selection)
        assert 10 ** curve[-1] == pytest.approx(glue[f"ch10_lag_{name}_{T}"], rel=1e-5), name
        assert_curve(plot, name, curve, label=f"T={T}")


# Where each training run's gradient at the first marker is glued: (chapter, key prefix); the
# key ends with the epoch.
CH10 = "book/10-adding-problem"
TRAINING_GLUE = {
    **{f"SimpleRNN, seed {s}": (CH10, f"ch10_first_rnn{s}") for s in (0, 1)},
    **{f"LSTM, seed {s}": (CH10, f"ch10_first_lstm{s}") for s in (0, 1)},
    "LSTM without forget bias, seed 0": (CH10, "ch10_first_nobias"),
    "LSTM, b_f = 1, seed 0": (CH10, "ch10_first_lstm0"),
    "LSTM, chrono, seed 0": (CH10, "ch10_chrono_first"),
    **{f"GRU, seed {s}": ("book/11-gru", f"ch11_first_gru{s}") for s in (0, 1)},
}


def check_training(root, state: dict, at: dict, index: dict) -> None:
    """The two curves as the state holds them; the two markers of the first probe sequence
    (chapter 10's sequences, regenerated); the readout's gradient at the first marker, which is
    the chapter's glued number wherever the chapter glued one."""
    plot = root.evaluate(READ_PLOT)
    data = state["data"]
    for name in ("one", "median"):
        assert_curve(plot, name, curve_at(data, name, index), label=str(at))
    x, _ = adding_problem(200, 100, rng=7)
    marks = (np.flatnonzero(x[0, :, 1]) + 1).tolist()
    assert [line["x"] for line in data["vlines"]] == marks
    assert root.locator(".gg-vline").count() == 2, at
    first = float(grid_at(data["arrays"]["first"], index))
    assert format_pow10(first) in root.locator(".gg-readout").text_content(), at
    doc, prefix = TRAINING_GLUE[at["run"]]
    glue = glued(executed(doc))
    if f"{prefix}_{at['epoch']}" in glue:
        assert 10**first == pytest.approx(glue[f"{prefix}_{at['epoch']}"], rel=1e-5), at


# Chapter 12: the character models, from their saved weights. The chapter's choices, as it
# makes them (each tied to the number the chapter glues, or to the page, where one is).
PRIME, SAMPLE_LENGTH, SAMPLE_SEED, TEMPERATURES = "The ", 300, 0, (0.5, 1.0)
SEGMENT, PASSAGE, PER_FEATURE = 20_000, 320, 4
REACH, TARGETS = 150, 8
MODEL_LABELS = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
GATES = {"i", "f", "o", "z", "r"}  # coloured 0 … 1; the rest −1 … 1 (c: over its largest |c|)
SYMBOLS = {"tanh_c": "tanh c", "h_tilde": "h̃"}  # how a quantity's label ends, if not its name


def epoch_words(epoch: int) -> str:
    return "untrained" if epoch == 0 else f"{epoch} epoch" + "s" * (epoch != 1)


@functools.cache
def ch12_text() -> SimpleNamespace:
    """The validation text, the coloured passage (the first paragraph of the validation text
    holding a whole quotation after its first character) and the context read before it, the
    connectivity's target positions, as the chapter chooses them."""
    book = tx.moby_dick()
    chars = tx.alphabet(book)
    _, valid = tx.split_text(book)

    def whole_quote(start: int) -> bool:
        window = valid[start : start + PASSAGE]
        opens = window.find("“", 1)
        return opens > 0 and "”" in window[opens:]

    start = next(m.end() for m in re.finditer("\n\n", valid) if whole_quote(m.end()))
    targets = [start + 20 + k * (PASSAGE - 40) // (TARGETS - 1) for k in range(TARGETS)]
    glue = glued(executed(CH12))
    chosen = {"context": start, "segment": SEGMENT, "per_feature": PER_FEATURE}
    chosen |= {"reach_back": REACH, "targets": TARGETS}
    assert {key: glue[f"ch12_{key}"] for key in chosen} == chosen, "the chapter chose otherwise"
    return SimpleNamespace(
        chars=chars, valid=valid, start=start, targets=targets,
        passage=valid[start : start + PASSAGE], context=valid[:start],
    )  # fmt: skip


@functools.cache
def ch12_passage_run(kind: str, epoch: int) -> dict[str, np.ndarray]:
    """Every quantity of the model over the passage, read after the context from zeros."""
    text = ch12_text()
    model = cm.load_char_model(kind, epoch)
    warm = cm.run_char_model(model, tx.encode(text.context, text.chars)).state
    return cm.run_char_model(model, tx.encode(text.passage, text.chars), warm).quantities


@functools.cache
def ch12_correlations(kind: str, epoch: int) -> dict[str, np.ndarray]:
    """Each unit's r with each feature over the first SEGMENT validation characters, read in
    one go (the state the chapter searches), as chapter 12's claims recompute them: a numpy
    forward written from Keras' weight layout, the features from the chapter's definitions,
    np.corrcoef. Computed once per test process (the chapter's page and claims share one)."""
    keys = dict(zip(tx.FEATURES, ch12_claims.FEATURE_KEYS, strict=True))
    return {feature: ch12_claims.correlations(kind, epoch, key) for feature, key in keys.items()}


def ch12_units(kind: str) -> list[int]:
    """The units a slider reaches: the best PER_FEATURE after training for each feature."""
    units: list[int] = []
    for r in ch12_correlations(kind, cm.CHECKPOINT_EPOCHS[-1]).values():
        best = np.argsort(-np.nan_to_num(np.abs(r)), kind="stable")[:PER_FEATURE]
        units += [int(u) for u in best if u not in units]
    return units


@functools.cache
def ch12_sample(kind: str, epoch: int, temperature: float) -> str:
    chars = ch12_text().chars
    prime = tx.encode(PRIME, chars)
    codes = cm.sample_text(cm.load_char_model(kind, epoch), prime, SAMPLE_LENGTH, temperature, 0)
    return "".join(chars[c] for c in codes)


def check_text(
    root, expected: str, values: np.ndarray | None = None, where: str = ""
) -> dict[str, object]:
    """The text view draws `expected` (the prime, then a character per span, "↵" for a line
    break) and, given `values`, each character's colour: the sign its class gives, the
    strength its --gg-a gives, to 1e-4 (toFixed(4)). Returns what it read."""
    shown = root.evaluate(READ_TEXT)
    text = "".join(t for t, _, _ in shown["spans"])
    assert text == expected, f"{where}: the text drawn differs from Python's"
    if values is None:
        return shown
    chars = [span for span in shown["spans"] if "gg-char" in span[1].split()]
    assert len(chars) == len(values), where
    signs = np.array([-1.0 if "gg-tx-neg" in cls.split() else 1.0 for _, cls, _ in chars])
    drawn_values = signs * np.array([float(a) for _, _, a in chars])
    np.testing.assert_allclose(drawn_values, values, atol=1e-4, err_msg=f"{where}: colours")
    return shown


def check_samples(root, state: dict, at: dict, index: dict) -> None:
    """The sample drawn is the state's codes decoded, and numpy draws it again from the
    chapter's prime and seed with the saved model; the readout gives the model's recorded
    validation loss."""
    kind, epoch = cm.KINDS[index["model"]], cm.CHECKPOINT_EPOCHS[index["epoch"]]
    temperature = TEMPERATURES[index["temperature"]]
    assert (at["model"], at["epoch"]) == (MODEL_LABELS[kind], epoch_words(epoch))
    assert at["temperature"] == temperature and state["data"]["prime"] == PRIME
    where = f"{kind}, {epoch_words(epoch)}, τ = {temperature}"
    decoded = shown_text(state["data"], index)
    check_text(root, decoded, where=where)
    assert decoded == PRIME + ch12_sample(kind, epoch, temperature).replace("\n", "↵"), where
    bits = cm.training_log()["models"][kind]["valid_bits"][epoch]
    text = root.locator(".gg-readout").text_content()
    assert f"loss: {format_number(float(np.float32(bits)))} bits per character" in text, text


def check_unit_text(kind: str) -> Check:
    """The passage, each character coloured by the unit's quantity as the saved model computes
    it after reading the context: the level 0 … 255 (signed: −scale … scale, c's scale its
    largest |c| over the passage, else 1; a gate: 0 … 1), drawn as (level − 127.5) / 127.5 or
    level / 255; the key's scale; the readout's range over the passage and r with each
    feature over the validation segment."""

    def check(root, state: dict, at: dict, index: dict) -> None:
        text = ch12_text()
        epoch = cm.CHECKPOINT_EPOCHS[index["epoch"]]
        quantity = cm.QUANTITIES[kind][index.get("quantity", 0)]
        unit = int(at["unit"])
        where = f"{kind} unit {unit}, {quantity}, {epoch_words(epoch)}"
        assert at["epoch"] == epoch_words(epoch), where
        assert at.get("quantity", f"state {quantity}").endswith(SYMBOLS.get(quantity, quantity))
        units = state["data"]["controls"][0]["values"]  # in numeric order, opening on the first
        assert units == sorted(ch12_units(kind)), "the units reached, in numeric order"
        assert units[state["selection"]["unit"]] == ch12_units(kind)[0], "opens on the first"
        values = ch12_passage_run(kind, epoch)[quantity][:, unit]
        signed = quantity not in GATES
        scale = np.abs(values).max() if quantity == "c" else 1.0
        unit_values = (values / scale + 1) / 2 if signed else values
        levels = np.round(255 * np.clip(unit_values, 0, 1))
        colours = (levels - 127.5) / 127.5 if signed else levels / 255
        quantised = np.clip(values / scale, -1 if signed else 0, 1)  # to half a level
        assert np.abs(colours - quantised).max() <= (1 if signed else 0.5) / 255 + 1e-12, where
        shown = check_text(root, text.passage.replace("\n", "↵"), colours, where)
        if signed:
            full = format_number(float(np.float32(scale)), 2)
            key = f"Colour: blue below 0, orange above, full at ±{full}; ↵ is a line break."
        else:
            key = "Colour: none at 0, full orange at 1; ↵ is a line break."
        assert shown["key"] == key, where
        readout_text = root.locator(".gg-readout").text_content().replace("−", "-")
        label = at.get("quantity", "state h")  # the SimpleRNN has only h: no control
        assert readout_text.startswith(f"Unit {unit}, {label}, {at['epoch']}: "), readout_text
        span = re.search(r"from (\S+) to (\S+) over this passage", readout_text)
        assert span, readout_text
        np.testing.assert_allclose(
            [float(g) for g in span.groups()], [values.min(), values.max()], atol=5.1e-4
        )
        r = [float(g) for g in re.findall(r"r = (-?\d+\.\d+)", readout_text)]
        correlations = ch12_correlations(kind, epoch)
        expected = [correlations[feature][unit] for feature in tx.FEATURES]
        np.testing.assert_allclose(r, expected, atol=5.1e-4, err_msg=f"{where}: r")

    return check


def check_connectivity(root, state: dict, at: dict, index: dict) -> None:
    """Each model's log10 ‖∂L_t/∂x_k‖ over the REACH characters before the target t, read from
    zeros, as the saved model's BPTT gives it (x = 0: the last character read); the readout
    names the character predicted and what precedes it, and each curve at 10 and 100."""
    text = ch12_text()
    t, epoch = text.targets[index["target"]], cm.CHECKPOINT_EPOCHS[index["epoch"]]
    assert (at["target"], at["epoch"]) == (t - text.start, epoch_words(epoch))  # in the passage
    codes = tx.encode(text.valid[t - REACH : t + 1], text.chars)
    plot = root.evaluate(READ_PLOT)
    readout_text = root.locator(".gg-readout").text_content()
    for kind in cm.KINDS:
        curve = np.log10(cm.connectivity(cm.load_char_model(kind, epoch), codes))[::-1]
        label = f"t = {t}, {epoch_words(epoch)}"
        assert np.isfinite(curve).all(), f"{label}: {kind} has a zero gradient"
        assert_curve(plot, kind, curve, label=label, slack=1e-4)
        for back in (10, 100):
            assert format_pow10(float(np.float32(curve[back]))) in readout_text, (kind, back)
    before = text.valid[:t][-24:].replace("\n", "↵")
    before = ("…" if t > 24 else "") + before
    predicted = text.valid[t].replace("\n", "↵")
    assert readout_text.startswith(f"Predicting “{predicted}” after “{before}”."), readout_text


CHECKS: dict[tuple[str, int], Check] = {
    ("book/01-recurrent-networks", 0): check_memory,
    ("book/03-vanishing-gradients", 0): check_decay,
    ("book/05-forget-gate", 0): check_gate,
    ("book/06-input-gate", 0): check_gate,
    ("book/06-input-gate", 1): check_sequence,
    ("book/07-output-gate", 0): check_gate,
    ("book/08-lstm-gradients", 0): check_flow,
    (CH10, 0): check_training,
    (CH10, 1): check_training,
    (CH10, 2): check_lag,
    ("book/11-gru", 0): check_gru_flow,
    ("book/11-gru", 1): check_training,
    (CH12, 0): check_samples,
    (CH12, 1): check_unit_text("lstm"),
    (CH12, 2): check_unit_text("gru"),
    (CH12, 3): check_unit_text("rnn"),
    (CH12, 4): check_connectivity,
}


def test_every_explorer_has_a_check():
    assert sorted(CHECKS) == drawing_explorers()


def check_trainer_steps(page, root) -> None:
    """In the book's page too, the trainer's Workers start: a Step reaches step 1 in every
    network's readout, and Reset goes back to step 0; in the book's column its level labels
    are shown whole."""
    lines = root.locator(".gg-tr-readout > p:not(.gg-tr-note)")
    runs = lines.count()
    assert runs >= 1, "the trainer's readout names no network"
    root.get_by_role("button", name="Step").click()
    expect(lines.filter(has_text="step 1:")).to_have_count(runs)
    root.get_by_role("button", name="Reset").click()
    expect(lines.filter(has_text="step 0:")).to_have_count(runs)
    cut = root.locator(".gg-hline-label").evaluate_all(
        "(els) => els.filter((e) => e.textContent !== e.dataset.label).map((e) => e.textContent)"
    )
    assert cut == [], f"level labels cut to fit the book's column: {cut}"


# -- driving an explorer ---------------------------------------------------------------------


# Each kind of view is driven through every value of every control on one explorer, the
# first of its kind in reading order; the other explorers, which draw with the same view,
# through each control's ends and a seeded interior value. In Python the grid sweep
# (test_explorer_grids.py) checks every position of every explorer against the views' mirror.
DRIVEN_FULLY = {
    "curves": ("book/01-recurrent-networks", 0),
    "gate": ("book/05-forget-gate", 0),
    "sequence": ("book/06-input-gate", 1),
    "text": (CH12, 0),
}


def test_every_kind_of_view_is_driven_fully_once():
    """Every view that only draws; a trainer (TRAINER_VIEWS) has tests of its own
    (tests/test_trainer_view.py), and so does a check (CHECK_VIEWS: tests/site_checks.py)."""
    drawing = [view for view in views() if view not in (*TRAINER_VIEWS, *CHECK_VIEWS)]
    assert sorted(DRIVEN_FULLY) == drawing, "a view that no explorer drives through every value"
    assert set(DRIVEN_FULLY.values()) <= set(CHECKS)


def targets(doc: str, k: int, control: dict, view: str) -> list[tuple[str, int]]:
    """Where a control is driven: every value on the explorer that drives its view fully;
    elsewhere its first value, an interior one a generator seeded by the page, the explorer
    and the control picks, and its last value (every value when it has three or fewer)."""
    n = len(control["values"])
    if DRIVEN_FULLY[view] == (doc, k) or n <= 3:
        return [(f"value {i}", i) for i in range(n)]
    seed = zlib.crc32(f"{doc}/{k}/{control['name']}".encode())
    interior = int(np.random.default_rng(seed).integers(1, n - 1))
    return [("min", 0), (f"interior {interior}", interior), ("max", n - 1)]


def move(page, control_el, kind: str, index: int) -> None:
    """Move a control as a reader does: a radio button by a click; a slider to the next value
    by ArrowLeft or ArrowRight, to an end by Home or End, to another interior value by dragging
    the thumb near it with the mouse, then ArrowLeft or ArrowRight until it is there."""
    if kind == "radio":
        control_el.locator("input[type=radio]").nth(index).check()
        return
    slider = control_el.locator("input[type=range]")
    last, now = int(slider.get_attribute("max")), int(slider.input_value())
    if abs(index - now) == 1:
        slider.focus()
        page.keyboard.press("ArrowRight" if index > now else "ArrowLeft")
        return
    if index in (0, last):
        slider.focus()
        page.keyboard.press("Home" if index == 0 else "End")
        return
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 8, y)
    page.mouse.down()
    page.mouse.move(box["x"] + 8 + index / last * (box["width"] - 16), y, steps=6)
    page.mouse.up()
    slider.focus()
    for _ in range(last):
        now = int(slider.input_value())
        if now == index:
            break
        page.keyboard.press("ArrowRight" if now < index else "ArrowLeft")


def moved(state: dict, before: list[int], after: list[int]) -> bool:
    """Whether Python's figure differs between two selections (a control can have no
    effect somewhere: the forget bias, with the forget gate held)."""
    names = [c["name"] for c in state["data"]["controls"]]
    a, b = (
        drawn(state["view"], state["data"], dict(zip(names, s, strict=True)))
        for s in (before, after)
    )
    return any(not np.array_equal(a[name], b[name], equal_nan=True) for name in a)


def check_position(root, doc: str, k: int, state: dict, where: str) -> dict:
    """The explorer as it stands: drawn honestly, its readout as the mirror writes it, its
    figure as Python computes it. Returns the selection and what is drawn."""
    at, named = read_selection(root, state)
    shown = root.evaluate(DRAWN)
    assert_drawn_honestly(shown, where, state)
    assert shown["readout"] == readout(state["data"], named), f"{where}: the readout"
    CHECKS[doc, k](root, state, at, named)
    drawing = (shown["paths"], shown["opacities"], shown["values"], shown["spans"], shown["key"])
    drawing += (shown["readout"],)
    return {"selection": list(named.values()), "drawing": drawing}


def read_selection(root, state: dict) -> tuple[dict, dict]:
    """The controls as the page shows them: ({name: value}, {name: index})."""
    controls = state["data"]["controls"]
    indices = root.evaluate(SELECTION)
    at = {c["name"]: c["values"][i] for c, i in zip(controls, indices, strict=True)}
    return at, {c["name"]: i for c, i in zip(controls, indices, strict=True)}


def drive(page, root, doc: str, k: int, state: dict) -> None:
    """Every control of explorer k of the page to the values `targets` picks, the explorer
    checked at each."""
    controls = state["data"]["controls"]
    before = check_position(root, doc, k, state, f"{doc} explorer {k}, as first shown")
    assert before["selection"] == [state["selection"][c["name"]] for c in controls]
    names = [c["name"] for c in controls]
    for j, control in enumerate(controls):
        control_el = root.locator(".gg-controls > .gg-control").nth(j)
        for name, active in control.get("enabled_when", {}).items():  # a reader enables it first
            if before["selection"][names.index(name)] not in active:
                other = root.locator(".gg-controls > .gg-control").nth(names.index(name))
                move(page, other, controls[names.index(name)].get("kind", "slider"), active[0])
                before = check_position(root, doc, k, state, f"{doc} explorer {k}, {name} set")
        for where, index in targets(doc, k, control, state["view"]):
            label = f"{doc} explorer {k}, {control['name']} at its {where}"
            move(page, control_el, control.get("kind", "slider"), index)
            after = check_position(root, doc, k, state, label)
            assert after["selection"][j] == index, f"{label}: the control did not move"
            if moved(state, before["selection"], after["selection"]):
                assert after["drawing"] != before["drawing"], f"{label}: nothing redrawn"
            before = after


# -- an explorer on a phone ----------------------------------------------------------------------

# Every chart of the page as laid out: its viewBox against its shown size, the smallest text
# (in CSS px, as shown) of each explorer, its height, how far anything sticks out of it, and
# the shortest input.
LAID_OUT = """
() => [...document.querySelectorAll(".gg-explorer-root")].map((root) => {
  const box = root.getBoundingClientRect();
  const charts = [...root.querySelectorAll("svg.gg-plot")].map((svg) => ({
    viewBox: svg.viewBox.baseVal.width, shown: svg.getBoundingClientRect().width,
    right: Number(svg.dataset.right),
  }));
  const texts = [...root.querySelectorAll("*")].filter((e) =>
    [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()));
  const sizes = texts.map((e) => {
    const svg = e.closest("svg");
    const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
    return parseFloat(getComputedStyle(e).fontSize) * scale;
  });
  const out = [...root.querySelectorAll("*")].map((e) => e.getBoundingClientRect())
    .filter((r) => r.width > 0).map((r) => Math.max(r.right - box.right, box.left - r.left));
  const inputs = [...root.querySelectorAll("input")].map((i) => i.getBoundingClientRect().height);
  return { charts, smallest: Math.min(...sizes), height: box.height, out: Math.max(0, ...out),
           input: Math.min(...inputs) };
})
"""


def phone(browser, width: int):
    """A browser context as a phone (conftest.PHONE) `width` CSS px wide."""
    return browser.new_context(**{**PHONE, "viewport": {"width": width, "height": 860}})


def assert_laid_out(page, where: str, tallest: float = 800) -> None:
    """Each explorer drawn at its size: every chart's viewBox as wide as the chart is shown
    (not a drawing scaled down), no text under 12 px, inputs 24 px tall, nothing outside
    its box, no taller than `tallest` px."""
    for k, seen in enumerate(page.evaluate(LAID_OUT)):
        at = f"{where}, explorer {k}"
        for chart in seen["charts"]:
            assert abs(chart["viewBox"] - chart["shown"]) < 1, f"{at}: a chart scaled {chart}"
            assert chart["right"] <= chart["viewBox"], f"{at}: a chart's box past its edge"
        assert seen["smallest"] >= 12, f"{at}: text of {seen['smallest']:.1f} px"
        assert seen["input"] >= 24, f"{at}: an input {seen['input']:.1f} px tall"
        assert seen["out"] < 1, f"{at}: something {seen['out']:.1f} px outside the explorer"
        assert seen["height"] <= tallest, f"{at}: {seen['height']:.0f} px tall"


@pytest.mark.parametrize("width", [320])  # 400 px: tests/test_site_phone.py, on every page
def test_explorers_laid_out_at_a_phones_width(browser, book, width):
    """Chapter 3's curve explorer and chapter 12's text explorers on a phone, then on a phone
    turned narrower: each chart laid out again for its new width."""
    context = phone(browser, width)
    page = context.new_page()
    for doc in ("book/03-vanishing-gradients", CH12):
        page.goto((book.html / f"{doc}.html").as_uri(), wait_until="load")
        page.wait_for_function(MOUNTED_HERE)
        # Chapter 12's text explorers fit a 400 x 800 screen; at 320 px they are allowed more.
        assert_laid_out(page, f"{doc} at {width} px", 800 if width >= 400 else 1000)
    page.set_viewport_size({"width": width - 40, "height": 860})
    page.wait_for_function(CHARTS_AT_THEIR_WIDTH)
    assert_laid_out(page, f"{CH12} at {width} px, then {width - 40} px", 1100)
    context.close()


MOUNTED_HERE = """
() => [...document.querySelectorAll("div.gg-explorer[data-gg-view]")]
  .every((host) => host.dataset.ggMounted)
"""

CHARTS_AT_THEIR_WIDTH = """
() => [...document.querySelectorAll("svg.gg-plot")].every((svg) =>
  Math.abs(svg.viewBox.baseVal.width - svg.getBoundingClientRect().width) < 1)
"""


def held_explorer() -> Explorer:
    """A tiny curve explorer whose slider is used only while its radio group says "free"."""
    modes, biases = ["free", "held"], [-1.0, 0.0, 1.0]
    steps = np.arange(11)
    curves = np.array(
        [[-(1 + b) * steps / 10 if m == 0 else -steps / 10 for b in biases] for m in range(2)]
    )
    bias = explorer_base.control("bias", "bias b", biases, digits=1)
    bias |= {"enabled_when": {"mode": [0]}, "disabled_note": "(not used while held)"}
    data = {
        "controls": [explorer_base.control("mode", "mode", modes, radio=True), bias],
        "x_max": 10,
        "series": [{"name": "curve", "label": "a curve", "className": "gg-measured"}],
        "arrays": {"curve": grid_array(curves, ["mode", "bias"])},
        "x_label": "step t",
        "y_label": "a value (log scale)",
        "description": "A made-up curve whose slope the bias sets while the mode is free.",
        "explain": "At the last step: {curve[10]:pow10}.",
    }
    return Explorer("curves", title="A held control", data=data, selection={"mode": 0, "bias": 1})


ENABLING = """
root => {
  const slider = root.querySelector("input[type=range]");
  const control = slider.closest(".gg-control");
  const note = control.querySelector(".gg-note");
  return {
    disabled: slider.disabled, noteShown: !!note && !note.hidden && note.offsetHeight > 0,
    note: note ? note.textContent : "", cursor: getComputedStyle(slider).cursor,
    opacity: Number(getComputedStyle(control.querySelector("label")).opacity),
    value: Number(slider.value),
  };
}
"""


def test_a_control_not_in_use_is_disabled(browser):
    """`enabled_when`: a control the selection does not use is disabled, looks it, says why,
    ignores the keyboard, and comes back when the selection uses it again."""
    css, script = (JS_DIR / STYLESHEET).read_text(), site_script()
    html = (
        "<!doctype html><html><head>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{css}</style></head><body>"
        f"{held_explorer().static_html()}<script>{script}</script></body></html>"
    )
    context = phone(browser, 320)
    page = context.new_page()
    page.set_content(html)
    root = page.locator(".gg-explorer-root")
    radios = root.locator("input[type=radio]")
    assert_laid_out(page, "the held explorer at 320 px")
    shown = root.evaluate(ENABLING)
    assert not shown["disabled"] and not shown["noteShown"] and shown["opacity"] == 1
    radios.nth(1).check()  # held: the bias is not used
    shown = root.evaluate(ENABLING)
    assert shown["disabled"] and shown["noteShown"], shown
    assert shown["note"] == "(not used while held)"
    assert shown["cursor"] == "not-allowed" and shown["opacity"] < 0.6, shown
    root.locator("input[type=range]").press("End")  # a disabled slider takes no key
    assert root.evaluate(ENABLING)["value"] == 1
    radios.nth(0).check()  # free again
    shown = root.evaluate(ENABLING)
    assert not shown["disabled"] and not shown["noteShown"] and shown["opacity"] == 1, shown
    slider = root.locator("input[type=range]")
    slider.focus()
    page.keyboard.press("End")
    assert root.evaluate(ENABLING)["value"] == 2
    assert "0.0100" in root.locator(".gg-readout").inner_text()  # 10^−(1 + 1)·10/10
    context.close()


# -- the figures (gatesgrad.plotting.book_figure), on a phone and on a desktop -------------------

# Every shown text of every figure: its rendered size (font size × the SVG's scale) and, for
# a sub- or superscript, the size of its label (mathtext sets it at 0.7 of that).
FIGURE_TEXT = """
() => [...document.querySelectorAll(".gg-figure")].map((figure) => {
  const shown = [...figure.querySelectorAll("svg")]
    .filter((svg) => svg.getBoundingClientRect().width > 0);
  const texts = shown.flatMap((svg) => [...svg.querySelectorAll("text")]).map((text) => {
    const glyphs = [...text.querySelectorAll("tspan")];
    const px = (e) => {
      const m = e.getScreenCTM();
      return parseFloat(getComputedStyle(e).fontSize) * Math.hypot(m.a, m.b);
    };
    const sizes = (glyphs.length ? glyphs : [text]).map(px);
    return [text.textContent, Math.max(...sizes), Math.min(...sizes)];
  });
  return {
    layouts: shown.map((svg) => svg.parentElement.className),
    column: figure.getBoundingClientRect().width,
    texts,
  };
})
"""


def figure_pages() -> list[str]:
    return [d for d in toc_files() if "book_figure(" in (ROOT / f"{d}.md").read_text()]


def check_figures(page, doc: str, layout: str) -> None:
    """Every figure of the page (its solutions unfolded) shows `layout` ("gg-figure-wide" at
    1280 px, "gg-figure-narrow" on a phone; the narrow one in a box narrower than 640 px), each
    label at 12 CSS px or more, a sub- or superscript at 0.69 of 12 or more."""
    figures = page.evaluate(FIGURE_TEXT)
    assert bool(figures) == (doc in figure_pages()), f"{doc}: {len(figures)} figures"
    for k, figure in enumerate(figures):
        where = f"{doc}, figure {k + 1}"
        fits = layout if figure["column"] >= 640 else "gg-figure-narrow"
        assert figure["layouts"] == [fits], f"{where}: shows {figure['layouts']}"
        for text, label, smallest in figure["texts"]:
            assert label >= 11.95, f"{where}: {text!r} at {label:.1f} px"
            assert smallest >= 0.69 * 11.95, f"{where}: {text!r} at {smallest:.1f} px"


def test_a_figure_opens_full_size_and_closes_with_escape(browser, book):
    context = browser.new_context(viewport={"width": 400, "height": 860}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{book.html.as_uri()}/book/04-lstm.html", wait_until="load")
    button = page.locator(".gg-figure-open").first
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.gg-figure-dialog")
    dialog.wait_for(state="visible")
    drawn = page.evaluate(
        """() => { const svg = document.querySelector("dialog .gg-figure-scroll svg");
                   const wide = document.querySelector(".gg-figure-wide svg");
                   return [svg.getBoundingClientRect().width, wide.viewBox.baseVal.width,
                           document.querySelectorAll("dialog [id]").length,
                           new Set([...document.querySelectorAll("[id]")].map((e) => e.id)).size
                           === document.querySelectorAll("[id]").length]; }"""
    )
    assert abs(drawn[0] - drawn[1] * 4 / 3) < 1, "not at its natural size (1 pt = 4/3 px)"
    assert drawn[3], "the full-size copy reuses the page's ids"
    assert page.locator(".gg-figure-close").is_visible()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('gg-figure-open')")
    context.close()


# -- the gate diagram and the heatmaps, drawn at their size on a phone ------------------------

# Each drawing's svg: its viewBox width, its width on screen, and the smallest text on it in CSS
# px (font size × the svg's scale, from the text's screen matrix); the explorer's height.
AT_SIZE = """
root => {
  const svg = root.querySelector("svg.gg-cell, svg.gg-heatmaps");
  const texts = [...svg.querySelectorAll("text, tspan")].filter(
    (t) => [...t.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()));
  const px = (t) => parseFloat(getComputedStyle(t).fontSize) * Math.hypot(
    t.getScreenCTM().a, t.getScreenCTM().b);
  return {
    viewBox: svg.viewBox.baseVal.width, width: svg.getBoundingClientRect().width,
    smallest: Math.min(...texts.map(px)), texts: texts.length,
    height: root.getBoundingClientRect().height,
  };
}
"""


@pytest.mark.book
@pytest.mark.parametrize("width", [320])  # 400 px: tests/test_site_phone.py, on every page
def test_gate_and_heatmaps_are_drawn_at_their_size_on_a_phone(browser, book, width):
    """At 320 and 400 CSS px (a phone: scale 2, touch), the gate diagram (chapter 5) and the
    heatmaps (chapter 6) are laid out for their width: 1 unit of the viewBox is 1 CSS px and no
    text is under 12 px; after the page widens to 1280 px they are laid out again."""
    context = phone(browser, width)
    page = context.new_page()
    try:
        for doc, k in (("book/05-forget-gate", 0), ("book/06-input-gate", 1)):
            page.goto(f"{book.html.as_uri()}/{doc}.html", wait_until="load")
            page.wait_for_function(MOUNTED)
            root = page.locator(".gg-explorer-root").nth(k)
            root.scroll_into_view_if_needed()
            page.wait_for_timeout(200)  # a ResizeObserver's turn
            seen = root.evaluate(AT_SIZE)
            assert seen["texts"] > 10, (doc, seen)
            assert seen["viewBox"] == pytest.approx(seen["width"], abs=0.5), (doc, width, seen)
            assert seen["smallest"] >= 12 - 0.05, (doc, width, seen)
            if doc == "book/05-forget-gate" and width == 400:  # title, controls, readout too
                assert seen["height"] <= 800, seen
            page.set_viewport_size({"width": 1280, "height": 900})
            page.wait_for_timeout(300)
            wide = root.evaluate(AT_SIZE)
            assert wide["width"] > seen["width"] + 200 and wide["smallest"] >= 12 - 0.05, wide
            assert wide["viewBox"] == pytest.approx(wide["width"], abs=0.5), (doc, wide)
            page.set_viewport_size({"width": width, "height": 860})
    finally:
        context.close()
