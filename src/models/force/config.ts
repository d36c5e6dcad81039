import { z } from 'zod';
import { targetSchema } from './targets.js';

/**
 * FORCE configuration. Defaults are the published setup (Sussillo & Abbott 2009, code for Fig. 2): N = 1000,
 * p = 0.1, g = 1.5, α = 1, dt = 0.1 τ, RLS every 2 steps, 1,440 τ of training, w_f ~ U[−1, 1], x₀ ~ 0.5·N(0, 1).
 * Time is in units of the unit time constant τ.
 */
export const forceConfigSchema = z
  .object({
    size: z.number().int().min(2).max(2500).default(1000).describe('N, the number of generator units (P and M are N × N)'),
    density: z.number().gt(0).max(1).default(0.1).describe('p, the probability of a recurrent connection'),
    gain: z.number().min(0).max(10).default(1.5).describe('g: recurrent entries ~ N(0, g²/(pN)); g > 1 is chaotic'),
    alpha: z.number().positive().max(1e6).default(1).describe('α: RLS starts from P₀ = I/α (a learning-rate-like ridge)'),
    dt: z.number().positive().max(1).default(0.1).describe('Euler step (τ)'),
    learnEvery: z.number().int().min(1).max(1000).default(2).describe('Steps between RLS updates'),
    variant: z
      .enum(['feedback', 'internal'])
      .default('feedback')
      .describe(
        'feedback: readout z fed back through w_f, only w learns (Fig. 1A); internal: no feedback loop, the recurrent ' +
          'weights learn M ← M + w_f·Δwᵀ (Fig. 1C, published all-to-all code)',
      ),
    feedbackAmplitude: z.number().min(0).max(100).default(1).describe('w_f ~ U[−a, a]'),
    initialStateSd: z.number().min(0).max(100).default(0.5).describe('x₀ ~ N(0, sd²)'),
    initialOutputSd: z.number().min(0).max(100).default(0.5).describe('z₀ ~ N(0, sd²), fed back on the first step'),
    target: targetSchema.describe('The pattern to learn, generated in process'),
    warmupTime: z
      .number()
      .min(0)
      .max(1e5)
      .default(100)
      .describe('Spontaneous activity before learning starts (τ); the chaos probe measures the Lyapunov exponent here'),
    trainTime: z.number().min(0).max(1e6).default(1440).describe('Length of the training phase that follows the warm-up (τ)'),
    chaosProbe: z
      .boolean()
      .default(true)
      .describe('During the warm-up, step a copy perturbed by 1e-8 and estimate the largest Lyapunov exponent (Benettin)'),
    sampleUnits: z.number().int().min(0).max(2500).default(16).describe('How many units’ activities r = tanh x the frames show'),
  })
  .superRefine((c, ctx) => {
    // Refinements also run on values whose fields failed (zod 4): an empty `values` is refused by its own min(2).
    if (c.target.type === 'sequence' && c.target.values.length > 0) {
      const width = c.target.values[0]!.length;
      c.target.values.forEach((row, i) => {
        if (row.length !== width) {
          ctx.addIssue({ code: 'custom', path: ['target', 'values', i], message: `every point needs ${width} entries (one per output), got ${row.length}` });
        }
      });
    }
    if (c.sampleUnits > c.size) ctx.addIssue({ code: 'custom', path: ['sampleUnits'], message: `at most size = ${c.size}` });
  });

export type ForceConfig = z.infer<typeof forceConfigSchema>;

/**
 * learning: 'auto' follows the schedule (warm-up, then training for trainTime, then test); true/'on' and
 * false/'off' override it from now on (a live `set` switches learning on or off mid-run).
 */
export const learningSchema = z.union([z.boolean(), z.enum(['auto', 'on', 'off'])]);

export const forceLiveSchema = z.object({
  learning: learningSchema
    .optional()
    .describe("'auto' follows warm-up → training → test; true/'on' learns now, false/'off' freezes the weights"),
});
export type ForceLive = { learning: z.infer<typeof learningSchema> };
