/**
 * The paper-sized FORCE reproductions (too slow for the unit tests): Sussillo & Abbott 2009, published setup
 * (N = 1000, p = 0.1, g = 1.5, α = 1, dt = 0.1, RLS every 2 steps, 1,440 τ of training, 1,440 τ of test), with the
 * chaos of the spontaneous activity measured in a 100 τ warm-up first. Prints one JSON line per case.
 *
 *   npm run build && node dist/scripts/force-paper.js [case ...] [--seeds=1,2,3]
 *   cases: sines (default), internal, walk, run, triangle, square
 */
import { force } from '../src/models/force/force.js';
import { createRuntime } from '../src/engine/simulator.js';
import { plainAlloc } from '../src/engine/alloc.js';
import { Rng } from '../src/engine/random/rng.js';
import type { ForceState } from '../src/models/force/network.js';
import type { ForceLive } from '../src/models/force/config.js';
import { runToEnd } from '../src/engine/training.js';

const cases: Record<string, { config: Record<string, unknown>; testTime: number }> = {
  sines: { config: {}, testTime: 1440 },
  internal: { config: { variant: 'internal', density: 1 }, testTime: 1440 },
  walk: { config: { target: { type: 'walk', period: 80 } }, testTime: 800 },
  run: { config: { target: { type: 'run', period: 50 } }, testTime: 500 },
  triangle: { config: { target: { type: 'triangle', period: 60, amplitude: 1 } }, testTime: 600 },
  square: { config: { target: { type: 'square', period: 120, amplitude: 1 } }, testTime: 600 },
};

const args = process.argv.slice(2);
const seeds = (args.find((a) => a.startsWith('--seeds='))?.slice(8) ?? '1').split(',').map(Number);
const names = args.filter((a) => !a.startsWith('--'));
for (const name of names.length ? names : ['sines']) {
  const spec = cases[name];
  if (!spec) throw new Error(`unknown case ${name}: ${Object.keys(cases).join(', ')}`);
  for (const seed of seeds) {
    const config = force.configSchema.parse(spec.config);
    const rt = createRuntime(force, config, seed, plainAlloc);
    const t0 = performance.now();
    const ctx = { rng: Rng.fromSeed(seed), alloc: plainAlloc, progress: () => {}, cancelled: () => false };
    const { metrics } = runToEnd(force.train!.run(rt.state as ForceState, config, { testTime: spec.testTime }, ctx, rt.live as ForceLive));
    const seconds = (performance.now() - t0) / 1000;
    const steps = Math.round((config.warmupTime + config.trainTime + spec.testTime) / config.dt);
    console.log(JSON.stringify({ case: name, seed, seconds: Number(seconds.toFixed(1)), stepsPerSecond: Math.round(steps / seconds), ...metrics }));
  }
}
