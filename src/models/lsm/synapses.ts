/**
 * Dynamic synapses of the liquid (Markram, Wang & Tsodyks 1998, in the form of Maass, Natschläger & Markram 2002,
 * appendix B, eq. 2.3): the n-th spike of a train with interspike interval Δ_{n−1} has amplitude A_n = A·u_n·R_n,
 *   u_n = U + u_{n−1}(1 − U)·exp(−Δ_{n−1}/F)
 *   R_n = 1 + (R_{n−1} − u_{n−1}R_{n−1} − 1)·exp(−Δ_{n−1}/D),    u_1 = U, R_1 = 1.
 * U, D and F of each synapse are drawn around the type's mean with SD 50%; A from a gamma distribution with SD 100%.
 */
import type { Rng } from '../../engine/random/rng.js';

export interface UdfMean {
  U: number;
  /** s */
  D: number;
  /** s */
  F: number;
}

/**
 * A positive draw around `mean` with relative SD `sd`; a draw outside (0, max] is replaced by a uniform one in
 * (0, min(2·mean, max)] (the appendix's rule for negative values).
 */
export function positiveNormal(rng: Rng, mean: number, sd: number, max = Infinity): number {
  const x = rng.normal(mean, sd * mean);
  if (x > 0 && x <= max) return x;
  return Math.max(1e-9, rng.uniform() * Math.min(2 * mean, max));
}

/** Gamma-distributed amplitude with the given mean and relative SD (shape 1/sd², scale mean·sd²). */
export function gammaAmplitude(rng: Rng, mean: number, sd: number): number {
  if (sd <= 0 || mean === 0) return mean;
  const shape = 1 / (sd * sd);
  return Math.sign(mean) * rng.gamma(shape, Math.abs(mean) / shape);
}

/** Draw U, D (ms), F (ms) of one synapse. */
export function drawUdf(rng: Rng, m: UdfMean, sd: number): [number, number, number] {
  return [positiveNormal(rng, m.U, sd, 1), 1000 * positiveNormal(rng, m.D, sd), 1000 * positiveNormal(rng, m.F, sd)];
}

/**
 * Steady-state u·R of a dynamic synapse under a regular presynaptic train with interval Δ (ms): the fixed point of
 * the recursion above, u* = U/(1 − (1−U)e^{−Δ/F}), R* = (1 − e^{−Δ/D})/(1 − (1−u*)e^{−Δ/D}).
 * Used to give the static variant the same mean amplitude as its dynamic twin at the task's input rate.
 */
export function steadyStateEfficacy(U: number, D: number, F: number, interval: number): number {
  const ef = Math.exp(-interval / F);
  const ed = Math.exp(-interval / D);
  const u = U / (1 - (1 - U) * ef);
  const r = (1 - ed) / (1 - (1 - u) * ed);
  return u * r;
}

/**
 * Advance synapse k to a new presynaptic spike, Δ ms after the previous one (Δ < 0: first spike), and return u_n·R_n.
 * `u` and `r` hold u_{n−1}, R_{n−1} and are overwritten with u_n, R_n.
 */
export function nextEfficacy(k: number, delta: number, U: Float64Array, D: Float64Array, F: Float64Array, u: Float64Array, r: Float64Array): number {
  if (delta < 0) {
    u[k] = U[k]!;
    r[k] = 1;
  } else {
    const uPrev = u[k]!;
    const rPrev = r[k]!;
    u[k] = U[k]! + uPrev * (1 - U[k]!) * Math.exp(-delta / F[k]!);
    r[k] = 1 + (rPrev - uPrev * rPrev - 1) * Math.exp(-delta / D[k]!);
  }
  return u[k]! * r[k]!;
}
