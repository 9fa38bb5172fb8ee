// The LSTM (Keras' layout, gates i, f, g, o): z_t = x_t K + h_{t−1} R + b,
// c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t, h_t = o_t ⊙ tanh(c_t), as gatesgrad/lstm.py.
// The cell interface is described in rnn.js; the probe's gate is the forget gate f_t.
var GGTrain = globalThis.GGTrain || (globalThis.GGTrain = {});

GGTrain.lstm = {
  blocks: 4,

  workspace(T, H) {
    const G = 4 * H;
    return {
      h: new Float64Array((T + 1) * H), // h_0 … h_T
      c: new Float64Array((T + 1) * H), // c_0 … c_T
      tc: new Float64Array(T * H), // tanh(c_t)
      gates: new Float64Array(T * G), // per step: i | f | g | o
      xk: new Float64Array(G),
      hr: new Float64Array(G),
      dz: new Float64Array(T * G), // per step: δ of i | f | g | o
      dh: new Float64Array(H),
      dc: new Float64Array(H),
    };
  },

  forward(w, x, off, T, H, ws) {
    const { vecMat, sigmoid } = GGTrain.linalg;
    const { h, c, tc, gates, xk, hr } = ws;
    const G = 4 * H;
    const b = w.bias;
    for (let t = 1; t <= T; t++) {
      vecMat(x, off + 2 * (t - 1), w.kernel, 2, G, xk);
      vecMat(h, (t - 1) * H, w.recurrent_kernel, H, G, hr);
      const s = (t - 1) * G;
      for (let j = 0; j < H; j++) {
        const i = sigmoid(xk[j] + hr[j] + b[j]);
        const f = sigmoid(xk[H + j] + hr[H + j] + b[H + j]);
        const g = Math.tanh(xk[2 * H + j] + hr[2 * H + j] + b[2 * H + j]);
        const o = sigmoid(xk[3 * H + j] + hr[3 * H + j] + b[3 * H + j]);
        const ct = f * c[(t - 1) * H + j] + i * g;
        const tct = Math.tanh(ct);
        gates[s + j] = i;
        gates[s + H + j] = f;
        gates[s + 2 * H + j] = g;
        gates[s + 3 * H + j] = o;
        c[t * H + j] = ct;
        tc[(t - 1) * H + j] = tct;
        h[t * H + j] = o * tct;
      }
    }
  },

  backward(w, x, off, T, H, ws, dhT, g, dxs) {
    const { matVec, addOuter, addOuterSteps } = GGTrain.linalg;
    const { h, c, tc, gates, dh, dc } = ws;
    const G = 4 * H;
    dh.set(dhT);
    dc.fill(0);
    for (let t = T; t >= 1; t--) {
      const s = (t - 1) * G;
      const dz = ws.dz.subarray(s, s + G);
      for (let j = 0; j < H; j++) {
        const i = gates[s + j];
        const f = gates[s + H + j];
        const gt = gates[s + 2 * H + j];
        const o = gates[s + 3 * H + j];
        const tct = tc[(t - 1) * H + j];
        const dct = dc[j] + dh[j] * o * (1 - tct * tct); // both paths into c_t
        dz[j] = dct * gt * i * (1 - i);
        dz[H + j] = dct * c[(t - 1) * H + j] * f * (1 - f);
        dz[2 * H + j] = dct * i * (1 - gt * gt);
        dz[3 * H + j] = dh[j] * tct * o * (1 - o);
        dc[j] = dct * f; // δc_{t−1} along the cell
      }
      addOuter(g.kernel, x, off + 2 * (t - 1), 2, dz, G);
      for (let k = 0; k < G; k++) g.bias[k] += dz[k];
      matVec(w.kernel, 2, G, dz, dxs, 2 * (t - 1));
      matVec(w.recurrent_kernel, H, G, dz, dh, 0);
    }
    addOuterSteps(g.recurrent_kernel, h, H, ws.dz, G, T); // h_{t−1} ⊗ δz_t, t = T … 1
  },

  gate(ws, T, H, out) {
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < H; j++) out[t * H + j] = ws.gates[t * 4 * H + H + j];
    }
  },
};
