import { z } from 'zod';
import { integratorNames } from '../../engine/integrators.js';
import { nonlinearityNames } from '../../engine/nonlinearity.js';
import { precisionSchema } from '../../engine/precision.js';

const matrix = z.array(z.array(z.number())).describe('Explicit matrix as nested arrays, row-major');

export const recurrentSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('random'),
      gain: z.number().min(0).max(100).default(1.5).describe('Gain g: entries have standard deviation g/√(pN)'),
      density: z.number().gt(0).max(1).default(1).describe('Connection probability p'),
      zeroDiagonal: z.boolean().default(true).describe('diag(M) = 0, as on the slides'),
      symmetric: z.boolean().default(false).describe('m_ij = m_ji'),
    }),
    z.object({ type: z.literal('explicit'), matrix: matrix.describe('M, size × size') }),
    z.object({ type: z.literal('none') }),
  ])
  .default({ type: 'random', gain: 1.5, density: 1, zeroDiagonal: true, symmetric: false });

export const inputWeightsSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('random'),
      gain: z.number().min(0).max(100).default(1).describe('Entries have standard deviation gain/√K'),
      density: z.number().gt(0).max(1).default(1).describe('Connection probability'),
    }),
    z.object({ type: z.literal('identity').describe('Channel k drives unit k (W_kk = 1), other units get no input') }),
    z.object({ type: z.literal('explicit'), matrix: matrix.describe('W, size × inputs') }),
  ])
  .default({ type: 'random', gain: 1, density: 1 });

export const rateConfigSchema = z
  .object({
    size: z.number().int().min(1).max(20_000).default(100).describe('N, the number of units'),
    inputs: z.number().int().min(0).max(10_000).default(1).describe('K, the number of input channels'),
    time: z
      .enum(['discrete', 'continuous'])
      .default('continuous')
      .describe('discrete: v[t+1] = r·v[t] + f(W·u[t] + M·v[t]); continuous: τ dv/dt = −v + f(W·u + M·v)'),
    r: z.number().min(-10).max(10).default(0.9).describe('Discrete form: self-decay factor r per step (live)'),
    tau: z.number().positive().max(1e6).default(10).describe('Continuous form: time constant τ (ms)'),
    dt: z.number().positive().max(1e4).default(1).describe('Time per step (ms); with time=discrete one step is dt ms'),
    integrator: z.enum(integratorNames).default('euler').describe('Continuous form: integration method'),
    nonlinearity: z.enum(nonlinearityNames).default('tanh').describe('f: tanh, relu (threshold-linear), sigmoid, linear, step'),
    recurrent: recurrentSchema.describe('Recurrent weights M: random (seeded), explicit or none'),
    inputWeights: inputWeightsSchema.describe('Input weights W: random (seeded), identity or explicit'),
    initialState: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('zeros') }),
        z.object({ type: z.literal('random'), sd: z.number().min(0).default(0.5).describe('Standard deviation of v₀') }),
        z.object({ type: z.literal('explicit'), values: z.array(z.number()).describe('v₀, one value per unit') }),
      ])
      .default({ type: 'random', sd: 0.5 })
      .describe('Initial activity v₀'),
    noise: z
      .number()
      .min(0)
      .max(1e3)
      .default(0)
      .describe('Private noise per unit (live): σ·ξ per step (discrete) or σ·√(dt/τ)·ξ (continuous), ξ ~ N(0,1)'),
    precision: precisionSchema.describe(
        'Arithmetic of the state and weights. float32 halves the memory and roughly doubles the speed of the M·v ' +
          'mat-vec (the step\'s cost); the weights are drawn exactly as in float64 (same seeded draws) and rounded, so a ' +
          'float32 session is the float64 session of the same seed rounded. Results differ from float64 by rounding ' +
          '(about 1e-7 relative per step; a chaotic network, g > 1, amplifies it until the trajectories part); runs ' +
          'stay bit-identical from run to run',
      ),
  })
  .superRefine((c, ctx) => {
    if (c.recurrent.type === 'explicit') checkMatrix(c.recurrent.matrix, c.size, c.size, ['recurrent', 'matrix'], ctx);
    if (c.inputWeights.type === 'explicit') checkMatrix(c.inputWeights.matrix, c.size, c.inputs, ['inputWeights', 'matrix'], ctx);
    if (c.initialState.type === 'explicit' && c.initialState.values.length !== c.size) {
      ctx.addIssue({ code: 'custom', path: ['initialState', 'values'], message: `needs ${c.size} values (one per unit), got ${c.initialState.values.length}` });
    }
  });

function checkMatrix(m: number[][], rows: number, cols: number, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (m.length !== rows) {
    ctx.addIssue({ code: 'custom', path, message: `needs ${rows} rows, got ${m.length}` });
    return;
  }
  m.forEach((row, i) => {
    if (row.length !== cols) ctx.addIssue({ code: 'custom', path: [...path, i], message: `row ${i} needs ${cols} entries, got ${row.length}` });
  });
}

export type RateConfig = z.infer<typeof rateConfigSchema>;

export const rateLiveSchema = z.object({
  r: z.number().min(-10).max(10).optional().describe('Discrete form: self-decay factor r'),
  noise: z.number().min(0).max(1e3).optional().describe('Private noise σ per unit'),
});
export type RateLive = { r: number; noise: number };
