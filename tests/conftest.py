"""Shared fixtures: a seeded generator, tolerances, the book built once per session,
and a headless Chromium that can reach nothing but the built site."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

# One BLAS thread in each test process, as in the chapters' kernels (_ext/ggsite/prerun.py):
# two processes share two cores, and numpy's OpenBLAS would start a thread per core in each.
# Set before numpy is imported; the test processes inherit it. The numbers stay the same.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pytest
from filelock import FileLock

# jsonschema (imported with nbformat) registers its "iri" format checks only if it can import
# rfc3987_syntax, whose import builds some forty Lark parsers: about a second in every test
# process. No schema validated here uses a format (nbformat's have none); without the module
# jsonschema leaves those checks out, and nothing else imports it.
sys.modules.setdefault("rfc3987_syntax", None)

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
HTML = BUILD / "html"
CHROMIUM_VARIABLE = "GATESGRAD_CHROMIUM"
SYSTEM_CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Marked tests the README's `pytest` leaves out (they take minutes), and why; `.ci/run` runs
# them with `pytest -m determinism`.
SEPARATE = {
    "determinism": "executes every chapter a second time to compare every glued number and "
    "explorer array with the build's (about four minutes)",
}


# Started first, so that the longest test does not start last on one of the processes.
FIRST = ("tests/test_lab.py", "tests/test_trainer_demo.py")

# Tests that share what they compute run in one test process: TensorFlow and chapter 12's
# recomputations (the Keras tests, the checkpoints' GradientTape checks, chapter 12's claims
# and its page, whose checks read the claims' recomputed correlations), the gate and flow
# grids (cached per process; the pages of the gate explorers read them too), each chapter's
# claims (cached in its claims module), the trainer's twin runs and its default runs in
# Chromium, and the tests that parse the built pages.
# pytest-xdist 3.8 would group tests by the
# mark `xdist_group` by renaming their node ids, which pytest 9 no longer allows (it derives a
# node id from the node), so that mark is silently ignored; the groups are named here instead,
# by node id, and `GroupScheduling` sends each group whole to one process.
GRIDS = "gate_grid|gate_explorer|gradient_flow_explorer|gru_flow_explorer"
GROUPS = (
    (r"tests/test_(keras|charmodel|checkpoints)\.py::", "keras"),
    (r"tests/test_book\.py::test_claim\[ch12_", "keras"),
    (r"tests/test_site\.py::test_every_page\[book/12-", "keras"),
    (r"tests/test_explorers_(lstm|gru)\.py::", "grids"),
    (r"tests/test_site\.py::test_every_page\[book/0[567]-", "grids"),  # the gate explorers
    (rf"tests/test_explorer_inputs\.py::\w+\[({GRIDS})\]$", "grids"),
    (r"tests/test_book\.py::test_claim\[(ch\d+)_", r"claims-\1"),
    (r"tests/test_trainer_js\.py::", "trainer"),  # the numpy twin's runs, cached
    (r"tests/test_trainer_demo\.py::", "trainer-demo"),  # the default runs, once (module fixture)
    # the built pages, each parsed once (book_data.page_soup)
    (r"tests/test_book\.py::test_(pages_load|each_page|prose_shows)", "pages"),
    (r"tests/test_publishing\.py::test_(chapter_downloads|launch_buttons_open)", "pages"),
)


def group_of(nodeid: str) -> str:
    """The group a test runs in: the first of GROUPS whose pattern matches its node id, else
    the test alone."""
    for pattern, group in GROUPS:
        if found := re.match(pattern, nodeid):
            return found.expand(group)
    return nodeid


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """With `--dist loadscope` (pyproject.toml), xdist's scheduler of whole scopes, a scope being
    a group of GROUPS: the largest groups start first, then the other tests in order."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

    return GroupScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the SEPARATE tests unless the marker expression names their marker or a test
    id is given; put the FIRST modules first, and in each group the tests that need no built
    book before those that do (a process then works while another builds the book)."""
    items.sort(  # stable: order kept otherwise
        key=lambda item: (not item.nodeid.startswith(FIRST), "book" in item.fixturenames)
    )
    asked = config.option.markexpr or ""
    if any("::" in arg for arg in config.args):
        return
    separate_markers = [m for m in SEPARATE if m not in asked]
    if not separate_markers:
        return
    separate = [i for i in items if any(i.get_closest_marker(m) for m in separate_markers)]
    if separate:
        items[:] = [item for item in items if item not in separate]
        config.hook.pytest_deselected(items=separate)
        config.stash[DESELECTED] = {item.nodeid: marker_of(item) for item in separate}


def marker_of(item: pytest.Item) -> str:
    return next(m for m in SEPARATE if item.get_closest_marker(m))


DESELECTED = pytest.StashKey[dict]()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A pytest-xdist process tells the main process what it deselected."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["deselected"] = session.config.stash.get(DESELECTED, {})


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """The main process counts each deselected test once, in the summary line too."""
    config = node.config
    seen = config.stash.setdefault(DESELECTED, {})
    output = getattr(node, "workeroutput", {})  # none when the process crashed
    new = {k: v for k, v in output.get("deselected", {}).items() if k not in seen}
    seen.update(new)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and new:
        reporter.stats.setdefault("deselected", []).extend(SimpleNamespace(nodeid=k) for k in new)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Say, just above the summary line, what was deselected, why, and how to run it."""
    if hasattr(config, "workeroutput"):
        return
    deselected = config.stash.get(DESELECTED, {})
    if not deselected:
        return
    terminalreporter.section("deselected by default", sep="-")
    for marker, why in SEPARATE.items():
        names = [nodeid.split("::")[-1] for nodeid, m in deselected.items() if m == marker]
        if names:
            terminalreporter.write_line(
                f"{len(names)} deselected ({', '.join(names)}): {why}. Run with: pytest -m {marker}"
            )


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
def book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The whole book, built (and its chapters executed) once per test session.

    Incremental: chapters whose code did not change come from the execution cache,
    which the book's extension `ggsite` clears whenever the package `gatesgrad` changes.
    The test processes (pytest-xdist) share one build: the first to get here builds, the
    others wait for it and read its outcome.
    """
    shared = tmp_path_factory.getbasetemp()  # this run's folder; a worker has its own in it
    shared = shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared
    with FileLock(shared / "book.lock"):
        outcome = shared / "book.json"
        if not outcome.exists():  # written even when the build fails: no one builds twice
            cmd = [*_jupyter_book(), "build", str(ROOT), "-W", "--keep-going"]
            try:
                done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
                result = [done.returncode, done.stdout + done.stderr]
            except subprocess.TimeoutExpired as error:
                result = [-1, f"{error.stdout or ''}{error.stderr or ''}\nno end within 1800 s"]
            outcome.write_text(json.dumps(result))
        returncode, log = json.loads(outcome.read_text())
    if returncode != 0 or "build succeeded" not in log:
        pytest.fail(
            "the book did not build cleanly (a failing cell, a warning or a broken "
            f"reference); its log ends with:\n{log[-6000:]}",
            pytrace=False,
        )
    return Build(returncode, log, HTML)


def find_chromium(playwright_chromium: str) -> str:
    """The browser the website tests drive: $GATESGRAD_CHROMIUM, else Playwright's own
    Chromium (`playwright_chromium`, where `playwright install chromium` puts it), else the
    first Chromium or Chrome on PATH."""
    chosen = os.environ.get(CHROMIUM_VARIABLE)
    if chosen:
        if not Path(chosen).is_file():
            raise FileNotFoundError(
                f"{CHROMIUM_VARIABLE}: expected the path of a Chromium or Chrome, got {chosen!r}"
                " (no such file)"
            )
        return chosen
    if Path(playwright_chromium).is_file():
        return playwright_chromium
    for name in SYSTEM_CHROMIUMS:
        if found := shutil.which(name):
            return found
    on_path = " or ".join(SYSTEM_CHROMIUMS)
    raise FileNotFoundError(
        f"no Chromium to test with: set {CHROMIUM_VARIABLE} to one, run"
        f" `.venv/bin/playwright install chromium`, or install {on_path} on PATH"
    )


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium driven by Playwright, for tests that need no built book (one per
    test process: Playwright's sync API runs once in a process)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            executable = find_chromium(p.chromium.executable_path)
        except FileNotFoundError as error:
            pytest.fail(str(error), pytrace=False)
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser(book: Build, chromium):
    """The headless Chromium, once the book is built (the website tests)."""
    return chromium


# A page is ready when its web fonts are in, the maths font among them wherever the page has
# maths (the maths is MathML written at build time: nothing typesets it; awaited: READY), and
# every explorer and exercise check on it is mounted, drawn or showing its fallback after an
# error the test then reports (polled: MOUNTED; wait_for_function takes a promise as true at
# once). READY returns what test_site.py checks of the maths: its formulas and whether the
# font loaded.
READY = """
async () => {
  const formulas = document.querySelectorAll("math").length;
  if (formulas) await document.fonts.load('1em "STIX Two Math"', "x").catch(() => null);
  await document.fonts.ready;
  const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "STIX Two Math");
  return { formulas, mathFont: faces.map((f) => f.status) };
}
"""
MOUNTED = """
() => [...document.querySelectorAll("div.gg-explorer[data-gg-view], div.gg-check[data-gg-view]")]
  .every((host) => host.dataset.ggMounted)
"""


@dataclass
class Visit:
    """A page and what it tried to do that it should not have."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    ready: dict = field(default_factory=dict)  # what READY found: formulas, maths font

    def assert_clean(self) -> None:
        assert not self.outside_requests, f"requests outside the site: {self.outside_requests}"
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.failed_requests, f"files missing from the site: {self.failed_requests}"


PHONE = {  # a phone as the website tests hold it: CSS px, two device pixels to one, touch
    "viewport": {"width": 400, "height": 860},
    "device_scale_factor": 2,
    "has_touch": True,
    "is_mobile": True,
}


def _visitor(browser, book: Build, color_scheme: str, device: dict | None = None):
    """Open book pages (docnames, optionally with a query) in a fresh browser context: a
    1280 x 900 desktop window, or `device` (PHONE)."""
    context = browser.new_context(
        **(device or {"viewport": {"width": 1280, "height": 900}}), color_scheme=color_scheme
    )
    site = book.html.as_uri()
    # Every request for anything but the site's files and data: URLs. Only those are routed
    # (matched in Playwright's driver): the site's own requests go on without a round trip here.
    outside = re.compile(rf"^(?!{re.escape(site)}/|data:)")

    def open_page(doc: str) -> Visit:
        page = context.new_page()
        seen = Visit(page)

        def route(route):
            seen.outside_requests.append(route.request.url)
            route.abort()

        page.route(outside, route)
        page.on("console", lambda m: m.type == "error" and seen.console_errors.append(m.text))
        page.on("pageerror", lambda e: seen.console_errors.append(str(e)))
        page.on("requestfinished", lambda r: seen.fetched.append(r.url))
        page.on(
            "requestfailed", lambda r: r.url.startswith(site) and seen.failed_requests.append(r.url)
        )
        path, _, query = doc.partition("?")
        page.goto(f"{site}/{path}.html" + (f"?{query}" if query else ""), wait_until="load")
        seen.ready = page.evaluate(READY)
        page.wait_for_function(MOUNTED)
        return seen

    return context, open_page


@pytest.fixture
def visit(browser, book):
    """Visit pages as a reader whose system asks for light colours."""
    context, open_page = _visitor(browser, book, "light")
    yield open_page
    context.close()


@pytest.fixture
def visit_phone(browser, book):
    """Visit pages as a reader on a phone (PHONE), in light colours."""
    context, open_page = _visitor(browser, book, "light", PHONE)
    yield open_page
    context.close()


def fetched_bytes(urls: list[str], site: str) -> int:
    """Bytes of the site's files among `urls` (each counted once, as on a first visit)."""
    paths = {
        Path(u[len("file://") :].split("?")[0].split("#")[0]) for u in urls if u.startswith(site)
    }
    return sum(p.stat().st_size for p in paths if p.is_file())
