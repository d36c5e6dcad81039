/** The training driver: slices of a generator training, the wrap of a synchronous one, errors passed through. */
import { describe, expect, it } from 'vitest';
import { driveTraining, isTrainIterator, runToEnd, trainIterator } from '../../src/engine/training.js';
import type { TrainResult, TrainRun } from '../../src/models/contract.js';

/** A training of `n` work items that yields after each and records the order it did them in. */
function* counting(n: number, log: number[]): Generator<void, TrainResult, undefined> {
  for (let i = 0; i < n; i++) {
    log.push(i);
    yield;
  }
  return { metrics: { items: n } };
}

describe('driveTraining', () => {
  it('advances exactly one yield per slice with a zero budget, and finishes with the result', () => {
    const log: number[] = [];
    const it = counting(3, log);
    expect(driveTraining(it, 0)).toEqual({ done: false, yields: 1 });
    expect(log).toEqual([0]);
    expect(driveTraining(it, 0)).toEqual({ done: false, yields: 1 });
    expect(driveTraining(it, 0)).toEqual({ done: false, yields: 1 });
    expect(driveTraining(it, 0)).toEqual({ done: true, yields: 0, result: { metrics: { items: 3 } } });
    expect(log).toEqual([0, 1, 2]);
  });

  it('stops a slice after maxYields, or when the clock passes the budget', () => {
    const it = counting(10, []);
    expect(driveTraining(it, Infinity, 4)).toEqual({ done: false, yields: 4 });
    let t = 0;
    // A fake clock that advances 3 ms per reading: the slice ends at the first yield at or past 5 ms.
    expect(driveTraining(it, 5, Infinity, () => (t += 3))).toEqual({ done: false, yields: 2 });
    expect(driveTraining(it, Infinity)).toMatchObject({ done: true, yields: 4 });
  });

  it('wraps a synchronous result as an iterator that finishes at once', () => {
    const sync: TrainRun = { metrics: { a: 1 } };
    expect(isTrainIterator(sync)).toBe(false);
    expect(isTrainIterator(counting(1, []))).toBe(true);
    expect(driveTraining(trainIterator(sync), 0)).toEqual({ done: true, result: sync, yields: 0 });
    expect(runToEnd(sync)).toBe(sync);
    expect(runToEnd(counting(5, []))).toEqual({ metrics: { items: 5 } });
  });

  it('passes an error thrown inside the training to the caller', () => {
    function* failing(): Generator<void, TrainResult, undefined> {
      yield;
      throw new RangeError('ill-conditioned');
    }
    const it = failing();
    expect(driveTraining(it, 0)).toEqual({ done: false, yields: 1 });
    expect(() => driveTraining(it, 0)).toThrow(/ill-conditioned/);
  });
});
