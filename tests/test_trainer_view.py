"""The trainer's view in Chromium, on a small page of its own opened from disk with the
network cut (no book build): the explorer's placeholder (`static_html`), the site's script
(`site_script`) and stylesheet, as the website serves them. Mounted with no console error;
Step, Train, Pause and Reset do what they say; two networks train in lockstep, one alone
freely; a changed setting resets; redraws are timed; in a phone's 368 px column, at the
tallest setting, the phone pass of the website (tests/phone_probe.js) finds nothing."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

import numpy as np
import pytest

from gatesgrad.explorers import trainer_explorer
from gatesgrad.explorers.base import JS_DIR, SITE_SCRIPT, STYLESHEET, site_script
from gatesgrad.explorers.trainer_view import HIDDEN, LENGTHS
from tests.conftest import PHONE
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

REDRAW_P95_MS = 16
LOCKSTEP = 20  # trainer.js: side by side, the one ahead is at most this many steps ahead
# The book's column on a phone (400 px, device scale 2) is 368 px wide (the page narrows its
# main element to that on a phone), and its text 1.65 lines high; the trainer at its tallest
# setting must fit there with room to spare.
PHONE_COLUMN_PX = 368
PHONE_TRAINER_PX = 760


@functools.cache
def _explorer():
    return trainer_explorer(archs=("rnn", "lstm"), T=25, H=8, lr=1e-2, seed=0, probe_every=5)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A page holding one trainer, with the site's script and stylesheet beside it."""
    folder = tmp_path_factory.mktemp("trainer-site")
    (folder / SITE_SCRIPT).write_text(site_script(), encoding="utf-8")
    (folder / STYLESHEET).write_text((JS_DIR / STYLESHEET).read_text(), encoding="utf-8")
    (folder / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="stylesheet" href="{STYLESHEET}">'
        "<style>body { line-height: 1.65; }"
        f" @media (max-width: 500px) {{ main {{ max-width: {PHONE_COLUMN_PX}px; margin: auto; }} }}"
        "</style></head>"
        f"<body><main class='bd-article'>{_explorer().static_html()}</main>"
        f'<script src="{SITE_SCRIPT}"></script></body></html>',
        encoding="utf-8",
    )
    return folder


def open_trainer(chromium, site: Path, device: dict | None = None, scheme: str = "light"):
    """The page opened from disk, nothing outside its folder reachable; returns the page and
    the console errors and outside requests it made."""
    context = chromium.new_context(
        **(device or {"viewport": {"width": 1280, "height": 900}}), color_scheme=scheme
    )
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    root = site.as_uri()

    def route(route):
        url = route.request.url
        if url.startswith(root + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{root}/index.html", wait_until="load")
    page.wait_for_function(PROBED)
    return page, errors, outside


# every network has drawn its probe at step 0 (the untrained state)
PROBED = """() => { const el = document.querySelector('.gg-trainer');
  return !!el && !!el.ggTrainer && el.ggTrainer.runs().every((r) => r.probe); }"""


def steps(page) -> int:
    return int(page.locator(".gg-trainer").get_attribute("data-steps"))


def readout(page) -> str:
    return page.locator(".gg-tr-readout").inner_text()


def test_the_trainer_mounts_untrained_and_steps(chromium, site):
    page, errors, outside = open_trainer(chromium, site)
    assert steps(page) == 0
    text = readout(page)
    assert "SimpleRNN, step 0: untrained" in text and "LSTM, step 0: untrained" in text, text
    assert "first-marker gradient" in text
    assert page.locator("path[data-series^=median-]").count() == 2  # the probe at step 0 drawn
    page.get_by_role("button", name="Step").click()
    page.wait_for_function("() => document.querySelector('.gg-trainer').dataset.steps === '1'")
    # the readout names the probe of the step just taken (the probe is due every 5 steps)
    page.wait_for_function(
        "() => document.querySelector('.gg-tr-readout').innerText"
        ".split('(probe at step 1)').length === 3"
    )
    assert steps(page) == 1
    text = readout(page)
    assert "SimpleRNN, step 1: loss" in text and "LSTM, step 1: loss" in text, text
    assert "probe at step 0" not in text, text
    page.wait_for_function(  # the gate maps drawn from it too
        "() => [...document.querySelectorAll('canvas.gg-tr-map')]"
        ".every((c) => c.dataset.step === '1')"
    )
    assert not errors and not outside, (errors, outside)
    page.context.close()


def test_train_pause_reset_and_a_changed_setting(chromium, site):
    page, errors, _ = open_trainer(chromium, site)
    page.get_by_role("button", name="Train").focus()
    page.keyboard.press("Enter")  # keyboard usable
    page.wait_for_function("() => +document.querySelector('.gg-trainer').dataset.steps >= 15")
    page.get_by_role("button", name="Pause").click()
    page.wait_for_timeout(300)  # a chunk under way when Pause went out still arrives
    paused = steps(page)
    page.wait_for_timeout(500)
    assert steps(page) == paused, "the step count moved after Pause"
    assert page.get_by_role("button", name="Train").is_enabled()
    page.get_by_role("button", name="Reset").click()
    page.wait_for_function(PROBED)
    assert steps(page) == 0 and "step 0: untrained" in readout(page)
    page.get_by_role("button", name="Step").click()
    page.wait_for_function("() => document.querySelector('.gg-trainer').dataset.steps === '1'")
    page.locator(".gg-tr-seed select").select_option("1")  # a new seed: back to step 0
    page.wait_for_function(PROBED)
    assert steps(page) == 0 and "step 0: untrained" in readout(page)
    page.locator(".gg-tr-networks select").select_option("0")  # the SimpleRNN alone
    page.wait_for_function(PROBED)
    assert page.locator(".gg-tr-forget select").is_disabled()
    assert page.locator(".gg-tr-forget .gg-note").is_visible()
    assert page.locator(".gg-tr-lockstep").is_hidden()  # one network: no lockstep to name
    assert "LSTM" not in readout(page)
    assert not errors, errors
    page.context.close()


HIDE = """(hidden) => {
  Object.defineProperty(document, "hidden", { value: hidden, configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_a_hidden_page_pauses_and_says_so(chromium, site):
    """Hiding the page pauses the runs and the status line says why; showing it again does
    not resume them."""
    page, errors, _ = open_trainer(chromium, site)
    page.get_by_role("button", name="Train").click()
    page.wait_for_function("() => +document.querySelector('.gg-trainer').dataset.steps >= 10")
    page.evaluate(HIDE, True)
    page.evaluate(HIDE, False)
    page.wait_for_function(
        "() => document.querySelector('.gg-trainer').dataset.training === 'false'"
    )
    page.wait_for_timeout(300)  # a chunk under way when the pause went out still arrives
    paused = steps(page)
    page.wait_for_timeout(500)
    assert steps(page) == paused, "the step count moved after the page was hidden"
    assert page.locator(".gg-tr-status").inner_text() == "paused: the page was hidden"
    assert page.get_by_role("button", name="Train").is_enabled()
    page.get_by_role("button", name="Train").click()  # the reader resumes: the note goes
    page.wait_for_function(f"() => +document.querySelector('.gg-trainer').dataset.steps > {paused}")
    assert page.locator(".gg-tr-status").inner_text() == "training…"
    page.get_by_role("button", name="Pause").click()
    assert not errors, errors
    page.context.close()


# Losses fed to the first network's view as its Worker would post them: 1 falling to 1e-8.
FEED = """(losses) => {
  const el = document.querySelector('.gg-trainer');
  const run = el.ggTrainer.runs()[0];
  el.ggTrainer.receive(run, { type: "steps", first: run.losses.length + 1,
                              losses: Float64Array.from(losses) });
}"""
LOSS_AXIS = """() => { const svg = document.querySelector('.gg-tr-panel-loss svg');
  return [+svg.dataset.yMin, +svg.dataset.yMax,
          svg.querySelectorAll('.gg-offchart[data-series=loss-rnn]').length]; }"""


LEVELS = ["always predicting 1: 1/6", "second value only: 1/12"]


def level_labels(page) -> list[str]:
    """The loss chart's level labels, after checking that each is shown whole (not cut to
    fit with "…") and that no two of them overlap."""
    boxes = page.locator(".gg-tr-panel-loss .gg-hline-label").evaluate_all(
        "(els) => els.map((e) => { const r = e.getBoundingClientRect();"
        " return [e.dataset.label, r.left, r.right, r.top, r.bottom, e.textContent]; })"
    )
    for label, *_, shown in boxes:
        assert shown == label, f"the level label {label!r} is shown as {shown!r}"
    boxes = [box[:5] for box in boxes]
    for k, (a, *r) in enumerate(boxes):
        for b, *q in boxes[k + 1 :]:
            apart = r[1] <= q[0] or q[1] <= r[0] or r[3] <= q[2] or q[3] <= r[2]
            assert apart, f"the labels {a!r} and {b!r} overlap"
    return [box[0] for box in boxes]


def test_the_loss_axis_follows_the_loss_down_by_decades(chromium, site):
    """The loss axis: 10⁻² to 10 at first; its bottom the decade at or below the lowest drawn
    loss, down to 10⁻⁶, below which the points are marked (▼) at the bottom edge."""
    page, errors, _ = open_trainer(chromium, site)
    assert page.evaluate(LOSS_AXIS) == [-2, 1, 0]  # nothing drawn yet: the default range
    window = _explorer().data["smooth"]
    page.evaluate(FEED, [1.5] * window + [3e-4] * window)  # the drawn loss reaches 3e-4
    page.wait_for_timeout(200)
    assert page.evaluate(LOSS_AXIS) == [-4, 1, 0]
    page.evaluate(FEED, [1e-8] * 3 * window)  # ... and 1e-8, through 10⁻⁶
    page.wait_for_timeout(200)
    lo, hi, below = page.evaluate(LOSS_AXIS)
    assert (lo, hi) == (-6, 1) and below > 0
    assert f"below 10⁻⁶ ({below} points)" in page.locator(".gg-tr-panel-loss").inner_text()
    assert level_labels(page) == LEVELS
    assert not errors, errors
    page.context.close()


RUN_STEPS = (
    "() => document.querySelector('.gg-trainer').ggTrainer.runs().map((r) => r.losses.length)"
)


def test_side_by_side_the_runs_advance_together(chromium, site):
    """Two networks: after seconds of training their step counts differ by at most LOCKSTEP
    (the SimpleRNN, faster, waits for the LSTM), and the redraws meanwhile took at most
    REDRAW_P95_MS at the 95th percentile; the SimpleRNN alone trains faster than it did beside
    the LSTM (it does not wait): within as long, it passes 1.3 times as many steps."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page, errors, _ = open_trainer(chromium, site)
    assert (
        page.locator(".gg-tr-lockstep").inner_text()
        == f"side by side, at the same step (±{LOCKSTEP})"
    )
    page.get_by_role("button", name="Train").click()
    gaps = []
    for _ in range(5):
        page.wait_for_timeout(400)
        rnn, lstm = page.evaluate(RUN_STEPS)
        gaps.append(rnn - lstm)
    page.get_by_role("button", name="Pause").click()
    page.wait_for_timeout(300)
    paired = page.evaluate(RUN_STEPS)
    print(f"side by side after 2 s: steps {paired}, SimpleRNN ahead by {gaps}")
    times = page.evaluate("() => document.querySelector('.gg-trainer').ggTrainer.redraws")
    p95 = float(np.percentile(times, 95))
    print(f"trainer redraws: {len(times)}, p95 {p95:.2f} ms, max {max(times):.2f} ms")
    assert len(times) > 20
    assert p95 <= REDRAW_P95_MS, f"redraw p95 {p95:.1f} ms"
    assert min(paired) > LOCKSTEP, paired
    assert all(abs(gap) <= LOCKSTEP for gap in gaps), gaps
    assert abs(paired[0] - paired[1]) <= LOCKSTEP, paired
    page.get_by_role("button", name="Step").click()  # Step: one step each
    page.wait_for_function(
        f"(before) => ({RUN_STEPS})().every((n, k) => n === before[k] + 1)", arg=paired
    )
    page.locator(".gg-tr-networks select").select_option("0")  # the SimpleRNN alone
    page.wait_for_function(PROBED)
    page.get_by_role("button", name="Train").click()
    with contextlib.suppress(PlaywrightTimeout):  # as long as beside the LSTM, at most
        page.wait_for_function(f"(n) => ({RUN_STEPS})()[0] > n", arg=1.3 * paired[0], timeout=2000)
    (alone,) = page.evaluate(RUN_STEPS)
    page.get_by_role("button", name="Pause").click()
    print(f"the SimpleRNN alone, within 2 s: {alone} steps")
    assert alone > 1.3 * paired[0], (alone, paired)
    assert not errors, errors
    page.context.close()


def test_the_trainer_on_a_phone(chromium, site):
    """At its tallest (two networks, T = 100, H = 32, a bias control disabled with its note,
    training), in the book's 368 px column: no more than PHONE_TRAINER_PX tall on any panel,
    and the phone pass finds nothing."""
    page, errors, _ = open_trainer(chromium, site, PHONE)
    root = page.locator(".gg-trainer")
    assert root.evaluate("(e) => e.getBoundingClientRect().width") == PHONE_COLUMN_PX
    page.locator(".gg-tr-T select").select_option(str(LENGTHS.index(100)))
    page.locator(".gg-tr-H select").select_option(str(HIDDEN.index(32)))
    page.wait_for_function(PROBED)
    assert page.locator(".gg-tr-update .gg-note").is_visible()  # no GRU running
    page.get_by_role("button", name="Train").click()  # "training…" shown
    page.wait_for_function("() => +document.querySelector('.gg-trainer').dataset.steps >= 2")
    assert level_labels(page) == LEVELS
    for panel in ("loss", "gradient", "gates"):
        page.locator(".gg-tr-switch label", has_text=panel).click()
        page.wait_for_timeout(100)
        found = page.evaluate(
            PROBE, [MIN_TEXT_PX, MIN_TARGET_PX, MAX_EXPLORER_PX, MIN_PICTURE_SCALE, SCRIPT_SCALE]
        )
        for kind, what in PROBLEMS.items():
            assert not found[kind], f"{panel}: {what}: {found[kind][:8]}"
        height = root.evaluate("(e) => e.getBoundingClientRect().height")
        print(f"the trainer on a phone, {panel}: {height:.0f} px tall")
        assert height <= PHONE_TRAINER_PX, f"{panel}: {height:.0f} px tall"
    page.get_by_role("button", name="Pause").click()
    assert not errors, errors
    page.context.close()


def test_the_default_length_is_100():
    """By default the sequences are 100 steps long; 10, 25 and 50 are the other choices."""
    widget = trainer_explorer()
    lengths = next(c for c in widget.data["controls"] if c["name"] == "T")["values"]
    assert lengths == [10, 25, 50, 100]
    assert lengths[widget.selection["T"]] == 100


def test_the_page_names_the_workers_probe_batch():
    """The probe seed and size the page states are those the Worker's source draws with."""
    from gatesgrad.explorers import trainer_source

    data = _explorer().data
    source = trainer_source()
    assert f"GGTrain.PROBE_SEED = {data['probe_seed']};" in source
    assert f"GGTrain.PROBE_SIZE = {data['probe_size']};" in source
