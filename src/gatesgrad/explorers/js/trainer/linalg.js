// The three products every cell needs, on row-major Float64Arrays (a matrix M of `rows` x
// `cols` holds M[j, k] at j·cols + k), and the activations.
var GGTrain = globalThis.GGTrain || (globalThis.GGTrain = {});

GGTrain.linalg = {
  // out[k] = Σ_j v[off + j] · M[j, k]: a row vector (x_t or h_{t−1}) times a kernel.
  vecMat(v, off, M, rows, cols, out) {
    out.fill(0, 0, cols);
    for (let j = 0; j < rows; j++) {
      const vj = v[off + j];
      const row = j * cols;
      for (let k = 0; k < cols; k++) out[k] += vj * M[row + k];
    }
  },

  // out[off + j] = Σ_k M[j, k] · d[k]: a kernel times a column of deltas (∂/∂x_t, ∂/∂h_{t−1}).
  matVec(M, rows, cols, d, out, off) {
    for (let j = 0; j < rows; j++) {
      const row = j * cols;
      let sum = 0;
      for (let k = 0; k < cols; k++) sum += M[row + k] * d[k];
      out[off + j] = sum;
    }
  },

  // G[j, k] += v[off + j] · d[k]: a kernel's gradient from one step.
  addOuter(G, v, off, rows, d, cols) {
    for (let j = 0; j < rows; j++) {
      const vj = v[off + j];
      const row = j * cols;
      for (let k = 0; k < cols; k++) G[row + k] += vj * d[k];
    }
  },

  sigmoid(a) {
    return 1 / (1 + Math.exp(-a));
  },
};
