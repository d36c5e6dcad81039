/**
 * What a TDNN training request must satisfy on a given network (checked before it is queued), and what it costs:
 * uploaded sequences need one value per input channel and per output in every row, as many targets as inputs, and
 * more steps than the washout; the forward-reversed task has one output.
 */
import type { z } from 'zod';
import type { TrainCost, TrainIssue } from '../contract.js';
import { forwardReversedBins, gemmScratchBytes, uploadBytes } from '../training-sizes.js';
import { configIssue, requestIssue, rowLengthIssues } from '../train-issues.js';
import { soundIssues } from '../../stimuli/forward-reversed.js';
import type { TdnnConfig } from './config.js';
import type { tdnnTrainSchema } from './tdnn.js';

type Request = z.infer<typeof tdnnTrainSchema>;

export function validateTdnnTraining(c: TdnnConfig, r: Request): TrainIssue[] {
  if (r.task === 'forwardReversed') {
    const issues = soundIssues(r.sounds, c.channels).map((i) => requestIssue(i.path, i.message));
    if (c.outputs !== 1) issues.push(configIssue(['outputs'], `the forward-reversed task has one output (its decision): config.outputs must be 1, not ${c.outputs}`));
    return issues;
  }
  const steps = r.inputs.length;
  const issues = [...rowLengthIssues(r.inputs, c.channels, ['inputs'], 'config.channels'), ...rowLengthIssues(r.targets, c.outputs, ['targets'], 'config.outputs')];
  if (r.targets.length !== steps) issues.push(requestIssue(['targets'], `has ${r.targets.length} steps; inputs has ${steps}`));
  if (steps - r.washout < 2) issues.push(requestIssue(['washout'], `the washout (${r.washout}) leaves ${Math.max(0, steps - r.washout)} of ${steps} steps; at least 2 are needed`));
  return issues;
}

/**
 * Peak bytes. forwardReversed: every trial's spectrogram (trials × bins × channels; the trials are drawn up front),
 * the pooled features of the training trials and their copy with a bias column for the ridge fit, the fit's XᵀX;
 * or, for the gradient fit, every window, pre-activation and activation of one trial (bins × (D + 2H)) and Adam's
 * moments (3 × the weights). sequence: the upload (cloned into the worker), the per-step features (steps × F) and
 * their copy with a bias column, XᵀX. Flops: the hidden layer over every window (2HD per window: the pooling GEMM
 * of every trial), the ridge fit, or epochs × training trials × bins × 4HD for backpropagation.
 */
export function tdnnTrainingCost(c: TdnnConfig, r: Request): TrainCost {
  const D = c.window * c.channels;
  const H = c.hidden;
  const f = H > 0 ? H : D;
  const hiddenFlops = H > 0 ? 2 * H * D + 20 * H : D;
  const ridge = (rows: number) => ({
    bytes: 8 * (2 * rows * (f + 1) + (f + 1) * (f + 1)) + gemmScratchBytes(rows, f + 1, f + 1),
    flops: 2 * rows * (f + 1) * (f + 1) + (f + 1) ** 3 / 3,
    kernel: 2 * rows * (f + 1) * (f + 1),
  });
  if (r.task === 'sequence') {
    const steps = r.inputs.length;
    const fit = ridge(steps - r.washout);
    return {
      peakBytes: uploadBytes(steps, c.channels) + uploadBytes(steps, c.outputs) + 8 * steps * (f + c.outputs) + fit.bytes,
      flops: steps * hiddenFlops + fit.flops,
      kernelFlops: fit.kernel,
      drivers: [{ in: 'request', path: ['inputs'] }, { in: 'config', path: ['hidden'] }, { in: 'config', path: ['window'] }, { in: 'config', path: ['channels'] }],
    };
  }
  const bins = forwardReversedBins(c.binMs, r).total;
  const trials = r.trainTrials + r.testTrials;
  const setBytes = 8 * trials * bins * c.channels;
  const pooled = trials * bins * hiddenFlops;
  // with a hidden layer, the pre-activations of a trial's windows are one GEMM (pooling.ts)
  const pooledKernel = H > 0 ? trials * bins * 2 * H * D : 0;
  const drivers: TrainCost['drivers'] = [
    { in: 'request', path: ['trainTrials'] },
    { in: 'request', path: ['testTrials'] },
    { in: 'config', path: ['hidden'] },
    { in: 'config', path: ['window'] },
    { in: 'config', path: ['channels'] },
  ];
  if (r.method === 'ridge') {
    const fit = ridge(r.trainTrials);
    return { peakBytes: setBytes + 8 * trials * f + fit.bytes + 8 * bins * (H + 4 * D), flops: pooled + fit.flops, kernelFlops: pooledKernel + fit.kernel, drivers };
  }
  const weights = H * D + H + f + 1;
  return {
    peakBytes: setBytes + 8 * bins * (D + 2 * H) + 8 * 4 * weights,
    flops: pooled + r.epochs * r.trainTrials * bins * (2 * hiddenFlops + 2 * H * D),
    kernelFlops: pooledKernel,
    drivers: [{ in: 'request', path: ['epochs'] }, ...drivers],
  };
}
