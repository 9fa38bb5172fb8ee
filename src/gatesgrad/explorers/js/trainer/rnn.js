// The SimpleRNN (Keras' layout): h_t = tanh(h_{t−1} R + x_t K + b), as gatesgrad/rnn.py.
// A cell module: workspace(T, H) allocates what a sequence needs; forward fills it from the
// sequence at x[off …] (T rows (value, marker)); backward walks back from ∂L/∂h_T = dhT,
// adds the parameter gradients to g and writes ∂L/∂x_t to dxs (T·2); gate writes the factor
// the probe shows, here tanh′(a_t) = 1 − h_t² (T·H).
var GGTrain = globalThis.GGTrain || (globalThis.GGTrain = {});

GGTrain.rnn = {
  blocks: 1,

  workspace(T, H) {
    return {
      h: new Float64Array((T + 1) * H), // h_0 … h_T
      xk: new Float64Array(H),
      hr: new Float64Array(H),
      da: new Float64Array(T * H), // per step: δa_t
      dh: new Float64Array(H),
    };
  },

  forward(w, x, off, T, H, ws) {
    const { vecMat } = GGTrain.linalg;
    const { h, xk, hr } = ws;
    for (let t = 1; t <= T; t++) {
      vecMat(h, (t - 1) * H, w.recurrent_kernel, H, H, hr);
      vecMat(x, off + 2 * (t - 1), w.kernel, 2, H, xk);
      for (let k = 0; k < H; k++) h[t * H + k] = Math.tanh(hr[k] + xk[k] + w.bias[k]);
    }
  },

  backward(w, x, off, T, H, ws, dhT, g, dxs) {
    const { matVec, addOuter, addOuterSteps } = GGTrain.linalg;
    const { h, dh } = ws;
    dh.set(dhT);
    for (let t = T; t >= 1; t--) {
      const da = ws.da.subarray((t - 1) * H, t * H);
      for (let k = 0; k < H; k++) {
        const ht = h[t * H + k];
        da[k] = dh[k] * (1 - ht * ht); // δa_t = δh_t ⊙ tanh′(a_t)
      }
      addOuter(g.kernel, x, off + 2 * (t - 1), 2, da, H);
      for (let k = 0; k < H; k++) g.bias[k] += da[k];
      matVec(w.kernel, 2, H, da, dxs, 2 * (t - 1));
      matVec(w.recurrent_kernel, H, H, da, dh, 0);
    }
    addOuterSteps(g.recurrent_kernel, h, H, ws.da, H, T); // h_{t−1} ⊗ δa_t, t = T … 1
  },

  gate(ws, T, H, out) {
    for (let k = 0; k < T * H; k++) {
      const ht = ws.h[H + k];
      out[k] = 1 - ht * ht;
    }
  },
};
