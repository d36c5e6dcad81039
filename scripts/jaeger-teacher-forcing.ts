/**
 * Jaeger 2001 §6 with teacher-forced runs (issue #19 points 5–6), the heavy version of the suite's check
 * (tests/models/esn-teacher-forcing.test.ts, which takes reservoirs 1–3): for each reservoir seed, one training of the
 * jaeger2001-mackey-glass preset, then `segments` runs of 500 teacher-forced + 84 free-running steps; NRMSE84 over the
 * segments = sqrt(mean of the runs' nrmse84²). Paper: 2.8e-4 (one network, 20 segments).
 *
 *   npm run build && node dist/scripts/jaeger-teacher-forcing.js [reservoirs=10] [segments=20] [--leak]
 *
 * --leak uses the plain leak-rate form (leakRate = C = 0.44, no decay) instead of Jaeger's (C = 0.44, a = 0.9).
 */
import { plainAlloc } from '../src/engine/alloc.js';
import { Rng } from '../src/engine/random/rng.js';
import { createRuntime, runSimulation } from '../src/engine/simulator.js';
import { runToEnd } from '../src/engine/training.js';
import { esn } from '../src/models/esn/esn.js';
import { esnPresets } from '../src/models/esn/presets.js';
import type { EsnState } from '../src/models/esn/reservoir.js';

const args = process.argv.slice(2);
const leak = args.includes('--leak');
const [reservoirs = 10, segments = 20] = args.filter((a) => !a.startsWith('--')).map(Number);
const preset = esnPresets.find((p) => p.name === 'jaeger2001-mackey-glass')!.config;
const { timeConstant: _c, decay: _a, ...leakForm } = preset;
const c = esn.configSchema.parse(leak ? { ...leakForm, leakRate: 0.44 } : preset);

const figures: number[] = [];
for (let seed = 1; seed <= reservoirs; seed++) {
  const rt = createRuntime(esn, c, seed, plainAlloc);
  const ctx = { rng: Rng.fromSeed(seed + 1000), alloc: plainAlloc, progress() {}, cancelled: () => false };
  runToEnd(esn.train!.run(rt.state as EsnState, c, { task: 'mackey-glass', trials: 0, continuation: segments * 584 + 10 } as never, ctx, rt.live as never));
  let sum = 0;
  for (let k = 0; k < segments; k++) {
    const run = runSimulation(esn, c, rt, { steps: 584, options: { teacherForcing: { steps: 500 } }, record: ['output'] }, {}, plainAlloc);
    sum += (run.metrics.nrmse84 as number) ** 2;
  }
  figures.push(Math.sqrt(sum / segments));
  console.log(`reservoir ${seed}: NRMSE84 ${figures.at(-1)!.toExponential(2)}`);
}
const sorted = [...figures].sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
console.log(`${leak ? 'leak-rate form' : "Jaeger's form"}: ${reservoirs} reservoirs × ${segments} segments, NRMSE84 median ${median.toExponential(2)} (range ${sorted[0]!.toExponential(2)} … ${sorted.at(-1)!.toExponential(2)}); paper 2.8e-4`);
