"""The website in headless Chromium, opened from disk with every outside request
blocked: pages render with their maths, and the explorers redraw what Python computed."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gatesgrad.activations import ACTIVATIONS
from gatesgrad.explorers.decay import (
    DEFAULT_LENGTHS,
    DEFAULT_RADII,
    decay_curve,
    decay_network,
)
from gatesgrad.explorers.gate import CONTROLS, gate_grid
from gatesgrad.explorers.gradient_flow import FORGET_BIASES as FLOW_BIASES
from gatesgrad.explorers.gradient_flow import INITS as FLOW_INITS
from gatesgrad.explorers.gradient_flow import LENGTHS as FLOW_LENGTHS
from gatesgrad.explorers.gradient_flow import flow_curves
from gatesgrad.explorers.sequence import FORGET_BIASES as SEQUENCE_BIASES
from gatesgrad.explorers.sequence import MODES, marked_sequence, run
from gatesgrad.gradients import log10_chain_bound
from tests.book_data import EXPLORERS, ROOT, toc_files

pytestmark = pytest.mark.site


def has_math(doc: str) -> bool:
    source = (ROOT / f"{doc}.md").read_text()
    return bool(re.search(r"\$[^$\n]+\$", source))


@pytest.mark.parametrize("doc", toc_files())
def test_page_renders_offline(visit, doc):
    seen = visit(doc)
    page = seen.page
    assert page.locator("article h1").first.is_visible()
    if has_math(doc):
        assert page.locator("mjx-container").count() > 0, "MathJax did not typeset"
        assert page.locator("mjx-merror").count() == 0, "a formula failed to typeset"
    if doc.split("/")[-1][:2].isdigit():  # a chapter: exercises, solutions folded away
        exercises, solutions = page.locator(".exercise"), page.locator(".solution")
        assert exercises.count() >= 2 and solutions.count() == exercises.count()
        for i in range(solutions.count()):
            body = solutions.nth(i).locator(".admonition-title ~ *").first
            assert not body.is_visible(), f"solution {i + 1} is shown before a click"
            solutions.nth(i).locator("button.toggle-button").click()
            body.wait_for(state="visible")
    seen.assert_clean()


# -- the gradient-decay explorer -------------------------------------------------------

READ_PLOT = """
root => {
  const svg = root.querySelector("svg.gg-plot");
  const path = (name) => svg.querySelector(`path[data-series="${name}"]`).getAttribute("d");
  const num = (k) => Number(svg.dataset[k]);
  return {
    measured: path("measured"), bound: path("bound"),
    x: [num("xMin"), num("xMax")], y: [num("yMin"), num("yMax")],
    box: [num("left"), num("right"), num("top"), num("bottom")],
    offchart: svg.querySelectorAll(".gg-offchart").length,
    readout: root.querySelector(".gg-readout").textContent,
  };
}
"""


def decode_path(d: str, plot: dict) -> tuple[np.ndarray, np.ndarray]:
    """Pixel coordinates of an SVG path back to (t, log10 value)."""
    points = np.array([[float(a), float(b)] for a, b in re.findall(r"[ML]([-\d.]+),([-\d.]+)", d)])
    left, right, top, bottom = plot["box"]
    (x0, x1), (y0, y1) = plot["x"], plot["y"]
    t = x0 + (points[:, 0] - left) / (right - left) * (x1 - x0)
    v = y0 + (bottom - points[:, 1]) / (bottom - top) * (y1 - y0)
    return t, v


def assert_curve(
    plot: dict, d: str, expected: np.ndarray, *, label: str, slack: float = 0.0, steps: bool = True
) -> None:
    """The SVG path `d` draws `expected` (log10 values at x = 0, 1, …) to pixel rounding
    (a thousandth of the y span) plus `slack`; with `steps`, also at the right x."""
    t, v = decode_path(d, plot)
    if steps:
        np.testing.assert_allclose(t, np.arange(len(expected)), atol=0.05, err_msg=label)
    span = plot["y"][1] - plot["y"][0]
    np.testing.assert_allclose(v, expected, atol=1e-3 * span + slack, err_msg=label)


def expected_curves(radius: float, activation: str, T: int) -> tuple[np.ndarray, np.ndarray]:
    measured = decay_curve(radius, activation, T)
    W_hh = decay_network(radius, activation).W_hh
    bound = log10_chain_bound(W_hh, activation, T - np.arange(T + 1))
    return measured, bound


def check_plot(plot: dict, radius: float, activation: str, T: int) -> None:
    measured, bound = expected_curves(radius, activation, T)
    slack = 1e-4 * np.abs(measured).max()  # float32
    for name, values in (("measured", measured), ("bound", bound)):
        label = f"{name} at {radius}, {activation}, T={T}"
        assert_curve(plot, plot[name], values, label=label, slack=slack)
    assert plot["offchart"] == 0
    assert f"‖∂h_{T}/∂h_0‖" in plot["readout"]
    assert "NaN" not in plot["readout"] and "undefined" not in plot["readout"]


class Explorer:
    """The decay explorer on the page, driven by keyboard and mouse like a reader."""

    def __init__(self, page):
        self.page = page
        self.root = page.locator(".gg-explorer-root").first
        self.sliders = self.root.locator("input[type=range]")
        self.radios = self.root.locator("input[type=radio]")

    def plot(self) -> dict:
        return self.root.evaluate(READ_PLOT)

    def setting(self) -> tuple[float, str, int]:
        radius = DEFAULT_RADII[int(self.sliders.nth(0).input_value())]
        length = DEFAULT_LENGTHS[int(self.sliders.nth(1).input_value())]
        checked = [i for i in range(self.radios.count()) if self.radios.nth(i).is_checked()]
        return float(radius), list(ACTIVATIONS)[checked[0]], int(length)

    def key(self, slider: int, key: str, times: int = 1) -> None:
        self.sliders.nth(slider).focus()
        for _ in range(times):
            self.page.keyboard.press(key)

    def drag(self, slider: int, fraction: float) -> None:
        box = self.sliders.nth(slider).bounding_box()
        y = box["y"] + box["height"] / 2
        self.page.mouse.move(box["x"] + 6, y)
        self.page.mouse.down()
        self.page.mouse.move(box["x"] + 6 + fraction * (box["width"] - 12), y, steps=8)
        self.page.mouse.up()


def test_decay_explorer_follows_every_control(visit):
    seen = visit("book/03-vanishing-gradients")
    explorer = Explorer(seen.page)
    assert explorer.sliders.count() == 2 and explorer.radios.count() == 3
    check_plot(explorer.plot(), *explorer.setting())
    moves = [
        ("radius to its minimum", lambda: explorer.key(0, "Home")),
        ("radius to its maximum", lambda: explorer.key(0, "End")),
        ("radius dragged to the middle", lambda: explorer.drag(0, 0.5)),
        ("length to its minimum", lambda: explorer.key(1, "Home")),
        ("length to its maximum", lambda: explorer.key(1, "End")),
        ("length one step down", lambda: explorer.key(1, "ArrowLeft")),
        ("logistic", lambda: explorer.radios.nth(1).check()),
        ("radius to its maximum, logistic", lambda: explorer.key(0, "End")),
        ("linear", lambda: explorer.radios.nth(2).check()),
        ("radius dragged to 3/4, linear", lambda: explorer.drag(0, 0.75)),
        ("tanh", lambda: explorer.radios.nth(0).check()),
    ]
    before = explorer.plot()
    for label, move in moves:
        old_setting = explorer.setting()
        move()
        setting = explorer.setting()
        assert setting != old_setting, f"{label}: the control did not move"
        after = explorer.plot()
        assert after["measured"] != before["measured"], f"{label}: the curve did not change"
        check_plot(after, *setting)
        before = after
    seen.assert_clean()


def test_decay_explorer_shows_float32_overflow(visit):
    """At the steepest linear setting the readout says the gradient overflows float32."""
    seen = visit("book/03-vanishing-gradients")
    explorer = Explorer(seen.page)
    explorer.radios.nth(2).check()
    explorer.key(0, "End")
    explorer.key(1, "End")
    plot = explorer.plot()
    assert explorer.setting() == (6.0, "linear", 100)
    assert decay_curve(6.0, "linear", 100)[0] > np.log10(np.finfo(np.float32).max)
    assert "overflows to inf" in plot["readout"]
    assert seen.page.locator(".gg-hline").count() >= 1  # the float32 limit is drawn
    check_plot(plot, 6.0, "linear", 100)
    seen.assert_clean()


# -- Part II: the gate explorers, the sequence explorer, the gradient-flow explorer ----------

GATE_PAGES = {"f": "book/05-forget-gate", "i": "book/06-input-gate", "o": "book/07-output-gate"}


def number(text: str) -> float:
    return float(text.replace("−", "-"))


def slider_moves(page, sliders, k: int):
    """Home, End, then the middle, on slider k, by keyboard."""
    count = int(sliders.nth(k).get_attribute("max")) + 1

    def press(*keys):
        def move():
            sliders.nth(k).focus()
            for key in keys:
                page.keyboard.press(key)

        return move

    return [
        ("min", press("Home")),
        ("max", press("End")),
        ("middle", press("Home", *["ArrowRight"] * (count // 2))),
    ]


@pytest.mark.parametrize("gate", ["f", "i", "o"])
def test_gate_explorer_follows_every_slider(visit, gate):
    seen = visit(GATE_PAGES[gate])
    page = seen.page
    root = page.locator(".gg-explorer-root", has=page.locator("svg.gg-cell"))
    sliders = root.locator("input[type=range]")
    assert sliders.count() == len(CONTROLS)
    assert root.locator(".gg-gate.gg-focus").get_attribute("data-gate") == gate
    grid = gate_grid(gate)

    def shown() -> dict[str, float]:
        texts = root.locator(".gg-val").evaluate_all(
            "els => els.map(e => [e.dataset.name, e.textContent])"
        )
        sliders_shown = {"c": "c_prev", "h": "h_prev"}  # the diagram shows two sliders' values
        return {sliders_shown.get(name, name): number(text) for name, text in texts}

    def check(label: str) -> tuple[int, ...]:
        at = tuple(int(sliders.nth(k).input_value()) for k in range(len(CONTROLS)))
        for name, value in shown().items():
            assert value == pytest.approx(grid[name][at], abs=6e-4), f"{label}: {name}"
        readout = root.locator(".gg-readout").text_content()
        assert f"{grid[gate][at]:.3f}".replace("-", "−") in readout, label
        return at

    before = check("start")
    for k, control in enumerate(CONTROLS):
        for where, move in slider_moves(page, sliders, k):
            move()
            after = check(f"{control.name} at its {where}")
            assert after != before, f"{control.name} at its {where}: the slider did not move"
            before = after
    seen.assert_clean()


def heatmap_values(root, name: str) -> np.ndarray:
    """Heatmap cells back to values: opacity is |value| / scale, the class is the sign."""
    cells = root.locator(f'g[data-quantity="{name}"] rect').evaluate_all(
        "els => els.map(e => [e.getAttribute('class'), Number(e.getAttribute('fill-opacity'))])"
    )
    return np.array([-o if cls == "gg-hm-neg" else o for cls, o in cells])


def test_sequence_explorer_follows_every_control(visit):
    seen = visit("book/06-input-gate")
    page = seen.page
    root = page.locator(".gg-explorer-root", has=page.locator("svg.gg-heatmaps"))
    radios, sliders = root.locator("input[type=radio]"), root.locator("input[type=range]")
    assert radios.count() == len(MODES) and sliders.count() == 1
    xs = marked_sequence()

    def check(label: str) -> np.ndarray:
        mode = MODES[[radios.nth(i).is_checked() for i in range(len(MODES))].index(True)]
        bias = SEQUENCE_BIASES[int(sliders.nth(0).input_value())]
        trace = run(mode, bias, xs)
        c_limit = max(np.abs(run(mode, b, xs).c).max() for b in SEQUENCE_BIASES)
        for name in ("i", "f", "g", "o", "c", "h"):
            expected = getattr(trace, name)[-len(xs) :].T.ravel()
            scale = c_limit if name == "c" else 1.0
            np.testing.assert_allclose(
                heatmap_values(root, name) * scale,
                expected,
                atol=1e-4 * scale,
                err_msg=f"{label}: {name}",
            )
        return heatmap_values(root, "c")

    before = check("start")
    moves = [(f"mode {m}", lambda i=i: radios.nth(i).check()) for i, m in enumerate(MODES)]
    moves = moves[1:] + moves[:1] + slider_moves(page, sliders, 0)
    for label, move in moves:
        move()
        after = check(label)
        assert not np.array_equal(after, before), f"{label}: the cell state did not change"
        before = after
    seen.assert_clean()


def test_gradient_flow_explorer_follows_every_control(visit):
    seen = visit("book/08-lstm-gradients")
    page = seen.page
    root = page.locator(".gg-explorer-root", has=page.locator("svg.gg-plot"))
    sliders = root.locator("input[type=range]")
    radios = root.locator("input[type=radio]")
    assert sliders.count() == 2 and radios.count() == len(FLOW_INITS)

    def check(label: str) -> dict:
        init = FLOW_INITS[[radios.nth(i).is_checked() for i in range(radios.count())].index(True)]
        bias = FLOW_BIASES[int(sliders.nth(0).input_value())]
        T = FLOW_LENGTHS[int(sliders.nth(1).input_value())]
        plot = root.evaluate(READ_FLOW)
        for name, curve in flow_curves(bias, T, init=init).items():
            assert_curve(plot, plot["paths"][name], curve, label=f"{label}: {name}", slack=1e-4)
        assert "NaN" not in plot["readout"]
        return plot["paths"]

    before = check("start")
    moves = [(f"init {i}", lambda i=i: radios.nth(i).check()) for i in (1, 0)]
    moves += [
        (f"slider {k} at its {w}", m) for k in range(2) for w, m in slider_moves(page, sliders, k)
    ]
    for label, move in moves:
        move()
        after = check(label)
        assert after != before, f"{label}: nothing changed"
        before = after
    seen.assert_clean()


READ_FLOW = """
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
    readout: root.querySelector(".gg-readout").textContent,
  };
}
"""


def test_lag_explorer_shows_the_trained_errors(visit):
    """Every length on the slider: the curves are the test errors the chapter measured."""
    import json

    from tests.book_data import executed, glued
    from tests.test_explorers_lstm import grid_at

    seen = visit("book/10-adding-problem")
    page = seen.page
    root = page.locator(".gg-explorer-root", has=page.locator("svg.gg-plot"))
    slider = root.locator("input[type=range]")
    source = (ROOT / "_build/html/book/10-adding-problem.html").read_text()
    payload = re.search(r'class="gg-explorer-state">(.*?)</script>', source, re.S).group(1)
    state = json.loads(payload.replace("<\\/", "</"))
    lengths = state["data"]["controls"][0]["values"]
    glue = glued(executed("book/10-adding-problem"))
    slider.focus()
    page.keyboard.press("Home")
    for k, T in enumerate(lengths):
        if k:
            page.keyboard.press("ArrowRight")
        plot = root.evaluate(READ_FLOW)
        for name in ("lstm", "rnn"):
            expected = grid_at(state["data"]["arrays"][name], {"length": k})
            assert 10 ** expected[-1] == pytest.approx(glue[f"ch10_lag_{name}_{T}"], rel=1e-5)
            assert_curve(plot, plot["paths"][name], expected, label=f"T={T}: {name}", steps=False)
        assert pow10_text(np.log10(glue[f"ch10_lag_lstm_{T}"])) in plot["readout"]
    seen.assert_clean()


def test_memory_explorer_follows_its_slider(visit):
    from gatesgrad.explorers.memory import RADII, pulse_memory

    seen = visit("book/01-recurrent-networks")
    page = seen.page
    root = page.locator(".gg-explorer-root", has=page.locator("svg.gg-plot"))
    sliders = root.locator("input[type=range]")
    before = None
    for where, move in [("start", lambda: None), *slider_moves(page, sliders, 0)]:
        move()
        radius = RADII[int(sliders.nth(0).input_value())]
        plot = root.evaluate(READ_FLOW)
        for name in ("tanh", "linear"):
            expected = pulse_memory(radius, name)
            assert_curve(
                plot,
                plot["paths"][name],
                expected,
                label=f"{where}: {name}",
                slack=1e-4,
                steps=False,
            )
        assert plot["paths"] != before, f"{where}: nothing changed"
        before = plot["paths"]
    seen.assert_clean()


def pow10_text(log10: float) -> str:
    """A log10 value as common.js's formatPow10 writes it (finite values)."""
    value = 10.0**log10
    if 0.01 <= value < 999.5:
        return f"{value:#.3g}".rstrip(".")
    exponent = int(np.floor(log10))
    mantissa = f"{10 ** (log10 - exponent):.1f}"
    if mantissa == "10.0":
        mantissa, exponent = "1.0", exponent + 1
    digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
    power = ("⁻" if exponent < 0 else "") + "".join(digits[int(d)] for d in str(abs(exponent)))
    return f"{mantissa} × 10{power}"


# -- every explorer, every control ---------------------------------------------------------

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


@pytest.mark.parametrize("doc", toc_files())
def test_every_id_is_unique_and_every_explorer_input_has_one_name(visit, doc):
    """A reader with a screen reader hears one label per control, and no id is used twice
    (axe does not check a label that a duplicated id moves to another explorer's input)."""
    seen = visit(doc)
    found = seen.page.evaluate(NAMES_AND_IDS)
    assert found["duplicates"] == [], f"ids used twice on {doc}"
    assert bool(found["labels"]) == (doc in EXPLORERS), f"explorer inputs on {doc}"
    names = control_names(doc)
    for k, labels in enumerate(found["labels"]):
        assert len(labels) == 1, f"{doc}, explorer input {k}: labels {labels}"
        assert labels[0] in names, f"{doc}, explorer input {k}: {labels[0]!r} is no control's name"
    assert found["otherNames"] == 0


def control_names(doc: str) -> set[str]:
    """What each explorer input of the page should be called: its control's label (a slider)
    or its option (a radio button), from the states embedded in the page."""
    import json

    source = (ROOT / f"_build/html/{doc}.html").read_text()
    names = set()
    for payload in re.findall(r'class="gg-explorer-state">(.*?)</script>', source, re.S):
        for control in json.loads(payload.replace("<\\/", "</"))["data"]["controls"]:
            radio = control.get("kind") == "radio"
            names |= {str(v) for v in control["values"]} if radio else {control["label"]}
    return names


# What a reader would see go wrong: a number that is not one, or a figure with nothing drawn.
DRAWN = """
root => ({
  text: root.innerText,
  paths: [...root.querySelectorAll("svg path")].map(p => p.getAttribute("d") || ""),
  marks: root.querySelectorAll("svg path, svg rect, svg circle, svg line").length,
  values: [...root.querySelectorAll("output, .gg-value")].map(o => o.textContent),
})
"""


def assert_drawn_honestly(root, where: str) -> None:
    seen = root.evaluate(DRAWN)
    for bad in ("NaN", "undefined", "Infinity", "null"):
        assert bad not in seen["text"], f"{where}: the explorer shows {bad!r}"
        assert not any(bad in d for d in seen["paths"]), f"{where}: a curve has {bad!r}"
    assert seen["marks"] > 3, f"{where}: the figure is blank"
    assert any(len(d) > 10 for d in seen["paths"]) or "rect" in root.inner_html(), where


@pytest.mark.parametrize("doc", EXPLORERS)
def test_every_control_of_every_explorer_at_its_ends_and_middle(visit, doc):
    seen = visit(doc)
    page = seen.page
    roots = page.locator(".gg-explorer-root")
    assert roots.count() >= 1
    for r in range(roots.count()):
        root = roots.nth(r)
        assert_drawn_honestly(root, f"{doc} explorer {r}, as first shown")
        sliders = root.locator("input[type=range]")
        for k in range(sliders.count()):
            for where, move in slider_moves(page, sliders, k):
                before = root.evaluate(DRAWN)
                move()
                label = f"{doc} explorer {r}, slider {k} at its {where}"
                assert_drawn_honestly(root, label)
                value = sliders.nth(k).get_attribute("aria-valuetext") or ""
                assert value and "NaN" not in value, label
                assert root.evaluate(DRAWN) != before or where == "min", f"{label}: no redraw"
        radios = root.locator("input[type=radio]")
        for k in range(radios.count()):
            radios.nth(k).check()
            assert_drawn_honestly(root, f"{doc} explorer {r}, option {k}")
    seen.assert_clean()
