/**
 * Figures for issue #3 (integrator and wta), measured on the models as served, against theory:
 *   node dist/scripts/integrator-wta-figures.js
 * Integrator: fitted drift time constant vs τ/|1−λ| over mistunings; the goldfish preset's drift and errors; the
 * three regimes of r. WTA: active units vs β against the analytic fixed point; settling time vs β; soft-WTA
 * frequencies vs softmax (χ²).
 */
import { integrator } from '../src/models/integrator/integrator.js';
import { wta, type WtaState } from '../src/models/wta/wta.js';
import { createRuntime, runSimulation } from '../src/engine/simulator.js';

const f = (x: unknown, d = 3) => (typeof x === 'number' ? x.toFixed(d) : String(x));

console.log('## integrator: fitted drift time constant vs theory τ/|1−λ| (τ = 100 ms, N = 50, start at 20°, 4 s)');
console.log('λ\ttheory (ms)\tfitted (ms)\trel. error\tdirection');
for (const lambda of [0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1.001, 1.005, 1.01, 1.02, 1.05]) {
  const c = integrator.configSchema.parse({ lambda, initialPosition: 20 });
  const out = runSimulation(integrator, c, createRuntime(integrator, c, 1), { steps: 4000, recordEvery: 5 });
  const theory = 100 / Math.abs(1 - lambda);
  const fitted = out.metrics.driftTimeConstant as number;
  console.log(`${lambda}\t${f(theory, 0)}\t\t${f(fitted, 1)}\t\t${f(fitted / theory - 1, 5)}\t${out.metrics.driftDirection}`);
}

console.log('\n## integrator presets (10 s task: saccades +10, +10, −30, +15 and a blink at 6 s), 5 seeds');
for (const name of ['goldfish-tuned', 'recruitment-within-range', 'mistuned-leaky', 'mistuned-unstable']) {
  const p = integrator.presets.find((x) => x.name === name)!;
  const c = integrator.configSchema.parse(p.config);
  for (const seed of [1, 2, 3, 4, 5]) {
    const out = runSimulation(integrator, c, createRuntime(integrator, c, seed), { steps: 10_000, recordEvery: 5 });
    const m = out.metrics;
    console.log(
      `${name} seed ${seed}: drift ${f(m.driftRate)} °/s (max ${f(m.maxDriftRate)}), τ_fit ${f(m.driftTimeConstant, 0)} ms ${m.driftDirection} (pairs past range ${m.samplesOutsideRange}), ` +
        `landing errors [${(m.positionErrors as number[]).map((x) => f(x, 2)).join(', ')}] °, end errors [${(m.fixationEndErrors as number[]).map((x) => f(x, 2)).join(', ')}] °`,
    );
  }
}

console.log('\n## integrator, single unit v[t+1] = r·v[t] + u[t]: 10° saccade, then 1990 steps');
for (const r of [1, 0.995, 1.002]) {
  const c = integrator.configSchema.parse({ form: 'discrete', size: 1, r, saccades: [{ onset: 0, amplitude: 10, duration: 10 }] });
  const out = runSimulation(integrator, c, createRuntime(integrator, c, 1), { steps: 2000 });
  const theory = r === 1 ? null : 1 / Math.abs(Math.log(r));
  let v9 = 0;
  for (let j = 0; j < 10; j++) v9 = r * v9 + 1; // the burst: 1° per step for 10 steps
  console.log(`r = ${r}: final ${f(out.metrics.finalPosition)}° (theory ${f(v9 * Math.pow(r, 1990))}), τ_fit ${f(out.metrics.driftTimeConstant, 1)} (theory ${f(theory, 1)}) ${out.metrics.driftDirection}`);
}

console.log('\n## wta lateral, k = 10, drives U[0,1) seed 11: active units vs β (simulated / theory), winner at I_max?');
for (const beta of [0.1, 0.3, 0.5, 0.8, 0.95, 1.05, 1.5, 3]) {
  const c = wta.configSchema.parse({ size: 10, beta, dt: 0.1, drive: { type: 'random', low: 0, high: 1 } });
  const rt = createRuntime(wta, c, 11);
  const out = runSimulation(wta, c, rt, { steps: 20_000, recordEvery: 10 });
  const s = rt.state as WtaState;
  const drive = Array.from(s.drive);
  const order = [...drive].sort((a, b) => b - a);
  let theoryActive = 1;
  if (beta < 1) {
    let sum = 0;
    theoryActive = 0;
    for (let n = 1; n <= 10; n++) {
      const S = (sum + order[n - 1]!) / (1 - beta + beta * n);
      if (order[n - 1]! <= beta * S) break;
      sum += order[n - 1]!;
      theoryActive = n;
    }
  }
  console.log(
    `β = ${beta}: active ${out.metrics.activeUnits} (theory ${theoryActive}), winner ${out.metrics.winner} largest ${out.metrics.largestInputUnit}, ` +
      `v_win ${f(out.metrics.winnerActivity, 6)} I_max ${f(order[0], 6)}, margin ${f(out.metrics.margin)}, settling ${f(out.metrics.settlingTime, 1)} ms`,
  );
}

console.log('\n## soft WTA, drives [0.1, 0.3, 0.5, 0.6, 0.65], 100 000 steps, seed 2024');
for (const temperature of [0.05, 0.1, 0.3, 1]) {
  const c = wta.configSchema.parse({ variant: 'soft', size: 5, temperature, dt: 1, drive: { type: 'given', values: [0.1, 0.3, 0.5, 0.6, 0.65] } });
  const out = runSimulation(wta, c, createRuntime(wta, c, 2024), { steps: 100_000, record: ['winner'] });
  const m = out.metrics;
  console.log(
    `T = ${temperature}: frequencies [${(m.winnerFrequencies as number[]).map((x) => f(x, 4)).join(', ')}] vs softmax [${(m.predictedProbabilities as number[]).map((x) => f(x, 4)).join(', ')}], χ² = ${f(m.chiSquare, 2)} (df ${m.degreesOfFreedom}), p = ${f(m.pValue, 3)}`,
  );
}
