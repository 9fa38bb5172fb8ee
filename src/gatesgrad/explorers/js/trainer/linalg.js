// The products every cell needs, on row-major Float64Arrays (a matrix M of `rows` x
// `cols` holds M[j, k] at j·cols + k), and the activations. Every sum adds its terms in the
// order of a plain loop over its index, so the results are the same to the last bit however
// the loops are arranged; here several sums at a time share their loads (a run's losses depend
// on the last bits: tests/test_trainer_demo.py counts the steps to a stated loss).
var GGTrain = globalThis.GGTrain || (globalThis.GGTrain = {});

GGTrain.linalg = {
  // out[k] = Σ_j v[off + j] · M[j, k]: a row vector (x_t or h_{t−1}) times a kernel.
  vecMat(v, off, M, rows, cols, out) {
    let k = 0;
    for (; k + 8 <= cols; k += 8) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      let s5 = 0;
      let s6 = 0;
      let s7 = 0;
      for (let j = 0, at = k; j < rows; j++, at += cols) {
        const vj = v[off + j];
        s0 += vj * M[at];
        s1 += vj * M[at + 1];
        s2 += vj * M[at + 2];
        s3 += vj * M[at + 3];
        s4 += vj * M[at + 4];
        s5 += vj * M[at + 5];
        s6 += vj * M[at + 6];
        s7 += vj * M[at + 7];
      }
      out[k] = s0;
      out[k + 1] = s1;
      out[k + 2] = s2;
      out[k + 3] = s3;
      out[k + 4] = s4;
      out[k + 5] = s5;
      out[k + 6] = s6;
      out[k + 7] = s7;
    }
    for (; k < cols; k++) {
      let s = 0;
      for (let j = 0, at = k; j < rows; j++, at += cols) s += v[off + j] * M[at];
      out[k] = s;
    }
  },

  // out[off + j] = Σ_k M[j, k] · d[k]: a kernel times a column of deltas (∂/∂x_t, ∂/∂h_{t−1}).
  matVec(M, rows, cols, d, out, off) {
    let j = 0;
    for (; j + 4 <= rows; j += 4) {
      const r0 = j * cols;
      const r1 = r0 + cols;
      const r2 = r1 + cols;
      const r3 = r2 + cols;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < cols; k++) {
        const dk = d[k];
        s0 += M[r0 + k] * dk;
        s1 += M[r1 + k] * dk;
        s2 += M[r2 + k] * dk;
        s3 += M[r3 + k] * dk;
      }
      out[off + j] = s0;
      out[off + j + 1] = s1;
      out[off + j + 2] = s2;
      out[off + j + 3] = s3;
    }
    for (; j < rows; j++) {
      const row = j * cols;
      let s = 0;
      for (let k = 0; k < cols; k++) s += M[row + k] * d[k];
      out[off + j] = s;
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

  // G[j, k] += Σ_t v[t·rows + j] · d[t·cols + k], t from T − 1 down to 0: a kernel's gradient
  // from T steps at once, each entry summed in the same order as step by step by addOuter.
  addOuterSteps(G, v, rows, d, cols, T) {
    for (let j = 0; j < rows; j++) {
      const row = j * cols;
      let k = 0;
      for (; k + 4 <= cols; k += 4) {
        let s0 = G[row + k];
        let s1 = G[row + k + 1];
        let s2 = G[row + k + 2];
        let s3 = G[row + k + 3];
        for (let t = T - 1; t >= 0; t--) {
          const vj = v[t * rows + j];
          const at = t * cols + k;
          s0 += vj * d[at];
          s1 += vj * d[at + 1];
          s2 += vj * d[at + 2];
          s3 += vj * d[at + 3];
        }
        G[row + k] = s0;
        G[row + k + 1] = s1;
        G[row + k + 2] = s2;
        G[row + k + 3] = s3;
      }
      for (; k < cols; k++) {
        let s = G[row + k];
        for (let t = T - 1; t >= 0; t--) s += v[t * rows + j] * d[t * cols + k];
        G[row + k] = s;
      }
    }
  },

  sigmoid(a) {
    return 1 / (1 + Math.exp(-a));
  },
};
