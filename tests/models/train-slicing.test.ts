/**
 * Trainings as generators (#16): a kind whose `train.run` yields may be driven a slice at a time, and two trainings
 * may be interleaved on one thread (as a worker engine does), without changing a bit of either: the trained state
 * arrays, the metrics and curves, and the RNG state equal those of the training driven in one go. Each case must
 * yield more than once (otherwise slicing would not be exercised).
 */
import { describe, expect, it } from 'vitest';
import type { ModelDefinition, TrainContext, TrainResult } from '../../src/models/contract.js';
import { force } from '../../src/models/force/force.js';
import { lsm } from '../../src/models/lsm/lsm.js';
import { convrnn } from '../../src/models/convrnn/convrnn.js';
import { boltzmann } from '../../src/models/attractor/boltzmann.js';
import { createRuntime } from '../../src/engine/simulator.js';
import { plainAlloc } from '../../src/engine/alloc.js';
import { Rng } from '../../src/engine/random/rng.js';
import { driveTraining, isTrainIterator, runToEnd, trainIterator } from '../../src/engine/training.js';

interface Case {
  name: string;
  model: ModelDefinition;
  config: Record<string, unknown>;
  request: Record<string, unknown>;
}

const cases: Case[] = [
  { name: 'force: RLS training of a 200-unit network', model: force, config: { size: 200, warmupTime: 20 }, request: { trainTime: 60, testTime: 20 } },
  { name: 'lsm: the memory task', model: lsm, config: { grid: [3, 3, 5], input: { type: 'templates' } }, request: { task: 'memory', trainTrials: 12, testTrials: 4 } },
  {
    name: 'lsm: uploaded trials',
    model: lsm,
    config: { grid: [3, 3, 3] },
    request: { task: 'trials', trials: [0, 1, 2, 3, 4].map((k) => ({ times: [[1 + k, 3]], target: [k % 2, 1, 0, 0] })), durationMs: 20 },
  },
  { name: 'boltzmann: contrastive divergence in minibatches', model: boltzmann, config: { visible: 9, hidden: 4, data: { type: 'bars-and-stripes', n: 3 } }, request: { epochs: 3, batchSize: 2, negativePhase: 'cd', samples: 10 } },
  { name: 'boltzmann: exact statistics', model: boltzmann, config: { visible: 9, hidden: 0, data: { type: 'bars-and-stripes', n: 3 } }, request: { epochs: 4, negativePhase: 'exact', samples: 10 } },
  { name: 'convrnn: BPTT batches', model: convrnn, config: { imageSize: 8, timeSteps: 3, layers: [{ channels: 2 }] }, request: { epochs: 2, batchSize: 4, trainSize: 12, testSize: 4 } },
];

/** Every typed array of a state (one level of nesting: ConvRNN's params), copied. */
function arraysOf(state: unknown): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(state as Record<string, unknown>)) {
    if (ArrayBuffer.isView(v)) out[k] = Array.from(v as Float64Array);
    else if (v && typeof v === 'object') for (const [k2, v2] of Object.entries(v)) if (ArrayBuffer.isView(v2)) out[`${k}.${k2}`] = Array.from(v2 as Float64Array);
  }
  return out;
}

function start(c: Case, seed: number) {
  const config = c.model.configSchema.parse(c.config);
  const rt = createRuntime(c.model, config, seed);
  const rng = Rng.fromSeed(seed + 100);
  const ctx: TrainContext = { rng, alloc: plainAlloc, progress: () => {}, cancelled: () => false };
  const run = c.model.train!.run(rt.state, config, c.model.train!.schema.parse(c.request), ctx, rt.live);
  const outcome = (result: TrainResult) => ({ metrics: result.metrics, curves: result.curves ?? null, arrays: arraysOf(result.state ?? rt.state), rng: rng.getState() });
  return { run, outcome };
}

describe('trainings driven in slices are bit-identical to trainings driven at once', () => {
  for (const c of cases) {
    it(c.name, () => {
      const whole = start(c, 1);
      expect(isTrainIterator(whole.run), 'train.run returns a generator').toBe(true);
      const once = whole.outcome(runToEnd(whole.run));
      const other = start(c, 2);
      const otherOnce = other.outcome(runToEnd(other.run));
      // the two trainings differ, so that cross-talk between interleaved ones would show
      expect(Object.keys(once.arrays).length).toBeGreaterThan(0);
      expect(otherOnce).not.toEqual(once);

      // Both again, interleaved one yield at a time on this thread.
      const a = start(c, 1);
      const b = start(c, 2);
      const ia = trainIterator(a.run);
      const ib = trainIterator(b.run);
      let ra: TrainResult | null = null;
      let rb: TrainResult | null = null;
      let slices = 0;
      while (!ra || !rb) {
        if (!ra) {
          const s = driveTraining(ia, Infinity, 1);
          if (s.done) ra = s.result;
        }
        if (!rb) {
          const s = driveTraining(ib, 0);
          if (s.done) rb = s.result;
        }
        slices++;
      }
      expect(slices).toBeGreaterThan(2);
      expect(a.outcome(ra)).toEqual(once);
      expect(b.outcome(rb)).toEqual(otherOnce);
    });
  }
});
