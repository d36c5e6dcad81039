import { describe, expect, it } from 'vitest';
import { matVec } from '../../src/engine/linalg/dense.js';
import { csrFromDense, csrMatVec, csrToDense } from '../../src/engine/linalg/sparse.js';
import { Rng } from '../../src/engine/random/rng.js';

describe('CSR sparse matrices', () => {
  it('round-trips and multiplies like the dense matrix', () => {
    const rng = Rng.fromSeed(1);
    const rows = 37;
    const cols = 23;
    const a = new Float64Array(rows * cols);
    for (let i = 0; i < a.length; i++) a[i] = rng.bernoulli(0.1) ? rng.normal() : 0;
    const csr = csrFromDense(a, rows, cols);
    expect(Array.from(csrToDense(csr))).toEqual(Array.from(a));
    const x = Float64Array.from({ length: cols }, () => rng.normal());
    const y1 = new Float64Array(rows);
    const y2 = new Float64Array(rows);
    matVec(a, rows, cols, x, y1);
    csrMatVec(csr, x, y2);
    for (let i = 0; i < rows; i++) expect(y2[i]!).toBeCloseTo(y1[i]!, 12);
    const y3 = Float64Array.from(y2);
    csrMatVec(csr, x, y3, true);
    for (let i = 0; i < rows; i++) expect(y3[i]!).toBeCloseTo(2 * y1[i]!, 12);
    // an empty row gives 0
    const z = csrFromDense(new Float64Array(6), 2, 3);
    const out = Float64Array.from([5, 5]);
    csrMatVec(z, Float64Array.from([1, 2, 3]), out);
    expect(Array.from(out)).toEqual([0, 0]);
  });
});
