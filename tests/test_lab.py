"""The explorers are live widgets in JupyterLab, with the model as the one source of truth:
drag a slider and the kernel sees the new selection; set the selection from Python and the
sliders and the figure follow; two views of one widget stay in step. Chapter 11's explorer
is driven too, the trainer (issue 24) trains a step in its Worker, and an exercise's check
judges what is typed and tells the kernel (issue 25)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request

import numpy as np
import pytest

pytestmark = pytest.mark.site

# A small grid: the kernel computes it in a moment (the chapter's takes seconds).
CELL = (
    "from gatesgrad.explorers import gradient_decay_explorer\n"
    "explorer = gradient_decay_explorer(radius=1.0, activation='tanh', length=50,\n"
    "    radii=[0.5, 1.0, 1.5, 2.0], lengths=[10, 50, 100])\n"
    "explorer"
)


# Chapter 11's explorer as the chapter makes it (its grid takes the kernel about 4 s).
GRU_CELL = (
    "from gatesgrad.explorers import gru_flow_explorer\n"
    "gru = gru_flow_explorer(update_bias=0.0, forget_bias=1.0, length=100)\n"
    "gru"
)


# The trainer, small: its Worker is built from a Blob in JupyterLab too.
TRAINER_CELL = (
    "from gatesgrad.explorers import trainer_explorer\n"
    "trainer = trainer_explorer(archs=['lstm'], T=10, H=8)\n"
    "trainer"
)


# An exercise's answer box: the reader's answer and its verdict reach the kernel.
CHECK_CELL = (
    "from gatesgrad.explorers import check\n"
    "box = check('lab_power', 0.9 ** 50, label='0.9 to the 50th =', rel=1e-3)\n"
    "box"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on loopback, serving one notebook with the decay explorer."""
    import nbformat  # here, not at import: every test process collects this module

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(source)
        for source in (
            CELL,
            "explorer.selection",
            "explorer.selection = {**explorer.selection, 'radius': 0, 'length': 0}",
            "explorer  # a second view of the same widget",
            GRU_CELL,
            "gru.selection",
            TRAINER_CELL,
            CHECK_CELL,
            "box.response",
        )
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, tmp_path / "explorer.ipynb")
    port, token = free_port(), "gates-and-gradients-test"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--ServerApp.token={token}",
            f"--ServerApp.root_dir={tmp_path}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("JupyterLab did not start within 60 s", pytrace=False)
            time.sleep(0.5)
    yield f"{base}/lab/tree/explorer.ipynb?token={token}"
    server.terminate()
    server.wait(timeout=20)


MEASURED = "path[data-series=measured]"


def wait_for_kernel(lab: str, within: float = 60) -> None:
    """Until the notebook's kernel has a connection (the page's) and is idle, as the server's
    sessions say."""
    base, token = lab.split("/lab/")[0], lab.split("token=")[1]
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=2) as answer:
            kernels = [session["kernel"] for session in json.load(answer)]
        if any(k["connections"] > 0 and k["execution_state"] == "idle" for k in kernels):
            return
        time.sleep(0.1)
    pytest.fail(f"the notebook's kernel was not connected and idle within {within} s")


def test_decay_explorer_is_live_in_jupyterlab_both_ways(chromium, lab):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = chromium.new_page(viewport={"width": 1300, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(lab)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    cells = page.locator(".jp-Cell")
    views = page.locator(".gg-explorer-root")

    def run(k: int) -> None:
        page.keyboard.press("Escape")
        cells.nth(k).click()
        page.keyboard.press("Shift+Enter")

    def path(view: int) -> str:
        return views.nth(view).locator(MEASURED).get_attribute("d")

    def curve(view: int) -> list[tuple[float, float]]:
        """The measured curve of a view in the data's units (x, log10 y), to a fifth of a unit:
        each view lays its chart out for its own width, so two views of one widget draw it
        at different px."""
        svg = views.nth(view).locator("svg.gg-plot")
        keys = ("left", "right", "top", "bottom", "x-min", "x-max", "y-min", "y-max")
        b = {k: float(svg.get_attribute(f"data-{k}")) for k in keys}
        sx = (b["x-max"] - b["x-min"]) / (b["right"] - b["left"])
        sy = (b["y-max"] - b["y-min"]) / (b["bottom"] - b["top"])
        return [
            (b["x-min"] + (float(x) - b["left"]) * sx, b["y-min"] + (b["bottom"] - float(y)) * sy)
            for x, y in re.findall(r"[ML]([\d.]+),([\d.]+)", path(view))
        ]

    def same_curve(a: int, b: int) -> bool:
        one, other = curve(a), curve(b)
        return len(one) == len(other) and np.allclose(one, other, atol=0.2)

    def changes(view: int, before: str) -> None:
        page.wait_for_function(
            "([k, before]) => document.querySelectorAll('.gg-explorer-root')[k]"
            f".querySelector('{MEASURED}').getAttribute('d') !== before",
            arg=[view, before],
        )

    # The notebook may not take keys at once: once its kernel is connected and idle, press
    # Shift+Enter until the cell is queued or run (its prompt shows [*] or a number), then wait
    # for the drawing.
    wait_for_kernel(lab)
    prompt = ".jp-Cell .jp-InputPrompt"
    for attempt in range(20):
        run(0)
        try:
            page.wait_for_function(
                f"/\\[(\\*|\\d+)\\]/.test(document.querySelector('{prompt}').textContent)",
                timeout=2_000,
            )
            break
        except PlaywrightTimeout:
            if attempt == 19:
                raise
    views.first.locator(MEASURED).wait_for(timeout=60_000)
    radius, length = (views.first.locator("input[type=range]").nth(k) for k in (0, 1))

    # the view sets the model: the kernel sees the slider's new position
    before = path(0)
    radius.focus()
    page.keyboard.press("End")
    changes(0, before)
    run(1)
    output = cells.nth(1).locator(".jp-OutputArea-output")
    output.wait_for(timeout=30_000)
    assert "'radius': 3" in output.text_content()  # the last radius on the grid

    # Python sets the model: the sliders move and the figure follows
    before = path(0)
    run(2)
    changes(0, before)
    assert radius.input_value() == "0" and length.input_value() == "0"
    assert views.first.locator("svg.gg-plot").get_attribute("data-x-max") == "10"  # T = 10

    # two views of one widget: a control of either moves both
    run(3)
    views.nth(1).locator(MEASURED).wait_for(timeout=30_000)
    assert same_curve(1, 0)
    before = path(0)
    views.nth(1).locator("input[type=range]").nth(1).focus()
    page.keyboard.press("End")
    changes(0, before)
    assert same_curve(0, 1) and length.input_value() == "2"  # the last length

    # chapter 11's explorer, live the same way: its update-bias slider reaches the kernel
    run(4)
    gru_curve = views.nth(2).locator("path[data-series=gru_h]")
    gru_curve.wait_for(timeout=60_000)
    before = gru_curve.get_attribute("d")
    views.nth(2).locator("input[type=range]").first.focus()
    page.keyboard.press("End")
    page.wait_for_function(
        "before => document.querySelectorAll('.gg-explorer-root')[2]"
        ".querySelector('path[data-series=gru_h]').getAttribute('d') !== before",
        arg=before,
    )
    run(5)
    output = cells.nth(5).locator(".jp-OutputArea-output")
    output.wait_for(timeout=30_000)
    assert "'update': 8" in output.text_content()  # b_z = 6, the last of nine

    # the trainer: drawn untrained (its probe at step 0), then one step in its Worker
    run(6)
    trainer = page.locator(".gg-trainer")
    page.wait_for_function(
        "() => /LSTM, step 0: untrained/.test("
        "document.querySelector('.gg-trainer .gg-tr-readout')?.textContent || '')",
        timeout=60_000,
    )
    trainer.get_by_role("button", name="Step").click()
    page.wait_for_function("() => document.querySelector('.gg-trainer').dataset.steps === '1'")
    assert "LSTM, step 1: loss" in trainer.locator(".gg-tr-readout").inner_text()

    # the check: an expression typed key by key (letters included: JupyterLab's shortcuts
    # must not take them) and judged with Enter, the verdict read by the kernel
    run(7)
    box = page.locator(".gg-check-root")
    answer = box.get_by_label("0.9 to the 50th =")
    answer.wait_for(timeout=30_000)
    answer.press_sequentially("exp(50 ln(0.9))")  # a slip of the keyboard: no ×
    answer.press("Enter")
    assert box.get_attribute("data-verdict") == "unread"
    answer.fill("")
    answer.press_sequentially("exp(50*ln(0.9))")
    answer.press("Enter")
    assert box.get_attribute("data-verdict") == "right", box.inner_text()
    run(8)
    output = cells.nth(8).locator(".jp-OutputArea-output")
    output.wait_for(timeout=30_000)
    assert "'text': 'exp(50*ln(0.9))', 'verdict': 'right'" in output.text_content()
    assert not errors, errors
    page.close()
