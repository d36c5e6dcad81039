import { z } from 'zod';
import { integratorNames } from '../../engine/integrators.js';

export const driveSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('given'),
      values: z.array(z.number().min(-1e4).max(1e4)).describe('I_i, one drive per excitatory unit'),
    }),
    z.object({
      type: z.literal('random'),
      low: z.number().min(-1e4).max(1e4).default(0).describe('Drives are uniform on [low, high) (seeded)'),
      high: z.number().min(-1e4).max(1e4).default(1).describe('Upper end of the drives'),
    }),
    z.object({
      type: z.literal('bump'),
      center: z.number().min(0).max(10_000).default(0).describe('Unit index at the bump\'s peak at t = 0 (units on a ring)'),
      width: z.number().positive().max(10_000).default(3).describe('Gaussian width σ of the bump (units)'),
      amplitude: z.number().min(-1e4).max(1e4).default(1).describe('Peak height above baseline'),
      baseline: z.number().min(-1e4).max(1e4).default(0).describe('Drive far from the bump'),
      jitter: z.number().min(0).max(1e4).default(0).describe('SD of a fixed random drive added per unit (seeded), as in the noisy input of Dayan & Abbott Fig. 7.18'),
      speed: z.number().min(-1e6).max(1e6).default(0).describe('Drift of the bump (units per second), live as bumpSpeed'),
    }),
  ])
  .default({ type: 'random', low: 0, high: 1 });

export const wtaConfigSchema = z
  .object({
    variant: z
      .enum(['lateral', 'inhibitory', 'soft'])
      .default('lateral')
      .describe('lateral: τ dv_i/dt = −v_i + [I_i − β Σ_{j≠i} v_j]₊; inhibitory: an explicit inhibitory population; soft: a stochastic winner drawn from softmax(I/T)'),
    size: z.number().int().min(2).max(2000).default(10).describe('k, the number of excitatory units'),
    tau: z.number().positive().max(10_000).default(10).describe('Excitatory time constant τ (ms); soft variant: time constant of the activity trace'),
    dt: z.number().positive().max(100).default(0.2).describe('Time per step (ms)'),
    integrator: z.enum(integratorNames).default('euler').describe('Integration method (lateral and inhibitory variants)'),
    beta: z.number().min(0).max(100).default(1.5).describe('Inhibition strength β (live); β > 1 one winner, β < 1 several units stay active'),
    inhibitoryUnits: z.number().int().min(1).max(100).default(1).describe('Inhibitory variant: number of inhibitory units, each driven by Σ_i v_i'),
    tauInhibitory: z.number().positive().max(10_000).default(2).describe('Inhibitory variant: inhibitory time constant τ_I (ms)'),
    selfExcitation: z
      .number()
      .min(0)
      .max(100)
      .nullable()
      .default(null)
      .describe('Inhibitory variant: self-excitation α of each excitatory unit; null = β, so that fast inhibition gives the lateral form exactly'),
    temperature: z.number().positive().max(1e4).default(0.1).describe('Soft variant: temperature T of P(i wins) = exp(I_i/T)/Σ_j exp(I_j/T) (live)'),
    spikeProbability: z.number().min(0).max(1).default(1).describe('Soft variant: probability that the circuit emits a spike (a winner) in a step'),
    drive: driveSchema.describe('Input drives I: given, random (seeded) or a Gaussian bump on a ring; generic inputs add to them'),
    initialState: z.enum(['zeros', 'random']).default('zeros').describe('v₀: zeros, or uniform on [0, 0.1) (seeded)'),
  })
  .superRefine((c, ctx) => {
    if (c.drive.type === 'given' && c.drive.values.length !== c.size) {
      ctx.addIssue({ code: 'custom', path: ['drive', 'values'], message: `needs ${c.size} values (one per unit), got ${c.drive.values.length}` });
    }
    if (c.drive.type === 'random' && c.drive.high < c.drive.low) {
      ctx.addIssue({ code: 'custom', path: ['drive', 'high'], message: 'high must not be below low' });
    }
    // Explicit integration of the fastest mode, rate (1 + β(k−1))/τ when every unit is active: Euler is stable
    // below dt·rate = 2, RK4 below ≈ 2.78.
    if (c.variant !== 'soft') {
      const rate = (1 + c.beta * (c.size - 1)) / c.tau;
      const limit = c.integrator === 'rk4' ? 2.78 : 2;
      if (c.dt * rate >= limit) {
        ctx.addIssue({ code: 'custom', path: ['dt'], message: `dt = ${c.dt} ms is unstable for k = ${c.size}, β = ${c.beta}, τ = ${c.tau} ms (needs dt < ${(limit / rate).toPrecision(3)} ms)` });
      }
      if (c.variant === 'inhibitory' && c.dt >= c.tauInhibitory) {
        ctx.addIssue({ code: 'custom', path: ['dt'], message: `dt must be below τ_I = ${c.tauInhibitory} ms` });
      }
    }
  });

export type WtaConfig = z.infer<typeof wtaConfigSchema>;

export const wtaLiveSchema = z.object({
  beta: z.number().min(0).max(100).optional().describe('Inhibition strength β'),
  temperature: z.number().positive().max(1e4).optional().describe('Soft variant: temperature T'),
  drives: z.array(z.number().min(-1e4).max(1e4)).max(2000).optional().describe('Replace the drives I (one per unit; missing units keep theirs)'),
  bumpCenter: z.number().min(0).max(10_000).optional().describe('Bump drive: move the peak to this unit'),
  bumpSpeed: z.number().min(-1e6).max(1e6).optional().describe('Bump drive: drift (units per second)'),
});
export type WtaLive = { beta: number; temperature: number; drives?: number[]; bumpCenter?: number; bumpSpeed: number };
