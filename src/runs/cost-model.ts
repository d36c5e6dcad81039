/**
 * How long a build or a training is expected to take on a pool thread, for the scheduler (a long slice that cannot
 * be cut is "big": it may not take every thread). From the kind's own estimate (`cost(config).buildFlops`,
 * `train.cost(...).flops`) at a nominal rate, or a size-based guess when the kind has none, corrected per kind by
 * what the last builds and trainings of that kind actually took (the ratio of measured to estimated time, averaged
 * in log space so one outlier does not swing it).
 */
import type { ModelDefinition } from '../models/contract.js';

/** Nominal arithmetic rate of one pool thread (flops per ms): ~1 GFLOP/s, the order of this machine's kernels. */
const FLOPS_PER_MS = 1e6;
/** A training with no estimate is assumed to take this long (ms): big, so it never takes every thread. */
const UNKNOWN_TRAINING_MS = 1000;

export class CostModel {
  private readonly logRatio = new Map<string, number>();

  buildMs(model: ModelDefinition, config: unknown): number {
    let flops: number;
    try {
      flops = model.cost?.(config).buildFlops ?? NaN;
    } catch {
      flops = NaN;
    }
    // a dense N×N matrix of seeded draws, ~10 flops a weight, when the kind does not say
    if (!Number.isFinite(flops)) flops = 10 * model.size(config) ** 2;
    return this.corrected(`build:${model.meta.kind}`, flops / FLOPS_PER_MS);
  }

  trainMs(model: ModelDefinition, config: unknown, request: unknown, state?: unknown): number {
    let flops = NaN;
    try {
      flops = model.train?.cost?.(config, request, state).flops ?? NaN;
    } catch {
      flops = NaN;
    }
    if (!Number.isFinite(flops)) return Math.max(UNKNOWN_TRAINING_MS, this.corrected(`train:${model.meta.kind}`, UNKNOWN_TRAINING_MS));
    return this.corrected(`train:${model.meta.kind}`, flops / FLOPS_PER_MS);
  }

  /** A build or training took `actualMs` where `estimatedMs` (uncorrected) was expected. */
  learn(key: string, estimatedMs: number, actualMs: number): void {
    if (!(estimatedMs > 0) || !(actualMs > 0)) return;
    const r = Math.log(actualMs / estimatedMs);
    const prev = this.logRatio.get(key);
    this.logRatio.set(key, prev === undefined ? r : 0.7 * prev + 0.3 * r);
  }

  private corrected(key: string, ms: number): number {
    return Math.max(0.01, ms * Math.exp(this.logRatio.get(key) ?? 0));
  }

  /** The uncorrected estimate behind `buildMs` (what `learn` compares with). */
  rawBuildMs(model: ModelDefinition, config: unknown): number {
    return this.buildMs(model, config) / Math.exp(this.logRatio.get(`build:${model.meta.kind}`) ?? 0);
  }
}
