/** Grid expansion: lists, ranges (num, step, log), seeds, row order (first parameter slowest, seeds innermost), paths. */
import { describe, expect, it } from 'vitest';
import { expandValues, gridSchema, planGrid, pointOf, setPath } from '../../src/experiments/grid.js';

describe('experiment grids', () => {
  it('expands lists and ranges', () => {
    expect(expandValues([1, 'a', true])).toEqual([1, 'a', true]);
    expect(expandValues(gridSchema.parse({ x: { start: 0.1, stop: 0.3, step: 0.1 } }).x!)).toEqual([0.1, 0.2, 0.3]);
    expect(expandValues(gridSchema.parse({ x: { start: 0, stop: 1, num: 5 } }).x!)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(expandValues(gridSchema.parse({ x: { start: 1, stop: 100, num: 3, log: true } }).x!)).toEqual([1, 10, 100]);
    expect(gridSchema.safeParse({ x: { start: 0, stop: 1 } }).success).toBe(false);
    expect(gridSchema.safeParse({ x: { start: 0, stop: 1, num: 2, step: 1 } }).success).toBe(false);
    expect(gridSchema.safeParse({ x: { start: 0, stop: 1, num: 2, log: true } }).success).toBe(false);
    expect(gridSchema.safeParse({ 'a..b': [1] }).success).toBe(false);
  });

  it('orders rows: first parameter slowest, seeds innermost', () => {
    const plan = planGrid({ a: [1, 2], b: ['x', 'y', 'z'] }, [7, 8]);
    expect(plan.total).toBe(12);
    expect(pointOf(plan, 0)).toEqual({ params: { a: 1, b: 'x' }, seed: 7 });
    expect(pointOf(plan, 1)).toEqual({ params: { a: 1, b: 'x' }, seed: 8 });
    expect(pointOf(plan, 2)).toEqual({ params: { a: 1, b: 'y' }, seed: 7 });
    expect(pointOf(plan, 11)).toEqual({ params: { a: 2, b: 'z' }, seed: 8 });
    expect(planGrid({}, 3).total).toBe(3);
    expect(planGrid({}, 3).seeds).toEqual([0, 1, 2]);
  });

  it('sets dotted paths without touching the original', () => {
    const base = { recurrent: { gain: 1, sparsity: 0.1 }, size: 10 };
    const out = setPath(base, 'recurrent.gain', 2);
    expect(out).toEqual({ recurrent: { gain: 2, sparsity: 0.1 }, size: 10 });
    expect(base.recurrent.gain).toBe(1);
    expect(setPath({}, 'patterns.load', 0.1)).toEqual({ patterns: { load: 0.1 } });
  });
});
