/**
 * Recall: run a network from a cue until no unit changes, and name where it ended (Amit, Gutfreund & Sompolinsky
 * 1985: retrieval states near a stored pattern, their mirror images, and spurious mixtures).
 */
import type { Rng } from '../../engine/random/rng.js';
import { asyncUpdate, localFields, syncUpdate, type BinaryNet } from './dynamics.js';

/** Overlap above which a state counts as the pattern (retrieval states keep m ≈ 0.97 up to α_c; Amit et al. 1985). */
export const RETRIEVAL_OVERLAP = 0.9;

export type RecallOutcome = 'retrieved' | 'other-pattern' | 'reversed' | 'spurious' | 'not-converged';

/**
 * One sweep: N asynchronous updates in a (seeded) random or sequential order, or one synchronous step. Either way `h`
 * holds the fields of the new state afterwards.
 */
export function sweep(
  net: BinaryNet,
  s: Float64Array,
  h: Float64Array,
  order: Int32Array,
  mode: 'async' | 'sync',
  ordering: 'random' | 'sequential',
  rng: Rng,
  freshFields = true,
): number {
  if (mode === 'sync') return syncUpdate(net, s, h, freshFields);
  if (ordering === 'random') rng.permutation(net.n, order);
  else for (let i = 0; i < net.n; i++) order[i] = i;
  // With freshFields the sweep starts from exact sums h = Ws + b; otherwise h must hold the current fields (they are
  // kept current by asyncUpdate), which saves the O(N²) mat-vec: a settled network then costs O(N) per sweep.
  if (freshFields) localFields(net, s, h);
  return asyncUpdate(net, s, h, order, net.n);
}

/** Sweep until a sweep changes nothing (a fixed point) or `maxSweeps` pass. Returns the sweeps that changed units. */
export function settle(
  net: BinaryNet,
  s: Float64Array,
  h: Float64Array,
  order: Int32Array,
  mode: 'async' | 'sync',
  ordering: 'random' | 'sequential',
  rng: Rng,
  maxSweeps: number,
): { sweeps: number; converged: boolean } {
  for (let k = 0; k < maxSweeps; k++) {
    if (sweep(net, s, h, order, mode, ordering, rng, k === 0) === 0) return { sweeps: k, converged: true };
  }
  return { sweeps: maxSweeps, converged: false };
}

export function classify(m: ArrayLike<number>, p: number, cued: number, converged: boolean): RecallOutcome {
  if (!converged) return 'not-converged';
  if (cued < p && m[cued]! >= RETRIEVAL_OVERLAP) return 'retrieved';
  let best = 0;
  let bestSigned = 0;
  for (let mu = 0; mu < p; mu++) {
    if (Math.abs(m[mu]!) > best) {
      best = Math.abs(m[mu]!);
      bestSigned = m[mu]!;
    }
  }
  if (best < RETRIEVAL_OVERLAP) return 'spurious';
  return bestSigned < 0 ? 'reversed' : 'other-pattern';
}
