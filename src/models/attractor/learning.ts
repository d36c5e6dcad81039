/**
 * Learning in Boltzmann machines: climb the data log-likelihood, whose gradient is the difference of two phases
 * (Ackley, Hinton & Sejnowski 1985, eq. 11 at T = 1):
 *   Δw_ij = ε (⟨s_i s_j⟩_data − ⟨s_i s_j⟩_model),   Δb_i = ε (⟨s_i⟩_data − ⟨s_i⟩_model).
 * The data phase clamps the visible units to a pattern (hidden units follow their conditionals); the model phase lets
 * the machine run free. The model phase is estimated
 *   exact — by enumeration (small machines: the true gradient),
 *   cd    — contrastive divergence CD-k: k Gibbs sweeps started at the data (Hinton 2002), the usual RBM rule,
 *   pcd   — persistent chains, a few sweeps per update (Tieleman 2008).
 * In a restricted machine (RBM) only visible–hidden weights learn, and the hidden units enter both phases through
 * their conditional means (Rao-Blackwellised, as in Hinton's RBM code).
 */
import type { Rng } from '../../engine/random/rng.js';
import type { BinaryNet } from './dynamics.js';
import { conditionalMeans, gibbsUpdate } from './gibbs.js';
import { exactAvailable, exactDistribution, exactVisibleLogProb } from './exact.js';
import { patternKeys, stateIndex, type Dataset } from './datasets.js';

export interface Machine extends BinaryNet {
  visible: number;
  restricted: boolean;
}

export interface LearnOptions {
  epochs: number;
  learningRate: number;
  batchSize: number;
  momentum: number;
  weightDecay: number;
  negativePhase: 'exact' | 'cd' | 'pcd';
  k: number;
  chains: number;
  positiveSweeps: number;
  validitySamples: number;
}

export interface LearnHooks {
  progress(fraction: number, figures?: Record<string, number>): void;
  cancelled(): boolean;
}

function unitRange(from: number, to: number): Int32Array {
  const u = new Int32Array(Math.max(0, to - from));
  for (let i = from; i < to; i++) u[i - from] = i;
  return u;
}

/** Whether w_ij (i < j) learns: every pair in a general machine, only visible–hidden pairs in a restricted one. */
function learns(m: Machine, i: number, j: number): boolean {
  return !m.restricted || (i < m.visible) !== (j < m.visible);
}

/** Add weight·s sᵀ (upper triangle) and weight·s to the phase statistics. */
function accumulate(s: Float64Array, n: number, weight: number, pair: Float64Array, single: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const wi = weight * s[i]!;
    if (wi === 0) continue;
    single[i]! += wi;
    const row = i * n;
    for (let j = i + 1; j < n; j++) pair[row + j]! += wi * s[j]!;
  }
}

function clampVisible(m: Machine, data: Dataset, k: number, s: Float64Array): void {
  for (let i = 0; i < m.visible; i++) s[i] = m.lo + (1 - m.lo) * data.patterns[k * data.size + i]!;
}

/** Exact model statistics ⟨s sᵀ⟩ and ⟨s⟩ (hidden units by their conditional means in a restricted machine). */
function exactModelPhase(m: Machine, pair: Float64Array, single: Float64Array, s: Float64Array, hidden: Int32Array, scale: number): void {
  const n = m.n;
  if (m.restricted && m.n > m.visible) {
    const lp = exactVisibleLogProb(m, m.visible, true);
    for (let v = 0; v < lp.length; v++) {
      const p = Math.exp(lp[v]!);
      for (let i = 0; i < m.visible; i++) s[i] = ((v >>> i) & 1) === 1 ? 1 : m.lo;
      conditionalMeans(m, s, hidden, hidden.length, 1, s);
      accumulate(s, n, p * scale, pair, single);
    }
    return;
  }
  const p = exactDistribution(m, 1);
  for (let k = 0; k < p.length; k++) {
    for (let i = 0; i < n; i++) s[i] = ((k >>> i) & 1) === 1 ? 1 : m.lo;
    accumulate(s, n, p[k]! * scale, pair, single);
  }
}

/** Exact mean log-likelihood of the dataset (nats per pattern) and the model's probability mass on the data patterns. */
export function exactFit(m: Machine, data: Dataset): { logLikelihood: number; dataMass: number } | null {
  if (!exactAvailable(m.n, m.visible, m.restricted)) return null;
  const lp = exactVisibleLogProb(m, m.visible, m.restricted);
  let ll = 0;
  for (let k = 0; k < data.count; k++) ll += lp[stateIndex(data.patterns, k * data.size, data.size, 0)]!;
  let mass = 0;
  for (const key of patternKeys(data)) mass += Math.exp(lp[key]!);
  return { logLikelihood: ll / data.count, dataMass: mass };
}

/**
 * Draw `count` visible samples at temperature T: `chains` independent chains from random states, each burnt in for
 * `burnIn` sweeps, then sampled every `thin` sweeps. Returns 0/1 rows (count × visible).
 */
export function drawSamples(m: Machine, count: number, burnIn: number, thin: number, chains: number, temperature: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(count * m.visible);
  const all = unitRange(0, m.n);
  const s = new Float64Array(m.n);
  const perChain = Math.ceil(count / chains);
  let drawn = 0;
  for (let c = 0; c < chains && drawn < count; c++) {
    for (let i = 0; i < m.n; i++) s[i] = rng.uniform() < 0.5 ? 1 : m.lo;
    for (let t = 0; t < burnIn; t++) gibbsUpdate(m, s, all, m.n, temperature, rng);
    for (let k = 0; k < perChain && drawn < count; k++) {
      for (let t = 0; t < thin; t++) gibbsUpdate(m, s, all, m.n, temperature, rng);
      for (let i = 0; i < m.visible; i++) out[drawn * m.visible + i] = s[i]! > m.lo ? 1 : 0;
      drawn++;
    }
  }
  return out;
}

/** Fraction of sample rows that are patterns of the dataset. */
export function validFraction(samples: Uint8Array, count: number, size: number, data: Dataset): number {
  const keys = patternKeys(data);
  let valid = 0;
  for (let k = 0; k < count; k++) if (keys.has(stateIndex(samples, k * size, size, 0))) valid++;
  return count ? valid / count : 0;
}

// A generator: it yields after every minibatch's gradient step, so that a worker can slice a long training
// (src/engine/training.ts); all progress lives in the generator, so slicing never changes a bit.
export function* learn(m: Machine, data: Dataset, o: LearnOptions, rng: Rng, hooks: LearnHooks) {
  const n = m.n;
  const hidden = unitRange(m.visible, n);
  const visibleUnits = unitRange(0, m.visible);
  const all = unitRange(0, n);
  const s = new Float64Array(n);
  const pos = new Float64Array(n * n);
  const neg = new Float64Array(n * n);
  const posB = new Float64Array(n);
  const negB = new Float64Array(n);
  const velW = new Float64Array(n * n);
  const velB = new Float64Array(n);
  const order = new Int32Array(data.count);
  const batch = o.batchSize > 0 ? Math.min(o.batchSize, data.count) : data.count;
  const exact = exactAvailable(n, m.visible, m.restricted);
  if (o.negativePhase === 'exact' && !exact) throw new RangeError('negativePhase "exact" needs a machine small enough to enumerate (≤ 16 units, or ≤ 20 visible units when restricted)');
  // Persistent chains start at data patterns.
  const chains = o.negativePhase === 'pcd' ? Math.max(1, o.chains) : 0;
  const chainStates = new Float64Array(chains * n);
  for (let c = 0; c < chains; c++) {
    clampVisible(m, data, c % data.count, s);
    for (let j = m.visible; j < n; j++) s[j] = rng.uniform() < 0.5 ? 1 : m.lo;
    chainStates.set(s, c * n);
  }
  const curves: Record<string, number[]> = { epoch: [], logLikelihood: [], dataMass: [], reconstructionError: [] };
  const first = exactFit(m, data);
  const chainView = new Float64Array(n);

  let epochsDone = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    if (hooks.cancelled()) break;
    rng.permutation(data.count, order);
    let reconError = 0;
    for (let start = 0; start < data.count; start += batch) {
      const end = Math.min(data.count, start + batch);
      const size = end - start;
      pos.fill(0);
      neg.fill(0);
      posB.fill(0);
      negB.fill(0);
      for (let b = start; b < end; b++) {
        const k = order[b]!;
        clampVisible(m, data, k, s);
        // Data phase.
        if (hidden.length > 0 && m.restricted) {
          conditionalMeans(m, s, hidden, hidden.length, 1, s);
          accumulate(s, n, 1 / size, pos, posB);
        } else if (hidden.length > 0) {
          for (const j of hidden) s[j] = rng.uniform() < 0.5 ? 1 : m.lo;
          for (let t = 0; t < o.positiveSweeps; t++) {
            gibbsUpdate(m, s, hidden, hidden.length, 1, rng);
            accumulate(s, n, 1 / (size * o.positiveSweeps), pos, posB);
          }
        } else {
          accumulate(s, n, 1 / size, pos, posB);
        }
        // Model phase by contrastive divergence: k sweeps (hidden then visible… for an RBM: block Gibbs) from the data.
        if (o.negativePhase === 'cd') {
          if (hidden.length > 0) gibbsUpdate(m, s, hidden, hidden.length, 1, rng); // sample h⁰ ~ p(h | v⁰)
          for (let t = 0; t < o.k; t++) {
            gibbsUpdate(m, s, visibleUnits, visibleUnits.length, 1, rng);
            if (hidden.length > 0) gibbsUpdate(m, s, hidden, hidden.length, 1, rng);
          }
          if (m.restricted && hidden.length > 0) conditionalMeans(m, s, hidden, hidden.length, 1, s);
          accumulate(s, n, 1 / size, neg, negB);
          for (let i = 0; i < m.visible; i++) {
            const d = (s[i]! - m.lo) / (1 - m.lo) - data.patterns[k * data.size + i]!;
            reconError += d * d;
          }
        }
      }
      if (o.negativePhase === 'exact') exactModelPhase(m, neg, negB, s, hidden, 1);
      else if (o.negativePhase === 'pcd') {
        for (let c = 0; c < chains; c++) {
          chainView.set(chainStates.subarray(c * n, (c + 1) * n));
          gibbsUpdate(m, chainView, all, n, 1, rng);
          chainStates.set(chainView, c * n);
          if (m.restricted && hidden.length > 0) conditionalMeans(m, chainView, hidden, hidden.length, 1, chainView);
          accumulate(chainView, n, 1 / chains, neg, negB);
        }
      }
      // Gradient step (with momentum and weight decay), keeping W symmetric with a zero diagonal.
      for (let i = 0; i < n; i++) {
        velB[i] = o.momentum * velB[i]! + o.learningRate * (posB[i]! - negB[i]!);
        m.bias[i]! += velB[i]!;
        for (let j = i + 1; j < n; j++) {
          if (!learns(m, i, j)) continue;
          const idx = i * n + j;
          const wij = m.w[idx]!;
          velW[idx] = o.momentum * velW[idx]! + o.learningRate * (pos[idx]! - neg[idx]! - o.weightDecay * wij);
          m.w[idx] = wij + velW[idx]!;
          m.w[j * n + i] = m.w[idx]!;
        }
      }
      yield;
    }
    epochsDone++;
    const fit = exactFit(m, data);
    curves.epoch!.push(epoch + 1);
    if (fit) {
      curves.logLikelihood!.push(fit.logLikelihood);
      curves.dataMass!.push(fit.dataMass);
    }
    if (o.negativePhase === 'cd') curves.reconstructionError!.push(reconError / (data.count * m.visible));
    hooks.progress((epoch + 1) / o.epochs, fit ? { logLikelihood: fit.logLikelihood, dataMass: fit.dataMass } : {});
  }
  for (const key of Object.keys(curves)) if (curves[key]!.length === 0) delete curves[key];
  const samples = drawSamples(m, o.validitySamples, 200, 5, Math.min(20, Math.max(1, o.validitySamples)), 1, rng);
  const last = exactFit(m, data);
  return {
    curves,
    metrics: {
      epochs: epochsDone,
      negativePhase: o.negativePhase,
      initialLogLikelihood: first?.logLikelihood ?? null,
      finalLogLikelihood: last?.logLikelihood ?? null,
      /** The best any model can do on a dataset of distinct patterns: log(1/count). */
      optimalLogLikelihood: -Math.log(patternKeys(data).size),
      finalDataMass: last?.dataMass ?? null,
      validSampleFraction: o.validitySamples > 0 ? validFraction(samples, o.validitySamples, m.visible, data) : null,
      validitySamples: o.validitySamples,
    },
  };
}
