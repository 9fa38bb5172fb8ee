"""The in-page trainer's JavaScript in Chromium against its numpy twin (gatesgrad.trainer):
the same generator, the same losses at every step and the same weights after 200 steps, the
same probe; and the Worker's message loop. The page is a blank one holding
`trainer_source()`: no book build needed."""

from functools import cache

import numpy as np
import pytest

import gatesgrad as gg
from gatesgrad.explorers import trainer_source
from gatesgrad.trainer import PARAMS

STEPS = 200
TOLERANCE = 1e-9  # relative: per step's loss; per parameter, max |Δ| / max |w|
SMALL = {"T": 10, "H": 4, "batch": 2, "lr": 1e-2, "clip": 1.0}  # small: the twin is slow
# Each architecture from two seeds; the LSTM with Keras' b_f = 1 and with chrono.
CASES = {
    "rnn-0": gg.TrainerConfig("rnn", seed=0, **SMALL),
    "rnn-1": gg.TrainerConfig("rnn", seed=1, **SMALL),
    "lstm-0": gg.TrainerConfig("lstm", seed=0, gate_bias=1, **SMALL),
    "lstm-1-chrono": gg.TrainerConfig("lstm", seed=1, gate_bias="chrono", **SMALL),
    "gru-0": gg.TrainerConfig("gru", seed=0, gate_bias=0, **SMALL),
    "gru-1": gg.TrainerConfig("gru", seed=1, gate_bias=0, **SMALL),
}

TRAIN = """
(config) => {
  const run = GGTrain.createRun(config);
  const first = run.probe();
  const losses = [];
  for (let k = 0; k < STEPS; k++) losses.push(run.step());
  const plain = (p) => ({
    loss: p.loss, gradNorms: Array.from(p.gradNorms), markers: Array.from(p.markers),
    gates: Array.from(p.gates),
  });
  return { losses, weights: run.weights(), steps: run.steps, first: plain(first),
           last: plain(run.probe()) };
}
""".replace("STEPS", str(STEPS))


@pytest.fixture(scope="module")
def page(chromium):
    page = chromium.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content("<!doctype html><title>trainer</title>")
    page.add_script_tag(content=trainer_source())
    yield page
    page.close()
    assert not errors, errors


@cache
def twin(name: str) -> dict:
    """The numpy twin's run of CASES[name]: the probe before, the losses, the weights and
    the probe after."""
    trainer = gg.Trainer(CASES[name])
    first = trainer.probe()
    losses = [trainer.step() for _ in range(STEPS)]
    return {"first": first, "losses": losses, "weights": trainer.weights, "last": trainer.probe()}


def relative(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def assert_same_probe(js: dict, py: gg.TrainerProbe) -> None:
    T, H = py.gates.shape
    assert js["markers"] == py.markers.ravel().tolist()
    assert abs(js["loss"] - py.loss) <= TOLERANCE * py.loss
    norms = np.reshape(js["gradNorms"], py.grad_norms.shape)
    assert np.all(np.abs(norms - py.grad_norms) <= TOLERANCE * py.grad_norms + 1e-300)
    assert relative(np.reshape(js["gates"], (T, H)), py.gates) <= TOLERANCE


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_js_run_matches_the_numpy_twin_step_for_step(page, name):
    js = page.evaluate(TRAIN, gg.run_config(CASES[name]))
    py = twin(name)
    assert js["steps"] == STEPS
    losses = np.array(js["losses"])
    worst = np.abs(losses - py["losses"]) / np.abs(py["losses"])
    off = np.flatnonzero(worst > TOLERANCE)
    assert not off.size, (
        f"from step {off[0] + 1} on (relative {worst[off[0]]:.2e}), {off.size} steps"
    )
    for param in PARAMS:
        assert relative(js["weights"][param], py["weights"][param].ravel()) <= TOLERANCE, param
    assert_same_probe(js["first"], py["first"])
    assert_same_probe(js["last"], py["last"])


def test_the_js_generator_and_batches_are_pythons(page):
    js = page.evaluate(
        """() => {
          const g = new GGTrain.Xoshiro128(4294967295);
          const words = Array.from(g.s);
          const outputs = [0, 1, 2, 3, 4, 5].map(() => g.uint32());
          const batch = GGTrain.addingBatch(new GGTrain.Xoshiro128(9), 3, 7);
          return { words, outputs, x: Array.from(batch.x), y: Array.from(batch.y),
                   markers: Array.from(batch.markers), uniform: g.uniform() };
        }"""
    )
    stream = gg.Xoshiro128(2**32 - 1)
    assert js["words"] == stream.state
    assert js["outputs"] == [stream.uint32() for _ in range(6)]
    assert js["uniform"] == stream.uniform()
    x, y = gg.adding_batch(gg.Xoshiro128(9), 3, 7)
    assert js["x"] == x.ravel().tolist() and js["y"] == y.tolist()
    assert js["markers"] == [i for row in x[:, :, 1] for i in np.flatnonzero(row).tolist()]


def test_a_bad_config_is_refused_by_name(page):
    config = gg.run_config(CASES["lstm-0"])
    messages = page.evaluate(
        """(config) => [
          {arch: "cnn"}, {T: 1}, {lr: 0}, {seed: -1},
          {weights: {...config.weights, bias: [1, 2]}},
        ].map((change) => {
          try { GGTrain.createRun({...config, ...change}); return "accepted"; }
          catch (error) { return error.message; }
        })""",
        config,
    )
    assert [m.split(":")[0] for m in messages] == [
        "config.arch",
        "config.T",
        "config.lr",
        "config.seed",
        "config.weights.bias",
    ]
    assert all("expected" in m and "got" in m for m in messages), messages


WORKER = """
async ({ config, steps }) => {
  const url = URL.createObjectURL(new Blob([GGTrain.source], { type: "text/javascript" }));
  const worker = new Worker(url);
  const messages = [];
  const until = (test) => new Promise((resolve) => {
    worker.onmessage = (event) => {
      const { type, first, losses, step, loss, message } = event.data;
      messages.push({ type, first, losses: losses && Array.from(losses), step, loss, message });
      if (test()) resolve();
    };
  });
  const count = () => messages.filter((m) => m.type === "steps")
    .reduce((n, m) => n + m.losses.length, 0);
  let done = until(() => messages.length === 1);
  worker.postMessage({ cmd: "init", config: { ...config, probeEvery: 5 } });
  await done;
  done = until(() => count() === 1);
  worker.postMessage({ cmd: "step" });
  await done;
  done = until(() => count() === 12);
  worker.postMessage({ cmd: "run", until: 12 });  // up to step 12, then it waits
  await done;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const held = count();
  done = until(() => count() >= steps);
  worker.postMessage({ cmd: "run" });
  await done;
  worker.postMessage({ cmd: "pause" });
  done = until(() => messages.at(-1).type === "error");
  worker.postMessage({ cmd: "jump" });
  await done;
  worker.terminate();
  return { messages, held };
}
"""


def test_the_worker_posts_every_steps_loss_and_a_probe_every_few_steps_and_after_a_step(page):
    """... and a run given `until` stops at that step, to go on at the next run."""
    config = gg.run_config(CASES["gru-0"])
    page.evaluate("(source) => { GGTrain.source = source; }", trainer_source())
    out = page.evaluate(WORKER, {"config": config, "steps": 30})
    messages = out["messages"]
    assert out["held"] == 12, f"run until 12 went on to step {out['held']}"
    assert messages[0]["type"] == "probe" and messages[0]["step"] == 0
    assert messages[-1]["message"].startswith("cmd: expected one of")
    chunks = [m for m in messages if m["type"] == "steps"]
    losses = [loss for m in chunks for loss in m["losses"]]
    assert [m["first"] for m in chunks] == list(
        np.cumsum([1] + [len(m["losses"]) for m in chunks[:-1]])
    )
    # the Step's loss, then its probe (step 1, not due at probeEvery 5), then the run's
    step_loss, step_probe = messages[1:3]
    assert step_loss["type"] == "steps" and step_loss["first"] == 1
    assert step_probe["type"] == "probe" and step_probe["step"] == 1
    probes = [m["step"] for m in messages if m["type"] == "probe"]
    assert probes == [0, 1, *range(5, len(losses) + 1, 5)]
    py = twin("gru-0")["losses"][: len(losses)]  # the same run, in the Worker
    assert np.max(np.abs(np.array(losses) - py) / np.abs(py)) <= TOLERANCE
