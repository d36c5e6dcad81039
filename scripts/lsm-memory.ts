/**
 * The memory task of Maass, Natschläger & Markram (2002, §5): readout k recalls which of two 20 Hz templates the
 * k-th 250 ms segment came from, at the end of the 1 s input; dynamic against static synapses, over several liquids.
 *   npm run build && node dist/scripts/lsm-memory.js [liquids=5] [trainTrials=500] [testTrials=300]
 */
import { lsm } from '../src/models/lsm/lsm.js';
import { createRuntime } from '../src/engine/simulator.js';
import { Rng } from '../src/engine/random/rng.js';
import type { LsmConfig } from '../src/models/lsm/config.js';
import { runToEnd } from '../src/engine/training.js';

const [liquids = 5, trainTrials = 500, testTrials = 300] = process.argv.slice(2).map(Number);
const extra = process.env.LSM_CONFIG ? (JSON.parse(process.env.LSM_CONFIG) as Partial<LsmConfig>) : {};

function run(synapses: 'dynamic' | 'static', seed: number) {
  const preset = lsm.presets.find((p) => p.name === `maass2002-memory-${synapses}`)!;
  const c = lsm.configSchema.parse({ ...preset.config, ...extra });
  const rt = createRuntime(lsm, c, seed);
  const t0 = performance.now();
  const res = runToEnd(lsm.train!.run(rt.state as never, c, { task: 'memory', trainTrials, testTrials, ridge: Number(process.env.LSM_RIDGE ?? 0.1) }, {
    rng: Rng.fromSeed(seed + 1000),
    alloc: { f64: (n) => new Float64Array(n), f32: (n) => new Float32Array(n), i32: (n) => new Int32Array(n), u8: (n) => new Uint8Array(n) },
    progress: () => {},
    cancelled: () => false,
  }, rt.live as never));
  return { ...res.metrics, seconds: (performance.now() - t0) / 1000 } as Record<string, unknown>;
}

const acc: Record<string, number[][]> = { dynamic: [], static: [] };
for (let seed = 1; seed <= liquids; seed++) {
  for (const syn of ['dynamic', 'static'] as const) {
    const m = run(syn, seed);
    acc[syn]!.push(m.testAccuracy as number[]);
    console.log(`seed ${seed} ${syn.padEnd(7)} test ${(m.testAccuracy as number[]).map((a) => a.toFixed(3)).join(' ')}  train ${(m.trainAccuracy as number[]).map((a) => a.toFixed(3)).join(' ')}  rate ${(m.meanRateHz as number).toFixed(1)} Hz  ${(m.seconds as number).toFixed(1)} s`);
  }
}
for (const syn of ['dynamic', 'static']) {
  const rows = acc[syn]!;
  const mean = rows[0]!.map((_, k) => rows.reduce((s, r) => s + r[k]!, 0) / rows.length);
  console.log(`${syn.padEnd(7)} mean test accuracy by segment (1 = oldest … 4 = most recent): ${mean.map((a) => a.toFixed(3)).join(' ')}`);
}
