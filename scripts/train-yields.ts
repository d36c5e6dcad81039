/**
 * How finely the generator trainings can be sliced: for each kind's trainings at preset sizes, the work between two
 * yields (the longest and the median gap, in ms of wall time) and the yield count. A worker engine can end a slice
 * only at a yield, so the longest gap bounds how late a slice may end. Goal: ≤ ~10 ms at preset sizes.
 *
 *   npm run build && node dist/scripts/train-yields.js
 */
import { getModel } from '../src/models/index.js';
import { createRuntime } from '../src/engine/simulator.js';
import { plainAlloc } from '../src/engine/alloc.js';
import { Rng } from '../src/engine/random/rng.js';
import { isTrainIterator } from '../src/engine/training.js';

const cases: { kind: string; preset?: string; config?: Record<string, unknown>; request: Record<string, unknown> }[] = [
  { kind: 'force', preset: 'sum-of-sines-fig2', request: { trainTime: 100, testTime: 20 } },
  { kind: 'force', preset: 'internal-all2all-fig1c', request: { trainTime: 20, testTime: 10 } },
  { kind: 'lsm', preset: 'maass2002-memory-dynamic', request: { task: 'memory', trainTrials: 20, testTrials: 10 } },
  { kind: 'boltzmann', preset: 'bars-and-stripes-rbm', request: { epochs: 200 } },
  { kind: 'boltzmann', config: { visible: 16, hidden: 0, data: { type: 'bars-and-stripes', n: 4 } }, request: { epochs: 20, negativePhase: 'exact' } },
  { kind: 'convrnn', preset: 'gated-2layer-curve-tracing', request: { epochs: 1, trainSize: 64, testSize: 8 } },
];

for (const c of cases) {
  const model = getModel(c.kind)!;
  const preset = model.presets.find((p: { name: string }) => p.name === c.preset);
  const config = model.configSchema.parse({ ...(preset?.config ?? {}), ...(c.config ?? {}) });
  const rt = createRuntime(model, config, 1);
  const run = model.train!.run(rt.state, config, model.train!.schema.parse(c.request), { rng: Rng.fromSeed(2), alloc: plainAlloc, progress: () => {}, cancelled: () => false }, rt.live);
  if (!isTrainIterator(run)) {
    console.log(`${c.kind} ${c.preset}: synchronous`);
    continue;
  }
  const gaps: number[] = [];
  const t0 = performance.now();
  let last = t0;
  for (let r = run.next(); !r.done; r = run.next()) {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }
  gaps.sort((a, b) => a - b);
  const ms = (x: number) => x.toFixed(2);
  console.log(`${c.kind} ${c.preset}: ${gaps.length} yields in ${ms(performance.now() - t0)} ms; gap median ${ms(gaps[gaps.length >> 1] ?? 0)} ms, p99 ${ms(gaps[Math.floor(gaps.length * 0.99)] ?? 0)} ms, max ${ms(gaps.at(-1) ?? 0)} ms`);
}
