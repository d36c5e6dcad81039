/**
 * Figures of the attractor family against the reference (../shared/reference/models.md), heavier than the unit tests:
 *   1. one-step error at a stored pattern vs ½·erfc(1/√(2α)), N = 1000, Hebbian, 3 seeds;
 *   2. recall overlap from 10%-corrupted cues vs load α for the three storage rules (N = 1000);
 *   3. glyph recall: which rule stores which letter sets;
 *   4. Gibbs total-variation distance vs sweeps (10 units, T = 1.3) against c/√sweeps;
 *   5. 3×3 bars-and-stripes: exact log-likelihood and valid-sample fraction after training, per learning rule.
 * Run: npm run build && node dist/scripts/attractor-figures.js [quick]
 */
import { hopfield } from '../src/models/attractor/hopfield.js';
import { boltzmann, type BoltzmannState } from '../src/models/attractor/boltzmann.js';
import { fillPatterns } from '../src/models/attractor/patterns.js';
import { storeHebbian } from '../src/models/attractor/storage.js';
import { exactDistribution, totalVariation } from '../src/models/attractor/exact.js';
import { stateIndex } from '../src/models/attractor/datasets.js';
import { createRuntime, runSimulation } from '../src/engine/simulator.js';
import { matVec } from '../src/engine/linalg/dense.js';
import { plainAlloc } from '../src/engine/alloc.js';
import { Rng } from '../src/engine/random/rng.js';
import { runToEnd } from '../src/engine/training.js';

const quick = process.argv.includes('quick');
const trainCtx = (seed: number) => ({ rng: Rng.fromSeed(seed), alloc: plainAlloc, progress: () => {}, cancelled: () => false });

function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? y : 2 - y;
}

function oneStepError(): void {
  console.log('\n1. One-step error at stored patterns, N = 1000, Hebbian (reference measured: 9.9e-4, 3.2e-3, 9.6e-3, 5.0e-2, 1.0e-1)');
  const n = 1000;
  for (const alpha of [0.105, 0.138, 0.185, 0.37, 0.61]) {
    const p = Math.round(alpha * n);
    const rates: number[] = [];
    for (const seed of [1, 2, 3]) {
      const xi = new Float64Array(p * n);
      fillPatterns({ type: 'random', count: p, activity: 0.5 }, n, Rng.fromSeed(seed), xi);
      const w = new Float64Array(n * n);
      storeHebbian(xi, p, n, w);
      const h = new Float64Array(n);
      let errors = 0;
      for (let mu = 0; mu < p; mu++) {
        matVec(w, n, n, xi.subarray(mu * n, (mu + 1) * n), h);
        for (let i = 0; i < n; i++) if (h[i]! * xi[mu * n + i]! < 0) errors++;
      }
      rates.push(errors / (p * n));
    }
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    console.log(`  α = ${alpha.toFixed(3)}  theory ${(0.5 * erfc(1 / Math.sqrt(2 * alpha))).toExponential(2)}  measured ${mean.toExponential(2)}  (seeds ${rates.map((r) => r.toExponential(2)).join(', ')})`);
  }
}

function recallCurve(): void {
  console.log('\n2. Recall overlap from 10%-corrupted cues vs α, N = 1000 (reference, Hebbian: 1.00 @0.05, 0.98 @0.12, 0.90 @0.14, 0.65 @0.16, 0.35 @0.20)');
  const cues = quick ? 10 : 30;
  for (const rule of ['hebbian', 'storkey', 'pseudo-inverse'] as const) {
    const row: string[] = [];
    for (const alpha of [0.05, 0.1, 0.12, 0.14, 0.16, 0.2, 0.3, 0.5]) {
      if (rule === 'hebbian' && alpha > 0.3) continue;
      const c = hopfield.configSchema.parse({ size: 1000, rule, patterns: { type: 'random', count: 0, load: alpha } });
      const rt = createRuntime(hopfield, c, 7, plainAlloc);
      const r = runToEnd(hopfield.train!.run(rt.state as never, c, hopfield.train!.schema.parse({ recall: { patterns: cues, flip: 0.1, maxSweeps: 100 } }), trainCtx(1), rt.live as never));
      row.push(`α=${alpha}: ${(r.metrics.meanRecallOverlap as number).toFixed(3)} (retrieved ${((r.metrics.retrievedFraction as number) * 100).toFixed(0)}%)`);
    }
    console.log(`  ${rule.padEnd(15)} ${row.join('  ')}`);
  }
}

function glyphs(): void {
  console.log('\n3. Glyphs (10×14 pixels): fraction of letters recalled from 20%-flipped cues');
  for (const chars of ['TLXO', 'HOPFIELD'.replace(/(.)(?=.*\1)/g, ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789']) {
    const row: string[] = [];
    for (const rule of ['hebbian', 'storkey', 'pseudo-inverse'] as const) {
      const c = hopfield.configSchema.parse({ rule, patterns: { type: 'glyphs', chars, scale: 2 } });
      const rt = createRuntime(hopfield, c, 7, plainAlloc);
      const r = runToEnd(hopfield.train!.run(rt.state as never, c, hopfield.train!.schema.parse({ recall: { patterns: 36, flip: 0.2 } }), trainCtx(1), rt.live as never));
      row.push(`${rule}: fixed ${((r.metrics.fixedPointFraction as number) * 100).toFixed(0)}%, recalled ${((r.metrics.retrievedFraction as number) * 100).toFixed(0)}%`);
    }
    console.log(`  ${chars.padEnd(36)} ${row.join('  ')}`);
  }
}

function gibbsCurve(): void {
  console.log('\n4. Gibbs vs exact distribution, 10 units, T = 1.3 (reference: TV ≈ 0.067 @ 20k sweeps, 0.021 @ 200k, i.e. ≈ 9.5/√sweeps)');
  for (const units of ['01', 'pm1'] as const) {
    const c = boltzmann.configSchema.parse({ ...boltzmann.presets.find((p) => p.name === 'gibbs-10-units')!.config, units });
    const rt = createRuntime(boltzmann, c, 5, plainAlloc);
    const st = rt.state as BoltzmannState;
    const p = exactDistribution(st, 1.3);
    const counts = new Float64Array(1024);
    let done = 0;
    const row: string[] = [];
    for (const sweeps of quick ? [2000, 20_000] : [2000, 20_000, 200_000]) {
      const chunk = 20_000;
      while (done < sweeps) {
        const steps = Math.min(chunk, sweeps - done);
        const d = runSimulation(boltzmann, c, rt, { steps, record: ['state'] }, {}, plainAlloc).recording.fields.state!.data;
        for (let k = 0; k < steps; k++) counts[stateIndex(d, k * 10, 10, st.lo)]! += 1;
        done += steps;
      }
      const tv = totalVariation(p, counts.map((x) => x / sweeps));
      row.push(`${sweeps}: TV ${tv.toFixed(4)} (c = ${(tv * Math.sqrt(sweeps)).toFixed(1)})`);
    }
    console.log(`  ${units.padEnd(4)} ${row.join('  ')}`);
  }
}

function barsAndStripes(): void {
  console.log('\n5. 3×3 bars-and-stripes (14 patterns, optimum log-likelihood −log 14 = −2.639 nats)');
  const cases = [
    ['RBM 9+16, CD-1', 'bars-and-stripes-rbm', { epochs: 500, k: 1 }],
    ['RBM 9+16, CD-5', 'bars-and-stripes-rbm', { epochs: 500, k: 5 }],
    ['RBM 9+16, PCD', 'bars-and-stripes-rbm', { epochs: 500, negativePhase: 'pcd', learningRate: 0.05, chains: 50 }],
    ['RBM 9+16, exact gradient', 'bars-and-stripes-rbm', { epochs: 500, negativePhase: 'exact', batchSize: 0, momentum: 0, learningRate: 0.5 }],
    ['fully visible 9, exact Boltzmann rule', 'bars-and-stripes-visible', { epochs: 500, batchSize: 0, momentum: 0, learningRate: 0.6 }],
    ['full 9+4 hidden, exact negative phase', 'bars-and-stripes-visible', { epochs: 300, negativePhase: 'exact', batchSize: 0, momentum: 0, learningRate: 0.3 }],
  ] as const;
  for (const [label, preset, req] of cases) {
    const base = boltzmann.presets.find((p) => p.name === preset)!.config;
    const config = label.includes('9+4') ? { ...base, hidden: 4 } : base;
    const c = boltzmann.configSchema.parse(config);
    // The hidden-unit machine enumerates 2^13 states per update: one seed only.
    for (const seed of quick || label.includes('9+4') ? [1] : [1, 2, 3]) {
      const rt = createRuntime(boltzmann, c, seed, plainAlloc);
      const t0 = performance.now();
      const r = runToEnd(boltzmann.train!.run(rt.state as never, c, boltzmann.train!.schema.parse(req), trainCtx(seed), rt.live as never));
      const m = r.metrics as Record<string, number>;
      console.log(`  ${label.padEnd(38)} seed ${seed}: LL ${m.initialLogLikelihood!.toFixed(3)} → ${m.finalLogLikelihood!.toFixed(3)}, data mass ${m.finalDataMass!.toFixed(3)}, valid samples ${(m.validSampleFraction! * 100).toFixed(1)}%  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }
}

oneStepError();
recallCurve();
glyphs();
gibbsCurve();
barsAndStripes();
