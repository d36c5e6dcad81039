/**
 * Target patterns f(t) for FORCE learning, generated in process as pure functions of time (in units of τ):
 * the paper's sum of four sines, a triangle, a square wave, a periodic sequence the user gives, and multi-joint
 * gait-like trajectories ("walk", "run"). The lecture's running and walking network learned motion-capture joint
 * angles; none can be downloaded here, so the gaits are built from a few harmonics per joint with the phase relations
 * of a human gait cycle (left and right half a cycle apart, knee and ankle lagging the hip).
 */
import { z } from 'zod';

const period = (d: number) => z.number().min(1).max(10_000).default(d).describe('Period of the pattern (τ)');
const amplitude = (d: number) => z.number().min(0).max(100).default(d).describe('Amplitude (output units)');

export const targetSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('sumOfSines'),
      amplitude: amplitude(1.3).describe('A in [A sin(πft) + A/2 sin(2πft) + A/6 sin(3πft) + A/3 sin(4πft)]/1.5'),
      frequency: z.number().min(1e-4).max(1).default(1 / 60).describe('f (1/τ); the pattern repeats every 2/f τ'),
    }),
    z.object({ type: z.literal('triangle'), period: period(60), amplitude: amplitude(1) }),
    z.object({ type: z.literal('square'), period: period(60), amplitude: amplitude(1) }),
    z.object({
      type: z.literal('sequence'),
      period: period(60),
      values: z
        .array(z.array(z.number().min(-100).max(100)).min(1).max(64))
        .min(2)
        .max(10_000)
        .default([[0], [1], [0.5], [-0.5], [-1], [0]])
        .describe('Points spread evenly over one period, one row per point and one entry per output; repeats cyclically'),
      interpolation: z.enum(['linear', 'step']).default('linear').describe('linear: straight lines between points; step: hold each point'),
    }),
    z.object({ type: z.literal('walk'), period: period(80).describe('Gait cycle (τ); ≈ 1 s when τ ≈ 12 ms') }),
    z.object({ type: z.literal('run'), period: period(50).describe('Gait cycle (τ); shorter and wider than walking') }),
  ])
  .default({ type: 'sumOfSines', amplitude: 1.3, frequency: 1 / 60 });

export type Target = z.infer<typeof targetSchema>;

export const gaitJoints = ['hipLeft', 'kneeLeft', 'ankleLeft', 'hipRight', 'kneeRight', 'ankleRight'] as const;

/**
 * Joint angle profiles over one gait cycle φ ∈ [0, 2π): Σ_h a_h·cos(h·φ − φ_h), in scaled units (≈ radians/0.6).
 * Hip: nearly sinusoidal flexion–extension. Knee: two flexion peaks (loading response, then the larger swing peak),
 * hence a strong second harmonic, lagging the hip. Ankle: plantar-flexion at push-off. Running flexes more, with a
 * shorter stance (more second harmonic) than walking.
 */
const gaitHarmonics: Record<'walk' | 'run', { amp: number[]; phase: number[] }[]> = {
  walk: [
    { amp: [0.8, 0.1, 0.02], phase: [0, 0.5, 1] },
    { amp: [0.6, 0.45, 0.1], phase: [1.3, 2.4, 3.2] },
    { amp: [0.35, 0.25, 0.12], phase: [2.6, 1.2, 4.0] },
  ],
  run: [
    { amp: [1.0, 0.15, 0.05], phase: [0, 0.8, 1.5] },
    { amp: [0.9, 0.35, 0.15], phase: [1.1, 2.0, 2.9] },
    { amp: [0.5, 0.2, 0.15], phase: [2.2, 1.0, 3.6] },
  ],
};

/** Number of outputs the target needs. */
export function outputCount(t: Target): number {
  if (t.type === 'sequence') return t.values[0]!.length;
  if (t.type === 'walk' || t.type === 'run') return gaitJoints.length;
  return 1;
}

/** Period of the target (τ). */
export function targetPeriod(t: Target): number {
  return t.type === 'sumOfSines' ? 2 / t.frequency : t.period;
}

/** Names of the outputs, for reports. */
export function outputNames(t: Target): string[] {
  if (t.type === 'walk' || t.type === 'run') return [...gaitJoints];
  return Array.from({ length: outputCount(t) }, (_, i) => `output${i}`);
}

/** Write f(t) into `out` (one value per output). */
export function evaluateTarget(t: Target, time: number, out: Float64Array): void {
  switch (t.type) {
    case 'sumOfSines': {
      // Sussillo & Abbott 2009, Fig. 2A (published code): four harmonics of πf.
      const a = t.amplitude;
      const w = Math.PI * t.frequency * time;
      out[0] = (a * Math.sin(w) + (a / 2) * Math.sin(2 * w) + (a / 6) * Math.sin(3 * w) + (a / 3) * Math.sin(4 * w)) / 1.5;
      return;
    }
    case 'triangle': {
      // Starts at 0 rising, peaks +A at a quarter period and −A at three quarters (in phase with a sine).
      const u = cyclic(time / t.period + 0.75);
      out[0] = t.amplitude * (4 * Math.abs(u - 0.5) - 1);
      return;
    }
    case 'square':
      out[0] = cyclic(time / t.period) < 0.5 ? t.amplitude : -t.amplitude;
      return;
    case 'sequence': {
      const rows = t.values;
      const pos = cyclic(time / t.period) * rows.length;
      const i = Math.floor(pos) % rows.length;
      const j = (i + 1) % rows.length;
      const frac = t.interpolation === 'linear' ? pos - Math.floor(pos) : 0;
      const a = rows[i]!;
      const b = rows[j]!;
      for (let k = 0; k < out.length; k++) out[k] = a[k]! + frac * (b[k]! - a[k]!);
      return;
    }
    case 'walk':
    case 'run': {
      const joints = gaitHarmonics[t.type];
      const phi = 2 * Math.PI * cyclic(time / t.period);
      for (let side = 0; side < 2; side++) {
        // The right leg runs half a cycle behind the left.
        const p = phi + side * Math.PI;
        for (let j = 0; j < joints.length; j++) {
          const { amp, phase } = joints[j]!;
          let v = 0;
          for (let h = 0; h < amp.length; h++) v += amp[h]! * Math.cos((h + 1) * p - phase[h]!);
          out[side * joints.length + j] = v;
        }
      }
      return;
    }
  }
}

function cyclic(u: number): number {
  return u - Math.floor(u);
}
