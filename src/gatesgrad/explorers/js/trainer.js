// The trainer: the one live figure whose JavaScript computes. Each running network trains in
// a Worker of its own, made from a Blob holding GG_TRAINER_SOURCE (the numerics of
// js/trainer/; a page opened from disk may not load a Worker from a file). The page only
// draws what the Workers post: the loss of every step, and a probe every few steps and after
// a Step (‖∂L_b/∂x_t‖ on a fixed probe batch, the markers, the gates of probe sequence 0).
// Worker protocol: in {cmd: "init", config}, {cmd: "run", until}, {cmd: "pause"}, {cmd: "step"};
// out {type: "steps", first, losses}, {type: "probe", step, loss, gradNorms, markers,
// gates}, {type: "error", message}.
// Every setting is a control of the model's selection; any change resets the run(s). What is
// drawn is redrawn at most once per animation frame. Two networks side by side train in
// lockstep: each runs up to LOCKSTEP steps past the one behind, then waits for it; one network
// alone trains freely.

const TRAINER_FLOOR = -30;  // log10 ‖∂L/∂x_t‖ below this (0 included) drawn as ▼ at the bottom
// The loss axis, in decades: its top at 10 (the first steps' losses, about 1 to 2, fit under
// it) or higher if a loss needs it; its bottom at 10⁻² or the decade at or below the lowest
// drawn loss, down to LOSS_FLOOR; a loss below 10^LOSS_FLOOR (0 included) drawn as ▼ there.
const LOSS_TOP = 1, LOSS_BOTTOM = -2, LOSS_FLOOR = -6;
const LOCKSTEP = 20;  // side by side, the one ahead is at most this many steps ahead
const TRAINER_ANNOUNCE_MS = 10000;  // while training, the live region speaks at most this often
const GATE_RAMP = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
// The loss's two levels on the adding problem: a network that always predicts 1 scores 1/6,
// one that remembers only the second value (and adds ½) 1/12.
// Their labels sit above 1/6 and below 1/12, away from a SimpleRNN stuck between the two.
const LOSS_LEVELS = [
  { y: Math.log10(1 / 6), label: "always predicting 1: 1/6", className: "gg-tr-constant" },
  { y: Math.log10(1 / 12), label: "second value only: 1/12", className: "gg-tr-second", below: true },
];
const GATE_TITLES = {
  lstm: "forget gate fₜ",
  gru: "update gate zₜ",
  rnn: "tanh′(aₜ) = 1 − hₜ², not a gate",
};
// What 1 means on each map (the step's Jacobian of the SimpleRNN is diag(1 − hₜ²) W_hh).
const GATE_KEYS = {
  lstm: "1: the unit keeps its state, the gradient passes",
  gru: "1: the unit keeps its state, the gradient passes",
  rnn: "1: the tanh passes the gradient on unshrunk (hₜ = 0); W_hh is the other factor",
};

let trainerWorkerUrl = null;  // one Blob for every trainer of the page
function trainerWorker() {
  if (trainerWorkerUrl === null) {
    trainerWorkerUrl = URL.createObjectURL(new Blob([GG_TRAINER_SOURCE], { type: "text/javascript" }));
  }
  return new Worker(trainerWorkerUrl);
}

// The initial weights of `arch` at the selection, as createRun takes them: the embedded row
// of its seed, split into the parameters, the gate bias replaced by the one chosen.
function initialWeights(data, arch, selection) {
  const value = (name) => data.controls.find((c) => c.name === name).values[selection[name]];
  const H = String(value("H"));
  const all = decodeArrayCached(data.weights[arch][H]);
  const sizes = data.sizes[arch][H];
  const total = sizes.reduce((a, b) => a + b, 0);
  const row = all.subarray(selection.seed * total, (selection.seed + 1) * total);
  const names = ["kernel", "recurrent_kernel", "bias", "dense_kernel", "dense_bias"];
  const weights = {};
  let at = 0;
  names.forEach((name, k) => { weights[name] = Array.from(row.subarray(at, at + sizes[k])); at += sizes[k]; });
  const choice = arch === "lstm" ? value("forget") : arch === "gru" ? value("update") : "0";
  if (choice !== "0") {
    const biases = decodeArrayCached(data.gate_biases[arch][choice][H]);
    const size = sizes[2];
    const T = data.controls.find((c) => c.name === "T").values.length;
    const k = choice === "chrono" ? selection.seed * T + selection.T : selection.seed;
    weights.bias = Array.from(biases.subarray(k * size, (k + 1) * size));
  }
  return weights;
}

const trainerDecoded = new WeakMap();
function decodeArrayCached(encoded) {
  if (!trainerDecoded.has(encoded)) trainerDecoded.set(encoded, decodeArray(encoded));
  return trainerDecoded.get(encoded);
}

// The smallest round number of steps (50, 100, 200, 500, 1000, …) at or above n.
function roundUp(n) {
  for (let scale = 10; ; scale *= 10) {
    for (const m of [5, 10, 20]) if (m * scale >= n) return m * scale;
  }
}

// The median of `count` values, the k-th at values[start + k·stride] (one buffer reused).
let medianBuffer = new Float64Array(64);
function median(values, count, start = 0, stride = 1) {
  if (medianBuffer.length < count) medianBuffer = new Float64Array(count);
  const sorted = medianBuffer.subarray(0, count);
  for (let k = 0; k < count; k++) sorted[k] = values[start + k * stride];
  sorted.sort();
  return count % 2 ? sorted[(count - 1) / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
}

function log10Floor(v) {
  const y = Math.log10(v);
  return y < TRAINER_FLOOR ? -Infinity : y;  // 0 gives −∞ too
}

// The ramp's colour (RGBA) at 256 levels from 0 to 1, interpolated between its stops.
const RAMP_TABLE = Uint8ClampedArray.from({ length: 4 * 256 }, (_, j) => {
  const x = (Math.floor(j / 4) / 255) * (GATE_RAMP.length - 1), i = j % 4;
  if (i === 3) return 255;
  const k = Math.min(GATE_RAMP.length - 2, Math.floor(x)), f = x - k;
  return Math.round(GATE_RAMP[k][i] + f * (GATE_RAMP[k + 1][i] - GATE_RAMP[k][i]));
});

function render({ model, el }) {
  const data = model.get("data");
  const controlOf = (name) => data.controls.find((c) => c.name === name);
  const valueOf = (name, selection) => controlOf(name).values[selection[name]];
  const P = data.probe_size;

  // -- the controls: a drop-down list each, its label above it ------------------------------
  const fields = data.controls.map((control) => {
    const select = h("select", {}, control.values.map((v, i) => h("option", { value: i, text: String(v) })));
    select.addEventListener("change", () => {
      model.set("selection", { ...model.get("selection"), [control.name]: Number(select.value) });
      model.save_changes();
    });
    const note = h("span", { class: "gg-note", text: control.disabled_note || "", hidden: "" });
    const element = h("div", { class: `gg-control gg-tr-field gg-tr-${control.name}` }, [
      h("label", {}, [h("span", { class: "gg-label", text: control.label }), h("span", { class: "gg-tr-box" }, [select, note])]),
    ]);
    const show = (selection) => {
      select.value = String(selection[control.name]);
      const enabled = controlEnabled(control, selection);
      select.disabled = !enabled;
      element.classList.toggle("gg-disabled", !enabled);
      note.hidden = enabled;
    };
    return { element, show };
  });

  // -- the buttons --------------------------------------------------------------------------
  const button = (text, action) => {
    const b = h("button", { type: "button", class: "gg-tr-button", text });
    b.addEventListener("click", action);
    return b;
  };
  const trainButton = button("Train", () => command("run"));
  const pauseButton = button("Pause", () => command("pause"));
  const stepButton = button("Step", () => command("step"));
  const resetButton = button("Reset", () => reset());
  const status = h("span", { class: "gg-tr-status" });
  const lockstep = h("span", { class: "gg-tr-lockstep", text: `side by side, at the same step (±${LOCKSTEP})` });

  // -- the drawings -------------------------------------------------------------------------
  const lossPlot = logPlot({
    xLabel: "training step", yLabel: "loss (MSE, log scale)",
    description: `The training loss of each network, the mean of the last ${data.smooth} steps, against the training step, on a log axis, beside two levels: 1/6, always predicting 1, and 1/12, remembering only the second value.`,
    yRange: [-2, 0], yStep: 1,
  });
  const gradPlot = logPlot({
    xLabel: "step t of the probe sequences", yLabel: "‖∂L/∂xₜ‖ (log scale)",
    description: `The gradient of the squared error with respect to each input x_t of the probe sequences, on a log axis: probe sequence 0 with its two markers dotted, and the median over the ${P} probe sequences, for each network.`,
    yRange: [-8, 0], yStep: 2,
  });
  const lossKey = h("div", { class: "gg-legend" });
  const gradKey = h("div", { class: "gg-legend" });
  const gradNote = h("p", { class: "gg-tr-note" });
  const maps = h("div", { class: "gg-tr-maps" });
  const mapKey = h("p", { class: "gg-tr-note gg-tr-mapkey" }, [
    "0 ", h("span", { class: "gg-tr-ramp", "aria-hidden": "true" }),
    " 1. A row per unit, a column per step of probe sequence 0; dashed: its markers.",
  ]);
  const panels = [
    ["loss", "loss", [lossPlot.svg, lossKey]],
    ["gradient", "gradient", [gradPlot.svg, gradKey, gradNote]],
    ["gates", "gates", [maps, mapKey]],
  ].map(([name, label, children]) => ({ name, label, element: h("div", { class: `gg-tr-panel gg-tr-panel-${name}` }, children) }));
  let shownPanel = "loss";
  const switchName = `gg-tr-show-${Math.random().toString(36).slice(2)}`;
  const switcher = h("fieldset", { class: "gg-control gg-radios gg-tr-switch" }, [
    h("legend", { class: "gg-sr-only", text: "show" }),
    h("span", { class: "gg-group-label", "aria-hidden": "true", text: "show" }),
    ...panels.map((panel) => {
      const input = h("input", { type: "radio", name: switchName, value: panel.name });
      input.checked = panel.name === shownPanel;
      input.addEventListener("change", () => { if (input.checked) { shownPanel = panel.name; showPanels(); } });
      return h("label", { class: "gg-radio" }, [input, ` ${panel.label}`]);
    }),
  ]);
  function showPanels() {
    panels.forEach((panel) => panel.element.classList.toggle("gg-tr-current", panel.name === shownPanel));
    dirty.loss = dirty.gradient = dirty.gates = true;
    schedule();
  }

  const readout = h("div", { class: "gg-readout gg-tr-readout" });
  const readoutNote = h("p", {
    class: "gg-tr-note",
    text: `Loss: the mean of the last ${data.smooth} steps. Gradient: ‖∂L_b/∂xₜ‖ at the first marker, the median of the ${P} probe sequences.`,
  });
  const announcer = h("div", { class: "gg-sr-only", "aria-live": "polite", role: "status" });

  el.classList.add("gg-explorer-root", "gg-trainer");
  el.replaceChildren(
    h("div", { class: "gg-title", text: model.get("title") }),
    h("div", { class: "gg-controls gg-tr-controls" }, fields.map((f) => f.element)),
    h("div", { class: "gg-tr-buttons" }, [
      trainButton, pauseButton, stepButton, resetButton, h("span", { class: "gg-tr-state" }, [status, lockstep]),
    ]),
    switcher,
    h("div", { class: "gg-tr-panels" }, panels.map((p) => p.element)),
    readout,
    announcer,
  );

  // -- the runs -----------------------------------------------------------------------------
  let runs = [], training = false, pending = false, announceDue = false, lastAnnounced = 0;
  let pausedNote = "";  // why the runs were paused, if not by the reader (until the next command)
  const dirty = { loss: true, gradient: true, gates: true };  // drawings to redraw
  const redraws = [];  // ms per redraw, the last 2000 (el.ggTrainer, for tests)

  function start() {
    runs.forEach((run) => run.worker.terminate());
    const selection = model.get("selection");
    const archs = data.networks[selection.networks];
    const T = valueOf("T", selection);
    runs = archs.map((arch) => {
      const run = { arch, T, losses: [], sums: [0], probe: null, error: null, until: null, worker: trainerWorker() };
      run.worker.onmessage = (event) => receive(run, event.data);
      run.worker.onerror = (event) => { run.error = event.message || "the Worker failed"; dirty.loss = true; schedule(); };
      run.worker.postMessage({
        cmd: "init",
        config: {
          arch, T, H: valueOf("H", selection), batch: data.batch, lr: valueOf("lr", selection),
          clip: data.clip, seed: valueOf("seed", selection), weights: initialWeights(data, arch, selection),
          probeEvery: data.probe_every,
        },
      });
      return run;
    });
    training = false;
    pausedNote = "";
    lockstep.hidden = runs.length < 2;
    maps.replaceChildren(...runs.map((run) => {
      const canvas = h("canvas", { class: "gg-tr-map", role: "img", "aria-label": `${data.names[run.arch]}: ${GATE_TITLES[run.arch]} on probe sequence 0, over the steps` });
      run.canvas = canvas;
      // its width in px, measured when it changes (not at every drawing: that forces a layout)
      new ResizeObserver(([entry]) => {
        const width = Math.round(entry.contentRect.width);
        if (width > 0 && width !== run.mapWidth) { run.mapWidth = width; dirty.gates = true; schedule(); }
      }).observe(canvas);
      return h("figure", { class: "gg-tr-mapbox" }, [
        h("figcaption", {}, [`${data.names[run.arch]}: ${GATE_TITLES[run.arch]} `, h("span", { class: "gg-tr-gatekey", text: `(${GATE_KEYS[run.arch]})` })]),
        canvas,
      ]);
    }));
    dirty.loss = dirty.gradient = dirty.gates = true;
    announceDue = true;
    schedule();
  }

  function receive(run, message) {
    if (!runs.includes(run)) return;  // a Worker of a run reset since
    if (message.type === "steps") {
      for (const loss of message.losses) {
        run.losses.push(loss);
        run.sums.push(run.sums[run.sums.length - 1] + loss);
      }
      if (training) pace();
      dirty.loss = true;
    } else if (message.type === "probe") {
      run.probe = message;
      dirty.gradient = dirty.gates = true;
    } else if (message.type === "error") {
      run.error = message.message;
      if (training) pace();  // the other run need not wait for it
      dirty.loss = true;
    }
    schedule();
  }

  // Training, each run goes up to LOCKSTEP steps past the one behind (of those without an
  // error); one run alone goes on without end. Called at Train and at every run's steps.
  function pace() {
    const live = runs.filter((run) => !run.error);
    const behind = Math.min(...live.map((run) => run.losses.length));
    for (const run of live) {
      const until = live.length < 2 ? Infinity : behind + LOCKSTEP;
      if (run.until !== null && until <= run.until) continue;
      run.until = until;
      run.worker.postMessage(until === Infinity ? { cmd: "run" } : { cmd: "run", until });
    }
  }

  function command(cmd, note = "") {
    pausedNote = note;
    if (cmd === "pause") training = false;
    runs.forEach((run) => { run.until = null; });
    if (cmd === "run") {
      training = true;
      pace();
    } else {
      runs.forEach((run) => run.worker.postMessage({ cmd }));
    }
    if (cmd !== "run") announceDue = true;
    dirty.loss = true;
    schedule();
  }

  function reset() {
    start();
  }

  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; redraw(); });
  }

  // the mean loss of the `smooth` steps up to step n (1-based), fewer at the start
  const smoothed = (run, n) => {
    const k = Math.max(0, n - data.smooth);
    return (run.sums[n] - run.sums[k]) / (n - k);
  };

  // One drawing of the probe a frame (the gradient, else the gates), beside the loss: the
  // other waits for the next frame.
  function redraw() {
    const t0 = performance.now();
    const narrow = el.classList.contains("gg-tr-narrow");
    const draws = { loss: drawLoss, gradient: drawGradient, gates: drawMaps };
    let probeDrawn = false;
    for (const [name, draw] of Object.entries(draws)) {
      if (!dirty[name] || (narrow && shownPanel !== name)) continue;
      if (name !== "loss" && probeDrawn) { schedule(); continue; }
      draw();
      dirty[name] = false;
      probeDrawn = probeDrawn || name !== "loss";
    }
    drawReadout();
    el.dataset.steps = String(Math.max(0, ...runs.map((run) => run.losses.length)));
    el.dataset.training = String(training);
    redraws.push(performance.now() - t0);
    if (redraws.length > 2000) redraws.shift();
  }

  function drawLoss() {
    const most = Math.max(0, ...runs.map((run) => run.losses.length));
    const xMax = roundUp(Math.max(most, 50));
    const stride = Math.max(1, Math.ceil(most / 400));  // at most about 400 points a curve
    let lowest = Infinity, highest = -Infinity;
    const series = runs.map((run) => {
      const n = run.losses.length, xs = [], ys = [];
      for (let x = stride; x <= n; x += stride) { xs.push(x); ys.push(Math.log10(smoothed(run, x))); }
      if (n && xs[xs.length - 1] !== n) { xs.push(n); ys.push(Math.log10(smoothed(run, n))); }
      for (const y of ys) {
        if (y < lowest) lowest = y;
        if (y > highest && y < Infinity) highest = y;
      }
      return { name: `loss-${run.arch}`, className: `gg-tr-${run.arch}`, xs, ys };
    });
    const lo = Math.max(LOSS_FLOOR, Math.min(LOSS_BOTTOM, Math.floor(lowest)));
    const hi = Math.max(LOSS_TOP, Math.ceil(highest));
    let below = 0;
    for (const one of series) {
      one.ys.forEach((y, i) => { if (y < lo) { one.ys[i] = -Infinity; below++; } });
    }
    lossPlot.update({ xMin: 0, xMax, series, hlines: LOSS_LEVELS, range: [lo, hi] });
    lossKey.replaceChildren(...runs.map((run) => h("span", { class: `gg-key gg-tr-${run.arch}`, text: data.names[run.arch] })),
      h("span", { class: "gg-tr-note", text: `each point: the mean loss of the last ${data.smooth} steps${below ? `; ▼: below 10${superscript(lo)} (${below} points)` : ""}` }));
  }

  function drawGradient() {
    const T = runs.length ? runs[0].T : valueOf("T", model.get("selection"));
    const xs = Array.from({ length: T }, (_, t) => t + 1);
    const series = [];
    let below = 0, markers = null;
    runs.forEach((run) => {
      if (!run.probe) return;
      const g = run.probe.gradNorms;
      const one = Array.from(g.subarray(0, T), log10Floor);
      const med = xs.map((_, t) => log10Floor(median(g, P, t, T)));
      below += [...one, ...med].filter((y) => y === -Infinity).length;
      series.push({ name: `one-${run.arch}`, className: `gg-tr-${run.arch} gg-tr-one`, xs, ys: one });
      series.push({ name: `median-${run.arch}`, className: `gg-tr-${run.arch} gg-tr-median`, xs, ys: med });
      markers = markers || run.probe.markers;
    });
    gradPlot.update({
      xMin: 1, xMax: T, series,
      vlines: markers ? [
        { x: markers[0] + 1, label: "first marker", className: "gg-marker" },
        { x: markers[1] + 1, label: "second marker", className: "gg-marker" },
      ] : [],
    });
    gradKey.replaceChildren(
      ...runs.map((run) => h("span", { class: `gg-key gg-tr-${run.arch}`, text: data.names[run.arch] })),
      h("span", { class: "gg-key gg-tr-plain gg-tr-one", text: "probe sequence 0" }),
      h("span", { class: "gg-key gg-tr-plain gg-tr-median", text: `median over the ${P}` }),
    );
    gradNote.textContent = `Probed every ${data.probe_every} steps, and after each Step.${below ? ` ▼: below 10${superscript(TRAINER_FLOOR)} or 0 (${below} points).` : ""}`;
  }

  function drawMaps() {
    runs.forEach((run) => {
      const canvas = run.canvas;
      if (!run.probe || !canvas) return;
      const { gates, markers } = run.probe;
      const T = run.T, H = gates.length / T;
      const width = run.mapWidth || (run.mapWidth = Math.max(1, Math.round(canvas.getBoundingClientRect().width || 300)));
      const height = Math.min(el.classList.contains("gg-tr-narrow") ? 72 : 160, Math.max(48, 4 * H));
      const ratio = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
        canvas.width = Math.round(width * ratio);
        canvas.height = Math.round(height * ratio);
        canvas.style.height = `${height}px`;
      }
      // one pixel per (unit, step), unit 1 at the top; colours from a table of 256 levels
      if (!run.cells || run.cells.width !== T || run.cells.height !== H) run.cells = new ImageData(T, H);
      const cells = run.cells.data;
      for (let u = 0; u < H; u++) {
        for (let t = 0; t < T; t++) {
          const v = gates[t * H + u];
          const level = 4 * Math.round(255 * Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)));
          const k = 4 * (u * T + t);
          cells[k] = RAMP_TABLE[level]; cells[k + 1] = RAMP_TABLE[level + 1];
          cells[k + 2] = RAMP_TABLE[level + 2]; cells[k + 3] = 255;
        }
      }
      const source = run.source || (run.source = document.createElement("canvas"));
      if (source.width !== T || source.height !== H) { source.width = T; source.height = H; }
      source.getContext("2d").putImageData(run.cells, 0, 0);
      const context = canvas.getContext("2d");
      context.imageSmoothingEnabled = false;
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      // the markers: a white line under a dashed black one, seen on every colour of the ramp
      for (const [colour, width, dash] of [["#fff", 3, []], ["#000", 1.5, [4, 3]]]) {
        context.strokeStyle = colour;
        context.lineWidth = width * ratio;
        context.setLineDash(dash.map((d) => d * ratio));
        for (const m of [markers[0], markers[1]]) {
          const x = ((m + 0.5) / T) * canvas.width;
          context.beginPath(); context.moveTo(x, 0); context.lineTo(x, canvas.height); context.stroke();
        }
      }
      canvas.dataset.step = String(run.probe.step);
    });
  }

  function describe(run) {
    const name = data.names[run.arch];
    if (run.error) return `${name}: stopped by an error: ${run.error}`;
    const n = run.losses.length;
    // as the gradient (0.156, 4.2 × 10⁻⁵): the gated cells' loss falls to 10⁻⁴ and below
    const loss = n ? `loss ${formatPow10(Math.log10(smoothed(run, n)))}`
      : run.probe ? `untrained, probe loss ${formatPow10(Math.log10(run.probe.loss))}` : "starting";
    if (!run.probe) return `${name}, step ${n}: ${loss}.`;
    const T = run.T, g = run.probe.gradNorms, m = run.probe.markers;
    const first = median(Array.from({ length: P }, (_, b) => g[b * T + m[2 * b]]), P);
    return `${name}, step ${n}: ${loss}; first-marker gradient ${formatPow10(Math.log10(first))} (probe at step ${run.probe.step}).`;
  }

  function drawReadout() {
    const lines = runs.map(describe);
    readout.replaceChildren(...lines.map((text) => h("p", { text })), readoutNote);
    trainButton.disabled = training;
    pauseButton.disabled = !training;
    stepButton.disabled = training;
    status.textContent = training ? "training…" : pausedNote;
    const now = performance.now();
    const ready = runs.every((run) => run.probe || run.error);
    if (ready && (announceDue || (training && now - lastAnnounced > TRAINER_ANNOUNCE_MS))) {
      announcer.textContent = (pausedNote ? [`${pausedNote}.`, ...lines] : lines).join(" ");
      announceDue = false;
      lastAnnounced = now;
    }
  }

  // narrow (a phone): one drawing at a time, chosen by the switch
  const layout = () => {
    const narrow = el.getBoundingClientRect().width < 520;
    if (narrow !== el.classList.contains("gg-tr-narrow")) {
      el.classList.toggle("gg-tr-narrow", narrow);
      showPanels();
    }
  };
  const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(layout);
  observer?.observe(el);

  // A hidden page (another tab, a closed lid) stops training, to spare the reader's CPU; it
  // stays paused when the page shows again, and says why.
  const hidden = () => {
    if (document.hidden && training) command("pause", "paused: the page was hidden");
  };
  document.addEventListener("visibilitychange", hidden);

  function changed() {
    const selection = model.get("selection");
    fields.forEach((field) => field.show(selection));
    start();
  }
  model.on("change:selection", changed);
  el.ggTrainer = { redraws, runs: () => runs, receive };  // for tests: receive as from a Worker
  layout();
  showPanels();
  changed();
  return () => {
    model.off("change:selection", changed);
    observer?.disconnect();
    document.removeEventListener("visibilitychange", hidden);
    runs.forEach((run) => run.worker.terminate());
  };
}
