/**
 * Where the stored patterns of an attractor network come from, and how a recall is cued.
 *
 * Patterns are kept as ±1 vectors (ξ_i ∈ {−1, +1}, row-major P × N) whatever the units of the network: the storage
 * rules and the overlap m_μ = (1/N) Σ_i ξ^μ_i s_i are defined on ±1 values (Hopfield 1982 writes the 0/1 network's
 * rule with 2V − 1 for the same reason). A 0/1 network maps its state with s = 2v − 1 before comparing.
 */
import { z } from 'zod';
import type { Rng } from '../../engine/random/rng.js';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph, glyphChars, hasGlyph } from '../../stimuli/glyphs.js';

export const MAX_UNITS = 4096;
export const MAX_PATTERNS = 4096;

export const patternSourceBase = z.discriminatedUnion('type', [
    z.object({
      type: z.literal('random'),
      count: z.number().int().min(0).max(MAX_PATTERNS).default(10).describe('P, the number of random patterns'),
      load: z
        .number()
        .min(0)
        .max(4)
        .optional()
        .describe('Load α = P/N (dimensionless; Hopfield 1982, Amit et al. 1985); when given it sets P = round(α·N), and the resolved config\'s count reports that P'),
      activity: z
        .number()
        .gt(0)
        .lt(1)
        .default(0.5)
        .describe('Probability that a pattern bit is +1 (0.5: unbiased patterns, as in the capacity theory)'),
    }),
    z.object({
      type: z.literal('glyphs'),
      chars: z
        .string()
        .min(1)
        .max(36)
        .default('TLXO')
        .describe(`Characters of the built-in 5×7 font to store, one pattern each (from ${glyphChars.join('')})`),
      scale: z.number().int().min(1).max(8).default(2).describe('Each font pixel becomes scale × scale units'),
    }),
    z.object({
      type: z.literal('explicit'),
      values: z
        .array(z.array(z.number()).max(MAX_UNITS))
        .max(MAX_PATTERNS)
        .describe('Patterns as rows of ±1 (or 0/1) values, one row per pattern, all of length N'),
      width: z.number().int().min(1).max(MAX_UNITS).optional().describe('Image width when a pattern is a picture (N = width × height)'),
    }),
  ]);
export const patternSourceSchema = patternSourceBase.default({ type: 'random', count: 10, activity: 0.5 });
export type PatternSource = z.infer<typeof patternSourceSchema>;

export const cueSchema = z
  .object({
    pattern: z.number().int().min(0).max(MAX_PATTERNS).default(0).describe('Index μ of the stored pattern to cue'),
    flip: z.number().min(0).max(1).default(0.1).describe('Fraction of bits flipped at random in the cue'),
    mask: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe('Fraction of the pattern hidden, from the end (the bottom rows of an image): masked units are set off'),
  })
  .default({ pattern: 0, flip: 0.1, mask: 0 });
export type Cue = z.infer<typeof cueSchema>;

/** Image geometry of a pattern source, when its patterns are pictures. */
export function sourceShape(src: PatternSource, size: number): { size: number; width: number | null; height: number | null } {
  if (src.type === 'glyphs') {
    // Every glyph of the font is GLYPH_WIDTH × GLYPH_HEIGHT: the shape never depends on which characters are asked
    // for (a character outside the font is an issue of sourceIssues, not a crash here).
    return { size: GLYPH_WIDTH * GLYPH_HEIGHT * src.scale * src.scale, width: GLYPH_WIDTH * src.scale, height: GLYPH_HEIGHT * src.scale };
  }
  if (src.type === 'explicit') {
    const n = src.values[0]?.length ?? size;
    const width = src.width ?? null;
    return { size: n, width, height: width !== null && n % width === 0 ? n / width : null };
  }
  return { size, width: null, height: null };
}

export function patternCount(src: PatternSource, size: number): number {
  if (src.type === 'random') return src.load !== undefined ? Math.round(src.load * size) : src.count;
  if (src.type === 'glyphs') return src.chars.length;
  return src.values.length;
}

/** Check a source against the network size; returns messages with the offending path, for `.superRefine`. */
export function sourceIssues(src: PatternSource, size: number): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (src.type === 'glyphs') {
    [...src.chars].forEach((ch, i) => {
      if (!hasGlyph(ch)) issues.push({ path: ['chars'], message: `no glyph for ${JSON.stringify(ch)} (position ${i}); the font has ${glyphChars.join('')}` });
    });
    const units = GLYPH_WIDTH * GLYPH_HEIGHT * src.scale * src.scale;
    if (units > MAX_UNITS) issues.push({ path: ['scale'], message: `scale ${src.scale} gives ${units} units, over ${MAX_UNITS}` });
  } else if (src.type === 'explicit') {
    if (src.values.length === 0) issues.push({ path: ['values'], message: 'needs at least one pattern' });
    src.values.forEach((row, i) => {
      if (row.length !== size) issues.push({ path: ['values', i], message: `pattern ${i} has ${row.length} values, the network has ${size} units` });
      else if (row.some((x) => x !== 1 && x !== -1 && x !== 0)) issues.push({ path: ['values', i], message: `pattern ${i} must hold only ±1 or 0/1 values` });
    });
    if (src.width !== undefined && size % src.width !== 0) issues.push({ path: ['width'], message: `width ${src.width} does not divide N = ${size}` });
  } else if (patternCount(src, size) > MAX_PATTERNS) {
    issues.push({ path: ['load'], message: `α·N gives more than ${MAX_PATTERNS} patterns` });
  }
  return issues;
}

/**
 * Write the source's P patterns as ±1 rows into `out` (P × N). Random bits come from `rng`; glyph ink is +1 and the
 * background −1; explicit 0/1 rows are mapped with 2x − 1 (a row with no −1 and some 0 is read as 0/1).
 */
export function fillPatterns(src: PatternSource, size: number, rng: Rng, out: Float64Array): void {
  const p = patternCount(src, size);
  if (src.type === 'random') {
    for (let k = 0; k < p * size; k++) out[k] = rng.uniform() < src.activity ? 1 : -1;
  } else if (src.type === 'glyphs') {
    for (let mu = 0; mu < p; mu++) {
      const g = glyph(src.chars[mu]!);
      const w = g.width * src.scale;
      for (let i = 0; i < size; i++) {
        const r = Math.floor(i / w / src.scale);
        const c = Math.floor((i % w) / src.scale);
        out[mu * size + i] = g.pixels[r * g.width + c] ? 1 : -1;
      }
    }
  } else {
    src.values.forEach((row, mu) => {
      const zeroOne = !row.includes(-1);
      for (let i = 0; i < size; i++) out[mu * size + i] = zeroOne ? 2 * row[i]! - 1 : row[i]!;
    });
  }
}

/**
 * A cue for pattern ξ (±1): a fraction `flip` of the bits, chosen at random without replacement, are flipped; then the
 * last `mask`·N units are set to −1 (off). Writes ±1 values into `out`.
 */
export function makeCue(xi: Float64Array, size: number, cue: { flip: number; mask: number }, rng: Rng, out: Float64Array, order: Int32Array): void {
  for (let i = 0; i < size; i++) out[i] = xi[i]!;
  const flips = Math.round(cue.flip * size);
  rng.permutation(size, order);
  for (let k = 0; k < flips; k++) out[order[k]!] = -out[order[k]!]!;
  const masked = Math.round(cue.mask * size);
  for (let i = size - masked; i < size; i++) out[i] = -1;
}
