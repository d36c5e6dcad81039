/**
 * Attractor networks: Hopfield N = 1000 with 100 Hebbian patterns (storage, and 10 asynchronous sweeps from a random
 * state with the incremental local-field update), and Gibbs sweeps per second of fully connected Boltzmann machines
 * (sequential unit-by-unit sampling, as `step` does). numpy runs the same algorithms on one thread.
 */
import type { BenchContext } from '../harness.js';
import { hopfield, type HopfieldState } from '../../src/models/attractor/hopfield.js';
import { boltzmann, type BoltzmannState } from '../../src/models/attractor/boltzmann.js';
import { sweep } from '../../src/models/attractor/recall.js';
import { gibbsUpdate } from '../../src/models/attractor/gibbs.js';
import { fillPatterns } from '../../src/models/attractor/patterns.js';
import { storeHebbian } from '../../src/models/attractor/storage.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import { plainAlloc } from '../../src/engine/alloc.js';
import { Rng } from '../../src/engine/random/rng.js';

export default async function bench(ctx: BenchContext): Promise<void> {
  const n = 1000;
  const p = 100;
  const py = ctx.python('attractor.py', { n, p, sweeps: 10, gibbs: [100, 1000], gibbsSweeps: ctx.quick ? 20 : 200 }) as
    | { store: number; hopfield10: number; gibbs: Record<string, number> }
    | null;

  // Hebbian storage W = (1/N) Σ ξξᵀ.
  const xi = new Float64Array(p * n);
  fillPatterns({ type: 'random', count: p, activity: 0.5 }, n, Rng.fromSeed(1), xi);
  const w = new Float64Array(n * n);
  const storeMs = ctx.time(() => storeHebbian(xi, p, n, w), ctx.quick ? 2 : 5);
  ctx.report({
    name: 'hopfield N=1000 P=100 Hebbian storage',
    value: storeMs,
    unit: 'ms',
    higherIsBetter: false,
    reference: py ? { name: 'numpy (1 thread, BLAS ΞᵀΞ)', value: py.store * 1000 } : null,
  });

  // 10 asynchronous sweeps from a random state.
  const config = hopfield.configSchema.parse({ size: n, rule: 'hebbian', patterns: { type: 'random', count: p, activity: 0.5 }, initial: 'random' });
  const rt = createRuntime(hopfield, config, 1, plainAlloc);
  const st = rt.state as HopfieldState;
  const start = Float64Array.from(st.s);
  const net = { w: st.w, bias: st.bias, n: st.n, lo: st.lo, tie: st.tie };
  const rng = Rng.fromSeed(2);
  const sweepMs = ctx.time(() => {
    st.s.set(start);
    for (let k = 0; k < 10; k++) sweep(net, st.s, st.h, st.order, 'async', 'random', rng, k === 0);
  });
  ctx.report({
    name: 'hopfield N=1000 P=100, 10 async sweeps',
    value: sweepMs,
    unit: 'ms',
    higherIsBetter: false,
    reference: py ? { name: 'numpy (1 thread)', value: py.hopfield10 * 1000 } : null,
  });
  // The same recall through the engine, as a user runs it: a live cue (half the bits of a pattern flipped: a random
  // state) and 10 steps with the default recording (state, energy, overlaps, changed every sweep). Energy and
  // overlaps are kept incrementally (O(N) and O(P·changed) per sweep), so this should sit close to the bare sweeps.
  let nonce = 0;
  const engineMs = ctx.time(() => {
    rt.live = { ...rt.live, cue: { pattern: 0, flip: 0.5, mask: 0, nonce: ++nonce } };
    runSimulation(hopfield, config, rt, { steps: 10 }, {}, plainAlloc);
  });
  ctx.report({
    name: 'hopfield same, via engine (live cue, energy+overlaps every sweep)',
    value: engineMs,
    unit: 'ms',
    higherIsBetter: false,
    reference: { name: 'the bare sweeps above', value: sweepMs },
  });

  // Gibbs sweeps per second.
  for (const size of [100, 1000]) {
    const bc = boltzmann.configSchema.parse({ visible: size, weights: { type: 'random', sd: 1 / Math.sqrt(size) } });
    const brt = createRuntime(boltzmann, bc, 3, plainAlloc);
    const bs = brt.state as BoltzmannState;
    const m = { w: bs.w, bias: bs.bias, n: bs.n, lo: bs.lo };
    const grng = Rng.fromSeed(4);
    const sweeps = Math.max(5, Math.round((ctx.quick ? 2e6 : 2e7) / (size * size)));
    const ms = ctx.time(() => {
      for (let k = 0; k < sweeps; k++) {
        grng.permutation(size, bs.order);
        gibbsUpdate(m, bs.s, bs.order, size, 1, grng);
      }
    });
    const ref = py?.gibbs[String(size)];
    ctx.report({
      name: `boltzmann Gibbs N=${size} (sequential, T=1)`,
      value: sweeps / (ms / 1000),
      unit: 'sweeps/s',
      higherIsBetter: true,
      reference: ref ? { name: 'numpy (1 thread)', value: ref } : null,
    });
  }
}
