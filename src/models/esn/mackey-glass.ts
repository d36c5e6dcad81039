/**
 * The Mackey-Glass delay differential equation (Mackey & Glass 1977), the benchmark of Jaeger 2001 §6 and Jaeger &
 * Haas 2004:
 *
 *   dy/dt = a·y(t − τ) / (1 + y(t − τ)ⁿ) − b·y(t),   a = 0.2, b = 0.1, n = 10;  τ = 17 (mildly chaotic) or 30.
 *
 * Integrated as in the papers: Euler with step 0.1, every 10th value kept (one sample per time unit). For the
 * network the series is squashed by tanh(y − 1) into (−1, 1); errors are reported back in original coordinates.
 */
import type { Rng } from '../../engine/random/rng.js';

export interface MackeyGlassOptions {
  tau: number;
  /** Samples to return (one per `subsample` Euler steps). */
  samples: number;
  dt?: number;
  subsample?: number;
  /** Time units discarded before the first sample (initial transient). */
  transient?: number;
  a?: number;
  b?: number;
  n?: number;
}

/**
 * A Mackey-Glass series in original coordinates. The initial history is 1.2 plus a small seeded perturbation
 * (U[−0.1, 0.1] per history point) so different seeds give different trajectories on the attractor.
 */
export function mackeyGlass(o: MackeyGlassOptions, rng: Rng): Float64Array {
  const dt = o.dt ?? 0.1;
  const sub = o.subsample ?? 10;
  const a = o.a ?? 0.2;
  const b = o.b ?? 0.1;
  const p = o.n ?? 10;
  const delay = Math.max(1, Math.round(o.tau / dt));
  const hist = new Float64Array(delay + 1); // ring buffer of the last `delay` + 1 values
  for (let i = 0; i <= delay; i++) hist[i] = 1.2 + rng.range(-0.1, 0.1);
  let head = delay; // index of y(t)
  const skip = Math.round((o.transient ?? 1000) / dt);
  const out = new Float64Array(o.samples);
  const total = skip + o.samples * sub;
  let k = 0;
  for (let step = 0; step < total; step++) {
    const y = hist[head]!;
    const yd = hist[(head + 1) % (delay + 1)]!; // oldest value: y(t − τ)
    const next = y + dt * ((a * yd) / (1 + Math.pow(yd, p)) - b * y);
    head = (head + 1) % (delay + 1);
    hist[head] = next;
    if (step >= skip && (step - skip) % sub === sub - 1) out[k++] = next;
  }
  return out;
}

export const squashMG = (y: number): number => Math.tanh(y - 1);
export const unsquashMG = (s: number): number => Math.atanh(Math.max(-1 + 1e-16, Math.min(1 - 1e-16, s))) + 1;
