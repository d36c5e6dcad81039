/**
 * Accuracy of the memory task against λ (Maass, Natschläger & Markram 2002: the connection length scale λ of
 * C·exp(−(D/λ)²)): with λ → 0 there is no recurrence and little memory of older segments; with large λ the liquid's
 * activity runs away and overwrites the input's trace; the paper reports an inverted U with its best near λ = 2.
 *   npm run build && node dist/scripts/lsm-lambda.js [liquids=2] [trainTrials=300] [testTrials=200]
 */
import { lsm } from '../src/models/lsm/lsm.js';
import { createRuntime } from '../src/engine/simulator.js';
import { plainAlloc } from '../src/engine/alloc.js';
import { Rng } from '../src/engine/random/rng.js';
import { runToEnd } from '../src/engine/training.js';

const [liquids = 2, trainTrials = 300, testTrials = 200] = process.argv.slice(2).map(Number);
const lambdas = process.env.LSM_LAMBDAS ? process.env.LSM_LAMBDAS.split(',').map(Number) : [0, 1, 2, 3, 4, 6, 8];
const preset = lsm.presets.find((p) => p.name === 'maass2002-memory-dynamic')!;
console.log('λ      mean accuracy  by segment (oldest … newest)        mean rate');
for (const lambda of lambdas) {
  const acc = [0, 0, 0, 0];
  let rate = 0;
  for (let seed = 1; seed <= liquids; seed++) {
    const c = lsm.configSchema.parse({ ...preset.config, lambda });
    const rt = createRuntime(lsm, c, seed, plainAlloc);
    const ctx = { rng: Rng.fromSeed(seed + 1000), alloc: plainAlloc, progress: () => {}, cancelled: () => false };
    const m = runToEnd(lsm.train!.run(rt.state as never, c, { task: 'memory', trainTrials, testTrials }, ctx, rt.live as never)).metrics;
    (m.testAccuracy as number[]).forEach((a, k) => (acc[k]! += a / liquids));
    rate += (m.meanRateHz as number) / liquids;
  }
  const mean = acc.reduce((a, b) => a + b, 0) / acc.length;
  console.log(`${String(lambda).padEnd(6)} ${mean.toFixed(3)}          ${acc.map((a) => a.toFixed(3)).join(' ')}        ${rate.toFixed(1)} Hz`);
}
