/**
 * The other built-in task signals, generated in process from the session's generator.
 */
import type { Rng } from '../../engine/random/rng.js';

/**
 * NARMA-10 (Atiya & Parlos 2000; Jaeger 2003): u(n) ~ U[0, 0.5] i.i.d. and
 *   y(n+1) = 0.3·y(n) + 0.05·y(n)·Σ_{i=0}^{9} y(n−i) + 1.5·u(n−9)·u(n) + 0.1.
 * Returns the input u and target y, both `samples` long, after `transient` discarded samples.
 */
export function narma10(samples: number, rng: Rng, transient = 200): { u: Float64Array; y: Float64Array } {
  const total = samples + transient;
  const u = new Float64Array(total);
  const y = new Float64Array(total);
  for (let i = 0; i < total; i++) u[i] = rng.range(0, 0.5);
  for (let n = 9; n < total - 1; n++) {
    let s = 0;
    for (let i = 0; i < 10; i++) s += y[n - i]!;
    y[n + 1] = 0.3 * y[n]! + 0.05 * y[n]! * s + 1.5 * u[n - 9]! * u[n]! + 0.1;
  }
  return { u: u.slice(transient), y: y.slice(transient) };
}

/** Sum of sines Σ a_k sin(2π n / P_k + φ_k), n = 0…samples−1 (periods in steps). */
export function sumOfSines(samples: number, periods: number[], amplitudes: number[], phases: number[] = []): Float64Array {
  const out = new Float64Array(samples);
  for (let n = 0; n < samples; n++) {
    let s = 0;
    for (let k = 0; k < periods.length; k++) s += (amplitudes[k] ?? 1) * Math.sin((2 * Math.PI * n) / periods[k]! + (phases[k] ?? 0));
    out[n] = s;
  }
  return out;
}

/** i.i.d. U[lo, hi] input for the memory-capacity task (Jaeger 2001b uses U[−0.8, 0.8]). */
export function uniformSeries(samples: number, rng: Rng, lo: number, hi: number): Float64Array {
  const out = new Float64Array(samples);
  for (let i = 0; i < samples; i++) out[i] = rng.range(lo, hi);
  return out;
}
