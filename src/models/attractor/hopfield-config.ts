import { z } from 'zod';
import { cueSchema, MAX_UNITS, patternCount, patternSourceSchema, sourceIssues, sourceShape } from './patterns.js';
import { storageRuleSchema } from './storage.js';

export const unitTypeSchema = z
  .enum(['pm1', '01'])
  .default('pm1')
  .describe('pm1: units s_i ∈ {−1, +1}; 01: units v_i ∈ {0, 1} (Hopfield 1982 form, thresholds −½ Σ_j w_ij make it the same net)');

export const hopfieldConfigSchema = z
  .object({
    size: z
      .number()
      .int()
      .min(2)
      .max(MAX_UNITS)
      .default(100)
      .describe('N, the number of units, for random patterns (glyph and explicit patterns set N themselves)'),
    units: unitTypeSchema,
    rule: storageRuleSchema,
    patterns: patternSourceSchema.describe('Stored patterns: random with load α = P/N, built-in letter/digit glyphs, or explicit'),
    update: z
      .enum(['async', 'sync'])
      .default('async')
      .describe('async: one step is a sweep of N single-unit updates in an order drawn anew (seeded) per sweep; sync: all units at once (live)'),
    order: z
      .enum(['random', 'sequential'])
      .default('random')
      .describe('Order of the asynchronous updates within a sweep: a fresh seeded permutation, or 0…N−1'),
    bias: z.number().min(-1e3).max(1e3).default(0).describe('Bias b_i added to every unit\'s field (dimensionless, same for all units)'),
    biasValues: z.array(z.number().min(-1e3).max(1e3)).max(MAX_UNITS).optional().describe('Per-unit biases b_i (N values); overrides bias'),
    cue: cueSchema.describe('The starting state: a stored pattern with flipped and/or masked bits'),
    initial: z.enum(['cue', 'random']).default('cue').describe('Start from the cue, or from a random state'),
  })
  .superRefine((c, ctx) => {
    const shape = sourceShape(c.patterns, c.size);
    for (const issue of sourceIssues(c.patterns, shape.size)) ctx.addIssue({ code: 'custom', path: ['patterns', ...issue.path], message: issue.message });
    const p = patternCount(c.patterns, shape.size);
    if (c.rule === 'pseudo-inverse' && p >= shape.size) {
      ctx.addIssue({ code: 'custom', path: ['rule'], message: `the pseudo-inverse rule needs fewer patterns (${p}) than units (${shape.size})` });
    }
    if (c.initial === 'cue' && p > 0 && c.cue.pattern >= p) {
      ctx.addIssue({ code: 'custom', path: ['cue', 'pattern'], message: `pattern ${c.cue.pattern} does not exist: ${p} patterns are stored` });
    }
    if (c.biasValues && c.biasValues.length !== shape.size) {
      ctx.addIssue({ code: 'custom', path: ['biasValues'], message: `needs ${shape.size} values (one per unit), got ${c.biasValues.length}` });
    }
  })
  // The resolved config says what is stored: with a load α the network stores P = round(α·N) patterns, and `count`
  // reports that P (not the default 10 it was given). `load` stays, so a changed size rescales P again.
  .overwrite((c) => {
    if (c.patterns.type !== 'random' || c.patterns.load === undefined) return c;
    return { ...c, patterns: { ...c.patterns, count: patternCount(c.patterns, c.size) } };
  });
export type HopfieldConfig = z.infer<typeof hopfieldConfigSchema>;

export const liveCueSchema = z.object({
  pattern: z.number().int().min(0).max(4096).default(0).describe('Index μ of the stored pattern to cue'),
  flip: z.number().min(0).max(1).default(0.1).describe('Fraction of bits flipped at random'),
  mask: z.number().min(0).max(1).default(0).describe('Fraction hidden from the end (set off)'),
  state: z
    .array(z.number().refine((x) => x === 1 || x === -1 || x === 0, 'each value must be +1, −1 or 0'))
    .min(1)
    .max(MAX_UNITS)
    .optional()
    .describe(
      'An explicit cue instead of a corrupted pattern: the starting state, one value per unit (N values; +1 on, −1 or 0 off, in ' +
        'either unit convention), e.g. a letter drawn on the grid. When given, pattern, flip and mask are not used',
    ),
  nonce: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1).describe('Change it to cue again with the same settings'),
});
export type LiveCue = z.infer<typeof liveCueSchema>;

export const hopfieldLiveSchema = z.object({
  update: z.enum(['async', 'sync']).optional().describe('Asynchronous sweeps or synchronous steps'),
  cue: liveCueSchema
    .optional()
    .describe(
      'Restart from a new cue (applied once per nonce): the viewer\'s "cue another letter". The step that takes a new cue only ' +
        'presents it (s := cue, no update; `changed` counts the units the cue changed), so its frame shows the corrupted cue and ' +
        'the completion is watched from the next sweep on',
    ),
});
export type HopfieldLive = { update: 'async' | 'sync'; cue?: LiveCue };

/** The number of units of a configuration (glyph and explicit patterns fix it). */
export function hopfieldSize(c: HopfieldConfig): number {
  return sourceShape(c.patterns, c.size).size;
}
