"""What chapter 13 says of the trainer's default run, checked by running the page's
JavaScript in Chromium at that setting:
- the GRU, then the LSTM, bring their drawn loss below the stated level within the stated
  steps, and their gradient at the first marker is then above a stated bound;
- the SimpleRNN's drawn loss never falls more than the stated margin below 1/6 in those
  steps, and its gradient at the first marker ends below a stated bound;
- for its first steps the LSTM's drawn loss stays above 1/12 and its gradient small.

The bounds and step counts are the chapter's glued settings (tests/claims/ch13.py pins them);
the run is the one the chapter's `trainer_explorer()` starts, its defaults read from the
widget. The drawn loss is what the view draws (js/trainer.js, `smoothed`): the mean of the
last `window` training losses, of all so far before the window fills, from running sums.
"""

from functools import cache

import pytest

from gatesgrad.explorers import trainer_explorer, trainer_source
from gatesgrad.trainer import TrainerConfig, run_config
from tests.book_data import executed, glued

DOC = "book/13-train-it-yourself"

# One run of up to `steps` steps: the drawn loss after every step; the probe's median gradient
# at the first marker (over the probe batch, ‖∂L_b/∂x_t‖ at each sequence's first marked step)
# every `every` steps up to `until`, when the drawn loss first falls below `stop` (the run
# then ends), and at the end.
RUN = """
([config, steps, window, every, until, stop]) => {
  const run = GGTrain.createRun(config);
  const P = GGTrain.PROBE_SIZE, T = config.T;
  const reach = () => {
    const p = run.probe();
    const at = Array.from({ length: P }, (_, b) => p.gradNorms[b * T + p.markers[2 * b]]);
    at.sort((a, b) => a - b);
    return (at[P / 2 - 1] + at[P / 2]) / 2;
  };
  const sums = [0], drawn = [], early = [];
  let below = null, reachBelow = null;
  for (let n = 0; n < steps; n++) {
    if (n % every === 0 && n <= until) early.push(reach());
    sums.push(sums[n] + run.step());
    const k = Math.max(0, n + 1 - window);
    drawn.push((sums[n + 1] - sums[k]) / (n + 1 - k));
    if (drawn[n] < stop) { below = n + 1; reachBelow = reach(); break; }
  }
  return { drawn, early, below, reachBelow, last: reach() };
}
"""


@cache
def settings() -> dict:
    return glued(executed(DOC))


@cache
def defaults() -> tuple[dict, dict]:
    """The chapter's trainer: its data and the value of each control it starts at."""
    widget = trainer_explorer()
    data = widget.data
    return data, {c["name"]: c["values"][widget.selection[c["name"]]] for c in data["controls"]}


def default_config(arch: str, gate_bias: str | None = None) -> dict:
    """The run the chapter's trainer starts for `arch`, from the widget's selected values
    (its gate bias `gate_bias` if given)."""
    data, value = defaults()
    bias = gate_bias or {"lstm": value["forget"], "gru": value["update"]}.get(arch)
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


@pytest.fixture(scope="module")
def runs(book, chromium) -> dict:
    """The three networks' default runs, each in a page of its own, side by side (each page's
    script runs on its own renderer thread, so they share the cores). The gated cells stop
    once their drawn loss is below the stated level; the SimpleRNN runs every step."""
    s = settings()
    data, _ = defaults()
    stop = {"lstm": s["ch13_learned"], "gru": s["ch13_learned"], "rnn": -1.0}
    until = {"lstm": s["ch13_plateau_steps"]}  # early probes: the LSTM's only
    pages = {}
    for arch in ("lstm", "gru", "rnn"):  # the slowest first
        page = pages[arch] = chromium.new_page()
        page.set_content("<!doctype html><title>trainer demo</title>")
        page.add_script_tag(content=trainer_source())
        args = [
            default_config(arch),
            s["ch13_demo_steps"],
            data["smooth"],
            data["probe_every"],
            until.get(arch, -1),
            stop[arch],
        ]
        page.evaluate(f"(args) => {{ setTimeout(() => {{ window.out = ({RUN})(args); }}); }}", args)
    out = {}
    for arch, page in pages.items():
        page.wait_for_function("() => window.out !== undefined", timeout=180_000)
        out[arch] = page.evaluate("() => window.out")
        page.close()
    return out


def test_the_demo_defaults_are_the_chapter_s():
    """The chapter's prose describes T = 100, 16 units, 16 sequences a step, seed 0, the
    LSTM beside the SimpleRNN, and the drawn loss's window."""
    data, value = defaults()
    assert (value["T"], value["H"], data["batch"], value["seed"]) == (100, 16, 16, 0)
    assert value["lr"] == 1e-2 and data["clip"] == 1.0
    assert value["networks"] == "SimpleRNN and LSTM"
    assert data["smooth"] == settings()["ch13_window"]


@pytest.mark.parametrize("arch", ["lstm", "gru"])
def test_the_gated_cells_learn_within_the_stated_steps(runs, arch):
    s = settings()
    run = runs[arch]
    assert run["below"] is not None, f"{arch}: lowest drawn loss {min(run['drawn']):.4f}"
    assert run["below"] <= s["ch13_demo_steps"]
    assert run["reachBelow"] > s["ch13_gated_reach"], run["reachBelow"]


def test_the_gru_learns_first_then_the_lstm(runs):
    """'the reverse of the order in which they learn': the GRU's drawn loss falls below the
    level before the LSTM's, and the SimpleRNN's never does."""
    assert runs["gru"]["below"] < runs["lstm"]["below"]
    assert runs["rnn"]["below"] is None


def test_the_simple_rnn_does_no_better_than_the_constant(runs):
    """Its drawn loss never falls more than the stated margin below 1/6, at any step."""
    s = settings()
    drawn = runs["rnn"]["drawn"]
    assert len(drawn) == s["ch13_demo_steps"]
    assert min(drawn) >= 1 / 6 - s["ch13_margin"], f"lowest drawn loss {min(drawn):.4f}"
    assert runs["rnn"]["last"] < s["ch13_rnn_reach"], runs["rnn"]["last"]


def test_the_lstm_waits_before_it_learns(runs):
    """For its first steps the LSTM's drawn loss stays above 1/12, and its gradient at the
    first marker below the stated bound."""
    s = settings()
    until = s["ch13_plateau_steps"]
    drawn = runs["lstm"]["drawn"][:until]
    assert len(drawn) == until
    assert min(drawn) > 1 / 12, f"lowest drawn loss in the first {until} steps {min(drawn):.4f}"
    assert max(runs["lstm"]["early"]) < s["ch13_plateau_reach"], max(runs["lstm"]["early"])


# Every `init` the page's view sends its Workers, kept before it goes.
CAPTURE_INITS = """
window.ggInits = [];
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (message && message.cmd === "init") window.ggInits.push(message.config);
  return post.call(this, message, ...rest);
};
"""


def test_the_page_starts_each_network_from_the_package_s_weights(visit, book):
    """What the book's page sends its Workers (the weights it decodes from its state and the
    gate bias it swaps in) is what `run_config` builds in Python: at the defaults, and with
    the LSTM's chrono bias beside the GRU's."""
    seen = visit(DOC)
    page = seen.page
    page.add_init_script(CAPTURE_INITS)
    page.reload()
    page.wait_for_function("() => window.ggInits.length === 2")

    def check(sent: list[dict], wanted: list[dict]) -> None:
        assert [c["arch"] for c in sent] == [c["arch"] for c in wanted]
        for got, want in zip(sent, wanted, strict=True):
            for key in ("T", "H", "batch", "lr", "clip", "seed"):
                assert got[key] == want[key], (got["arch"], key)
            for name, values in want["weights"].items():
                assert list(got["weights"][name]) == values, (got["arch"], name)

    check(page.evaluate("() => window.ggInits"), [default_config("rnn"), default_config("lstm")])
    root = page.locator(".gg-explorer-root").first
    root.locator(".gg-tr-networks select").select_option(label="LSTM and GRU")
    root.locator(".gg-tr-forget select").select_option(label="chrono")
    page.wait_for_function("() => window.ggInits.length >= 6")
    check(
        page.evaluate("() => window.ggInits.slice(-2)"),
        [default_config("lstm", "chrono"), default_config("gru")],
    )
