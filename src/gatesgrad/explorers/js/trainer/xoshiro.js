// The in-page trainer (one Worker source: these files concatenated in the order of
// gatesgrad.explorers.trainer_source). Classic scripts, no modules: everything hangs on the
// namespace GGTrain. This file: the seeded generator, identical to gatesgrad/xoshiro.py
// (xoshiro128** seeded by splitmix32, unsigned 32-bit arithmetic), and adding-problem batches.
var GGTrain = globalThis.GGTrain || (globalThis.GGTrain = {});

GGTrain.PROBE_SEED = 2024; // the stream of the fixed probe batch

GGTrain.splitmix32 = function (state) {
  state = (state + 0x9e3779b9) >>> 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return [state, (z ^ (z >>> 16)) >>> 0];
};

GGTrain.Xoshiro128 = class {
  constructor(seed) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`seed: expected a whole number from 0 to 2^32 - 1, got ${seed}`);
    }
    let state = seed >>> 0;
    this.s = new Uint32Array(4);
    for (let k = 0; k < 4; k++) [state, this.s[k]] = GGTrain.splitmix32(state);
  }

  uint32() {
    const s = this.s; // Uint32Array: every store wraps to 32 bits
    const rotl = (x, k) => (x << k) | (x >>> (32 - k));
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  // A double in [0, 1) from 53 random bits (two outputs).
  uniform() {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  integer(n) {
    return Math.floor(this.uniform() * n);
  }
};

// n adding-problem sequences of length T from `stream`: x (n·T·2, rows (value, marker)),
// y (n), markers (n·2, the two marked steps, 0-based). Per sequence: the T values, then the
// first marked step in the first half, the second in the second half.
GGTrain.addingBatch = function (stream, n, T) {
  const x = new Float64Array(n * T * 2);
  const y = new Float64Array(n);
  const markers = new Int32Array(n * 2);
  const half = Math.floor(T / 2);
  for (let b = 0; b < n; b++) {
    const row = b * T * 2;
    for (let t = 0; t < T; t++) x[row + 2 * t] = stream.uniform();
    const first = stream.integer(half);
    const second = half + stream.integer(T - half);
    x[row + 2 * first + 1] = 1;
    x[row + 2 * second + 1] = 1;
    markers[2 * b] = first;
    markers[2 * b + 1] = second;
    y[b] = x[row + 2 * first] + x[row + 2 * second];
  }
  return { x, y, markers };
};
