/**
 * `esn`: the echo state network (Jaeger 2001; Jaeger & Haas 2004). A fixed random reservoir with fading memory
 * expands the input; only the linear readout is learned (ridge regression, `train`). After a generative training
 * (Mackey-Glass, sines, a user series) the network runs free, its output fed back.
 */
import { defineModel } from '../contract.js';
import { esnConfigSchema, esnLiveSchema, leakGain, type EsnConfig, type EsnLive } from './config.js';
import { esnMetrics } from './metrics.js';
import { esnPresets } from './presets.js';
import { createReservoir, readOutput, updateReservoir, type EsnState } from './reservoir.js';
import { esnTrainSchema, trainEsn } from './train.js';
import { esnTrainingCost, validateEsnTraining } from './train-checks.js';
import { esnBuildCost } from './build-cost.js';
import { esnRunSchema, teacherForcingIssues, teacherValue, type EsnRunOptions } from './teacher-forcing.js';

export const esn = defineModel<EsnConfig, EsnState, EsnLive>({
  meta: {
    kind: 'esn',
    title: 'Echo state network',
    summary:
      'A large fixed random recurrent "reservoir" of tanh units, scaled to a spectral radius below about 1 so that it has ' +
      'fading memory (the echo state property: the state depends on the input history, not on the initial state). ' +
      'Only the linear readout is trained, by ridge regression on the collected states. Trained on Mackey-Glass with ' +
      'its output fed back, it then generates the chaotic series on its own; look at how many steps ahead it stays ' +
      'on the true trajectory, and at how the memory capacity and the echo state property change with the radius.',
    equations: [
      'x(n+1) = (1 − C·a)·x(n) + C·f(W·x(n) + W_in·[b; u(n+1)] + W_fb·y(n) [+ ν(n)]) [+ C·ν(n)]   (C: time constant or leak rate, a: decay)',
      'y(n+1) = W_out·[x(n+1); u(n+1); 1]   (teacher forcing: y(n+1) ← d(n+1) before it is fed back)',
      'W_out = Yᵀ X (XᵀX + λI)⁻¹  (ridge regression on states after the washout)',
      'W ← W · ρ / ρ(W)',
    ],
    references: [
      'Jaeger H. (2001) The "echo state" approach to analysing and training recurrent neural networks. GMD Report 148',
      'Jaeger H. (2001b) Short term memory in echo state networks. GMD Report 152',
      'Jaeger H. & Haas H. (2004) Harnessing nonlinearity: predicting chaotic systems and saving energy in wireless communication. Science 304:78–80',
      'Lukoševičius M. (2012) A practical guide to applying echo state networks. Neural Networks: Tricks of the Trade',
    ],
    timeUnit: 'step',
    fields: {
      state: 'Reservoir activations x (N)',
      output: 'Readout output y (L)',
      target: 'The known continuation of the trained task at this step (NaN when unknown)',
      sinceTrain: 'Steps since the end of training',
      freeRunning:
        'Steps since the output was last teacher-forced (by training or by a run\'s options.teacherForcing): the free-running horizon; NRMSE84 is taken where it is 84',
    },
    activityField: 'state',
  },
  configSchema: esnConfigSchema,
  liveSchema: esnLiveSchema,
  initialLive: (c) => ({ mode: 'auto', stateNoise: c.stateNoise, leakRate: leakGain(c) }),
  presets: esnPresets,
  dt: () => 1,
  inputSize: (c) => c.inputs,
  size: (c) => c.size,
  cost: esnBuildCost,
  create: (c, ctx) => createReservoir(c, ctx.rng, ctx.alloc),
  runSchema: esnRunSchema,
  checkRun: (_c, s, options) => {
    const tf = (options as EsnRunOptions | undefined)?.teacherForcing;
    return tf ? teacherForcingIssues(tf, s) : [];
  },
  step(s, c, ctx) {
    const live = ctx.live;
    const generative = live.mode === 'generative' || (live.mode === 'auto' && s.generative);
    const tf = (ctx.run as EsnRunOptions | undefined)?.teacherForcing;
    const forced = tf !== undefined && ctx.runStep < tf.steps;
    if (forced && ctx.runStep === 0) {
      const issues = teacherForcingIssues(tf, s);
      if (issues.length) throw new RangeError(`options.${issues[0]!.path.join('.')}: ${issues[0]!.message}`);
      // The warm-up starts from the true previous value when the trained continuation knows it.
      if (!tf.values && s.sinceTrain > 0) s.y[0] = s.target[s.sinceTrain - 1]!;
    }
    // Free running without feedback weights: the last output is the next input (ReservoirPy's generative mode).
    const u = ctx.input;
    if (generative && (s.outputAsInput || c.feedbackScaling === 0)) for (let j = 0; j < Math.min(u.length, s.outputs); j++) u[j] = s.y[j]!;
    updateReservoir(s, c, u, s.y, live.leakRate, live.stateNoise, ctx.rng);
    readOutput(s, c);
    if (forced) {
      // Teacher forcing (Jaeger 2001 §6): the output unit takes the desired d(n), which the next step feeds back.
      teacherValue(tf, s, ctx.runStep, s.y);
      s.freeSteps = 0;
    } else s.freeSteps = (s.freeSteps ?? s.sinceTrain) + 1;
    s.sinceTrain++;
  },
  observe(s) {
    const i = s.sinceTrain - 1;
    return {
      state: s.x,
      output: s.y,
      target: s.outputs === 1 ? (i >= 0 && i < s.target.length ? s.target[i]! : NaN) : NaN,
      sinceTrain: s.sinceTrain,
      freeRunning: s.freeSteps ?? s.sinceTrain,
    };
  },
  train: { schema: esnTrainSchema, validate: validateEsnTraining, cost: esnTrainingCost, run: (s, c, req, ctx, live) => trainEsn(s, c, req, ctx, live) },
  metrics: (rec, c, s) => esnMetrics(rec, c, s),
  defaultRecord: ['output', 'target'],
  metricFields: ['output', 'target', 'sinceTrain', 'freeRunning'],
});
