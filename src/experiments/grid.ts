/**
 * Grids: each parameter (a dotted config path such as `recurrent.gain` or `patterns.load`) takes a list of values
 * or a range; the points are the Cartesian product (the first parameter varies slowest), and every point runs once
 * per seed (seeds innermost). Row index = point index × seeds + seed index, stable across restarts and reruns.
 */
import { z } from 'zod';

export const MAX_TASKS = 100_000;

const scalar = z.union([z.number(), z.string().max(200), z.boolean()]);
const rangeNum = z
  .object({
    start: z.number(),
    stop: z.number().describe('Included when the steps land on it'),
    num: z.number().int().min(1).max(MAX_TASKS).optional().describe('Number of evenly spaced values from start to stop (both included)'),
    step: z.number().positive().optional().describe('Spacing from start up to stop'),
    log: z.boolean().default(false).describe('With num: evenly spaced on a log scale (start and stop > 0)'),
  })
  .refine((r) => (r.num === undefined) !== (r.step === undefined), { message: 'give exactly one of num or step' })
  .refine((r) => !r.log || (r.start > 0 && r.stop > 0 && r.num !== undefined), { message: 'log ranges need num, and start and stop > 0' });

export const gridSchema = z
  .record(z.string().min(1).max(200).regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a dotted config path, e.g. recurrent.gain'), z.union([z.array(scalar).min(1).max(MAX_TASKS), rangeNum]))
  .describe('Config path → values: a list, or a range {start, stop, num | step, log}');
export type Grid = z.infer<typeof gridSchema>;

export const seedsSchema = z
  .union([z.number().int().min(1).max(MAX_TASKS), z.array(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)).min(1).max(MAX_TASKS)])
  .default(1)
  .describe('A count n (seeds 0…n−1) or an explicit list of seeds');

export type Scalar = z.infer<typeof scalar>;

/** The values a grid entry stands for (ranges rounded to 12 significant digits so 0.1 steps print cleanly). */
export function expandValues(v: Grid[string]): Scalar[] {
  if (Array.isArray(v)) return v;
  const clean = (x: number) => Number(x.toPrecision(12));
  if (v.num !== undefined) {
    if (v.num === 1) return [v.start];
    const out: number[] = [];
    for (let i = 0; i < v.num; i++) {
      const f = i / (v.num - 1);
      out.push(clean(v.log ? Math.exp(Math.log(v.start) + f * (Math.log(v.stop) - Math.log(v.start))) : v.start + f * (v.stop - v.start)));
    }
    return out;
  }
  const out: number[] = [];
  const n = Math.floor((v.stop - v.start) / v.step! + 1e-9);
  if (n + 1 > MAX_TASKS) throw new RangeError(`range gives more than ${MAX_TASKS} values`);
  for (let i = 0; i <= n; i++) out.push(clean(v.start + i * v.step!));
  return out;
}

export function seedList(seeds: number | number[]): number[] {
  return Array.isArray(seeds) ? seeds : Array.from({ length: seeds }, (_, i) => i);
}

export interface GridPlan {
  params: string[];
  values: Scalar[][];
  seeds: number[];
  total: number;
}

export function planGrid(grid: Grid, seeds: number | number[]): GridPlan {
  const params = Object.keys(grid);
  const values = params.map((p) => expandValues(grid[p]!));
  const s = seedList(seeds);
  let total = s.length;
  for (const v of values) total *= v.length;
  return { params, values, seeds: s, total };
}

/** The parameters and seed of row `index`. */
export function pointOf(plan: GridPlan, index: number): { params: Record<string, Scalar>; seed: number } {
  const seed = plan.seeds[index % plan.seeds.length]!;
  let rest = Math.floor(index / plan.seeds.length);
  const params: Record<string, Scalar> = {};
  for (let k = plan.params.length - 1; k >= 0; k--) {
    const vs = plan.values[k]!;
    params[plan.params[k]!] = vs[rest % vs.length]!;
    rest = Math.floor(rest / vs.length);
  }
  // Keep the request's parameter order.
  return { params: Object.fromEntries(plan.params.map((p) => [p, params[p]!])), seed };
}

/** A copy of `config` with `value` at the dotted `path` (objects created along the way). */
export function setPath(config: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const out = structuredClone(config);
  const keys = path.split('.');
  let o: Record<string, unknown> = out;
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
  return out;
}
