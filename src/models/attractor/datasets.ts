/**
 * Training data for Boltzmann machines: bars-and-stripes (MacKay 2003, ch. 43; the standard small benchmark for
 * generative models whose likelihood can be computed exactly), small shapes on a grid, or the user's patterns.
 * Patterns are 0/1 rows (on = 1); a ±1 machine reads them as 2x − 1.
 */
import { z } from 'zod';

export const MAX_DATA = 4096;

export const dataSourceBase = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('bars-and-stripes'),
    n: z.number().int().min(2).max(8).default(3).describe('Side of the n × n grid: 2^(n+1) − 2 distinct patterns (14 for n = 3)'),
  }),
  z.object({
    type: z.literal('shapes'),
    n: z.number().int().min(3).max(12).default(5).describe('Side of the n × n grid'),
    shapes: z
      .array(z.enum(['square', 'hbar', 'vbar', 'plus']))
      .min(1)
      .default(['square', 'hbar', 'vbar', 'plus'])
      .describe('Shapes placed at every position on the grid: 2×2 square, 1×3 and 3×1 bars, 3×3 plus'),
  }),
  z.object({
    type: z.literal('explicit'),
    patterns: z.array(z.array(z.number().int().min(0).max(1))).min(1).max(MAX_DATA).describe('Patterns as rows of 0/1 values, one per visible unit'),
    width: z.number().int().min(1).optional().describe('Image width when the patterns are pictures'),
  }),
]);
export const dataSourceSchema = dataSourceBase.default({ type: 'bars-and-stripes', n: 3 });
export type DataSource = z.infer<typeof dataSourceBase>;

export interface Dataset {
  /** Patterns, 0/1, count × size. */
  patterns: Uint8Array;
  count: number;
  size: number;
  width: number | null;
}

/**
 * All n × n bars-and-stripes patterns: every subset of rows on (stripes) or every subset of columns on (bars). The
 * empty and the full grid arise both ways and are kept once, so there are 2^(n+1) − 2 distinct patterns.
 */
export function barsAndStripes(n: number): Dataset {
  const seen = new Set<string>();
  const rows: Uint8Array[] = [];
  for (const vertical of [false, true]) {
    for (let mask = 0; mask < 1 << n; mask++) {
      const p = new Uint8Array(n * n);
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) p[r * n + c] = (mask >> (vertical ? c : r)) & 1;
      const key = p.join('');
      if (!seen.has(key)) {
        seen.add(key);
        rows.push(p);
      }
    }
  }
  return pack(rows, n * n, n);
}

const SHAPES: Record<string, string[]> = {
  square: ['##', '##'],
  hbar: ['###'],
  vbar: ['#', '#', '#'],
  plus: ['.#.', '###', '.#.'],
};

/** Every placement of each shape on an n × n grid (Eslami et al. 2014 use shapes for the same demonstration, larger). */
export function shapes(n: number, names: string[]): Dataset {
  const rows: Uint8Array[] = [];
  for (const name of names) {
    const s = SHAPES[name]!;
    const h = s.length;
    const w = s[0]!.length;
    for (let r0 = 0; r0 + h <= n; r0++) {
      for (let c0 = 0; c0 + w <= n; c0++) {
        const p = new Uint8Array(n * n);
        for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) if (s[r]![c] === '#') p[(r0 + r) * n + c0 + c] = 1;
        rows.push(p);
      }
    }
  }
  return pack(rows, n * n, n);
}

export function loadDataset(src: DataSource): Dataset {
  if (src.type === 'bars-and-stripes') return barsAndStripes(src.n);
  if (src.type === 'shapes') return shapes(src.n, src.shapes);
  return pack(src.patterns.map((r) => Uint8Array.from(r)), src.patterns[0]!.length, src.width ?? null);
}

/** Number of visible units the source needs. */
export function dataSize(src: DataSource): number {
  if (src.type === 'explicit') return src.patterns[0]?.length ?? 0;
  return src.n * src.n;
}

function pack(rows: Uint8Array[], size: number, width: number | null): Dataset {
  const patterns = new Uint8Array(rows.length * size);
  rows.forEach((r, i) => patterns.set(r, i * size));
  return { patterns, count: rows.length, size, width };
}

/** A lookup of the dataset's patterns by their visible-state index (bit i = unit i on), for validity checks. */
export function patternKeys(d: Dataset): Set<number> {
  const keys = new Set<number>();
  for (let k = 0; k < d.count; k++) keys.add(stateIndex(d.patterns, k * d.size, d.size, 0));
  return keys;
}

/** Index of a binary state: bit i set when unit i is on (value > lo). Exact for up to 52 units. */
export function stateIndex(x: ArrayLike<number>, offset: number, size: number, lo: number): number {
  let idx = 0;
  let bit = 1;
  for (let i = 0; i < size; i++) {
    if (x[offset + i]! > lo) idx += bit;
    bit *= 2;
  }
  return idx;
}
