/**
 * Stochastic units of a Boltzmann machine (Ackley, Hinton & Sejnowski 1985; lecture slide):
 *   z_i = b_i + Σ_j w_ij s_j (+ external input u_i),   p(s_i = on) = 1 / (1 + exp(−z_i / T)).
 * That is the conditional of P(s) ∝ exp(−E(s)/T), E = −½ sᵀWs − bᵀs, for 0/1 units, since switching unit i on
 * lowers E by z_i. For ±1 units switching lowers E by 2z_i, so p(+1) = 1/(1 + exp(−2z_i/T)) — using the 0/1 formula
 * there samples the wrong distribution (a classic slip the enumeration test catches).
 * At T = 0 the unit takes the sign of z_i (ties keep the state): exactly the Hopfield update, with the tie decided on
 * the field's exact value as there (dynamics.ts: |z_i| within the rounding band of its own sum counts as zero).
 */
import type { Rng } from '../../engine/random/rng.js';
import { thresholdUnit, TIE_RELATIVE, type BinaryNet } from './dynamics.js';

/** z_i = b_i + Σ_j w_ij s_j (w_ii = 0). */
export function field(m: BinaryNet, s: Float64Array, i: number): number {
  const { w, n } = m;
  const row = i * n;
  let z = m.bias[i]!;
  for (let j = 0; j < n; j++) z += w[row + j]! * s[j]!;
  return z;
}

/**
 * The T = 0 update of unit i: the sign of z_i, keeping the state when |z_i| ≤ TIE_RELATIVE·(Σ_j |w_ij s_j| + |b_i| +
 * |u_i|), the scale of the sum's rounding (weights change in training, so the band is taken per visit from the same
 * terms as the field).
 */
function zeroTemperatureUnit(m: BinaryNet, s: Float64Array, i: number, drive: number): number {
  const { w, n } = m;
  const row = i * n;
  let z = m.bias[i]!;
  let scale = Math.abs(z) + Math.abs(drive);
  for (let j = 0; j < n; j++) {
    const t = w[row + j]! * s[j]!;
    z += t;
    scale += Math.abs(t);
  }
  return thresholdUnit(z + drive, TIE_RELATIVE * scale, s[i]!, m.lo);
}

/** p(s_i = on | rest) for field z at temperature T > 0. */
export function onProbability(z: number, temperature: number, lo: number): number {
  const gap = lo === 0 ? z : 2 * z; // energy drop from off to on
  return 1 / (1 + Math.exp(-gap / temperature));
}

/**
 * Update units[0…count−1] in turn, each from its conditional given the current others (a Gibbs sweep when the units
 * are all units). `drive` (optional) is an external input added to z. One uniform draw per unit when T > 0, none at
 * T = 0. Returns the number of units that changed.
 */
export function gibbsUpdate(
  m: BinaryNet,
  s: Float64Array,
  units: Int32Array,
  count: number,
  temperature: number,
  rng: Rng,
  drive: Float64Array | null = null,
): number {
  const lo = m.lo;
  let changed = 0;
  for (let k = 0; k < count; k++) {
    const i = units[k]!;
    let next: number;
    if (temperature > 0) next = rng.uniform() < onProbability(field(m, s, i) + (drive ? drive[i]! : 0), temperature, lo) ? 1 : lo;
    else next = zeroTemperatureUnit(m, s, i, drive ? drive[i]! : 0);
    if (next !== s[i]) {
      s[i] = next;
      changed++;
    }
  }
  return changed;
}

/** Conditional means E[s_i | rest] = lo + (1 − lo)·p(on) of units[0…count−1], written into `out` at their indices. */
export function conditionalMeans(m: BinaryNet, s: Float64Array, units: Int32Array, count: number, temperature: number, out: Float64Array): void {
  for (let k = 0; k < count; k++) {
    const i = units[k]!;
    out[i] = m.lo + (1 - m.lo) * onProbability(field(m, s, i), temperature, m.lo);
  }
}
