/**
 * Every kind's training cost estimate against reality: each case runs in a fresh process (scripts/train-peak.ts),
 * which measures the growth of the resident set during the training. The estimate must be within a factor of 2 of
 * it, give or take 48 MB (the garbage a JavaScript heap holds between collections; a training that needs little
 * beyond its state is measured as noise of that size). The cases hold 40–150 MB so that the estimated terms dominate.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const FACTOR = 2;
const SLACK = 48e6;
const script = path.resolve('dist/scripts/train-peak.js');

const cases: { name: string; kind: string; config: unknown; request: unknown }[] = [
  { name: 'Hebbian storage of 200 patterns in 2,500 units', kind: 'hopfield', config: { size: 2500, patterns: { type: 'random', count: 200 } }, request: { recall: { patterns: 5 } } },
  { name: 'persistent chains on 1,509 units', kind: 'boltzmann', config: { visible: 9, hidden: 1500, data: { type: 'bars-and-stripes', n: 3 } }, request: { epochs: 1, negativePhase: 'pcd', chains: 5, samples: 0, positiveSweeps: 1 } },
  { name: 'NARMA-10 harvest of 20,000 steps, N = 400', kind: 'esn', config: { size: 400 }, request: { task: 'narma10', steps: 20_000 } },
  { name: 'a readout of 2,016 neurons fitted on trials', kind: 'lsm', config: { input: { type: 'poisson' }, grid: [12, 12, 14] }, request: { task: 'trials', trials: [{ times: [[1, 2]], target: [1, 0, 0, 0] }, { times: [[3]], target: [0, 1, 0, 0] }, { times: [[1]], target: [0, 0, 1, 0] }], durationMs: 2 } },
  { name: 'a short RLS training (little beyond the state)', kind: 'force', config: { size: 500 }, request: { trainTime: 20, testTime: 10 } },
  { name: 'BPTT through 8 steps of a gated 24×24 layer, batch 32', kind: 'convrnn', config: { imageSize: 24, layers: [{ channels: 4, kernel: 5, cell: 'gated', recurrentKernel: 5, pool: 'max', poolSize: 2 }], timeSteps: 8, imageOffStep: 8 }, request: { epochs: 1, batchSize: 32, trainSize: 32, testSize: 4 } },
  { name: 'ridge mapping of 1,280-feature STRFs', kind: 'strf', config: { lags: 40, channels: 32, units: 8 }, request: { stimulus: { type: 'dynamicRipple', durationMs: 20_000 } } },
  { name: 'forward-reversed ridge on 1,200 trials', kind: 'tdnn', config: { hidden: 200, window: 10 }, request: { task: 'forwardReversed', trainTrials: 1000, testTrials: 200 } },
];

describe('training cost estimates hold against measured peak memory', () => {
  for (const c of cases) {
    it(`${c.kind}: ${c.name}`, () => {
      const out = execFileSync(process.execPath, ['--expose-gc', script, JSON.stringify(c)], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
      const r = JSON.parse(out.trim().split('\n').pop()!) as { estimate: { peakBytes: number; flops: number }; measured: { peakBytes: number }; issues: unknown[] };
      expect(r.issues).toEqual([]);
      const est = r.estimate.peakBytes;
      const got = r.measured.peakBytes;
      const msg = `estimated ${(est / 1e6).toFixed(1)} MB, measured ${(got / 1e6).toFixed(1)} MB`;
      expect(got, msg).toBeLessThanOrEqual(FACTOR * est + SLACK);
      expect(est, msg).toBeLessThanOrEqual(FACTOR * got + SLACK);
      expect(r.estimate.flops).toBeGreaterThan(0);
    });
  }
});
