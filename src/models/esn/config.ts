/**
 * Configuration of an echo state network (Jaeger 2001; Jaeger & Haas 2004; Lukoševičius 2012 "A practical guide").
 *
 *   x(n+1) = (1 − a)·x(n) + a·f(W·x(n) + W_in·[b; u(n+1)] + W_fb·y(n) + ν(n))
 *   y(n+1) = W_out·[x(n+1); u(n+1); 1]
 *
 * W is sparse random, rescaled so that its spectral radius (or the "effective" radius of the leaky update,
 * ρ((1 − a)I + aW), Jaeger 2001 §6 / Jaeger et al. 2007) is the configured figure. Only W_out is learned (ridge
 * regression on harvested states, see train.ts).
 */
import { z } from 'zod';
import { nonlinearityNames } from '../../engine/nonlinearity.js';
import { precisionSchema } from '../../engine/precision.js';
import { ridgeSchema } from './readout.js';

export const esnConfigSchema = z
  .object({
    size: z.number().int().min(1).max(4000).default(100).describe('N, the number of reservoir units'),
    density: z.number().gt(0).max(1).default(0.1).describe('Connection probability of the reservoir matrix W'),
    spectralRadius: z
      .number()
      .min(0)
      .max(100)
      .default(0.95)
      .describe('Target spectral radius ρ: W is computed, then rescaled to it (see spectralRadiusOf)'),
    spectralRadiusOf: z
      .enum(['W', 'effective'])
      .default('W')
      .describe('W: ρ(W) = target (Lukoševičius); effective: ρ((1 − a)I + aW) = target, Jaeger 2001 leaky units'),
    weightDistribution: z
      .enum(['uniform', 'normal'])
      .default('uniform')
      .describe('Distribution of the non-zero entries of W before rescaling: U[−1, 1] or N(0, 1)'),
    inputs: z.number().int().min(0).max(1000).default(1).describe('K, the number of input channels u'),
    outputs: z.number().int().min(1).max(1000).default(1).describe('L, the number of readout outputs y'),
    inputScaling: z.number().min(0).max(1000).default(1).describe('Input weights W_in are drawn from {0, ±s} or U[−s, s] with this s'),
    inputDensity: z.number().gt(0).max(1).default(1).describe('Fraction of non-zero input weights (input connectivity)'),
    inputDistribution: z
      .enum(['uniform', 'ternary'])
      .default('uniform')
      .describe('uniform: U[−s, s]; ternary: ±s with equal probability (Jaeger 2001: {0, ±0.14})'),
    bias: z.number().min(-100).max(100).default(0).describe('Constant bias input b fed through its own column of W_in'),
    leakRate: z.number().gt(0).max(1).default(1).describe('Leak rate a (1 = no leak): x ← (1−a)x + a·f(·)'),
    activation: z.enum(nonlinearityNames).default('tanh').describe('Reservoir nonlinearity f, by name'),
    feedbackScaling: z
      .number()
      .min(0)
      .max(1000)
      .default(0)
      .describe('Output feedback W_fb ~ U[−s, s] (0 = no feedback; then free running feeds y back as the input)'),
    feedbackDensity: z.number().gt(0).max(1).default(1).describe('Fraction of non-zero feedback weights'),
    stateNoise: z.number().min(0).max(10).default(0).describe('Default state noise ν ~ U[−σ, σ] per unit and step during runs (live)'),
    readoutInput: z.boolean().default(true).describe('The readout also sees the input u (and always a constant 1)'),
    readout: ridgeSchema.describe('Default readout fit (ridge λ, solver, training noise); a train request may override'),
    initialState: z
      .enum(['zeros', 'random'])
      .default('zeros')
      .describe('x(0): zeros, or U[−1, 1] per unit (for echo-state-property demonstrations)'),
    precision: precisionSchema.describe(
        'Arithmetic of the reservoir. float64 keeps W sparse (CSR, 12 bytes per non-zero). float32 stores W dense ' +
          '(N × N, 4 bytes per entry) with W_in, W_fb, x and the work buffers in float32, and steps with the SIMD ' +
          'float32 mat-vec: about twice the speed of a dense float64 product, so it pays for dense reservoirs ' +
          '(density ≳ 0.2 at N = 1000) and costs memory and time for sparse ones. The weights are drawn exactly as in float64 (same ' +
          'seeded draws, same rescaling) and rounded, so a float32 reservoir is the float64 one of the same seed rounded. ' +
          'States differ from float64 by rounding (about 1e-7 relative per step; distances below that, e.g. in the ' +
          'echo-state check, are not resolved); runs stay bit-identical from run to run. The readout (W_out, y) and ' +
          'its ridge fit stay float64',
      ),
  })
  .superRefine((c, ctx) => {
    if (c.size * c.size > 4000 * 4000) ctx.addIssue({ code: 'custom', path: ['size'], message: 'too many units' });
    if (c.inputs === 0 && c.feedbackScaling === 0 && c.bias === 0) {
      ctx.addIssue({ code: 'custom', path: ['inputs'], message: 'the reservoir needs an input, a bias or output feedback to be driven' });
    }
  });

export type EsnConfig = z.infer<typeof esnConfigSchema>;

export const esnLiveSchema = z.object({
  mode: z
    .enum(['auto', 'driven', 'generative'])
    .optional()
    .describe(
      'driven: u from the run inputs; generative: free running, y fed back (through W_fb, or as the input u when there is no feedback); auto: generative after a generative training, else driven',
    ),
  stateNoise: z.number().min(0).max(10).optional().describe('State noise ν ~ U[−σ, σ]'),
  leakRate: z.number().gt(0).max(1).optional().describe('Leak rate a'),
});
export type EsnLive = { mode: 'auto' | 'driven' | 'generative'; stateNoise: number; leakRate: number };
