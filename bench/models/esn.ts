/**
 * Echo state network (Jaeger 2001): reservoir steps per second for N = 1,000 tanh units at 10% density (CSR W, one
 * input, output read every step), directly and through the engine; and the ridge readout fit on 10,000 harvested
 * states × 1,001 features (Cholesky of XᵀX + λI, and Householder QR of [X; √λI]). numpy on one thread runs the same
 * algorithms (bench/python/esn.py, without scipy: the sparse W stepped as values·x[cols] summed per row with
 * np.add.reduceat, and for comparison the dense W @ x; ridge by np.linalg.cholesky and np.linalg.qr).
 */
import type { BenchContext } from '../harness.js';
import { esn } from '../../src/models/esn/esn.js';
import { readOutput, updateReservoir, type EsnState } from '../../src/models/esn/reservoir.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import { ridgeFit } from '../../src/engine/linalg/ridge.js';
import { Rng } from '../../src/engine/random/rng.js';

export default async function bench(ctx: BenchContext): Promise<void> {
  const n = 1000;
  const steps = ctx.quick ? 500 : 2000;
  const rows = ctx.quick ? 3000 : 10_000;
  const py = ctx.python('esn.py', { n, density: 0.1, steps, rows, features: n + 1 }) as
    | { sparseStepsPerSecond: number; denseStepsPerSecond: number; choleskyMs: number; qrMs: number }
    | null;

  const config = esn.configSchema.parse({ size: n, density: 0.1, spectralRadius: 0.95, inputs: 1 });
  // The production allocator: state in the WebAssembly memory, so the CSR mat-vec runs in SIMD in place.
  const rt = createRuntime(esn, config, 1);
  const s = rt.state as EsnState;
  const rng = Rng.fromSeed(2);
  const u = new Float64Array(1);
  const ms = ctx.time(() => {
    for (let i = 0; i < steps; i++) {
      u[0] = rng.range(-1, 1);
      updateReservoir(s, config, u, s.y, 1, 0, null);
      readOutput(s, config);
    }
  }, ctx.quick ? 3 : 5);
  ctx.report({
    name: 'esn N=1000, 10% density, tanh step + readout',
    value: steps / (ms / 1000),
    unit: 'steps/s',
    higherIsBetter: true,
    reference: py ? { name: 'numpy (1 thread, sparse)', value: py.sparseStepsPerSecond } : null,
    note: `${s.w.values.length} recurrent weights${py ? `; numpy dense W@x ${Math.round(py.denseStepsPerSecond)} steps/s` : ''}`,
  });
  const engineMs = ctx.time(() => {
    runSimulation(esn, config, rt, { steps, inputs: [{ type: 'noise', channel: 0, mean: 0, sd: 0.5 }], record: ['output'] }, {});
  }, ctx.quick ? 2 : 3);
  ctx.report({ name: 'esn N=1000 same, via engine (output recorded)', value: steps / (engineMs / 1000), unit: 'steps/s', higherIsBetter: true, reference: null });

  // Ridge readout on harvested-like states: tanh of random projections (correlated columns, as reservoir states are).
  const f = n + 1;
  const x = new Float64Array(rows * f);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) x[r * f + j] = Math.tanh(rng.normal());
    x[r * f + n] = 1;
    y[r] = rng.normal();
  }
  const chol = ctx.time(() => void ridgeFit(x, rows, f, y, 1, { lambda: 1e-8, solver: 'cholesky' }), ctx.quick ? 1 : 3);
  ctx.report({
    name: `ridge readout fit ${rows}×${f}, Cholesky of XᵀX+λI`,
    value: chol,
    unit: 'ms',
    higherIsBetter: false,
    reference: py ? { name: 'numpy (1 thread)', value: py.choleskyMs } : null,
  });
  const qr = ctx.time(() => void ridgeFit(x, rows, f, y, 1, { lambda: 1e-8, solver: 'qr' }), 1);
  ctx.report({
    name: `ridge readout fit ${rows}×${f}, Householder QR of [X; √λI]`,
    value: qr,
    unit: 'ms',
    higherIsBetter: false,
    reference: py ? { name: 'numpy (1 thread)', value: py.qrMs } : null,
  });
}
