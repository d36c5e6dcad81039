/**
 * ConvRNN (Nayebi et al. 2018) on tfjs-wasm: the default network (two 3×3 conv layers of 8 channels with reciprocal
 * gated cells and 2×2 max pooling, 16×16 images) unrolled T = 16 steps on a batch of 32 — forward only (numpy on
 * one thread runs the same algorithm, bench/python/convrnn.py), and one BPTT training step (forward, autodiff
 * backward through the 16 steps, Adam update; no reference here). Also engine steps per second of a session (one
 * step of the image network and its blank twin, as a run does).
 */
import type { BenchContext } from '../harness.js';
import { convrnn } from '../../src/models/convrnn/convrnn.js';
import { lossOf, toTensors, unroll, type TensorParams } from '../../src/models/convrnn/network.js';
import { tf, tfBackend } from '../../src/models/convrnn/tf-backend.js';
import type { ConvRnnState } from '../../src/models/convrnn/state.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import { plainAlloc } from '../../src/engine/alloc.js';
import { Rng } from '../../src/engine/random/rng.js';

export default async function bench(ctx: BenchContext): Promise<void> {
  const batch = 32;
  const T = 16;
  const repeats = ctx.quick ? 2 : 5;
  const py = ctx.python('convrnn.py', { batch, side: 16, steps: T, channels: 8, repeats }) as { unrollMs: number } | null;
  const config = convrnn.configSchema.parse({ timeSteps: T });
  const state = convrnn.create(config, { rng: Rng.fromSeed(1), alloc: plainAlloc }) as ConvRnnState;
  const rng = Rng.fromSeed(2);
  const images = tf.tensor4d(Float32Array.from({ length: batch * 256 }, () => rng.uniform()), [batch, 16, 16, 1]);
  const labels = tf.tensor1d(Int32Array.from({ length: batch }, (_, i) => i % 2), 'int32');
  const p: TensorParams = toTensors(config, state.params);

  const fwd = ctx.time(() => tf.tidy(() => void unroll(config, p, images, T).dataSync()), repeats);
  ctx.report({
    name: `convrnn gated 2×8ch 16×16, T=16 unroll, batch ${batch}`,
    value: fwd,
    unit: 'ms',
    higherIsBetter: false,
    reference: py ? { name: 'numpy (1 thread, im2col)', value: py.unrollMs } : null,
    note: `tfjs ${tfBackend}`,
  });

  const vars = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, tf.variable(v)]));
  const optimizer = tf.train.adam(0.003);
  const bptt = ctx.time(() => {
    tf.tidy(() => {
      optimizer.minimize(() => lossOf(config, vars, images, labels, T), false, Object.values(vars));
    });
  }, repeats);
  ctx.report({ name: `convrnn same, one BPTT step (T=16, batch ${batch}, Adam)`, value: bptt, unit: 'ms', higherIsBetter: false, reference: null, note: `tfjs ${tfBackend}` });

  const rt = createRuntime(convrnn, config, 3, plainAlloc);
  const steps = ctx.quick ? 32 : 160;
  const eng = ctx.time(() => void runSimulation(convrnn, config, rt, { steps, record: ['evoked'] }, {}, plainAlloc), ctx.quick ? 2 : 3);
  ctx.report({ name: 'convrnn same, session steps (image + blank twin)', value: (steps * 1000) / eng, unit: 'steps/s', higherIsBetter: true, reference: null });

  optimizer.dispose();
  for (const v of Object.values(vars)) v.dispose();
  for (const v of Object.values(p)) v.dispose();
  images.dispose();
  labels.dispose();
}
