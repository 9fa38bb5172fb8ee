"""What chapter 13 says of the trainer's default run, checked by running the page's
JavaScript in Chromium at that setting: the LSTM and the GRU fall below the stated loss within
the stated steps, the SimpleRNN does no better than
the constant's 1/6 (within a margin), and the gradient reaching the
first marker ends above one bound for the gated cells and below another for the SimpleRNN.

The bounds and step counts are the chapter's glued settings (tests/claims/ch13.py pins them);
the run is the one the chapter's `trainer_explorer(T=50)` starts, its settings read from the
widget. The loss is what the view draws: the mean over the last `window` training steps.
"""

from functools import cache

import pytest

from gatesgrad.explorers import trainer_explorer, trainer_source
from gatesgrad.trainer import TrainerConfig, run_config
from tests.book_data import executed, glued

DOC = "book/13-train-it-yourself"
CHAPTER = {"T": 50}  # the chapter's trainer_explorer(T=T): its other settings the defaults

# One run: every step's training loss, the probe's median gradient at the first marker at
# every `every` steps up to `until` and at the last step (the median of the probe batch's
# ‖∂L_b/∂x_t‖ at each sequence's first marked step).
RUN = """
([config, steps, every, until]) => {
  const run = GGTrain.createRun(config);
  const P = GGTrain.PROBE_SIZE, T = config.T;
  const reach = () => {
    const p = run.probe();
    const at = Array.from({ length: P }, (_, b) => p.gradNorms[b * T + p.markers[2 * b]]);
    at.sort((a, b) => a - b);
    return (at[P / 2 - 1] + at[P / 2]) / 2;
  };
  const losses = [], early = [];
  for (let s = 0; s < steps; s++) {
    if (s % every === 0 && s <= until) early.push(reach());
    losses.push(run.step());
  }
  return { losses, early, last: reach() };
}
"""


@cache
def settings() -> dict:
    return glued(executed(DOC))


def default_config(arch: str) -> dict:
    """The run the chapter's trainer starts for `arch`, from the widget's selected values."""
    widget = trainer_explorer(**CHAPTER)
    data, selection = widget.data, widget.selection
    value = {c["name"]: c["values"][selection[c["name"]]] for c in data["controls"]}
    bias = {"lstm": value["forget"], "gru": value["update"]}.get(arch)
    config = TrainerConfig(
        arch,
        value["T"],
        value["H"],
        batch=data["batch"],
        lr=value["lr"],
        clip=data["clip"],
        seed=value["seed"],
        gate_bias=bias if bias == "chrono" or bias is None else float(bias),
    )
    return run_config(config)


def window_means(losses: list[float], window: int) -> list[float]:
    """The drawn loss at every step from `window` on: the mean of the last `window` losses."""
    return [sum(losses[k - window : k]) / window for k in range(window, len(losses) + 1)]


@pytest.fixture(scope="module")
def runs(book, chromium) -> dict:
    """The three networks' default runs, each in a page of its own, side by side (each page's
    script runs on its own renderer thread, so they share the cores)."""
    s = settings()
    every = trainer_explorer(**CHAPTER).data["probe_every"]
    until = {"lstm": s["ch13_plateau_steps"]}  # early probes: the LSTM's only
    pages = {}
    for arch in ("lstm", "gru", "rnn"):  # the slowest first
        page = pages[arch] = chromium.new_page()
        page.set_content("<!doctype html><title>trainer demo</title>")
        page.add_script_tag(content=trainer_source())
        args = [default_config(arch), s["ch13_demo_steps"], every, until.get(arch, -1)]
        page.evaluate(f"(args) => {{ setTimeout(() => {{ window.out = ({RUN})(args); }}); }}", args)
    out = {}
    for arch, page in pages.items():
        page.wait_for_function("() => window.out !== undefined", timeout=120_000)
        out[arch] = page.evaluate("() => window.out")
        page.close()
    return out


def test_the_demo_defaults_are_the_chapter_s():
    """The chapter's prose describes T = 50, 16 units, 16 sequences a step, seed 0, and the
    LSTM beside the SimpleRNN; its window is the view's."""
    widget = trainer_explorer(**CHAPTER)
    value = {c["name"]: c["values"][widget.selection[c["name"]]] for c in widget.data["controls"]}
    assert (value["T"], value["H"], widget.data["batch"], value["seed"]) == (50, 16, 16, 0)
    assert value["lr"] == 1e-2 and widget.data["clip"] == 1.0
    assert value["networks"] == "SimpleRNN and LSTM"
    assert widget.data["smooth"] == settings()["ch13_window"]


@pytest.mark.parametrize("arch", ["lstm", "gru"])
def test_the_gated_cells_learn_within_the_stated_steps(runs, arch):
    s = settings()
    drawn = window_means(runs[arch]["losses"], s["ch13_window"])
    assert min(drawn) < s["ch13_learned"], f"{arch}: lowest drawn loss {min(drawn):.4f}"
    assert runs[arch]["last"] > s["ch13_gated_reach"], runs[arch]["last"]


def test_the_simple_rnn_does_no_better_than_the_constant(runs):
    """Its drawn loss never falls more than the stated margin below 1/6."""
    s = settings()
    drawn = window_means(runs["rnn"]["losses"], s["ch13_window"])
    assert min(drawn) >= 1 / 6 - s["ch13_margin"], f"lowest drawn loss {min(drawn):.4f}"
    assert runs["rnn"]["last"] < s["ch13_rnn_reach"], runs["rnn"]["last"]


def test_the_lstm_waits_before_it_learns(runs):
    """For its first steps the LSTM's drawn loss stays above 1/12, and its gradient at the
    first marker below the stated bound."""
    s = settings()
    until = s["ch13_plateau_steps"]
    drawn = window_means(runs["lstm"]["losses"][:until], s["ch13_window"])
    assert min(drawn) > 1 / 12, f"lowest drawn loss in the first {until} steps {min(drawn):.4f}"
    assert max(runs["lstm"]["early"]) < s["ch13_plateau_reach"], max(runs["lstm"]["early"])
