import { z } from 'zod';
import { integratorNames } from '../../engine/integrators.js';

/** One saccade command: a brief eye-velocity burst that the integrator should turn into a step of eye position. */
export const saccadeSchema = z.object({
  onset: z.number().min(0).describe('Start of the velocity burst (ms from session start)'),
  amplitude: z.number().min(-90).max(90).describe('Size of the saccade (°), positive = rightward'),
  duration: z.number().positive().max(1000).default(20).describe('Length of the burst (ms); velocity = amplitude/duration'),
});

/** A blink: a brief disruption the memory should survive when tuned. */
export const blinkSchema = z.object({
  onset: z.number().min(0).describe('Start of the blink (ms from session start)'),
  duration: z.number().positive().max(5000).default(100).describe('Length of the blink (ms)'),
  removeInput: z.boolean().default(true).describe('Velocity commands are lost while the blink lasts'),
  kick: z
    .number()
    .min(0)
    .max(1000)
    .default(10)
    .describe('Perturbation of activity at blink onset: every rate gets an independent N(0, kick²) jump (spikes/s, network form; units of v, discrete form)'),
});

export const integratorConfigSchema = z
  .object({
    form: z
      .enum(['network', 'discrete'])
      .default('network')
      .describe('network: N threshold-linear units with tuned feedback λ (Seung et al. 2000); discrete: v[t+1] = r·v[t] + f(W·u[t] + M·v[t]) with diag(M) = 0'),
    size: z.number().int().min(1).max(2000).default(50).describe('N, the number of units'),
    dt: z.number().positive().max(100).default(1).describe('Time per step (ms); in the discrete form one step is dt ms'),
    tau: z.number().positive().max(10_000).default(100).describe('Network form: single-neuron time constant τ (ms)'),
    lambda: z
      .number()
      .min(0)
      .max(2)
      .default(1)
      .describe('Network form: feedback gain λ along the eye-position mode (live); 1 = line attractor, τ_net = τ/|1−λ|'),
    r: z.number().min(-2).max(2).default(1).describe('Discrete form: self-decay factor r per step (live); 1 = perfect integrator'),
    integrator: z.enum(integratorNames).default('euler').describe('Network form: integration method'),
    sensitivity: z
      .number()
      .positive()
      .max(100)
      .default(2.8)
      .describe('Network form: mean position sensitivity |ξ_i| of a unit ((spikes/s)/°), after Aksay et al. 2000'),
    sensitivitySpread: z.number().min(0).max(1).default(0.3).describe('Network form: coefficient of variation of |ξ_i| across units'),
    positionRange: z
      .number()
      .positive()
      .max(90)
      .default(30)
      .describe('Network form: oculomotor range ±(°) over which every unit is above threshold (the linear line-attractor regime)'),
    recruitment: z
      .enum(['beyondRange', 'withinRange'])
      .default('beyondRange')
      .describe(
        'Network form: where the recruitment thresholds lie. beyondRange: outside the range, every unit active in it, the readout η = ξ/‖ξ‖² is exact and τ_net = τ/|1−λ| holds exactly; withinRange: thresholds spread over the range as in the goldfish (Aksay et al. 2000), the readout fitted by least squares (Seung et al. 2000 tuned the weights so), leaving a small position-dependent drift',
      ),
    thresholdSpread: z
      .number()
      .min(0)
      .max(90)
      .default(20)
      .describe('Network form: recruitment thresholds lie up to this far (°) beyond the range, on the side opposite each unit\'s preferred direction'),
    coupling: z
      .number()
      .min(0)
      .max(10)
      .default(0)
      .describe('Discrete form: gain g of a random M (entries N(0, g²/N), diag(M) = 0); 0 = no coupling'),
    nonlinearity: z.enum(['linear', 'relu', 'tanh']).default('linear').describe('Discrete form: f'),
    initialPosition: z.number().min(-90).max(90).default(0).describe('Eye position the network starts at (°)'),
    saccades: z.array(saccadeSchema).max(1000).default([]).describe('Scheduled saccade commands (added to the velocity input channel)'),
    blinks: z.array(blinkSchema).max(1000).default([]).describe('Scheduled blinks'),
    noise: z
      .number()
      .min(0)
      .max(1000)
      .default(0)
      .describe('Private noise per unit (live): σ·√(dt/τ)·ξ per step (network form, spikes/s) or σ·ξ per step (discrete form)'),
  })
  .superRefine((c, ctx) => {
    if (c.form === 'network' && c.dt > c.tau / 2) {
      ctx.addIssue({ code: 'custom', path: ['dt'], message: `dt = ${c.dt} ms is too coarse for τ = ${c.tau} ms (needs dt ≤ τ/2)` });
    }
    if (c.form === 'network' && c.size < 2) {
      ctx.addIssue({ code: 'custom', path: ['size'], message: 'the network form needs at least 2 units (one ON, one OFF)' });
    }
  });

export type IntegratorConfig = z.infer<typeof integratorConfigSchema>;

export const integratorLiveSchema = z.object({
  lambda: z.number().min(0).max(2).optional().describe('Network form: feedback gain λ'),
  r: z.number().min(-2).max(2).optional().describe('Discrete form: self-decay factor r'),
  noise: z.number().min(0).max(1000).optional().describe('Private noise σ per unit'),
  velocity: z.number().min(-5000).max(5000).optional().describe('A held eye-velocity command (°/s) added to the input (0 = none)'),
});
export type IntegratorLive = { lambda: number; r: number; noise: number; velocity: number };
