/**
 * The drives I_i the units compete over: fixed (given or seeded random), or a Gaussian bump on a ring of units that
 * can drift, as the noisy bump fed to the WTA network in Dayan & Abbott (2001), Fig. 7.18. A live `drives` vector
 * replaces them; the run's generic inputs (one channel per unit) add to them.
 */
import type { Rng } from '../../engine/random/rng.js';
import type { WtaConfig, WtaLive } from './config.js';

/** Fixed part of the drive, drawn once at creation (given values, random values, or the bump's jitter). */
export function initialDrive(c: WtaConfig, rng: Rng, out: Float64Array): void {
  const d = c.drive;
  if (d.type === 'given') out.set(d.values);
  else if (d.type === 'random') for (let i = 0; i < c.size; i++) out[i] = d.low + (d.high - d.low) * rng.uniform();
  else if (d.jitter > 0) for (let i = 0; i < c.size; i++) out[i] = d.jitter * rng.normal();
}

/** Gaussian bump on a ring of k units, peak at `center`: baseline + amplitude·exp(−d²/2σ²), d the ring distance. */
export function addBump(k: number, center: number, width: number, amplitude: number, baseline: number, out: Float64Array): void {
  for (let i = 0; i < k; i++) {
    let d = Math.abs(i - center) % k;
    if (d > k / 2) d = k - d;
    out[i]! += baseline + amplitude * Math.exp((-d * d) / (2 * width * width));
  }
}

/** Whether this step's drive is base + input only (no live drives, no bump): what the fast paths compute in one pass. */
function isFixedDrive(c: WtaConfig, live: WtaLive): boolean {
  return !live.drives && c.drive.type !== 'bump';
}

/**
 * Write this step's drive into `out`. `bump` starts with [current centre, last live centre seen]: a new live `bumpCenter`
 * moves the peak there, and the peak then drifts at the live speed.
 */
export function currentDrive(c: WtaConfig, live: WtaLive, base: Float64Array, bump: Float64Array, input: Float64Array, dt: number, out: Float64Array): void {
  const k = c.size;
  const d = c.drive;
  if (isFixedDrive(c, live)) {
    // Fixed drives: I = base + input in one pass (the same sums as the general path below).
    for (let i = 0; i < k; i++) out[i] = base[i]! + input[i]!;
    return;
  }
  out.set(base);
  if (live.drives) for (let i = 0; i < k && i < live.drives.length; i++) out[i] = live.drives[i]!;
  if (d.type === 'bump' && !live.drives) {
    if (live.bumpCenter !== undefined && live.bumpCenter !== bump[1]) {
      bump[0] = live.bumpCenter;
      bump[1] = live.bumpCenter;
    }
    addBump(k, bump[0]!, d.width, d.amplitude, d.baseline, out);
    bump[0] = (((bump[0]! + (live.bumpSpeed * dt) / 1000) % k) + k) % k;
  }
  for (let i = 0; i < k; i++) out[i]! += input[i]!;
}
