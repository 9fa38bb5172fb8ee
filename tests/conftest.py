"""Shared fixtures: a seeded generator, tolerances, the book built once per session,
and a headless Chromium that can reach nothing but the built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
HTML = BUILD / "html"
# Debian's Chromium (CI installs it; Playwright cannot download a browser here). Elsewhere,
# set GATESGRAD_CHROMIUM to a Chrome/Chromium, or run `playwright install chromium`.
CHROMIUM = os.environ.get("GATESGRAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261125)


def tolerance(dtype: np.dtype | type) -> dict[str, float]:
    """assert_allclose tolerances for a float dtype."""
    return (
        {"rtol": 1e-5, "atol": 1e-6}
        if np.dtype(dtype) == np.float32
        else {"rtol": 1e-10, "atol": 1e-12}
    )


@dataclass(frozen=True)
class Build:
    """The outcome of `jupyter-book build . -W --keep-going`."""

    returncode: int
    log: str
    html: Path


def _jupyter_book() -> list[str]:
    script = Path(sys.executable).with_name("jupyter-book")
    return [str(script)] if script.exists() else [shutil.which("jupyter-book") or "jupyter-book"]


@pytest.fixture(scope="session")
def book() -> Build:
    """The whole book, built (and its chapters executed) once per test session.

    Incremental: chapters whose code did not change come from the execution cache,
    which `gatesgrad.sphinxext` clears whenever the package's source changes.
    """
    cmd = [*_jupyter_book(), "build", str(ROOT), "-W", "--keep-going"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    log = done.stdout + done.stderr
    build = Build(done.returncode, log, HTML)
    if done.returncode != 0 or "build succeeded" not in log:
        pytest.fail(
            "the book did not build cleanly (a failing cell, a warning or a broken "
            f"reference); its log ends with:\n{log[-6000:]}",
            pytrace=False,
        )
    return build


@pytest.fixture(scope="session")
def browser(book: Build):
    """A headless Chromium driven by Playwright."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as p:
        options = {"executable_path": CHROMIUM} if Path(CHROMIUM).exists() else {}
        try:
            browser = p.chromium.launch(args=CHROMIUM_ARGS, **options)
        except Error as error:
            pytest.fail(
                f"no Chromium to test the website with ({error.message.splitlines()[0]}):"
                " install Debian's chromium (apt-get install chromium), set "
                "GATESGRAD_CHROMIUM, or run `playwright install chromium`",
                pytrace=False,
            )
        yield browser
        browser.close()
