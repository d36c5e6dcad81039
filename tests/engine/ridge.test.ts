import { describe, expect, it } from 'vitest';
import { cholesky, choleskySolve, gram, ridgeFit, ridgePredict } from '../../src/engine/linalg/ridge.js';
import { Rng } from '../../src/engine/random/rng.js';

function randomMatrix(rng: Rng, rows: number, cols: number): Float64Array {
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  return a;
}

/** Reference: plain Gaussian elimination with partial pivoting on (XᵀX + λI) w = Xᵀy, naive loops. */
function referenceRidge(x: Float64Array, rows: number, cols: number, y: Float64Array, outputs: number, lambda: number): Float64Array {
  const w = new Float64Array(outputs * cols);
  for (let o = 0; o < outputs; o++) {
    const a: number[][] = [];
    for (let j = 0; j < cols; j++) {
      const row: number[] = [];
      for (let k = 0; k < cols; k++) {
        let s = 0;
        for (let r = 0; r < rows; r++) s += x[r * cols + j]! * x[r * cols + k]!;
        row.push(s + (j === k ? lambda : 0));
      }
      let s = 0;
      for (let r = 0; r < rows; r++) s += x[r * cols + j]! * y[r * outputs + o]!;
      row.push(s);
      a.push(row);
    }
    for (let c = 0; c < cols; c++) {
      let p = c;
      for (let r = c + 1; r < cols; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
      [a[c], a[p]] = [a[p]!, a[c]!];
      for (let r = c + 1; r < cols; r++) {
        const f = a[r]![c]! / a[c]![c]!;
        for (let k = c; k <= cols; k++) a[r]![k]! -= f * a[c]![k]!;
      }
    }
    for (let c = cols - 1; c >= 0; c--) {
      let s = a[c]![cols]!;
      for (let k = c + 1; k < cols; k++) s -= a[c]![k]! * w[o * cols + k]!;
      w[o * cols + c] = s / a[c]![c]!;
    }
  }
  return w;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('ridge regression readout', () => {
  it('gram matches the naive XᵀX (block boundaries included)', () => {
    const rng = Rng.fromSeed(1);
    const rows = 1031;
    const cols = 37;
    const x = randomMatrix(rng, rows, cols);
    const g = gram(x, rows, cols);
    for (const [j, k] of [[0, 0], [3, 17], [36, 1], [20, 20]] as const) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += x[r * cols + j]! * x[r * cols + k]!;
      expect(g[j * cols + k]!).toBeCloseTo(s, 9);
    }
  });

  it('cholesky factors a known SPD matrix and solves it', () => {
    // A = [[4,12,-16],[12,37,-43],[-16,-43,98]] = L Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]] (textbook example).
    const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    expect(cholesky(a, 3)).toBe(true);
    expect(Array.from(a)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
    const b = Float64Array.from([1, 2, 3]); // A·x = b
    choleskySolve(a, 3, b);
    const A = [4, 12, -16, 12, 37, -43, -16, -43, 98];
    for (let i = 0; i < 3; i++) expect(A[i * 3]! * b[0]! + A[i * 3 + 1]! * b[1]! + A[i * 3 + 2]! * b[2]!).toBeCloseTo([1, 2, 3][i]!, 10);
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false); // indefinite
  });

  it('recovers exact weights with λ = 0 (noise-free targets), both solvers', () => {
    const rng = Rng.fromSeed(2);
    const rows = 200;
    const cols = 12;
    const outputs = 3;
    const x = randomMatrix(rng, rows, cols);
    const wTrue = randomMatrix(rng, outputs, cols);
    const y = new Float64Array(rows * outputs);
    for (let r = 0; r < rows; r++) for (let o = 0; o < outputs; o++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += wTrue[o * cols + j]! * x[r * cols + j]!;
      y[r * outputs + o] = s;
    }
    for (const solver of ['cholesky', 'qr'] as const) {
      const fit = ridgeFit(x, rows, cols, y, outputs, { lambda: 0, solver });
      expect(maxAbsDiff(fit.weights, wTrue)).toBeLessThan(1e-10);
      expect(maxAbsDiff(ridgePredict(fit, x, rows), y)).toBeLessThan(1e-10);
    }
  });

  it('matches the reference normal-equation solution for λ > 0, and the optimality condition Xᵀ(XWᵀ−Y) + λWᵀ = 0', () => {
    const rng = Rng.fromSeed(3);
    const rows = 150;
    const cols = 20;
    const outputs = 2;
    const x = randomMatrix(rng, rows, cols);
    const y = randomMatrix(rng, rows, outputs);
    for (const lambda of [1e-3, 1, 100]) {
      const ref = referenceRidge(x, rows, cols, y, outputs, lambda);
      for (const solver of ['cholesky', 'qr'] as const) {
        const fit = ridgeFit(x, rows, cols, y, outputs, { lambda, solver });
        expect(maxAbsDiff(fit.weights, ref)).toBeLessThan(1e-10);
        const pred = ridgePredict(fit, x, rows);
        for (let o = 0; o < outputs; o++) for (let j = 0; j < cols; j++) {
          let gsum = lambda * fit.weights[o * cols + j]!;
          for (let r = 0; r < rows; r++) gsum += x[r * cols + j]! * (pred[r * outputs + o]! - y[r * outputs + o]!);
          expect(Math.abs(gsum)).toBeLessThan(1e-9);
        }
      }
    }
    // λ shrinks the weights monotonically
    const n1 = ridgeFit(x, rows, cols, y, outputs, { lambda: 1 }).weights.reduce((s, v) => s + v * v, 0);
    const n2 = ridgeFit(x, rows, cols, y, outputs, { lambda: 100 }).weights.reduce((s, v) => s + v * v, 0);
    expect(n2).toBeLessThan(n1);
  });

  it('QR solves an ill-conditioned problem (cond(X) ≈ 1e9) that the normal equations cannot', () => {
    // Columns scaled over nine decades, then mixed: cond(X) ≈ 1e9, cond(XᵀX) ≈ 1e18 > 1/ε.
    const rng = Rng.fromSeed(4);
    const rows = 300;
    const cols = 10;
    const base = randomMatrix(rng, rows, cols);
    const x = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) {
      // x_rj = Σ_k base_rk · s_k · M_kj with s_k = 10^(−k) and M a fixed mixing (upper unit triangular)
      let s = 0;
      for (let k = 0; k <= j; k++) s += base[r * cols + k]! * Math.pow(10, -k);
      x[r * cols + j] = s;
    }
    const wTrue = Float64Array.from({ length: cols }, (_, j) => 1 + j / 10);
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += wTrue[j]! * x[r * cols + j]!;
      y[r] = s;
    }
    const qr = ridgeFit(x, rows, cols, y, 1, { lambda: 0, solver: 'qr' });
    const relErrQr = maxAbsDiff(qr.weights, wTrue) / 2;
    // Backward-stable QR: relative error ≲ cond(X)·ε ≈ 1e9·2e-16 ≈ 2e-7 (allow a factor 100).
    expect(relErrQr).toBeLessThan(2e-5);
    expect(qr.conditionEstimate).toBeGreaterThan(1e14);
    let relErrChol = Infinity;
    try {
      const ch = ridgeFit(x, rows, cols, y, 1, { lambda: 0, solver: 'cholesky' });
      relErrChol = maxAbsDiff(ch.weights, wTrue) / 2;
    } catch {
      // not positive definite to working precision: also a failure of the normal equations
    }
    expect(relErrChol).toBeGreaterThan(100 * relErrQr);
  });

  it('blocked QR (several panels of 32 columns, row blocks of 512) matches the reference solution', () => {
    const rng = Rng.fromSeed(6);
    const rows = 700;
    const cols = 75;
    const outputs = 2;
    const x = randomMatrix(rng, rows, cols);
    const y = randomMatrix(rng, rows, outputs);
    for (const lambda of [0, 0.5]) {
      const ref = referenceRidge(x, rows, cols, y, outputs, lambda);
      const qr = ridgeFit(x, rows, cols, y, outputs, { lambda, solver: 'qr' });
      expect(maxAbsDiff(qr.weights, ref)).toBeLessThan(1e-11);
    }
  });

  it('rejects bad shapes and λ', () => {
    const x = new Float64Array(6);
    expect(() => ridgeFit(x, 3, 2, new Float64Array(2), 1, { lambda: 0 })).toThrow(RangeError);
    expect(() => ridgeFit(x, 3, 2, new Float64Array(3), 1, { lambda: -1 })).toThrow(RangeError);
    // two identical columns: rank deficient
    expect(() => ridgeFit(Float64Array.from([1, 1, 2, 2, 3, 3]), 3, 2, new Float64Array(3), 1, { lambda: 0, solver: 'qr' })).toThrow(/rank deficient/);
  });

  it('QR gives an all-zero feature column (an input that never moves) weight 0', () => {
    const x = Float64Array.from([1, 0, 2, 0, 3, 0, 4, 0]);
    const fit = ridgeFit(x, 4, 2, Float64Array.from([2, 4, 6, 8]), 1, { lambda: 0, solver: 'qr' });
    expect(fit.weights[0]!).toBeCloseTo(2, 12);
    expect(fit.weights[1]).toBe(0);
  });
});
