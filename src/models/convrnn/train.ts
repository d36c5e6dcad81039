/**
 * Training by backpropagation through time: the network is unrolled for T steps on a batch, the cross-entropy of
 * the readout is differentiated by tf's autodiff through all steps, gradients are clipped by their global norm and
 * applied with Adam or SGD with momentum (Nayebi et al. 2018 trained with momentum SGD / Adam by BPTT in the same
 * way). The weights live in the session state as Float32Arrays: they are loaded into tf variables for the training
 * and written back in place at the end (optimiser moments do not persist between train requests).
 */
import { z } from 'zod';
import type { TrainContext, TrainResult, TrainYield } from '../contract.js';
import type { ConvRnnConfig } from './config.js';
import { generateSet, uploadedSets, type ImageSet } from './dataset.js';
import { paramSpecs, parameterCount, unroll, type TensorParams } from './network.js';
import { tf, tfBackend } from './tf-backend.js';
import type { ConvRnnState } from './state.js';

export const convrnnTrainSchema = z
  .object({
    epochs: z.number().int().min(1).max(1000).default(10).describe('Passes over the training set'),
    batchSize: z.number().int().min(1).max(256).default(32).describe('Images per gradient step'),
    trainSize: z.number().int().min(2).max(20_000).default(512).describe('Generated training images (ignored with uploaded data)'),
    testSize: z.number().int().min(1).max(10_000).default(256).describe('Generated test images (ignored with uploaded data)'),
    optimizer: z.enum(['adam', 'momentum']).default('adam').describe('Adam, or SGD with momentum'),
    learningRate: z.number().positive().max(10).default(0.003).describe('Step size of the optimiser'),
    momentum: z.number().min(0).max(0.999).default(0.9).describe('Momentum of SGD (optimizer = momentum)'),
    clipNorm: z.number().positive().max(1e6).default(5).describe('Gradients are rescaled to at most this global L2 norm'),
    imageOffStep: z
      .number()
      .int()
      .min(1)
      .max(64)
      .optional()
      .describe('Steps the image is shown during training; default: all T steps (as the paper trained)'),
    data: z
      .object({
        images: z.array(z.array(z.number().min(-1e3).max(1e3))).min(2).max(5000).describe('Images, each imageSize² pixels, row-major'),
        labels: z.array(z.number().int().min(0)).describe('Class of each image, 0…classes−1'),
        testFraction: z.number().min(0).max(0.9).default(0.2).describe('Share held out to measure test accuracy'),
      })
      .optional()
      .describe('An uploaded labelled image set, used instead of the generated task'),
  })
  .superRefine((r, ctx) => {
    if (r.data && r.data.labels.length !== r.data.images.length) {
      ctx.addIssue({ code: 'custom', path: ['data', 'labels'], message: `needs one label per image (${r.data.images.length})` });
    }
  });
export type ConvRnnTrainRequest = z.infer<typeof convrnnTrainSchema>;

/** Accuracy and mean loss of the network on a set, in batches (no gradients). */
export function evaluate(config: ConvRnnConfig, p: TensorParams, set: ImageSet, imageOffStep: number, batch = 128): { accuracy: number; loss: number } {
  const n = set.labels.length;
  let correct = 0;
  let loss = 0;
  const s = set.side;
  for (let i = 0; i < n; i += batch) {
    const m = Math.min(batch, n - i);
    tf.tidy(() => {
      const x = tf.tensor4d(set.images.subarray(i * s * s, (i + m) * s * s), [m, s, s, 1]);
      const y = tf.tensor1d(set.labels.subarray(i, i + m), 'int32');
      const logits = unroll(config, p, x, imageOffStep);
      const pred = logits.argMax(1).dataSync();
      for (let k = 0; k < m; k++) if (pred[k] === set.labels[i + k]) correct++;
      loss += tf.losses.softmaxCrossEntropy(tf.oneHot(y, config.classes), logits).dataSync()[0]! * m;
    });
  }
  return { accuracy: correct / n, loss: loss / n };
}

/**
 * A generator: it yields after every batch (outside tf.tidy; the variables and the optimizer live across yields
 * and are disposed when it ends or is abandoned), so that a worker can slice a long training.
 */
export function* trainConvRnn(state: ConvRnnState, config: ConvRnnConfig, request: ConvRnnTrainRequest, ctx: TrainContext): Generator<TrainYield, TrainResult, undefined> {
  const rng = ctx.rng.fork();
  let sets: { train: ImageSet; test: ImageSet };
  if (request.data) {
    const side = config.imageSize;
    request.data.images.forEach((im, i) => {
      if (im.length !== side * side) throw new RangeError(`data.images[${i}] has ${im.length} pixels, the network takes ${side}×${side} = ${side * side}`);
    });
    request.data.labels.forEach((l, i) => {
      if (l >= config.classes) throw new RangeError(`data.labels[${i}] = ${l}, the network has ${config.classes} classes`);
    });
    sets = uploadedSets(request.data.images, request.data.labels, side, request.data.testFraction, rng);
  } else {
    sets = { train: generateSet(config, request.trainSize, rng.fork()), test: generateSet(config, request.testSize, rng.fork()) };
  }
  const offStep = Math.min(request.imageOffStep ?? config.timeSteps, config.timeSteps);
  const specs = paramSpecs(config);
  const vars: Record<string, tf.Variable> = {};
  for (const s of specs) {
    const init = tf.tensor(state.params[s.name]!, s.shape, 'float32');
    vars[s.name] = tf.variable(init, true, undefined, 'float32');
    init.dispose();
  }
  const varList = specs.map((s) => vars[s.name]!);
  const optimizer = request.optimizer === 'adam' ? tf.train.adam(request.learningRate) : tf.train.momentum(request.learningRate, request.momentum);
  const side = config.imageSize;
  const nTrain = sets.train.labels.length;
  const batch = Math.min(request.batchSize, nTrain);
  const batchesPerEpoch = Math.ceil(nTrain / batch);
  const curves = { loss: [] as number[], trainAccuracy: [] as number[], testAccuracy: [] as number[] };
  let cancelled = false;
  const xb = new Float32Array(batch * side * side);
  const yb = new Int32Array(batch);
  try {
    for (let epoch = 0; epoch < request.epochs && !cancelled; epoch++) {
      const order = rng.permutation(nTrain);
      let lossSum = 0;
      let seen = 0;
      let correct = 0;
      for (let b = 0; b < batchesPerEpoch; b++) {
        if (ctx.cancelled()) {
          cancelled = true;
          break;
        }
        const m = Math.min(batch, nTrain - b * batch);
        for (let k = 0; k < m; k++) {
          const j = order[b * batch + k]!;
          xb.set(sets.train.images.subarray(j * side * side, (j + 1) * side * side), k * side * side);
          yb[k] = sets.train.labels[j]!;
        }
        const lossValue = tf.tidy(() => {
          const x = tf.tensor4d(xb.subarray(0, m * side * side), [m, side, side, 1]);
          const y = tf.tensor1d(yb.subarray(0, m), 'int32');
          const { value, grads } = tf.variableGrads(() => {
            const logits = unroll(config, vars, x, offStep);
            const pred = logits.argMax(1).dataSync();
            for (let k = 0; k < m; k++) if (pred[k] === yb[k]) correct++;
            return tf.losses.softmaxCrossEntropy(tf.oneHot(y, config.classes), logits) as tf.Scalar;
          }, varList);
          const names = Object.keys(grads);
          const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!))))).dataSync()[0]!;
          const scale = norm > request.clipNorm ? request.clipNorm / norm : 1;
          const scaled: Record<string, tf.Tensor> = {};
          for (const n of names) scaled[n] = scale === 1 ? grads[n]! : tf.mul(grads[n]!, scale);
          optimizer.applyGradients(scaled as unknown as tf.NamedTensorMap & Record<string, tf.Variable>);
          return value.dataSync()[0]!;
        });
        lossSum += lossValue * m;
        seen += m;
        ctx.progress((epoch + (b + 1) / batchesPerEpoch) / request.epochs, { epoch, loss: lossSum / seen });
        yield;
      }
      if (cancelled || seen === 0) break;
      // Training accuracy as Keras reports it: on each batch just before its update (no extra pass over the set).
      const trainEval = { accuracy: correct / seen };
      const testEval = sets.test.labels.length ? evaluate(config, vars, sets.test, offStep) : { accuracy: NaN, loss: NaN };
      curves.loss.push(lossSum / seen);
      curves.trainAccuracy.push(trainEval.accuracy);
      curves.testAccuracy.push(testEval.accuracy);
      ctx.progress((epoch + 1) / request.epochs, {
        epoch: epoch + 1,
        loss: lossSum / seen,
        trainAccuracy: trainEval.accuracy,
        testAccuracy: testEval.accuracy,
      });
    }
    // Write the trained weights back into the shared state arrays (in place: the session keeps its buffers).
    for (const s of specs) state.params[s.name]!.set(vars[s.name]!.dataSync() as Float32Array);
  } finally {
    for (const v of varList) v.dispose();
    optimizer.dispose();
  }
  const last = (xs: number[]) => (xs.length ? xs[xs.length - 1]! : null);
  return {
    metrics: {
      epochs: curves.loss.length,
      cancelled,
      loss: last(curves.loss),
      trainAccuracy: last(curves.trainAccuracy),
      testAccuracy: last(curves.testAccuracy),
      parameterCount: parameterCount(config),
      trainImages: nTrain,
      testImages: sets.test.labels.length,
      imageOffStep: offStep,
      backend: tfBackend,
    },
    curves,
  };
}
