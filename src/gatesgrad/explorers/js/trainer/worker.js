// The Worker's message loop (it runs only inside a Worker). In: {cmd: "init", config}
// (createRun's config plus probeEvery), {cmd: "run", until} (until: train up to that step,
// then wait; omitted: no end), {cmd: "pause"}, {cmd: "step"}.
// Out: {type: "steps", first, losses} (losses[k] is the loss of step first + k, steps
// counted from 1), {type: "probe", step, loss, gradNorms, markers, gates} at step 0, every
// probeEvery steps and after every "step" command (so what is shown is that step's),
// {type: "error", message}. While running it trains about 30 ms of steps, posts them, and
// yields (setTimeout 0) so that messages get through.
var GGTrain = globalThis.GGTrain || (globalThis.GGTrain = {});

GGTrain.CHUNK_MS = 30;

GGTrain.serve = function (scope) {
  let run = null;
  let probeEvery = 0;
  let timer = null;
  let until = Infinity;  // the step a "run" trains up to

  const postProbe = () => {
    const p = run.probe();
    scope.postMessage({ type: "probe", step: run.steps, ...p }, [
      p.gradNorms.buffer,
      p.markers.buffer,
      p.gates.buffer,
    ]);
  };

  // Train until CHUNK_MS have passed or a probe is due (at most `limit` steps), then post
  // the losses, and the probe if one is due. Returns whether it posted a probe.
  const train = (limit) => {
    const first = run.steps + 1;
    const losses = [];
    const start = performance.now();
    do {
      losses.push(run.step());
    } while (
      losses.length < limit &&
      run.steps % probeEvery !== 0 &&
      performance.now() - start < GGTrain.CHUNK_MS
    );
    const array = Float64Array.from(losses);
    scope.postMessage({ type: "steps", first, losses: array }, [array.buffer]);
    const due = run.steps % probeEvery === 0;
    if (due) postProbe();
    return due;
  };

  const loop = () => {
    timer = null;
    if (run.steps >= until) return;  // there: wait for the next "run"
    train(until - run.steps);
    timer = setTimeout(loop, 0);
  };

  const stop = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  scope.onmessage = (event) => {
    try {
      const { cmd, config } = event.data;
      if (cmd === "init") {
        stop();
        until = Infinity;
        probeEvery = config.probeEvery;
        if (!Number.isInteger(probeEvery) || probeEvery < 1) {
          throw new Error(`config.probeEvery: expected a whole number >= 1, got ${probeEvery}`);
        }
        run = GGTrain.createRun(config);
        postProbe();
      } else if (cmd === "pause") {
        stop();
      } else if (!run) {
        throw new Error(`cmd: expected "init" before ${JSON.stringify(cmd)}`);
      } else if (cmd === "run") {
        const to = event.data.until ?? Infinity;
        if (!(to === Infinity || Number.isInteger(to))) {
          throw new Error(`until: expected a whole number of steps or nothing, got ${to}`);
        }
        until = to;
        if (timer === null) timer = setTimeout(loop, 0);
      } else if (cmd === "step") {
        stop();
        if (!train(1)) postProbe();  // one probe for the step, due or not
      } else {
        throw new Error(`cmd: expected one of init, run, pause, step, got ${JSON.stringify(cmd)}`);
      }
    } catch (error) {
      stop();
      scope.postMessage({ type: "error", message: String(error && error.message ? error.message : error) });
    }
  };
};

if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  GGTrain.serve(globalThis);
}
