// A run: cell + Dense(1) head, batch MSE on the adding problem, clipping and Adam; and the
// probe the view draws. Pure and synchronous: the same on a page's main thread and in the
// Worker. The numpy twin is gatesgrad.trainer.Trainer.
var GGTrain = globalThis.GGTrain || (globalThis.GGTrain = {});

GGTrain.ARCHS = ["rnn", "lstm", "gru"];
GGTrain.PROBE_SIZE = 32; // sequences in the probe batch

// The length of each parameter's flat (row-major) array in Keras' layout.
GGTrain.weightSizes = function (arch, H) {
  const G = GGTrain[arch].blocks * H;
  return {
    kernel: 2 * G,
    recurrent_kernel: H * G,
    bias: arch === "gru" ? 2 * G : G,
    dense_kernel: H,
    dense_bias: 1,
  };
};

// `config` checked: each failure names the field, what was expected and what came.
GGTrain.checkConfig = function (config) {
  const fail = (field, expected, got) => {
    throw new Error(`config.${field}: expected ${expected}, got ${JSON.stringify(got)}`);
  };
  const whole = (field, min, max = Number.MAX_SAFE_INTEGER) => {
    const value = config[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      fail(field, `a whole number from ${min} to ${max}`, value);
    }
  };
  const positive = (field) => {
    const value = config[field];
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      fail(field, "a finite number > 0", value);
    }
  };
  if (typeof config !== "object" || config === null) fail("", "an object", config);
  if (!GGTrain.ARCHS.includes(config.arch)) fail("arch", `one of ${GGTrain.ARCHS}`, config.arch);
  whole("T", 2);
  whole("H", 1);
  whole("batch", 1);
  whole("seed", 0, 0xffffffff);
  positive("lr");
  positive("clip");
  const weights = config.weights;
  if (typeof weights !== "object" || weights === null) fail("weights", "an object", weights);
  const sizes = GGTrain.weightSizes(config.arch, config.H);
  for (const name of GGTrain.PARAMS) {
    const values = weights[name];
    if (!values || values.length !== sizes[name]) {
      fail(`weights.${name}`, `${sizes[name]} numbers`, values ? `${values.length} values` : values);
    }
    for (let k = 0; k < values.length; k++) {
      if (typeof values[k] !== "number" || !Number.isFinite(values[k])) {
        fail(`weights.${name}[${k}]`, "a finite number", values[k]);
      }
    }
  }
};

// A run from `config` = {arch, T, H, batch, lr, clip, seed, weights}: step() trains on one
// batch and returns its loss before the update; probe() looks at the probe batch; weights()
// gives the current weights as plain arrays; steps counts the steps taken.
GGTrain.createRun = function (config) {
  GGTrain.checkConfig(config);
  const { arch, T, H, batch, lr, clip, seed } = config;
  const cell = GGTrain[arch];
  const w = {};
  const grads = {}; // the batch's
  const seqGrads = {}; // one sequence's cell gradients
  for (const name of GGTrain.PARAMS) {
    w[name] = Float64Array.from(config.weights[name]);
    grads[name] = new Float64Array(w[name].length);
    seqGrads[name] = new Float64Array(w[name].length);
  }
  const ws = cell.workspace(T, H);
  const dhT = new Float64Array(H);
  const dxs = new Float64Array(T * 2);
  const stream = new GGTrain.Xoshiro128(seed);
  const probeBatch = GGTrain.addingBatch(
    new GGTrain.Xoshiro128(GGTrain.PROBE_SEED),
    GGTrain.PROBE_SIZE,
    T,
  );
  const adam = new GGTrain.Adam(w);
  const hT = T * H; // where h_T starts in ws.h

  // Sequence b of a batch: forward, and the error ŷ − y of the head ŷ = h_T · w + b.
  function error(data, b) {
    cell.forward(w, data.x, b * T * 2, T, H, ws);
    let yhat = 0;
    for (let j = 0; j < H; j++) yhat += ws.h[hT + j] * w.dense_kernel[j];
    return yhat + w.dense_bias[0] - data.y[b];
  }

  // Backward for sequence b (after its forward) when ∂L/∂h_T = coef · w: seqGrads, dxs.
  function backward(data, b, coef) {
    for (let j = 0; j < H; j++) dhT[j] = coef * w.dense_kernel[j];
    for (const name of ["kernel", "recurrent_kernel", "bias"]) seqGrads[name].fill(0);
    cell.backward(w, data.x, b * T * 2, T, H, ws, dhT, seqGrads, dxs);
  }

  const run = {
    steps: 0,

    step() {
      const data = GGTrain.addingBatch(stream, batch, T);
      for (const name of GGTrain.PARAMS) grads[name].fill(0);
      let total = 0;
      for (let b = 0; b < batch; b++) {
        const e = error(data, b);
        total += e * e;
        const coef = (2 / batch) * e;
        backward(data, b, coef);
        for (const name of ["kernel", "recurrent_kernel", "bias"]) {
          const g = grads[name];
          const s = seqGrads[name];
          for (let k = 0; k < g.length; k++) g[k] += s[k];
        }
        for (let j = 0; j < H; j++) grads.dense_kernel[j] += coef * ws.h[hT + j];
        grads.dense_bias[0] += coef;
      }
      run.steps += 1;
      GGTrain.clipByGlobalNorm(grads, clip);
      adam.update(w, grads, lr, run.steps);
      return total / batch;
    },

    // The probe batch's MSE, ‖∂L_b/∂x_t‖ with L_b = (ŷ_b − y_b)² (row b of P·T), the marked
    // steps (P·2) and probe sequence 0's gates (T·H: LSTM f_t, GRU z_t, SimpleRNN 1 − h_t²).
    probe() {
      const P = GGTrain.PROBE_SIZE;
      const gradNorms = new Float64Array(P * T);
      const gates = new Float64Array(T * H);
      let total = 0;
      for (let b = 0; b < P; b++) {
        const e = error(probeBatch, b);
        total += e * e;
        if (b === 0) cell.gate(ws, T, H, gates);
        backward(probeBatch, b, 2 * e);
        for (let t = 0; t < T; t++) {
          const d0 = dxs[2 * t];
          const d1 = dxs[2 * t + 1];
          gradNorms[b * T + t] = Math.sqrt(d0 * d0 + d1 * d1);
        }
      }
      return { loss: total / P, gradNorms, markers: probeBatch.markers.slice(), gates };
    },

    weights() {
      const out = {};
      for (const name of GGTrain.PARAMS) out[name] = Array.from(w[name]);
      return out;
    },
  };
  return run;
};
