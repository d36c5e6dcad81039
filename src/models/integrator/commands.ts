/**
 * The oculomotor commands of one step: the eye-velocity burst from the scheduled saccades, and whether a blink is
 * on or starts now. Saccades are velocity bursts of amplitude/duration (°/ms) that the integrator turns into a step
 * of eye position (Seung et al. 2000, Fig. 1); blinks are brief disruptions of input and activity.
 */
import type { IntegratorConfig } from './config.js';

/** Scheduled velocity (°/ms) during [t, t + dt): the overlap-weighted mean of every burst, so a burst shorter than dt still moves the eye by its full amplitude. */
export function scheduledVelocity(c: IntegratorConfig, t: number, dt: number): number {
  let v = 0;
  for (const s of c.saccades) {
    const overlap = Math.min(t + dt, s.onset + s.duration) - Math.max(t, s.onset);
    if (overlap > 0) v += (s.amplitude / s.duration) * (overlap / dt);
  }
  return v;
}

export interface BlinkNow {
  /** A blink covers some of [t, t + dt). */
  active: boolean;
  /** Velocity commands are removed during this step. */
  removeInput: boolean;
  /** Sum of the kicks of the blinks that start in [t, t + dt) (their sd's combined in quadrature). */
  kick: number;
}

export function blinkAt(c: IntegratorConfig, t: number, dt: number, out: BlinkNow): BlinkNow {
  out.active = false;
  out.removeInput = false;
  let kick2 = 0;
  for (const b of c.blinks) {
    if (b.onset < t + dt && b.onset + b.duration > t) {
      out.active = true;
      if (b.removeInput) out.removeInput = true;
    }
    if (b.onset >= t && b.onset < t + dt) kick2 += b.kick * b.kick;
  }
  out.kick = Math.sqrt(kick2);
  return out;
}
