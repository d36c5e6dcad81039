/**
 * How fast trainings run, for the time estimate of a training before it is queued. Two rates, measured on the
 * reference machine (2 cores, AVX2, Node 20) from CPU time with `node --expose-gc dist/scripts/train-rates.js`:
 * - KERNEL_FLOPS_PER_SECOND: the dense linear-algebra kernels (GEMM, Gram, Cholesky, QR), the fastest seen;
 * - LOOP_FLOPS_PER_SECOND[kind]: the rest of a kind's arithmetic (JavaScript loops, sparse products, tfjs), the
 *   fastest seen over that kind's cases once the kernels' share is taken out.
 * With the fastest rates an estimate is a lower bound on the time: MAX_TRAIN_SECONDS refuses only trainings that
 * could not finish within it even at the best rate seen, and MAX_RUN_MS still stops any that run long.
 */
import type { TrainCost } from './contract.js';

export const KERNEL_FLOPS_PER_SECOND = 30e9;

export const LOOP_FLOPS_PER_SECOND: Readonly<Record<string, number>> = {
  hopfield: 7.3e9,
  boltzmann: 2e9,
  esn: 7.9e9,
  lsm: 4.4e9,
  force: 4.8e9,
  convrnn: 4.2e9,
  strf: 1.5e9,
  tdnn: 1e10,
};

/** Loop rate of a kind not in the table. */
const DEFAULT_LOOP_RATE = 2e9;

export function trainSeconds(kind: string, cost: Pick<TrainCost, 'flops' | 'kernelFlops'>): number {
  const kernel = Math.min(cost.kernelFlops ?? 0, cost.flops);
  return kernel / KERNEL_FLOPS_PER_SECOND + (cost.flops - kernel) / (LOOP_FLOPS_PER_SECOND[kind] ?? DEFAULT_LOOP_RATE);
}
