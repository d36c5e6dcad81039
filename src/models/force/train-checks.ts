/**
 * What a FORCE training costs (Sussillo & Abbott 2009 protocol: what is left of the warm-up, training, test).
 * Nothing in a FORCE request can contradict the network, so there is no validation beyond the schema.
 */
import type { TrainCost } from '../contract.js';
import type { ForceConfig } from './config.js';
import { C, type ForceState } from './network.js';
import { outputCount, targetPeriod } from './targets.js';

export type ForceTrainRequest = { trainTime?: number | undefined; testTime?: number | undefined; warmup: boolean };

/** Numbers the training keeps of its output series for the figures (force.ts thins it to this). */
const SERIES_NUMBERS = 4_000_000;

/**
 * Flops per step: M·tanh(x) (CSR, pN² non-zeros, in the feedback variant; dense N² in the internal one), the
 * feedback and readout (2NK each), tanh and the Euler update; the chaos probe doubles the warm-up steps. Every
 * `learnEvery` steps of training the RLS update: k = P·r (2N²), P ← P − c·k·kᵀ (2N²), w (2NK), and in the
 * internal variant M's rank-1 update (2N²). Peak bytes: the output series kept for the figures (≤ 4 M numbers).
 */
function forceStepFlops(c: ForceConfig, K: number): number {
  const n = c.size;
  const recurrent = c.variant === 'internal' || c.density > 0.5 ? 2 * n * n : 2 * n * n * c.density;
  return recurrent + 4 * n * K + 30 * n;
}

/** Work between two yields of the training generator: ~1 ms of this machine's loops (a yield costs ~0.1 µs). */
const YIELD_FLOPS = 1e6;

/** Steps between two yields of the training: one step and its RLS update at most ~YIELD_FLOPS, and at least one. */
export function forceYieldStride(c: ForceConfig, K: number): number {
  const n = c.size;
  const perStep = forceStepFlops(c, K) + (4 * n * n + (c.variant === 'internal' ? 2 * n * n : 0)) / c.learnEvery;
  return Math.max(1, Math.floor(YIELD_FLOPS / perStep));
}

export function forceTrainingCost(c: ForceConfig, r: ForceTrainRequest, st?: ForceState): TrainCost {
  const n = c.size;
  const K = outputCount(c.target);
  const dt = c.dt;
  const done = st ? st.counters[C.steps]! : 0;
  const warm = r.warmup ? Math.max(0, Math.round(c.warmupTime / dt) - done) : 0;
  const train = Math.round((r.trainTime ?? c.trainTime) / dt);
  const test = Math.round((r.testTime ?? 2 * targetPeriod(c.target)) / dt);
  const step = forceStepFlops(c, K);
  const rls = 4 * n * n + 2 * n * K + (c.variant === 'internal' ? 2 * n * n : 0);
  const probe = c.chaosProbe && done === 0 ? warm * step : 0;
  const total = warm + train + test;
  const kept = Math.min(total, Math.ceil(SERIES_NUMBERS / (2 * K))) * (2 * K + 2);
  return {
    peakBytes: 8 * kept + 16 * Math.ceil(train / Math.max(1, Math.round(targetPeriod(c.target) / dt))),
    flops: total * step + probe + (train / c.learnEvery) * rls,
    drivers: [
      { in: r.trainTime !== undefined ? 'request' : 'config', path: ['trainTime'] },
      { in: 'config', path: ['dt'] },
      { in: 'config', path: ['size'] },
      { in: 'request', path: ['testTime'] },
      { in: 'config', path: ['learnEvery'] },
    ],
  };
}
