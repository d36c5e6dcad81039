/**
 * Liquid state machine (Maass, Natschläger & Markram 2002): simulated seconds per wall-clock second for a liquid of
 * 1,000 LIF neurons (10×10×10 grid, the paper's wiring and dynamic synapses, dt = 0.1 ms) driven by four 20 Hz
 * Poisson channels; the step loop alone and through the engine (a raster frame every 1 ms). numpy runs the same
 * algorithm on one thread (bench/python/lsm.py); Brian2 is not installed here, so there is no Brian2 column.
 */
import type { BenchContext } from '../harness.js';
import { lsm, type LsmState } from '../../src/models/lsm/lsm.js';
import { resetLiquid, stepLiquid } from '../../src/models/lsm/liquid.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import { plainAlloc } from '../../src/engine/alloc.js';
import { Rng } from '../../src/engine/random/rng.js';

export default async function bench(ctx: BenchContext): Promise<void> {
  const simMs = ctx.quick ? 200 : 1000;
  const py = ctx.python('lsm.py', { grid: [10, 10, 10], inputs: 4, simMs: ctx.quick ? 100 : 500 }) as
    | { simSecondsPerSecond: number; rateHz: number; synapses: number }
    | null;

  const config = lsm.configSchema.parse({ grid: [10, 10, 10], inputs: 4, input: { type: 'poisson', rateHz: 20 } });
  const rt = createRuntime(lsm, config, 1, plainAlloc);
  const s = rt.state as LsmState;
  const rng = Rng.fromSeed(2);
  const live = { backgroundCurrent: config.backgroundCurrent, noiseCurrent: 0, rateHz: 20, potentials: false };
  const steps = Math.round(simMs / config.dt);
  let spikes = 0;
  const ms = ctx.time(() => {
    resetLiquid(s, config, rng);
    spikes = 0;
    for (let i = 0; i < steps; i++) {
      stepLiquid(s, config, rng, live, i * config.dt, null);
      spikes += s.spikeCount[0]!;
    }
  }, ctx.quick ? 2 : 3);
  const rateHz = spikes / s.n / (simMs / 1000);
  ctx.report({
    name: 'lsm N=1000 (10×10×10), dynamic synapses, dt 0.1 ms',
    value: simMs / 1000 / (ms / 1000),
    unit: 'sim s/s',
    higherIsBetter: true,
    reference: py ? { name: 'numpy (1 thread)', value: py.simSecondsPerSecond } : null,
    note: `${s.synTarget.length} synapses, ${rateHz.toFixed(1)} Hz mean rate${py ? `; numpy liquid ${py.synapses} synapses, ${py.rateHz.toFixed(1)} Hz` : ''}; Brian2 not installed`,
  });

  const engineSteps = Math.round(steps / 5);
  const engineMs = ctx.time(() => {
    runSimulation(lsm, config, rt, { steps: engineSteps, record: ['populationRate'], frameEvery: 10 }, { onFrame: () => {} }, plainAlloc);
  }, ctx.quick ? 2 : 3);
  ctx.report({
    name: 'lsm N=1000 same, via engine (raster frame every 1 ms)',
    value: (engineSteps * config.dt) / 1000 / (engineMs / 1000),
    unit: 'sim s/s',
    higherIsBetter: true,
    reference: null,
  });
}
