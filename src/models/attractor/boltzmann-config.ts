import { z } from 'zod';
import { dataSize, dataSourceBase } from './datasets.js';

export const MAX_MACHINE_UNITS = 2048;

export const annealingSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('none').describe('Constant temperature T') }),
    z.object({
      type: z.literal('geometric'),
      from: z.number().gt(0).max(1e4).default(10).describe('Starting temperature'),
      to: z.number().min(0).max(1e4).default(0.1).describe('Final temperature (0 ends in the deterministic Hopfield update)'),
      sweeps: z.number().int().min(1).max(1e7).default(100).describe('Sweeps (steps) from start to end'),
    }),
    z.object({
      type: z.literal('linear'),
      from: z.number().min(0).max(1e4).default(5).describe('Starting temperature'),
      to: z.number().min(0).max(1e4).default(0).describe('Final temperature'),
      sweeps: z.number().int().min(1).max(1e7).default(100).describe('Sweeps (steps) from start to end'),
    }),
  ])
  .describe('Annealing schedule, counted in steps since the session began; T stays at `to` afterwards');
export type Annealing = z.infer<typeof annealingSchema>;

export const boltzmannConfigSchema = z
  .object({
    visible: z.number().int().min(1).max(MAX_MACHINE_UNITS).default(9).describe('V, visible units (9 for 3×3 bars-and-stripes data)'),
    hidden: z.number().int().min(0).max(MAX_MACHINE_UNITS).default(0).describe('H, hidden units'),
    architecture: z
      .enum(['full', 'restricted'])
      .default('full')
      .describe('full: every pair may be coupled; restricted (RBM): only visible–hidden couplings'),
    units: z.enum(['01', 'pm1']).default('01').describe('01: s_i ∈ {0, 1} (the slide\'s p(on)); pm1: s_i ∈ {−1, +1}'),
    weights: z
      .discriminatedUnion('type', [
        z.object({
          type: z.literal('random'),
          sd: z.number().min(0).max(100).default(0.1).describe('Standard deviation of each coupling w_ij (biases start at 0)'),
        }),
        z.object({ type: z.literal('zeros') }),
        z.object({
          type: z.literal('explicit'),
          matrix: z.array(z.array(z.number())).describe('W, (V+H) × (V+H), symmetric with zero diagonal; visible units first'),
          biases: z.array(z.number()).optional().describe('b, one per unit (default 0)'),
        }),
      ])
      .default({ type: 'random', sd: 0.1 })
      .describe('Initial couplings and biases'),
    temperature: z.number().min(0).max(1e4).default(1).describe('T (live): p(on) = 1/(1 + exp(−z/T)); T = 0 is the Hopfield update'),
    annealing: annealingSchema.default({ type: 'none' }),
    order: z.enum(['random', 'sequential']).default('random').describe('Order of unit updates in a sweep: fresh seeded permutation, or 0…n−1'),
    inputs: z
      .number()
      .int()
      .min(0)
      .max(MAX_MACHINE_UNITS)
      .default(0)
      .describe('K external input channels; channel k adds u_k to z_k (the slide\'s external input term)'),
    data: dataSourceBase
      .optional()
      .describe(
        'Default training data for `train` (bars-and-stripes, small shapes, or explicit 0/1 patterns; a train request may bring its own). ' +
          'Optional: data belongs to training, not to the machine, so a machine that only samples P(s) ∝ exp(−E(s)/T) needs none. ' +
          'When given, it must have `visible` values per pattern, and picture data set the image shape of the visible units',
      ),
    initial: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('random') }),
        z.object({ type: z.literal('explicit'), values: z.array(z.number()).describe('Initial state, one value per unit') }),
      ])
      .default({ type: 'random' })
      .describe('Initial state'),
  })
  .superRefine((c, ctx) => {
    const n = c.visible + c.hidden;
    if (n > MAX_MACHINE_UNITS) ctx.addIssue({ code: 'custom', path: ['hidden'], message: `V + H = ${n} units, over ${MAX_MACHINE_UNITS}` });
    if (c.architecture === 'restricted' && c.hidden === 0) ctx.addIssue({ code: 'custom', path: ['hidden'], message: 'a restricted machine needs hidden units' });
    if (c.inputs > n) ctx.addIssue({ code: 'custom', path: ['inputs'], message: `at most one input channel per unit (${n})` });
    if (c.data) {
      const need = dataSize(c.data);
      if (need !== c.visible) ctx.addIssue({ code: 'custom', path: ['visible'], message: `the data has ${need} values per pattern, the machine ${c.visible} visible units` });
      if (c.data.type === 'explicit') {
        c.data.patterns.forEach((row, i) => {
          if (row.length !== need) ctx.addIssue({ code: 'custom', path: ['data', 'patterns', i], message: `pattern ${i} has ${row.length} values, expected ${need}` });
        });
      }
    }
    if (c.weights.type === 'explicit') {
      const m = c.weights.matrix;
      if (m.length !== n || m.some((r) => r.length !== n)) ctx.addIssue({ code: 'custom', path: ['weights', 'matrix'], message: `needs ${n} × ${n} entries` });
      else {
        for (let i = 0; i < n; i++) {
          if (m[i]![i] !== 0) ctx.addIssue({ code: 'custom', path: ['weights', 'matrix', i, i], message: 'the diagonal must be zero (w_ii = 0)' });
          for (let j = i + 1; j < n; j++) {
            if (m[i]![j] !== m[j]![i]) { ctx.addIssue({ code: 'custom', path: ['weights', 'matrix', i, j], message: 'W must be symmetric (w_ij = w_ji)' }); return; }
            if (c.architecture === 'restricted' && (i < c.visible) === (j < c.visible) && m[i]![j] !== 0) {
              ctx.addIssue({ code: 'custom', path: ['weights', 'matrix', i, j], message: 'a restricted machine has no visible–visible or hidden–hidden couplings' });
              return;
            }
          }
        }
      }
      if (c.weights.biases && c.weights.biases.length !== n) ctx.addIssue({ code: 'custom', path: ['weights', 'biases'], message: `needs ${n} values` });
    }
    if (c.initial.type === 'explicit' && c.initial.values.length !== n) ctx.addIssue({ code: 'custom', path: ['initial', 'values'], message: `needs ${n} values (one per unit)` });
  });
export type BoltzmannConfig = z.infer<typeof boltzmannConfigSchema>;

export const boltzmannLiveSchema = z.object({
  temperature: z.number().min(0).max(1e4).optional().describe('T; used when the annealing schedule is none'),
  annealing: annealingSchema.optional(),
  clamp: z
    .array(z.union([z.literal(0), z.literal(1), z.null()]))
    .max(MAX_MACHINE_UNITS)
    .nullable()
    .optional()
    .describe('Clamp visible units (1 on, 0 off, null free; entries past V are ignored): sampling then completes the rest, P(free | clamped). null releases all'),
});
export type BoltzmannLive = { temperature: number; annealing: Annealing; clamp?: (0 | 1 | null)[] | null };

/** The temperature at a step: the schedule's, or the live constant T. */
export function temperatureAt(live: BoltzmannLive, step: number): number {
  const a = live.annealing;
  if (a.type === 'none') return live.temperature;
  const f = Math.min(1, step / a.sweeps);
  if (a.type === 'linear') return a.from + (a.to - a.from) * f;
  // Geometric: T = from·(to/from)^f; a schedule ending at 0 drops to 0 on its last sweep.
  if (a.to === 0) return f >= 1 ? 0 : a.from * Math.pow(1e-3 / a.from, f);
  return a.from * Math.pow(a.to / a.from, f);
}
