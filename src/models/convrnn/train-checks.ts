/**
 * What a ConvRNN training request must satisfy on a given network (checked before it is queued), and what it costs.
 * Uploaded images must have imageSize² pixels and labels must name one of the classes.
 */
import type { TrainCost, TrainIssue } from '../contract.js';
import { geometry, parameterCount } from './network.js';
import { requestIssue, rowLengthIssues, MAX_ROW_ISSUES } from '../train-issues.js';
import type { ConvRnnConfig } from './config.js';
import type { ConvRnnTrainRequest } from './train.js';

export function validateConvRnnTraining(c: ConvRnnConfig, r: ConvRnnTrainRequest): TrainIssue[] {
  if (!r.data) return [];
  const side = c.imageSize;
  const issues = rowLengthIssues(r.data.images, side * side, ['data', 'images'], `the number of pixels (imageSize² = ${side}×${side})`);
  let bad = 0;
  r.data.labels.forEach((l, i) => {
    if (l >= c.classes && bad++ < MAX_ROW_ISSUES) issues.push(requestIssue(['data', 'labels', i], `class ${l} does not exist: the network has ${c.classes} classes (0…${c.classes - 1})`));
  });
  return issues;
}

/**
 * Float32 tensors the unrolled forward pass keeps per image, step and cell channel (besides the drive), counted from
 * cells.ts: none f(a); vanilla U∗h, add, f; timeDecay σ(τ)⊙c, add, f; lstm U∗h, add (4C each), split, 3 σ, 2 tanh,
 * 3 products, a sum; gated four gates of (conv, add, σ, 1 − σ), four products, two sums, f.
 */
const CELL_TENSORS: Record<ConvRnnConfig['layers'][number]['cell'], number> = { none: 1, vanilla: 3, timeDecay: 3, lstm: 21, gated: 23 };

/**
 * tfjs keeps every intermediate tensor of the unrolled network until the gradient is taken (a `tf.tidy` around
 * the whole batch): the tape grows with batch × timeSteps × Σ_layers (tensors per cell channel × cellSide² ×
 * channels). The backward pass adds the gradient of one step at a time and, per convolution, the input patches of
 * the weight gradient (k²·C_in × batch·side² floats, src/models/convrnn/tf-backend.ts). The measured peak of the
 * tfjs heap (tf.profile's peakBytes) is 2.0–2.3 × the forward tape counted here, for every cell type and batch
 * size (measured with scripts/train-peak.ts; the gradients of the tape's tensors are held with it): TAPE_FACTOR.
 */
const TAPE_FACTOR = 2.3;

/** tfjs' WebAssembly heap is 32-bit (4 GiB) and grows by doubling; past ~2 GiB of live tensors a growth can fail. */
export const TFJS_HEAP_LIMIT = 2 * 1024 ** 3;

/** Forward-tape floats per image and step, the largest im2col patch matrix per image, and forward flops per image and step. */
export function convRnnStepCost(c: ConvRnnConfig): { tape: number; patches: number; flops: number } {
  let tape = 0;
  let patches = c.imageSize * c.imageSize;
  let flops = 0;
  geometry(c).forEach((g, i) => {
    const l = c.layers[i]!;
    const cells = g.cellSide * g.cellSide;
    const dc = l.cell === 'lstm' ? 4 * l.channels : l.channels;
    tape += 2 * dc * cells + CELL_TENSORS[l.cell] * l.channels * cells + g.outSide * g.outSide * l.channels;
    patches = Math.max(patches, l.kernel * l.kernel * g.inChannels * cells);
    flops += 2 * cells * dc * l.kernel * l.kernel * g.inChannels + 30 * l.channels * cells;
    const recurrent = l.cell === 'gated' ? 4 * l.channels : l.cell === 'lstm' ? 4 * l.channels : l.cell === 'vanilla' ? l.channels : 0;
    if (recurrent > 0) {
      patches = Math.max(patches, l.recurrentKernel * l.recurrentKernel * l.channels * cells);
      flops += 2 * cells * recurrent * l.recurrentKernel * l.recurrentKernel * l.channels;
    }
  });
  return { tape, patches, flops };
}

export function convRnnTrainingCost(c: ConvRnnConfig, r: ConvRnnTrainRequest): TrainCost {
  const pixels = c.imageSize * c.imageSize;
  const images = r.data ? r.data.images.length : r.trainSize + r.testSize;
  const nTest = r.data ? Math.min(images - 1, Math.round(images * r.data.testFraction)) : r.testSize;
  const nTrain = images - nTest;
  const batch = Math.min(r.batchSize, nTrain);
  const step = convRnnStepCost(c);
  const T = c.timeSteps;
  const params = parameterCount(c);
  const train = TAPE_FACTOR * batch * T * step.tape + batch * step.patches;
  const evaluate = Math.min(128, Math.max(1, nTest)) * T * step.tape;
  // weights, their gradients and Adam's two moments; the image sets (and an upload as JS numbers)
  const fixed = 4 * params * 4 + 4 * images * pixels + (r.data ? 8 * images * pixels : 0);
  return {
    peakBytes: 4 * Math.max(train, evaluate) + fixed,
    flops: r.epochs * T * step.flops * (3 * nTrain + nTest),
    drivers: [
      { in: 'request', path: ['batchSize'] },
      { in: 'config', path: ['timeSteps'] },
      { in: 'config', path: ['imageSize'] },
      ...c.layers.map((_, i) => ({ in: 'config' as const, path: ['layers', i, 'channels'] })),
      { in: 'request', path: ['epochs'] },
      { in: 'request', path: r.data ? ['data'] : ['trainSize'] },
    ],
    limitBytes: TFJS_HEAP_LIMIT,
  };
}
