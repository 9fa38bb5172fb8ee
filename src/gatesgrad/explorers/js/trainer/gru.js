// The GRU (Keras' layout, gates z, r, h, reset_after): bias row 0 is added to x_t K, row 1
// to h_{t−1} R; z_t = σ(·), r_t = σ(·), u_t = h_{t−1} R_h + b_hh,
// h̃_t = tanh(x_t K_h + b_xh + r_t ⊙ u_t), h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t,
// as gatesgrad/gru.py. The cell interface is described in rnn.js; the probe's gate is z_t.
var GGTrain = globalThis.GGTrain || (globalThis.GGTrain = {});

GGTrain.gru = {
  blocks: 3,

  workspace(T, H) {
    const G = 3 * H;
    return {
      h: new Float64Array((T + 1) * H), // h_0 … h_T
      gates: new Float64Array(T * 4 * H), // per step: z | r | h̃ | u
      xk: new Float64Array(G),
      hr: new Float64Array(G),
      din: new Float64Array(G), // δ of the pre-activations: z, r, h̃
      drec: new Float64Array(T * G), // per step, what reaches h_{t−1} R + b_hh: z, r, u
      dh: new Float64Array(H),
      dhr: new Float64Array(H),
    };
  },

  forward(w, x, off, T, H, ws) {
    const { vecMat, sigmoid } = GGTrain.linalg;
    const { h, gates, xk, hr } = ws;
    const G = 3 * H;
    const b = w.bias; // row 0: b[k], row 1: b[G + k]
    for (let t = 1; t <= T; t++) {
      vecMat(x, off + 2 * (t - 1), w.kernel, 2, G, xk);
      vecMat(h, (t - 1) * H, w.recurrent_kernel, H, G, hr);
      const s = (t - 1) * 4 * H;
      for (let j = 0; j < H; j++) {
        const z = sigmoid(xk[j] + b[j] + (hr[j] + b[G + j]));
        const r = sigmoid(xk[H + j] + b[H + j] + (hr[H + j] + b[G + H + j]));
        const u = hr[2 * H + j] + b[G + 2 * H + j];
        const n = Math.tanh(xk[2 * H + j] + b[2 * H + j] + r * u);
        const hPrev = h[(t - 1) * H + j];
        gates[s + j] = z;
        gates[s + H + j] = r;
        gates[s + 2 * H + j] = n;
        gates[s + 3 * H + j] = u;
        h[t * H + j] = z * hPrev + (1 - z) * n;
      }
    }
  },

  backward(w, x, off, T, H, ws, dhT, g, dxs) {
    const { matVec, addOuter, addOuterSteps } = GGTrain.linalg;
    const { h, gates, din, dh, dhr } = ws;
    const G = 3 * H;
    dh.set(dhT);
    for (let t = T; t >= 1; t--) {
      const s = (t - 1) * 4 * H;
      const drec = ws.drec.subarray((t - 1) * G, t * G);
      for (let j = 0; j < H; j++) {
        const z = gates[s + j];
        const r = gates[s + H + j];
        const n = gates[s + 2 * H + j];
        const u = gates[s + 3 * H + j];
        const dz = dh[j] * (h[(t - 1) * H + j] - n) * z * (1 - z);
        const dn = dh[j] * (1 - z) * (1 - n * n);
        const dr = dn * u * r * (1 - r);
        din[j] = dz;
        din[H + j] = dr;
        din[2 * H + j] = dn;
        drec[j] = dz;
        drec[H + j] = dr;
        drec[2 * H + j] = dn * r;
      }
      for (let k = 0; k < G; k++) {
        g.bias[k] += din[k];
        g.bias[G + k] += drec[k];
      }
      addOuter(g.kernel, x, off + 2 * (t - 1), 2, din, G);
      matVec(w.kernel, 2, G, din, dxs, 2 * (t - 1));
      // δh_{t−1} = R δ(rec) + δh_t ⊙ z_t, the second term the direct path
      matVec(w.recurrent_kernel, H, G, drec, dhr, 0);
      for (let j = 0; j < H; j++) dh[j] = dhr[j] + dh[j] * gates[s + j];
    }
    addOuterSteps(g.recurrent_kernel, h, H, ws.drec, G, T); // h_{t−1} ⊗ δ, t = T … 1
  },

  gate(ws, T, H, out) {
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < H; j++) out[t * H + j] = ws.gates[t * 4 * H + j];
    }
  },
};
