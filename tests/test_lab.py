"""The explorers are live widgets in JupyterLab: run the cell, drag a slider, and the
kernel sees the new selection."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.site

CELL = (
    "from gatesgrad.explorers import gradient_decay_explorer\n"
    "explorer = gradient_decay_explorer(radius=1.0, activation='tanh', length=50)\n"
    "explorer"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on loopback, serving one notebook with the decay explorer."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(CELL), nbformat.v4.new_code_cell("explorer.selection")]
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


def test_decay_explorer_is_live_in_jupyterlab(browser, lab):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(lab)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    root = page.locator(".gg-explorer-root")
    for attempt in range(4):  # the kernel may still be starting: run the cell until it draws
        page.keyboard.press("Escape")
        page.locator(".jp-Cell").first.click()
        page.keyboard.press("Shift+Enter")
        try:
            root.locator("path[data-series=measured]").wait_for(timeout=20_000)
            break
        except PlaywrightTimeout:
            if attempt == 3:
                raise
    before = root.locator("path[data-series=measured]").get_attribute("d")

    slider = root.locator("input[type=range]").first
    slider.focus()
    page.keyboard.press("End")
    page.wait_for_function(
        "before => document.querySelector('.gg-explorer-root path[data-series=measured]')"
        ".getAttribute('d') !== before",
        arg=before,
    )

    page.locator(".jp-Cell").nth(1).click()
    page.keyboard.press("Shift+Enter")  # ask the kernel what the widget holds now
    output = page.locator(".jp-Cell").nth(1).locator(".jp-OutputArea-output")
    output.wait_for(timeout=30_000)
    assert "'radius': 29" in output.text_content()  # the last radius on the grid
    assert not errors, errors
    page.close()
