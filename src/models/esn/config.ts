/**
 * Configuration of an echo state network (Jaeger 2001; Jaeger & Haas 2004; Lukoševičius 2012 "A practical guide").
 *
 *   x(n+1) = (1 − C·a)·x(n) + C·f(W·x(n) + W_in·[b; u(n+1)] + W_fb·y(n) [+ ν(n)])  [+ C·ν(n)]
 *   y(n+1) = W_out·[x(n+1); u(n+1); 1]
 *
 * Two ways to write the leaky unit, one update: Lukoševičius's leak rate α (x ← (1 − α)x + α·f(·): C = α, a = 1), or
 * Jaeger 2001 §6's leaky integrator with time constant C and decay a (his eq. for δ = 1: x ← (1 − δCa)x + δC(f(·) +
 * ν)), where the state noise is added after f. W is sparse random, rescaled so that its spectral radius (or the
 * "effective" radius of the leaky update, ρ((1 − C·a)I + C·W), Jaeger 2001 §6 / Jaeger et al. 2007) is the
 * configured figure. Only W_out is learned (ridge regression on harvested states, see train.ts).
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
      .describe('W: ρ(W) = target (Lukoševičius); effective: ρ((1 − C·a)I + C·W) = target, the radius of the leaky update (Jaeger 2001 §6)'),
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
    leakRate: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe('Leak rate α per step (dimensionless, 1 = no leak): x ← (1 − α)x + α·f(·) (Lukoševičius 2012 eq. 3); the C of Jaeger\'s form with decay a = 1'),
    timeConstant: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe(
        'Optional: C, the leaky integrator\'s time constant (per step: Jaeger 2001 §6 writes δC with step δ = 1; 0.44 there). When given, the unit is ' +
          'Jaeger\'s x ← (1 − C·a)x + C·(f(·) + ν) with `decay` a, and leakRate must be left at 1',
      ),
    decay: z
      .number()
      .gt(0)
      .max(100)
      .default(1)
      .describe('a, the leaky integrator\'s decay (dimensionless; Jaeger 2001 §6: 0.9, so 1 − C·a = 0.604): x ← (1 − C·a)x + C·f(·), C = timeConstant or leakRate'),
    noisePlacement: z
      .enum(['inside', 'after'])
      .optional()
      .describe(
        'Where the state noise ν enters: inside f (x ← … + C·f(· + ν)) or after it (… + C·(f(·) + ν), Jaeger 2001 §6). ' +
          'Default: after for Jaeger\'s form (timeConstant given), inside otherwise; the resolved config says which',
      ),
    activation: z.enum(nonlinearityNames).default('tanh').describe('Reservoir nonlinearity f, by name'),
    feedbackScaling: z
      .number()
      .min(0)
      .max(1000)
      .default(0)
      .describe('Output feedback W_fb ~ U[−s, s] (0 = no feedback; then free running feeds y back as the input)'),
    feedbackDensity: z.number().gt(0).max(1).default(1).describe('Fraction of non-zero feedback weights'),
    stateNoise: z.number().min(0).max(10).default(0).describe('Default state noise ν ~ U[−σ, σ] per unit and step during runs (live; σ in units of the activation, see noisePlacement)'),
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
    if (c.timeConstant !== undefined && c.leakRate !== 1) {
      ctx.addIssue({ code: 'custom', path: ['leakRate'], message: 'give either leakRate (Lukoševičius) or timeConstant with decay (Jaeger 2001), not both' });
    }
    if (leakGain(c) * c.decay > 1) {
      ctx.addIssue({ code: 'custom', path: ['decay'], message: `C·a = ${leakGain(c) * c.decay} > 1: the state would be carried over with a negative factor 1 − C·a` });
    }
  })
  // The resolved config says where the noise goes.
  .overwrite((c) => (c.noisePlacement ? c : { ...c, noisePlacement: c.timeConstant !== undefined ? 'after' : 'inside' }));

/** C of the leaky unit x ← (1 − C·a)x + C·f(·): the time constant when given, else the leak rate. */
export function leakGain(c: { timeConstant?: number | undefined; leakRate: number }): number {
  return c.timeConstant ?? c.leakRate;
}

export type EsnConfig = z.infer<typeof esnConfigSchema>;

export const esnLiveSchema = z.object({
  mode: z
    .enum(['auto', 'driven', 'generative'])
    .optional()
    .describe(
      'driven: u from the run inputs; generative: free running, y fed back (through W_fb, or as the input u when there is no feedback); auto: generative after a generative training, else driven',
    ),
  stateNoise: z.number().min(0).max(10).optional().describe('State noise ν ~ U[−σ, σ]'),
  leakRate: z.number().gt(0).max(1).optional().describe('C of the leaky unit per step: the leak rate α, or Jaeger\'s time constant C (x ← (1 − C·a)x + C·f(·))'),
});
export type EsnLive = { mode: 'auto' | 'driven' | 'generative'; stateNoise: number; leakRate: number };
