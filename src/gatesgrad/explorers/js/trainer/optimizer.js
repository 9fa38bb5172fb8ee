// Keras' global-norm clipping and Keras 3's Adam, in the order of gatesgrad/trainer.py.
// Parameters and gradients are objects of Float64Arrays keyed by GGTrain.PARAMS.
var GGTrain = globalThis.GGTrain || (globalThis.GGTrain = {});

GGTrain.PARAMS = ["kernel", "recurrent_kernel", "bias", "dense_kernel", "dense_bias"];

// n = √(Σ g²) over every parameter; if n > clip, every g ← g · (clip / n). Returns n.
GGTrain.clipByGlobalNorm = function (grads, clip) {
  let sum = 0;
  for (const name of GGTrain.PARAMS) {
    const g = grads[name];
    let part = 0;
    for (let k = 0; k < g.length; k++) part += g[k] * g[k];
    sum += part;
  }
  const norm = Math.sqrt(sum);
  if (norm > clip) {
    const scale = clip / norm;
    for (const name of GGTrain.PARAMS) {
      const g = grads[name];
      for (let k = 0; k < g.length; k++) g[k] *= scale;
    }
  }
  return norm;
};

// Adam as Keras 3 writes it: β1 = 0.9, β2 = 0.999, ε = 1e-7, step t = 1, 2, …
GGTrain.Adam = class {
  constructor(weights) {
    this.m = {};
    this.v = {};
    for (const name of GGTrain.PARAMS) {
      this.m[name] = new Float64Array(weights[name].length);
      this.v[name] = new Float64Array(weights[name].length);
    }
  }

  update(weights, grads, lr, t) {
    const beta1 = 0.9;
    const beta2 = 0.999;
    const epsilon = 1e-7;
    const alpha = (lr * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t));
    for (const name of GGTrain.PARAMS) {
      const w = weights[name];
      const g = grads[name];
      const m = this.m[name];
      const v = this.v[name];
      for (let k = 0; k < w.length; k++) {
        m[k] += (g[k] - m[k]) * (1 - beta1);
        v[k] += (g[k] * g[k] - v[k]) * (1 - beta2);
        w[k] -= (m[k] * alpha) / (Math.sqrt(v[k]) + epsilon);
      }
    }
  }
};
