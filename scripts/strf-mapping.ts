/**
 * STRF mapping figures (issue #11): correlation of the mapped field with the true one against the amount of
 * dynamic-ripple data, for ridge and the spike-triggered average, from Poisson spikes of the default LN units.
 *
 *   npm run build && node dist/scripts/strf-mapping.js [units=6]
 *
 * Output: a markdown table (the figures in docs/temporal.md).
 */
import { strf } from '../src/models/strf/strf.js';
import { createRuntime } from '../src/engine/simulator.js';
import { plainAlloc } from '../src/engine/alloc.js';
import { Rng } from '../src/engine/random/rng.js';
import { runToEnd } from '../src/engine/training.js';

const [units = 6] = process.argv.slice(2).map(Number);
const ctx = { rng: Rng.fromSeed(2), alloc: plainAlloc, progress: () => {}, cancelled: () => false };
const f3 = (x: number) => x.toFixed(3);

console.log(`# ${units} Gabor units (relu, θ = 1, g = 30 Hz), Poisson spikes, dynamic moving ripple (ω ≤ 40 Hz, Ω ≤ 4 cyc/oct), λ = 1`);
console.log('| fields | ripple | method | spikes | field correlation (min – max, mean) | held-out R² of the linear prediction (mean) | time |');
console.log('|---|---|---|---|---|---|---|');
for (const [channels, lags] of [[16, 12], [32, 20]] as const) {
  for (const seconds of [25, 50, 100, 200, 400]) {
    for (const method of ['ridge', 'sta'] as const) {
      const c = strf.configSchema.parse({ channels, lags, units, binMs: 5 });
      const rt = createRuntime(strf, c, 1, plainAlloc);
      const t0 = performance.now();
      const m = runToEnd(strf.train!.run(rt.state as never, c, { method, stimulus: { type: 'dynamicRipple', durationMs: seconds * 1000 } }, { ...ctx, rng: Rng.fromSeed(2) }, rt.live as never)).metrics;
      const corr = m.correlation as number[];
      console.log(
        `| ${channels} ch × ${lags} lags | ${seconds} s | ${method} | ${m.spikes} | ${f3(Math.min(...corr))} – ${f3(Math.max(...corr))} (${f3(m.meanCorrelation as number)}) | ${f3(m.meanHeldOutR2 as number)} | ${((performance.now() - t0) / 1000).toFixed(1)} s |`,
      );
    }
  }
}
